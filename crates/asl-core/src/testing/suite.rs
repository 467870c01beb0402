//! The suite format (`docs/test-suite.schema.json` is its JSON Schema): a definition, its mock
//! file and test cases, each with a run setup and expectations. Read with serde from JSON or
//! YAML by the caller; file names stay names here (the core reads no files).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One suite file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Suite {
    /// The JSON Schema the file declares (for editors), ignored by the runner.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Identifier (the gallery's example id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Title (the gallery's card).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One-line description (the gallery's card).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The definition file, relative to the suite file (ASL JSON/YAML or a template).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    /// With a template: the state machine resource's logical id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_machine_resource: Option<String>,
    /// The Step Functions Local MockConfigFile, relative to the suite file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mocks: Option<String>,
    /// The state machine of the mock file (default: its only one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_machine: Option<String>,
    /// Default input of every case, inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// Default input of every case, as a file relative to the suite file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_file: Option<String>,
    /// Default seed of every case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Default virtual start time of every case (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// The test cases by name, in file order.
    #[serde(default)]
    pub test_cases: IndexMap<String, Case>,
}

/// One test case: how to run it and what must happen. Every expectation is optional; a case
/// with none only has to run. A case with `testState` (or `testStateFile`) is of the
/// TestState kind: its request is answered instead of an execution run (module
/// `test_state_case`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Case {
    /// What the case is about, for the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The test case of the mock file (default: the case's own name, when the suite has a
    /// mock file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_test_case: Option<String>,
    /// Inline mocks instead of the mock file's test case: state name → a mocked response as
    /// in `MockedResponses` (`{"0": {"Return": …}, "1-2": {"Throw": …}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mocks: Option<IndexMap<String, Value>>,
    /// Input, inline (over the suite's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// Input file relative to the suite file (over the suite's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_file: Option<String>,
    /// Seed (over the suite's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Virtual start time, RFC 3339 (over the suite's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// A TestState request body (as `asl test-state` takes it); without `definition`, the
    /// suite's definition is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_state: Option<Value>,
    /// A TestState request file relative to the suite file (read by the caller into
    /// `testState`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_state_file: Option<String>,
    /// Snapshot style: `asl test --update` rewrites this case's expectations from its run.
    #[serde(default, skip_serializing_if = "is_false")]
    pub snapshot: bool,

    /// Final status: `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The execution output, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// The execution output as a subset: objects match on the keys given, arrays by position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_subset: Option<Value>,
    /// The execution error name (exact, or `{"pattern": regex}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<TextMatch>,
    /// The execution cause (exact, or `{"pattern": regex}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<TextMatch>,
    /// A TestState case's whole response, exactly (a refusal: `{"error", "message"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
    /// A TestState case's response as a subset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_subset: Option<Value>,
    /// Every state entered, at any depth, in history order: exactly this list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
    /// States that must be entered in this order (others may come between).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_includes: Option<Vec<String>>,
    /// Expectations on single state visits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<StateExpectation>,
    /// Counts of history events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<EventCount>,
    /// Task state name → how many times its resource was invoked (retries included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_calls: Option<IndexMap<String, u64>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A text expectation: the exact text, or a regular expression that must match part of it
/// (anchor it with `^…$` for all of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum TextMatch {
    /// This exact text.
    Exact(String),
    /// A regular expression (Rust `regex` syntax, as `regex-lite` implements it).
    Pattern {
        /// The expression.
        pattern: String,
    },
}

/// Expectations on one visit of one state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateExpectation {
    /// The state name.
    pub state: String,
    /// Where the visit is: Map iterations and Parallel branches from the outside in, each
    /// `StateName[index]` (0-based, as `MapIterationStarted` counts), e.g. `["Fan out[1]"]`.
    #[serde(default, rename = "in", skip_serializing_if = "Vec::is_empty")]
    pub within: Vec<String>,
    /// Which visit (1-based) among the state's visits there, in the order they were entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<usize>,
    /// The state's raw input, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// The state's output, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// The state's output as a subset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_subset: Option<Value>,
    /// Workflow variables visible after the state, as a subset (name → value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Value>,
    /// The error the visit ended with (caught or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<TextMatch>,
    /// The cause the visit ended with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<TextMatch>,
    /// How many times the visit was retried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<usize>,
    /// The state the visit went to next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// How many history events of a type there must be, optionally only those of one state
/// and/or with one error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventCount {
    /// The `HistoryEventType`, e.g. `TaskFailed`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Only events of this state's visits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Only events whose details carry this `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The count.
    pub count: u64,
}

impl Case {
    /// The mock file's test case this case runs: `mockTestCase`, else the case's own name.
    pub fn mock_test_case<'a>(&'a self, name: &'a str) -> &'a str {
        self.mock_test_case.as_deref().unwrap_or(name)
    }

    /// A mock file text holding this case's inline mocks as the only test case of the only
    /// state machine (`None` without inline mocks).
    pub fn inline_mock_file(&self) -> Option<String> {
        let mocks = self.mocks.as_ref()?;
        let mut case = serde_json::Map::new();
        let mut responses = serde_json::Map::new();
        for (state, response) in mocks {
            // The response's name is the state's: inline mocks have no shared responses.
            case.insert(state.clone(), Value::String(state.clone()));
            responses.insert(state.clone(), response.clone());
        }
        let file = serde_json::json!({
            "StateMachines": { "inline": { "TestCases": { "inline": case } } },
            "MockedResponses": responses,
        });
        Some(file.to_string())
    }
}
