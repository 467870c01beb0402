// Runs one execution in a module Worker, so a machine that loops forever never freezes the
// page: Stop is worker.terminate() and a fresh Worker. Events go to the page in batches.
//
// Page -> worker: {type:'module', module (a compiled WebAssembly.Module)} (first, when the
//                 page has compiled it), {type:'start', definition, input, mocks, testCase, options, delay, paused}
//                 {type:'resume', delay} {type:'pause'} {type:'step'} {type:'stepOver', target}
//                 {type:'inspection'} {type:'warm', definition, input, mocks, testCase, options, budgetMs}
// Worker -> page: {type:'ready'} {type:'batch', chunks, counts (events per chunk), count, status, done, output?, error?,
//                 cause?, elapsedMs (time inside the interpreter so far)}
//                 {type:'paused'} {type:'failure', failure} {type:'inspection', visits}
//
// `chunks` are JSON array texts of history events (Execution.stepJson): the worker posts the
// text on unparsed and the page parses it once, at full speed only after showing the status. Converting each event to objects here and
// letting postMessage copy them again cost several times the interpreter's own time.
// `target` of stepOver is the state to finish, or null for the next state entered.
//
// Debugging (breakpoints.js, callbacks.js): a 'start' with `debug: {live, ask, breakpoints}`
// runs on the second wasm module (pkg/sources, which has the debugger's methods); its batches
// then carry `debug` (Execution.debugState()) and the run pauses when it is `stopped` (a
// breakpoint, or a task waiting for an answer). Page -> worker: {type:'answer', action:
// 'success'|'failure'|'heartbeat'|'time', token, output, error, cause, seconds} (then the run
// goes on), {type:'breakpoints', breakpoints}, {type:'savedCase', mocks, testCase}.
// Worker -> page: {type:'answered', failure?}, {type:'savedCase', text?, failure?}.
//
// Distributed Maps (map-run.js, s3-objects.js), once the run holds them: page -> worker
// {type:'mapRun', start, count, maxChars}, {type:'mapRunChild', position}; worker -> page
// {type:'mapRun', summary (Execution.mapRunSummary), s3 (Execution.s3Objects)} (both null on
// the first module, which runs no Distributed Map) and {type:'mapRunChild', position, child?,
// failure?}.
import init, { Execution } from '../pkg/asl_wasm.js';
import { describeError, stepOverWatch, yieldNow } from './protocol.js';

/** Events per step() call when running at full speed: big enough to be fast, small enough
 * that Pause answers quickly. */
const BATCH = 250;
/** At full speed, how long the worker runs between two messages to the page. */
const SLICE_MS = 20;

let execution = null;
let done = false;
let running = false;
let delay = 0;
let generation = 0;
/** Milliseconds spent inside the interpreter (execution.step) for this run, for the page's
 * figures: the wall time from Run to the end also counts messages and rendering. */
let elapsedMs = 0;
/** The run uses the debugger (second module); see the header. */
let debugging = false;
/** The second wasm module (built with `sources`), fetched and initialised once, the first
 * time a run debugs or runs a Distributed Map's reader, batcher or writer. */
let sourcesModule = null;
const loadSourcesModule = () => {
  sourcesModule ??= import('../pkg/sources/asl_wasm_sources.js').then(async (module) => {
    await module.default();
    return module;
  });
  return sourcesModule;
};

const post = (message) => self.postMessage(message);

const sleep = (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : yieldNow());

/** Runs `count` events (or, with `budgetMs`, batches until that much time has passed) and
 * posts what happened as one message: one message per slice keeps the page's work per frame
 * small however fast the interpreter is. Returns the message. */
function stepOnce(count, budgetMs = 0) {
  try {
    const started = performance.now();
    const chunks = [];
    const counts = [];
    let total = 0;
    let result;
    let debug;
    do {
      const before = performance.now();
      result = execution.stepJson(count);
      elapsedMs += performance.now() - before;
      if (result.count > 0) {
        chunks.push(result.eventsJson);
        counts.push(result.count);
      }
      total += result.count;
      debug = debugging ? execution.debugState() : undefined;
    } while (!result.done && !debug?.stopped && performance.now() - started < budgetMs);
    done = result.done;
    const { eventsJson: _last, ...status } = result;
    const message = { type: 'batch', ...status, count: total, chunks, counts, elapsedMs, debug };
    post(message);
    return message;
  } catch (error) {
    // A trap (a bug in the core) leaves the instance unusable: report it and stop.
    done = true;
    running = false;
    post({ type: 'failure', failure: { ...describeError(error), kind: 'internal' } });
    return null;
  }
}

