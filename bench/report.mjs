// Turns the JSON lines of one bench/run.sh run into a Markdown report (stdout):
//   node bench/report.mjs target/bench   (reads native.jsonl, wasm.jsonl, peer.jsonl,
//                                          process.jsonl and meta.json from that folder)
// Targets checked: native >= 50x the peer on every workload and >= 100x on payload-heavy,
// wasm >= 20x, `asl run` on ml-pipeline <= 10 ms wall and <= 10 MiB peak RSS.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/bench';
const lines = (f) => existsSync(join(dir, f))
  ? readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l))
  : [];
const byWorkload = (rows) => Object.fromEntries(rows.map((r) => [r.workload, r]));
const native = byWorkload(lines('native.jsonl'));
const wasm = byWorkload(lines('wasm.jsonl'));
const peer = byWorkload(lines('peer.jsonl'));
const proc = lines('process.jsonl');
const meta = existsSync(join(dir, 'meta.json')) ? JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) : {};
const order = [...new Set([...Object.keys(peer), ...Object.keys(native), ...Object.keys(wasm)])];

const fmtMs = (r) => {
  if (!r) return 'not run';
  if (r.error) return `error: ${r.error.slice(0, 60)}`;
  const ms = r.ms_median < 1 ? r.ms_median.toFixed(4) : r.ms_median < 100 ? r.ms_median.toFixed(3) : r.ms_median.toFixed(1);
  return `${ms} ms${r.correct === false ? ' (WRONG OUTPUT)' : ''}`;
};
const ok = (r) => r && !r.error && r.correct;
const ratio = (p, o) => (ok(p) && ok(o) ? p.ms_median / o.ms_median : null);
const fmtRatio = (x) => (x === null ? 'n/a' : `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}x`);
const tps = (r) => (ok(r) ? Math.round(r.transitions_per_s).toLocaleString('en-US') : 'n/a');

const out = [];
out.push(`# Benchmark: asl-core vs aws-local-stepfunctions`, '');
out.push(`Run ${meta.date ?? '?'} by \`bench/run.sh\`${meta.samples ? ` (${meta.samples} samples per workload)` : ''}.`, '');
out.push(`Machine: ${meta.cpu ?? '?'}, ${meta.cores ?? '?'} cores, ${meta.mem ?? '?'} RAM, ${meta.os ?? '?'}; load average at the start ${meta.loadavg ?? '?'} (the machine is shared, so absolute figures are noisy; ratios come from the same run).`);
out.push(`Ours: ${meta.rustc ?? 'rustc ?'}, profile \`${meta.profile ?? 'release'}\`${meta.commit ? `, commit ${meta.commit}` : ''}. Wasm: ${meta.wasm ?? '?'}. Peer: aws-local-stepfunctions 3.0.0 on Node ${meta.peer_node ?? '?'}${peer[order[0]]?.polyfilled ? ' (polyfilled)' : ''}.`, '');
out.push('In-process: 1 checked warm-up, then N samples of `repeat` sequential executions; median ms per execution. Each output is checked against expected-output.json first.', '');
out.push('| workload | ours native median | ours wasm median | peer median | ratio peer/native | ratio peer/wasm |');
out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const w of order) {
  out.push(`| ${w} | ${fmtMs(native[w])} | ${fmtMs(wasm[w])} | ${fmtMs(peer[w])} | ${fmtRatio(ratio(peer[w], native[w]))} | ${fmtRatio(ratio(peer[w], wasm[w]))} |`);
}
out.push('', 'Transitions per second:', '');
out.push('| workload | transitions | ours native | ours wasm | peer |', '| --- | ---: | ---: | ---: | ---: |');
for (const w of order) {
  const t = (peer[w] ?? native[w] ?? wasm[w])?.transitions ?? '?';
  out.push(`| ${w} | ${t} | ${tps(native[w])} | ${tps(wasm[w])} | ${tps(peer[w])} |`);
}

if (proc.length) {
  out.push('', 'Whole process, one execution (`asl run …` vs `node run-aws-local-sfn.mjs <workload> --once`): wall time by hyperfine (no shell, 1 warm-up, median), peak RSS by /usr/bin/time (median):', '');
  out.push('| workload | asl run wall | asl run peak RSS | peer wall | peer peak RSS | ratio wall |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  const ws = [...new Set(proc.map((r) => r.workload))];
  for (const w of ws) {
    const o = proc.find((r) => r.workload === w && r.engine.startsWith('asl'));
    const p = proc.find((r) => r.workload === w && !r.engine.startsWith('asl'));
    const cell = (r, k, unit) => (!r ? 'not run' : r.error ? `error: ${shortError(r.error)}` : `${r[k]} ${unit}`);
    const rw = o && p && !o.error && !p.error ? fmtRatio(p.wall_ms_median / o.wall_ms_median) : 'n/a';
    out.push(`| ${w} | ${cell(o, 'wall_ms_median', 'ms')} | ${cell(o, 'peak_rss_mib', 'MiB')} | ${cell(p, 'wall_ms_median', 'ms')} | ${cell(p, 'peak_rss_mib', 'MiB')} | ${rw} |`);
  }
}

// `exit 1: {"status":"FAILED","error":…,"cause":…}` -> `FAILED: cause`, cut to fit a cell.
function shortError(e) {
  const m = /\{.*\}/s.exec(e);
  if (m) {
    try {
      const o = JSON.parse(m[0]);
      return `${o.status ?? ''} ${o.error ?? ''}: ${o.cause ?? ''}`.slice(0, 90);
    } catch { /* not JSON: fall through */ }
  }
  return e.slice(0, 90);
}

// Targets.
const verdict = (cond) => (cond === null ? 'NOT MEASURED' : cond ? 'met' : 'NOT MET');
// Any measured miss is a miss; all met but some unmeasured is "not measured".
const all = (xs) => (xs.some((x) => x === false) ? false : xs.some((x) => x === null) ? null : true);
const nat = order.map((w) => { const r = ratio(peer[w], native[w]); return r === null ? null : r >= (w === 'payload-heavy' ? 100 : 50); });
const was = order.map((w) => { const r = ratio(peer[w], wasm[w]); return r === null ? null : r >= 20; });
const ml = proc.find((r) => r.workload === 'ml-pipeline' && r.engine.startsWith('asl'));
out.push('', 'Targets:', '');
out.push(`- native >= 50x the peer on every workload, >= 100x on payload-heavy: ${verdict(order.length ? all(nat) : null)}`);
for (const [i, w] of order.entries()) if (nat[i] === false) out.push(`  - ${w}: ${fmtRatio(ratio(peer[w], native[w]))}`);
out.push(`- wasm >= 20x the peer on every workload: ${verdict(order.length ? all(was) : null)}`);
for (const [i, w] of order.entries()) if (was[i] === false) out.push(`  - ${w}: ${fmtRatio(ratio(peer[w], wasm[w]))}`);
out.push(`- \`asl run\` on ml-pipeline <= 10 ms wall: ${verdict(ml && !ml.error ? ml.wall_ms_median <= 10 : null)}${ml && !ml.error ? ` (${ml.wall_ms_median} ms)` : ''}`);
out.push(`- \`asl run\` on ml-pipeline <= 10 MiB peak RSS: ${verdict(ml && !ml.error ? ml.peak_rss_mib <= 10 : null)}${ml && !ml.error ? ` (${ml.peak_rss_mib} MiB)` : ''}`);
console.log(out.join('\n'));
