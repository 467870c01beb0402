// The Distributed Map benchmark of issue 15, generated (no committed data): 10,000 CSV rows
// read from the virtual S3 by an `ItemReader`, in 100 batches of 100 (`ItemBatcher`,
// `MaxConcurrency` 10), each child a Pass over its batch, the results written back by a
// `ResultWriter` (manifest.json and SUCCEEDED_0.json).
//
//   node bench/dmap-csv.mjs [--out target/bench/dmap]
//
// writes definition.asl.json, input.json and mocks.json (the mock file holding the CSV under
// "x-asl-playground"; docs/distributed-map.md). bench/dmap-native.mjs (`asl run`) and
// bench/page-dmap.mjs (the page) both run these files, so the two figures are of one workload.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROWS = 10_000;
export const BATCH = 100;
export const BUCKET = 'bench-data';
export const KEY = 'orders/orders.csv';
export const RESULTS = { Bucket: 'bench-results', Prefix: 'run' };

/** `id,customer,amount` and ROWS rows, deterministic (no randomness: the same bytes each run). */
export function csv() {
  const rows = ['id,customer,amount'];
  for (let i = 0; i < ROWS; i++) rows.push(`${i},c-${i % 997},${(i * 37) % 1000}.${i % 100}`);
  return rows.join('\n') + '\n';
}

export function definition() {
  return {
    Comment: `Distributed Map benchmark: ${ROWS} CSV rows in batches of ${BATCH}, results written to S3`,
    StartAt: 'Orders',
    States: {
      Orders: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: BUCKET, Key: KEY },
        },
        ItemBatcher: { MaxItemsPerBatch: BATCH },
        MaxConcurrency: 10,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Total',
          States: { Total: { Type: 'Pass', Parameters: { 'count.$': 'States.ArrayLength($.Items)', 'first.$': '$.Items[0].id' }, End: true } },
        },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: RESULTS },
        End: true,
      },
    },
  };
}

/** The three documents as the page's editors and `asl run` take them. */
export function files() {
  const mocks = {
    StateMachines: { Bench: { TestCases: { bench: {} } } },
    MockedResponses: {},
    'x-asl-playground': { s3: { [BUCKET]: { [KEY]: csv() } } },
  };
  return {
    definition: JSON.stringify(definition(), null, 2),
    input: '{}',
    mocks: JSON.stringify(mocks),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const i = process.argv.indexOf('--out');
  const out = resolve(root, i < 0 ? 'target/bench/dmap' : process.argv[i + 1]);
  mkdirSync(out, { recursive: true });
  const f = files();
  writeFileSync(join(out, 'definition.asl.json'), f.definition);
  writeFileSync(join(out, 'input.json'), f.input);
  writeFileSync(join(out, 'mocks.json'), f.mocks);
  console.log(`${out}: ${ROWS} rows, CSV ${csv().length} bytes`);
}
