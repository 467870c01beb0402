// Shared set-up for the browser tests: a static server over www/dist on a free port, and
// Debian's chromium driven by playwright-core (no downloaded browsers; launch() gives each
// run a fresh, temporary profile).
import { mkdirSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static-server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const OUTPUT_DIR = join(root, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Starts the server (over `dist`, by default www/dist) and browser; returns
 * { url, browser, newPage(), close() }. */
export async function setUp({ dist = join(root, 'www/dist') } = {}) {
  if (!existsSync(join(dist, 'index.html'))) throw new Error('www/dist is missing: run scripts/build-wasm.sh and `vite build www` first');
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const server = await startServer(dist, 0);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const newPage = async () => {
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') page.errors.push(m.text());
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return page;
  };
  return {
    url: server.url,
    browser,
    context,
    newPage,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export const screenshot = (page, name) => page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`) });

/** Picks a built-in example by (part of) its name. */
export async function loadExample(page, name) {
  const value = await page.$eval('[data-testid="example-select"]', (select, wanted) => {
    const option = [...select.options].find((o) => o.textContent.includes(wanted));
    return option ? option.value : null;
  }, name);
  if (value === null) throw new Error(`no example named ${name}`);
  await page.selectOption('[data-testid="example-select"]', value);
}

/** Waits until the diagram shows nodes for every listed state. */
export async function waitForDiagram(page, states) {
  for (const name of states) {
    await page.waitForSelector(`[data-testid="diagram"] [data-state="${name}"]`, { timeout: 15_000 });
  }
}

export async function statusOf(page, name) {
  return page.getAttribute(`[data-testid="diagram"] [data-state="${name}"]`, 'data-status');
}

/** Waits until the diagram paints state `name` with `status` (it repaints once per frame). */
export async function waitForStateStatus(page, name, status, timeout = 5_000) {
  await page.waitForFunction(
    ([state, want]) => document.querySelector(`[data-testid="diagram"] [data-state="${state}"]`)?.dataset.status === want,
    [name, status],
    { timeout },
  );
}

export async function waitForStatus(page, text, timeout = 30_000) {
  // At full speed the final status shows before the events are parsed and painted
  // (controls.js): a final status also waits until the page has settled.
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="execution-status"]')?.textContent === want
      && (want === 'RUNNING' || document.body.dataset.settled !== 'false'),
    text,
    { timeout },
  );
}

/** Replaces the definition editor's text (typed as one input, like a paste). */
export async function replaceDefinition(page, text) {
  await page.click('[data-testid="definition-editor"] .cm-content');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}
