// Run options: the seed (States.UUID, States.MathRandom, retry jitter) and the virtual start
// time of a run, as `asl run --seed N --start-time RFC3339` takes them. The page keeps what
// the user typed (state.runOptions: two texts, '' for the default), saves it with the
// documents, reads it from share links and writes it into new ones.
//
// An empty field means "the default", and the default is never written by the page: the
// Worker's options simply leave the key out and the wasm Execution applies the core's own
// `ExecOptions::default()`, the same as `asl run` without flags. DEFAULTS below only labels
// the empty fields (placeholders); tests/browser/run-options.test.mjs checks that a run
// without options matches `asl run`.
//
// A value that does not parse is shown with a message and blocks Run (controls.js): it is
// never replaced by the default behind the user's back.
import { state, emit, on } from './state.js';

/** What the core uses when an option is absent (asl_core::exec::ExecOptions::default()). */
export const DEFAULTS = Object.freeze({ seed: '0', startTime: '2024-01-01T00:00:00Z' });

/** Longest option text kept from a link or from storage (a start time is ~30 characters). */
export const MAX_OPTION_CHARS = 64;

/** `text` as a seed: { value } (a safe integer, what a JS number holds exactly) or { error }. */
export function parseSeed(text) {
  const t = String(text).trim();
  if (!/^\d+$/.test(t)) return { error: `Seed needs a non-negative integer, got '${t}'.` };
  const value = Number(t);
  if (!Number.isSafeInteger(value)) return { error: `Seed must be at most ${Number.MAX_SAFE_INTEGER}, got '${t}'.` };
  return { value };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y, m) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

/**
 * `text` as a start time: { value } (epoch milliseconds, what the wasm Execution takes) or
 * { error }. Accepts what the CLI's `--start-time` accepts (asl_core::exec::parse_iso): an
 * RFC 3339 date-time with `T`, seconds, optional fraction (milliseconds kept) and a zone
 * (`Z` or `±hh:mm`); `Date.parse` would also take forms `asl run` refuses.
 */
export function parseStartTime(text) {
  const t = String(text).trim();
  const error = { error: `Start time needs an RFC 3339 time such as ${DEFAULTS.startTime}, got '${t}'.` };
  const m = RFC3339.exec(t);
  if (!m) return error;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 60) return error;
  const [oh, om] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (oh > 23 || om > 59) return error;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  // Date.UTC reads years 0-99 as 1900-1999: set the full year separately.
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  const days = Math.round(day.getTime() / 86_400_000);
  return { value: ((days * 24 + h) * 60 + mi - offset) * 60_000 + s * 1000 + millis };
}

const PARSERS = { seed: parseSeed, startTime: parseStartTime };

/** Each option's check: { seed: {value}|{error}|null, startTime: … } (null = default). */
export function checkOptions(texts = state.runOptions) {
  const out = {};
  for (const [key, parse] of Object.entries(PARSERS)) {
    const text = String(texts?.[key] ?? '').trim();
    out[key] = text ? parse(text) : null;
  }
  return out;
}

/** The Worker's `options` (ExecutionOptions: seed, startTime in epoch ms), only the keys set,
 * plus the problems that must stop the run (empty when none). */
export function workerOptions(texts = state.runOptions) {
  const options = {};
  const problems = [];
  for (const [key, result] of Object.entries(checkOptions(texts))) {
    if (result?.error) problems.push(result.error);
    else if (result) options[key] = result.value;
  }
  return { options, problems };
}

/** The options a share link carries: the valid ones that were set, as written (the seed as
 * a number), plus the speed when it is not the playground's default (0). */
export function linkOptions(texts = state.runOptions, speed = state.speed) {
  const out = {};
  const checked = checkOptions(texts);
  if (checked.seed && !checked.seed.error) out.seed = checked.seed.value;
  if (checked.startTime && !checked.startTime.error) out.startTime = String(texts.startTime).trim();
  if (Number.isInteger(speed) && speed !== 0) out.speed = speed;
  return out;
}

/** Run options texts from a link's sanitized options or from storage: strings, capped. */
export function optionTexts(options) {
  const text = (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.slice(0, MAX_OPTION_CHARS) : '');
  return { seed: text(options?.seed), startTime: text(options?.startTime) };
}

/** Replaces the run options (a link or storage) and tells the fields. */
export function setRunOptions(texts) {
  state.runOptions = optionTexts(texts);
  emit('options');
}

const FIELDS = { seed: 'run-seed', startTime: 'run-start-time' };
const LABELS = { seed: 'seed', startTime: 'start time' };

/** Binds the "Run options" disclosure of index.html, if the page has one. */
export function mountRunOptions() {
  const details = document.getElementById('run-options');
  if (!details) return;
  const summary = document.getElementById('run-options-summary');
  const show = ({ reveal = false } = {}) => {
    const checked = checkOptions();
    let invalid = false;
    for (const [key, id] of Object.entries(FIELDS)) {
      const input = document.getElementById(id);
      const message = document.getElementById(`${id}-error`);
      if (input.value !== state.runOptions[key]) input.value = state.runOptions[key];
      const error = checked[key]?.error ?? '';
      invalid ||= Boolean(error);
      message.textContent = error;
      message.hidden = !error;
      if (error) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    const custom = Object.values(checked).some(Boolean);
    summary.textContent = invalid ? '(invalid)' : custom ? '(custom)' : '';
    // The values, for a reader of a link who does not open the disclosure.
    const set = Object.entries(checked).filter(([, r]) => r && !r.error).map(([key]) => `${LABELS[key]} ${state.runOptions[key].trim()}`);
    summary.title = set.length ? `This run uses ${set.join(', ')}` : '';
    details.dataset.state = invalid ? 'invalid' : custom ? 'custom' : 'default';
    // A problem (from a link or storage) must be seen before anyone presses Run; options set
    // are flagged by the summary without the panel covering the diagram.
    if (reveal && invalid) details.open = true;
  };
  for (const [key, id] of Object.entries(FIELDS)) {
    const input = document.getElementById(id);
    input.placeholder = DEFAULTS[key];
    input.addEventListener('input', () => {
      state.runOptions = { ...state.runOptions, [key]: input.value.slice(0, MAX_OPTION_CHARS) };
      show();
      emit('documents', 'options');
    });
  }
  // Escape closes the floating panel and gives focus back to its summary.
  details.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !details.open) return;
    details.open = false;
    details.querySelector('summary').focus();
  });
  on('options', () => show({ reveal: true }));
  on('restored', () => show({ reveal: true }));
  // Run refused because of an option: open the disclosure on the message.
  on('options-invalid', () => {
    details.open = true;
    show();
  });
  show();
}
