// What the debugger panels (breakpoints.js, callbacks.js) set for the next run: the
// breakpoints and whether callbacks and activities are asked for ("live"). A run with
// neither is an ordinary run on the page's own wasm module; with either, the Worker runs it
// on the second module, which holds the debugger (see worker.js).

export const debug = {
  /** [{state, on: 'enter'|'exit'|'error', condition}] */
  breakpoints: [],
  /** Ask at callbacks and activities no mock answers. */
  live: false,
};

/** The `debug` field of the Worker's start message, or null for an ordinary run. */
export function debugOptions() {
  const breakpoints = debug.breakpoints.map(({ state, on, condition }) => ({ state, on, condition: condition || null }));
  if (!debug.live && breakpoints.length === 0) return null;
  return { live: debug.live, ask: [], breakpoints };
}
