// Run, Pause, Step, Step over a state, Reset, Stop and the speed slider. Owns the Worker:
// Stop (and Reset) terminate it and start a fresh one, so nothing the interpreter does can
// hold the page.
import { state, emit, on, emptyRun, timed, settleEvents, runnableDefinition } from './state.js';
import { wasmModule, wasmModuleNow } from './wasm.js';
import { workerOptions } from './run-options.js';
import { stepOverEnd, yieldNow } from './protocol.js';
import { debugOptions } from './debug-state.js';

export const SPEEDS = [
  { label: 'Instant', delay: 0 },
  { label: 'Fast', delay: 30 },
  { label: 'Normal', delay: 150 },
  { label: 'Slow', delay: 400 },
  { label: 'Slow motion', delay: 1000 },
];

let worker = null;
/** True once the current worker holds an execution (started, not yet reset). */
let started = false;
/** Events count when inspection data was last asked for (it is fetched on demand: a long
 * run's visits are large). */
let inspectedAt = -1;
let inspectionPending = false;
/** A Step is waiting for the worker's next batch. */
let pendingStep = false;

function freshWorker() {
  pendingStep = false;
  inspectionPending = false;
  inspectedAt = -1;
  worker?.terminate();
  const fresh = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker = fresh;
  // The page's compiled module (wasm.js); a worker asked to start before it arrives
  // compiles its own.
  // A fresh worker told to start in this same task (Run after a run) must get the module
  // before that, or it fetches and compiles its own (without the optimized code).
  if (wasmModuleNow()) fresh.postMessage({ type: 'module', module: wasmModuleNow() });
  else wasmModule().then((module) => fresh.postMessage({ type: 'module', module }), () => {});
  worker.onmessage = ({ data }) => onWorkerMessage(data);
  worker.onerror = (e) => fail({ message: e.message || 'The interpreter worker crashed.', kind: 'internal', diagnostics: [] });
  started = false;
  warmWorker();
}

/** CPU time (ms) the Worker may spend warming up on a definition it has not run yet: enough
 * for V8 to optimize the functions that definition makes hot (bench/README, "Page: the
 * first diagram and the first Run"). Again on the same definition (a fresh Worker after a
 * run) it only prepares it: the optimized code is already there. */
const NEW_DEFINITION_WARM_MS = 150;
const SAME_DEFINITION_WARM_MS = 5;
let warmedDefinition = null;

/** Lets the idle Worker run the current documents and drop the results (worker.js, warm),
 * once the first diagram is on the page (before, it would compete with it for the CPU). */
function warmWorker() {
  const idle = worker;
  wasmModule().then(() => {
    if (worker !== idle || started || !state.graph) return;
    const { options, problems } = workerOptions();
    if (problems.length) return;
    const definition = runnableDefinition();
    idle.postMessage({
      type: 'warm',
      definition,
      input: state.input,
      mocks: state.mocks.trim() ? state.mocks : null,
      testCase: state.testCase,
      options,
      budgetMs: definition === warmedDefinition ? SAME_DEFINITION_WARM_MS : NEW_DEFINITION_WARM_MS,
    });
    warmedDefinition = definition;
  }, () => {});
}

function onWorkerMessage(data) {
  const run = state.run;
  switch (data.type) {
    case 'batch': {
      const started = performance.now();
      // The worker sends events as JSON texts (see worker.js), parsed by settleEvents.
      for (let i = 0; i < data.chunks.length; i++) run.pending.push({ text: data.chunks[i], count: data.counts?.[i] ?? 0 });
      run.pendingCount += data.count;
      run.status = data.status;
      run.done = data.done;
      run.output = data.output;
      run.error = data.error;
      run.cause = data.cause;
      run.interpreterMs = data.elapsedMs;
      if (data.debug) run.debug = data.debug;
      if (pendingStep || !run.follow || delay() > 0) {
        // Step, a view scrubbed back and the animated speeds take few events at a time:
        // show them now.
        settleEvents(Infinity, false);
        if (pendingStep) {
          pendingStep = false;
          run.revealed = Math.min(run.revealed + 1, run.events.length);
          run.cursor = run.revealed;
        } else if (run.follow) {
          run.revealed = run.events.length;
          run.cursor = run.revealed;
        }
        emit('events');
      } else {
        // Full speed: the status (and at the end the output) first; the events are parsed
        // between the worker's messages, and after the final status has been painted.
        emit('status');
        scheduleSettle(run);
      }
      if (data.done) updateButtons();
      if (data.debug) emit('debug', data.debug);
      timed('asl:batch', started);
      break;
    }
    case 'answered':
    case 'savedCase':
    case 'mapRun':
    case 'mapRunChild':
      emit(data.type, data);
      break;
    case 'paused':
      run.paused = true;
      updateButtons();
      emit('run');
      break;
    case 'failure':
      fail(data.failure);
      break;
    case 'inspection':
      inspectionPending = false;
      run.inspection = data.visits;
      emit('inspection');
      break;
    default:
      break;
  }
}

