// The examples gallery in the page: the panel lists every example folder, its links open the
// example, and every example's every test case runs in the browser to the status (and output
// or error) that example.json promises, as the CLI test (examples_gallery.rs) checks natively.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, screenshot } from './helpers.mjs';
import { openWithTraps, editorText, selectedTestCase, runToEnd, galleryExamples, caught } from './share-helpers.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const EXAMPLES = galleryExamples();

test('the gallery panel lists every example with its title, description and link', async () => {
  const page = await openWithTraps(env, '');
  await page.click('[data-testid="gallery-panel"] summary');
  const items = await page.$$eval('[data-testid="gallery"] .gallery-item', (list) =>
    list.map((li) => ({
      id: li.dataset.example,
      title: li.querySelector('.gallery-open').textContent,
      href: li.querySelector('.gallery-open').getAttribute('href'),
      description: li.querySelector('.gallery-description').textContent,
    })),
  );
  assert.deepEqual(
    items,
    EXAMPLES.map((e) => ({ id: e.id, title: e.meta.title, href: `#example=${e.id}`, description: e.meta.description })),
  );
  await screenshot(page, 'gallery-panel');
  // Following a link opens that example in place.
  await page.click('[data-testid="gallery"] [data-example="batch-job"] a');
  await page.waitForSelector('[data-testid="diagram"] [data-state="Submit Batch Job"]');
  assert.equal(await editorText(page, 'definition'), readFileSync(join(EXAMPLES.find((e) => e.id === 'batch-job').dir, 'definition.asl.json'), 'utf8'));
  assert.deepEqual(await selectedTestCase(page), { stateMachine: 'batch-job', testCase: 'HappyPath' });
  assert.deepEqual((await caught(page)).pwned, []);
  await page.close();
});

/** The page's verdict for one run, in example.json's terms. */
async function verdict(page) {
  const { status, output } = await runToEnd(page);
  if (status === 'SUCCEEDED') return { status, output: JSON.parse(output) };
  const error = /^Error: (.*)$/m.exec(output)?.[1];
  const cause = /^Cause: ([\s\S]*)$/m.exec(output)?.[1];
  return { status, error, cause, text: output };
}

for (const example of EXAMPLES) {
  test(`gallery example ${example.id}: every test case runs as promised in the page`, async () => {
    const page = await openWithTraps(env, `#example=${example.id}`);
    await page.waitForSelector('[data-testid="diagram"] [data-state]');
    let ran = 0;
    for (const [name, expected] of Object.entries(example.meta.testCases)) {
      await page.selectOption('[data-testid="test-case"]', JSON.stringify({ stateMachine: example.id, testCase: name }));
      // Clear the previous run (Reset is disabled before the first one).
      await page.$eval('[data-testid="reset"]', (button) => button.disabled || button.click());
      const got = await verdict(page);
      assert.equal(got.status, expected.status, `${name}: ${got.text ?? ''}`);
      if ('output' in expected) assert.deepEqual(got.output, expected.output, name);
      if ('error' in expected) assert.equal(got.error, expected.error, `${name}: ${got.text}`);
      if ('cause' in expected) assert.equal(got.cause, expected.cause, name);
      ran += 1;
    }
    assert.ok(ran >= 2, `${ran} test cases ran`);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
