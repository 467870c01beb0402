// The Map Run view and the run's S3 objects (www/src/map-run.js, s3-objects.js) on the gallery
// example csv-batch-processing, checked against what `asl run --history` says for the same
// files: the children listed, their statuses, one child's history on the diagram, and the
// objects the run read and wrote with their content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot, replaceDefinition, waitForDiagram, waitForStatus } from './helpers.mjs';
import { openWithTraps, runToEnd, galleryExamples, asl } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const EXAMPLE = galleryExamples().find((e) => e.id === 'csv-batch-processing');
const file = (name) => join(EXAMPLE.dir, name);
const definition = JSON.parse(readFileSync(file('definition.asl.json'), 'utf8'));
const mocks = JSON.parse(readFileSync(file('mocks.json'), 'utf8'));
const input = JSON.parse(readFileSync(file('input.json'), 'utf8'));
const MAP = definition.States['Process Jobs'];
const PROCESSOR_STATE = MAP.ItemProcessor.StartAt;

/** `asl run --history` on the example's files: the CLI's word on the same run. */
const cliRun = (testCase) =>
  JSON.parse(asl(['run', file('definition.asl.json'), '--input', file('input.json'), '--mocks', file('mocks.json'), '--test-case', testCase, '--history']));

/** The CSV's data rows (its header is the first row): the items the reader reads. */
const csvRows = () => {
  const csv = mocks['x-asl-playground'].s3[input.bucket][input.key];
  return csv.split('\n').filter((line) => line.length > 0).length - 1;
};

const rowsOf = (page) =>
  page.$$eval('[data-testid="map-run-child"]', (rows) => rows.map((r) => ({ status: r.dataset.status, text: r.textContent })));

async function openExample(testCase) {
  const page = await openWithTraps(env, '#example=csv-batch-processing');
  await page.waitForSelector(`[data-testid="diagram"] [data-state="${PROCESSOR_STATE}"]`);
  await page.selectOption('[data-testid="test-case"]', JSON.stringify({ stateMachine: 'csv-batch-processing', testCase }));
  return page;
}

