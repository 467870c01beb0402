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
  compiled ??= WebAssembly.compileStreaming(fetch(new URL('../pkg/asl_wasm_bg.wasm', import.meta.url))).then((module) => {
    compiledModule = module;
    return module;
  });
  return compiled;
}

let compiledModule = null;
/** The compiled module once there is one, else null: a Worker created and given work in the
 * same task must get the module first, in that task (its messages arrive in order). */
export const wasmModuleNow = () => compiledModule;

export function initWasm() {
  ready ??= wasmModule().then((module) => init({ module_or_path: module }), () => init());
  return ready;
}

/** Errors thrown across the boundary as plain objects the page can show. */
/** True for text the core must resolve first (loadSource): YAML (anything that does not
 * start like JSON) or a CloudFormation/SAM/CDK template in JSON. Bare ASL JSON (and JSON that
 * does not parse, which loadDefinition reports) keeps loadDefinition, which reads the text
 * exactly as typed. */
export function needsSource(text) {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (!trimmed) return false;
  if (!trimmed.startsWith('{')) return !trimmed.startsWith('[');
  try {
    const value = JSON.parse(trimmed);
    return !('States' in value) && ('Resources' in value || 'AWSTemplateFormatVersion' in value);
  } catch {
    return false;
  }
}

let sources = null;

/** The second module, with `loadSource` and `importHistory` (YAML, templates, AWS
 * histories): its YAML parser and resolver would take the page's own module over its size
 * budget, so it is fetched only the first time one of those is opened. */
export function sourcesModule() {
  sources ??= import('../pkg/sources/asl_wasm_sources.js').then(async (module) => {
    await module.default();
    return module;
  });
  return sources;
}

/** A YAML definition or a template (`needsSource`): the same result shape as
 * `analyzeDefinition`, plus `format`, `machines`, `selected` and the resolved `definition`. */
export async function analyzeSource(text, sourceOptions) {
  try {
    const module = await sourcesModule();
    return module.loadSource(text, sourceOptions);
  } catch (error) {
    return { diagnostics: [], mermaid: null, valid: false, machines: [], definition: null, failure: describeError(error) };
  }
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