async function runLoop() {
  const mine = ++generation;
  while (running && !done && mine === generation) {
    const message = delay > 0 ? stepOnce(1) : stepOnce(BATCH, SLICE_MS);
    if (message?.debug?.stopped) {
      running = false;
      post({ type: 'paused' });
      break;
    }
    await sleep(delay);
  }
}

/** Steps until `target` exits; with `target` null (the page is between states), until the
 * next state entered exits. The page names the target: its view (the cursor) can be behind
 * the state this worker is in. */
async function stepOver(requested) {
  const ends = stepOverWatch(requested ?? null);
  running = false;
  generation++;
  // Step event by event until the state exits (or the run ends), at most one history's
  // worth of events.
  for (let i = 0; i < 100_000 && !done; i++) {
    const result = stepOnce(1);
    if (!result) return;
    let exited = false;
    for (const e of result.chunks.flatMap((chunk) => JSON.parse(chunk))) {
      if (ends(e)) exited = true;
    }
    // A breakpoint or a task waiting for its answer ends it too.
    if (exited || result.debug?.stopped) break;
    if (i % BATCH === BATCH - 1) await yieldNow();
  }
  post({ type: 'paused' });
}

/** Instantiates the wasm module once: the page's compiled module when it sends one (first),
 * else this worker fetches and compiles its own. */
let ready = null;
const initOnce = (module) => {
  ready ??= init(module ? { module_or_path: module } : undefined);
  return ready;
};

/** The `Execution` class for a definition: a Distributed Map's ItemReader, ItemBatcher and
 * ResultWriter and child executions run only in the second wasm module (built with `sources`), which keeps them
 * out of the first load (docs/wasm-size.md); this worker fetches it the first time one needs
 * it. A false match (the word in a Comment) only costs the larger module. */
const executionFor = async (definition) => {
  if (!/"(ItemReader|ItemBatcher|ResultWriter|DISTRIBUTED)"/.test(definition)) return Execution;
  return (await loadSourcesModule()).Execution;
};

/** While this worker is idle, the page's current definition is run a few times and the
 * results dropped ({type:'warm', definition, input, mocks, testCase, options, budgetMs}):
 * V8 first runs wasm with its baseline compiler and optimizes the functions that turn out
 * hot, so a page's first Run spent most of its time in baseline code (bench/README). The
 * optimized code belongs to the compiled module, which every Worker of the page shares, and
 * the core keeps the last definition it validated and compiled (exec::prepare), so Run then
 * starts on both. Any other message ends the warm-up at its next slice (WARM_SLICE_MS). */
const WARM_MAX_EVENTS = 25_000;
/** A warm-up yields this often (ms), so a message waits at most this long for it to end. */
const WARM_SLICE_MS = 10;
/** Counts messages: a warm-up goes on while no other message has arrived since its own. */
let warming = 0;
async function warm(data, mine) {
  const definition = String(data.definition ?? '');
  // A Distributed Map's module is fetched only to run one (executionFor).
  if (executionFor(definition) !== Execution) return;
  const started = performance.now();
  let events = 0;
  let run = null;
  try {
    while (mine === warming && !execution && events < WARM_MAX_EVENTS && performance.now() - started < data.budgetMs) {
      run ??= new Execution(definition, data.input, data.mocks ?? null, data.testCase ?? null, data.options ?? {});
      const sliceEnd = Math.min(performance.now() + WARM_SLICE_MS, started + data.budgetMs);
      let result;
      do {
        result = run.stepJson(BATCH);
        events += result.count;
      } while (!result.done && events < WARM_MAX_EVENTS && performance.now() < sliceEnd);
      if (result.done) {
        run.free();
        run = null;
      }
      await yieldNow();
    }
  } catch {
    // A definition or input that does not run: Run will say why.
  } finally {
    run?.free();
  }
}

