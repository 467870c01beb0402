// The page's own copy of the core (the Worker has another): validating the definition and
// the mock file is quick, so it happens here, on every edit, without a round trip.
import init, { loadDefinition, parseMocks } from '../pkg/asl_wasm.js';
import { describeError } from './protocol.js';

let ready = null;
let compiled = null;

/** The compiled module, compiled once per page: the Worker of every run instantiates this
 * same module (posted to it, see controls.js) instead of fetching and compiling its own, so
 * a new Worker starts at once, and code V8 has compiled or optimized for one run's Worker
 * serves the next. */
export function wasmModule() {
  compiled ??= WebAssembly.compileStreaming(fetch(new URL('../pkg/asl_wasm_bg.wasm', import.meta.url)));
  return compiled;
}

export function initWasm() {
  ready ??= wasmModule().then((module) => init({ module_or_path: module }), () => init());
  return ready;
}

/** Errors thrown across the boundary as plain objects the page can show. */
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
