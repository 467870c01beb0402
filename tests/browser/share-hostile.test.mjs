// Hostile links never run anything. Each case opens a link whose state carries script or
// markup (in state names, comments, inputs, mock values, error causes, test case names,
// options, Mermaid directives…), runs it where it can run, and checks the traps: no script
// ran (window.__pwned, alert/confirm/prompt), no on* attribute was set, no CSP violation was
// reported, no dialog opened and the page did not navigate. Where the payload should be shown,
// it is shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { setUp, screenshot } from './helpers.mjs';
import { openWithTraps, caught, runToEnd } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

/** A v1 fragment made with Node's zlib (the same format the CLI and the page write). */
const fragment = (state) => `v1=${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
const text = (value) => JSON.stringify(value, null, 2);

const XSS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '<svg onload="window.__pwned=1"></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  "javascript:window.__pwned=1//",
  '<a href="javascript:window.__pwned=1" id="pwnlink">x</a>',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '<style>@import "http://evil.invalid/x.css";</style>',
];

const pass = (name, extra = {}) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true, ...extra } } });
const task = (name, extra = {}) => ({
  StartAt: name,
  States: { [name]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f', 'Payload.$': '$' }, End: true, ...extra } },
});
const mocksFor = (machine, state, response) => ({
  StateMachines: { [machine]: { TestCases: { T: { [state]: 'R' } } } },
  MockedResponses: { R: { 0: response } },
});

const CASES = [];
XSS.forEach((payload, i) => {
  CASES.push({ name: `state name ${i}`, state: { definition: text(pass(payload)), input: '{}' }, run: true });
  CASES.push({ name: `input value ${i}`, state: { definition: text(pass('Echo')), input: text({ html: payload }) }, run: true, shows: payload });
});
CASES.push(
  { name: 'comments', state: { definition: text({ Comment: XSS[0], ...pass('A', { Comment: XSS[1] }) }), input: '{}' }, run: true },
  { name: 'mock return value', state: { definition: text(task('Call')), input: '{}', mocks: text(mocksFor('m', 'Call', { Return: { html: XSS[2] } })), testCase: { testCase: 'T' } }, run: true, shows: XSS[2] },
  { name: 'mock error and cause', state: { definition: text(task('Call')), input: '{}', mocks: text(mocksFor('m', 'Call', { Throw: { Error: XSS[0], Cause: XSS[3] } })), testCase: 'T' }, run: true, shows: XSS[3] },
  { name: 'Fail state error and cause', state: { definition: text({ StartAt: 'F', States: { F: { Type: 'Fail', Error: XSS[1], Cause: XSS[5] } } }), input: '{}' }, run: true, shows: XSS[5] },
  { name: 'test case and machine names', state: { definition: text(task('Call')), input: '{}', mocks: text(mocksFor(XSS[0], 'Call', { Return: 1 })), testCase: { stateMachine: XSS[0], testCase: 'T' } }, run: true },
  { name: 'mermaid click directive in a name', state: { definition: text(pass('A"]\nclick A call alert(1)\nB["x')), input: '{}' }, run: true },
  { name: 'mermaid init directive in a name', state: { definition: text(pass('%%{init:{"securityLevel":"loose"}}%%\nclick A call alert(1)')), input: '{}' }, run: true },
  { name: 'mermaid style and link syntax', state: { definition: text({ StartAt: 'x --> y; style y fill:#f00', States: { 'x --> y; style y fill:#f00': { Type: 'Pass', Next: 'a-.->b|<img src=x onerror=window.__pwned=1>|' }, 'a-.->b|<img src=x onerror=window.__pwned=1>|': { Type: 'Succeed' } } }), input: '{}' }, run: true },
  { name: 'invalid definition with markup', state: { definition: `{ "StartAt": "${XSS[0].replace(/"/g, '\\"')}", "States": { <script>window.__pwned=1</script> }`, input: '{}' }, run: false },
  { name: 'invalid state references with markup', state: { definition: text({ StartAt: 'A', States: { A: { Type: 'Pass', Next: XSS[0] } } }), input: '{}' }, run: false },
  // Built from JSON text: in an object literal `__proto__: …` sets the prototype and the key
  // never reaches the link; JSON.parse makes it an own key, as a hand-made link carries it.
  { name: 'hostile options', state: { definition: text(pass('A')), input: '{}', options: JSON.parse(`{"speed": "<script>", "seed": ${JSON.stringify(XSS[0])}, "startTime": ${JSON.stringify(XSS[1])}, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}`) }, run: true, carries: ['"__proto__":{"polluted":true}', '"constructor":{"prototype"'] },
  { name: 'prototype keys in documents', state: { definition: `{"StartAt": "__proto__", "States": {"__proto__": {"Type": "Pass", "Result": {"constructor": {"prototype": ${JSON.stringify(XSS[0])}}}, "End": true}}}`, input: '{"__proto__": {"polluted": true}}' }, run: true },
  { name: 'map items and parallel branches', state: {
    definition: text({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [pass(XSS[0]), { StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: pass(XSS[4]), End: true } } }], End: true } } }),
    input: text({ items: XSS }) }, run: true, shows: XSS[1] },
  { name: 'JSONPath and intrinsic strings with markup', state: { definition: text(pass('A', { Parameters: { 'x.$': `States.Format('{}', $.v)`, [`${XSS[0]}`]: XSS[1] } })), input: text({ v: XSS[2] }) }, run: true, shows: XSS[2] },
  { name: 'a very long state name (invalid, shown as a problem)', state: { definition: text(pass(`${XSS[0]}${'N'.repeat(20_000)}`)), input: '{}' }, run: false },
  { name: 'control and bidi characters', state: { definition: text(pass('A\u0000\u202e\u2028\u2029\ufeffB<img src=x onerror=window.__pwned=1>')), input: '"\\u0000\\u202e"' }, run: true },
  { name: 'resource with a javascript: URL', state: { definition: text({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'javascript:window.__pwned=1', End: true } } }), input: '{}' }, run: false },
  { name: 'many states', state: { definition: text({ StartAt: 'S0', States: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`S${i}`, i < 399 ? { Type: 'Pass', Next: `S${i + 1}`, Comment: XSS[i % XSS.length] } : { Type: 'Succeed' }])) }), input: '{}' }, run: true },
  { name: 'deep nesting', state: { definition: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, input: `${'['.repeat(5000)}${']'.repeat(5000)}` }, run: false },
  { name: 'JSON values instead of texts', state: { definition: pass(XSS[0]), input: { html: XSS[1] }, mocks: { StateMachines: XSS[2] } }, run: true },
  { name: 'an endless loop ends at the event limit', state: { definition: text({ StartAt: 'Loop', States: {
    Loop: { Type: 'Pass', Comment: XSS[0], Next: 'Again?' },
    'Again?': { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Loop' },
    Done: { Type: 'Succeed' } } }), input: '{}' }, run: true },
);

