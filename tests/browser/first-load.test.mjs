// What the first load fetches and what a Run's Worker starts from (issue 20, bench/README
// "Page: the first diagram and the first Run"): the ELK layout only when a machine needs it,
// one wasm module for the page and every Worker, and a warmed-up Worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, loadExample, waitForDiagram, waitForStatus } from './helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

test('first load: no ELK code before the first diagram, one wasm fetch for the page and its Workers', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 860 } });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const fetched = [];
    // The context sees the Workers' requests too.
    context.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(env.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await waitForDiagram(page, ['Validate Order']);
    const elk = fetched.filter((path) => /layout-elk|elk\.bundled|\/render-[A-Z0-9]+-/.test(path));
    assert.deepEqual(elk, [], 'the ELK layout was fetched for a small machine');
    const wasm = () => fetched.filter((path) => /asl_wasm_bg[^/]*\.wasm$/.test(path));
    assert.equal(wasm().length, 1, `wasm fetches: ${wasm().join(', ')}`);

    // Run, then Run again (a fresh Worker started and told to run in one task), then Reset
    // and Run: each Worker instantiates the page's compiled module, none fetches its own.
    await loadExample(page, 'Loop forever');
    await waitForDiagram(page, ['Tick']);
    for (let i = 0; i < 3; i++) {
      if (i === 2) await page.click('[data-testid="reset"]');
      await page.click('[data-testid="run"]');
      await waitForStatus(page, 'FAILED', 60_000);
    }
    assert.equal(wasm().length, 1, `wasm fetches after three runs: ${wasm().join(', ')}`);
    assert.equal(await page.textContent('[data-testid="event-count"]'), '25000 events');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
