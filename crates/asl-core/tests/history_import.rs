//! `history_import` on the executions recorded on AWS (`../shared/conformance`, read in
//! place): for every case with a `history.json`, import it (input, outcome, a mock file
//! built from the recorded task results only — the case's own `mocks.json` is not used), run
//! the definition with those mocks, and compare status and output (or error) with what the
//! history recorded. Skips with a message when the folder is absent.

mod common;

use asl_core::exec::{run_texts, ExecOptions, RunRequest};
use asl_core::history_import::{first_difference, import, parse_events, TEST_CASE};
use serde_json::{json, Value};

/// Cases whose replay must agree with AWS; measured when the importer was written
/// (`HISTORY_VERBOSE=1` prints the others and why).
/// The four others are legacy Lambda-ARN cases whose recorded `Cause` was Python-formatted
/// JSON that the recorder parsed: the text AWS produced cannot be rebuilt from it.
const MIN_REPRODUCED: usize = 337;

#[test]
fn recorded_histories_replay_to_the_recorded_outcome() {
    let Ok(dirs) = std::fs::read_dir(common::files::conformance_dir().join("cases")) else {
        eprintln!(
            "skipped: {} is absent",
            common::files::conformance_dir().join("cases").display()
        );
        return;
    };
    let verbose = std::env::var_os("HISTORY_VERBOSE").is_some();
    let mut dirs: Vec<_> = dirs.filter_map(Result::ok).map(|d| d.path()).collect();
    dirs.sort();
    let (mut total, mut reproduced, mut same_events) = (0, 0, 0);
    for dir in dirs {
        let Ok(history) = std::fs::read_to_string(dir.join("history.json")) else {
            continue;
        };
        let (Ok(definition), Ok(expected)) = (
            std::fs::read_to_string(dir.join("definition.json")),
            std::fs::read_to_string(dir.join("expected.json")),
        ) else {
            continue;
        };
        total += 1;
        let events = parse_events(&history).expect("history parses");
        let def_value: Value = serde_json::from_str(&definition).unwrap_or(Value::Null);
        let imported = import(&events, Some(&def_value));
        let expected: Value = serde_json::from_str(&expected).unwrap_or(Value::Null);
        // The importer reads the same outcome as the recorder's expected.json.
        assert_eq!(
            Some(imported.status.as_str()),
            expected["status"].as_str(),
            "{}",
            dir.display()
        );
        let input = imported.input.to_string();
        let mocks = imported.mocks.to_string();
        let request = RunRequest {
            definition: &definition,
            input: &input,
            mocks: Some(&mocks),
            state_machine: None,
            test_case: Some(TEST_CASE),
            options: ExecOptions::default(),
        };
        let mut actual = match run_texts(&request) {
            Ok(r) => r.to_json(true, false),
            Err(e) => json!({"setup": format!("{:?}", e.diagnostics)}),
        };
        // The stricter figure (reported, not asserted): the same event types in order.
        let types = |events: &[Value]| -> Vec<String> {
            events
                .iter()
                .map(|e| e["type"].as_str().unwrap_or_default().to_string())
                .collect()
        };
        let ours = actual
            .as_object_mut()
            .and_then(|o| o.remove("events"))
            .unwrap_or(Value::Null);
        let ours = ours.as_array().map(Vec::as_slice).unwrap_or(&[]);
        if types(ours) == types(&events) {
            same_events += 1;
        }
        // The comparison `asl history compare` reports agrees with the type check when it
        // finds no difference.
        if first_difference(&events, ours).is_none() {
            assert_eq!(types(ours), types(&events), "{}", dir.display());
        }
        let want = imported.expected();
        let ok = actual["status"] == want["status"]
            && match want["status"].as_str() {
                Some("SUCCEEDED") => actual.get("output") == want.get("output"),
                _ => actual.get("error") == want.get("error"),
            };
        if ok {
            reproduced += 1;
        } else if verbose {
            eprintln!(
                "{}\n  want {want}\n  got  {actual}\n  missing {:?}",
                dir.display(),
                imported.missing
            );
        }
    }
    eprintln!(
        "history import: {reproduced}/{total} recorded executions reproduced (status and output); {same_events}/{total} with the same event types in order"
    );
    if total > 0 {
        assert!(
            reproduced >= MIN_REPRODUCED,
            "only {reproduced}/{total} reproduced (expected at least {MIN_REPRODUCED})"
        );
    }
}

#[test]
fn aws_cli_pages_and_missing_data() {
    // Two pages as `aws stepfunctions get-execution-history` prints them (data as JSON text),
    // the second without task output (no --include-execution-data).
    let page1 = json!({"events": [
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted",
         "executionStartedEventDetails": {"input": "{\"n\":1}"}},
        {"id": 2, "previousEventId": 1, "type": "TaskStateEntered",
         "stateEnteredEventDetails": {"name": "Call", "input": "{\"n\":1}"}},
        {"id": 3, "previousEventId": 2, "type": "TaskScheduled", "taskScheduledEventDetails": {}},
        {"id": 4, "previousEventId": 3, "type": "TaskStarted"},
        {"id": 5, "previousEventId": 4, "type": "TaskFailed",
         "taskFailedEventDetails": {"error": "Boom", "cause": "first try"}},
        {"id": 6, "previousEventId": 5, "type": "TaskScheduled", "taskScheduledEventDetails": {}},
        {"id": 7, "previousEventId": 6, "type": "TaskStarted"},
        {"id": 8, "previousEventId": 7, "type": "TaskSucceeded",
         "taskSucceededEventDetails": {"output": "{\"ok\":true}"}}
    ], "nextToken": "x"});
    let page2 = json!({"events": [
        {"id": 9, "previousEventId": 8, "type": "TaskStateExited",
         "stateExitedEventDetails": {"name": "Call", "output": "{\"ok\":true}"}},
        {"id": 10, "previousEventId": 9, "type": "TaskStateEntered",
         "stateEnteredEventDetails": {"name": "Other"}},
        {"id": 11, "previousEventId": 10, "type": "TaskScheduled"},
        {"id": 12, "previousEventId": 11, "type": "TaskSucceeded",
         "taskSucceededEventDetails": {"outputDetails": {"included": false}}},
        {"id": 13, "previousEventId": 12, "type": "ExecutionSucceeded",
         "executionSucceededEventDetails": {"output": "{\"ok\":true}"}}
    ]});
    let text = format!("{page1}\n{page2}");
    let events = parse_events(&text).expect("parses");
    assert_eq!(events.len(), 13);
    let imported = import(&events, None);
    assert_eq!(imported.input, json!({"n": 1}));
    assert_eq!(imported.status, "SUCCEEDED");
    assert_eq!(imported.output, Some(json!({"ok": true})));
    assert_eq!(
        imported.mocks["MockedResponses"]["CallResponses"],
        json!({"0": {"Throw": {"Error": "Boom", "Cause": "first try"}}, "1": {"Return": {"ok": true}}})
    );
    assert_eq!(imported.invocations, 2);
    assert_eq!(imported.missing.len(), 1);
    assert_eq!(imported.missing[0].0, "Other");
    assert!(imported.missing[0].1.contains("--include-execution-data"));
    assert!(parse_events("{\"nope\": 1}").is_err());
    assert!(parse_events("").is_err());
}
