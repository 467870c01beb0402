// The first load's critical path, in headless Chromium against the built page (issue 20):
//
//   node bench/page-profile.mjs [--loads 3] [--dist www/dist] [--trace target/bench/trace.json]
//
// For each fresh load (a new browser context: no cache), prints when each file was fetched
// (start → end, ms after navigation start, with its transfer size), the page's own
// `asl:*` marks and measures, and the main thread's long tasks (≥ 50 ms) before the first
// diagram. With --trace, the last load's Chrome trace (devtools.timeline, v8 compile and
// execution categories) is written for chrome://tracing or the DevTools Performance panel.
// This is a diagnostic: bench/page.mjs gives the figures.
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUp } from '../tests/browser/helpers.mjs';
import { option } from './args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = Number(option('--loads', '3'));
const DIST = resolve(root, option('--dist', 'www/dist'));
const TRACE = option('--trace', null);
/** --cpu N: the main thread's CPU profile of each load, its N heaviest functions by self time. */
const CPU = Number(option('--cpu', '0'));
/** --from MARK: only the samples after that asl: mark (e.g. asl:render-start). */
const FROM = option('--from', null);

async function oneLoad(env, trace) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  let chunks = [];
  if (trace) {
    cdp.on('Tracing.dataCollected', ({ value }) => chunks.push(...value));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.execute,disabled-by-default-v8.compile,blink.user_timing,loading',
      transferMode: 'ReportEvents',
    });
  }
  if (CPU) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(env.url);
  await page.waitForFunction(() => performance.getEntriesByName('asl:diagram').length > 0, null, { timeout: 30_000, polling: 'raf' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  const figures = await page.evaluate(() => {
    const diagram = performance.getEntriesByName('asl:diagram')[0].startTime;
    const files = performance.getEntriesByType('resource').map((r) => ({
      file: new URL(r.name).pathname.replace(/^\/(assets\/)?/, ''),
      start: r.startTime,
      end: r.responseEnd,
      bytes: r.transferSize || r.encodedBodySize,
    }));
    const nav = performance.getEntriesByType('navigation')[0];
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('asl:')).map((m) => ({ name: m.name, at: m.startTime }));
    const measures = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('asl:')).map((m) => ({ name: m.name, start: m.startTime, duration: m.duration }));
    return {
      diagram,
      html: { end: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd },
      files,
      marks,
      measures,
      longTasks: window.__longTasks.filter((t) => t.start < diagram),
    };
  });
  if (CPU) {
    const { profile } = await cdp.send('Profiler.stop');
    const from = FROM ? figures.marks.find((m) => m.name === FROM)?.at ?? 0 : 0;
    figures.cpu = heaviest(profile, figures.diagram, from);
  }
  if (trace) {
    const finished = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.end');
    await finished;
    mkdirSync(dirname(resolve(root, trace)), { recursive: true });
    writeFileSync(resolve(root, trace), JSON.stringify({ traceEvents: chunks }));
    chunks = [];
  }
  await context.close();
  return figures;
}

/** Self time (ms) per function (and per script) in the samples taken before `untilMs`
 * after the profile's start. */
function heaviest(profile, untilMs, fromMs = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const perScript = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    // (The profile starts just before navigation: its clock is the page's within a few ms.)
    const at = (t - profile.startTime) / 1000;
    if (at > untilMs || at < fromMs) return;
    const { functionName, url, lineNumber, columnNumber } = byId.get(id).callFrame;
    const file = url.replace(/^.*\//, '') || '(native)';
    const key = `${functionName || "(anonymous)"} ${file}:${lineNumber}:${columnNumber}`;
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + dt);
    perScript.set(file, (perScript.get(file) ?? 0) + dt);
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, CPU).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`);
  return { functions: top(self), scripts: top(perScript) };
}

const ms = (v) => `${v.toFixed(0).padStart(5)}`;

async function main() {
  const env = await setUp({ dist: DIST });
  try {
    for (let i = 0; i < LOADS; i++) {
      const f = await oneLoad(env, TRACE && i === LOADS - 1 ? TRACE : null);
      console.log(`\n## load ${i + 1}: first diagram at ${f.diagram.toFixed(0)} ms`);
      console.log(`html end ${ms(f.html.end)}  domInteractive ${ms(f.html.domInteractive)}  DOMContentLoaded ${ms(f.html.domContentLoaded)}`);
      for (const r of f.files.sort((a, b) => a.start - b.start)) {
        console.log(`fetch ${ms(r.start)} → ${ms(r.end)}  ${String(r.bytes).padStart(8)} B  ${r.file}`);
      }
      for (const m of f.marks) console.log(`mark  ${ms(m.at)}  ${m.name}`);
      for (const m of f.measures) console.log(`measure ${ms(m.start)} +${ms(m.duration)}  ${m.name}`);
      for (const t of f.longTasks) console.log(`long task ${ms(t.start)} +${ms(t.duration)}`);
      const busy = f.longTasks.reduce((s, t) => s + t.duration, 0);
      if (f.cpu) console.log(`cpu by script:\n${f.cpu.scripts.join('\n')}\ncpu by function:\n${f.cpu.functions.join('\n')}`);
      console.log(`long tasks before the diagram: ${f.longTasks.length}, ${busy.toFixed(0)} ms`);
    }
  } finally {
    await env.close();
  }
  if (TRACE) console.log(`\ntrace: ${join(root, TRACE)}`);
}

main().catch((error) => {
  console.error(error?.stack ?? error);
  process.exit(1);
});
