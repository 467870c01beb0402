// Shows one state visit's data flow, as TestState's inspectionData orders it: input →
// afterInputPath → afterParameters → result → afterResultSelector → afterResultPath →
// output, then variables, error and retry details. Each value has a copy button.
import { state, on } from './state.js';
import { showValue } from './value-view.js';
import { testStatePanel } from './test-state.js';

const FLOW = [
  ['input', 'Input'],
  ['afterInputPath', 'After InputPath'],
  ['afterArguments', 'After Arguments'],
  ['afterParameters', 'After Parameters'],
  ['result', 'Result'],
  ['afterResultSelector', 'After ResultSelector'],
  ['afterResultPath', 'After ResultPath'],
  ['output', 'Output'],
  ['variables', 'Variables'],
  ['error', 'Error'],
  ['cause', 'Cause'],
  ['retries', 'Retries'],
  ['nextState', 'Next state'],
];
const NAME_KEYS = ['stateName', 'state', 'name'];
const ENTERED_KEYS = ['enteredEventId', 'stateEnteredEventId', 'startEventId', 'firstEventId'];
const EXITED_KEYS = ['exitedEventId', 'stateExitedEventId', 'endEventId', 'lastEventId'];

const pick = (visit, keys) => {
  for (const k of keys) if (visit?.[k] !== undefined) return visit[k];
  return visit?.eventIds ? pick(visit.eventIds, keys.map((k) => k.replace(/EventId$/, '')).concat(keys)) : undefined;
};
const flowOf = (visit) => ({ ...(visit?.inspectionData ?? {}), ...visit });

/** The visit to show for the selection at the current cursor. */
export function findVisit(visits, selected, cursorEventId) {
  if (!Array.isArray(visits) || !selected) return null;
  const matching = visits.filter((v) => !selected.state || pick(v, NAME_KEYS) === selected.state);
  const contains = (v, id) => {
    const from = pick(v, ENTERED_KEYS);
    const to = pick(v, EXITED_KEYS);
    return from !== undefined && id >= from && (to === undefined || id <= to);
  };
  if (selected.eventId !== undefined) {
    const hit = matching.filter((v) => contains(v, selected.eventId)).pop();
    if (hit) return hit;
  }
  const before = matching.filter((v) => cursorEventId === undefined || (pick(v, ENTERED_KEYS) ?? 0) <= cursorEventId);
  return before.pop() ?? matching.pop() ?? null;
}

function section(title, value) {
  const wrap = document.createElement('section');
  wrap.className = 'flow-step';
  const head = document.createElement('div');
  head.className = 'flow-head';
  const h = document.createElement('h3');
  h.textContent = title;
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'copy';
  copy.textContent = 'Copy';
  copy.setAttribute('aria-label', `Copy ${title}`);
  head.append(h, copy);
  const pre = document.createElement('pre');
  wrap.append(head, pre);
  // Documents arrive as JSON text (as AWS gives them), indented when they parse; a payload
  // can print to megabytes, so value-view.js shows it a part at a time.
  const view = showValue(pre, typeof value === 'string' ? { json: value } : { value });
  copy.addEventListener('click', () => copyText(view.copyText(), copy));
  return wrap;
}

export function copyText(text, button) {
  const done = () => {
    const before = button.textContent;
    button.textContent = 'Copied';
    setTimeout(() => (button.textContent = before), 1000);
  };
  navigator.clipboard?.writeText(text).then(done, () => {});
}

function show() {
  const panel = document.getElementById('inspector');
  const { selected } = state;
  const { events, cursor } = state.run;
  // A Distributed Map child's visits count event ids in its own history (from 1, as every
  // child's): the run shown (the parent, or one child opened from the Map Run view) keeps its own.
  const shownChild = state.run.mapRunChild ?? null;
  const inspection = state.run.inspection?.filter((v) => (v.mapRunChild ?? null) === shownChild) ?? null;
  panel.replaceChildren();
  const note = (text) => {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = text;
    panel.append(p);
  };
  if (!selected) return note('Click a state in the diagram or an event row.');
  const title = document.createElement('h3');
  title.className = 'inspect-title';
  title.textContent = selected.state ? `State: ${selected.state}` : `Event ${selected.eventId}`;
  panel.append(title);
  // TestState for the selected state (test-state.js), with the visit's input when it ran.
  if (selected.state) {
    const ran = inspection && findVisit(inspection, selected, events[cursor - 1]?.id);
    panel.append(testStatePanel(selected.state, ran ? flowOf(ran) : null));
  }
  if (!inspection) return note(state.run.events.length ? 'Loading…' : 'Run the machine to inspect its states.');
  const visit = findVisit(inspection, selected, events[cursor - 1]?.id);
  if (!visit) return note('This state was not visited (yet).');
  const flow = flowOf(visit);
  const shown = new Set(['inspectionData', 'eventIds', ...NAME_KEYS]);
  for (const [key, label] of FLOW) {
    if (flow[key] === undefined) continue;
    shown.add(key);
    panel.append(section(label, flow[key]));
  }
  const rest = Object.fromEntries(Object.entries(flow).filter(([k]) => !shown.has(k)));
  if (Object.keys(rest).length) panel.append(section('Details', rest));
}

export function mountInspector() {
  on('select', (selection) => {
    state.selected = selection;
    show();
  });
  on('inspection', show);
  on('run', show);
}
