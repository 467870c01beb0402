// Share links: the editors (definition, input, mocks, test case, options) packed into the URL
// fragment `#v1=<base64url(deflate-raw(JSON))>`, or `#example=<id>` for a gallery example.
// The format is defined once, in Rust (asl_core::share, docs/share-links.md); the page calls
// it through the wasm exports `encodeShare` / `decodeShare`. Until a build has those exports,
// the same format is read and written here with the browser's (De)CompressionStream, with the
// same size cap, so links work either way (the Rust tests decode links made this way).
//
// A link is hostile input. Nothing from it is ever parsed as HTML: it only becomes editor
// text, and messages about it are set with textContent.
import * as wasm from '../pkg/asl_wasm.js';

export const VERSION = 'v1';
/** Largest decompressed state accepted (same as asl_core::share::MAX_DECODED_BYTES). */
export const MAX_DECODED_BYTES = 2 * 1024 * 1024;
/** Largest encoded payload accepted (same as asl_core::share::MAX_ENCODED_CHARS). */
export const MAX_ENCODED_CHARS = 2 * 1024 * 1024;
/** URL updates are throttled: Safari refuses more than ~100 replaceState calls in 30 s. */
const HASH_UPDATE_MS = 1000;
const EXAMPLE_ID = /^[a-z0-9-]{1,64}$/;

/** A link that cannot be opened; `message` is a sentence for the page. */
export class ShareLinkError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ShareLinkError';
  }
}

const hasWasmCodec = () => typeof wasm.encodeShare === 'function' && typeof wasm.decodeShare === 'function';

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
  const state = shareableState(docs);
  if (hasWasmCodec()) return wasm.encodeShare(state);
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  const compressed = await pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
  return `${VERSION}=${toBase64Url(compressed)}`;
}

/**
 * Reads what a fragment asks for: { kind: 'state', state }, { kind: 'example', id } or
 * { kind: 'none' }. Throws ShareLinkError for anything it cannot open.
 */
export async function parseFragment(fragment) {
  if (hasWasmCodec()) {
    try {
      return wasm.decodeShare(String(fragment ?? ''));
    } catch (error) {
      throw new ShareLinkError(String(error?.message ?? error));
    }
  }
  return parseFragmentJs(String(fragment ?? ''));
}

async function parseFragmentJs(fragment) {
  const params = fragment.replace(/^#/, '').split('&');
  let example = null;
  for (const param of params) {
    const at = param.indexOf('=');
    const key = at < 0 ? param : param.slice(0, at);
    const value = at < 0 ? '' : param.slice(at + 1);
    if (key === VERSION) return { kind: 'state', state: await decodePayload(value) };
    if (/^v\d+$/.test(key)) {
      throw new ShareLinkError(`the link uses share format '${key}', which this playground does not read (it reads ${VERSION}); it may come from a newer version of the playground`);
    }
    if (key === 'example' && example === null) example = value;
  }
  if (example === null) return { kind: 'none' };
  if (!EXAMPLE_ID.test(example)) {
    throw new ShareLinkError(`'${[...example].slice(0, 40).join('')}' is not an example id: ids are 1 to 64 lowercase letters, digits and dashes`);
  }
  return { kind: 'example', id: example };
}

async function decodePayload(payload) {
  if (payload.length > MAX_ENCODED_CHARS) {
    throw new ShareLinkError(`the link's data is ${payload.length} characters long, more than the ${MAX_ENCODED_CHARS} accepted`);
  }
  const text = payload.replace(/=+$/, '');
  if (!text || text.length % 4 === 1) throw new ShareLinkError('the link\'s data ends too early: the link was probably cut off when it was copied');
  const bad = text.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new ShareLinkError(`the link's data is not valid base64url (character '${text[bad]}' at position ${bad}); was the link cut or altered?`);
  let json;
  try {
    const bytes = await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw'), MAX_DECODED_BYTES);
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof ShareLinkError) throw error;
    throw new ShareLinkError(`the link's data is corrupted or cut off: it is not compressed playground state (${error?.message ?? error})`);
  }
  let value;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ShareLinkError(`the link's state is not valid JSON: ${error.message}`);
  }
  return stateFromValue(value);
}

