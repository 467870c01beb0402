// Times the wasm build of the interpreter (crates/asl-wasm) in Node, through its exported API,
// with the same methodology and workload copies as the peer drivers (peers/common.mjs:
// 1 checked warm-up + N samples of `repeat` executions, median ms per execution).
//
//   node bench/wasm-node.mjs [workload|all ...] [--samples 5] --pkg target/bench-wasm \
//        --peers target/bench-peers/peers --mocks target/bench/mocks
//
// --pkg holds a `wasm-bindgen --target nodejs` package of asl-wasm (bench/run.sh builds it).
// Each execution goes through the API as the playground's Worker uses it: `new Execution(definition
// text, input text, mocks text, test case, options)` then `stepJson()` until done, which also
// writes every history event as JSON text for JavaScript (the Worker posts that text on; the
// page parses it after showing the status). Until issue 20 this called `step()`, which also
// parsed every event into JavaScript objects. Prints one JSON line per workload.
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const take = (flag, dflt) => {
  const i = argv.indexOf(flag);
  if (i < 0) return dflt;
  const [, v] = argv.splice(i, 2);
  return v;
};
const pkg = resolve(take('--pkg', 'target/bench-wasm'));
const peers = resolve(take('--peers', 'target/bench-peers/peers'));
const mocksDir = resolve(take('--mocks', 'target/bench/mocks'));
const samples = Number(take('--samples', '5'));
const ENGINE = 'asl-core wasm (node)';

const { manifest, loadWorkload, benchInProcess } = await import(pathToFileURL(join(peers, 'common.mjs')).href);
const names = argv.length === 0 || argv.includes('all') ? manifest.map((w) => w.name) : argv;

const tLoad = performance.now();
const wasm = createRequire(import.meta.url)(join(pkg, 'asl_wasm.js'));
const loadMs = performance.now() - tLoad;
if (typeof wasm.Execution !== 'function') {
  for (const name of names) console.log(JSON.stringify({ engine: ENGINE, workload: name, error: 'asl-wasm exports no Execution' }));
  process.exit(1);
}

// Far above any workload's history (loop-10k alone records ~40,000 events).
const MAX_EVENTS = 10_000_000;

function prepare(w) {
  const definition = JSON.stringify(w.definition);
  const input = JSON.stringify(w.input);
  const mockFile = join(mocksDir, `${w.name}.json`);
  const mocks = w.taskInvocations > 0 ? readFileSync(mockFile, 'utf8') : null;
  const testCase = mocks ? { stateMachine: w.name, testCase: 'bench' } : null;
  const options = { seed: 0x5eed, stateMachineName: w.name, maxEvents: MAX_EVENTS };
  if (w.context?.Execution?.Name) options.executionName = w.context.Execution.Name;
  if (w.context?.Execution?.StartTime) options.startTime = Date.parse(w.context.Execution.StartTime);
  // Without a mock file, asl-wasm should run with no mocks (`null`). Where this build rejects
  // that, fall back to a mock file with one empty test case, and say so in the JSON line.
  let fallback = null;
  const start = () => {
    if (!fallback) {
      try {
        return new wasm.Execution(definition, input, mocks, testCase, options);
      } catch (e) {
        if (mocks || e?.kind !== 'mocks') throw e;
        fallback = JSON.stringify({ StateMachines: { [w.name]: { TestCases: { bench: {} } } }, MockedResponses: {} });
        notes.add(`asl-wasm rejects mocks=null (${e.message} ${(e.diagnostics ?? []).map((d) => d.code).join(',')}); ran with an empty test case`);
      }
    }
    return new wasm.Execution(definition, input, fallback, { stateMachine: w.name, testCase: 'bench' }, options);
  };
  return () => {
    const exec = start();
    try {
      let r;
      do r = exec.stepJson(MAX_EVENTS); while (!r.done);
      if (r.status !== 'SUCCEEDED') throw Object.assign(new Error(`${r.status}: ${r.error} ${r.cause ?? ''}`), { name: 'ExecutionFailed' });
      return r.output;
    } finally {
      exec.free?.();
    }
  };
}

let ok = true;
let notes;
for (const name of names) {
  const w = loadWorkload(name);
  notes = new Set();
  try {
    if (w.taskInvocations > 0 && !existsSync(join(mocksDir, `${name}.json`))) throw new Error(`no mocks at ${mocksDir} (run bench/gen-mocks.mjs)`);
    const r = await benchInProcess(w, prepare(w), samples);
    ok &&= r.correct;
    console.log(JSON.stringify({ engine: ENGINE, ...r, module_load_ms: +loadMs.toFixed(1), node: process.version, ...(notes.size ? { notes: [...notes] } : {}) }));
  } catch (e) {
    ok = false;
    console.log(JSON.stringify({ engine: ENGINE, workload: name, error: `${e?.name}: ${e?.message ?? e}`.slice(0, 300) }));
  }
}
process.exit(ok ? 0 : 1);
