// Breakpoints: Alt+click a state in the diagram (or add one below the status bar) to stop a
// run when the state is entered, exits or fails, optionally only when a JSONata condition
// over its input ($states.input), $states.context and the variables is true. The core
// decides (asl_core::exec::breakpoints, shared with `asl run --break`); this panel edits the
// list (debug-state.js), marks the diagram's nodes and shows where the run stopped, with the
// inspector at that visit. Continue is Run; Step and Step over work as usual.
import { state, emit, on } from './state.js';
import { debug } from './debug-state.js';
import { sendToWorker } from './controls.js';

const ON = ['enter', 'exit', 'error'];
/** The breakpoints are kept with the editors' work in this browser (storage.js keeps the
 * editors; this key only the breakpoints). */
const STORAGE_KEY = 'asl-playground:breakpoints';

function store() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(debug.breakpoints));
  } catch {
    // Storage refused (private mode, full): the breakpoints last for this page only.
  }
}

/** `options.breakpoints` of a share link (docs/share-links.md), when there are any. */
export function linkBreakpoints() {
  return debug.breakpoints.length ? { breakpoints: debug.breakpoints.map(({ state, on, condition }) => (condition ? { state, on, condition } : { state, on })) } : {};
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Tells a running worker (the list applies from its next event). */
function changed() {
  store();
  sendToWorker({ type: 'breakpoints', breakpoints: debug.breakpoints });
  render();
  markNodes();
  emit('breakpoints', debug.breakpoints);
}

export function toggleBreakpoint(stateName, onWhat = 'enter') {
  const at = debug.breakpoints.findIndex((b) => b.state === stateName && b.on === onWhat);
  if (at >= 0) debug.breakpoints.splice(at, 1);
  else debug.breakpoints.push({ state: stateName, on: onWhat, condition: '' });
  changed();
}

/** Replaces the list (a restored session or a link). */
export function setBreakpoints(list) {
  debug.breakpoints = Array.isArray(list)
    ? list
        .filter((b) => b && typeof b.state === 'string' && b.state.length <= 80)
        .slice(0, 100)
        .map((b) => ({ state: b.state, on: ON.includes(b.on) ? b.on : 'enter', condition: typeof b.condition === 'string' ? b.condition.slice(0, 2000) : '' }))
    : [];
  store();
  render();
  markNodes();
}

function markNodes() {
  const names = new Set(debug.breakpoints.map((b) => b.state));
  for (const node of document.querySelectorAll('#diagram [data-state]')) {
    if (names.has(node.dataset.state)) node.dataset.breakpoint = 'true';
    else delete node.dataset.breakpoint;
  }
}

let list;
let hitLine;

function render() {
  list.replaceChildren();
  debug.breakpoints.forEach((bp, i) => {
    const row = el('li', { 'data-testid': 'breakpoint', 'data-state': bp.state, 'data-on': bp.on });
    row.append(el('span', { class: 'bp-dot', 'aria-hidden': 'true' }, '●'), el('span', { class: 'bp-name' }, bp.state));
    const onSelect = el('select', { 'aria-label': `When ${bp.state} stops the run` });
    for (const o of ON) onSelect.append(el('option', { value: o }, o));
    onSelect.value = bp.on;
    onSelect.addEventListener('change', () => {
      bp.on = onSelect.value;
      changed();
    });
    const condition = el('input', { type: 'text', placeholder: 'condition (JSONata), e.g. $states.input.id = 2', 'data-testid': 'bp-condition-edit', spellcheck: 'false', 'aria-label': `Condition of the breakpoint on ${bp.state}` });
    condition.value = bp.condition ?? '';
    condition.addEventListener('change', () => {
      bp.condition = condition.value;
      changed();
    });
    const remove = el('button', { type: 'button', title: 'Remove', 'aria-label': `Remove the breakpoint on ${bp.state}` }, '×');
    remove.addEventListener('click', () => {
      debug.breakpoints.splice(i, 1);
      changed();
    });
    row.append(onSelect, condition, remove);
    list.append(row);
  });
}

function showHit(debugState) {
  const hit = debugState?.breakHit;
  hitLine.hidden = !hit;
  if (!hit) return;
  const why = hit.conditionError ? ` (its condition failed: ${hit.conditionError})` : '';
  hitLine.textContent = `Paused at breakpoint: ${hit.state} (${hit.on}), event ${hit.eventId}${why}. Run continues, Step goes one event.`;
  hitLine.dataset.state = hit.state;
  hitLine.dataset.eventId = String(hit.eventId);
  hitLine.dataset.input = JSON.stringify(hit.input);
  emit('select', { eventId: hit.eventId, state: hit.state });
}

export function mountBreakpoints(container) {
  const box = el('section', { class: 'breakpoints', 'data-testid': 'breakpoints', 'aria-label': 'Breakpoints' });
  box.append(el('h2', {}, 'Breakpoints'), el('p', { class: 'muted' }, 'Alt+click a state to break when it is entered, or add one:'));
  const add = el('form', { class: 'bp-add' });
  const name = el('input', { type: 'text', placeholder: 'state name', 'data-testid': 'bp-state', spellcheck: 'false', 'aria-label': 'State to break at' });
  const onSelect = el('select', { 'data-testid': 'bp-on', 'aria-label': 'When to break' });
  for (const o of ON) onSelect.append(el('option', { value: o }, o));
  const condition = el('input', { type: 'text', placeholder: 'condition (optional JSONata)', 'data-testid': 'bp-condition', spellcheck: 'false', 'aria-label': 'Condition' });
  const button = el('button', { type: 'submit', 'data-testid': 'bp-add' }, 'Add');
  add.append(name, onSelect, condition, button);
  add.addEventListener('submit', (e) => {
    e.preventDefault();
    const stateName = name.value.trim();
    if (!stateName) return;
    debug.breakpoints.push({ state: stateName, on: onSelect.value, condition: condition.value.trim() });
    name.value = '';
    condition.value = '';
    changed();
  });
  list = el('ul', { class: 'bp-list' });
  hitLine = el('p', { class: 'break-hit', 'data-testid': 'break-hit', role: 'status', hidden: '' });
  box.append(add, list, hitLine);
  container.append(box);
  document.getElementById('diagram').addEventListener('click', (e) => {
    if (!e.altKey) return;
    const node = e.target.closest?.('[data-state]');
    if (node) toggleBreakpoint(node.dataset.state);
  });
  on('debug', showHit);
  on('run', () => {
    if (!state.run.debug?.breakHit) hitLine.hidden = true;
    markNodes();
  });
  on('diagram', () => requestAnimationFrame(markNodes));
  let saved = [];
  try {
    saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
  } catch {
    saved = [];
  }
  setBreakpoints(saved);
}
