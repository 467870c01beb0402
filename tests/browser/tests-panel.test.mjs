// The Tests panel: every test case of the mock file runs in a Worker and is listed with
// pass/fail (expectations from a suite the mock file carries under `x-asl-playground`), a
// click shows one case's run on the diagram, and the coverage overlay greys out the states
// no case reached. The machine is the `asl test` fixture (Choice, Catch, Retry, Map, Parallel).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot, OUTPUT_DIR, waitForStatus } from './helpers.mjs';
import { openWithTraps, asl, ROOT } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const FIXTURE = join(ROOT, 'crates/asl-cli/tests/fixtures/asl-test');

/** A link with the fixture machine and a mock file without its ExpressBranch case, carrying
 * expectations for two cases: one met, one not. */
function link() {
  const mocks = JSON.parse(readFileSync(join(FIXTURE, 'MockConfigFile.json'), 'utf8'));
  delete mocks.StateMachines.Orders.TestCases.ExpressBranch;
  mocks['x-asl-playground'] = {
    testSuite: {
      testCases: {
        HappyPath: { status: 'SUCCEEDED', mockCalls: { Reserve: 2 } },
        ServiceDown: { status: 'SUCCEEDED' },
      },
    },
  };
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = join(OUTPUT_DIR, 'tests-panel-mocks.json');
  writeFileSync(file, JSON.stringify(mocks, null, 2));
  const url = asl(['share', join(FIXTURE, 'orders.asl.json'), '--input', join(FIXTURE, 'input.json'), '--mocks', file,
    '--test-case', 'HappyPath', '--base', env.url]).trim();
  return url.slice(env.url.length);
}

/** Each drawn edge path's transition → its data-covered (the overlay's edges). */
function edgeCoverage(page) {
  return page.$$eval('[data-testid="diagram"] path[data-transition]', (paths) =>
    Object.fromEntries(paths.map((p) => [p.dataset.transition, p.dataset.covered])));
}

