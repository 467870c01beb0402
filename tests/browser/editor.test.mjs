// The page loads the default example, draws it, reports problems where they are, and
// remembers the editors across a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp, screenshot, waitForDiagram, replaceDefinition, statusOf } from './helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

const DEFAULT_STATES = ['Validate order', 'Check stock', 'In stock?', 'Charge and reserve', 'Charge card', 'Reserve items', 'Pack items', 'Pack item', 'Wait for courier', 'Done', 'Out of stock'];

test('the default example shows its diagram, every state idle', async () => {
  const page = await env.newPage();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await waitForDiagram(page, DEFAULT_STATES);
  for (const name of DEFAULT_STATES) assert.equal(await statusOf(page, name), 'idle', name);
  assert.equal(await page.textContent('[data-testid="execution-status"]'), 'IDLE');
  assert.equal(await page.locator('[data-testid="problem"]').count(), 0);
  await screenshot(page, 'default-diagram');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an invalid definition lists its problems at the right line and keeps the diagram', async () => {
  const page = await env.newPage();
  await waitForDiagram(page, ['Validate order']);
  const broken = [
    '{',
    '  "StartAt": "First",',
    '  "States": {',
    '    "First": { "Type": "Pass", "Next": "Nowhere" }',
    '  }',
    '}',
  ].join('\n');
  await replaceDefinition(page, broken);
  const problem = page.locator('[data-testid="problem"]', { hasText: 'Nowhere' });
  await problem.waitFor({ timeout: 5000 });
  assert.equal(await problem.getAttribute('data-line'), '4');
  assert.match(await problem.textContent(), /Nowhere/);
  assert.ok((await page.locator('[data-testid="definition-editor"] .cm-lintRange-error').count()) >= 1, 'underlined');
  // The last valid diagram stays, with the error shown above it.
  assert.equal(await page.locator('[data-testid="diagram"] [data-state="Validate order"]').count(), 1);
  assert.match(await page.textContent('[data-testid="diagram-error"]'), /error/);
  // Clicking the problem puts the cursor on line 4.
  await problem.locator('button').click();
  const line = await page.evaluate(() => document.querySelector('[data-testid="definition-editor"] .cm-activeLine')?.textContent ?? '');
  assert.match(line, /"Nowhere"/);
  await screenshot(page, 'invalid-definition');
  await page.close();
});

test('a reload restores the editors', async () => {
  const page = await env.newPage();
  await page.click('[data-testid="input-editor"] .cm-content');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText('{"restored": "yes 😀"}');
  await page.waitForTimeout(600); // saving is debounced
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  const text = await page.textContent('[data-testid="input-editor"] .cm-content');
  assert.equal(text, '{"restored": "yes 😀"}');
  await page.evaluate(() => localStorage.clear());
  await page.close();
});