self.onmessage = async ({ data }) => {
  const mine = ++warming;
  if (data.type === 'warm') {
    // Only on the page's module (sent first): never a fetch and compile of its own.
    ready?.then(() => warm(data, mine), () => {});
    return;
  }
  if (data.type === 'module') {
    initOnce(data.module).then(() => post({ type: 'ready' }), (error) => post({ type: 'failure', failure: describeError(error) }));
    return;
  }
  try {
    await initOnce();
  } catch (error) {
    post({ type: 'failure', failure: describeError(error) });
    return;
  }
  switch (data.type) {
    case 'start': {
      try {
        debugging = Boolean(data.debug);
        if (debugging) {
          const module = await loadSourcesModule();
          const args = [data.definition, data.input, data.mocks ?? null, data.testCase ?? null, data.options ?? {}];
          execution = data.debug.live ? module.Execution.startLive(...args, data.debug.ask ?? []) : new module.Execution(...args);
          execution.setBreakpoints(data.debug.breakpoints ?? []);
        } else {
          const ExecutionClass = await executionFor(String(data.definition ?? ''));
          execution = new ExecutionClass(data.definition, data.input, data.mocks ?? null, data.testCase ?? null, data.options ?? {});
        }
      } catch (error) {
        post({ type: 'failure', failure: describeError(error) });
        return;
      }
      done = false;
      elapsedMs = 0;
      delay = data.delay ?? 0;
      running = !data.paused;
      if (running) runLoop();
      else post({ type: 'paused' });
      break;
    }
    case 'resume':
      delay = data.delay ?? delay;
      if (execution && !done) {
        running = true;
        runLoop();
      }
      break;
    case 'pause':
      running = false;
      generation++;
      post({ type: 'paused' });
      break;
    case 'speed':
      delay = data.delay ?? delay;
      break;
    case 'step':
      running = false;
      generation++;
      if (execution && !done) stepOnce(1);
      post({ type: 'paused' });
      break;
    case 'stepOver':
      if (execution && !done) await stepOver(data.target);
      break;
    case 'answer':
      if (!execution || done || !debugging) break;
      try {
        if (data.action === 'success') execution.sendTaskSuccess(data.token, data.output);
        else if (data.action === 'failure') execution.sendTaskFailure(data.token, data.error || null, data.cause || null);
        else if (data.action === 'heartbeat') execution.sendTaskHeartbeat(data.token);
        else execution.letTimePass(data.seconds == null ? null : data.seconds * 1000);
        post({ type: 'answered' });
      } catch (error) {
        post({ type: 'answered', failure: describeError(error) });
        break;
      }
      running = true;
      runLoop();
      break;
    case 'breakpoints':
      if (!execution || !debugging) break;
      try {
        execution.setBreakpoints(data.breakpoints ?? []);
      } catch (error) {
        post({ type: 'answered', failure: describeError(error) });
      }
      break;
    case 'savedCase':
      try {
        post({ type: 'savedCase', text: execution.savedCase(data.mocks ?? null, data.testCase ?? null) });
      } catch (error) {
        post({ type: 'savedCase', failure: describeError(error) });
      }
      break;
    case 'mapRun': {
      // Only the second module's Execution has these methods.
      const has = typeof execution?.mapRunSummary === 'function';
      try {
        post({
          type: 'mapRun',
          start: data.start ?? 0,
          summary: has ? execution.mapRunSummary(data.start ?? 0, data.count ?? 200) : null,
          s3: has ? execution.s3Objects(data.maxChars ?? 100_000) : null,
        });
      } catch (error) {
        post({ type: 'mapRun', summary: null, s3: null, failure: describeError(error) });
      }
      break;
    }
    case 'mapRunChild':
      try {
        post({ type: 'mapRunChild', position: data.position, child: execution.mapRunChild(data.position) });
      } catch (error) {
        post({ type: 'mapRunChild', position: data.position, failure: describeError(error) });
      }
      break;
    case 'inspection':
      try {
        post({ type: 'inspection', visits: execution ? execution.inspection() : [] });
      } catch (error) {
        post({ type: 'inspection', visits: [], failure: describeError(error) });
      }
      break;
    default:
      break;
  }
};

