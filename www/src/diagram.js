// The Mermaid diagram: rendered (debounced) when a valid definition arrives, kept in place
// with the error shown when an edit makes it invalid, zoomable and pannable. A run never
// re-renders it: statuses are attributes and classes toggled on the rendered SVG nodes,
// found through the core's node map (Mermaid renders node `s3` as `…flowchart-s3-<n>`).
import { state, on, emit, timed, runnableDefinition } from './state.js';
import { StatusTracker, parallelBranchEnds, statusesAt } from './history.js';

const ICONS = { idle: '', running: '▶', succeeded: '✓', failed: '✗', caught: '↪', retrying: '⟳', waiting: '◷' };
const RENDER_DELAY_MS = 200;
/** Mermaid lays out on the main thread: past a few hundred nodes that freezes the page for
 * seconds (10,000 states: minutes), so bigger machines get a message instead of a drawing. */
export const MAX_DIAGRAM_NODES = 400;

let renderCount = 0;
let renderTimer = null;
let renderedText = null;
/** state name -> { element, badge, progress } for the current SVG. */
let nodes = new Map();
let branchInfo = parallelBranchEnds(null);
let tracker = new StatusTracker(branchInfo);
let view = { scale: 1, x: 0, y: 0 };

const dark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches;

/** Mermaid (most of the page's script) in its own chunk, fetched from the moment this module
 * runs: the wasm module and the first definition check load meanwhile instead of after it. */
let mermaidReady = null;
/** 'dark' or 'light' from an embed link, else the reader's colour scheme. */
let theme = null;
let appliedTheme = null;
/** (Re)configures Mermaid when the theme to use is not the one it has. */
function configure(mermaid) {
  const wanted = (theme ? theme === 'dark' : dark()) ? 'dark' : 'default';
  if (wanted === appliedTheme) return;
  appliedTheme = wanted;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: wanted,
    flowchart: { htmlLabels: false, useMaxWidth: false },
  });
}
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    configure(mermaid);
    // Mermaid fetches each diagram type's code on first use: ask for the flowchart's now,
    // while the wasm module and the first definition check are still on their way.
    mermaid.parse('flowchart TD\n  a').catch(() => {});
    return mermaid;
  });
  return mermaidReady;
}
// Start at once, before the editors mount (a theme from an embed link, set later by
// mountDiagram, is applied before the first render).
loadMermaid().catch(() => {}); // a failure shows when the first diagram renders

/** `options.theme` ('dark' or 'light', from an embed link) overrides the colour scheme. */
export function mountDiagram(options = {}) {
  theme = options.theme ?? null;
  on('analysis', ({ result }) => {
    clearTimeout(renderTimer);
    const error = document.getElementById('diagram-error');
    if (!result.valid || !result.mermaid) {
      const count = result.diagnostics?.filter((d) => d.severity === 'error').length ?? 0;
      error.textContent = result.failure
        ? result.failure.message
        : `⚠ Definition has ${count} error${count === 1 ? '' : 's'}; showing the last valid diagram.`;
      return;
    }
    const count = result.mermaid.nodes?.length ?? 0;
    if (count > MAX_DIAGRAM_NODES) {
      skipDiagram(result.mermaid, count);
      return;
    }
    error.textContent = '';
    // The first diagram is drawn at once; later ones wait for typing to settle.
    if (renderedText === null && renderCount === 0) render(result.mermaid);
    else renderTimer = setTimeout(() => render(result.mermaid), RENDER_DELAY_MS);
  });
  // Paint at most once per frame, however many batches arrive.
  on('events', () => schedulePaint(false));
  on('cursor', () => schedulePaint(true));
  on('run', () => schedulePaint(true));
  setUpZoom();
  const container = document.getElementById('diagram');
  container.addEventListener('click', (e) => {
    const node = e.target.closest?.('[data-state]');
    if (node) emit('select', { state: node.dataset.state });
  });
}

/** Leaves the diagram empty and says why; the run, events and inspector still work. */
function skipDiagram(graph, count) {
  renderCount++; // a render still in flight must not draw over the message
  document.getElementById('diagram').replaceChildren();
  nodes = new Map();
  renderedText = null;
  state.graph = graph;
  document.getElementById('diagram-error').textContent =
    `Diagram not drawn: ${count.toLocaleString('en-US')} states is more than the ${MAX_DIAGRAM_NODES} it can lay out without freezing the page. Runs still work.`;
}

async function render(graph) {
  if (graph.text === renderedText) {
    state.graph = graph;
    return;
  }
  const container = document.getElementById('diagram');
  const id = `asl-diagram-${++renderCount}`;
  try {
    const mermaid = await loadMermaid();
    if (id !== `asl-diagram-${renderCount}`) return;
    configure(mermaid);
    const { svg } = await mermaid.render(id, graph.text);
    if (id !== `asl-diagram-${renderCount}`) return; // a newer render started meanwhile
    container.innerHTML = svg;
    renderedText = graph.text;
    state.graph = graph;
    try {
      branchInfo = parallelBranchEnds(JSON.parse(runnableDefinition()));
    } catch {
      branchInfo = parallelBranchEnds(null);
    }
    indexNodes(container.querySelector('svg'), graph.nodes);
    fit();
    replay();
    // For bench/page.mjs: when the first diagram (and each later one) is on the page.
    performance.mark('asl:diagram');
    emit('diagram', graph);
  } catch (error) {
    document.getElementById('diagram-error').textContent = `⚠ Diagram failed to render: ${error?.message ?? error}`;
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
  }
}

