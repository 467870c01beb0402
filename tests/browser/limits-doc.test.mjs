// docs/limits.md cannot drift from the page's own bounds either (the core's constants are
// checked by crates/asl-core/tests/limits_doc.rs): each row naming a constant of www/src/ shows
// its value, and Mermaid's text and edge caps are the ones the pinned Mermaid applies (the
// page leaves them at their defaults). No browser: sources are read as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path) => readFileSync(join(ROOT, path), 'utf8');
const DOC = read('docs/limits.md');

/** The table's rows by their first cell. */
const ROWS = new Map(DOC.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---')).map((l) => {
  const cells = l.slice(1, -1).split(' | ').map((c) => c.trim());
  return [cells[0], cells];
}));

/** The value of `const NAME = 1_000 * 4;` in a source file (digits, `_` and `*` only). */
function constant(path, name) {
  const match = new RegExp(`const ${name} = ([0-9_ *]+);`).exec(read(path));
  assert.ok(match, `${path} has no const ${name}`);
  return match[1].split('*').reduce((product, factor) => product * Number(factor.trim().replace(/_/g, '')), 1);
}

/** True when `cell` writes `value` (digits, grouped digits, or KiB/MiB), not inside a longer number. */
function shows(cell, value) {
  const spellings = [String(value), value.toLocaleString('en-US')];
  for (const [unit, size] of [['MiB', 1 << 20], ['KiB', 1 << 10]]) if (value >= size && value % size === 0) spellings.push(`${value / size} ${unit}`);
  return spellings.some((s) => new RegExp(`(^|[^0-9.,])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9]|,[0-9])`).test(cell));
}

const PAGE = [
  ['Diagram nodes (page)', 'www/src/diagram.js', 'MAX_DIAGRAM_NODES'],
  ['Values shown at once (page)', 'www/src/value-view.js', 'PREVIEW_LINES'],
  ['Values shown at once (page)', 'www/src/value-view.js', 'PREVIEW_CHARS'],
  ['Drafts kept (page)', 'www/src/storage.js', 'MAX_DRAFTS'],
  ['Stored editor text (page)', 'www/src/storage.js', 'MAX_TEXT_CHARS'],
];

test('docs/limits.md gives the page constants their values', () => {
  for (const [row, path, name] of PAGE) {
    const cells = ROWS.get(row);
    assert.ok(cells, `docs/limits.md has no row '${row}'`);
    assert.ok(cells[3].includes(path) && cells[3].includes(name), `row '${row}' does not name ${path} ${name}: ${cells[3]}`);
    const value = constant(path, name);
    assert.ok(shows(cells[1], value), `row '${row}' gives '${cells[1]}' but ${name} is ${value}`);
  }
});

test("docs/limits.md gives Mermaid's text and edge caps as the pinned Mermaid has them", () => {
  const diagram = read('www/src/diagram.js');
  const dir = join(ROOT, 'node_modules/mermaid/dist/chunks/mermaid.core');
  const config = readdirSync(dir).filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(join(dir, f), 'utf8')).find((t) => /"maxTextSize": /.test(t));
  assert.ok(config, 'Mermaid default config not found');
  for (const [row, key, constant] of [['Mermaid text (page)', 'maxTextSize', 'MAX_TEXT_SIZE'], ['Mermaid edges (page)', 'maxEdges', 'MAX_EDGES']]) {
    // The page's own setting (a literal, or a named constant of diagram.js) wins over
    // Mermaid's default.
    const named = new RegExp(`${key}: ${constant}\\b`).test(diagram)
      ? new RegExp(`const ${constant} = ([0-9_]+)`).exec(diagram)
      : null;
    const own = named ?? new RegExp(`${key}: ([0-9_]+)`).exec(diagram);
    const value = own ? Number(own[1].replace(/_/g, '')) : Number(new RegExp(`"${key}": ([0-9e.]+)`).exec(config)[1]);
    assert.ok(Number.isFinite(value) && value > 0, `${key}: ${value}`);
    assert.ok(shows(ROWS.get(row)?.[1] ?? '', value), `row '${row}' gives '${ROWS.get(row)?.[1]}' but ${key} is ${value}`);
  }
});
