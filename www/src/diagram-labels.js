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

/** Rewrites the edge labels and subgraph titles of `svg` with their exact text. */
export function fixLabels(svg) {
  for (const text of svg.querySelectorAll('g.edgeLabel text')) fixText(text, MAX_LINE_WIDTH);
  // A subgraph is at least as wide as its coded title: the exact one fits on one line.
  for (const text of svg.querySelectorAll('g.cluster-label text')) fixText(text, Infinity);
}

function fixText(text, maxWidth) {
  const rows = [...text.querySelectorAll(':scope > tspan')];
  if (rows.length === 0) return;
  // Mermaid wrapped the coded text at spaces: join the rows back into one line.
  const coded = rows.map((row) => row.textContent.trim()).join(' ');
  const exact = decodeCodes(coded);
  if (exact === coded) return;
  const before = bbox(text);
  const template = rows[0].cloneNode(false);
  for (const row of rows) row.remove();
  const lines = wrap(text, template, exact, maxWidth);
  lines.forEach((line, i) => {
    // As Mermaid's createTspan places row i.
    const row = template.cloneNode(false);
    row.setAttribute('y', `${(i * 1.1 - 0.1).toFixed(1)}em`);
    row.setAttribute('dy', '1.1em');
    row.textContent = line;
    text.append(row);
  });
  // Keep the label where Mermaid centred the coded one, and fit its background to it.
  const after = bbox(text);
  if (before && after) {
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
}

/** Splits `line` into rows no wider than `maxWidth`, at spaces, measuring in `text`. */
function wrap(text, template, line, maxWidth) {
  if (maxWidth === Infinity) return [line];
  const probe = template.cloneNode(false);
  text.append(probe);
  const width = (s) => {
    probe.textContent = s;
    try {
      return probe.getComputedTextLength();
    } catch {
      return 0;
    }
  };
  const rows = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && width(candidate) > maxWidth) {
      rows.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  rows.push(current);
  probe.remove();
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
