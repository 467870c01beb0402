// The diagram reads right and fits: for the default example and every gallery example, in
// the playground and the embed page, no drawn text shows an entity code, every state name
// appears in the drawn text, and the drawing lies inside its panel after load. Deeply nested
// Parallel/Map machines and a 1,000-state chain draw without a page error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, screenshot, replaceDefinition } from './helpers.mjs';
import { openWithTraps, galleryExamples, ROOT } from './share-helpers.mjs';

let env;
before(async () => {
  env = await setUp();
});
after(async () => {
  await env?.close();
});

/** Every state name of a definition, nested scopes included. */
function stateNames(scope, out = []) {
  for (const [name, state] of Object.entries(scope?.States ?? {})) {
    out.push(name);
    for (const branch of state.Branches ?? []) stateNames(branch, out);
    stateNames(state.ItemProcessor ?? state.Iterator, out);
  }
  return out;
}

/** Waits until a drawing is on the page and finished (labels fixed, view fitted). */
async function waitForDrawing(page) {
  await page.waitForSelector('[data-testid="diagram"] svg [data-state]', { timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="diagram"]').dataset.drawing);
  // The panel may still settle (fonts, layout): let the resize observer refit.
  await page.waitForTimeout(150);
}

/** The drawn text, the drawing's box and the panel's box. */
const measure = (page) => page.evaluate(() => {
  const panel = document.querySelector('[data-testid="diagram"]');
  const svg = panel.querySelector('svg');
  // What a reader sees: SVG text (edge labels, subgraph titles) and Mermaid's HTML node
  // labels; tooltips in <title> are not drawn.
  const texts = [...svg.querySelectorAll('text, foreignObject')].map((t) => t.textContent);
  const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  return { texts, drawing: box(svg.getBoundingClientRect()), panel: box(panel.getBoundingClientRect()), layout: panel.dataset.layout };
});

function checkDrawing(label, names, { texts, drawing, panel }) {
  const coded = texts.filter((t) => /&#|#\d+;|&[a-z]+;/i.test(t));
  assert.deepEqual(coded, [], `${label}: drawn text with entity codes`);
  const squash = (s) => s.replace(/\s+/g, '');
  const all = squash(texts.join(''));
  const missing = names.filter((n) => !all.includes(squash(n)));
  assert.deepEqual(missing, [], `${label}: state names not drawn verbatim`);
  const inside = drawing.left >= panel.left - 1 && drawing.top >= panel.top - 1
    && drawing.right <= panel.right + 1 && drawing.bottom <= panel.bottom + 1;
  assert.ok(inside, `${label}: drawing ${JSON.stringify(drawing)} outside the panel ${JSON.stringify(panel)}`);
}

const EXAMPLES = [
  { id: null, definition: join(ROOT, 'www/examples/default.asl.json') },
  ...galleryExamples().map((e) => ({ id: e.id, definition: join(e.dir, 'definition.asl.json') })),
];

for (const where of ['playground', 'embed']) {
  test(`${where}: every example draws exact labels, every state, inside the panel`, { timeout: 600_000 }, async () => {
    const page = await openWithTraps(env, where === 'embed' ? 'embed.html' : '');
    for (const { id, definition } of EXAMPLES) {
      const names = stateNames(JSON.parse(readFileSync(definition, 'utf8')));
      const hash = id ? `#example=${id}` : '';
      // A fresh document each time (a hash change alone keeps the previous drawing a while).
      await page.goto('about:blank');
      await page.goto(`${env.url}${where === 'embed' ? 'embed.html' : ''}${hash}`);
      await page.waitForSelector('body[data-ready="true"]');
      // The playground may draw its default example before the linked one.
      await page.waitForSelector(`[data-testid="diagram"] [data-state=${JSON.stringify(names[0])}]`, { timeout: 60_000 });
      await waitForDrawing(page);
      for (const name of names) {
        assert.ok(await page.$(`[data-testid="diagram"] [data-state=${JSON.stringify(name)}]`), `${id}: no node for ${name}`);
      }
      checkDrawing(`${where} ${id ?? 'default'}`, names, await measure(page));
      if (id === null || id === 'parallel-branches') await screenshot(page, `diagram-${where}-${id ?? 'default'}`);
    }
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('Fit brings the whole machine back after zooming and panning', async () => {
  const page = await openWithTraps(env, '');
  await waitForDrawing(page);
  for (let i = 0; i < 6; i++) await page.click('#zoom-in');
  const zoomed = await measure(page);
  assert.ok(zoomed.drawing.right - zoomed.drawing.left > zoomed.panel.right - zoomed.panel.left, 'zooming in did not enlarge the drawing');
  await page.click('[data-testid="diagram"] svg', { position: { x: 2, y: 2 } }).catch(() => {});
  await page.click('#zoom-fit');
  checkDrawing('after Fit', stateNames(JSON.parse(readFileSync(join(ROOT, 'www/examples/default.asl.json'), 'utf8'))), await measure(page));
  // Never enlarged past 100 %: a one-state machine stays at its natural size.
  await replaceDefinition(page, JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Succeed' } } }));
  await page.waitForSelector('[data-testid="diagram"] [data-state="Only"]');
  await page.waitForTimeout(150);
  const scale = await page.$eval('[data-testid="diagram"] svg', (svg) => new DOMMatrix(getComputedStyle(svg).transform).a);
  assert.equal(scale, 1);
  // Resizing the window refits.
  await page.setViewportSize({ width: 900, height: 700 });
  await replaceDefinition(page, readFileSync(join(ROOT, 'www/examples/default.asl.json'), 'utf8'));
  await page.waitForSelector('[data-testid="diagram"] [data-state="Ship Item"]');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.waitForTimeout(300);
  checkDrawing('after a resize', ['Ship Item'], await measure(page));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Parallel branches are drawn left to right in definition order; labels keep their text', async () => {
  const page = await openWithTraps(env, '');
  await waitForDrawing(page);
  const definition = {
    StartAt: 'Fan Out',
    States: {
      'Fan Out': {
        Type: 'Parallel', Next: 'Check',
        Branches: ['First', 'Second', 'Third'].map((b) => ({ StartAt: b, States: { [b]: { Type: 'Pass', End: true } } })),
      },
      Check: {
        Type: 'Choice',
        Choices: [{ And: [{ Variable: '$[0].total', NumericGreaterThan: 0 }, { Variable: '$[0].valid', BooleanEquals: true }, { Variable: '$[0].note', StringEquals: 'a "quoted" note that is long' }], Next: 'Done' }],
        Default: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
  await replaceDefinition(page, JSON.stringify(definition));
  await page.waitForSelector('[data-testid="diagram"] [data-state="Third"]');
  await page.waitForTimeout(150);
  const xs = await page.evaluate(() => ['First', 'Second', 'Third'].map((n) => document.querySelector(`[data-testid="diagram"] [data-state="${n}"]`).getBoundingClientRect().x));
  assert.ok(xs[0] < xs[1] && xs[1] < xs[2], `branches out of order: ${xs}`);
  const { edge, title } = await page.evaluate(() => {
    const label = [...document.querySelectorAll('[data-testid="diagram"] g.edgeLabel')].find((g) => g.querySelector('title'));
    return { edge: [...label.querySelectorAll('text')].map((t) => t.textContent).join(' '), title: label.querySelector('title').textContent };
  });
  assert.equal(title, '$[0].total > 0 and $[0].valid == true and $[0].note == "a "quoted" note that is long"');
  // Drawn: the first 39 characters and an ellipsis (wrapped over rows).
  const squash = (s) => s.replace(/\s+/g, '');
  assert.equal(squash(edge), squash(`${[...title].slice(0, 39).join('')}…`));
  assert.deepEqual(page.errors, []);
  await page.close();
});

/** Parallel > Map > Map > Map, with transitions in and out at each level (the shape of
 * aws-samples' Glue crawler fan-out): Mermaid's dagre layout throws on it. */
function nested() {
  const map = (name, next, states) => ({
    [name]: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: Object.keys(states)[0], States: states }, Next: next },
  });
  const partitions = map('Partitions', 'Tables Done', {
    'Start Crawler': { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:glue:startCrawler', Next: 'Wait' },
    Wait: { Type: 'Wait', Seconds: 5, Next: 'Check' },
    Check: { Type: 'Choice', Choices: [{ Variable: '$.state', StringEquals: 'READY', Next: 'Ok' }], Default: 'Wait' },
    Ok: { Type: 'Succeed' },
  });
  const tables = map('Tables', 'DB Done', { 'List Partitions': { Type: 'Pass', Next: 'Partitions' }, ...partitions, 'Tables Done': { Type: 'Pass', End: true } });
  const databases = map('Databases', 'Report', { 'List Tables': { Type: 'Pass', Next: 'Tables' }, ...tables, 'DB Done': { Type: 'Pass', End: true } });
  return {
    StartAt: 'Crawl All',
    States: {
      'Crawl All': {
        Type: 'Parallel', Next: 'Done', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        Branches: [
          { StartAt: 'List Databases', States: { 'List Databases': { Type: 'Pass', Next: 'Databases' }, ...databases, Report: { Type: 'Pass', End: true } } },
          { StartAt: 'Notify', States: { Notify: { Type: 'Pass', End: true } } },
        ],
      },
      Failed: { Type: 'Fail', Error: 'CrawlFailed' },
      Done: { Type: 'Succeed' },
    },
  };
}

function chain(n) {
  const States = {};
  for (let i = 0; i < n; i++) States[`State ${i}`] = i + 1 < n ? { Type: 'Pass', Next: `State ${i + 1}` } : { Type: 'Succeed' };
  return { StartAt: 'State 0', States };
}

for (const [label, definition] of [['four levels of Parallel/Map', nested()], ['a 1,000-state chain', chain(1000)]]) {
  test(`${label} draws without a page error`, { timeout: 300_000 }, async () => {
    const page = await openWithTraps(env, '');
    await waitForDrawing(page);
    await replaceDefinition(page, JSON.stringify(definition, null, 1));
    const names = stateNames(definition);
    await page.waitForSelector(`[data-testid="diagram"] [data-state=${JSON.stringify(names.at(-1))}]`, { timeout: 240_000 });
    await waitForDrawing(page);
    assert.equal(await page.textContent('[data-testid="diagram-error"]'), '');
    assert.equal(await page.$$eval('[data-testid="diagram"] [data-state]', (els) => els.length), names.length);
    const m = await measure(page);
    checkDrawing(label, names, m);
    await screenshot(page, `diagram-${names.length}-states`);
    // The testing contract holds on this layout too: run and see statuses.
    await page.click('[data-testid="run"]');
    await page.waitForFunction((name) => !['idle', undefined].includes(document.querySelector(`[data-testid="diagram"] [data-state="${name}"]`)?.dataset.status), names[0], { timeout: 60_000 });
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}