/** Finds each state's node in the SVG and gives it data-state, data-status and a badge. */
function indexNodes(svg, nodeRefs) {
  nodes = new Map();
  if (!svg) return;
  svg.removeAttribute('style');
  const all = [...svg.querySelectorAll('g.node, g.cluster')];
  for (const { state: name, id } of nodeRefs) {
    const pattern = new RegExp(`(^|-)flowchart-${escapeRegExp(id)}-\\d+$`);
    const element = all.find((g) => pattern.test(g.id)) ?? all.find((g) => g.id === id || g.id.endsWith(`-${id}`));
    if (!element) continue;
    element.dataset.state = name;
    element.dataset.status = 'idle';
    element.setAttribute('role', 'img');
    element.setAttribute('tabindex', '0');
    element.classList.add('asl-state');
    const box = safeBBox(element, element.classList.contains('cluster'));
    const badge = svgText('asl-badge', box.x + box.width - 2, box.y + 2);
    const cluster = element.classList.contains('cluster');
    // Progress sits inside a cluster's frame (Map, Parallel), under an ordinary node.
    const progress = svgText('asl-progress', box.x + box.width / 2, cluster ? box.y + box.height - 6 : box.y + box.height + 12);
    progress.setAttribute('text-anchor', 'middle');
    element.append(badge, progress);
    nodes.set(name, { element, badge, progress });
    setNode(name, 'idle', null);
  }
}

/** The node's box in its own coordinates (a cluster's is its frame rectangle). */
function safeBBox(element, cluster) {
  try {
    const b = (cluster ? element.querySelector('rect') ?? element : element).getBBox();
    return { x: b.x, y: b.y, width: b.width, height: b.height };
  } catch {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
}

function svgText(className, x, y) {
  const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
  t.setAttribute('class', className);
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  t.setAttribute('aria-hidden', 'true');
  return t;
}

function setNode(name, status, progress) {
  const node = nodes.get(name);
  if (!node) return;
  if (node.element.dataset.status !== status) {
    node.element.dataset.status = status;
    node.element.setAttribute('aria-label', `${name}: ${status}`);
    node.badge.textContent = ICONS[status] ?? '';
  }
  const label = StatusTracker.progressLabel(progress);
  if (node.progress.textContent !== label) node.progress.textContent = label;
}

function paint() {
  for (const name of nodes.keys()) {
    const e = tracker.states.get(name);
    setNode(name, e?.status ?? 'idle', e?.progress ?? null);
  }
  for (const [name, node] of nodes) node.element.classList.toggle('asl-current', state.run.cursor > 0 && tracker.current === name);
}

let paintScheduled = false;
let needReplay = false;
function schedulePaint(fromScratch) {
  needReplay ||= fromScratch;
  if (paintScheduled) return;
  paintScheduled = true;
  requestAnimationFrame(() => {
    const started = performance.now();
    paintScheduled = false;
    const again = needReplay;
    needReplay = false;
    if (again) replay();
    else applyNew();
    timed('asl:paint', started);
  });
}

/** The cursor moved somewhere arbitrary: replay the prefix from scratch. */
function replay() {
  tracker = statusesAt(state.run.events, state.run.cursor, branchInfo);
  tracker.applied = Math.min(state.run.cursor, state.run.events.length);
  paint();
}

/** New events arrived while following the end: apply just those. */
function applyNew() {
  const { events, cursor } = state.run;
  if ((tracker.applied ?? 0) > cursor) return replay();
  for (let i = tracker.applied ?? 0; i < cursor; i++) tracker.apply(events[i]);
  tracker.applied = cursor;
  paint();
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Zoom and pan with CSS transforms on the SVG: wheel (or buttons) zooms, drag pans.
function setUpZoom() {
  const container = document.getElementById('diagram');
  const apply = () => {
    const svg = container.querySelector('svg');
    if (svg) svg.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  };
  const zoom = (factor) => {
    view.scale = Math.min(4, Math.max(0.2, view.scale * factor));
    apply();
  };
  document.getElementById('zoom-in').addEventListener('click', () => zoom(1.2));
  document.getElementById('zoom-out').addEventListener('click', () => zoom(1 / 1.2));
  document.getElementById('zoom-fit').addEventListener('click', () => fit());
  container.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey && !e.altKey) return; // plain wheel scrolls the page
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1);
  }, { passive: false });
  let drag = null;
  container.addEventListener('pointerdown', (e) => {
    if (e.target.closest?.('[data-state]')) return;
    drag = { x: e.clientX - view.x, y: e.clientY - view.y };
    container.setPointerCapture(e.pointerId);
  });
  container.addEventListener('pointermove', (e) => {
    if (!drag) return;
    view.x = e.clientX - drag.x;
    view.y = e.clientY - drag.y;
    apply();
  });
  container.addEventListener('pointerup', () => (drag = null));
  container.addEventListener('keydown', (e) => {
    if (e.key === '+' || e.key === '=') zoom(1.2);
    if (e.key === '-') zoom(1 / 1.2);
    if (e.key === '0') fit();
  });
  fitImpl = () => {
    const svg = container.querySelector('svg');
    if (!svg) return;
    const vb = svg.viewBox?.baseVal;
    const width = vb?.width || svg.getBBox().width || 1;
    const height = vb?.height || svg.getBBox().height || 1;
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    // The whole machine in view, unless its labels would become unreadable: then fit the
    // width and let the rest be panned to (drag; +/−, Ctrl+wheel zoom).
    const fitWidth = (container.clientWidth - 16) / width;
    const fitHeight = (container.clientHeight - 16) / height;
    const scale = Math.max(Math.min(1.2, fitWidth, fitHeight), Math.min(0.7, fitWidth));
    view = { scale, x: (container.clientWidth - width * scale) / 2, y: 8 };
    apply();
  };
}

let fitImpl = () => {};
function fit() {
  fitImpl();
}
