// value-view.js prints JSON line by line, only as far as it is shown: the lines must be
// exactly JSON.stringify(value, null, 2)'s, and the first lines of a value that prints to
// 27 MB must come without printing the rest. No browser: jsonLines is a pure generator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLines, PREVIEW_LINES } from '../../www/src/value-view.js';

const VALUES = [
  null, 0, -1.5e300, true, 'text', '\u2028"\\</script>', [], {}, [[]], [{}], { a: [] },
  { a: 1, b: [1, 'x', null, { c: {} }], 'd"e': { f: [true, false] } },
  [undefined, () => 1, 2], { skipped: undefined, fn: () => 1, kept: 1 },
  { __proto__: null, constructor: 'x' }, JSON.parse('{"__proto__": {"p": 1}}'),
  JSON.parse(`${'['.repeat(50)}1,2${']'.repeat(50)}`),
];

test('jsonLines gives exactly the lines of JSON.stringify(value, null, 2)', () => {
  for (const value of VALUES) {
    assert.equal([...jsonLines(value)].join('\n'), JSON.stringify(value, null, 2) ?? 'null', JSON.stringify(value));
  }
});

test('the first lines of a value that prints to 27 MB come at once', () => {
  const value = JSON.parse(`${'['.repeat(100)}${new Array(130_900).fill(0).join(',')}${']'.repeat(100)}`);
  const started = performance.now();
  const lines = jsonLines(value);
  const first = [];
  for (let i = 0; i < PREVIEW_LINES; i++) first.push(lines.next().value);
  const ms = performance.now() - started;
  assert.equal(first[99], `${' '.repeat(198)}[`);
  assert.equal(first[100], `${' '.repeat(200)}0,`);
  // Printing everything takes hundreds of milliseconds and 27 MB; the preview is proportional
  // to what it shows.
  assert.ok(ms < 100, `${ms.toFixed(1)} ms for ${PREVIEW_LINES} lines`);
});
