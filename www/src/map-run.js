// The Map Run view: after a run with Distributed Maps, the Map Runs' totals and their child
// executions (each one an execution of its own, with its own history: docs/distributed-map.md).
// Opening a child makes its history the run the page shows, as history-replay.js does for an
// AWS history, so the timeline, the events table, the status bar and the diagram (which
// animates the item processor's states) replay it with their own code; "Back to the parent
// run" puts the parent's run back. The data comes from the run's Worker (worker.js,
// 'mapRun' and 'mapRunChild'), which still holds the finished execution.
import { state, on, emit, emptyRun, settleEvents, runnableDefinition } from './state.js';
import { askMapRun, SPEEDS } from './controls.js';
import { EventNamer, eventDetails } from './history.js';
import { formatElapsed } from './events.js';
import { showValue } from './value-view.js';

/** Children listed per request ("Show more" asks for the next ones). */
const PAGE = 200;
/** Characters of an object's content the S3 list receives (s3-objects.js). */
export const S3_MAX_CHARS = 100_000;
/** Characters of a child's input shown in its row. */
const PREVIEW_CHARS = 72;
const ICONS = { SUCCEEDED: '✓', FAILED: '✗', TIMED_OUT: '◷', ABORTED: '■', RUNNING: '▶' };

let panel = null;
/** The finished run whose Worker holds the children, the run shown for an open child. */
let parentRun = null;
let childRun = null;
/** The run a summary was last asked for (once per run). */
let askedFor = null;
let rows = [];
let total = 0;

const el = (tag, { dataset = {}, ...props } = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  for (const [k, v] of Object.entries(dataset)) node.dataset[k] = v;
  node.append(...children);
  return node;
};

/** The Map state that emitted each Map Run (by ARN) and how many items it read
 * (`MapStateStarted`'s length), from the parent's history. */
export function mapRunStates(events) {
  const namer = new EventNamer();
  const runs = new Map();
  let length = null;
  for (const event of events) {
    const name = namer.name(event);
    if (event.type === 'MapStateStarted') length = Number(eventDetails(event)?.length ?? 0);
    if (event.type === 'MapRunStarted') {
      const arn = eventDetails(event)?.mapRunArn;
      if (arn) runs.set(arn, { state: name, items: length });
    }
  }
  return runs;
}

