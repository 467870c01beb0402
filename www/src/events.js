// The event table, like the AWS console's: id, type, state, elapsed virtual time; a click
// expands the event's details below the table. The table is virtual: only the rows in view
// exist in the DOM, so a 25,000-event history costs no more than a 25-event one.
import { state, on, emit, timed } from './state.js';
import { EventNamer, timestampMs } from './history.js';

const ROW_HEIGHT = 24;
const OVERSCAN = 8;

/** State name of each event (events other than StateEntered/Exited inherit it). */
let stateOfEvent = [];
let namer = new EventNamer();
let expanded = null;
let scheduled = false;
let stick = true;

export function formatElapsed(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 3 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Names the state of every event up to `count` (incrementally). */
function nameStates(count) {
  const { events } = state.run;
  for (let i = stateOfEvent.length; i < count; i++) stateOfEvent.push(namer.name(events[i]) ?? '');
}

/** The rows in the DOM by event index: a render keeps the rows still in view (following a
 * run, most of them) and builds only the new ones. */
let rows = new Map();
/** The run whose rows are shown. */
let shownRun = null;
/** The scroller's height, from the ResizeObserver: reading it in render would force a layout
 * per frame. */
let viewHeight = 0;

function rowFor(index, start) {
  const event = state.run.events[index];
  const row = document.createElement('div');
  row.className = 'event-row';
  row.setAttribute('role', 'row');
  row.setAttribute('aria-rowindex', String(index + 2));
  row.dataset.testid = 'event-row';
  row.dataset.eventId = String(event.id);
  row.dataset.type = String(event.type);
  if (/Failed|TimedOut|Aborted/.test(event.type)) row.dataset.kind = 'failure';
  row.style.top = `${index * ROW_HEIGHT}px`;
  row.tabIndex = 0;
  const cells = [String(event.id), String(event.type), stateOfEvent[index], formatElapsed(timestampMs(event) - start)];
  for (const text of cells) {
    const cell = document.createElement('span');
    cell.setAttribute('role', 'cell');
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}

/** What changes on a row without its event changing: the cursor and the selection. */
function markRow(row, index) {
  const id = state.run.events[index].id;
  const open = String(expanded === id);
  if (row.getAttribute('aria-expanded') !== open) row.setAttribute('aria-expanded', open);
  row.classList.toggle('at-cursor', index === state.run.cursor - 1);
  row.classList.toggle('future', index >= state.run.cursor);
  row.classList.toggle('selected', expanded === id);
}

function render() {
  const started = performance.now();
  scheduled = false;
  const scroller = document.getElementById('event-rows');
  const spacer = document.getElementById('event-spacer');
  const { revealed, events } = state.run;
  if (stateOfEvent.length > revealed) reset();
  nameStates(revealed);
  spacer.style.height = `${revealed * ROW_HEIGHT}px`;
  // Following the end: where the scroll will be, computed rather than read back, so the
  // frame lays out once (when scrollTop is set, after every row is in place).
  const follow = stick && state.run.follow;
  const top = follow ? Math.max(0, revealed * ROW_HEIGHT - viewHeight) : scroller.scrollTop;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(revealed, Math.ceil((top + viewHeight) / ROW_HEIGHT) + OVERSCAN);
  for (const [index, row] of rows) {
    if (index < first || index >= last || row.dataset.eventId !== String(events[index]?.id)) {
      row.remove();
      rows.delete(index);
    }
  }
  const start = events.length ? timestampMs(events[0]) : 0;
  // New rows go before the first kept row below them, so the DOM order (tabbing, screen
  // readers) stays the table's order.
  let next = null;
  for (let i = last - 1; i >= first; i--) {
    let row = rows.get(i);
    if (!row) {
      row = rowFor(i, start);
      rows.set(i, row);
      spacer.insertBefore(row, next);
    }
    markRow(row, i);
    next = row;
  }
  if (follow) scroller.scrollTop = top;
  timed('asl:events', started);
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(render);
}

function reset() {
  stateOfEvent = [];
  for (const row of rows.values()) row.remove();
  rows = new Map();
  namer = new EventNamer();
  expanded = null;
  showDetails(null);
}

function showDetails(id) {
  const details = document.getElementById('event-details');
  const event = id === null ? null : state.run.events.find((e) => e.id === id);
  details.hidden = !event;
  details.textContent = event ? JSON.stringify(event, null, 2) : '';
}

function toggle(row) {
  const id = Number(row.dataset.eventId);
  expanded = expanded === id ? null : id;
  showDetails(expanded);
  schedule();
  if (expanded !== null) emit('select', { eventId: id, state: stateOfEvent[id - 1] || null });
}

/** Scrolls the row of the cursor's event into view (when scrubbing). */
function revealCursor() {
  const scroller = document.getElementById('event-rows');
  const top = (state.run.cursor - 1) * ROW_HEIGHT;
  if (top < scroller.scrollTop || top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) {
    scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 2);
  }
}

export function mountEvents() {
  const scroller = document.getElementById('event-rows');
  scroller.addEventListener('scroll', () => {
    stick = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - ROW_HEIGHT * 2;
    schedule();
  }, { passive: true });
  scroller.addEventListener('click', (e) => {
    const row = e.target.closest('.event-row');
    if (row) toggle(row);
  });
  scroller.addEventListener('keydown', (e) => {
    const row = e.target.closest?.('.event-row');
    if (row && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      toggle(row);
    }
  });
  new ResizeObserver(() => {
    viewHeight = scroller.clientHeight;
    schedule();
  }).observe(scroller);
  on('events', schedule);
  on('run', () => {
    // Another run object (a new run, an opened AWS history, a Map Run child) may reuse the
    // event ids of the rows shown: they must not be kept as if they were its own.
    if (state.run.events.length === 0 || state.run !== shownRun) reset();
    shownRun = state.run;
    stick = true;
    schedule();
  });
  on('cursor', () => {
    if (!state.run.follow) revealCursor();
    schedule();
  });
}
