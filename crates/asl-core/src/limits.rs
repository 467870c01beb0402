//! Every resource limit in one place. Each constant says what it bounds, why, and what a user
//! sees when crossing it; `docs/limits.md` is the same list as a table, and
//! `crates/asl-core/tests/limits.rs` / `crates/asl-cli/tests/limits.rs` cross each one.
//!
//! Two kinds of limit live here:
//!
//! - **Step Functions quotas** (definition size, payload size, history length, intrinsic
//!   nesting and ranges): the values AWS documents, so a machine that runs here runs there.
//! - **Interpreter guards** (nesting depths of JSON, templates, rules, documents built at run
//!   time): far beyond any real machine; they exist so hostile input ends in an error instead
//!   of a stack overflow (the wasm stack is 1 MB) or unbounded memory.
//!
//! Modules refer to these constants rather than repeating the numbers.

/// Largest definition Step Functions accepts, in bytes of its text (AWS quota: 1 MB).
/// `validate` reports `DEFINITION_TOO_LARGE`; `exec::prepare` refuses to run it.
pub const MAX_DEFINITION_BYTES: usize = 1_048_576;

/// Largest execution input, state input/output, task result, Map/Parallel result, in bytes of
/// compact UTF-8 JSON (AWS quota: 256 KiB). Crossing it raises `States.DataLimitExceeded`.
pub const MAX_PAYLOAD_BYTES: usize = 262_144;

/// History events of one execution (AWS quota: 25,000). The default of
/// `ExecOptions::max_events`; the run then fails with `States.Runtime`.
pub const MAX_HISTORY_EVENTS: usize = 25_000;

/// Serialized bytes of distinct state inputs and outputs one execution's history and
/// inspection records keep (interpreter limit: the history lives in memory, in a browser tab
/// too; AWS's own bound, [`MAX_HISTORY_EVENTS`] events of up to [`MAX_PAYLOAD_BYTES`], could
/// be 6 GB). Past it, events carry `""` with `"truncated": true`; the run is unaffected.
/// `Execution::set_history_budget` overrides it.
pub const MAX_HISTORY_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Deepest nesting of arrays and objects the span-keeping JSON parser accepts (definitions in
/// `validate`). The same as serde_json's recursion limit, which bounds every other JSON text
/// (execution input, mock files, `States.StringToJson`): a document accepted by one loads in
/// the other.
pub const MAX_JSON_DEPTH: usize = 128;

/// Deepest nesting of a document built during a run. Inputs are at most
/// [`MAX_JSON_DEPTH`] deep, but templates (`{"a.$": "$"}` in a loop) and `ResultPath`
/// (`$.a.a.a…`) nest deeper at each state; every payload check treats a deeper document as
/// over the payload quota (`States.DataLimitExceeded`), and a `ResultPath` with more fields
/// than this (counting the result's own depth) fails before building anything. Serializing,
/// cloning and dropping JSON recurse, about 1 KB of stack per level in a debug build, so
/// this keeps them within a 2 MB test thread and the 1 MB wasm stack (a single step can add
/// at most a definition's depth, 128, before the check).
pub const MAX_DOCUMENT_DEPTH: usize = 256;

/// Deepest nesting of Parallel/Map states inside each other that the interpreter compiles.
/// Unreachable through JSON text (each level costs four JSON levels, see [`MAX_JSON_DEPTH`]);
/// guards the recursive compiler for definitions built as values.
pub const MAX_STATE_NESTING: usize = 64;

/// Nested Parallel/Map scopes the Mermaid graph draws; deeper scopes are left out.
pub const MAX_GRAPH_SCOPE_DEPTH: usize = 32;

/// Deepest nesting of a payload template (`Parameters`, `ResultSelector`, `ItemSelector`).
pub const MAX_TEMPLATE_DEPTH: usize = 512;

/// Deepest nesting of Choice rules through `And`/`Or`/`Not`.
pub const MAX_CHOICE_RULE_DEPTH: usize = 256;

/// Deepest nesting of parentheses and `!` in a JSONPath filter expression.
pub const MAX_FILTER_DEPTH: usize = 64;

/// Deepest nesting of intrinsic function calls in one field (AWS: "up to 10").
pub const MAX_INTRINSIC_NESTING: usize = 10;

/// Most items `States.ArrayRange` may produce (AWS quota: 1,000).
pub const MAX_ARRAY_RANGE_ITEMS: i64 = 1000;

/// Longest input string of `States.Base64Encode`, `States.Base64Decode` and `States.Hash`, in
/// characters (AWS quota: 10,000).
pub const MAX_INTRINSIC_TEXT_CHARS: usize = 10_000;

/// Deepest JSONata evaluation (jsonata-core's evaluation stack); crossing it fails with
/// `States.QueryEvaluationError` (`D1011`). See `jsonata::Limits::max_depth`.
pub const MAX_JSONATA_DEPTH: usize = 140;

/// Most user-function calls in one JSONata evaluation (ends tail-recursive loops). See
/// `jsonata::Limits::max_calls`.
pub const MAX_JSONATA_CALLS: u64 = 10_000;

/// Longest sequence a JSONata path, range, map or filter may build (`D2015`). See
/// `jsonata::Limits::max_sequence_length`.
pub const MAX_JSONATA_SEQUENCE_LENGTH: usize = 150_000;

/// Largest string (bytes) or array (items) a JSONata user function may be called with. See
/// `jsonata::Limits::max_argument_size`.
pub const MAX_JSONATA_ARGUMENT_SIZE: usize = 4 * 1024 * 1024;

/// Longest JSONata `$range` (AWS refuses longer ones before allocating them).
pub const MAX_JSONATA_RANGE_ITEMS: i128 = 360_145;

/// Deepest bracket nesting of a JSONata expression accepted before parsing (the parser
/// recurses).
pub const MAX_JSONATA_BRACKET_DEPTH: usize = 200;

/// Largest object in the run's virtual S3 (`crate::s3`), in bytes: an interpreter guard
/// (AWS's objects may be far larger) that keeps a mock file or a `ResultWriter` from holding
/// unbounded memory. A larger object in a mock file is a setup error; a larger write fails
/// the `ResultWriter` with `States.ResultWriterFailed`.
pub const MAX_S3_OBJECT_BYTES: usize = 16 * 1024 * 1024;

/// History events of all the child executions of one execution's Distributed Maps together
/// (interpreter guard: each child has AWS's 25,000-event quota of its own, so a Map Run of
/// many children could otherwise record without end, about 170 bytes an event). Crossing it
/// fails the parent with `States.Runtime`.
pub const MAX_MAP_RUN_EVENTS: usize = 1_000_000;
