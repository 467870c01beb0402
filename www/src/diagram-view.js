// Zoom and pan of the diagram with a CSS transform on its SVG: wheel with Ctrl/⌘/Alt (or the
// buttons, or + − 0) zooms, dragging pans. Fit scales the whole machine into the panel in both
// directions, centred, never past 100 %; it runs after every new drawing and when the panel
// is resized, until the user pans or zooms. During a run the view follows the running state
// unless the user has panned or zoomed since the run started.

/** Room left around the machine when it is fitted, in pixels. */
const MARGIN = 8;
const MIN_SCALE = 0.02;
const MAX_SCALE = 4;

export function createView(container) {
  let view = { scale: 1, x: 0, y: 0 };
  /** The user panned or zoomed since the last fit (then resizes keep their view). */
  let moved = false;
  /** The user panned or zoomed since the current run started (then the view stays put). */
  let movedDuringRun = false;

  const svgOf = () => container.querySelector('svg');
  const apply = () => {
    const svg = svgOf();
    if (svg) svg.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  };
  const userMoved = () => {
    moved = true;
    movedDuringRun = true;
  };
  const zoom = (factor, cx = container.clientWidth / 2, cy = container.clientHeight / 2) => {
    const scale = Math.min(MAX_SCALE, Math.max(Math.min(MIN_SCALE, view.scale), view.scale * factor));
    // Keep the point under (cx, cy) in place.
    view = { scale, x: cx - ((cx - view.x) * scale) / view.scale, y: cy - ((cy - view.y) * scale) / view.scale };
    userMoved();
    apply();
  };

  /** The drawing's own size, from its viewBox (Mermaid sets one). */
  const naturalSize = (svg) => {
    const vb = svg.viewBox?.baseVal;
    let width = vb?.width;
    let height = vb?.height;
    if (!width || !height) {
      try {
        const b = svg.getBBox();
        width = b.width;
        height = b.height;
      } catch {
        // not rendered
      }
    }
    return { width: width || 1, height: height || 1 };
  };

  function fit() {
    const svg = svgOf();
    if (!svg) return;
    const { width, height } = naturalSize(svg);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    const cw = container.clientWidth;
    const ch = container.clientHeight;
    if (cw === 0 || ch === 0) return; // hidden: fit again when it gets a size
    // However small that makes a long machine: the whole of it is what Fit promises.
    const scale = Math.max(1e-4, Math.min(1, (cw - 2 * MARGIN) / width, (ch - 2 * MARGIN) / height));
    view = { scale, x: (cw - width * scale) / 2, y: (ch - height * scale) / 2 };
    moved = false;
    apply();
  }

  /** Pans (keeping the scale) so that `element` is in view, unless the user moved the view
   * since the run started. */
  function follow(element) {
    if (movedDuringRun || !element) return;
    const box = element.getBoundingClientRect();
    const frame = container.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return;
    const inside = box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
    if (inside) return;
    view = {
      scale: view.scale,
      x: view.x + (frame.left + frame.width / 2) - (box.left + box.width / 2),
      y: view.y + (frame.top + frame.height / 2) - (box.top + box.height / 2),
    };
    apply();
  }

  document.getElementById('zoom-in')?.addEventListener('click', () => zoom(1.2));
  document.getElementById('zoom-out')?.addEventListener('click', () => zoom(1 / 1.2));
  document.getElementById('zoom-fit')?.addEventListener('click', () => fit());
  container.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey && !e.altKey) return; // plain wheel scrolls the page
    e.preventDefault();
    const frame = container.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - frame.left, e.clientY - frame.top);
  }, { passive: false });
  let drag = null;
  container.addEventListener('pointerdown', (e) => {
    if (e.target.closest?.('[data-state]')) return;
    drag = { x: e.clientX - view.x, y: e.clientY - view.y, startX: e.clientX, startY: e.clientY };
    container.setPointerCapture(e.pointerId);
  });
  container.addEventListener('pointermove', (e) => {
    if (!drag) return;
    // A click that jiggles a pixel is not a pan.
    if (Math.abs(e.clientX - drag.startX) + Math.abs(e.clientY - drag.startY) < 3 && !moved) return;
    view.x = e.clientX - drag.x;
    view.y = e.clientY - drag.y;
    userMoved();
    apply();
  });
  container.addEventListener('pointerup', () => (drag = null));
  container.addEventListener('keydown', (e) => {
    if (e.key === '+' || e.key === '=') zoom(1.2);
    if (e.key === '-') zoom(1 / 1.2);
    if (e.key === '0') fit();
  });
  // Refit when the panel changes size (window resize, the page's layout settling), unless
  // the user has placed the view themselves.
  let lastSize = '';
  new ResizeObserver(() => {
    const size = `${container.clientWidth}x${container.clientHeight}`;
    if (size === lastSize) return;
    lastSize = size;
    if (!moved) fit();
  }).observe(container);

  return {
    fit,
    follow,
    /** A run started: follow its running state until the user pans or zooms. */
    runStarted() {
      movedDuringRun = false;
    },
  };
}
