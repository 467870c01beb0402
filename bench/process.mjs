// Whole-process figures: wall time (hyperfine, no shell, 1 warm-up) and peak RSS
// (/usr/bin/time -f %M, median of up to 5 runs) of one execution of a workload by
//   ours:  asl run DEF --input INPUT [--mocks MOCKS --test-case bench] [--execution-name NAME]
//   peer:  node run-aws-local-sfn.mjs WORKLOAD --once
// Each side's output is checked once before timing. One JSON line per (engine, workload).
//
//   node bench/process.mjs [workload|all ...] --asl target/release/asl --node NODE \
//        --peers target/bench-peers/peers --mocks target/bench/mocks [--runs 10]
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const take = (flag, dflt) => {
  const i = argv.indexOf(flag);
  if (i < 0) return dflt;
  const [, v] = argv.splice(i, 2);
  return v;
};
const asl = resolve(take('--asl', 'target/release/asl'));
const node = take('--node', process.execPath);
const peers = resolve(take('--peers', 'target/bench-peers/peers'));
const mocksDir = resolve(take('--mocks', 'target/bench/mocks'));
const runs = Number(take('--runs', '10'));
const { manifest, loadWorkload, sameJson, median } = await import(pathToFileURL(join(peers, 'common.mjs')).href);
const workloadsDir = join(peers, '..', 'workloads');
const names = argv.length === 0 || argv.includes('all') ? manifest.map((w) => w.name) : argv;
const SLOW_MS = 2000;
const tmp = mkdtempSync(join(tmpdir(), 'asl-bench-'));

// `asl run` may not offer --execution-name; then the Context object's name is not passed. The
// recorded mocks return fixed results, so the output does not depend on it (see bench/README.md).
const help = spawnSync(asl, ['run', '--help'], { encoding: 'utf8' });
const hasExecutionName = /--execution-name/.test(`${help.stdout}${help.stderr}`);

function oursCommand(w) {
  const dir = join(workloadsDir, w.name);
  const cmd = [asl, 'run', join(dir, 'definition.json'), '--input', join(dir, 'input.json')];
  if (w.taskInvocations > 0) cmd.push('--mocks', join(mocksDir, `${w.name}.json`), '--test-case', 'bench');
  if (w.context?.Execution?.Name && hasExecutionName) cmd.push('--execution-name', w.context.Execution.Name);
  return cmd;
}

function checkOurs(w, cmd) {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) return `exit ${r.status}: ${(r.stderr || r.stdout).slice(0, 300)}`;
  let doc;
  try { doc = JSON.parse(r.stdout); } catch (e) { return `stdout is not JSON: ${r.stdout.slice(0, 200)}`; }
  if (doc?.status !== 'SUCCEEDED') return `status ${doc?.status}: ${JSON.stringify(doc).slice(0, 300)}`;
  return sameJson(doc.output, w.expected) ? null : `wrong output: ${JSON.stringify(doc.output).slice(0, 300)}`;
}

function checkPeer(cmd) {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) return `exit ${r.status}: ${r.stderr.slice(0, 300)}`;
  return /"correct":true/.test(r.stdout) ? null : `wrong output: ${r.stdout.slice(0, 300)}`;
}

function wallMs(cmd, n, warmup) {
  const json = join(tmp, 'hyperfine.json');
  // -N: no intermediate shell, so the figure is the process alone. Arguments hold no spaces.
  const r = spawnSync('hyperfine', ['-N', '-w', String(warmup), '-r', String(n), '--export-json', json, cmd.join(' ')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hyperfine: ${r.stderr.slice(0, 300)}`);
  const res = JSON.parse(readFileSync(json, 'utf8')).results[0];
  return { median: res.median * 1000, min: res.min * 1000, max: res.max * 1000 };
}

function peakRssMiB(cmd, n) {
  const out = join(tmp, 'time.txt');
  const kib = [];
  for (let i = 0; i < n; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, ...cmd], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`/usr/bin/time: ${r.stderr.slice(0, 300)}`);
    kib.push(Number(readFileSync(out, 'utf8').trim().split('\n').pop()));
  }
  return median(kib) / 1024;
}

let ok = true;
for (const name of names) {
  const w = loadWorkload(name);
  const sides = [
    ['asl run (native)', oursCommand(w), checkOurs.bind(null, w)],
    ['aws-local-stepfunctions', [node, join(peers, 'run-aws-local-sfn.mjs'), name, '--once'], checkPeer],
  ];
  for (const [engine, cmd, check] of sides) {
    try {
      if (!existsSync(cmd[0])) throw new Error(`${cmd[0]} not found`);
      const t0 = performance.now();
      const problem = check(cmd);
      if (problem) throw new Error(problem);
      // A run of several seconds (payload-heavy) is timed 3 times, without warm-up: its
      // spread is small next to its length, and 10 runs would take minutes.
      const slow = performance.now() - t0 > SLOW_MS;
      const n = slow ? Math.min(runs, 3) : runs;
      const wall = wallMs(cmd, n, slow ? 0 : 1);
      const rss = peakRssMiB(cmd, slow ? 1 : Math.min(runs, 5));
      const note = engine.startsWith('asl') && w.context && !hasExecutionName ? { note: 'asl run has no --execution-name; ran with its default name' } : {};
      console.log(JSON.stringify({ engine, workload: name, correct: true, ...note, wall_ms_median: +wall.median.toFixed(2), wall_ms_min: +wall.min.toFixed(2), wall_ms_max: +wall.max.toFixed(2), peak_rss_mib: +rss.toFixed(1), runs: n }));
    } catch (e) {
      ok = false;
      console.log(JSON.stringify({ engine, workload: name, error: String(e.message ?? e).slice(0, 300) }));
    }
  }
}
rmSync(tmp, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
