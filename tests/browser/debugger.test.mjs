// The debugger: breakpoints (plain and conditional) stop a run at the right visit and Run
// continues it; callbacks answered live (success, failure, heartbeat then timeout) give the
// histories AWS records; "Save run as test case" puts a mock file into the editor whose run
// (in the page, and with `asl run` when the binary is built) repeats the live run event for
// event.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUp, screenshot, waitForDiagram, waitForStatus, replaceDefinition } from './helpers.mjs';
import { editorText, openWithTraps, caught } from './share-helpers.mjs';

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
  await page.click('[data-testid="debugger"] > summary');
});

async function setEditor(testid, text) {
  await page.click(`[data-testid="${testid}"] .cm-content`);
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

async function addBreakpoint(state, on = 'enter', condition = '') {
  await page.fill('[data-testid="bp-state"]', state);
  await page.selectOption('[data-testid="bp-on"]', on);
  await page.fill('[data-testid="bp-condition"]', condition);
  await page.click('[data-testid="bp-add"]');
}

/** The event types of the run, from the event table (small runs fit in view). */
const eventTypes = () => page.$$eval('[data-testid="event-row"]', (rows) => rows.map((r) => r.dataset.type));

const waitForHit = () => page.waitForSelector('[data-testid="break-hit"]:not([hidden])', { timeout: 15_000 });
const waitForCallback = () => page.waitForSelector('[data-testid="callback-panel"]:not([hidden])', { timeout: 15_000 });

test('a breakpoint stops the run at the state and Run continues it', async () => {
  await replaceDefinition(page, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Pass', End: true } } }));
  await waitForDiagram(page, ['A', 'B', 'C']);
  await addBreakpoint('B');
  assert.equal(await page.getAttribute('[data-testid="diagram"] [data-state="B"]', 'data-breakpoint'), 'true');
  await page.click('[data-testid="run"]');
  await waitForHit();
  assert.equal(await page.getAttribute('[data-testid="break-hit"]', 'data-state'), 'B');
  assert.equal(await page.getAttribute('[data-testid="break-hit"]', 'data-event-id'), '4');
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'RUNNING');
  await screenshot(page, 'debugger-breakpoint');
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  assert.equal((await eventTypes()).length, 8);
  assert.deepEqual(page.errors, []);
});

test('a conditional breakpoint stops only at the matching Map iteration', async () => {
  await replaceDefinition(page, JSON.stringify({ StartAt: 'Each', States: { Each: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } } } } }));
  await setEditor('input-editor', '[{"id": 1}, {"id": 2}, {"id": 3}]');
  await waitForDiagram(page, ['Each', 'Work']);
  await addBreakpoint('Work', 'enter', '$states.input.id = 2');
  await page.click('[data-testid="run"]');
  await waitForHit();
  assert.deepEqual(JSON.parse(await page.getAttribute('[data-testid="break-hit"]', 'data-input')), { id: 2 });
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  assert.equal(await page.isHidden('[data-testid="break-hit"]'), true, 'no other iteration stopped');
  assert.deepEqual(JSON.parse(await page.textContent('[data-testid="execution-output"]')), [{ id: 1 }, { id: 2 }, { id: 3 }]);
});

const CALLBACK = {
  StartAt: 'SendMessageWithWait',
  States: {
    SendMessageWithWait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      HeartbeatSeconds: 60,
      TimeoutSeconds: 600,
      Parameters: { QueueUrl: 'q', MessageBody: { 'Message.$': '$.Message', 'TaskToken.$': '$$.Task.Token' } },
      End: true,
    },
  },
};

async function startCallbackRun() {
  await replaceDefinition(page, JSON.stringify(CALLBACK));
  await setEditor('input-editor', '{"Message": "hello"}');
  // The page keeps its work across reloads: no mock file from an earlier test answers it.
  await setEditor('mocks-editor', '');
  await waitForDiagram(page, ['SendMessageWithWait']);
  await page.check('[data-testid="ask-callbacks"]');
  await page.click('[data-testid="run"]');
  await waitForCallback();
  const token = await page.textContent('[data-testid="callback-token"]');
  const payload = JSON.parse(await page.textContent('[data-testid="callback-payload"]'));
  assert.deepEqual(payload, { QueueUrl: 'q', MessageBody: { Message: 'hello', TaskToken: token } });
  assert.equal(await page.getAttribute('[data-testid="diagram"] [data-state="SendMessageWithWait"]', 'data-callback'), 'waiting');
}

