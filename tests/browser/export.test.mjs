// Export: SVG (parses, keeps the run's colours), PNG (decodes as an image), history JSON
// (matches the run, and the CLI's history of the same run), Mermaid text (the CLI's graph),
// the mock file, and the AWS CLI / CloudFormation snippets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot } from './helpers.mjs';
import { openWithTraps, runToEnd, asl, ROOT } from './share-helpers.mjs';

let env;
let page;
const DIR = 'examples/parallel-branches';
const read = (path) => readFileSync(join(ROOT, path), 'utf8');

before(async () => {
  env = await setUp();
  page = await openWithTraps(env, '#example=parallel-branches');
  await page.waitForSelector('[data-testid="diagram"] [data-state="Fetch Orders"]');
  const { status } = await runToEnd(page);
  assert.equal(status, 'SUCCEEDED');
});
after(async () => {
  await page?.close();
  await env?.close();
});

async function exported(testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="export-${testid}"]`)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

test('SVG: a standalone document that parses and keeps the run colours', async () => {
  const { name, bytes } = await exported('svg');
  assert.equal(name, 'state-machine.svg');
  const result = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    const succeeded = [...doc.querySelectorAll('[data-status="succeeded"]')].map((g) => g.dataset.state);
    const stroke = doc.querySelector('[data-state="Fetch Orders"] :is(rect, path, polygon)')?.style.stroke ?? '';
    return { error: doc.querySelector('parsererror')?.textContent ?? null, root: root.localName, ns: root.namespaceURI, succeeded, stroke, width: root.getAttribute('width') };
  }, bytes.toString('utf8'));
  assert.equal(result.error, null);
  assert.equal(result.root, 'svg');
  assert.equal(result.ns, 'http://www.w3.org/2000/svg');
  assert.deepEqual(result.succeeded.sort(), ['Fetch In Parallel', 'Fetch Orders', 'Fetch Profile'].sort());
  // The page's "succeeded" colour (styles.css), copied onto the element.
  const pageStroke = await page.$eval('[data-testid="diagram"] [data-state="Fetch Orders"] :is(rect, path, polygon)', (e) => getComputedStyle(e).stroke);
  assert.equal(result.stroke, pageStroke);
  assert.ok(Number(result.width) > 0);
});

test('PNG: decodes as an image of the diagram', async () => {
  const { name, bytes } = await exported('png');
  assert.equal(name, 'state-machine.png');
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const size = await page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    return { width: image.naturalWidth, height: image.naturalHeight };
  }, bytes.toString('base64'));
  assert.ok(size.width > 100 && size.height > 100, JSON.stringify(size));
});

test('history JSON: GetExecutionHistory shape, the run shown, same as the CLI', async () => {
  const { name, bytes } = await exported('history');
  assert.equal(name, 'execution-history.json');
  const history = JSON.parse(bytes.toString('utf8'));
  assert.deepEqual(Object.keys(history), ['events']);
  const count = Number.parseInt(await page.textContent('[data-testid="event-count"]'), 10);
  assert.equal(history.events.length, count);
  assert.equal(history.events[0].type, 'ExecutionStarted');
  assert.equal(history.events.at(-1).type, 'ExecutionSucceeded');
  const cli = JSON.parse(asl(['run', `${DIR}/definition.asl.json`, '--input', `${DIR}/input.json`, '--mocks', `${DIR}/mocks.json`, '--test-case', 'HappyPath', '--history']));
  const shape = (events) => events.map((e) => [e.id, e.type, e.previousEventId ?? 0]);
  assert.deepEqual(shape(history.events), shape(cli.events));
});

test('Mermaid text is the core graph, as `asl graph` prints it', async () => {
  await page.click('[data-testid="export-mermaid"]');
  const text = await page.textContent('[data-testid="export-snippet"]');
  assert.equal(text.trim(), asl(['graph', `${DIR}/definition.asl.json`]).trim());
});

test('mock file download is the editor text', async () => {
  const { name, bytes } = await exported('mocks');
  assert.equal(name, 'mocks.json');
  assert.equal(bytes.toString('utf8'), read(`${DIR}/mocks.json`));
});

test('AWS CLI command and CloudFormation snippet', async () => {
  await page.click('[data-testid="export-aws-cli"]');
  const cli = await page.textContent('[data-testid="export-snippet"]');
  assert.match(cli, /^aws stepfunctions create-state-machine \\\n {2}--name [A-Za-z0-9_-]{1,80} \\\n {2}--definition file:\/\/definition\.asl\.json \\\n {2}--role-arn arn:aws:iam::\d{12}:role\/\S+\n$/);

  await page.click('[data-testid="export-cloudformation"]');
  const cfn = await page.textContent('[data-testid="export-snippet"]');
  assert.match(cfn, /^Resources:\n {2}[A-Za-z0-9]+:\n {4}Type: AWS::StepFunctions::StateMachine\n {4}Properties:\n/);
  assert.match(cfn, /RoleArn: !Sub arn:aws:iam::\$\{AWS::AccountId\}:role\//);
  const body = cfn.split('DefinitionString: |\n')[1];
  const json = body.split('\n').map((line) => line.replace(/^ {8}/, '')).join('\n');
  assert.deepEqual(JSON.parse(json), JSON.parse(read(`${DIR}/definition.asl.json`)));
  await screenshot(page, 'export-cloudformation');
});
