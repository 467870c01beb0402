// Writes MockConfigFile documents (the Step Functions Local mock format that `asl run --mocks`
// and asl_core::mocks::MockConfig read) for the workloads with mocked Task states, so that our
// interpreter sees exactly the task behaviour the peers see.
//
//   node bench/gen-mocks.mjs --peers target/bench-peers/peers --out target/bench/mocks
//
// The behaviour is defined once, in the peers' mocks.mjs (functions of the Task's effective
// input). Rather than re-deriving each Task's input by hand, this script runs every workload
// once on aws-local-stepfunctions with those functions wrapped, records each call's result or
// error in call order, and writes them as numbered responses: key N is the state's N-th
// invocation in the execution (0-based), consecutive identical responses merged into "A-B".
// The recording run's output must equal expected-output.json, or nothing is written.
//
// Output: OUT/<workload>.json with state machine <workload> and test case "bench".
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const peers = resolve(opt('--peers', 'target/bench-peers/peers'));
const out = resolve(opt('--out', 'target/bench/mocks'));
const TEST_CASE = 'bench';

if (typeof Promise.withResolvers !== 'function') {
  // aws-local-stepfunctions 3.0.0 needs it (Node >= 22); same polyfill as the peer drivers.
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

const imp = (f) => import(pathToFileURL(join(peers, f)).href);
const { manifest, loadWorkload, sameJson } = await imp('common.mjs');
const { createMocks, retryZero } = await imp('mocks.mjs');
const { StateMachine } = await imp('node_modules/aws-local-stepfunctions/build/main.node.esm.js');

// Responses in call order -> {"0": r, "1-2": r, ...}.
function numbered(calls) {
  const keyed = {};
  let start = 0;
  for (let k = 1; k <= calls.length; k++) {
    if (k < calls.length && JSON.stringify(calls[k]) === JSON.stringify(calls[start])) continue;
    keyed[start === k - 1 ? `${start}` : `${start}-${k - 1}`] = calls[start];
    start = k;
  }
  return keyed;
}

mkdirSync(out, { recursive: true });
let failed = false;
for (const { name } of manifest) {
  const mocks = createMocks(name);
  if (Object.keys(mocks).length === 0) continue;
  const w = loadWorkload(name);
  const calls = {};
  const handlers = {};
  for (const [state, fn] of Object.entries(mocks)) {
    calls[state] = [];
    handlers[state] = async (input) => {
      try {
        const result = await fn(input);
        calls[state].push({ Return: result });
        return result;
      } catch (e) {
        calls[state].push({ Throw: { Error: e.name, Cause: e.message } });
        throw e;
      }
    };
  }
  const sm = new StateMachine(w.definition);
  const output = await sm.run(w.input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: {}, retryIntervalOverrides: retryZero[name] ?? {} },
    ...(w.context ? { context: w.context } : {}),
  }).result;
  if (!sameJson(output, w.expected)) {
    console.error(`gen-mocks: ${name}: recording run's output differs from expected-output.json`);
    failed = true;
    continue;
  }
  const testCase = {};
  const responses = {};
  for (const state of Object.keys(mocks)) {
    const responseName = `${state} responses`;
    testCase[state] = responseName;
    responses[responseName] = numbered(calls[state]);
  }
  const doc = { StateMachines: { [name]: { TestCases: { [TEST_CASE]: testCase } } }, MockedResponses: responses };
  writeFileSync(join(out, `${name}.json`), JSON.stringify(doc, null, 1) + '\n');
  const n = Object.values(calls).reduce((a, c) => a + c.length, 0);
  console.error(`gen-mocks: ${name}: ${n} task invocations recorded -> ${join(out, name + '.json')}`);
}
process.exit(failed ? 1 : 0);
