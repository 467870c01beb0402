// The run's status (text and icon, never colour alone), its output or error, and how much
// virtual time it took.
import { state, on } from './state.js';
import { timestampMs } from './history.js';
import { formatElapsed } from './events.js';
import { copyText } from './inspector.js';

const ICONS = { IDLE: '○', RUNNING: '▶', SUCCEEDED: '✓', FAILED: '✗', TIMED_OUT: '◷', ABORTED: '■', PAUSED: '‖' };

function show() {
  const run = state.run;
  const status = document.getElementById('execution-status');
  // While Step still holds recorded events back, the run is not over for the viewer.
  const caughtUp = run.revealed >= run.events.length;
  const shown = run.failure ? 'FAILED' : run.done && !caughtUp ? 'RUNNING' : run.status;
  status.dataset.status = shown;
  status.textContent = shown;
  status.dataset.icon = ICONS[shown] ?? '';
  status.setAttribute('aria-label', `Execution status: ${shown}${run.paused && !run.done ? ' (paused)' : ''}`);
  status.classList.toggle('paused', run.paused && !run.done);
  // For the figures in the README (tests/browser/scale.test.mjs reads it).
  status.dataset.interpreterMs = String(Math.round(run.interpreterMs ?? 0));

  const last = run.events[run.revealed - 1];
  const duration = last ? timestampMs(last) - timestampMs(run.events[0]) : 0;
  document.getElementById('virtual-duration').textContent = last ? `virtual time ${formatElapsed(duration)}` : '';
  // Following the end at full speed, events still being parsed (run.pending) count too.
  const count = run.revealed + (run.follow ? run.pendingCount : 0);
  document.getElementById('event-count').textContent = `${count} event${count === 1 ? '' : 's'}`;

  const output = document.getElementById('execution-output');
  output.dataset.kind = '';
  if (run.failure) {
    output.dataset.kind = 'error';
    const lines = [run.failure.message];
    for (const d of run.failure.diagnostics ?? []) lines.push(`  ${d.line}:${d.column} ${d.message} (${d.pointer})`);
    output.textContent = lines.join('\n');
  } else if (!caughtUp) {
    output.textContent = '';
  } else if (run.error !== undefined && run.done) {
    output.dataset.kind = 'error';
    output.textContent = `Error: ${run.error}${run.cause ? `\nCause: ${run.cause}` : ''}`;
  } else if (run.done && run.output !== undefined) {
    output.dataset.kind = 'output';
    output.textContent = JSON.stringify(run.output, null, 2);
  } else {
    output.textContent = run.status === 'IDLE' ? 'Press Run (Ctrl/Cmd+Enter).' : '';
  }
}

export function mountStatus() {
  on('run', show);
  on('events', show);
  on('status', show);
  document.getElementById('copy-output').addEventListener('click', (e) =>
    copyText(document.getElementById('execution-output').textContent, e.currentTarget),
  );
  show();
}
