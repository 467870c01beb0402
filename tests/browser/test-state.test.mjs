// "Test this state" in the inspector: AWS's TestState answered offline for the selected
// state, with an edited mock, and the AWS CLI command that runs the same request on AWS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, screenshot, waitForDiagram } from './helpers.mjs';

let env;
let page;
before(async () => {
  env = await setUp();
  page = await env.newPage();
});
after(async () => {
  await env?.close();
});

async function openTestState(stateName) {
  // A Map or Parallel is a cluster whose inner nodes cover it: dispatch the click on it.
  await page.locator(`[data-testid="diagram"] [data-state="${stateName}"]`).dispatchEvent('click');
  const panel = page.locator('[data-testid="test-state"]');
  await panel.waitFor();
  if (!(await panel.evaluate((d) => d.open))) await panel.locator('summary').click();
  return panel;
}

async function answer(panel) {
  await panel.locator('[data-testid="test-state-run"]').click();
  await panel.locator('[data-testid="test-state-summary"]').waitFor({ timeout: 20_000 });
  return (await panel.locator('[data-testid="test-state-summary"]').textContent()).trim();
}

test('editing a Task state\'s mock in the inspector changes the TestState response', async () => {
  await waitForDiagram(page, ['Validate Order']);
  const panel = await openTestState('Validate Order');
  const mock = panel.locator('[data-testid="test-state-mock"]');
  // The default mock is an empty result, which the state's ResultSelector cannot read.
  assert.match(await answer(panel), /^FAILED$/);
  await mock.fill(JSON.stringify({ result: JSON.stringify({ StatusCode: 200, Payload: { valid: true, total: 52.5 } }) }));
  assert.equal(await answer(panel), 'SUCCEEDED → next state: Is Order Valid?');
  let response = JSON.parse(await panel.locator('[data-testid="test-state-response"]').textContent());
  assert.deepEqual(JSON.parse(response.output).validation, { valid: true, total: 52.5 });
  assert.deepEqual(JSON.parse(response.inspectionData.afterResultSelector), { valid: true, total: 52.5 });
  // A mocked error its Retry takes: RETRIABLE after IntervalSeconds 2 (first retry).
  await mock.fill('{"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}}');
  assert.equal(await answer(panel), 'RETRIABLE');
  response = JSON.parse(await panel.locator('[data-testid="test-state-response"]').textContent());
  assert.deepEqual(response.inspectionData.errorDetails, { retryBackoffIntervalSeconds: 2, retryIndex: 0 });
  // Any other error goes to its Catch.
  await mock.fill('{"errorOutput": {"error": "Boom", "cause": "mocked"}}');
  assert.equal(await answer(panel), 'CAUGHT_ERROR → next state: Order Failed');
  response = JSON.parse(await panel.locator('[data-testid="test-state-response"]').textContent());
  assert.equal(response.error, 'Boom');
  assert.deepEqual(JSON.parse(response.output).error, { Error: 'Boom', Cause: 'mocked' });
  // The response survives the inspector re-rendering: select another state and come back.
  await page.click('[data-testid="diagram"] [data-state="Order Complete"]');
  await openTestState('Validate Order');
  assert.equal(await panel.locator('[data-testid="test-state-mock"]').inputValue(), '{"errorOutput": {"error": "Boom", "cause": "mocked"}}');
  await screenshot(page, 'test-state-mock-error');
  // The AWS CLI button gives the command and the same request body.
  await panel.locator('[data-testid="test-state-cli"]').click();
  const command = await panel.locator('[data-testid="test-state-command"]').textContent();
  assert.match(command, /^aws stepfunctions test-state --cli-input-json file:\/\/test-state-request\.json/);
  const body = JSON.parse(command.slice(command.indexOf('{')));
  assert.equal(body.stateName, 'Validate Order');
  assert.deepEqual(body.mock, { errorOutput: { error: 'Boom', cause: 'mocked' } });
  assert.equal(typeof body.definition, 'string');
  assert.deepEqual(page.errors, []);
});

test('a Choice state answers with its next state; a refused request says why', async () => {
  await waitForDiagram(page, ['Is Order Valid?']);
  const panel = await openTestState('Is Order Valid?');
  await panel.locator('[data-testid="test-state-input"]').fill('{"validation": {"valid": true, "total": 0}}');
  assert.equal(await answer(panel), 'SUCCEEDED → next state: Nothing To Do');
  await panel.locator('[data-testid="test-state-level"]').selectOption('INFO');
  await panel.locator('[data-testid="test-state-input"]').fill('{"validation": {"valid": true, "total": 52.5}}');
  assert.equal(await answer(panel), 'SUCCEEDED → next state: Charge And Reserve');
  const info = JSON.parse(await panel.locator('[data-testid="test-state-response"]').textContent());
  assert.equal(info.inspectionData, undefined, 'INFO shows no inspectionData');
  // A Choice takes no mock: AWS's ValidationException.
  await panel.locator('[data-testid="test-state-mock"]').fill('{"result": "{}"}');
  assert.equal(await answer(panel), "Refused (ValidationException): State type 'Choice' is not supported when a mock is specified");
  // "Go to" the next state: the inspector shows it, with its own Test this state.
  await panel.locator('[data-testid="test-state-mock"]').fill('');
  assert.equal(await answer(panel), 'SUCCEEDED → next state: Charge And Reserve');
  await panel.locator('[data-testid="test-state-next"]').click();
  await page.waitForFunction(() => document.querySelector('.inspect-title')?.textContent === 'State: Charge And Reserve');
  await screenshot(page, 'test-state-choice');
  assert.deepEqual(page.errors, []);
});

test('a Map state is tested with its mocked result; a state inside it on its own, STRICT-checked', async () => {
  await waitForDiagram(page, ['Ship Items']);
  const map = await openTestState('Ship Items');
  await map.locator('[data-testid="test-state-mock"]').fill(JSON.stringify({ result: '[{"MessageId":"m1"}]' }));
  await map.locator('[data-testid="test-state-input"]').fill('{"orderId":"A-1","items":[{"sku":"mug"}]}');
  assert.equal(await answer(map), 'SUCCEEDED → next state: Send Confirmation');
  const response = JSON.parse(await map.locator('[data-testid="test-state-response"]').textContent());
  assert.deepEqual(JSON.parse(response.output).shipments, [{ MessageId: 'm1' }]);
  assert.equal(response.inspectionData.maxConcurrency, 5);
  assert.deepEqual(JSON.parse(response.inspectionData.afterItemsPath), [{ sku: 'mug' }]);
  // The Task inside the Map: sent as a definition of its own (AWS's stateName names only
  // top-level states); sqs:sendMessage results are checked against the API's shape.
  const inner = await openTestState('Ship Item');
  await inner.locator('[data-testid="test-state-mock"]').fill(JSON.stringify({ result: '{"MessageId": 7}' }));
  assert.equal(await answer(inner), "Refused (ValidationException): Mock result schema validation error: Field 'MessageId' must be a string");
  await inner.locator('[data-testid="test-state-mock"]').fill(JSON.stringify({ result: '{"MessageId": "m7"}' }));
  assert.equal(await answer(inner), 'SUCCEEDED');
  await inner.locator('[data-testid="test-state-cli"]').click();
  const command = await inner.locator('[data-testid="test-state-command"]').textContent();
  const body = JSON.parse(command.slice(command.indexOf('{')));
  assert.equal(body.stateName, undefined);
  assert.equal(JSON.parse(body.definition).Resource, 'arn:aws:states:::sqs:sendMessage');
  await screenshot(page, 'test-state-map');
  assert.deepEqual(page.errors, []);
});