test('a callback answered with success records what AWS records, and the run saves as a test case that replays it', async () => {
  await startCallbackRun();
  await screenshot(page, 'debugger-callback');
  await page.fill('[data-testid="callback-output"]', '{"answer": 42}');
  await page.click('[data-testid="callback-success"]');
  await waitForStatus(page, 'SUCCEEDED');
  const live = await eventTypes();
  // The sequence of the recorded AWS history of this integration (conformance case
  // test_base_callbacks__test_sqs_wait_for_task_token).
  assert.deepEqual(live, ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
  assert.deepEqual(JSON.parse(await page.textContent('[data-testid="execution-output"]')), { answer: 42 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-history"]')]);
  const liveHistory = JSON.parse(readFileSync(await download.path(), 'utf8')).events;
  assert.equal(liveHistory.length, live.length);

  await page.click('[data-testid="save-case"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="callback-note"]')?.textContent.includes('SavedRun'));
  const mocks = await editorText(page, 'mocks');
  assert.match(mocks, /SavedRun/);
  assert.equal(JSON.parse(mocks).MockedResponses.SendMessageWithWaitSavedRun['0'].Return.answer, 42);
  // Replayed in the page, without asking: the same events.
  await page.uncheck('[data-testid="ask-callbacks"]');
  await page.click('[data-testid="reset"]');
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  assert.deepEqual(await eventTypes(), live);
  assert.deepEqual(JSON.parse(await page.textContent('[data-testid="execution-output"]')), { answer: 42 });

  // And with `asl run`, event by event, when the CLI is built.
  const asl = join(process.cwd(), 'target/debug/asl');
  if (!existsSync(asl)) {
    console.log('skipped the asl run comparison: target/debug/asl is not built');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'asl-debugger-'));
  const text = mocks;
  writeFileSync(join(dir, 'definition.json'), JSON.stringify(CALLBACK));
  writeFileSync(join(dir, 'input.json'), '{"Message": "hello"}');
  writeFileSync(join(dir, 'mocks.json'), text);
  const out = JSON.parse(execFileSync(asl, ['run', join(dir, 'definition.json'), '--input', join(dir, 'input.json'), '--mocks', join(dir, 'mocks.json'), '--history']).toString());
  assert.deepEqual(out.events.map((e) => e.type), live);
  assert.deepEqual(out.output, { answer: 42 });
  // Event by event: the replay's history is the live run's, every field.
  out.events.forEach((event, i) => assert.deepEqual(event, liveHistory[i], `event ${i + 1}`));
});

test('a callback answered with failure fails the task as SendTaskFailure does', async () => {
  await startCallbackRun();
  await page.fill('[data-testid="callback-error"]', 'Failure error');
  await page.fill('[data-testid="callback-cause"]', 'Failure cause');
  await page.click('[data-testid="callback-failure"]');
  await waitForStatus(page, 'FAILED');
  assert.deepEqual(await eventTypes(), ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskFailed', 'ExecutionFailed']);
  assert.match(await page.textContent('[data-testid="execution-output"]'), /Failure error[\s\S]*Failure cause/);
});

test('a heartbeat holds the task, and letting time pass fires States.HeartbeatTimeout', async () => {
  await startCallbackRun();
  await page.fill('[data-testid="callback-seconds"]', '30');
  await page.click('[data-testid="callback-time"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="callback-deadlines"]')?.textContent.includes('heartbeat times out in 30 s'));
  await page.click('[data-testid="callback-heartbeat"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="callback-deadlines"]')?.textContent.includes('heartbeat times out in 60 s'));
  await page.fill('[data-testid="callback-seconds"]', '');
  await page.click('[data-testid="callback-time"]');
  await waitForStatus(page, 'FAILED');
  assert.deepEqual(await eventTypes(), ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
  assert.match(await page.textContent('[data-testid="execution-output"]'), /States\.HeartbeatTimeout/);
  assert.deepEqual(page.errors, []);
});

test('the gallery callback example asks at its callback and then at its activity', async () => {
  await page.click('[data-testid="gallery-panel"] summary');
  await page.click('[data-testid="gallery"] [data-example="callback-task"] a');
  await waitForDiagram(page, ['Request Approval', 'Pay Expense']);
  await page.click('[data-testid="gallery-panel"] summary');
  // Only what no mock answers is asked: without the mock file both tasks are.
  await setEditor('mocks-editor', '');
  await page.check('[data-testid="ask-callbacks"]');
  await addBreakpoint('Paid');
  await page.click('[data-testid="run"]');
  await waitForCallback();
  assert.match(await page.textContent('[data-testid="callback-panel"] h3'), /callback: Request Approval/);
  await page.fill('[data-testid="callback-output"]', '{"approved": true, "approver": "me"}');
  await page.click('[data-testid="callback-success"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="callback-panel"] h3')?.textContent.includes('activity worker: Pay Expense'));
  const payload = JSON.parse(await page.textContent('[data-testid="callback-payload"]'));
  assert.deepEqual(payload, { expenseId: 'EXP-88', amount: 240 });
  await screenshot(page, 'debugger-activity');
  await page.fill('[data-testid="callback-output"]', '{"paymentId": "PAY-9"}');
  await page.click('[data-testid="callback-success"]');
  await waitForHit();
  assert.equal(await page.getAttribute('[data-testid="break-hit"]', 'data-state'), 'Paid');
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  const output = JSON.parse(await page.textContent('[data-testid="execution-output"]'));
  assert.deepEqual(output.payment, { paymentId: 'PAY-9' });
  assert.ok((await eventTypes()).includes('ActivitySucceeded'));
});

test('breakpoints travel in share links (options.breakpoints) and stay across a reload', async () => {
  await replaceDefinition(page, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } }));
  await waitForDiagram(page, ['A', 'B']);
  await addBreakpoint('B', 'exit', '$states.input.x > 1');
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  const link = await page.evaluate(() => location.href);
  const again = await openWithTraps(env, link.slice(env.url.length));
  await again.waitForSelector('[data-testid="breakpoint"]', { state: 'attached' });
  const listed = await again.$$eval('[data-testid="breakpoint"]', (rows) => rows.map((r) => [r.dataset.state, r.dataset.on, r.querySelector('[data-testid="bp-condition-edit"]').value]));
  assert.deepEqual(listed, [['B', 'exit', '$states.input.x > 1']]);
  await again.reload();
  await again.waitForSelector('body[data-ready="true"]');
  assert.equal(await again.locator('[data-testid="breakpoint"]').count(), 1);
  assert.deepEqual((await caught(again)).pwned, []);
  await again.close();
});
