// The run's status (text and icon, never colour alone), its output or error, and how much
// virtual time it took.
import { state, on } from './state.js';
import { timestampMs } from './history.js';
import { formatElapsed } from './events.js';
import { copyText } from './inspector.js';
import { showValue } from './value-view.js';

const ICONS = { IDLE: '○', RUNNING: '▶', SUCCEEDED: '✓', FAILED: '✗', TIMED_OUT: '◷', ABORTED: '■', PAUSED: '‖' };

/** What the output pane shows, so a repaint with the same content keeps the view (and a
 * "Show all" in progress); `view` gives the text for Copy. */
let shown = { key: null, view: null };

function showOutput(output, kind, source) {
  const key = source.value !== undefined ? source.value : source.text;
  if (shown.key === key && shown.kind === kind && shown.view) return;
  output.dataset.kind = kind;
  shown = { key, kind, view: showValue(output, source) };
}

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
  if (run.failure) {
    const lines = [run.failure.message];
    for (const d of run.failure.diagnostics ?? []) lines.push(`  ${d.line}:${d.column} ${d.message} (${d.pointer})`);
    showOutput(output, 'error', { text: lines.join('\n') });
  } else if (!caughtUp) {
    showOutput(output, '', { text: '' });
  } else if (run.error !== undefined && run.done) {
    showOutput(output, 'error', { text: `Error: ${run.error}${run.cause ? `\nCause: ${run.cause}` : ''}` });
  } else if (run.done && run.output !== undefined) {
    // A payload can pretty-print to megabytes: value-view.js shows it a part at a time.
    showOutput(output, 'output', { value: run.output });
  } else {
    showOutput(output, '', { text: run.status === 'IDLE' ? 'Press Run (Ctrl/Cmd+Enter).' : '' });
  }
}

export function mountStatus() {
  on('run', show);
  on('events', show);
  on('status', show);
  document.getElementById('copy-output').addEventListener('click', (e) =>
    copyText(shown.view?.copyText() ?? document.getElementById('execution-output').textContent, e.currentTarget),
  );
  show();
}
