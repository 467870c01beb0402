// The event table, like the AWS console's: id, type, state, elapsed virtual time; a click
// expands the event's details. Rows are appended in animation-frame chunks and use
// content-visibility, so a 25,000-event history does not stall the page.
import { state, on, emit } from './state.js';
import { eventDetails, timestampMs } from './history.js';

const ROWS_PER_FRAME = 400;

let rendered = 0;
let scheduled = false;
let stateOfEvent = new Map();
let expanded = null;

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

function stateName(event) {
  const type = String(event.type);
  if (type.endsWith('StateEntered') || type.endsWith('StateExited')) return eventDetails(event)?.name ?? '';
  return stateOfEvent.get(event.previousEventId) ?? '';
}

function rowFor(event, start) {
  const name = stateName(event);
  stateOfEvent.set(event.id, name);
  const row = document.createElement('div');
  row.className = 'event-row';
  row.setAttribute('role', 'row');
  row.dataset.testid = 'event-row';
  row.dataset.eventId = String(event.id);
  row.dataset.type = String(event.type);
  if (/Failed|TimedOut|Aborted/.test(event.type)) row.dataset.kind = 'failure';
  else if (/Succeeded|Exited/.test(event.type)) row.dataset.kind = 'success';
  row.tabIndex = 0;
  const cells = [String(event.id), String(event.type), name, formatElapsed(timestampMs(event) - start)];
  for (const text of cells) {
    const cell = document.createElement('span');
    cell.setAttribute('role', 'cell');
    cell.textContent = text;
    row.append(cell);
  }
  return row;
}

function toggle(row) {
  const id = Number(row.dataset.eventId);
  const open = row.nextElementSibling?.classList.contains('event-details');
  document.querySelectorAll('.event-details').forEach((d) => d.remove());
  document.querySelectorAll('.event-row[aria-expanded="true"]').forEach((r) => r.setAttribute('aria-expanded', 'false'));
  if (open) {
    expanded = null;
    return;
  }
  expanded = id;
  const event = state.run.events.find((e) => e.id === id);
  const details = document.createElement('pre');
  details.className = 'event-details';
  details.dataset.testid = 'event-details';
  details.textContent = JSON.stringify(event, null, 2);
  row.after(details);
  row.setAttribute('aria-expanded', 'true');
  emit('select', { eventId: id, state: row.children[2]?.textContent || null });
}

function flush() {
  scheduled = false;
  const container = document.getElementById('event-rows');
  const { events } = state.run;
  if (rendered > state.run.revealed) clear();
  const start = events.length ? timestampMs(events[0]) : 0;
  const end = Math.min(state.run.revealed, rendered + ROWS_PER_FRAME);
  const fragment = document.createDocumentFragment();
  for (let i = rendered; i < end; i++) fragment.append(rowFor(events[i], start));
  container.append(fragment);
  rendered = end;
  markCursor();
  if (rendered < state.run.revealed) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(flush);
}

function clear() {
  document.getElementById('event-rows').replaceChildren();
  rendered = 0;
  stateOfEvent = new Map();
  expanded = null;
}

/** Rows after the scrubber position are dimmed. */
let dimmedFrom = Infinity;
function dimFuture() {
  const { cursor } = state.run;
  const rows = document.getElementById('event-rows').children;
  const from = Math.max(0, Math.min(dimmedFrom, cursor) - 1);
  for (let i = from; i < rows.length; i++) {
    const row = rows[i];
    if (!row.classList.contains('event-row')) continue;
    const index = Number(row.dataset.eventId) - 1;
    row.classList.toggle('future', index >= cursor);
  }
  dimmedFrom = cursor;
}

let marked = null;
function markCursor() {
  const { cursor, events } = state.run;
  const id = events[cursor - 1]?.id;
  if (marked && marked.dataset.eventId === String(id)) return;
  marked?.classList.remove('at-cursor');
  marked = null;
  if (id === undefined) return;
  const row = document.querySelector(`.event-row[data-event-id="${id}"]`);
  if (row) {
    row.classList.add('at-cursor');
    marked = row;
    if (!state.run.follow) row.scrollIntoView({ block: 'nearest' });
  }
}

export function mountEvents() {
  const container = document.getElementById('event-rows');
  container.addEventListener('click', (e) => {
    const row = e.target.closest('.event-row');
    if (row) toggle(row);
  });
  container.addEventListener('keydown', (e) => {
    const row = e.target.closest?.('.event-row');
    if (row && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      toggle(row);
    }
  });
  on('events', schedule);
  on('run', () => {
    if (state.run.events.length === 0) clear();
    schedule();
  });
  on('cursor', () => {
    markCursor();
    dimFuture();
  });
}
