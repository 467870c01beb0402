// Run options (seed, start time): a share link's options are honoured by the playground and
// the embed page, the page's defaults are `asl run`'s, the fields change the next run and go
// into new links, and a value that does not parse stops the run with a message. Every
// expected output comes from the native CLI run on the same files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { setUp, screenshot } from './helpers.mjs';
import { openWithTraps, caught, runToEnd, asl, aslBinary } from './share-helpers.mjs';
import { execFileSync } from 'node:child_process';
import { parseStartTime, parseSeed } from '../../www/src/run-options.js';

// A run whose output shows everything the options steer: the start time, a UUID and a
// random number from the seed, and a timestamp after a Wait on the virtual clock.
const DEFINITION = `${JSON.stringify({
  StartAt: 'Stamp',
  States: {
    Stamp: {
      Type: 'Pass',
      Parameters: { 'start.$': '$$.Execution.StartTime', 'uuid.$': 'States.UUID()', 'random.$': 'States.MathRandom(0, 1000000)' },
      Next: 'Later',
    },
    Later: { Type: 'Wait', Seconds: 90, Next: 'Again' },
    Again: { Type: 'Pass', Parameters: { 'first.$': '$', 'entered.$': '$$.State.EnteredTime', 'uuid.$': 'States.UUID()' }, End: true },
  },
}, null, 2)}\n`;
const INPUT = '{}';

