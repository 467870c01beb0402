// Exact label text on the rendered diagram. The core writes every label character outside
// [A-Za-z0-9 _.-] as an entity code `#N;` so that no text reaches Mermaid's parser as syntax
// (graph/labels.rs). Mermaid 11 (SVG labels, `htmlLabels: false`) turns those codes back into
// characters in node labels, but in edge labels and subgraph titles it sets `&#36;` as the
// text: createText() decodes its own markers to `&#N;` and writes them with textContent,
// and only node labels pass through DOMPurify, which decodes them. As the core always encodes
// `&` and `#`, every `&#N;` in those two label kinds is one of its codes: decoding them gives
// the definition's text exactly. Text is set with textContent only, never parsed as markup.

const SVG = 'http://www.w3.org/2000/svg';
/** Widest line of a rewritten label, in SVG units (Mermaid wraps edge labels at 200). */
const MAX_LINE_WIDTH = 220;

/** Decodes the core's codes (`&#36;` → `$`); anything else is left as it is. */
export function decodeCodes(text) {
  return text.replace(/&#(\d{1,7});/g, (code, digits) => {
    const n = Number(digits);
    return n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : code;
  });
}

/** Rewrites the edge labels and subgraph titles of `svg` with their exact text.
 *
 * In phases, all reads before all writes: a measurement after a change makes the browser lay
 * the whole drawing out again, and one label after another that was a forced layout per label
 * on the first diagram's critical path (bench/README, "Page: the first diagram"). Rows are
 * measured on a canvas in the label's font, which needs no layout at all. */
export function fixLabels(svg) {
  const jobs = [];
  for (const text of svg.querySelectorAll('g.edgeLabel text')) jobs.push(plan(text, MAX_LINE_WIDTH));
  // A subgraph is at least as wide as its coded title: the exact one fits on one line.
  for (const text of svg.querySelectorAll('g.cluster-label text')) jobs.push(plan(text, Infinity));
  const todo = jobs.filter(Boolean);
  if (todo.length === 0) return;
  for (const job of todo) {
    job.before = bbox(job.text);
    job.font = fontOf(job.text);
  }
  for (const job of todo) rewrite(job);
  for (const job of todo) job.after = bbox(job.text);
  for (const job of todo) place(job);
}

/** The label's rows and exact text, or null when Mermaid's text is already exact. */
function plan(text, maxWidth) {
  const rows = [...text.querySelectorAll(':scope > tspan')];
  if (rows.length === 0) return null;
  // Mermaid wrapped the coded text at spaces: join the rows back into one line.
  const coded = rows.map((row) => row.textContent.trim()).join(' ');
  const exact = decodeCodes(coded);
  if (exact === coded) return null;
  return { text, rows, exact, maxWidth };
}

function rewrite({ text, rows, exact, maxWidth, font }) {
  const template = rows[0].cloneNode(false);
  for (const row of rows) row.remove();
  wrap(exact, maxWidth, font).forEach((line, i) => {
    // As Mermaid's createTspan places row i.
    const row = template.cloneNode(false);
    row.setAttribute('y', `${(i * 1.1 - 0.1).toFixed(1)}em`);
    row.setAttribute('dy', '1.1em');
    row.textContent = line;
    text.append(row);
  });
}

/** Keeps the label where Mermaid centred the coded one, and fits its background to it. */
function place({ text, before, after }) {
  if (!before || !after) return;
  const dx = before.x + before.width / 2 - (after.x + after.width / 2);
  const dy = before.y + before.height / 2 - (after.y + after.height / 2);
  text.setAttribute('transform', `translate(${dx}, ${dy})`);
  const background = text.parentNode.querySelector(':scope > rect.background');
  if (background) {
    background.setAttribute('x', String(after.x + dx - 2));
    background.setAttribute('y', String(after.y + dy - 2));
    background.setAttribute('width', String(after.width + 4));
    background.setAttribute('height', String(after.height + 4));
  }
}

/** The CSS font of an SVG text element, for the canvas. */
function fontOf(element) {
  const style = getComputedStyle(element);
  return `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
}

let canvas = null;
/** Width of `s` in `font`, in CSS pixels (= SVG units: the drawing is not scaled here). */
function textWidth(s, font) {
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return 0;
  if (canvas.font !== font) canvas.font = font;
  return canvas.measureText(s).width;
}

/** Splits `line` into rows no wider than `maxWidth`, at spaces. */
function wrap(line, maxWidth, font) {
  if (maxWidth === Infinity) return [line];
  const rows = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && textWidth(candidate, font) > maxWidth) {
      rows.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  rows.push(current);
  return rows;
}

function bbox(element) {
  try {
    const b = element.getBBox();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  } catch {
    return null;
  }
}

/** Gives each labelled edge (line and label) its full label as a tooltip. */
export function addEdgeTitles(svg, edges) {
  const byId = new Map((edges ?? []).map((e) => [e.id, e.label]));
  for (const element of svg.querySelectorAll('[data-id]')) {
    const label = byId.get(element.getAttribute('data-id'));
    if (!label) continue; // unknown, or a `Next` edge (no label)
    const target = element.closest('g.edgeLabel') ?? element;
    const title = document.createElementNS(SVG, 'title');
    title.textContent = label;
    target.prepend(title);
    target.dataset.edgeLabel = label;
  }
}
