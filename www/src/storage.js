// Keeps the editors (and the speed and run options) in localStorage, so a reload restores the
// work, and keeps the drafts that links and examples replaced, so opening one never loses
// what the user typed (drafts.js offers them back).
//
// What storage holds is not trusted: another version of the page, an extension or a full
// disk may have left anything there. Every field is checked on its own; a bad one falls back
// to its default and the page says which were dropped.
import { state, on, emit } from './state.js';
import { MAX_OPTION_CHARS } from './run-options.js';

const KEY = 'asl-playground:v1';
const DRAFTS_KEY = 'asl-playground:drafts';
const SAVE_DELAY_MS = 250;
/** Drafts kept for "Restore previous work" (the oldest go first when storage is full). */
export const MAX_DRAFTS = 20;
/** Longest editor text restored: the share-link cap (2 MiB, asl_core::share) with room to
 * spare; anything longer was not written by this page. */
const MAX_TEXT_CHARS = 4 * 1024 * 1024;
/** Longest test case or state machine name restored. */
const MAX_NAME_CHARS = 1024;
const SPEEDS = 5;

const isText = (v) => typeof v === 'string' && v.length <= MAX_TEXT_CHARS;
const isName = (v) => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME_CHARS;
const describe = (v) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `text of ${v.length} characters` : `a ${typeof v}`);

/**
 * Checks a stored record field by field. Returns { record, dropped } where `record` holds only
 * fields that passed (missing ones are left out: the caller's defaults apply) and `dropped`
 * names each field that did not, with why, as words for the page.
 */
export function validateRecord(raw) {
  const record = {};
  const dropped = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { record: null, dropped: raw === undefined || raw === null ? [] : [`everything (${describe(raw)}, not a saved page)`] };
  }
  const check = (field, ok, what) => {
    if (raw[field] === undefined) return;
    if (ok(raw[field])) record[field] = raw[field];
    else dropped.push(`the ${what} (${describe(raw[field])})`);
  };
  check('definition', isText, 'definition');
  check('input', isText, 'input');
  check('mocks', isText, 'mock file');
  check('testCase', (v) => v === null || (typeof v === 'object' && isName(v.testCase) && isName(v.stateMachine)), 'test case');
  check('speed', (v) => Number.isInteger(v) && v >= 0 && v < SPEEDS, 'speed');
  check('options', (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
    && ['seed', 'startTime'].every((k) => v[k] === undefined || (typeof v[k] === 'string' && v[k].length <= MAX_OPTION_CHARS)), 'run options');
  if (typeof raw.loaded === 'string' && raw.loaded.length <= 64) record.loaded = raw.loaded;
  if (record.testCase) record.testCase = { stateMachine: record.testCase.stateMachine, testCase: record.testCase.testCase };
  if (record.options) record.options = { seed: record.options.seed ?? '', startTime: record.options.startTime ?? '' };
  return { record: Object.keys(record).length || !dropped.length ? record : null, dropped };
}

function read(key) {
  const text = localStorage.getItem(key);
  return text === null ? undefined : JSON.parse(text);
}

/**
 * The saved documents: { saved, dropped }. `saved` is null when there are none (or storage is
 * unavailable); `dropped` lists what could not be restored, for a message.
 */
export function restore() {
  let raw;
  try {
    raw = read(KEY);
  } catch (error) {
    // Unreadable storage (blocked) says nothing; unparsable text is a dropped record.
    return { saved: null, dropped: error instanceof SyntaxError ? ['everything (it is not JSON)'] : [] };
  }
  const { record, dropped } = validateRecord(raw);
  loaded = record?.loaded ?? null;
  return { saved: record, dropped };
}

