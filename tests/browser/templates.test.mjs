// A template with two state machines in the definition editor: the picker lists them, the
// one picked is drawn and run, a problem is underlined at its template line, and a history
// exported from AWS replays on the diagram through the scrubber.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot, waitForDiagram, statusOf, waitForStatus, replaceDefinition, OUTPUT_DIR } from './helpers.mjs';

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

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Greeter:
    Type: AWS::Serverless::Function
  First:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Call
        States:
          Call: {Type: Task, Resource: !GetAtt Greeter.Arn, End: true}
  Second:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: Hello
        States:
          Hello:
            Type: Pass
            Parameters:
              greeting: \${Greeting}
              region: !Ref AWS::Region
            Next: Done
          Done: {Type: Succeed}
      DefinitionSubstitutions:
        Greeting: hello
`;

test('a template: pick a state machine, draw it, run it', async () => {
  await replaceDefinition(page, TEMPLATE);
  const picker = '[data-testid="state-machine-resource"]';
  await page.waitForSelector(picker);
  const options = await page.$$eval(`${picker} option`, (os) => os.map((o) => o.value));
  assert.deepEqual(options, ['', 'First', 'Second']);
  // Until one is picked, the problems list says why.
  await page.waitForSelector('[data-testid="problem"]');
  assert.match(await page.textContent('[data-testid="problems"]'), /several state machines/);

  await page.selectOption(picker, 'Second');
  await waitForDiagram(page, ['Hello', 'Done']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  assert.equal(await statusOf(page, 'Hello'), 'succeeded');
  const output = JSON.parse(await page.textContent('[data-testid="execution-output"]'));
  assert.deepEqual(output, { greeting: 'hello', region: 'us-east-1' });

  // A problem in the picked machine is reported at its line in the template.
  await replaceDefinition(page, TEMPLATE.replace('Next: Done', 'Next: Gone'));
  await page.waitForSelector('[data-testid="problem"][data-severity="error"]');
  const line = await page.getAttribute('[data-testid="problem"][data-severity="error"]', 'data-line');
  assert.equal(Number(line), 24);
  await screenshot(page, 'templates-picker');
  assert.deepEqual(page.errors, []);
});

test('an AWS history replays through the scrubber', async () => {
  await replaceDefinition(page, TEMPLATE);
  await page.waitForSelector('[data-testid="state-machine-resource"]');
  await page.selectOption('[data-testid="state-machine-resource"]', 'First');
  await waitForDiagram(page, ['Call']);
  const events = [
    { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: '2024-05-01T10:00:00.000Z', executionStartedEventDetails: { input: '{"name":"Ada"}' } },
    { id: 2, previousEventId: 1, type: 'TaskStateEntered', timestamp: '2024-05-01T10:00:00.010Z', stateEnteredEventDetails: { name: 'Call', input: '{"name":"Ada"}' } },
    { id: 3, previousEventId: 2, type: 'TaskScheduled', timestamp: '2024-05-01T10:00:00.020Z', taskScheduledEventDetails: { resource: 'invoke', resourceType: 'lambda' } },
    { id: 4, previousEventId: 3, type: 'TaskStarted', timestamp: '2024-05-01T10:00:00.030Z' },
    { id: 5, previousEventId: 4, type: 'TaskFailed', timestamp: '2024-05-01T10:00:01.000Z', taskFailedEventDetails: { error: 'Boom', cause: 'it broke' } },
    { id: 6, previousEventId: 5, type: 'ExecutionFailed', timestamp: '2024-05-01T10:00:01.010Z', executionFailedEventDetails: { error: 'Boom', cause: 'it broke' } },
  ];
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = join(OUTPUT_DIR, 'aws-history.json');
  writeFileSync(file, JSON.stringify({ events }));
  await page.setInputFiles('[data-testid="history-file"]', file);
  await page.waitForFunction(() => document.querySelector('[data-testid="history-note"]')?.textContent.includes('6 events'));
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'FAILED');
  assert.equal(await page.textContent('[data-testid="timeline-label"]'), '6 / 6 events');
  assert.equal(await statusOf(page, 'Call'), 'failed');
  // Scrub back to the task's start: the state is running again.
  await page.$eval('[data-testid="scrubber"]', (input) => {
    input.value = '3';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="diagram"] [data-state="Call"]')?.dataset.status === 'running');
  assert.equal(await page.locator('[data-testid="event-row"]').count() >= 6, true);
  // The history's input and a mock file reproducing it are now in the editors: Run replays it.
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'FAILED');
  assert.match(await page.textContent('[data-testid="execution-output"]'), /Boom/);
  assert.deepEqual(page.errors, []);
});
