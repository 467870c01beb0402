// The Mermaid diagram: rendered (debounced) when a valid definition arrives, kept in place
// with the error shown when an edit makes it invalid, zoomable and pannable (diagram-view.js).
// A run never re-renders it: statuses are attributes and classes toggled on the rendered SVG
// nodes, found through the core's node map (Mermaid renders node `s3` as
// `…flowchart-s3-<n>`). Label text is made exact after rendering (diagram-labels.js).
import { state, on, emit, timed, runnableDefinition } from './state.js';
import { StatusTracker, parallelBranchEnds, statusesAt } from './history.js';
import { fixLabels, addEdgeTitles } from './diagram-labels.js';
import { createView } from './diagram-view.js';

const ICONS = { idle: '', running: '▶', succeeded: '✓', failed: '✗', caught: '↪', retrying: '⟳', waiting: '◷' };
const RENDER_DELAY_MS = 200;
/** Mermaid lays out on the main thread, in time that grows faster than the machine (README,
 * "Diagram layout times"): past this many states the page says so instead of freezing. */
export const MAX_DIAGRAM_NODES = 1000;
/** From this many states a drawing takes over a second: say "Drawing…" before starting. */
const SLOW_DRAWING_NODES = 120;
/** Mermaid's own caps on a diagram's text and edges, raised to what MAX_DIAGRAM_NODES states
 * can need (the core's text is at most a few hundred bytes per state). */
const MAX_TEXT_SIZE = 2_000_000;
const MAX_EDGES = 20_000;

let renderCount = 0;
let renderTimer = null;
let renderedText = null;
/** state name -> { element, badge, progress } for the current SVG. */
let nodes = new Map();
let branchInfo = parallelBranchEnds(null);
let tracker = new StatusTracker(branchInfo);
let view = null;
/** The run whose running state the view follows. */
let followedRun = null;

const dark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches;

/** Mermaid (most of the page's script) in its own chunk, fetched from the moment this module
 * runs: the wasm module and the first definition check load meanwhile instead of after it. */
let mermaidReady = null;
/** 'dark' or 'light' from an embed link, else the reader's colour scheme. */
let theme = null;
let appliedConfig = null;
/** (Re)configures Mermaid when the theme or layout to use is not the one it has. */
function configure(mermaid, layout = 'dagre') {
  const wanted = (theme ? theme === 'dark' : dark()) ? 'dark' : 'default';
  if (`${wanted} ${layout}` === appliedConfig) return;
  appliedConfig = `${wanted} ${layout}`;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: wanted,
    layout,
    maxTextSize: MAX_TEXT_SIZE,
    maxEdges: MAX_EDGES,
    flowchart: { htmlLabels: false, useMaxWidth: false },
  });
}

/** Mermaid's ELK layout, fetched the first time a machine needs it. */
let elkReady = null;
function loadElk(mermaid) {
  elkReady ??= import('@mermaid-js/layout-elk').then(({ default: layouts }) => {
    mermaid.registerLayoutLoaders(layouts);
  });
  return elkReady;
}

/** `?layout=dagre|elk` forces a layout (for bench/page.mjs and comparisons). */
const forcedLayout = new URLSearchParams(window.location.search).get('layout');

/** Up to this many states dagre is the faster layout; past it, its time grows about with
 * the square of the states (400: 9 s, 1,000: over 10 minutes) and ELK's about linearly
 * (1,000: 9 s). Measured in headless Chromium, README "Diagram layout times". */
const DAGRE_MAX_NODES = 250;

