//! `parseMocks`: problems in a MockConfigFile and the test cases it offers.

use asl_core::LineIndex;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{diagnostics_to_js, to_js, JsDiagnostic};

/// The test cases a mock configuration file offers, or the problems in it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MocksResult {
    test_cases: Vec<TestCaseRef>,
    diagnostics: Vec<JsDiagnostic>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TestCaseRef {
    state_machine: String,
    test_case: String,
}

/// Checks a MockConfigFile and lists its test cases (`StateMachines.<name>.TestCases.<name>`).
#[wasm_bindgen(js_name = parseMocks, unchecked_return_type = "MocksResult")]
pub fn parse_mocks(text: &str) -> Result<JsValue, JsValue> {
    let index = LineIndex::new(text);
    let result = match asl_core::mocks::MockConfig::parse(text) {
        Ok(_) => MocksResult {
            test_cases: list_test_cases(text),
            diagnostics: Vec::new(),
        },
        Err(diagnostics) => MocksResult {
            test_cases: Vec::new(),
            diagnostics: diagnostics_to_js(text, &index, &diagnostics),
        },
    };
    to_js(&result)
}

/// The names only; the core has already checked the file's shape.
fn list_test_cases(text: &str) -> Vec<TestCaseRef> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let Some(machines) = value.get("StateMachines").and_then(|m| m.as_object()) else {
        return Vec::new();
    };
    machines
        .iter()
        .flat_map(|(machine, body)| {
            body.get("TestCases")
                .and_then(|cases| cases.as_object())
                .into_iter()
                .flat_map(|cases| cases.keys())
                .map(move |case| TestCaseRef {
                    state_machine: machine.clone(),
                    test_case: case.clone(),
                })
        })
        .collect()
}