/** The state called `name` anywhere in a parsed definition (inside Map and Parallel too). */
export function findState(definition, name, depth = 0) {
  const states = definition?.States;
  if (!states || typeof states !== 'object' || depth > 64) return null;
  if (Object.hasOwn(states, name)) return states[name];
  for (const s of Object.values(states)) {
    if (!s || typeof s !== 'object') continue;
    for (const inner of [s.ItemProcessor, s.Iterator, ...(Array.isArray(s.Branches) ? s.Branches : [])]) {
      const found = findState(inner, name, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** "tolerates 1 failed child", "tolerates 10% failed", "tolerates none", as the Map declares. */
export function toleranceText(map) {
  const parts = [];
  if (map?.ToleratedFailureCount !== undefined) parts.push(`${map.ToleratedFailureCount} failed child${Number(map.ToleratedFailureCount) === 1 ? '' : 'ren'}`);
  if (map?.ToleratedFailureCountPath !== undefined) parts.push(`ToleratedFailureCountPath ${map.ToleratedFailureCountPath}`);
  if (map?.ToleratedFailurePercentage !== undefined) parts.push(`${map.ToleratedFailurePercentage}% failed`);
  if (map?.ToleratedFailurePercentagePath !== undefined) parts.push(`ToleratedFailurePercentagePath ${map.ToleratedFailurePercentagePath}`);
  return parts.length ? `tolerates ${parts.join(' or ')}` : 'tolerates no failure';
}

/** The Map Run's label (`…:mapRun:<machine>/<label>:<id>`). */
const labelOf = (arn) => {
  const path = String(arn).split(':mapRun:')[1] ?? String(arn);
  return path.slice(0, path.lastIndexOf(':')).split('/').slice(1).join('/') || path;
};

function totalsView(summary) {
  let definition = null;
  try {
    definition = JSON.parse(runnableDefinition());
  } catch {
    // The definition was edited since the run: the totals go without the budget.
  }
  const states = mapRunStates(parentRun?.events ?? []);
  return summary.mapRuns.map((run) => {
    const origin = states.get(run.mapRunArn);
    const map = origin ? findState(definition, origin.state) : null;
    const parts = [];
    if (origin?.items != null) parts.push(`${origin.items} item${origin.items === 1 ? '' : 's'} read`);
    parts.push(`${run.children} child execution${run.children === 1 ? '' : 's'}`);
    parts.push(`${run.succeeded} succeeded`, `${run.failed + run.timedOut} failed`);
    if (run.aborted) parts.push(`${run.aborted} aborted`);
    if (run.running) parts.push(`${run.running} running`);
    if (map) parts.push(toleranceText(map));
    return el('p', { className: 'map-run-totals', title: run.mapRunArn, dataset: { testid: 'map-run-totals' } },
      el('strong', { textContent: `${origin?.state ?? labelOf(run.mapRunArn)}: ` }), parts.join(' · '));
  });
}

const compact = (value) => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
};

function rowView(child, position) {
  const input = el('details', { className: 'map-run-input' }, el('summary', { textContent: compact(child.input) }));
  input.addEventListener('toggle', () => {
    if (!input.open || input.querySelector('pre')) return;
    const pre = el('pre', { className: 'output' });
    input.append(pre);
    showValue(pre, { value: child.input });
  });
  const status = child.status + (child.error ? ` ${child.error}` : '');
  const open = el('button', { type: 'button', textContent: 'Open', title: `Show child ${child.index}'s ${child.eventCount} events on the diagram`, dataset: { testid: 'map-run-open' } });
  open.addEventListener('click', () => openChild(position));
  const tr = el('tr', { dataset: { testid: 'map-run-child', status: child.status, position: String(position) } },
    el('td', { textContent: String(child.index) }),
    el('td', { className: 'map-run-name', textContent: child.name.slice(0, 8), title: child.executionArn }),
    el('td', { className: 'map-run-status', textContent: `${ICONS[child.status] ?? ''} ${status}`, title: child.cause ?? '' }),
    el('td', {}, input),
    el('td', { textContent: child.durationMs == null ? '' : formatElapsed(child.durationMs) }),
    el('td', {}, open));
  if (childRun?.mapRunChild === position) tr.classList.add('open');
  return tr;
}

function render(summary) {
  const body = panel.querySelector('.map-run-body');
  if (!summary || !summary.total) {
    panel.hidden = true;
    body.replaceChildren();
    return;
  }
  panel.hidden = false;
  panel.querySelector('summary').textContent = `Map Run: ${total} child execution${total === 1 ? '' : 's'}`;
  const table = el('table', { className: 'map-run-children', dataset: { testid: 'map-run-children' } },
    el('thead', {}, el('tr', {}, ...['#', 'Name', 'Status', 'Input', 'Duration', ''].map((h) => el('th', { textContent: h })))),
    el('tbody', {}, ...rows.map(rowView)));
  const back = el('p', { className: 'map-run-viewing', hidden: !childRun, dataset: { testid: 'map-run-viewing' } });
  if (childRun) {
    const shown = rows[childRun.mapRunChild];
    const button = el('button', { type: 'button', textContent: '← Back to the parent run', dataset: { testid: 'map-run-back' } });
    button.addEventListener('click', closeChild);
    back.append(`Showing child ${shown?.index ?? childRun.mapRunChild} (${childRun.status}) on the diagram and in the events. `, button);
  }
  const parts = [back, ...totalsView(summary), table];
  if (rows.length < total) {
    const more = el('button', { type: 'button', textContent: `Show more (${rows.length} of ${total})` });
    more.addEventListener('click', () => askMapRun({ type: 'mapRun', start: rows.length, count: PAGE, maxChars: S3_MAX_CHARS }));
    parts.push(more);
  }
  body.replaceChildren(...parts);
}

let lastSummary = null;

function openChild(position) {
  askMapRun({ type: 'mapRunChild', position });
}

/** Shows a child's history as the page's run (the parent stays in `parentRun`). */
function showChild({ position, child, failure }) {
  if (!parentRun || (state.run !== parentRun && state.run !== childRun)) return;
  if (failure || !child) {
    panel.querySelector('.map-run-body').prepend(el('p', { className: 'error', textContent: failure?.message ?? 'No such child.' }));
    return;
  }
  if (state.run === parentRun) settleEvents(Infinity, false);
  const run = emptyRun();
  run.events = child.events;
  // At an animated speed the child plays from its start, an event per step of the slider's
  // delay, as a run does; at Instant it is shown whole.
  const delay = SPEEDS[state.speed]?.delay ?? 0;
  run.revealed = delay > 0 ? 0 : run.events.length;
  run.cursor = run.revealed;
  run.follow = true;
  run.done = true;
  run.status = child.status;
  run.output = child.output;
  run.error = child.error;
  run.cause = child.cause;
  run.mapRunChild = position;
  childRun = run;
  state.run = run;
  document.body.dataset.mapRunChild = String(position);
  emit('run');
  emit('events');
  render(lastSummary);
  if (delay > 0) play(run, delay);
}

/** Reveals `run`'s events one per `delay` ms while it is the run shown and followed. */
function play(run, delay) {
  const tick = () => {
    if (state.run !== run || !run.follow || run.revealed >= run.events.length) return;
    run.revealed += 1;
    run.cursor = run.revealed;
    emit('events');
    setTimeout(tick, delay);
  };
  setTimeout(tick, delay);
}

function closeChild() {
  if (!childRun || state.run !== childRun) return;
  childRun = null;
  delete document.body.dataset.mapRunChild;
  state.run = parentRun;
  emit('run');
  emit('events');
  render(lastSummary);
}

/** A finished run (not a child shown here): ask its Worker once for its Map Runs. */
function maybeAsk() {
  const run = state.run;
  if (run === childRun) return;
  if (run !== parentRun) {
    // Another run (Run, Reset, an opened history): this panel starts over.
    parentRun = null;
    childRun = null;
    delete document.body.dataset.mapRunChild;
    rows = [];
    total = 0;
    lastSummary = null;
    render(null);
  }
  if (!run.done || run.failure || askedFor === run) return;
  if (askMapRun({ type: 'mapRun', start: 0, count: PAGE, maxChars: S3_MAX_CHARS })) {
    askedFor = run;
    parentRun = run;
  }
}

/** Mounts the panel into `container` (a <details>, hidden until a run has children). */
export function mountMapRun(container) {
  if (!container) return;
  panel = container;
  panel.hidden = true;
  panel.append(el('div', { className: 'map-run-body' }));
  on('run', maybeAsk);
  on('status', maybeAsk);
  on('events', maybeAsk);
  on('mapRun', ({ summary, start }) => {
    if (!parentRun || !summary) return render(null);
    // The totals read the parent's history: at full speed it may still be unparsed.
    if (state.run === parentRun) settleEvents();
    total = summary.total;
    // A page after the first adds to the rows; the first replaces them.
    const from = rows.length && summary.children.length && start !== 0 ? rows.length : 0;
    rows = from ? rows.concat(summary.children) : summary.children;
    lastSummary = summary;
    render(summary);
  });
  on('mapRunChild', showChild);
}
