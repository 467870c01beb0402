// Big machines and long runs: a 200-state machine renders and animates, and the 25,000-event
// run of "Loop forever" ends at the history limit. Only correctness is asserted; the times
// are printed (console.log) for the README's figures.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, screenshot, waitForDiagram, loadExample, waitForStatus, replaceDefinition } from './helpers.mjs';

let env;
let page;
before(async () => {
  env = await setUp();
  page = await env.newPage();
});
after(async () => {
  await env?.close();
});
beforeEach(async () => {
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
});

const eventCount = async () => Number((await page.textContent('[data-testid="event-count"]')).split(' ')[0]);

/** A chain of `count` states: Pass states, every third one a Choice whose rule and Default
 * both lead on, so that a run visits every state. */
function chain(count) {
  const name = (i) => `S${String(i).padStart(3, '0')}`;
  const states = {};
  for (let i = 1; i <= count; i++) {
    const next = i < count ? name(i + 1) : null;
    if (next && i % 3 === 0) {
      states[name(i)] = {
        Type: 'Choice',
        Choices: [{ Variable: '$.chainLength', IsPresent: true, Next: next }],
        Default: next,
      };
    } else {
      states[name(i)] = next ? { Type: 'Pass', Next: next } : { Type: 'Pass', End: true };
    }
  }
  return { names: Object.keys(states), definition: { StartAt: name(1), States: states } };
}

test('a 200-state machine renders 200 nodes and every one ends succeeded', async () => {
  const { names, definition } = chain(200);
  await waitForDiagram(page, ['Validate Order']);
  const renderStart = Date.now();
  await replaceDefinition(page, JSON.stringify(definition, null, 2));
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="diagram"] [data-state]').length === n,
    names.length,
    // Generous: Mermaid lays out 200 nodes on the main thread, and CI has two cores.
    { timeout: 120_000 },
  );
  const renderMs = Date.now() - renderStart;
  const shown = await page.$$eval('[data-testid="diagram"] [data-state]', (nodes) => nodes.map((n) => n.dataset.state));
  assert.deepEqual([...shown].sort(), [...names].sort());

  const runStart = Date.now();
  await page.click('[data-testid="run"]');
  await page.waitForFunction(() => !['IDLE', 'RUNNING'].includes(document.querySelector('[data-testid="execution-status"]').textContent), null, { timeout: 30_000 });
  assert.equal(
    await page.textContent('[data-testid="execution-status"]'),
    'SUCCEEDED',
    await page.textContent('[data-testid="execution-output"]'),
  );
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="diagram"] [data-state]')].every((n) => n.dataset.status === 'succeeded'),
    null,
    { timeout: 30_000 },
  );
  const runMs = Date.now() - runStart;
  const statuses = await page.$$eval('[data-testid="diagram"] [data-state]', (nodes) => nodes.map((n) => n.dataset.status));
  assert.equal(statuses.length, 200);
  assert.ok(statuses.every((s) => s === 'succeeded'), 'every state succeeded');
  // ExecutionStarted, entered + exited per state, ExecutionSucceeded.
  assert.equal(await eventCount(), 2 + 2 * 200);
  const interpreterMs = await page.getAttribute('[data-testid="execution-status"]', 'data-interpreter-ms');
  console.log(`[figures] 200 states: render ${renderMs} ms (edit to 200 nodes); run ${runMs} ms (Run to all succeeded; interpreter ${interpreterMs} ms)`);
  await screenshot(page, 'chain-200');
  assert.deepEqual(page.errors, []);
});

test('the 25,000-event run of "Loop forever" ends at the history limit', async () => {
  await loadExample(page, 'Loop forever');
  await waitForDiagram(page, ['Tick']);
  // Instant speed (the default; set it anyway in case the default changes).
  await page.$eval('[data-testid="speed"]', (input) => {
    input.value = '0';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  // Measured in the page: from the click handler to the status showing FAILED.
  await page.evaluate(() => {
    window.__figures = {};
    const status = document.querySelector('[data-testid="execution-status"]');
    new MutationObserver(() => {
      if (status.textContent === 'FAILED' && window.__figures.end === undefined) window.__figures.end = performance.now();
    }).observe(status, { childList: true, characterData: true, subtree: true });
    document.querySelector('[data-testid="run"]').addEventListener('click', () => { window.__figures.start = performance.now(); });
    window.__figures.svg = document.querySelector('[data-testid="diagram"] svg');
  });
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'FAILED', 60_000);
  const { start, end } = await page.evaluate(() => window.__figures);
  assert.match(await page.textContent('[data-testid="execution-output"]'), /maximum number of history events/);
  assert.equal(await eventCount(), 25_000);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  const last = page.locator('[data-testid="event-row"]').last();
  assert.equal(await last.getAttribute('data-type'), 'ExecutionFailed');
  // 25,000 events animate the diagram Mermaid drew once: the same SVG element, with the
  // loop's states painted.
  assert.ok(await page.evaluate(() => window.__figures.svg === document.querySelector('[data-testid="diagram"] svg')), 'the diagram was re-rendered');
  assert.match(await page.getAttribute('[data-testid="diagram"] [data-state="Tick"]', 'data-status'), /^(succeeded|failed)$/);
  const interpreterMs = await page.getAttribute('[data-testid="execution-status"]', 'data-interpreter-ms');
  console.log(`[figures] 25,000 events: ${Math.round(end - start)} ms from Run to FAILED in the page; interpreter ${interpreterMs} ms in the worker`);
  assert.deepEqual(page.errors, []);
});