/** Longest a slice of parsing may hold the main thread while the worker is still running. */
const SETTLE_SLICE_MS = 8;
/** At full speed, how often the diagram and the table catch up while the worker runs: more
 * often is faster than anyone can follow, and parsing competes with the interpreter for the
 * CPU. */
const SETTLE_EVERY_MS = 100;


/** Parses `run`'s pending events: every SETTLE_EVERY_MS while the worker runs, in slices
 * between its messages; once the run is done, after the frame showing the final status, all
 * the rest in one go. `document.body.dataset.settled` is 'false' meanwhile, 'true' once the
 * diagram and the table show every event (tests and bench/page.mjs wait for it). */
function scheduleSettle(run) {
  if (run.done && run.settleTimer !== undefined) {
    clearTimeout(run.settleTimer);
    run.settleTimer = undefined;
    run.settling = false;
  }
  if (run.settling) return;
  run.settling = true;
  document.body.dataset.settled = 'false';
  let finalFrame = false;
  const next = () => {
    run.settleTimer = undefined;
    if (state.run !== run) return;
    if (run.done && !finalFrame) {
      finalFrame = true;
      requestAnimationFrame(() => setTimeout(next, 0));
      return;
    }
    if (settleEvents(run.done ? Infinity : SETTLE_SLICE_MS)) {
      yieldNow().then(next);
      return;
    }
    run.settling = false;
    run.settledAt = performance.now();
    // The diagram and the table paint in the next frame (they asked first).
    requestAnimationFrame(() => {
      if (state.run === run && !run.settling) document.body.dataset.settled = 'true';
    });
  };
  if (run.done) next();
  else run.settleTimer = setTimeout(next, Math.max(0, (run.settledAt ?? run.startedAt ?? 0) + SETTLE_EVERY_MS - performance.now()));
}

function fail(failure) {
  state.run.failure = failure;
  state.run.done = true;
  started = false;
  updateButtons();
  emit('run');
}

function delay() {
  return SPEEDS[state.speed]?.delay ?? 0;
}

/** Starts a run (returns false when one is already going). A run option that does not parse
 * starts nothing: the run shows why (state.run.failure) rather than using another value. */
function begin(paused) {
  if (started && !state.run.done) return false;
  if (started) freshWorker();
  inspectedAt = -1;
  state.run = emptyRun();
  document.body.dataset.settled = 'true';
  const { options, problems } = workerOptions();
  if (problems.length) {
    fail({ message: `The run was not started. Run options: ${problems.join(' ')}`, kind: 'options', diagnostics: [] });
    emit('options-invalid');
    return true;
  }
  state.run.status = 'RUNNING';
  state.run.startedAt = performance.now();
  state.run.paused = paused;
  started = true;
  worker.postMessage({
    type: 'start',
    definition: runnableDefinition(),
    input: state.input,
    mocks: state.mocks.trim() ? state.mocks : null,
    testCase: state.testCase,
    // Only the options set: the wasm Execution applies the core's defaults to the rest.
    options,
    delay: delay(),
    paused,
    debug: debugOptions(),
  });
  emit('run');
  updateButtons();
  return true;
}

/** Shows every recorded event and follows new ones. */
function followEnd() {
  settleEvents(Infinity, false);
  const run = state.run;
  run.follow = true;
  run.revealed = run.events.length;
  run.cursor = run.revealed;
  emit('events');
}

export function run() {
  if (begin(false)) return;
  if (state.run.done) return;
  state.run.paused = false;
  followEnd();
  worker.postMessage({ type: 'resume', delay: delay() });
  updateButtons();
}

export function pause() {
  if (started && !state.run.done) worker.postMessage({ type: 'pause' });
}

/** Advances exactly one event: the next recorded one, or one more from the interpreter. */
export function step() {
  settleEvents();
  const run = state.run;
  if (started && run.cursor < run.revealed) {
    run.cursor += 1;
    run.follow = false;
    emit('cursor');
    return;
  }
  if (started && run.revealed < run.events.length) {
    run.revealed += 1;
    run.cursor = run.revealed;
    run.follow = false;
    emit('events');
    return;
  }
  if (!started || run.done) {
    begin(true);
    if (state.run.failure) return;
  }
  state.run.follow = false;
  pendingStep = true;
  worker.postMessage({ type: 'step' });
}

/** The state Step over should finish, seen from the first `position` events: the innermost
 * state entered and not yet exited, or null between states (then the next one entered). */
