// What the page and the run Worker (worker.js) share besides their messages: how a failure
// thrown by the wasm module is described, the unclamped zero-delay yield, and when Step over
// ends. One copy, so the page's and the Worker's answers cannot drift apart.

/** An `AslError` (or anything thrown) as the plain object the page shows and the Worker posts. */
export function describeError(error) {
  return {
    message: String(error?.message ?? error),
    kind: error?.kind ?? 'internal',
    diagnostics: Array.isArray(error?.diagnostics) ? error.diagnostics : [],
  };
}

// A zero-delay yield that is not clamped like nested setTimeout(0).
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** Resolves after the event loop has run once (other messages, rendering) without the 4 ms
 * clamp of nested `setTimeout(0)`. */
export const yieldNow = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });

/** Step over `target` (a state name; null: the next state entered): a function fed history
 * events in order that returns true at the event that ends it, the exit of that state. */
export function stepOverWatch(target) {
  let wanted = target;
  return (event) => {
    const type = String(event.type);
    if (wanted === null && type.endsWith('StateEntered')) wanted = event.stateEnteredEventDetails?.name ?? null;
    else if (wanted !== null && type.endsWith('StateExited') && event.stateExitedEventDetails?.name === wanted) return true;
    return false;
  };
}

/** Index of the event that ends Step over for `target` among `events` from `from` on, or -1. */
export function stepOverEnd(events, from, target) {
  const ends = stepOverWatch(target);
  for (let i = from; i < events.length; i++) if (ends(events[i])) return i;
  return -1;
}
