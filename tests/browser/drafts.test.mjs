// Nothing the user typed is lost: a link, an example or a restored draft that replaces the
// editors keeps what they held as a draft ("Restore previous work", at least the last 10),
// what storage holds is checked field by field (a bad field falls back to its default and the
// page says which were dropped), and a full storage is reported instead of silently keeping an
// older draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { setUp, replaceDefinition, loadExample } from './helpers.mjs';
import { openWithTraps, editorText, caught } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const KEY = 'asl-playground:v1';
const fragment = (state) => `#v1=${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
const machine = (comment) => `{\n  "Comment": "${comment}",\n  "StartAt": "S",\n  "States": { "S": { "Type": "Succeed" } }\n}\n`;

/** Types `definition` into the page and waits until storage holds it. */
async function typeDraft(page, definition) {
  await replaceDefinition(page, definition);
  await page.waitForFunction(([key, want]) => JSON.parse(localStorage.getItem(key) ?? 'null')?.definition === want, [KEY, definition]);
}

const notice = (page) => page.$eval('[data-testid="storage-notice"]', (el) => (el.hidden ? '' : el.textContent));

/** The drafts "Restore previous work" lists, newest first. */
async function listedDrafts(page) {
  await page.click('[data-testid="restore-draft"]');
  await page.waitForSelector('[data-testid="draft-list"]:not([hidden])');
  return page.$$eval('[data-testid="draft-item"]', (items) => items.map((i) => i.textContent));
}

test('a link keeps the draft it replaces, and "Restore previous work" brings it back', async () => {
  const first = await openWithTraps(env, '');
  assert.equal(await first.isVisible('[data-testid="restore-draft"]'), false, 'no drafts yet');
  const draft = machine('My unsaved work');
  await typeDraft(first, draft);
  const draftInput = await editorText(first, 'input');
  await first.close();

  // As from a chat message, the embed's "Open in playground" or a gallery link in a new tab.
  const link = machine('From a link');
  const page = await openWithTraps(env, fragment({ definition: link, input: '{"x": 1}' }), { clearStorage: false });
  assert.equal(await editorText(page, 'definition'), link);
  assert.match(await notice(page), /previous work was kept.*Restore previous work/);
  const listed = await listedDrafts(page);
  assert.equal(listed.length, 1);
  assert.match(listed[0], /My unsaved work · .* · replaced by a link/);
  await page.click('[data-testid="draft-item"]');
  assert.equal(await editorText(page, 'definition'), draft);
  assert.equal(await editorText(page, 'input'), draftInput);
  // Restoring is itself a replacement: the link's state is now the draft on offer, and the
  // address bar no longer claims to show the link.
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.match((await listedDrafts(page))[0] ?? '', /^From a link · /);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('links, hash changes and examples keep at least the last 10 drafts', async () => {
  const page = await openWithTraps(env, '');
  await page.evaluate(() => localStorage.clear());
  const rounds = 12;
  for (let i = 0; i < rounds; i++) {
    await typeDraft(page, machine(`Draft ${i}`));
    if (i === rounds - 1) {
      await loadExample(page, 'Parallel branches');
    } else {
      const definition = machine(`Link ${i}`);
      await page.evaluate((hash) => { location.hash = hash; }, fragment({ definition, input: '{}' }));
      const until = Date.now() + 10_000;
      while ((await editorText(page, 'definition')) !== definition && Date.now() < until) await page.waitForTimeout(50);
      assert.equal(await editorText(page, 'definition'), definition);
    }
  }
  const listed = await listedDrafts(page);
  assert.ok(listed.length >= 10, `${listed.length} drafts kept`);
  // Newest first; untouched links are not drafts (they can be opened again).
  for (let k = 0; k < 10; k++) assert.match(listed[k], new RegExp(`^Draft ${rounds - 1 - k} · `), listed.join('\n'));
  assert.match(listed[0], /replaced by the example/);
  assert.ok(!listed.some((l) => /^Link /.test(l)), listed.join('\n'));
  await page.close();
});

test('every stored field is checked: bad ones fall back one by one and the page says which', async () => {
  const definition = machine('Kept from storage');
  const stored = JSON.stringify({ definition, input: 7, mocks: { StateMachines: {} }, testCase: 'HappyPath', speed: 'fast', options: [1, 2] });
  const page = await openWithTraps(env, '', { clearStorage: false, storage: { [KEY]: stored } });
  assert.equal(await editorText(page, 'definition'), definition);
  assert.equal(await editorText(page, 'input'), '{}');
  assert.equal(await editorText(page, 'mocks'), '');
  const text = await notice(page);
  for (const field of ['the input (a number)', 'the mock file (a object)', 'the test case (text of 9 characters)', 'the speed (text of 4 characters)', 'the run options (a list)']) {
    assert.ok(text.includes(field), `${text} lacks ${field}`);
  }
  assert.doesNotMatch(text, /the definition/);
  await page.waitForSelector('[data-testid="diagram"] [data-state="S"]');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('storage that is not a saved page opens the default example and says so', async () => {
  for (const [raw, words] of [['{not json', /everything \(it is not JSON\)/], ['[1,2]', /everything \(a list, not a saved page\)/], ['{"definition": 42}', /the definition \(a number\)/]]) {
    const page = await openWithTraps(env, '', { clearStorage: false, storage: { [KEY]: raw } });
    assert.match(await editorText(page, 'definition'), /"StartAt"/);
    assert.match(await notice(page), words);
    const trap = await caught(page);
    assert.deepEqual(trap.pwned, []);
    await page.close();
  }
});

test('full storage: the page says the latest changes were not saved, and when they are again', async () => {
  const page = await openWithTraps(env, '');
  await typeDraft(page, machine('Saved before the disk filled up'));
  const filled = await page.evaluate(() => {
    let chars = 0;
    for (let size = 1 << 20; size >= 1024; ) {
      try {
        localStorage.setItem(`filler-${chars}`, 'x'.repeat(size));
        chars += size;
      } catch {
        size >>= 1;
      }
    }
    return chars;
  });
  assert.ok(filled > 1 << 20, `filled ${filled} characters`);
  await replaceDefinition(page, machine(`Too big to save ${'y'.repeat(200_000)}`));
  await page.waitForFunction(() => /could not be saved/.test(document.querySelector('[data-testid="storage-notice"]')?.textContent ?? ''));
  assert.match(await notice(page), /Your latest changes could not be saved: this browser's storage for the page is full\. The last saved version is from .*Share or Export/);
  assert.match(await page.evaluate((key) => JSON.parse(localStorage.getItem(key)).definition, KEY), /Saved before the disk filled up/);
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
  await typeDraft(page, machine('Saved again'));
  assert.equal(await notice(page), '');
  await page.close();
});