/** Same checks and leniency as the Rust decoder (asl_core::share::state_from_value). */
function stateFromValue(value) {
  const malformed = (detail) => new ShareLinkError(`the link's state is malformed: ${detail}`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw malformed("it must be a JSON object with a 'definition'");
  const documentText = (v, field) => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') return JSON.stringify(v, null, 2);
    throw malformed(`'${field}' must be the editor text (a string) or a JSON object`);
  };
  if (!('definition' in value)) throw malformed("it has no 'definition'");
  const state = { definition: documentText(value.definition, 'definition') };
  state.input = value.input == null ? '{}' : documentText(value.input, 'input');
  if (value.mocks != null) state.mocks = documentText(value.mocks, 'mocks');
  const tc = value.testCase;
  if (typeof tc === 'string') state.testCase = { testCase: tc };
  else if (tc && typeof tc === 'object' && !Array.isArray(tc) && typeof tc.testCase === 'string' && (tc.stateMachine == null || typeof tc.stateMachine === 'string')) {
    state.testCase = tc.stateMachine == null ? { testCase: tc.testCase } : { stateMachine: tc.stateMachine, testCase: tc.testCase };
  } else if (tc != null) throw malformed("'testCase' must be a name or {\"stateMachine\"?: string, \"testCase\": string}");
  if (value.options != null) {
    if (typeof value.options !== 'object' || Array.isArray(value.options)) throw malformed("'options' must be an object");
    state.options = value.options;
  }
  return state;
}

/** Streams bytes through a (de)compression stream, refusing output past `limit` bytes. */
async function pipe(bytes, transform, limit) {
  const reader = new Blob([bytes]).stream().pipeThrough(transform).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new ShareLinkError(`the link's state is larger than ${limit / (1024 * 1024)} MB once decompressed; links this large are refused`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function toBase64Url(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Only the options the page knows, with the types it expects; everything else is dropped. */
export function sanitizeOptions(options) {
  const out = {};
  if (!options || typeof options !== 'object') return out;
  if (Number.isSafeInteger(options.seed) && options.seed >= 0) out.seed = options.seed;
  if (typeof options.startTime === 'string' && !Number.isNaN(Date.parse(options.startTime))) out.startTime = options.startTime;
  if (Number.isInteger(options.speed) && options.speed >= 0 && options.speed <= 4) out.speed = options.speed;
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
 *   load(docs)                                                      puts docs into the editors
 *   loadDefault()                                                   opens the default example
 *   on(topic, fn)                                                   the page's event bus ('documents')
 *   examples: Map(id -> { definition, input, mocks, testCase })     the gallery (gallery.js)
 *   banner?: Element  where messages about links go (created above the page if absent)
 *   button?: Element  the Share button (created in the top bar if absent; null for none)
 * Returns { openFragment(fragment), share(): Promise<string> }.
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

  async function openFragment(fragment) {
    let link;
    try {
      link = await parseFragment(fragment);
    } catch (error) {
      say(`This link could not be opened: ${error.message}. Showing the default example instead.`, 'error');
      following = false;
      app.loadDefault();
      return { kind: 'error', message: error.message };
    }
    if (link.kind === 'state') {
      const s = link.state;
      app.load({ definition: s.definition, input: s.input, mocks: s.mocks ?? '', testCase: s.testCase ?? null, options: sanitizeOptions(s.options) });
      following = true;
      say('');
    } else if (link.kind === 'example') {
      const example = app.examples?.get(link.id);
      if (!example) {
        say(`There is no example called '${link.id}'. Showing the default example instead.`, 'error');
        app.loadDefault();
        return { kind: 'error', message: `unknown example ${link.id}` };
      }
      app.load(example);
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

  if (window.location.hash.length > 1) await openFragment(window.location.hash);
  return { openFragment, share };
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
