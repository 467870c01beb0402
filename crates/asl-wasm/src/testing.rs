//! `runTests`: every test case of a mock file, checked against a suite's expectations when
//! one is given, with coverage (`asl_core::testing::run_mock_file`), for the page's Tests
//! panel. Built with the `sources` feature: the page runs it in a Worker of its own.

use asl_core::testing::{run_mock_file, Suite};
use wasm_bindgen::prelude::*;

use crate::convert::{into_error, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_TESTS: &str = r#"
export interface TestCaseResult {
  name: string;
  passed: boolean;
  status: string;
  finalState: string | null;
  path: string[];
  /** Why it could not start, or each failed expectation with its diff. */
  failures: string[];
}
export interface TestsResult {
  cases: TestCaseResult[];
  /** `asl test --coverage-out`'s shape: states and transitions with their hits. */
  coverage: { states: { items: { state: string; hits: number }[] }; transitions: { items: { from: string; kind: string; index: number; to: string | null; hits: number }[] }; percent: number };
}
"#;

/// A suite text, JSON or YAML (one pasted into the Tests panel), with the line and column of
/// what is wrong.
fn parse_suite(text: &str) -> Result<Suite, String> {
    let value = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => value,
        Err(_) if !text.trim_start().starts_with('{') => {
            let node = asl_core::source::yaml::parse(text)
                .map_err(|d| format!("the suite is not JSON or YAML: {}", d.message))?;
            node.to_value()
        }
        Err(e) => return Err(format!("the suite is not valid JSON: {e}")),
    };
    serde_json::from_value(value).map_err(|e| format!("the suite: {e}"))
}

/// Runs every test case of `stateMachine` (default: the first) in `mocks`; `suite` is a
/// test suite (JSON or YAML) whose cases add expectations and TestState cases.
#[wasm_bindgen(js_name = runTests, unchecked_return_type = "TestsResult")]
pub fn run_tests(
    definition: &str,
    input: &str,
    mocks: &str,
    state_machine: Option<String>,
    suite: Option<String>,
) -> Result<JsValue, JsValue> {
    let suite = match suite.filter(|s| !s.trim().is_empty()) {
        Some(text) => Some(parse_suite(&text).map_err(|m| into_error("suite", &m, &[]))?),
        None => None,
    };
    let report = run_mock_file(
        definition,
        input,
        mocks,
        state_machine.as_deref(),
        suite.as_ref(),
    )
    .map_err(|m| into_error("mocks", &m, &[]))?;
    to_js(&report)
}
