// Share links in the playground: page → link → page keeps the editors; a link made by the CLI
// opens in the page; #example= opens a gallery example; broken links say what is wrong and
// open the default example.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot, replaceDefinition } from './helpers.mjs';
import { openWithTraps, caught, editorText, selectedTestCase, runToEnd, asl, ROOT } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const DEFAULT_DEFINITION = read('www/examples/default.asl.json');

async function banner(page) {
  const el = page.locator('[data-testid="share-banner"]');
  return (await el.count()) ? ((await el.isVisible()) ? await el.textContent() : '') : '';
}

test('page → link → page gives the same editors and test case', async () => {
  const page = await openWithTraps(env, '#example=error-handling');
  const definition = `{\n  "Comment": "Ünïcödé 😀 and <b>tags</b>",\n  "StartAt": "Only",\n  "States": { "Only": { "Type": "Pass", "End": true } }\n}\n`;
  await replaceDefinition(page, definition);
  await page.waitForFunction(() => document.querySelector('[data-testid="definition-state"]')?.textContent.includes('valid'));
  await page.selectOption('[data-testid="test-case"]', { label: 'error-handling / DeclinedAndNotified' });
  const before = {
    definition: await editorText(page, 'definition'),
    input: await editorText(page, 'input'),
    mocks: await editorText(page, 'mocks'),
    testCase: await selectedTestCase(page),
  };
  assert.equal(before.definition, definition);
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  const link = await page.evaluate(() => location.href);
  assert.equal(await page.getAttribute('[data-testid="share"]', 'data-link'), link);
  await page.close();

  const again = await openWithTraps(env, link.slice(env.url.length));
  assert.deepEqual(
    {
      definition: await editorText(again, 'definition'),
      input: await editorText(again, 'input'),
      mocks: await editorText(again, 'mocks'),
      testCase: await selectedTestCase(again),
    },
    before,
  );
  assert.equal(await banner(again), '');
  assert.deepEqual(again.errors, []);
  await again.close();
});

test('a link made by `asl share` opens in the page with the same files', async () => {
  const dir = 'examples/ml-pipeline';
  const link = asl(['share', `${dir}/definition.asl.json`, '--input', `${dir}/input.json`, '--mocks', `${dir}/mocks.json`,
    '--test-case', 'TrainingFails', '--base', env.url]).trim();
  assert.ok(link.startsWith(`${env.url}#v1=`), link);
  const page = await openWithTraps(env, link.slice(env.url.length));
  assert.equal(await editorText(page, 'definition'), read(`${dir}/definition.asl.json`));
  assert.equal(await editorText(page, 'input'), read(`${dir}/input.json`));
  assert.equal(await editorText(page, 'mocks'), read(`${dir}/mocks.json`));
  assert.deepEqual(await selectedTestCase(page), { stateMachine: 'ml-pipeline', testCase: 'TrainingFails' });
  await page.waitForSelector('[data-testid="diagram"] [data-state="Train Model"]');
  const { status, output } = await runToEnd(page);
  assert.equal(status, 'FAILED');
  assert.match(output, /States\.TaskFailed/);
  await screenshot(page, 'share-cli-link');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the default example link stays short and round-trips through the page', async () => {
  const link = asl(['share', 'www/examples/default.asl.json', '--base', env.url]).trim();
  assert.ok(link.length - env.url.length < 2000, `${link.length} chars`);
  const page = await openWithTraps(env, link.slice(env.url.length));
  assert.equal(await editorText(page, 'definition'), DEFAULT_DEFINITION);
  assert.equal(await editorText(page, 'input'), '{}');
  await page.close();
});

test('#example=<id> opens a gallery example with its first test case', async () => {
  const page = await openWithTraps(env, '#example=wait-one-year');
  assert.equal(await editorText(page, 'definition'), read('examples/wait-one-year/definition.asl.json'));
  assert.deepEqual(await selectedTestCase(page), { stateMachine: 'wait-one-year', testCase: 'HappyPath' });
  const { status } = await runToEnd(page);
  assert.equal(status, 'SUCCEEDED');
  // The year passed in virtual time.
  assert.match(await page.textContent('[data-testid="virtual-duration"]'), /365|8760|525600|31536000|1 ?y/);
  await page.close();
});

const BROKEN = [
  ['a cut-off link', async () => {
    const link = asl(['share', 'examples/ml-pipeline/definition.asl.json', '--base', env.url]).trim();
    return link.slice(env.url.length, env.url.length + 60);
  }, /cut off|corrupted/],
  ['an altered character', async () => '#v1=AAAA*BBBB', /base64url/],
  ['an unknown version', async () => '#v9=abc', /format 'v9'/],
  ['an unknown example', async () => '#example=no-such-example', /no example called 'no-such-example'/],
  ['a bad example id', async () => '#example=%3Cscript%3E', /not an example id/],
  ['a 5 MB payload', async (page) => page.evaluate(async () => {
    const json = JSON.stringify({ definition: 'A'.repeat(5 * 1024 * 1024), input: '{}' });
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return `#v1=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
  }), /larger than 2 MB/],
];

/** Types `definition` into a page and waits until storage holds it. */
async function typeDraft(page, definition) {
  await replaceDefinition(page, definition);
  await page.waitForFunction((want) => JSON.parse(localStorage.getItem('asl-playground:v1') ?? 'null')?.definition === want, definition);
}

for (const [what, make, message] of BROKEN) {
  test(`${what} says what is wrong and keeps the saved work`, async () => {
    // Storage is not cleared before the link: the draft typed here must survive it.
    const blank = await openWithTraps(env, '');
    const fragment = await make(blank);
    const draft = `{\n  "Comment": "draft before ${what}",\n  "StartAt": "Mine",\n  "States": { "Mine": { "Type": "Succeed" } }\n}\n`;
    await typeDraft(blank, draft);
    await blank.close();
    const page = await openWithTraps(env, fragment, { clearStorage: false });
    await page.waitForFunction(() => document.querySelector('[data-testid="share-banner"]')?.textContent);
    const text = await banner(page);
    assert.match(text, /could not be opened|no example called/);
    assert.match(text, message);
    assert.match(text, /Your work is shown as it was/);
    assert.equal(await editorText(page, 'definition'), draft);
    await page.waitForSelector('[data-testid="diagram"] [data-state="Mine"]');
    // And it is still what a reload restores.
    assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('asl-playground:v1')).definition), draft);
    const trap = await caught(page);
    assert.deepEqual(trap.pwned, []);
    assert.deepEqual(trap.navigations, []);
    await page.close();
  });
}

test('a broken link on a first visit (nothing saved) opens the default example', async () => {
  const page = await openWithTraps(env, '#v1=AAAA*BBBB');
  await page.waitForFunction(() => document.querySelector('[data-testid="share-banner"]')?.textContent);
  assert.match(await banner(page), /could not be opened.*base64url.*Showing the default example instead/);
  assert.equal(await editorText(page, 'definition'), DEFAULT_DEFINITION);
  await page.close();
});
