//! TestState cases in the page's one-call runner (`testing::run_mock_file`): answered after
//! the mock file's cases, checked with the suite's expectations, and needing no mock file.

use asl_core::testing::{run_mock_file, Suite};
use serde_json::json;

const DEFINITION: &str = r#"{"StartAt":"Check","States":{
  "Check":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":3,"Next":"Big"}],"Default":"Small"},
  "Big":{"Type":"Pass","End":true},"Small":{"Type":"Pass","End":true}}}"#;

fn suite(cases: serde_json::Value) -> Suite {
    serde_json::from_value(json!({ "testCases": cases })).expect("suite")
}

#[test]
fn test_state_cases_run_without_a_mock_file() {
    let suite = suite(json!({
        "big": {"testState": {"stateName": "Check", "input": "{\"n\": 5}"},
                "responseSubset": {"nextState": "Big", "status": "SUCCEEDED"}},
        "wrong": {"testState": {"stateName": "Check", "input": "{\"n\": 1}"},
                  "responseSubset": {"nextState": "Big"}},
        "file": {"testStateFile": "r.json"},
    }));
    let report = run_mock_file(DEFINITION, "{}", "", None, Some(&suite)).expect("runs");
    let got: Vec<(&str, bool, &str)> = report
        .cases
        .iter()
        .map(|c| (c.name.as_str(), c.passed, c.status.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("big", true, "SUCCEEDED"),
            ("wrong", false, "SUCCEEDED"),
            ("file", false, "ERROR")
        ]
    );
    assert!(
        report.cases[1].failures[0].contains("+   \"nextState\": \"Small\""),
        "{:?}",
        report.cases[1].failures
    );
    assert_eq!(report.cases[0].final_state.as_deref(), Some("Check"));
    assert!(report.cases[2].failures[0].contains("testStateFile"));
}

#[test]
fn test_state_cases_follow_the_mock_files_and_do_not_take_their_names() {
    let mocks = r#"{"StateMachines":{"M":{"TestCases":{"check":{}}}},"MockedResponses":{}}"#;
    let suite = suite(json!({
        "check": {"testState": {"stateName": "Check", "input": "{\"n\": 9}"}, "status": "SUCCEEDED"},
    }));
    let report = run_mock_file(DEFINITION, "{\"n\": 1}", mocks, None, Some(&suite)).expect("runs");
    let names: Vec<(&str, &str)> = report
        .cases
        .iter()
        .map(|c| (c.name.as_str(), c.final_state.as_deref().unwrap_or("")))
        .collect();
    // The mock file's "check" ran the machine to Small; the TestState case answered Check.
    assert_eq!(names, [("check", "Small"), ("check", "Check")]);
    assert!(report.cases.iter().all(|c| c.passed));
}
