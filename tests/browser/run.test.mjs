// Running machines: the status, the diagram's node statuses, Step, the scrubber, Stop, and
// a machine that loops forever while the page stays responsive.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, screenshot, waitForDiagram, loadExample, statusOf, waitForStatus, waitForStateStatus } from './helpers.mjs';

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

/** Moves the scrubber to `position` as a person dragging it would. */
async function scrubTo(position) {
  await page.$eval('[data-testid="scrubber"]', (input, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, position);
  await nextFrame();
}

/** The diagram repaints once per animation frame. */
const nextFrame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));

test('the default example runs to SUCCEEDED and marks the visited states', async () => {
  await waitForDiagram(page, ['Order Complete']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  const visited = ['Validate Order', 'Is Order Valid?', 'Charge And Reserve', 'Charge Card', 'Reserve Stock', 'Wait For Warehouse', 'Ship Items', 'Ship Item', 'Send Confirmation', 'Order Complete'];
  for (const name of visited) assert.equal(await statusOf(page, name), 'succeeded', name);
  for (const name of ['Nothing To Do', 'Order Failed']) assert.equal(await statusOf(page, name), 'idle', name);
  assert.equal(await page.textContent('[data-testid="diagram"] [data-state="Ship Items"] .asl-progress'), '3/3 iterations');
  const output = JSON.parse(await page.textContent('[data-testid="execution-output"]'));
  assert.equal(output.orderId, 'A-1001');
  assert.deepEqual(output.validation, { valid: true, total: 52.5 });
  // The table follows the end of the history: its last row is the last event.
  await nextFrame();
  const lastRow = page.locator('[data-testid="event-row"]').last();
  assert.equal(Number(await lastRow.getAttribute('data-event-id')), await eventCount());
  assert.equal(await lastRow.getAttribute('data-type'), 'ExecutionSucceeded');
  assert.match(await page.textContent('[data-testid="virtual-duration"]'), /10\.0+ s/);
  // The inspector shows a visit's data flow.
  await page.click('[data-testid="diagram"] [data-state="Validate Order"]');
  await page.locator('[data-testid="inspector"] .flow-step').first().waitFor();
  assert.match(await page.textContent('[data-testid="inspector"]'), /After ResultSelector[\s\S]*"total": 52.5/);
  await screenshot(page, 'default-succeeded');
  assert.deepEqual(page.errors, []);
});

test('Step advances exactly one event', async () => {
  await waitForDiagram(page, ['Validate Order']);
  for (let n = 1; n <= 4; n++) {
    await page.click('[data-testid="step"]');
    await page.waitForFunction((want) => document.querySelector('[data-testid="event-count"]').textContent.startsWith(`${want} event`), n);
    await page.waitForTimeout(50); // a second event would show up here
    assert.equal(await eventCount(), n);
    assert.equal(await page.locator('[data-testid="event-row"]').count(), n);
  }
  // ExecutionStarted, TaskStateEntered, TaskScheduled, TaskStarted: inside "Validate Order".
  const types = await page.$$eval('[data-testid="event-row"]', (rows) => rows.map((r) => r.dataset.type));
  assert.deepEqual(types, ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted']);
  assert.equal(await statusOf(page, 'Validate Order'), 'running');
  assert.equal(await statusOf(page, 'Is Order Valid?'), 'idle');
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'RUNNING');
  await screenshot(page, 'stepped');
});

test('Step over runs until the current state exits, then Run finishes', async () => {
  await waitForDiagram(page, ['Validate Order']);
  await page.click('[data-testid="step"]');
  await page.click('[data-testid="step"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="event-count"]').textContent.startsWith('2 events'));
  // The count is text; the diagram repaints on the next frame, so wait for the paint.
  await waitForStateStatus(page, 'Validate Order', 'running');
  await page.click('[data-testid="step-over"]');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="event-row"]')];
    return rows.at(-1)?.dataset.type === 'TaskStateExited';
  });
  await nextFrame();
  assert.equal(await statusOf(page, 'Validate Order'), 'succeeded');
  assert.equal(await statusOf(page, 'Is Order Valid?'), 'idle');
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'RUNNING');
  // Back inside "Validate Order": its exit is among the events already recorded, so Step
  // over ends there (it used to finish the state the interpreter was in: one state later).
  await scrubTo(2);
  assert.equal(await statusOf(page, 'Validate Order'), 'running');
  await page.click('[data-testid="step-over"]');
  await nextFrame();
  await page.waitForTimeout(100); // events from the interpreter would show up here
  assert.equal(await page.textContent('[data-testid="timeline-label"]'), '6 / 6 events');
  assert.equal(await eventCount(), 6);
  assert.equal(await statusOf(page, 'Validate Order'), 'succeeded');
  assert.equal(await statusOf(page, 'Is Order Valid?'), 'idle');
  // Between two states, Step over finishes the next one.
  await page.click('[data-testid="step-over"]');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="event-row"]')];
    return rows.at(-1)?.dataset.type === 'ChoiceStateExited';
  });
  await nextFrame();
  assert.equal(await statusOf(page, 'Is Order Valid?'), 'succeeded');
  assert.equal(await statusOf(page, 'Charge And Reserve'), 'idle');
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  await page.click('[data-testid="reset"]');
  await waitForStatus(page, 'IDLE');
  assert.equal(await eventCount(), 0);
  assert.equal(await statusOf(page, 'Order Complete'), 'idle');
});

