// The Tests panel's side of the `asl test` benchmark (bench/asl-test.sh generates the files
// first): a mock file with 1,000 test cases of the 10-state bench machine, run by the page's
// Tests panel in headless Chromium; prints the time from the click to the listed results.
//   bench/asl-test.sh && node bench/asl-test-page.mjs   (after the page is built)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp } from '../tests/browser/helpers.mjs';
import { asl, ROOT } from '../tests/browser/share-helpers.mjs';

const dir = join(ROOT, 'target/bench-asl-test');
const cases = Number(process.argv[2] ?? 1000);
const mocks = JSON.parse(readFileSync(join(dir, 'mocks.json'), 'utf8'));
const kinds = Object.entries(mocks.StateMachines.Bench.TestCases);
const many = {};
for (let i = 0; i < cases; i += 1) many[`case-${String(i).padStart(4, '0')}`] = kinds[i % kinds.length][1];
mocks.StateMachines.Bench.TestCases = many;
writeFileSync(join(dir, 'page-mocks.json'), JSON.stringify(mocks));
writeFileSync(join(dir, 'page-input.json'), JSON.stringify({ id: 'o-1', items: [1, 2, 3] }));

const env = await setUp();
const link = asl(['share', join(dir, 'bench.asl.json'), '--input', join(dir, 'page-input.json'),
  '--mocks', join(dir, 'page-mocks.json'), '--base', env.url]).trim();
const page = await env.newPage();
await page.goto(link);
await page.waitForSelector('body[data-ready="true"]');
await page.click('[data-testid="tests-panel"] summary');
const times = [];
for (let run = 0; run < 5; run += 1) {
  const ms = await page.evaluate(async (n) => {
    const start = performance.now();
    document.querySelector('[data-testid="run-tests"]').click();
    await new Promise((resolve) => {
      const check = () => (document.querySelectorAll('[data-testid="test-result"]').length === n
        && !document.querySelector('[data-testid="run-tests"]').disabled ? resolve() : requestAnimationFrame(check));
      requestAnimationFrame(check);
    });
    return performance.now() - start;
  }, cases);
  times.push(Math.round(ms));
}
const summary = await page.textContent('[data-testid="tests-summary"]');
await env.close();
times.sort((a, b) => a - b);
console.log(`Tests panel, ${cases} cases: ${times.join(' ')} ms -> median ${times[2]} ms (${summary})`);
