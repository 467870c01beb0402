//! The wasm-bindgen boundary of `asl-core`: each export converts its arguments in, calls the
//! core, and converts the result out. No logic lives here, except turning byte offsets into
//! the UTF-16 positions browser editors count in.
//!
//! This is the only crate that knows about JavaScript. The result shapes are declared once,
//! for TypeScript, in the `typescript_custom_section` below, next to the `Serialize` structs
//! that produce them.
//!
//! ```js
//! import init, { loadDefinition, Execution } from "./pkg/asl_wasm.js";
//! await init();
//! const { diagnostics, mermaid, valid } = loadDefinition(definitionText);
//! const run = new Execution(definitionText, '{"x": 1}', null, null, { seed: 1 });
//! let batch;
//! do { batch = run.step(500); } while (!batch.done);
//! console.log(batch.status, batch.output);
//! // Or the events as JSON text, for a Worker to post on: JSON.parse(batch.eventsJson).
//! batch = new Execution(definitionText, "{}", null, null, {}).stepJson(500);
//! ```

mod convert;
#[cfg(feature = "debugger")]
mod debugger;
mod definition;
mod execution;
mod history;
#[cfg(feature = "sources")]
mod map_run;
mod mocks;
mod share;
#[cfg(feature = "sources")]
mod source;
#[cfg(feature = "sources")]
mod test_state;
#[cfg(feature = "sources")]
mod testing;

use wasm_bindgen::prelude::*;

pub use definition::load_definition;
pub use execution::{error_kind, request, Execution, Options, TestCaseChoice};
pub use mocks::parse_mocks;
#[cfg(feature = "sources")]
pub use share::encode_share;
pub use share::{decode_share, share_payload};
#[cfg(feature = "sources")]
pub use source::{import_history, load_source};
#[cfg(feature = "sources")]
pub use test_state::test_state;
#[cfg(feature = "sources")]
pub use testing::run_tests;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A problem in a document. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface Diagnostic {
  code: string;
  severity: "error" | "warning";
  message: string;
  /** JSON Pointer (RFC 6901) of the offending value, e.g. "/States/Pay/Next". */
  pointer: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** UTF-16 offsets into the text, as CodeMirror counts them. */
  from: number;
  to: number;
}

/** The diagram of a valid definition; `nodes` maps each state name to its Mermaid node id,
 * `edges` lists every edge between states: its drawn `data-id`, its full label (the drawn
 * one is cut short; empty for `Next`) and the transition it draws. */
export interface MermaidGraph {
  text: string;
  nodes: { state: string; id: string }[];
  edges: { id: string; label: string; from: string; to: string; kind: 'Next' | 'Choice' | 'Default' | 'Catch'; index: number }[];
}

export interface LoadResult {
  diagnostics: Diagnostic[];
  /** Null when the definition has errors. */
  mermaid: MermaidGraph | null;
  valid: boolean;
}

/** `loadSource`'s options: which state machine of a template, and values for its placeholders. */
export interface SourceOptions {
  stateMachine?: string;
  /** `${NAME}` values of the definition (over DefinitionSubstitutions). */
  substitutions?: Record<string, string>;
  /** `Ref` / `Logical.Attribute` / Serverless variable values (over placeholders). */
  parameters?: Record<string, string>;
}

/** A YAML definition or a template, resolved; diagnostics are located in the given text. */
export interface SourceResult extends LoadResult {
  format: "asl-json" | "asl-yaml" | "cloudformation" | "serverless";
  /** The state machines a template declares (empty for a bare definition). */
  machines: { logicalId: string; resourceType: string; line: number }[];
  selected: string | null;
  /** The resolved definition as JSON text; null when it could not be resolved. */
  definition: string | null;
}

/** An AWS execution history read against a definition. */
export interface HistoryImport {
  events: HistoryEvent[];
  input: unknown;
  /** `{status, output}` or `{status, error, cause}` as AWS recorded it. */
  expected: Record<string, unknown>;
  /** A MockConfigFile whose test case FromHistory reproduces the execution. */
  mocks: unknown;
  invocations: number;
  /** States the history lacks the data to reproduce. */
  missing: { state: string; reason: string }[];
}

/** The state a share link carries (docs/share-links.md). */
export interface ShareState {
  definition: string;
  input: string;
  mocks?: string;
  testCase?: { stateMachine?: string; testCase: string };
  options?: Record<string, unknown>;
}

/** What a URL fragment asks for: a shared state, a gallery example, or nothing. */
export type ShareLink = { kind: "state"; state: ShareState } | { kind: "example"; id: string } | { kind: "none" };

export interface MocksResult {
  testCases: { stateMachine: string; testCase: string }[];
  diagnostics: Diagnostic[];
}

export interface ExecutionOptions {
  seed?: number;
  /** Virtual start time, milliseconds since the Unix epoch. */
  startTime?: number;
  executionName?: string;
  stateMachineName?: string;
  maxEvents?: number;
}

/** Which test case of a mock file to use: its name, or both names. */
export type TestCaseChoice = string | { stateMachine?: string; testCase: string };

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** Events in GetExecutionHistory shape (`id`, `type`, `timestamp`, `previousEventId`, details). */
export type HistoryEvent = { id: number; type: string; timestamp: number; previousEventId?: number; [details: string]: unknown };

export interface StepResult {
  /** Only the events recorded since the previous call. */
  events: HistoryEvent[];
  /** How many events that is. */
  count: number;
  status: ExecutionStatus;
  done: boolean;
  output?: unknown;
  error?: string;
  cause?: string;
}

/** `stepJson`'s result: the new events as the text of a JSON array of `HistoryEvent`s. */
export type StepJsonResult = Omit<StepResult, "events"> & { eventsJson: string };

/** What every export throws: `kind` says which input was wrong. */
export interface AslError extends Error {
  kind: "definition" | "input" | "mocks" | "testCase" | "options" | "execution" | "share" | "history";
  diagnostics: Diagnostic[];
}
"#;

/// Installs the panic hook, so a bug in the core shows its message in the console instead of
/// a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}
