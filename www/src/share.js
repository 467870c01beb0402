// Share links: the editors (definition, input, mocks, test case, options) packed into the URL
// fragment `#v1=<base64url(deflate-raw(JSON))>`, or `#example=<id>` for a gallery example.
// The format is defined once, in Rust (asl_core::share, docs/share-links.md); the page calls
// it through the wasm exports `sharePayload` (the link's JSON) / `decodeShare` (the wasm module
// is initialised by wasm.js before any of this runs). The page compresses the JSON with the
// browser's CompressionStream('deflate-raw') and writes `v1=` + base64url itself: a deflate
// encoder in wasm cost ~6 KB gzipped of the first module (docs/wasm-size.md); `asl share`
// writes the same format with miniz, and every link decodes through decodeShare.
//
// A link is hostile input. Nothing from it is ever parsed as HTML: it only becomes editor
// text, and messages about it are set with textContent.
import { sharePayload, decodeShare } from '../pkg/asl_wasm.js';
import { MAX_OPTION_CHARS } from './run-options.js';

/** URL updates are throttled: Safari refuses more than ~100 replaceState calls in 30 s. */
const HASH_UPDATE_MS = 1000;

/** A link that cannot be opened; `message` is a sentence for the page. */
export class ShareLinkError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

/** The state as the link carries it: editor texts, plus test case and options when set. */
export function shareableState({ definition, input, mocks, testCase, options }) {
  const state = { definition: String(definition ?? ''), input: String(input ?? '') };
  if (mocks && String(mocks).trim()) state.mocks = String(mocks);
  if (testCase?.testCase) {
    state.testCase = { testCase: String(testCase.testCase) };
    if (testCase.stateMachine) state.testCase.stateMachine = String(testCase.stateMachine);
  }
  if (options && typeof options === 'object' && Object.keys(options).length) state.options = options;
  return state;
}

/** Packs a state into `v1=<payload>` (no leading '#'). */
export async function encodeState(docs) {
  const json = sharePayload(shareableState(docs));
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return `v1=${base64url(new Uint8Array(await new Response(stream).arrayBuffer()))}`;
}

