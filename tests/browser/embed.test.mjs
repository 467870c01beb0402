// The embeddable page (embed.html) and the documentation script (docs-embed/asl-embed.js):
// views, theme, autoplay, the compact controls, links from `asl share --embed`, and a sample
// documentation page whose three code blocks become lazily loaded, runnable embeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot } from './helpers.mjs';
import { openWithTraps, caught, editorText, runToEnd, asl, ROOT } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const visible = (page, selector) => page.locator(selector).first().isVisible();

test('embed: diagram view with compact controls runs, steps and resets', async () => {
  const page = await openWithTraps(env, 'embed.html#example=error-handling');
  await page.waitForSelector('[data-testid="diagram"] [data-state="Charge Card"]');
  assert.equal(await page.getAttribute('body', 'data-view'), 'diagram');
  assert.equal(await visible(page, '[data-testid="definition-editor"]'), false);
  for (const id of ['run', 'step', 'reset', 'speed']) assert.ok(await visible(page, `[data-testid="${id}"]`), id);
  assert.equal(await visible(page, '[data-testid="step-over"]'), false);
  // Step reveals the run one event at a time.
  await page.click('[data-testid="step"]');
  await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="event-count"]')?.textContent ?? ''));
  assert.notEqual(await page.textContent('[data-testid="execution-status"]'), 'IDLE');
  await page.click('[data-testid="reset"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]')?.textContent === 'IDLE');
  const { status, output } = await runToEnd(page);
  assert.equal(status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(output), { orderId: 'ORD-1001', chargeId: 'ch_3PqR7s', status: 'CHARGED' });
  assert.equal(await page.getAttribute('[data-testid="diagram"] [data-state="Payment Complete"]', 'data-status'), 'succeeded');
  assert.equal(await page.getAttribute('[data-testid="open-playground"]', 'href'), './index.html#example=error-handling');
  await screenshot(page, 'embed-diagram');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('embed: view=full shows the editors, view=input only the input', async () => {
  const full = await openWithTraps(env, 'embed.html#example=choice-rules&view=full');
  await full.waitForSelector('[data-testid="diagram"] [data-state="Route Order"]');
  for (const name of ['definition', 'input', 'mocks']) assert.ok(await visible(full, `[data-testid="${name}-editor"]`), name);
  assert.equal(await editorText(full, 'definition'), read('examples/choice-rules/definition.asl.json'));
  await screenshot(full, 'embed-full');
  await full.close();

  const input = await openWithTraps(env, 'embed.html#example=choice-rules&view=input');
  await input.waitForSelector('[data-testid="diagram"] [data-state="Route Order"]');
  assert.ok(await visible(input, '[data-testid="input-editor"]'));
  assert.equal(await visible(input, '[data-testid="definition-editor"]'), false);
  assert.equal(await visible(input, '[data-testid="mocks-editor"]'), false);
  assert.equal(await editorText(input, 'input'), read('examples/choice-rules/input.json'));
  await input.close();
});

test('embed: theme=dark and autoplay=1', async () => {
  const page = await openWithTraps(env, 'embed.html#example=wait-one-year&theme=dark&autoplay=1');
  await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]')?.textContent === 'SUCCEEDED', null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(15, 18, 23)');
  await screenshot(page, 'embed-dark-autoplay');
  await page.close();

  const light = await openWithTraps(env, 'embed.html#example=wait-one-year&theme=light');
  assert.equal(await light.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)');
  assert.equal(await light.textContent('[data-testid="execution-status"]'), 'IDLE');
  await light.close();
});

test('embed: a link from `asl share --embed` opens with its files and test case', async () => {
  const dir = 'examples/batch-job';
  const link = asl(['share', `${dir}/definition.asl.json`, '--input', `${dir}/input.json`, '--mocks', `${dir}/mocks.json`,
    '--test-case', 'JobFails', '--embed', '--base', env.url]).trim();
  assert.ok(link.startsWith(`${env.url}embed.html#v1=`), link);
  const page = await openWithTraps(env, `${link.slice(env.url.length)}&view=full`);
  assert.equal(await editorText(page, 'mocks'), read(`${dir}/mocks.json`));
  const { status, output } = await runToEnd(page);
  assert.equal(status, 'FAILED');
  assert.match(output, /BatchJobFailed/);
  await page.close();
});

