// Writes docs/screenshot.png (1280×800): serves www/dist, runs the default example to the
// end in Debian's chromium (playwright-core, no downloaded browsers) and captures the page.
// Usage: node scripts/screenshot.mjs   (after build-wasm.sh and `vite build www`)
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'www/dist');
const out = join(root, 'docs/screenshot.png');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('www/dist is missing: run scripts/build-wasm.sh and `npx vite build www` first');
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
const server = await startServer(dist, 0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid="diagram"] [data-state="Order Complete"]', { timeout: 20_000 });
  await page.click('[data-testid="run"]');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="execution-status"]')?.textContent === 'SUCCEEDED',
    null,
    { timeout: 30_000 },
  );
  // Let the last diagram repaint land.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: out });
  console.log(`[screenshot] ${out}: ${statSync(out).size} bytes`);
} finally {
  await browser.close();
  await server.close();
}
