// Hostile input for the page: every case in hostile-cases.mjs is pasted into the editors (and
// run), then the suite checks that (1) no script ran — no dialog, no CSP violation, no
// navigation, window.__pwned still false, no prototype pollution, no element carrying an
// event-handler attribute; (2) the page stayed responsive — a click on a harmless button
// (the diagram's Fit) is handled within 100 ms during and after the case; (3) the user got a
// readable message. One browser; a fresh page per case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setUp } from './helpers.mjs';
import { CASES } from './hostile-cases.mjs';
import { rendererMemoryMiB } from './renderer-memory.mjs';

const CLICK_BUDGET_MS = 100;
/** An evaluate round trip also waits for any task in progress, e.g. Mermaid laying out a
 * small diagram (100-700 ms on a loaded 2-core machine): a freeze check, not the budget. */
const ROUND_TRIP_BUDGET_MS = 1500;
const worst = { click: 0, roundTrip: 0 };

let env;
before(async () => {
  env = await setUp();
  // The trap, installed before any page script: payloads try to flip __pwned or open a dialog.
  await env.context.addInitScript(() => {
    window.__pwned = false;
    window.__violations = [];
    window.__clicks = [];
    try { localStorage.clear(); } catch { /* opaque origin */ }
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
    // Bubble phase on window: runs after the button's own handlers.
    window.addEventListener('click', (e) => {
      if (e.target?.id === 'zoom-fit') window.__clicks.push(performance.now() - e.timeStamp);
    });
  });
});
after(async () => {
  console.log(`hostile: slowest click handled after ${worst.click.toFixed(0)} ms; slowest evaluate round trip ${worst.roundTrip.toFixed(0)} ms`);
  await env?.close();
});

