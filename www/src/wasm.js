// The page's own copy of the core (the Worker has another): validating the definition and
// the mock file is quick, so it happens here, on every edit, without a round trip.
import init, { loadDefinition, parseMocks } from '../pkg/asl_wasm.js';

let ready = null;

export function initWasm() {
  ready ??= init();
  return ready;
}

/** Errors thrown across the boundary as plain objects the page can show. */
export function describeError(error) {
  return {
    message: String(error?.message ?? error),
    kind: error?.kind ?? 'internal',
    diagnostics: Array.isArray(error?.diagnostics) ? error.diagnostics : [],
  };
}

export function analyzeDefinition(text) {
  try {
    return loadDefinition(text);
  } catch (error) {
    return { diagnostics: [], mermaid: null, valid: false, failure: describeError(error) };
  }
}

export function analyzeMocks(text) {
  if (!text.trim()) return { testCases: [], diagnostics: [] };
  try {
    return parseMocks(text);
  } catch (error) {
    return { testCases: [], diagnostics: [], failure: describeError(error) };
  }
}
