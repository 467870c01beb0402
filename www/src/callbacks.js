// Callbacks and activities answered live. With "Ask me" on, a `.waitForTaskToken` task or an
// activity that no mock answers pauses the run ("waiting for callback" on the diagram); this
// panel shows its token and the payload it sent, and answers as SendTaskSuccess (output
// JSON), SendTaskFailure (error, cause) or SendTaskHeartbeat, or lets virtual time pass so
// HeartbeatSeconds/TimeoutSeconds fire. The core (asl_core::exec::callback) records what AWS
// records. "Save as test case" puts a mock file that replays the run, live answers included,
// into the mocks editor (asl_core::exec::saved_case).
import { state, emit, on } from './state.js';
import { debug } from './debug-state.js';
import { sendToWorker } from './controls.js';
import { setText } from './editor.js';
import { keepDraft } from './storage.js';

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const seconds = (ms, now) => `${Math.max(0, Math.round((ms - now) / 1000))} s`;

let panel;
let note;
let shownToken = null;

function answer(message) {
  note.textContent = '';
  sendToWorker({ type: 'answer', ...message });
}

function renderPending(debugState) {
  const pending = debugState?.pending ?? [];
  const first = pending[0];
  panel.hidden = !first;
  markWaiting(pending);
  if (!first) {
    shownToken = null;
    return;
  }
  // Keep what the user is typing when the same task is shown again (after a heartbeat).
  if (first.token === shownToken) {
    panel.querySelector('[data-testid="callback-deadlines"]').textContent = deadlines(first, debugState);
    return;
  }
  shownToken = first.token;
  panel.replaceChildren();
  panel.append(
    el('h3', {}, `Waiting for ${first.kind === 'activity' ? 'an activity worker' : 'a callback'}: ${first.state}`),
    el('p', { class: 'muted' }, `${first.resource} · invocation ${first.invocation}${pending.length > 1 ? ` · ${pending.length - 1} more waiting` : ''}`),
  );
  const tokenLine = el('p', {}, 'Task token: ');
  tokenLine.append(el('code', { 'data-testid': 'callback-token' }, first.token));
  panel.append(tokenLine);
  panel.append(el('pre', { class: 'callback-payload', 'data-testid': 'callback-payload' }, JSON.stringify(first.input, null, 2)));
  panel.append(el('p', { class: 'muted', 'data-testid': 'callback-deadlines' }, deadlines(first, debugState)));

  const output = el('textarea', { 'data-testid': 'callback-output', rows: '3', spellcheck: 'false', 'aria-label': 'Output JSON' });
  output.value = '{}';
  const success = el('button', { type: 'button', 'data-testid': 'callback-success' }, 'Send success');
  success.addEventListener('click', () => answer({ action: 'success', token: first.token, output: output.value }));
  const error = el('input', { type: 'text', placeholder: 'error', 'data-testid': 'callback-error', 'aria-label': 'Error' });
  const cause = el('input', { type: 'text', placeholder: 'cause', 'data-testid': 'callback-cause', 'aria-label': 'Cause' });
  const failure = el('button', { type: 'button', 'data-testid': 'callback-failure' }, 'Send failure');
  failure.addEventListener('click', () => answer({ action: 'failure', token: first.token, error: error.value, cause: cause.value }));
  const heartbeat = el('button', { type: 'button', 'data-testid': 'callback-heartbeat' }, 'Send heartbeat');
  heartbeat.addEventListener('click', () => answer({ action: 'heartbeat', token: first.token }));
  const wait = el('input', { type: 'number', min: '0', placeholder: 'seconds', 'data-testid': 'callback-seconds', 'aria-label': 'Seconds of virtual time' });
  const pass = el('button', { type: 'button', 'data-testid': 'callback-time', title: 'Let this much virtual time pass (empty: until the next deadline)' }, 'Let time pass');
  pass.addEventListener('click', () => answer({ action: 'time', token: first.token, seconds: wait.value === '' ? null : Number(wait.value) }));
  const row = (...children) => {
    const div = el('div', { class: 'callback-row' });
    div.append(...children);
    return div;
  };
  panel.append(row(output, success), row(error, cause, failure), row(heartbeat, wait, pass));
}

function deadlines(task, debugState) {
  const now = debugState.nowMs;
  const parts = [];
  if (task.heartbeatDeadlineMs != null) parts.push(`heartbeat times out in ${seconds(task.heartbeatDeadlineMs, now)}`);
  if (task.timeoutDeadlineMs != null) parts.push(`task times out in ${seconds(task.timeoutDeadlineMs, now)}`);
  return parts.length ? `Virtual time: ${parts.join(', ')}.` : 'No TimeoutSeconds: the task waits until the execution times out.';
}

/** "waiting for callback" on the diagram: the node's status and a title. */
function markWaiting(pending) {
  const waiting = new Set(pending.map((p) => p.state));
  for (const node of document.querySelectorAll('#diagram [data-state]')) {
    if (waiting.has(node.dataset.state)) node.dataset.callback = 'waiting';
    else delete node.dataset.callback;
  }
}

function saveCase() {
  if (!sendToWorker({ type: 'savedCase', mocks: state.mocks.trim() ? state.mocks : null, testCase: state.testCase })) {
    note.textContent = 'Run first: a run is saved as a test case.';
  }
}

function onSavedCase(data) {
  if (data.failure) {
    note.textContent = `Could not save the run: ${data.failure.message}`;
    return;
  }
  keepDraft({ definition: state.definition, input: state.input, mocks: data.text }, 'a saved run');
  setText('mocks', data.text);
  const machine = Object.keys(JSON.parse(data.text).StateMachines ?? {})[0];
  state.testCase = { stateMachine: machine, testCase: 'SavedRun' };
  emit('documents', 'testCase');
  note.textContent = `Saved as test case ${machine} / SavedRun in the mock file: Run replays it.`;
}

export function mountCallbacks(container) {
  const box = el('section', { class: 'callbacks', 'aria-label': 'Callbacks and activities' });
  const ask = el('input', { type: 'checkbox', 'data-testid': 'ask-callbacks' });
  ask.addEventListener('change', () => {
    debug.live = ask.checked;
    emit('documents', 'debug');
  });
  const label = el('label', { class: 'field small', title: 'Callbacks (.waitForTaskToken) and activities that no mock answers pause the next run until you answer' });
  label.append(ask, document.createTextNode(' Ask me at callbacks and activities'));
  const save = el('button', { type: 'button', 'data-testid': 'save-case', title: 'Put a mock file test case that replays this run (live answers included) into the mocks editor' }, 'Save run as test case');
  save.addEventListener('click', saveCase);
  note = el('p', { class: 'muted', 'data-testid': 'callback-note', role: 'status' });
  panel = el('div', { class: 'callback-panel', 'data-testid': 'callback-panel', hidden: '' });
  box.append(label, save, note, panel);
  container.append(box);
  on('debug', renderPending);
  on('run', () => renderPending(state.run.debug));
  on('answered', (data) => {
    if (data.failure) note.textContent = data.failure.message;
  });
  on('savedCase', onSavedCase);
  on('restored', () => {
    ask.checked = debug.live;
  });
}