/** Opens a fresh page with the dialog/navigation/popup traps wired to `problems`. */
async function openPage() {
  const page = await env.newPage();
  const start = page.url();
  page.problems = [];
  page.on('dialog', (d) => {
    page.problems.push(`dialog: ${d.type()} ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('popup', (p) => page.problems.push(`popup: ${p.url()}`));
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url() !== start) page.problems.push(`navigated to ${frame.url()}`);
  });
  return page;
}

/** Pastes `text` over an editor's whole content, as a clipboard paste. */
async function paste(page, editor, text) {
  await page.$eval(`[data-testid="${editor}-editor"] .cm-content`, (content, value) => {
    content.focus();
    const selection = window.getSelection();
    selection.selectAllChildren(content);
    document.execCommand('selectAll');
    const data = new DataTransfer();
    data.setData('text/plain', value);
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** Drops a file made of `bytes` on the definition editor (CodeMirror reads dropped files). */
async function dropFile(page, bytes) {
  await page.$eval('[data-testid="definition-editor"] .cm-content', (content, raw) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(raw)], 'machine.asl.json', { type: 'application/json' }));
    const box = content.getBoundingClientRect();
    content.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, clientX: box.left + 5, clientY: box.top + 5 }));
  }, bytes);
}

/** Clicks Fit and returns how long the page took to handle it (and an evaluate round trip). */
async function responsiveness(page) {
  const t0 = performance.now();
  const box = await page.evaluate(() => {
    const b = document.getElementById('zoom-fit').getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });
  const roundTrip = performance.now() - t0;
  const before = await page.evaluate(() => window.__clicks.length);
  await page.mouse.click(box.x, box.y);
  const handled = await page.evaluate((n) => window.__clicks.slice(n), before);
  assert.equal(handled.length, 1, 'the click on Fit was not handled');
  return { click: handled[0], roundTrip };
}

async function assertResponsive(page, when) {
  const { click, roundTrip } = await responsiveness(page);
  assert.ok(click < CLICK_BUDGET_MS, `${when}: click handled after ${click.toFixed(0)} ms`);
  assert.ok(roundTrip < ROUND_TRIP_BUDGET_MS, `${when}: evaluate round trip took ${roundTrip.toFixed(0)} ms`);
  worst.click = Math.max(worst.click, click);
  worst.roundTrip = Math.max(worst.roundTrip, roundTrip);
}

const MESSAGE_AREAS = ['problems', 'definition-state', 'diagram-error', 'execution-status', 'execution-output'];
const messages = (page) => page.evaluate((ids) => ids.map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').join('\n'), MESSAGE_AREAS);

async function waitForMessage(page, pattern, timeout) {
  try {
    await page.waitForFunction(
      ([ids, source, flags]) => {
        const text = ids.map((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').join('\n');
        const status = document.querySelector('[data-testid="execution-status"]')?.textContent;
        return status !== 'RUNNING' && new RegExp(source, flags).test(text);
      },
      [MESSAGE_AREAS, pattern.source, pattern.flags],
      { timeout, polling: 100 },
    );
  } catch {
    assert.fail(`no message matching ${pattern} within ${timeout} ms; the page shows:\n${(await messages(page)).slice(0, 2000)}`);
  }
}

const WHERE = {
  output: '[data-testid="execution-output"]',
  problems: '[data-testid="problems"]',
  diagram: '[data-testid="diagram"]',
  events: '[data-testid="event-details"]',
  inspector: '[data-testid="inspector"]',
};

/** True when `literal` is text of `selector` (whitespace-insensitive, as SVG splits lines). */
const hasText = (page, selector, literal) => page.$eval(selector, (el, want) => {
  const squash = (s) => s.replace(/\s+/g, '');
  const text = el instanceof SVGElement || el.querySelector('svg')
    ? [...el.querySelectorAll('[data-state]')].map((n) => `${n.dataset.state}\n${n.textContent}`).join('\n')
    : el.textContent;
  // JSON views (output, event details) show strings JSON-escaped; event details hold
  // documents as JSON text, so escaped twice.
  const once = JSON.stringify(want).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [want, once, twice].some((w) => squash(text).includes(squash(w)));
}, literal);

async function assertNoScript(page, name) {
  const found = await page.evaluate(() => {
    const handlers = [...document.querySelectorAll('*')]
      .filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name) || (/^(href|src|xlink:href|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value))))
      .map((el) => el.outerHTML.slice(0, 120));
    const foreign = [...document.querySelectorAll('script:not([src]), iframe, object, embed, foreignObject script')].map((el) => el.outerHTML.slice(0, 120));
    return {
      pwned: window.__pwned,
      violations: window.__violations,
      polluted: ({}).polluted ?? Object.prototype.polluted ?? null,
      handlers,
      foreign,
    };
  });
  assert.equal(found.pwned, false, `${name}: a payload ran`);
  assert.deepEqual(page.problems, [], `${name}: dialog, popup or navigation`);
  assert.deepEqual(found.violations, [], `${name}: CSP violations (something tried to run)`);
  assert.equal(found.polluted, null, `${name}: Object.prototype was polluted`);
  assert.deepEqual(found.handlers, [], `${name}: elements with event-handler attributes`);
  assert.deepEqual(found.foreign, [], `${name}: inline scripts, frames or objects in the page`);
}

async function runCase(c) {
  const page = await openPage();
  try {
    if (c.drop) await dropFile(page, c.drop.bytes);
    if (c.input !== undefined) await paste(page, 'input', c.input);
    if (c.mocks !== undefined) await paste(page, 'mocks', c.mocks);
    if (c.definition !== undefined) await paste(page, 'definition', c.definition);
    // During analysis (and the diagram's render, which follows it).
    await page.waitForTimeout(250);
    await assertResponsive(page, 'while checking the documents');
    if (c.run) {
      if (c.speed !== undefined) {
        await page.$eval('[data-testid="speed"]', (el, v) => {
          el.value = String(v);
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }, c.speed);
      }
      // Wait for the checks of what was pasted (debounced) before running.
      await page.waitForTimeout(200);
      page.runClicked = performance.now();
      await page.click('[data-testid="run"]');
      await page.waitForTimeout(c.stop ?? 100);
      await assertResponsive(page, 'while running');
      if (c.stop !== undefined) {
        const running = await page.textContent('[data-testid="execution-status"]');
        if (running === 'RUNNING') {
          await page.click('[data-testid="stop"]');
          await page.waitForFunction(() => document.querySelector('[data-testid="execution-status"]').textContent === 'ABORTED', null, { timeout: 2000 });
        }
      }
    }
    await waitForMessage(page, c.expect, c.timeout ?? 20_000);
    if (c.measure) {
      const ms = performance.now() - page.runClicked;
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value / 2 ** 20;
      console.log(`hostile measure: ${c.name}: Run → final message ${ms.toFixed(0)} ms; main-thread JS heap ${heap.toFixed(1)} MiB; renderer RSS ${rendererMemoryMiB().rss.toFixed(0)} MiB`);
    }
    await assertResponsive(page, 'after the case');
    if (c.diagramNote) assert.match(await page.textContent('[data-testid="diagram-error"]'), c.diagramNote);
    if (c.events) {
      // Open the details of every event that mentions the payload: they show it as text.
      const row = await page.evaluate(() => document.querySelectorAll('[data-testid="event-row"]').length);
      assert.ok(row > 0, 'no event rows');
      await page.locator('[data-testid="event-row"]').last().click();
      const lastHas = await hasText(page, WHERE.events, c.events);
      if (!lastHas) {
        await page.locator('[data-testid="event-row"]').last().click();
        await page.locator('[data-testid="event-row"]').nth(-2).click();
      }
      assert.ok(await hasText(page, WHERE.events, c.events), `event details do not show ${JSON.stringify(c.events)} as text`);
    }
    if (c.literal !== undefined) {
      assert.ok(await hasText(page, WHERE[c.where], c.literal), `${c.where} does not show ${JSON.stringify(c.literal)} as text`);
    }
    if (c.inspect !== undefined) {
      const clicked = await page.$$eval('[data-testid="diagram"] [data-state]', (els, name) => {
        const el = els.find((e) => e.dataset.state === name);
        el?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        return Boolean(el);
      }, c.inspect);
      assert.ok(clicked, `no diagram node for ${JSON.stringify(c.inspect)}`);
      await page.locator('[data-testid="inspector"] .flow-step').first().waitFor({ timeout: 5000 });
      assert.ok(await hasText(page, WHERE.inspector, c.inspect), 'the inspector does not name the state');
    }
    await assertNoScript(page, c.name);
  } finally {
    await page.close();
  }
}

for (const c of CASES) test(`hostile: ${c.name}`, { timeout: (c.timeout ?? 20_000) + 30_000, todo: c.todo }, () => runCase(c));

test('the page ships a CSP without inline or foreign scripts, and it holds', async () => {
  const page = await openPage();
  try {
    const response = await page.request.get(env.url);
    const header = response.headers()['content-security-policy'];
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    for (const [where, policy] of [['meta', meta], ['header', header]]) {
      assert.ok(policy, `no CSP in the ${where}`);
      const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      const scripts = directives['script-src'] ?? directives['default-src'];
      assert.ok(scripts, `${where}: no script-src`);
      for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:', 'blob:']) {
        assert.ok(!scripts.includes(bad), `${where}: script-src allows ${bad}`);
      }
      assert.ok(scripts.every((s) => s.startsWith("'")), `${where}: script-src names a host: ${scripts}`);
      assert.deepEqual(directives['object-src'], ["'none'"], `${where}: object-src`);
      assert.deepEqual(directives['base-uri'], ["'none'"], `${where}: base-uri`);
    }
    assert.deepEqual(await page.$$eval('script:not([src])', (s) => s.map((e) => e.outerHTML)), [], 'the page has inline scripts');
    const srcs = await page.$$eval('script[src]', (s) => s.map((e) => e.src));
    assert.ok(srcs.every((src) => src.startsWith(env.url)), `foreign scripts: ${srcs}`);
    // An injected inline script and an inline handler are both refused.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = true';
      document.body.append(s);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__pwned = true');
      img.src = 'data:,x';
      document.body.append(img);
      const foreign = document.createElement('script');
      foreign.src = 'https://example.com/x.js';
      document.body.append(foreign);
    });
    await page.waitForFunction(() => window.__violations.length >= 2, null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => window.__pwned), false);
    const violations = await page.evaluate(() => window.__violations);
    assert.ok(violations.some((v) => v.startsWith('script-src')), `expected script-src violations: ${violations}`);
  } finally {
    await page.close();
  }
});