/** The layout to try first (dagre keeps small machines fast and needs no extra chunk). */
function chooseLayout(graph) {
  if (forcedLayout === 'dagre' || forcedLayout === 'elk') return forcedLayout;
  return (graph.nodes?.length ?? 0) > DAGRE_MAX_NODES ? 'elk' : 'dagre';
}
function loadMermaid() {
  mermaidReady ??= import('mermaid').then(({ default: mermaid }) => {
    performance.mark('asl:mermaid-loaded');
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
  on('run', () => {
    // A new run: follow its running state until the user pans or zooms.
    if (state.run !== followedRun) {
      followedRun = state.run;
      view?.runStarted();
    }
    schedulePaint(true);
  });
  const container = document.getElementById('diagram');
  view = createView(container);
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
  const current = () => id === `asl-diagram-${renderCount}`;
  const error = document.getElementById('diagram-error');
  const slow = (graph.nodes?.length ?? 0) >= SLOW_DRAWING_NODES;
  try {
    const mermaid = await loadMermaid();
    if (!current()) return;
    if (slow) {
      // Layout blocks the page: show that it is coming first (two frames: painted).
      error.textContent = `Drawing ${graph.nodes.length.toLocaleString('en-US')} states…`;
      container.dataset.drawing = 'true';
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      if (!current()) return;
    }
    let layout = chooseLayout(graph);
    let svg;
    const started = performance.now();
    performance.mark('asl:render-start');
    try {
      if (layout === 'elk') await loadElk(mermaid);
      configure(mermaid, layout);
      ({ svg } = await mermaid.render(id, graph.text));
    } catch (failure) {
      // dagre cannot lay out some nestings of subgraphs (it throws "Cannot set properties of
      // undefined (setting 'rank')"): ELK can.
      if (layout !== 'dagre' || forcedLayout) throw failure;
      document.getElementById(id)?.remove();
      document.getElementById(`d${id}`)?.remove();
      layout = 'elk';
      await loadElk(mermaid);
      if (!current()) return;
      configure(mermaid, layout);
      ({ svg } = await mermaid.render(id, graph.text));
    }
    if (!current()) return; // a newer render started meanwhile
    container.innerHTML = svg;
    container.dataset.layout = layout;
    // What the layout and rendering took (README, "Diagram layout times"; bench/page.mjs).
    container.dataset.renderMs = String(Math.round(performance.now() - started));
    delete container.dataset.drawing;
    if (slow) error.textContent = '';
    renderedText = graph.text;
    state.graph = graph;
    const drawing = container.querySelector('svg');
    if (drawing) {
      fixLabels(drawing);
      addEdgeTitles(drawing, graph.edges);
    }
    try {
      branchInfo = parallelBranchEnds(JSON.parse(runnableDefinition()));
    } catch {
      branchInfo = parallelBranchEnds(null);
    }
    indexNodes(drawing, graph.nodes);
    view.fit();
    replay();
    // For bench/page.mjs: when the first diagram (and each later one) is on the page.
    performance.mark('asl:diagram');
    emit('diagram', graph);
  } catch (failure) {
    delete container.dataset.drawing;
    error.textContent = `⚠ Diagram failed to render: ${failure?.message ?? failure}`;
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
  }
}

/** Finds each state's node in the SVG and gives it data-state, data-status and a badge. */
function indexNodes(svg, nodeRefs) {
  nodes = new Map();
  if (!svg) return;
  svg.removeAttribute('style');
  // Node `s3` is drawn as `<svg id>-flowchart-s3-<n>`, subgraph `s2` as `<svg id>-s2`: one
  // pass over the elements, one lookup per state (a search per state was quadratic).
  const byId = new Map();
  for (const g of svg.querySelectorAll('g.node, g.cluster')) {
    const node = /(?:^|-)flowchart-(.+)-\d+$/.exec(g.id);
    if (node) byId.set(node[1], g);
    else if (g.id.startsWith(`${svg.id}-`)) byId.set(g.id.slice(svg.id.length + 1), g);
    else byId.set(g.id, g);
  }
  const found = [];
  for (const { state: name, id } of nodeRefs) {
    const element = byId.get(id);
    if (element) found.push({ name, element, cluster: element.classList.contains('cluster') });
  }
  // Every box before any change: a getBBox after a change lays the whole drawing out again,
  // once per state on the first diagram's critical path.
  for (const f of found) f.box = safeBBox(f.element, f.cluster);
  for (const { name, element, cluster, box } of found) {
    element.dataset.state = name;
    element.dataset.status = 'idle';
    element.setAttribute('role', 'img');
    element.setAttribute('tabindex', '0');
    element.classList.add('asl-state');
    const badge = svgText('asl-badge', box.x + box.width - 2, box.y + 2);
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
  if (state.run.cursor > 0 && tracker.current) view?.follow(nodes.get(tracker.current)?.element);
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

