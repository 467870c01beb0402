// CPU time per execution of one workload through asl-wasm's Execution API, as
// bench/wasm-node.mjs drives it (new Execution(…), then stepJson until done), for before/after
// comparisons on a loaded machine, where wall time moves by several times between runs:
// process.cpuUsage() (user + system of the Node process), median of SAMPLES samples of REPEAT
// executions after REPEAT warm-up executions. Needs bench/run.sh's peers and mocks first.
//
//   node bench/wasm-cpu.mjs PKG_DIR WORKLOAD [REPEAT=20] [SAMPLES=7] [step|stepJson]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const [pkgDir, name, repeatArg, samplesArg, method = 'stepJson'] = process.argv.slice(2);
const peers = resolve('target/bench-peers/peers');
const { loadWorkload } = await import(pathToFileURL(join(peers, 'common.mjs')).href);
const wasm = createRequire(import.meta.url)(join(resolve(pkgDir), 'asl_wasm.js'));
const w = loadWorkload(name);
const definition = JSON.stringify(w.definition);
const input = JSON.stringify(w.input);
const mocks = w.taskInvocations > 0 ? readFileSync(`target/bench/mocks/${name}.json`, 'utf8') : null;
const testCase = mocks ? { stateMachine: name, testCase: 'bench' } : null;
const options = { seed: 0x5eed, stateMachineName: name, maxEvents: 10_000_000 };
if (w.context?.Execution?.Name) options.executionName = w.context.Execution.Name;
const once = () => { const e = new wasm.Execution(definition, input, mocks, testCase, options); let r; do r = e[method](10_000_000); while (!r.done); e.free(); return r; };
const r0 = once(); if (r0.status !== 'SUCCEEDED') throw new Error(r0.status);
const repeat = Number(repeatArg ?? 20), samples = Number(samplesArg ?? 7);
for (let i = 0; i < repeat; i++) once();
const per = [];
for (let s = 0; s < samples; s++) { const c = process.cpuUsage(); for (let i = 0; i < repeat; i++) once(); const d = process.cpuUsage(c); per.push((d.user + d.system) / 1000 / repeat); }
per.sort((a, b) => a - b);
console.log(`${pkgDir} ${name} ${method}: ${per[per.length >> 1].toFixed(3)} ms CPU/execution (min ${per[0].toFixed(3)})`);