test('the Tests panel runs every case, shows one on the diagram, and overlays coverage', async () => {
  const page = await openWithTraps(env, link());
  await page.waitForSelector('[data-testid="diagram"] [data-state="Express"]');
  await page.click('[data-testid="tests-panel"] summary');
  await page.click('[data-testid="run-tests"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="test-result"]').length === 4, null, { timeout: 30_000 });
  const results = await page.$$eval('[data-testid="test-result"]', (rows) => rows.map((r) => [r.dataset.case, r.dataset.passed]));
  assert.deepEqual(results, [
    ['HappyPath', 'true'],
    ['CaughtValidationError', 'true'],
    ['RetriedThenValid', 'true'],
    ['ServiceDown', 'false'],
  ]);
  const failure = await page.textContent('[data-testid="test-result"][data-case="ServiceDown"] .tests-failure');
  assert.match(failure, /status\n- "SUCCEEDED"\n\+ "FAILED"/);
  assert.equal(await page.textContent('[data-testid="tests-summary"]'), '3/4 passed · states 9/10 reached');

  // Coverage: Express is the one state no case reached.
  await page.check('[data-testid="coverage-overlay"]');
  const covered = await page.$$eval('[data-testid="diagram"] [data-state]', (nodes) =>
    Object.fromEntries(nodes.map((n) => [n.dataset.state, n.dataset.covered])));
  assert.equal(covered.Express, 'false');
  for (const state of ['Validate', 'Route', 'Process Items', 'Reserve', 'Notify', 'Email', 'Audit', 'Done', 'Rejected']) {
    assert.equal(covered[state], 'true', state);
  }
  const opacity = await page.$eval('[data-testid="diagram"] [data-state="Express"]', (n) => getComputedStyle(n).opacity);
  assert.equal(opacity, '0.3');
  // Edges too: only Route's rule to Express was never taken; its path and label are greyed.
  assert.deepEqual(await edgeCoverage(page), {
    '["Validate","Next",0,"Route"]': 'true',
    '["Validate","Catch",0,"Rejected"]': 'true',
    '["Route","Choice",0,"Express"]': 'false',
    '["Route","Default",0,"Process Items"]': 'true',
    '["Process Items","Next",0,"Notify"]': 'true',
    '["Notify","Next",0,"Done"]': 'true',
  });
  const express = '[data-testid="diagram"] path[data-transition=\'["Route","Choice",0,"Express"]\']';
  assert.equal(await page.$eval(express, (n) => getComputedStyle(n).opacity), '0.3');
  assert.equal(await page.$eval(`[data-testid="diagram"] g.edgeLabel[data-covered="false"]`, (n) => getComputedStyle(n).opacity), '0.3');
  await screenshot(page, 'tests-panel');

  // A click shows that case's run: the picker follows and the diagram runs it.
  await page.click('[data-testid="test-result"][data-case="CaughtValidationError"] .tests-open');
  await waitForStatus(page, 'FAILED');
  const picked = JSON.parse(await page.$eval('[data-testid="test-case"]', (s) => s.value));
  assert.equal(picked.testCase, 'CaughtValidationError');
  assert.equal(await page.getAttribute('[data-testid="diagram"] [data-state="Rejected"]', 'data-status'), 'failed');

  // Turning the overlay off restores every state.
  await page.uncheck('[data-testid="coverage-overlay"]');
  assert.equal(await page.$$eval('[data-testid="diagram"] [data-covered]', (n) => n.length), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a suite pasted into the Tests panel (YAML, with a TestState case) and unreached Next edges greyed', async () => {
  // A mock file with one case only (a validation error caught to Rejected): most edges,
  // the unlabelled Next ones among them, are never taken.
  const mocks = JSON.parse(readFileSync(join(FIXTURE, 'MockConfigFile.json'), 'utf8'));
  const cases = mocks.StateMachines.Orders.TestCases;
  for (const name of Object.keys(cases)) if (name !== 'CaughtValidationError') delete cases[name];
  const file = join(OUTPUT_DIR, 'tests-panel-paste-mocks.json');
  writeFileSync(file, JSON.stringify(mocks, null, 2));
  const url = asl(['share', join(FIXTURE, 'orders.asl.json'), '--input', join(FIXTURE, 'input.json'), '--mocks', file,
    '--base', env.url]).trim();
  const page = await openWithTraps(env, url.slice(env.url.length));
  await page.waitForSelector('[data-testid="diagram"] [data-state="Express"]');
  await page.click('[data-testid="tests-panel"] summary');
  await page.click('.tests-suite summary');
  await page.fill('[data-testid="tests-suite"]', [
    'testCases:',
    '  CaughtValidationError:',
    '    status: SUCCEEDED',
    '  express route:',
    '    testState: { stateName: Route, input: \'{"validation": {"express": true}}\' }',
    '    responseSubset: { nextState: Express, status: SUCCEEDED }',
    '  wrong route:',
    '    testState: { stateName: Route, input: \'{"validation": {"express": false}}\' }',
    '    responseSubset: { nextState: Express }',
  ].join('\n'));
  await page.click('[data-testid="run-tests"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="test-result"]').length === 3, null, { timeout: 30_000 });
  const results = await page.$$eval('[data-testid="test-result"]', (rows) => rows.map((r) => [r.dataset.case, r.dataset.passed]));
  assert.deepEqual(results, [['CaughtValidationError', 'false'], ['express route', 'true'], ['wrong route', 'false']]);
  const status = await page.textContent('[data-testid="test-result"][data-case="CaughtValidationError"] .tests-failure');
  assert.match(status, /status\n- "SUCCEEDED"\n\+ "FAILED"/);
  const route = await page.textContent('[data-testid="test-result"][data-case="wrong route"] .tests-failure');
  assert.match(route, /^response \(subset\)\n/);
  assert.match(route, /\n-   "nextState": "Express"\n/);
  assert.match(route, /\n\+   "nextState": "Process Items",\n/);

  await page.check('[data-testid="coverage-overlay"]');
  assert.deepEqual(await edgeCoverage(page), {
    '["Validate","Next",0,"Route"]': 'false',
    '["Validate","Catch",0,"Rejected"]': 'true',
    '["Route","Choice",0,"Express"]': 'false',
    '["Route","Default",0,"Process Items"]': 'false',
    '["Process Items","Next",0,"Notify"]': 'false',
    '["Notify","Next",0,"Done"]': 'false',
  });
  const next = '[data-testid="diagram"] path[data-transition=\'["Validate","Next",0,"Route"]\']';
  assert.equal(await page.$eval(next, (n) => getComputedStyle(n).opacity), '0.3');
  const caught = '[data-testid="diagram"] path[data-transition=\'["Validate","Catch",0,"Rejected"]\']';
  assert.equal(await page.$eval(caught, (n) => getComputedStyle(n).opacity), '1');
  await screenshot(page, 'tests-panel-pasted');

  // Emptied, the box gives way to the mock file's own suite (none here): every case passes.
  await page.fill('[data-testid="tests-suite"]', '');
  await page.click('[data-testid="run-tests"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="test-result"]').length === 1, null, { timeout: 30_000 });
  assert.equal(await page.getAttribute('[data-testid="test-result"]', 'data-passed'), 'true');
  assert.deepEqual(page.errors, []);
  await page.close();
});