test('embed: a broken link shows why and the default example', async () => {
  const page = await openWithTraps(env, 'embed.html#v1=AAAA*');
  assert.match(await page.textContent('[data-testid="embed-message"]'), /could not be opened: .*base64url.*default example/);
  await page.waitForSelector('[data-testid="diagram"] [data-state]');
  await page.close();
});

test('docs: asl-embed.js turns three code blocks into lazily loaded embeds; one runs', async () => {
  const page = await openWithTraps(env, 'docs-embed/sample.html', { ready: false });
  await page.waitForFunction(() => document.querySelectorAll('iframe.asl-embed-frame').length >= 1);
  await page.waitForTimeout(500);
  const states = await page.$$eval('pre[data-asl-embed]', (list) => list.map((p) => p.dataset.aslEmbed));
  assert.equal(states.length, 3);
  // The third machine is below the fold: not loaded until it is scrolled to.
  assert.equal(states[2], 'pending');
  assert.equal(await page.locator('iframe.asl-embed-frame').count(), states.filter((s) => s === 'done').length);
  await page.locator('pre[data-asl-embed]').nth(2).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelectorAll('iframe.asl-embed-frame').length === 3);
  const srcs = await page.$$eval('iframe.asl-embed-frame', (list) => list.map((f) => f.getAttribute('src')));
  assert.ok(srcs.every((s) => /\/embed\.html#v1=[A-Za-z0-9_-]+/.test(s)), srcs.join('\n'));
  assert.match(srcs[1], /&view=full/);
  assert.match(srcs[2], /&theme=dark/);

  // Run the first machine inside its iframe.
  const frame = page.frames().find((f) => f.url() === srcs[0]) ?? (await (await page.$('iframe.asl-embed-frame')).contentFrame());
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await frame.waitForSelector('[data-testid="diagram"] [data-state="Greet"]');
  await frame.click('[data-testid="run"]');
  await frame.waitForFunction(() => document.querySelector('[data-testid="execution-status"]')?.textContent === 'SUCCEEDED', null, { timeout: 30_000 });
  assert.deepEqual(JSON.parse(await frame.textContent('[data-testid="execution-output"]')), { greeting: 'Hello, Ada!' });

  // Sandboxed (issue 19, item 8): scripts and its own origin (the Worker and wasm load, as the
  // run above shows), popups for "Open in playground"; the embed cannot navigate this page.
  const sandboxes = await page.$$eval('iframe.asl-embed-frame', (list) => list.map((f) => f.getAttribute('sandbox')));
  assert.deepEqual(sandboxes, new Array(3).fill('allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox'));
  const host = page.url();
  await frame.evaluate(() => {
    try {
      window.top.location.href = 'about:blank#escaped';
    } catch {
      // refused: what the sandbox is for
    }
  });
  await page.waitForTimeout(500);
  assert.equal(page.url(), host, 'the embed navigated the host page');
  const [tab] = await Promise.all([page.context().waitForEvent('page'), frame.click('[data-testid="open-playground"]')]);
  await tab.waitForLoadState('domcontentloaded');
  assert.match(tab.url(), /\/index\.html#v1=[A-Za-z0-9_-]+/);
  await tab.close();

  // The second block shipped its mocks and test case: the retry shows in the full view.
  const second = await (await page.$$('iframe.asl-embed-frame'))[1].contentFrame();
  await second.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.ok((await editorText(second, 'mocks')).includes('ThrottledOnce'));
  await screenshot(page, 'docs-sample');
  const trap = await caught(page);
  assert.deepEqual([trap.pwned, trap.csp, trap.dialogs], [[], [], []]);
  await page.close();
});
