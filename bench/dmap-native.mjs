// The Distributed Map benchmark (bench/dmap-csv.mjs) as one whole `asl run` process:
//
//   node bench/dmap-native.mjs [--asl target/release/asl] [--runs 10] [--out target/bench]
//
// Checks the output first (SUCCEEDED, ResultWriterDetails, 100 results in SUCCEEDED_0.json),
// then wall time with `hyperfine -N` (1 warm-up, median of --runs) and peak RSS with
// `/usr/bin/time -f %M` (median of 5). Prints one JSON line, also appended to
// <out>/dmap.jsonl.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { csv, files, ROWS, BATCH } from './dmap-csv.mjs';
import { option, median } from './args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ASL = resolve(root, option('--asl', 'target/release/asl'));
const RUNS = Number(option('--runs', '10'));
const OUT = resolve(root, option('--out', 'target/bench'));
const dir = join(OUT, 'dmap');
mkdirSync(dir, { recursive: true });
const f = files();
const paths = { definition: join(dir, 'definition.asl.json'), input: join(dir, 'input.json'), mocks: join(dir, 'mocks.json') };
for (const [k, p] of Object.entries(paths)) writeFileSync(p, f[k]);
const args = ['run', paths.definition, '--input', paths.input, '--mocks', paths.mocks];


// Correctness first: a benchmark of a wrong run is worthless.
const result = JSON.parse(execFileSync(ASL, args, { maxBuffer: 1 << 28 }).toString());
if (result.status !== 'SUCCEEDED') throw new Error(`wrong behaviour: ${JSON.stringify(result).slice(0, 400)}`);
const written = result['x-asl-playground']?.s3?.['bench-results'] ?? {};
const succeeded = Object.entries(written).find(([k]) => k.endsWith('/SUCCEEDED_0.json'));
if (!result.output?.ResultWriterDetails?.Key?.endsWith('/manifest.json') || !succeeded) throw new Error('wrong behaviour: no manifest or SUCCEEDED_0.json');
const children = JSON.parse(succeeded[1]);
if (children.length !== ROWS / BATCH) throw new Error(`wrong behaviour: ${children.length} results, not ${ROWS / BATCH}`);

const json = join(tmpdir(), `dmap-hyperfine-${process.pid}.json`);
execFileSync('hyperfine', ['-N', '--warmup', '1', '--runs', String(RUNS), '--export-json', json, [ASL, ...args].map((a) => `'${a}'`).join(' ')], { stdio: ['ignore', 'ignore', 'inherit'] });
const times = JSON.parse(readFileSync(json, 'utf8')).results[0].times.map((t) => t * 1000);
const rss = [];
for (let i = 0; i < 5; i++) {
  const err = spawnSync('/usr/bin/time', ['-f', '%M', ASL, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }).stderr.toString();
  rss.push(Number(err.trim().split('\n').pop()) / 1024);
}
const line = {
  engine: 'asl run (native)', workload: `dmap-csv-${ROWS}`, csvBytes: csv().length,
  wallMs: { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length },
  peakRssMiB: median(rss), successesFileBytes: succeeded[1].length, loadavg: loadavg().map((l) => l.toFixed(1)).join(' '),
};
console.log(JSON.stringify(line));
appendFileSync(join(OUT, 'dmap.jsonl'), JSON.stringify(line) + '\n');
