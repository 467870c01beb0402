// Shows JSON values (run output, inspector documents) without freezing the page. A payload
// under the 256 KiB cap can pretty-print to tens of megabytes (a 100-deep array of zeros
// indents every zero by 200 spaces), and laying out such a text takes the main thread for
// seconds. So values are printed line by line, only as far as they are shown: the first
// PREVIEW_LINES lines (or PREVIEW_CHARS characters), then "Show all", which adds the rest a
// slice at a time between frames, in blocks the browser lays out only when scrolled to.
// The text is the same as JSON.stringify(value, null, 2).

/** Lines shown before "Show all". */
export const PREVIEW_LINES = 200;
/** Characters shown before "Show all" (one line may be a 256 KiB string). */
export const PREVIEW_CHARS = 20_000;
/** Lines (or characters) added per slice by "Show all", and how long a slice may take. */
const SLICE_LINES = 2000;
const SLICE_CHARS = 400_000;
const SLICE_MS = 12;

/** The lines of JSON.stringify(value, null, 2), one at a time. */
export function* jsonLines(value, indent = '', prefix = '', comma = '') {
  if (value === null || typeof value !== 'object') {
    yield `${indent}${prefix}${JSON.stringify(value) ?? 'null'}${comma}`;
    return;
  }
  const isArray = Array.isArray(value);
  const keys = isArray ? null : Object.keys(value).filter((k) => value[k] !== undefined && typeof value[k] !== 'function');
  const count = isArray ? value.length : keys.length;
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (count === 0) {
    yield `${indent}${prefix}${open}${close}${comma}`;
    return;
  }
  yield `${indent}${prefix}${open}`;
  const inner = `${indent}  `;
  for (let i = 0; i < count; i++) {
    const last = i === count - 1 ? '' : ',';
    if (isArray) yield* jsonLines(value[i] === undefined ? null : value[i], inner, '', last);
    else yield* jsonLines(value[keys[i]], inner, `${JSON.stringify(keys[i])}: `, last);
  }
  yield `${indent}${close}${comma}`;
}

/** The lines of a plain text. */
function* textLines(text) {
  let at = 0;
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end < 0) {
      yield text.slice(at);
      return;
    }
    yield text.slice(at, end);
    at = end + 1;
  }
}

/** A reader over `lines`: take(maxLines, maxChars) returns the next whole lines, at most that
 * many or that many characters (only a single line longer than the budget is cut, its rest
 * coming first next time), as { text, done }. */
function reader(lines) {
  let pending = null;
  const next = () => {
    if (pending !== null) {
      const line = pending;
      pending = null;
      return line;
    }
    const n = lines.next();
    return n.done ? null : n.value;
  };
  return (maxLines, maxChars) => {
    const out = [];
    let chars = 0;
    while (out.length < maxLines && chars < maxChars) {
      const line = next();
      if (line === null) return { text: out.join('\n'), done: true };
      if (chars + line.length > maxChars) {
        if (out.length) {
          // Whole lines only: this one starts the next part.
          pending = line;
          return { text: out.join('\n'), done: false };
        }
        // A single line longer than the budget (a long string) is cut.
        out.push(line.slice(0, maxChars));
        pending = line.slice(maxChars);
        return { text: out.join('\n'), done: false };
      }
      out.push(line);
      chars += line.length + 1;
    }
    // Look one line ahead, so a value that fits exactly is complete.
    pending = next();
    return { text: out.join('\n'), done: pending === null };
  };
}

const views = new WeakMap();

/**
 * Shows a value in `pre`: a JSON value (`{ value }`), JSON text to indent when it parses
 * (`{ json }`), or plain text (`{ text }`). Returns { copyText() }: the text for a Copy
 * button (the whole pretty text when it is all shown, else compact JSON, which is at most a
 * payload's size).
 */
export function showValue(pre, source) {
  views.get(pre)?.cancel();
  let value;
  let isJson = false;
  if ('value' in source) {
    value = source.value;
    isJson = true;
  } else if ('json' in source) {
    try {
      value = JSON.parse(source.json);
      isJson = true;
    } catch {
      value = String(source.json);
    }
  } else {
    value = String(source.text ?? '');
  }
  const lines = () => (isJson ? jsonLines(value) : textLines(value));
  const preview = reader(lines())(PREVIEW_LINES, PREVIEW_CHARS);
  pre.textContent = preview.text;
  let more = pre.nextElementSibling?.dataset.valueMore === 'true' ? pre.nextElementSibling : null;
  let cancelled = false;
  const view = {
    complete: preview.done,
    cancel() {
      cancelled = true;
      more?.remove();
    },
    copyText() {
      if (view.complete) return pre.textContent;
      return isJson ? JSON.stringify(value) : value;
    },
  };
  views.set(pre, view);
  if (preview.done) {
    more?.remove();
    return view;
  }
  more ??= document.createElement('div');
  more.dataset.valueMore = 'true';
  more.className = 'value-more';
  const note = document.createElement('span');
  note.className = 'muted';
  note.textContent = `Showing the first ${preview.text.split('\n').length.toLocaleString()} lines. `;
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.testid = 'show-all';
  button.textContent = 'Show all';
  button.addEventListener('click', () => {
    button.disabled = true;
    note.textContent = 'Showing all… ';
    showAll(pre, reader(lines()), () => cancelled).then((finished) => {
      if (!finished) return;
      view.complete = true;
      more.remove();
    });
  });
  more.replaceChildren(note, button);
  pre.after(more);
  return view;
}

const frame = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Replaces `pre`'s text with every line, a slice per task, each slice a block that is laid
 * out only when visible (content-visibility). Resolves true when all was shown. */
async function showAll(pre, take, cancelled) {
  pre.replaceChildren();
  for (;;) {
    const started = performance.now();
    do {
      const slice = take(SLICE_LINES, SLICE_CHARS);
      const block = document.createElement('div');
      block.className = 'value-slice';
      block.textContent = slice.text;
      pre.append(block);
      if (slice.done) return true;
    } while (performance.now() - started < SLICE_MS);
    await frame();
    if (cancelled()) return false;
  }
}
