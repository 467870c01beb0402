// Runs a Tests panel request (tests-panel.js) off the main thread: the page never runs the
// interpreter there. Uses the second wasm module (the `sources` feature), which has runTests.
import init, { runTests } from '../pkg/sources/asl_wasm_sources.js';

let ready = null;

self.onmessage = async ({ data }) => {
  try {
    ready ??= init();
    await ready;
    const result = runTests(data.definition, data.input, data.mocks, data.stateMachine ?? undefined, data.suite ?? undefined);
    self.postMessage({ ok: true, result });
  } catch (error) {
    self.postMessage({ ok: false, message: String(error?.message ?? error) });
  }
};
