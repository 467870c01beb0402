// Opening an execution history exported from AWS (`aws stepfunctions
// get-execution-history --output json`, pages concatenated): its events become the current
// run, so the scrubber, the diagram, the event table and the inspector replay it as they
// replay our own runs. The core (importHistory) also gives the execution input and a mock
// file that reproduces the execution; they replace the input and mocks editors, so Run then
// replays it locally. States the history lacks the data to reproduce are shown.
import { state, emit, emptyRun, runnableDefinition } from './state.js';
import { setText } from './editor.js';
import { keepDraft } from './storage.js';
import { describeError } from './protocol.js';
import { sourcesModule } from './wasm.js';

function show(note, text) {
  note.textContent = text;
  note.hidden = !text;
}

/** Loads a history text as the current run; returns what the page shows about it. */
export async function openHistory(text) {
  const { importHistory } = await sourcesModule();
  const imported = importHistory(text, runnableDefinition());
  const input = JSON.stringify(imported.input, null, 2);
  const mocks = JSON.stringify(imported.mocks, null, 2);
  // The editors' input and mocks are replaced: keep what they held ("Restore previous work").
  keepDraft({ definition: state.definition, input, mocks }, 'an AWS history');
  setText('input', input);
  setText('mocks', mocks);
  state.testCase = { stateMachine: 'Imported', testCase: 'FromHistory' };
  const run = emptyRun();
  const { expected } = imported;
  run.events = imported.events;
  run.revealed = run.events.length;
  run.cursor = run.revealed;
  run.done = expected.status !== 'RUNNING';
  run.status = expected.status;
  run.output = expected.output;
  run.error = expected.error;
  run.cause = expected.cause;
  state.run = run;
  document.body.dataset.settled = 'true';
  emit('run');
  emit('events');
  return imported;
}

export function mountHistoryReplay() {
  const timeline = document.querySelector('.timeline');
  if (!timeline) return;
  const input = Object.assign(document.createElement('input'), { type: 'file', accept: '.json,application/json', hidden: true });
  input.dataset.testid = 'history-file';
  const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Open AWS history…' });
  button.dataset.testid = 'open-history';
  button.title = 'Replay an execution history from aws stepfunctions get-execution-history';
  const note = Object.assign(document.createElement('span'), { className: 'muted', hidden: true });
  note.dataset.testid = 'history-note';
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const imported = await openHistory(await file.text());
      const missing = imported.missing.map((m) => `${m.state}: ${m.reason}`);
      show(note, `${file.name}: ${imported.events.length} events, ${imported.expected.status}` + (missing.length ? `; not reproducible: ${missing.join('; ')}` : ''));
    } catch (error) {
      show(note, `${file.name}: ${describeError(error).message}`);
    }
  });
  timeline.append(button, input, note);
}