test('the scrubber moves back and forth through the events', async () => {
  await waitForDiagram(page, ['Order Complete']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  const total = await eventCount();
  // Events 1-6: ExecutionStarted, then Validate Order entered, scheduled, started, succeeded, exited.
  await scrubTo(6);
  assert.equal(await page.textContent('[data-testid="timeline-label"]'), `6 / ${total} events`);
  assert.equal(await statusOf(page, 'Validate Order'), 'succeeded');
  assert.equal(await statusOf(page, 'Is Order Valid?'), 'idle');
  assert.equal(await statusOf(page, 'Order Complete'), 'idle');
  await scrubTo(2);
  assert.equal(await statusOf(page, 'Validate Order'), 'running');
  await screenshot(page, 'scrubbed-back');
  await scrubTo(total);
  assert.equal(await statusOf(page, 'Order Complete'), 'succeeded');
});

test('Retry then Catch shows retrying, then caught', async () => {
  await loadExample(page, 'Retry, then Catch');
  await waitForDiagram(page, ['Call flaky service', 'Handle failure']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  const total = await eventCount();
  const seen = [];
  let shot = false;
  for (let i = 1; i <= total; i++) {
    await scrubTo(i);
    const status = await statusOf(page, 'Call flaky service');
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (status === 'retrying' && !shot) {
      shot = true;
      await screenshot(page, 'retrying');
    }
  }
  assert.deepEqual(seen, ['idle', 'running', 'failed', 'retrying', 'failed', 'retrying', 'failed', 'caught']);
  assert.equal(await statusOf(page, 'Handle failure'), 'succeeded');
  assert.equal(await statusOf(page, 'Done'), 'idle');
  await screenshot(page, 'caught');
});

test('Map and Parallel states show their progress', async () => {
  await loadExample(page, 'Map over 100 items');
  await waitForDiagram(page, ['Process all']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  const progress = (name) => page.textContent(`[data-testid="diagram"] [data-state="${name}"] .asl-progress`);
  assert.equal(await progress('Process all'), '100/100 iterations');
  const total = await eventCount();
  await scrubTo(Math.floor(total / 2));
  assert.match(await progress('Process all'), /^([1-9]\d?)\/100 iterations$/);
  assert.equal(await statusOf(page, 'Process all'), 'running');
  await screenshot(page, 'map-progress');

  await loadExample(page, 'Parallel branches');
  await waitForDiagram(page, ['Fan out', 'Slow']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  assert.equal(await progress('Fan out'), '3/3 branches');
  for (const name of ['Quick', 'Medium', 'Slow', 'Combine']) assert.equal(await statusOf(page, name), 'succeeded', name);
  await screenshot(page, 'parallel-done');
});

test('a machine that loops forever ends at the history limit; the page stays responsive', async () => {
  await loadExample(page, 'Loop forever');
  await waitForDiagram(page, ['Tick']);
  // Input latency: from the browser receiving the click to the page handling it.
  await page.evaluate(() => {
    window.__latency = [];
    document.getElementById('zoom-in').addEventListener('click', (e) => window.__latency.push(performance.now() - e.timeStamp));
  });
  await page.click('[data-testid="run"]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="event-count"]').textContent.split(' ')[0]) > 0);
  for (let i = 0; i < 3; i++) await page.click('#zoom-in');
  await waitForStatus(page, 'FAILED', 60_000);
  const answered = Math.max(...(await page.evaluate(() => window.__latency)));
  assert.ok(answered < 100, `a click answered in ${answered.toFixed(0)} ms`);
  assert.match(await page.textContent('[data-testid="execution-output"]'), /maximum number of history events/);
  assert.equal(await eventCount(), 25_000);
  await screenshot(page, 'history-limit');
});

test('Stop aborts a running machine and a new run starts cleanly', async () => {
  await loadExample(page, 'Loop forever');
  await waitForDiagram(page, ['Tick']);
  await page.$eval('[data-testid="speed"]', (input) => {
    input.value = '1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.click('[data-testid="run"]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="event-count"]').textContent.split(' ')[0]) >= 5);
  await page.evaluate(() => {
    document.querySelector('[data-testid="stop"]').addEventListener('click', (e) => {
      window.__stopLatency = performance.now() - e.timeStamp;
      window.__stopStatus = document.querySelector('[data-testid="execution-status"]').textContent;
    });
  });
  await page.click('[data-testid="stop"]');
  await waitForStatus(page, 'ABORTED', 1000);
  const { latency, status } = await page.evaluate(() => ({ latency: window.__stopLatency, status: window.__stopStatus }));
  assert.ok(latency < 100, `Stop answered in ${latency.toFixed(0)} ms`);
  assert.equal(status, 'ABORTED', 'the status changed within the click handler');
  const stoppedAt = await eventCount();
  await page.waitForTimeout(200);
  assert.equal(await eventCount(), stoppedAt, 'no events after Stop');
  await page.click('[data-testid="step"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="event-count"]').textContent.startsWith('1 event'));
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'RUNNING');
});