test('the Map Run view lists the children asl run reports, and opening one replays it on the item processor', async () => {
  const cli = cliRun('HappyPath');
  const children = cli.mapRunChildren;
  const page = await openExample('HappyPath');
  const { status } = await runToEnd(page);
  assert.equal(status, cli.status);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="map-run-child"]').length === n, children.length, { timeout: 10_000 });
  assert.equal(await page.isVisible('[data-testid="map-run"]'), true);

  const rows = await rowsOf(page);
  assert.deepEqual(rows.map((r) => r.status), children.map((c) => c.status));
  for (const [i, row] of rows.entries()) {
    assert.match(row.text, new RegExp(`^${children[i].index}${children[i].name.slice(0, 8)}`));
    // The input's preview: the batch's first job id (the CSV's values, as strings).
    assert.ok(row.text.includes(children[i].input.Items[0].jobId), row.text);
  }
  const succeeded = children.filter((c) => c.status === 'SUCCEEDED').length;
  const failed = children.filter((c) => c.status === 'FAILED').length;
  const totals = await page.textContent('[data-testid="map-run-totals"]');
  assert.ok(totals.includes(`${csvRows()} items read`), totals);
  assert.ok(totals.includes(`${children.length} child executions`), totals);
  assert.ok(totals.includes(`${succeeded} succeeded`) && totals.includes(`${failed} failed`), totals);
  assert.ok(totals.includes(`tolerates ${MAP.ToleratedFailureCount} failed child`), totals);
  // The parent's history has no event of the item processor's states.
  assert.equal(await page.getAttribute(`[data-state="${PROCESSOR_STATE}"]`, 'data-status'), 'idle');
  await screenshot(page, 'map-run-list');

  // Opening the failed child: its history is the run shown, its state failed on the diagram.
  const failedAt = children.findIndex((c) => c.status === 'FAILED');
  await page.click(`[data-testid="map-run-child"][data-position="${failedAt}"] [data-testid="map-run-open"]`);
  await page.waitForSelector(`body[data-map-run-child="${failedAt}"]`);
  await page.waitForFunction((s) => document.querySelector(`[data-state="${s}"]`)?.dataset.status === 'failed', PROCESSOR_STATE);
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'FAILED');
  assert.equal(await page.textContent('[data-testid="event-count"]'), `${children[failedAt].events.length} events`);
  assert.match(await page.textContent('[data-testid="execution-output"]'), new RegExp(`Error: ${children[failedAt].error}`));
  assert.match(await page.textContent('[data-testid="map-run-viewing"]'), new RegExp(`child ${children[failedAt].index} \\(FAILED\\)`));
  await screenshot(page, 'map-run-child-failed');

  // A succeeded child: the same state succeeded, drawn where the diagram shows it.
  const okAt = children.findIndex((c) => c.status === 'SUCCEEDED');
  await page.click(`[data-testid="map-run-child"][data-position="${okAt}"] [data-testid="map-run-open"]`);
  await page.waitForSelector(`body[data-map-run-child="${okAt}"]`);
  await page.waitForFunction((s) => document.querySelector(`[data-state="${s}"]`)?.dataset.status === 'succeeded', PROCESSOR_STATE);
  assert.equal(await page.textContent('[data-testid="event-count"]'), `${children[okAt].events.length} events`);
  const types = await page.$$eval('[data-testid="event-row"]', (r) => r.map((row) => row.children[1].textContent));
  assert.deepEqual(types, children[okAt].events.map((e) => e.type));
  const node = await page.$eval(`[data-state="${PROCESSOR_STATE}"]`, (n) => {
    const box = n.getBoundingClientRect();
    const area = document.querySelector('[data-testid="diagram"]').getBoundingClientRect();
    return { width: box.width, inside: box.left >= area.left - 1 && box.right <= area.right + 1 && box.top >= area.top - 1 && box.bottom <= area.bottom + 1 };
  });
  assert.ok(node.width > 10 && node.inside, JSON.stringify(node));
  // The Map node itself is not part of the child's run.
  assert.equal(await page.getAttribute('[data-state="Process Jobs"]', 'data-status'), 'idle');
  // The inspector shows this child's visit (every child's event ids start at 1): its batch,
  // not another child's.
  await page.click(`[data-testid="diagram"] [data-state="${PROCESSOR_STATE}"]`);
  await page.locator('[data-testid="inspector"] .flow-step').first().waitFor();
  const inspected = await page.textContent('[data-testid="inspector"]');
  assert.ok(inspected.includes(children[okAt].input.Items[0].jobId), inspected);
  for (const other of children.filter((_, i) => i !== okAt)) assert.ok(!inspected.includes(other.input.Items[0].jobId), inspected);

  // Back to the parent: its status, events and diagram again.
  await page.click('[data-testid="map-run-back"]');
  await page.waitForFunction(() => !document.body.dataset.mapRunChild);
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'SUCCEEDED');
  assert.equal(await page.textContent('[data-testid="event-count"]'), `${cli.events.length} events`);
  await page.waitForFunction((s) => document.querySelector(`[data-state="${s}"]`)?.dataset.status === 'idle', PROCESSOR_STATE);
  assert.equal(await page.getAttribute('[data-state="Process Jobs"]', 'data-status'), 'succeeded');
  // The parent's own visits: none of the item processor's state.
  await page.click(`[data-testid="diagram"] [data-state="${PROCESSOR_STATE}"]`);
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector"]').textContent.includes('was not visited'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the S3 list shows what the run read and wrote, with the content', async () => {
  const cli = cliRun('HappyPath');
  const written = cli['x-asl-playground'].s3;
  const page = await openExample('HappyPath');
  await runToEnd(page);
  await page.waitForSelector('[data-testid="s3-object"]', { state: 'attached' });
  const objects = await page.$$eval('[data-testid="s3-object"]', (list) => list.map((o) => ({ key: o.dataset.key, marks: o.dataset.marks, text: o.textContent })));
  const writtenKeys = Object.values(written).flatMap((bucket) => Object.keys(bucket));
  assert.deepEqual(objects.filter((o) => o.marks.includes('written')).map((o) => o.key).sort(), writtenKeys.sort());
  assert.deepEqual(objects.filter((o) => o.marks.includes('read')).map((o) => o.key), [input.key]);
  const summary = await page.textContent('[data-testid="s3-panel"] > summary');
  assert.equal(summary, `S3 objects: 1 read, ${writtenKeys.length} written`);
  const manifest = objects.find((o) => o.key.endsWith('/manifest.json'));
  const succeededFile = objects.find((o) => o.key.endsWith('/SUCCEEDED_0.json'));
  assert.ok(manifest && succeededFile, JSON.stringify(objects));
  // Sizes as the CLI's contents have them (bytes of UTF-8).
  const body = Object.values(written)[0][succeededFile.key];
  const size = Buffer.byteLength(body);
  assert.ok(succeededFile.text.includes(`${(size / 1024).toFixed(1)} KB`), succeededFile.text);

  await page.click('[data-testid="s3-panel"] > summary');
  await page.click(`[data-testid="s3-object"][data-key="${succeededFile.key}"] > summary`);
  const content = await page.textContent(`[data-testid="s3-object"][data-key="${succeededFile.key}"] [data-testid="s3-content"]`);
  // Pretty-printed JSON, the records of the succeeded children.
  assert.ok(content.includes('"Status": "SUCCEEDED"'), content.slice(0, 400));
  assert.equal(content.split('"Status": "SUCCEEDED"').length - 1, JSON.parse(body).length);
  await page.click(`[data-testid="s3-object"][data-key="${manifest.key}"] > summary`);
  const manifestText = await page.textContent(`[data-testid="s3-object"][data-key="${manifest.key}"] [data-testid="s3-content"]`);
  assert.ok(manifestText.includes(`"DestinationBucket": "${MAP.ResultWriter.Parameters.Bucket}"`), manifestText);
  await page.click(`[data-testid="s3-object"][data-key="${input.key}"] > summary`);
  const csv = await page.textContent(`[data-testid="s3-object"][data-key="${input.key}"] [data-testid="s3-content"]`);
  assert.equal(csv, mocks['x-asl-playground'].s3[input.bucket][input.key]);
  await page.$eval('[data-testid="s3-panel"]', (p) => p.scrollIntoView());
  await screenshot(page, 'map-run-s3');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a Map Run over its failure threshold lists the children with the statuses asl run gives', async () => {
  const cli = cliRun('TooManyFailures');
  const page = await openExample('TooManyFailures');
  const { status } = await runToEnd(page);
  assert.equal(status, 'FAILED');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="map-run-child"]').length === n, cli.mapRunChildren.length, { timeout: 10_000 });
  assert.deepEqual((await rowsOf(page)).map((r) => r.status), cli.mapRunChildren.map((c) => c.status));
  const failed = cli.mapRunChildren.filter((c) => c.status === 'FAILED').length;
  assert.ok(failed > MAP.ToleratedFailureCount, `${failed} failed`);
  assert.ok((await page.textContent('[data-testid="map-run-totals"]')).includes(`${failed} failed`));
  // A new run clears the view until it ends.
  await page.click('[data-testid="reset"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="map-run"]').hidden && document.querySelector('[data-testid="s3-panel"]').hidden);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('at an animated speed an opened child plays event by event', async () => {
  const children = cliRun('HappyPath').mapRunChildren;
  const page = await openExample('HappyPath');
  await runToEnd(page);
  await page.waitForSelector('[data-testid="map-run-open"]');
  // "Slow": 400 ms per event (controls.js SPEEDS).
  await page.$eval('[data-testid="speed"]', (slider) => {
    slider.value = '3';
    slider.dispatchEvent(new Event('input'));
  });
  const failedAt = children.findIndex((c) => c.status === 'FAILED');
  const total = children[failedAt].events.length;
  await page.click(`[data-testid="map-run-child"][data-position="${failedAt}"] [data-testid="map-run-open"]`);
  // Part-way: the child is still running on the diagram.
  await page.waitForFunction((s) => document.querySelector(`[data-state="${s}"]`)?.dataset.status === 'running', PROCESSOR_STATE, { timeout: 5_000 });
  const label = await page.textContent('[data-testid="timeline-label"]');
  const shown = Number(/^(\d+) \//.exec(label)?.[1]);
  assert.ok(shown > 0 && shown < total, label);
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'RUNNING');
  await page.waitForFunction((n) => document.querySelector('[data-testid="timeline-label"]').textContent === `${n} / ${n} events`, total, { timeout: 10_000 });
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'FAILED');
  assert.equal(await page.getAttribute(`[data-state="${PROCESSOR_STATE}"]`, 'data-status'), 'failed');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('many children come a page at a time and a large object is cut with a note', async () => {
  // 450 rows of ~250 characters: more children than one page (200) and more text than the
  // list receives per object (100,000 characters, map-run.js).
  const rows = Array.from({ length: 450 }, (_, i) => `${i},${'x'.repeat(240)}`);
  const csv = `id,pad\n${rows.join('\n')}\n`;
  const page = await openWithTraps(env, '');
  await replaceDefinition(page, JSON.stringify({
    StartAt: 'Each',
    States: { Each: {
      Type: 'Map', End: true,
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV' }, Parameters: { Bucket: 'b', Key: 'rows.csv' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'Work', States: { Work: { Type: 'Pass', Result: 'ok', End: true } } },
    } },
  }));
  await page.click('[data-testid="mocks-editor"] .cm-content');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(JSON.stringify({ StateMachines: { M: { TestCases: { T: {} } } }, MockedResponses: {}, 'x-asl-playground': { s3: { b: { 'rows.csv': csv } } } }));
  await waitForDiagram(page, ['Each', 'Work']);
  await page.click('[data-testid="run"]');
  await waitForStatus(page, 'SUCCEEDED');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-run-child"]').length === 200);
  assert.match(await page.textContent('[data-testid="map-run-totals"]'), /450 items read · 450 child executions · 450 succeeded · 0 failed/);
  await page.click('text=Show more (200 of 450)');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-run-child"]').length === 400);
  await page.click('text=Show more (400 of 450)');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="map-run-child"]').length === 450);
  const last = await page.textContent('[data-testid="map-run-child"]:last-child');
  assert.ok(last.startsWith('449'), last);
  assert.ok(last.includes('"id":"449"'), last);

  await page.click('[data-testid="s3-panel"] > summary');
  await page.click('[data-testid="s3-object"][data-key="rows.csv"] > summary');
  const item = '[data-testid="s3-object"][data-key="rows.csv"]';
  assert.ok((await page.textContent(`${item} > summary`)).includes(`${(Buffer.byteLength(csv) / 1024).toFixed(1)} KB`));
  assert.match(await page.textContent(`${item} p.muted`), /^Showing the first 100,000 characters of /);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the embed page runs the example without the panels and without errors', async () => {
  const page = await openWithTraps(env, 'embed.html#example=csv-batch-processing&autoplay=1');
  await page.waitForFunction(() => /^(SUCCEEDED|FAILED)$/.test(document.querySelector('[data-testid="execution-status"]')?.textContent ?? ''), null, { timeout: 20_000 });
  assert.equal(await page.textContent('[data-testid="execution-status"]'), cliRun('HappyPath').status);
  await screenshot(page, 'map-run-embed');
  assert.deepEqual(page.errors, []);
  await page.close();
});
