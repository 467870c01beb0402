// The memory of the tabs a browser test opened, for figures (bench/README.md): the largest
// resident set among Chromium's renderer processes descended from this Node process (a tab's
// renderer holds the page, its Worker and the Worker's wasm memory). Linux only (/proc);
// NaN elsewhere.
import { readFileSync, readdirSync } from 'node:fs';

const children = (pid) => {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  } catch {
    return [];
  }
};

/** `{ rss, hwm }` in MiB: the largest current (VmRSS) and peak (VmHWM) resident set among the
 * renderers. A renderer may have served earlier pages of the same site, so the peak can be
 * theirs. */
export function rendererMemoryMiB() {
  const seen = [];
  const walk = (pid) => children(pid).forEach((c) => { seen.push(c); walk(c); });
  walk(process.pid);
  let rss = NaN;
  let hwm = NaN;
  const max = (a, b) => (Number.isFinite(a) ? Math.max(a, b) : b);
  for (const pid of seen) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss = max(rss, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024);
      hwm = max(hwm, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024);
    } catch { /* the process ended */ }
  }
  return { rss, hwm };
}
