// Helpers for the share, embed, gallery and export browser tests: open a page at a link with
// traps that catch any script execution, read the editors, and call the `asl` CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Installed before any page script runs: records dialogs, CSP violations, on* attributes
 * and writes to window.__pwned, which hostile payloads try to set.
 */
export const TRAP_SCRIPT = `(() => {
  const trap = (window.__trap = { pwned: [], csp: [], handlers: [] });
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get: () => trap.pwned.length > 0,
    set: (v) => trap.pwned.push(String(v)),
  });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      trap.pwned.push(name + ':' + args.join(','));
      return original ? undefined : undefined;
    };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    trap.csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
  });
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (/^on/i.test(String(name))) trap.handlers.push(this.tagName + ' ' + name + '=' + String(value).slice(0, 80));
    return setAttribute.call(this, name, value);
  };
})();`;

/**
 * Opens `env.url` + `suffix` (e.g. '#v1=…' or 'embed.html#…') in a fresh page with the traps,
 * and waits until the page says it is ready. Navigations away and dialogs are recorded.
 * `clearStorage: false` keeps what earlier pages saved; `storage` seeds it instead.
 */
export async function openWithTraps(env, suffix, { ready = true, clearStorage = true, storage = null } = {}) {
  const page = await env.context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.navigations = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss().catch(() => {});
  });
  page.on('popup', (popup) => page.navigations.push(`popup ${popup.url()}`));
  await page.addInitScript(TRAP_SCRIPT);
  if (clearStorage) await page.addInitScript(() => {
    try {
      localStorage.clear();
    } catch {
      // storage may be unavailable in the frame
    }
  });
  // `storage`: { key: text } the page finds in localStorage on its first load (not on reloads).
  if (storage) await page.addInitScript((items) => {
    if (sessionStorage.getItem('asl-test-seeded')) return;
    sessionStorage.setItem('asl-test-seeded', '1');
    localStorage.clear();
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, storage);
  const target = new URL(suffix, env.url).href;
  const origin = target.split('#')[0];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().split('#')[0] !== origin) page.navigations.push(frame.url());
  });
  await page.goto(target);
  if (ready) await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  return page;
}

/** What the traps caught, for one assertion: everything should be empty. */
export async function caught(page) {
  const trap = await page.evaluate(() => ({ ...window.__trap, pwned: window.__trap.pwned }));
  const frames = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const t = await frame.evaluate(() => window.__trap ?? null).catch(() => null);
    if (t) frames.push(t);
  }
  return {
    pwned: [...trap.pwned, ...frames.flatMap((t) => t.pwned)],
    csp: [...trap.csp, ...frames.flatMap((t) => t.csp)],
    handlers: [...trap.handlers, ...frames.flatMap((t) => t.handlers)],
    dialogs: page.dialogs,
    navigations: page.navigations,
  };
}

/** The full text of a CodeMirror editor (data-testid `${name}-editor`). */
export async function editorText(page, name) {
  return page.$eval(`[data-testid="${name}-editor"] .cm-content`, (content) => {
    const view = content.cmTile?.root?.view ?? content.cmView?.view ?? content.cmView?.rootView?.view;
    return view ? view.state.doc.toString() : content.innerText;
  });
}

/** The selected test case in the page's picker, as {stateMachine, testCase} or null. */
export async function selectedTestCase(page) {
  const value = await page.$eval('[data-testid="test-case"]', (s) => s.value);
  return value ? JSON.parse(value) : null;
}

/** Runs the machine and waits for a final status; returns { status, output }. */
export async function runToEnd(page, timeout = 30_000) {
  await page.click('[data-testid="run"]');
  await page.waitForFunction(
    () => /^(SUCCEEDED|FAILED|TIMED_OUT|ABORTED)$/.test(document.querySelector('[data-testid="execution-status"]')?.textContent ?? ''),
    null,
    { timeout },
  );
  return {
    status: await page.textContent('[data-testid="execution-status"]'),
    output: await page.textContent('[data-testid="execution-output"]'),
  };
}

/** The built `asl` binary (scripts/test.sh runs cargo test, which builds it, first). */
export function aslBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
  for (const profile of ['debug', 'release']) {
    const bin = join(target, profile, 'asl');
    if (existsSync(bin)) return bin;
  }
  execFileSync('cargo', ['build', '-q', '-p', 'asl-cli'], { cwd: ROOT, stdio: 'inherit' });
  return join(target, 'debug', 'asl');
}

/** Runs the CLI; returns stdout (non-zero exits allowed: `asl run` exits 1 for FAILED). */
export function asl(args) {
  try {
    return execFileSync(aslBinary(), args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (error) {
    if (typeof error.stdout === 'string' && error.status === 1) return error.stdout;
    throw error;
  }
}

/** Every gallery example: { id, dir, meta } from examples/<id>/example.json. */
export function galleryExamples() {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ id: d.name, dir: join(dir, d.name), meta: JSON.parse(readFileSync(join(dir, d.name, 'example.json'), 'utf8')) }))
    .sort((a, b) => a.id.localeCompare(b.id));
}