let env;
let dir;
let files;
before(async () => {
  env = await setUp();
  dir = mkdtempSync(join(tmpdir(), 'asl-run-options-'));
  files = { definition: join(dir, 'definition.asl.json'), input: join(dir, 'input.json') };
  writeFileSync(files.definition, DEFINITION);
  writeFileSync(files.input, INPUT);
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `asl run` on the test's files with `flags`; returns the output. */
function cliOutput(flags = []) {
  const result = JSON.parse(asl(['run', files.definition, '--input', files.input, ...flags]));
  assert.equal(result.status, 'SUCCEEDED', JSON.stringify(result));
  return result.output;
}

/** A v1 fragment made with Node's zlib (the format the CLI and the page write). */
const fragment = (state) => `v1=${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url')}`;
/** The state a page's `#v1=` link carries. */
const decodeLink = (href) => {
  const payload = new URL(href).hash.replace(/^#/, '').split('&').find((p) => p.startsWith('v1=')).slice(3);
  return JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString('utf8'));
};

async function pageOutput(page) {
  const { status, output } = await runToEnd(page);
  assert.equal(status, 'SUCCEEDED', output);
  return JSON.parse(output);
}

const fields = (page) => page.evaluate(() => ({
  seed: document.querySelector('[data-testid="run-seed"]').value,
  startTime: document.querySelector('[data-testid="run-start-time"]').value,
}));

test("a link's seed and start time give the run `asl run` gives with the same flags", async () => {
  const flags = ['--seed', '7', '--start-time', '2030-05-01T12:00:00Z'];
  const expected = cliOutput(flags);
  assert.match(expected.first.start, /^2030-05-01T12:00:00/);
  // The seed matters: without it the UUID differs (else this test could not fail).
  assert.notEqual(expected.first.uuid, cliOutput().first.uuid);

  const links = [
    ['made by hand', `#${fragment({ definition: DEFINITION, input: INPUT, options: { seed: 7, startTime: '2030-05-01T12:00:00Z', speed: 1 } })}`],
    ['made by asl share', asl(['share', files.definition, '--input', files.input, ...flags, '--base', env.url]).trim().slice(env.url.length)],
  ];
  for (const [how, link] of links) {
    const page = await openWithTraps(env, link);
    assert.deepEqual(await fields(page), { seed: '7', startTime: '2030-05-01T12:00:00Z' }, how);
    // The summary says the run is not the default one, and with which values.
    assert.equal(await page.textContent('[data-testid="run-options-summary"]'), '(custom)', how);
    assert.equal(await page.getAttribute('[data-testid="run-options-summary"]', 'title'), 'This run uses seed 7, start time 2030-05-01T12:00:00Z', how);
    if (how === 'made by hand') assert.equal(await page.inputValue('[data-testid="speed"]'), '1');
    await page.waitForSelector('[data-testid="diagram"] [data-state="Stamp"]');
    const output = await pageOutput(page);
    assert.match(output.first.start, /2030-05-01T12:00:00/, how);
    assert.deepEqual(output, expected, how);
    if (how === 'made by asl share') await screenshot(page, 'run-options-link');
    assert.deepEqual(page.errors, [], how);
    await page.close();
  }
});

test('without options the page runs what `asl run` runs without flags', async () => {
  const page = await openWithTraps(env, `#${fragment({ definition: DEFINITION, input: INPUT })}`);
  assert.deepEqual(await fields(page), { seed: '', startTime: '' });
  // The empty fields show the defaults.
  const placeholders = await page.evaluate(() => [
    document.querySelector('[data-testid="run-seed"]').placeholder,
    document.querySelector('[data-testid="run-start-time"]').placeholder,
  ]);
  assert.deepEqual(placeholders, ['0', '2024-01-01T00:00:00Z']);
  const output = await pageOutput(page);
  assert.deepEqual(output, cliOutput());
  assert.match(output.first.start, new RegExp(`^${placeholders[1].slice(0, 19)}`));
  // The placeholders are the defaults: typing them in changes nothing.
  await page.click('[data-testid="run-options"] summary');
  await page.fill('[data-testid="run-seed"]', placeholders[0]);
  await page.fill('[data-testid="run-start-time"]', placeholders[1]);
  assert.deepEqual(await pageOutput(page), output);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('editing the seed changes the next run, is saved, and the Share link carries it', async () => {
  const page = await openWithTraps(env, `#${fragment({ definition: DEFINITION, input: INPUT })}`);
  const before = await pageOutput(page);
  assert.deepEqual(before, cliOutput());

  await page.click('[data-testid="run-options"] summary');
  await page.fill('[data-testid="run-seed"]', '11');
  const after = await pageOutput(page);
  assert.deepEqual(after, cliOutput(['--seed', '11']));
  assert.notEqual(after.uuid, before.uuid);
  assert.equal(await page.textContent('[data-testid="run-options-summary"]'), '(custom)');
  // Escape closes the floating panel and returns focus to its summary.
  await page.press('[data-testid="run-seed"]', 'Escape');
  assert.deepEqual(await page.$eval('[data-testid="run-options"]', (d) => [d.open, document.activeElement === d.querySelector('summary')]), [false, true]);

  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  const link = await page.evaluate(() => location.href);
  // Only what was set travels: the start time stays the default.
  assert.deepEqual(decodeLink(link).options, { seed: 11 });
  // Saved with the documents, as typed.
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('asl-playground:v1') ?? 'null')?.options?.seed === '11');
  await page.close();

  const again = await openWithTraps(env, link.slice(env.url.length));
  assert.deepEqual(await fields(again), { seed: '11', startTime: '' });
  assert.deepEqual(await pageOutput(again), after);
  await again.close();
});

test('an invalid start time is shown and stops the run instead of using another value', async () => {
  const page = await openWithTraps(env, `#${fragment({ definition: DEFINITION, input: INPUT })}`);
  await page.click('[data-testid="run-options"] summary');
  await page.fill('[data-testid="run-start-time"]', '2030-05-01 12:00:00');
  const message = page.locator('[data-testid="run-start-time-error"]');
  assert.ok(await message.isVisible());
  assert.match(await message.textContent(), /RFC 3339.*'2030-05-01 12:00:00'/);
  assert.equal(await page.getAttribute('[data-testid="run-start-time"]', 'aria-invalid'), 'true');
  assert.equal(await page.textContent('[data-testid="run-options-summary"]'), '(invalid)');
  await screenshot(page, 'run-options-invalid');

  const { status, output } = await runToEnd(page);
  assert.equal(status, 'FAILED');
  assert.match(output, /not started.*Start time needs an RFC 3339 time/s);
  assert.equal(await page.textContent('[data-testid="event-count"]'), '0 events');
  // Step is refused the same way.
  await page.click('[data-testid="step"]');
  assert.equal(await page.textContent('[data-testid="event-count"]'), '0 events');
  // While invalid, new links leave the start time out (a reader would get the same message).
  await page.click('[data-testid="share"]');
  await page.waitForFunction(() => location.hash.startsWith('#v1='));
  assert.equal(decodeLink(await page.evaluate(() => location.href)).options, undefined);

  // Fixed, the run uses exactly that time (an offset, as `asl run` reads it).
  await page.fill('[data-testid="run-start-time"]', '2030-05-01T12:00:00+02:00');
  assert.ok(await message.isHidden());
  assert.deepEqual(await pageOutput(page), cliOutput(['--start-time', '2030-05-01T12:00:00+02:00']));
  await page.close();

  // A link's bad values are shown too, not dropped for the defaults.
  const bad = await openWithTraps(env, `#${fragment({ definition: DEFINITION, input: INPUT, options: { seed: -3, startTime: 'yesterday' } })}`);
  assert.deepEqual(await fields(bad), { seed: '-3', startTime: 'yesterday' });
  assert.equal(await bad.$eval('[data-testid="run-options"]', (d) => d.open), true);
  assert.match(await bad.textContent('[data-testid="run-seed-error"]'), /non-negative integer, got '-3'/);
  assert.match(await bad.textContent('[data-testid="run-start-time-error"]'), /got 'yesterday'/);
  const run = await runToEnd(bad);
  assert.equal(run.status, 'FAILED');
  assert.match(run.output, /not started/);
  const trap = await caught(bad);
  assert.deepEqual([trap.pwned, trap.csp], [[], []]);
  await bad.close();
});

test('the embed page honours the seed and the start time', async () => {
  const flags = ['--seed', '7', '--start-time', '2030-05-01T12:00:00Z'];
  const link = asl(['share', files.definition, '--input', files.input, ...flags, '--embed', '--base', env.url]).trim();
  const page = await openWithTraps(env, `${link.slice(env.url.length)}&autoplay=1`);
  await page.waitForFunction(() => /SUCCEEDED|FAILED/.test(document.querySelector('[data-testid="execution-status"]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.deepEqual(JSON.parse(await page.textContent('[data-testid="execution-output"]')), cliOutput(flags));
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The page's parsers (run-options.js) accept exactly what `asl run` accepts, to the
// millisecond: a link or a field never means something else in the page than in the CLI.
const START_TIMES = [
  '2024-01-01T00:00:00Z', '2030-05-01T12:00:00+02:00', '2030-05-01T12:00:00.123456z', '2000-02-29T23:59:59.5-01:30',
  '0050-02-28T00:00:00Z', '2024-02-29T23:59:60Z', '2023-02-29T00:00:00Z', '2024-01-01 00:00:00Z', '2024-01-01T00:00:00',
  '2024-01-01T00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T00:00:00+24:00', '2024-01-01T00:00:00.Z', 'yesterday', '',
];
const SEEDS = ['0', '007', '9007199254740991', '-1', '1.5', '1e3', 'seven', ' 3'];

/** `asl run --FLAG value` on a definition printing StartTime: its StartTime, or null when refused. */
function cliAccepts(flag, value) {
  try {
    const out = execFileSync(aslBinary(), ['run', files.definition, '--input', files.input, `${flag}=${value}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out).output;
  } catch (error) {
    if (error.status === 2) return null;
    throw error;
  }
}

test('the page parses start times and seeds as `asl run` does', () => {
  for (const text of START_TIMES) {
    const page = parseStartTime(text);
    const cli = cliAccepts('--start-time', text);
    if (cli === null) assert.ok(page.error, `${text}: asl run refuses it, the page took ${page.value}`);
    else assert.equal(new Date(page.value).toISOString(), cli.first.start, text);
  }
  for (const text of SEEDS) {
    const page = parseSeed(text);
    const cli = cliAccepts('--seed', text);
    // The page trims what was typed; the CLI takes arguments as given.
    if (cli === null && text === text.trim()) assert.ok(page.error, `${text}: asl run refuses it, the page took ${page.value}`);
    if (cli !== null) assert.equal(cli.uuid, cliOutput(['--seed', String(page.value)]).uuid, text);
  }
});