/** A short fingerprint of editor texts: which content the editors were last loaded with. */
export function fingerprint({ definition = '', input = '', mocks = '' }) {
  // Two FNV-1a hashes (different seeds) over the texts and their lengths.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const text of [definition, input, mocks]) {
    const s = `${text.length}:${text}\u0000`;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

/** The fingerprint of what a link, an example or a draft last put into the editors (saved
 * with them): while the editors still hold exactly that, replacing them loses nothing. */
let loaded = null;
export function markLoaded(docs) {
  loaded = docs ? fingerprint(docs) : null;
}
/** Whether the last save failed, and when the last one succeeded (for the message). */
const status = { failing: false, lastSaved: null };

/** Writes `key`; when storage is full, drops the oldest drafts until it fits. Returns
 * the number of drafts dropped, or throws what storage threw when nothing helps. */
function write(key, text) {
  let removed = 0;
  for (;;) {
    try {
      localStorage.setItem(key, text);
      return removed;
    } catch (error) {
      const drafts = key === DRAFTS_KEY ? null : readDrafts();
      if (!isQuota(error) || !drafts?.length) throw error;
      drafts.pop();
      removed++;
      localStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
    }
  }
}

const isQuota = (error) => error?.name === 'QuotaExceededError' || error?.code === 22 || error?.code === 1014;

let timer = null;
/** Saves the editors now. Reports failures (a full quota) on the 'storage' topic. */
export function saveNow() {
  clearTimeout(timer);
  const { definition, input, mocks, testCase, speed, runOptions } = state;
  try {
    const removed = write(KEY, JSON.stringify({ definition, input, mocks, testCase, speed, options: runOptions, loaded }));
    status.lastSaved = new Date();
    if (status.failing || removed) emit('storage', { kind: 'saved', removed });
    status.failing = false;
    return true;
  } catch (error) {
    status.failing = true;
    emit('storage', { kind: 'failed', full: isQuota(error), lastSaved: status.lastSaved, message: String(error?.message ?? error) });
    return false;
  }
}

/** The kept drafts, newest first: [{ definition, input, mocks, testCase, options, speed, savedAt, reason }]. */
export function readDrafts() {
  try {
    const raw = read(DRAFTS_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((d) => {
      const { record } = validateRecord(d);
      if (!record || typeof record.definition !== 'string') return [];
      return [{ ...record, savedAt: typeof d.savedAt === 'number' ? d.savedAt : 0, reason: typeof d.reason === 'string' ? d.reason.slice(0, 200) : '' }];
    });
  } catch {
    return [];
  }
}

/** Writes the drafts, the oldest first out when storage is full. False when even the
 * newest does not fit. */
function writeDrafts(drafts) {
  const list = drafts.slice(0, MAX_DRAFTS);
  let ok = false;
  for (;;) {
    try {
      localStorage.setItem(DRAFTS_KEY, JSON.stringify(list));
      ok = true;
      break;
    } catch (error) {
      if (!isQuota(error) || list.length <= 1) break;
      list.pop();
    }
  }
  emit('drafts', readDrafts());
  return ok;
}

/**
 * Before the editors are replaced (a link, an example, a restored draft), keeps what they
 * hold as a draft, unless it is exactly what was last loaded (an untouched example can be
 * opened again), what replaces it, or the newest draft already. `always` keeps it even when
 * untouched (restoring a draft also drops the link from the address bar). Returns true when kept.
 */
export function keepDraft(incoming, reason, { always = false } = {}) {
  const current = { definition: state.definition, input: state.input, mocks: state.mocks };
  const print = fingerprint(current);
  if ((print === loaded && !always) || (incoming && print === fingerprint(incoming))) return false;
  if (!current.definition.trim() && !current.input.trim() && !current.mocks.trim()) return false;
  const drafts = readDrafts();
  if (drafts[0] && fingerprint(drafts[0]) === print) return false;
  drafts.unshift({ ...current, testCase: state.testCase, options: state.runOptions, speed: state.speed, savedAt: Date.now(), reason });
  if (writeDrafts(drafts)) return true;
  emit('storage', { kind: 'draft-lost' });
  return false;
}

/** Takes draft `index` out of the list and returns it (null when there is none). */
export function takeDraft(index) {
  const drafts = readDrafts();
  const [draft] = drafts.splice(index, 1);
  if (!draft) return null;
  writeDrafts(drafts);
  return draft;
}

export function mountStorage() {
  on('documents', () => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, SAVE_DELAY_MS);
  });
  window.addEventListener('pagehide', saveNow);
}