/** The JSON a v1 fragment carries. */
const carried = (link) => inflateRawSync(Buffer.from(link.slice(3), 'base64url')).toString('utf8');

for (const c of CASES) {
  test(`hostile link: ${c.name}`, async () => {
    const link = fragment(c.state);
    // The payload really is in the link (a test that builds it wrongly exercises nothing).
    for (const piece of c.carries ?? []) assert.ok(carried(link).includes(piece), `the link lacks ${piece}`);
    const page = await openWithTraps(env, `#${link}`);
    // The page opened the link (no "could not be opened" banner) and shows something.
    const banner = await page.locator('[data-testid="share-banner"]').textContent().catch(() => '');
    assert.doesNotMatch(banner ?? '', /could not be opened/, banner);
    if (c.run) {
      await page.waitForFunction(() => document.querySelector('[data-testid="diagram"] svg'), null, { timeout: 20_000 });
      const { output } = await runToEnd(page, 60_000);
      // Shown as text: verbatim, or escaped inside a JSON string.
      if (c.shows) assert.ok(output.includes(c.shows) || output.includes(JSON.stringify(c.shows).slice(1, -1)), `output shows the payload as text: ${output.slice(0, 300)}`);
    } else {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="problem"]').length > 0 || document.querySelector('[data-testid="definition-state"]')?.textContent, null, { timeout: 10_000 });
    }
    // Give any injected handler (img onerror, svg onload) the chance to fire.
    await page.waitForTimeout(300);
    const trap = await caught(page);
    assert.deepEqual(trap.pwned, [], 'no script ran');
    assert.deepEqual(trap.dialogs, [], 'no dialog');
    assert.deepEqual(trap.handlers, [], 'no on* attribute');
    assert.deepEqual(trap.csp, [], 'no CSP violation');
    assert.deepEqual(trap.navigations, [], 'no navigation');
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('img[src="x"]').length,
      iframe: document.querySelectorAll('iframe').length,
      inlineScript: [...document.scripts].filter((s) => !s.src).length,
      link: document.querySelectorAll('#pwnlink, a[href^="javascript:"]').length,
      polluted: {}.polluted === true,
    }));
    assert.deepEqual(injected, { img: 0, iframe: 0, inlineScript: 0, link: 0, polluted: false });
    if (c.name === 'mermaid click directive in a name') await screenshot(page, 'hostile-mermaid');
    await page.close();
  });
}

