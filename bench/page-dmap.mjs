// The Distributed Map benchmark (bench/dmap-csv.mjs: 10,000 CSV rows, 100 batches of 100,
// ResultWriter) in the page, in headless Chromium against the built page (www/dist), with the
// browser tests' set-up (tests/browser/helpers.mjs):
//
//   node bench/page-dmap.mjs [--loads 5] [--out target/bench] [--dist www/dist]
//
// For each of --loads fresh pages: the three documents are pasted into their editors, then
// Run is clicked at the default (Instant) speed; the figure is Run click → the final status
// SUCCEEDED shown (and, separately, → the page settled: diagram and event table drawn). Also
// the main thread's JS heap after the run (CDP Performance.getMetrics JSHeapUsedSize; the
// interpreter's own memory is in the Worker and not counted there) and the tab's resident set
// (its renderer process: page, Worker and wasm memory; tests/browser/renderer-memory.mjs). Prints a Markdown line and one
// JSON line, appended to <out>/dmap.jsonl. Timings never fail it; a wrong run does.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { setUp } from '../tests/browser/helpers.mjs';
import { rendererMemoryMiB } from '../tests/browser/renderer-memory.mjs';
import { files, ROWS, BATCH } from './dmap-csv.mjs';
import { option, median } from './args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = Number(option('--loads', '5'));
const OUT = resolve(root, option('--out', 'target/bench'));
const DIST = resolve(root, option('--dist', 'www/dist'));


/** Pastes `text` over an editor's whole content (as hostile.test.mjs does). */
async function paste(page, editor, text) {
  await page.$eval(`[data-testid="${editor}-editor"] .cm-content`, (content, value) => {
    content.focus();
    document.execCommand('selectAll');
    const data = new DataTransfer();
    data.setData('text/plain', value);
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function heapMiB(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
}

async function once(env, f) {
  const page = await env.newPage();
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await paste(page, 'mocks', f.mocks);
    await paste(page, 'input', f.input);
    await paste(page, 'definition', f.definition);
    await page.waitForSelector('[data-testid="diagram"] [data-state="Orders"]', { timeout: 30_000 });
    await page.waitForTimeout(500); // the debounced checks of what was pasted
    await page.evaluate(() => {
      const b = (window.__dmap = {});
      document.querySelector('[data-testid="run"]').addEventListener('click', () => { b.start = performance.now(); }, { capture: true, once: true });
      const status = document.querySelector('[data-testid="execution-status"]');
      new MutationObserver(() => {
        if (b.start !== undefined && b.end === undefined && !['RUNNING', ''].includes(status.textContent)) {
          b.end = performance.now();
          b.status = status.textContent;
        }
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.click('[data-testid="run"]');
    await page.waitForFunction(() => window.__dmap.end !== undefined, null, { timeout: 120_000 });
    await page.waitForFunction(() => document.body.dataset.settled !== 'false', null, { timeout: 120_000 });
    const settled = await page.evaluate(() => performance.now() - window.__dmap.start);
    const { start, end, status } = await page.evaluate(() => window.__dmap);
    const output = await page.textContent('[data-testid="execution-output"]');
    if (status !== 'SUCCEEDED' || !/ResultWriterDetails/.test(output) || !/manifest\.json/.test(output)) {
      throw new Error(`wrong behaviour: status ${status}, output ${output.slice(0, 300)}`);
    }
    if (page.errors.length) throw new Error(`page errors: ${page.errors.join('\n')}`);
    return { runMs: end - start, settledMs: settled, heapMiB: await heapMiB(cdp), rendererRssMiB: rendererMemoryMiB().rss };
  } finally {
    await page.close();
  }
}

const env = await setUp({ dist: DIST });
const per = [];
try {
  const f = files();
  for (let i = 0; i < LOADS; i++) per.push(await once(env, f));
} finally {
  await env.close();
}
const line = {
  engine: 'page (headless Chromium)', workload: `dmap-csv-${ROWS}`, batches: ROWS / BATCH,
  runMs: median(per.map((p) => p.runMs)), settledMs: median(per.map((p) => p.settledMs)),
  heapMiB: median(per.map((p) => p.heapMiB)), rendererRssMiB: median(per.map((p) => p.rendererRssMiB)), loads: LOADS, perLoad: per,
  loadavg: loadavg().map((l) => l.toFixed(1)).join(' '),
};
mkdirSync(OUT, { recursive: true });
appendFileSync(join(OUT, 'dmap.jsonl'), JSON.stringify(line) + '\n');
console.log(JSON.stringify(line));
console.log(`| dmap-csv-${ROWS} (page) | Run → SUCCEEDED ${line.runMs.toFixed(0)} ms (median of ${LOADS}), settled ${line.settledMs.toFixed(0)} ms, main-thread JS heap ${line.heapMiB.toFixed(1)} MiB, tab (renderer) RSS ${line.rendererRssMiB.toFixed(0)} MiB |`);
