// App state in one place, plus a tiny publish/subscribe so panels never call each other.
//
// Topics: 'documents' (editor texts changed), 'analysis' (definition checked),
// 'mocks' (mock file checked), 'run' (run started/reset/status), 'events' (new events),
// 'cursor' (timeline position moved), 'select' (a state or event was picked),
// 'inspection' (visit data arrived), 'status' (the run's status changed, no new events
// shown yet), 'options' (run options replaced by a link or storage), 'options-invalid' (Run
// refused because a run option does not parse), 'source-options' (a template's state
// machine or substitutions changed: check the definition again).

export const state = {
  /** Editor texts. */
  definition: '',
  input: '',
  mocks: '',
  /** Chosen test case as { stateMachine, testCase }, or null. */
  testCase: null,
  /** Speed slider position (0 = instant … 4 = slow motion). */
  speed: 0,
  /** Run options as typed, '' meaning the core's default (run-options.js). */
  runOptions: { seed: '', startTime: '' },
  /** A template's state machine and placeholder values (source-picker.js), for loadSource. */
  source: { stateMachine: null, substitutions: {}, parameters: {} },
  /** Last loadDefinition (or loadSource) result, and the last valid diagram (kept on
   * invalid edits). */
  analysis: null,
  graph: null,
  mocksResult: null,
  run: emptyRun(),
  /** What the inspector shows: { state } or { eventId }. */
  selected: null,
};

/** The definition as the interpreter reads it: for a YAML file or a template, the JSON
 * the core resolved it to (loadSource); otherwise the editor's text. */
export function runnableDefinition() {
  return typeof state.analysis?.definition === 'string' ? state.analysis.definition : state.definition;
}

export function emptyRun() {
  return {
    /** IDLE before a run; then the interpreter's RUNNING / SUCCEEDED / FAILED / TIMED_OUT / ABORTED. */
    status: 'IDLE',
    events: [],
    /** Event texts the worker sent (JSON arrays, with their counts) that the page has not
     * parsed yet: at full speed, parsing waits until the final status is on screen (see
     * settleEvents and controls.js). `pendingCount` is their number of events. */
    pending: [],
    pendingCount: 0,
    /** Events shown so far: Step reveals one at a time even when the interpreter recorded
     * several in one go; the rest wait in `events`. */
    revealed: 0,
    /** Number of events the diagram reflects (the scrubber position, at most `revealed`). */
    cursor: 0,
    /** True while the scrubber sits at the end and should follow new events. */
    follow: true,
    done: false,
    paused: false,
    output: undefined,
    error: undefined,
    cause: undefined,
    /** A start-up failure (bad input, bad mocks…): { message, kind, diagnostics }. */
    failure: null,
    inspection: null,
    /** Time spent inside the interpreter (in the worker), in ms. */
    interpreterMs: 0,
  };
}

const listeners = new Map();

export function on(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, []);
  listeners.get(topic).push(fn);
}

export function emit(topic, payload) {
  for (const fn of listeners.get(topic) ?? []) fn(payload);
}

/** Reports main-thread work as a User Timing measure `name` from `start` (performance.now())
 * to now, for bench/page.mjs (a PerformanceObserver collects them). Cleared at once, so a
 * long session accumulates no entries. */
export function timed(name, start) {
  performance.measure(name, { start });
  performance.clearMeasures(name);
}

/** Parses the run's pending event texts into `run.events` (all of them, or until `budgetMs`
 * has passed), shows them when following the end, and emits 'events' (unless `notify` is
 * false). Anything reading
 * `run.events` as the whole history (export, Step over) calls this first. Returns true when
 * some are still pending. */
export function settleEvents(budgetMs = Infinity, notify = true) {
  const run = state.run;
  if (!run.pending.length) return false;
  const started = performance.now();
  let taken = 0;
  while (taken < run.pending.length) {
    const { text, count } = run.pending[taken++];
    for (const event of JSON.parse(text)) run.events.push(event);
    run.pendingCount -= count;
    if (performance.now() - started >= budgetMs) break;
  }
  run.pending.splice(0, taken);
  if (run.follow) {
    run.revealed = run.events.length;
    run.cursor = run.revealed;
  }
  if (notify) emit('events');
  timed('asl:parse', started);
  return run.pending.length > 0;
}