export function currentState(events, position) {
  const open = [];
  for (let i = 0; i < position; i++) {
    const { type } = events[i];
    if (type.endsWith('StateEntered')) open.push(events[i].stateEnteredEventDetails?.name);
    else if (type.endsWith('StateExited')) {
      const at = open.lastIndexOf(events[i].stateExitedEventDetails?.name);
      if (at >= 0) open.splice(at, 1);
    }
  }
  return open.at(-1) ?? null;
}

export function stepOver() {
  settleEvents();
  const run = state.run;
  if (started && !run.done) {
    // The events held back (not yet revealed, or past a scrubbed-back cursor) may already
    // hold the current state's exit: then Step over ends there, without the interpreter.
    // Asking the worker instead would finish whatever state *it* is in: one state later.
    const target = currentState(run.events, run.cursor);
    const end = stepOverEnd(run.events, run.cursor, target);
    if (end >= 0) {
      run.revealed = Math.max(run.revealed, end + 1);
      run.cursor = end + 1;
      run.follow = run.cursor === run.events.length;
      emit('events');
      emit('cursor');
      return;
    }
    followEnd();
    worker.postMessage({ type: 'stepOver', target });
    return;
  }
  begin(true);
  if (state.run.failure) return;
  followEnd();
  worker.postMessage({ type: 'stepOver', target: null });
}

export function reset() {
  freshWorker();
  state.run = emptyRun();
  document.body.dataset.settled = 'true';
  emit('run');
  updateButtons();
}

export function stop() {
  if (!started || state.run.done) return;
  freshWorker();
  state.run.status = 'ABORTED';
  state.run.done = true;
  state.run.error = 'Stopped';
  state.run.cause = 'The run was stopped from the page.';
  emit('run');
  updateButtons();
}

/** Sends a debugger message (an answer, breakpoints, savedCase) to the run's worker; an
 * answer lets the run go on. False when there is no run to send it to. */
export function sendToWorker(message) {
  // A finished run can still be saved; answers and breakpoints need one going.
  if (!started || (state.run.done && message.type !== 'savedCase')) return false;
  if (message.type === 'answer') {
    state.run.paused = false;
    followEnd();
    updateButtons();
  }
  worker.postMessage(message);
  return true;
}

/** Asks the finished run's worker about its Distributed Maps (worker.js, 'mapRun' and
 * 'mapRunChild'; the answer comes as an event of that name). False when no run holds them. */
export function askMapRun(message) {
  if (!started || !state.run.done || state.run.failure) return false;
  worker.postMessage(message);
  return true;
}

/** Asks the worker for the visits, unless it already answered for these events. */
export function requestInspection() {
  if (!started || inspectionPending) return;
  settleEvents();
  if (inspectedAt === state.run.events.length && state.run.inspection) return;
  inspectedAt = state.run.events.length;
  inspectionPending = true;
  worker.postMessage({ type: 'inspection' });
}

function updateButtons() {
  const active = started && !state.run.done;
  const running = active && !state.run.paused;
  document.getElementById('run').textContent = active && state.run.paused ? '▶ Continue' : '▶ Run';
  document.getElementById('pause').disabled = !running;
  document.getElementById('stop').disabled = !active;
  document.getElementById('reset').disabled = state.run.status === 'IDLE' && !active;
}

/** Sets the speed slider (a share link's `options.speed`). */
export function setSpeed(speed) {
  if (!Number.isInteger(speed) || !SPEEDS[speed]) return;
  state.speed = speed;
  showSpeed();
  if (started && !state.run.done) worker.postMessage({ type: 'speed', delay: delay() });
}

function showSpeed() {
  const slider = document.getElementById('speed');
  slider.value = String(state.speed);
  const label = SPEEDS[state.speed]?.label ?? '';
  slider.setAttribute('aria-valuetext', label);
  document.getElementById('speed-label').textContent = label;
}

export function mountControls() {
  freshWorker();
  const bind = (id, fn) => document.getElementById(id).addEventListener('click', fn);
  bind('run', run);
  bind('pause', pause);
  bind('step', step);
  bind('step-over', stepOver);
  bind('reset', reset);
  bind('stop', stop);
  document.getElementById('speed').addEventListener('input', (e) => {
    state.speed = Number(e.target.value);
    showSpeed();
    if (started && !state.run.done) worker.postMessage({ type: 'speed', delay: delay() });
    emit('documents', 'speed');
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
      e.preventDefault();
      run();
    }
  });
  on('command', (name) => name === 'run' && run());
  on('select', requestInspection);
  on('diagram', warmWorker);
  on('restored', showSpeed);
  showSpeed();
  updateButtons();
}