test('hostile page parameters on the embed page', async () => {
  const state = { definition: text(pass(XSS[0])), input: text({ v: XSS[1] }) };
  const page = await openWithTraps(env, `embed.html#${fragment(state)}&view=%3Cscript%3E&theme=javascript:alert(1)&autoplay=1`);
  await page.waitForFunction(() => /SUCCEEDED/.test(document.querySelector('[data-testid="execution-status"]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.equal(await page.getAttribute('body', 'data-view'), 'diagram');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? null), null);
  assert.ok((await page.textContent('[data-testid="execution-output"]')).includes(XSS[1]));
  const trap = await caught(page);
  assert.deepEqual([trap.pwned, trap.dialogs, trap.handlers, trap.csp, trap.navigations], [[], [], [], [], []]);
  await page.close();
});

test('the hostile suite has at least 30 cases', () => {
  assert.ok(CASES.length + 1 >= 30, `${CASES.length + 1} cases`);
});

/** `depth` nested arrays around `count` zeros: compact it is small, indented it is huge. */
const deepZeros = (depth, count) => `${'['.repeat(depth)}${new Array(count).fill(0).join(',')}${']'.repeat(depth)}`;

/** The page answers: evaluate round trips over about a second all come back quickly. */
async function assertResponsive(page, when) {
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
    const ms = Date.now() - t0;
    assert.ok(ms < 1500, `${when}: the page took ${ms} ms to answer`);
    await page.waitForTimeout(200);
  }
}

test('hostile link: 2.8 KB that would print to a 200 MB definition is refused at once (issue 19, item 1)', async () => {
  const raw = `{"definition":${deepZeros(100, 1_000_000)}}`;
  const link = `v1=${deflateRawSync(Buffer.from(raw)).toString('base64url')}`;
  assert.ok(link.length < 4000 && raw.length < 2 * 1024 * 1024, `${link.length} characters, ${raw.length} bytes inflated`);
  const page = await openWithTraps(env, `#${link}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="share-banner"]')?.textContent);
  assert.match(await page.textContent('[data-testid="share-banner"]'), /could not be opened: the link's state is larger than 2 MB/);
  assert.ok((await page.evaluate(() => document.querySelector('[data-testid="definition-editor"]').textContent.length)) < 100_000);
  await assertResponsive(page, 'after the link');
  const trap = await caught(page);
  assert.deepEqual([trap.pwned, trap.dialogs, trap.navigations], [[], [], []]);
  await page.close();
});

/** Characters the output pane or an inspector section shows before "Show all". */
const PREVIEW_BOUND = 20_000 + 1_000;

test('hostile link: a payload that prints to 27 MB is shown a part at a time: output, inspector, embed (issue 19, item 5)', async () => {
  const input = deepZeros(100, 130_900);
  assert.ok(input.length <= 262_144, `${input.length} bytes`);
  const link = fragment({ definition: text(pass('Echo')), input });
  assert.ok(link.length < 1000, `${link.length} characters`);
  const page = await openWithTraps(env, `#${link}`);
  await page.waitForSelector('[data-testid="diagram"] [data-state="Echo"]', { timeout: 20_000 });
  const { status } = await runToEnd(page, 60_000);
  assert.equal(status, 'SUCCEEDED');
  await assertResponsive(page, 'after the run');
  const output = await page.textContent('[data-testid="execution-output"]');
  assert.ok(output.length < PREVIEW_BOUND, `the output pane holds ${output.length} characters`);
  assert.ok(output.startsWith('[\n  [\n    [\n'), output.slice(0, 40));
  assert.ok(await page.isVisible('[data-testid="show-all"]'));

  // The inspector: every section is a preview too.
  await page.click('[data-testid="diagram"] [data-state="Echo"]');
  await page.waitForSelector('[data-testid="inspector"] pre');
  await assertResponsive(page, 'after opening the inspector');
  const sections = await page.$$eval('[data-testid="inspector"] pre', (list) => list.map((pre) => pre.textContent.length));
  assert.ok(sections.length >= 2 && sections.every((n) => n < PREVIEW_BOUND), `inspector sections: ${sections}`);

  // "Show all" prints everything, a slice at a time: the page keeps answering meanwhile.
  await page.click('[data-testid="execution-output"] + [data-value-more] [data-testid="show-all"]');
  await assertResponsive(page, 'while showing all');
  await page.waitForFunction(() => !document.querySelector('[data-testid="execution-output"] + [data-value-more]'), null, { timeout: 120_000 });
  const lines = await page.$eval('[data-testid="execution-output"]', (pre) => [...pre.children].reduce((n, block) => n + block.textContent.split('\n').length, 0));
  assert.equal(lines, 130_900 + 2 * 100);
  await assertResponsive(page, 'after showing all');
  await page.close();

  // The embed page with autoplay=1 shows the output without a click.
  const embed = await openWithTraps(env, `embed.html#${link}&autoplay=1`);
  await embed.waitForFunction(() => document.querySelector('[data-testid="execution-status"]')?.textContent === 'SUCCEEDED', null, { timeout: 60_000 });
  await assertResponsive(embed, 'embed after autoplay');
  const shown = await embed.textContent('[data-testid="execution-output"]');
  assert.ok(shown.length < PREVIEW_BOUND, `the embed's output holds ${shown.length} characters`);
  await embed.close();
});

test('hostile storage: a saved record with markup, wrong types and prototype keys', async () => {
  const record = `{"definition": ${JSON.stringify(text(pass(XSS[0])))}, "input": ${JSON.stringify(text({ html: XSS[1] }))},
    "mocks": {"__proto__": {"polluted": true}}, "testCase": {"stateMachine": ${JSON.stringify(XSS[0])}, "testCase": {"__proto__": 1}},
    "speed": "<script>", "options": {"seed": ${JSON.stringify(XSS[2].repeat(3))}}, "__proto__": {"polluted": true}}`;
  const drafts = `[{"definition": ${JSON.stringify(text(pass(XSS[3])))}, "reason": ${JSON.stringify(XSS[5])}, "savedAt": "<b>"}, 5, null, {"__proto__": {"polluted": true}}, {"definition": {"x": 1}}]`;
  const page = await openWithTraps(env, '', { clearStorage: false, storage: { 'asl-playground:v1': record, 'asl-playground:drafts': drafts } });
  const notice = await page.textContent('[data-testid="storage-notice"]');
  for (const field of ['the mock file', 'the test case', 'the speed', 'the run options']) assert.ok(notice.includes(field), `${notice} lacks ${field}`);
  const { output } = await runToEnd(page, 60_000);
  assert.ok(output.includes(JSON.stringify(XSS[1]).slice(1, -1)), output.slice(0, 200));
  await page.click('[data-testid="restore-draft"]');
  const items = await page.$$eval('[data-testid="draft-item"]', (list) => list.map((i) => i.textContent));
  assert.equal(items.length, 1, items.join('\n'));
  assert.ok(items[0].includes(XSS[5]), items[0]);
  await page.waitForTimeout(300);
  const trap = await caught(page);
  assert.deepEqual([trap.pwned, trap.dialogs, trap.handlers, trap.csp, trap.navigations], [[], [], [], [], []]);
  const injected = await page.evaluate(() => ({ img: document.querySelectorAll('img[src="x"]').length, polluted: {}.polluted === true }));
  assert.deepEqual(injected, { img: 0, polluted: false });
  await page.close();
});