/** Base64url without padding (asl_core::share's alphabet), in chunks: a state may be MBs. */
function base64url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Reads what a fragment asks for: { kind: 'state', state }, { kind: 'example', id } or
 * { kind: 'none' }. Throws ShareLinkError (with the core's message) for anything it cannot open.
 */
export async function parseFragment(fragment) {
  try {
    return decodeShare(String(fragment ?? ''));
  } catch (error) {
    throw new ShareLinkError(String(error?.message ?? error));
  }
}

/**
 * Only the options the page knows, with the types it expects; everything else is dropped.
 * A seed that is a number and a start time that is a (short) string are kept even when they
 * are out of range or do not parse: the Run options fields then say what is wrong, instead
 * of the run quietly using the default (run-options.js).
 */
export function sanitizeOptions(options) {
  const out = {};
  if (!options || typeof options !== 'object') return out;
  if (typeof options.seed === 'number' && Number.isFinite(options.seed)) out.seed = options.seed;
  if (typeof options.startTime === 'string' && options.startTime.length <= MAX_OPTION_CHARS) out.startTime = options.startTime;
  if (Number.isInteger(options.speed) && options.speed >= 0 && options.speed <= 4) out.speed = options.speed;
  // Checked field by field by breakpoints.js (setBreakpoints) when the link is applied.
  if (Array.isArray(options.breakpoints) && options.breakpoints.length <= 100) out.breakpoints = options.breakpoints;
  return out;
}

/**
 * The test case a link names, as the page's picker lists it ({stateMachine, testCase}, in that
 * key order), given the mock file's analysis; a link may leave out the state machine. Null
 * when the mock file has no such test case.
 */
export function resolveTestCase(testCase, mocksResult) {
  if (!testCase?.testCase) return null;
  const match = (mocksResult?.testCases ?? []).find(
    (c) => c.testCase === testCase.testCase && (!testCase.stateMachine || c.stateMachine === testCase.stateMachine),
  );
  return match ? { stateMachine: match.stateMachine, testCase: match.testCase } : null;
}

/** The full link for the current page (or another page, e.g. embed.html) and a fragment. */
export function linkFor(fragment, page = '') {
  const url = new URL(page || window.location.href, window.location.href);
  url.hash = fragment;
  return url.href;
}

/**
 * Hooks share links into a page. `app` supplies:
 *   current() -> { definition, input, mocks, testCase, options }   what the editors hold
 *   load(docs, reason)                                              puts docs into the editors
 *                                                                   (keeping what they held; `reason`
 *                                                                   names what replaced it)
 *   loadDefault() -> 'default' | 'kept'                             what a broken link leaves shown:
 *                                                                   the default example, or the
 *                                                                   user's work (never replaced)
 *   on(topic, fn)                                                   the page's event bus ('documents')
 *   examples: Map(id -> { definition, input, mocks, testCase })     the gallery (gallery.js)
 *   banner?: Element  where messages about links go (created above the page if absent)
 *   button?: Element  the Share button (created in the top bar if absent; null for none)
 * Returns { openFragment(fragment), share(): Promise<string>, detach() } (detach: the editors
 * no longer hold the link's state, so stop updating the address bar and drop the fragment).
 */
export async function initShare(app) {
  const banner = app.banner ?? createBanner();
  const button = app.button === undefined ? createButton() : app.button;
  let following = false; // keep the fragment in sync with the editors once a link is in use
  let lastWritten = null;
  let timer = null;

  const say = (text, kind = 'info') => {
    banner.textContent = text;
    banner.dataset.kind = kind;
    banner.hidden = !text;
  };

  const fallback = () => (app.loadDefault() === 'kept' ? 'Your work is shown as it was.' : 'Showing the default example instead.');

  async function openFragment(fragment) {
    let link;
    try {
      link = await parseFragment(fragment);
    } catch (error) {
      following = false;
      say(`This link could not be opened: ${error.message}. ${fallback()}`, 'error');
      return { kind: 'error', message: error.message };
    }
    if (link.kind === 'state') {
      const s = link.state;
      app.load({ definition: s.definition, input: s.input, mocks: s.mocks ?? '', testCase: s.testCase ?? null, options: sanitizeOptions(s.options) }, 'a link');
      following = true;
      say('');
    } else if (link.kind === 'example') {
      const example = app.examples?.get(link.id);
      if (!example) {
        say(`There is no example called '${link.id}'. ${fallback()}`, 'error');
        return { kind: 'error', message: `unknown example ${link.id}` };
      }
      app.load(example, `the example "${example.title}"`);
      following = false;
      say('');
      // The example is now the user's draft (kept in storage): a reload must not reset it.
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return link;
  }

  async function share() {
    const fragment = await encodeState(app.current());
    lastWritten = `#${fragment}`;
    history.replaceState(null, '', lastWritten);
    following = true;
    return linkFor(fragment);
  }

  const syncHash = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!following) return;
      const fragment = await encodeState(app.current());
      // Keep page parameters (view=, theme=) that came with the link.
      const extras = window.location.hash.replace(/^#/, '').split('&').filter((p) => p && !/^(v\d+|example)=/.test(p));
      lastWritten = `#${[fragment, ...extras].join('&')}`;
      history.replaceState(null, '', lastWritten);
    }, HASH_UPDATE_MS);
  };
  app.on?.('documents', syncHash);

  window.addEventListener('hashchange', () => {
    if (window.location.hash === lastWritten) return;
    openFragment(window.location.hash);
  });

  if (button) {
    button.addEventListener('click', async () => {
      const link = await share();
      const copied = await navigator.clipboard?.writeText(link).then(() => true, () => false);
      say(copied ? 'Link copied to the clipboard (and shown in the address bar).' : 'The link is in the address bar: copy it from there.');
      button.dataset.link = link;
    });
  }

  function detach() {
    following = false;
    clearTimeout(timer);
    if (window.location.hash) history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  if (window.location.hash.length > 1) await openFragment(window.location.hash);
  return { openFragment, share, detach };
}

function createBanner() {
  const banner = document.createElement('div');
  banner.id = 'share-banner';
  banner.className = 'share-banner';
  banner.dataset.testid = 'share-banner';
  banner.setAttribute('role', 'alert');
  banner.hidden = true;
  document.body.prepend(banner);
  return banner;
}

function createButton() {
  const bar = document.querySelector('.topbar') ?? document.body;
  const button = document.createElement('button');
  button.id = 'share';
  button.type = 'button';
  button.dataset.testid = 'share';
  button.title = 'Copy a link that opens exactly this definition, input and mocks';
  button.textContent = '⤴ Share';
  bar.append(button);
  return button;
}
