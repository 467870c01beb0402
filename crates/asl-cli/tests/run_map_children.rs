//! `asl run` and a Distributed Map's child executions: `--history` adds them under
//! `"mapRunChildren"`, each with its own `events`; `--map-run-child N` prints child N alone.

mod common;

use std::path::Path;

use serde_json::Value;

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/csv-batch-processing")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(extra: &[&str]) -> common::Out {
    let (def, input, mocks) = (
        example("definition.asl.json"),
        example("input.json"),
        example("mocks.json"),
    );
    let mut args = vec![
        "run",
        def.as_str(),
        "--input",
        input.as_str(),
        "--mocks",
        mocks.as_str(),
        "--test-case",
        "HappyPath",
    ];
    args.extend_from_slice(extra);
    common::asl(&args)
}

#[test]
fn history_lists_the_children_with_their_own_events() {
    let out = run(&["--history"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    let types: Vec<&str> = result["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(types.contains(&"MapRunStarted"), "{types:?}");
    // The children's states are not in the parent's history.
    assert!(!types.iter().any(|t| t.starts_with("Task")), "{types:?}");
    let children = result["mapRunChildren"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Batches of two jobs; the second one fails (the mock file).
    assert!(children.len() >= 2, "{children:?}");
    let statuses: Vec<&str> = children
        .iter()
        .filter_map(|c| c["status"].as_str())
        .collect();
    assert!(
        statuses.contains(&"FAILED") && statuses.contains(&"SUCCEEDED"),
        "{statuses:?}"
    );
    for (i, child) in children.iter().enumerate() {
        assert_eq!(child["index"], i);
        assert_eq!(child["events"][0]["type"], "ExecutionStarted");
        assert_eq!(child["events"][0]["id"], 1);
        assert!(child["input"]["Items"].is_array(), "{child}");
        assert!(child["executionArn"]
            .as_str()
            .is_some_and(|a| a.ends_with(child["name"].as_str().unwrap_or("?"))));
    }
}

#[test]
fn without_history_there_are_no_children() {
    let out = run(&[]);
    let result: Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    assert!(result.get("mapRunChildren").is_none());
}

#[test]
fn map_run_child_prints_one_child() {
    let out = run(&["--map-run-child", "1"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let child: Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    assert_eq!(child["index"], 1);
    let events = child["events"].as_array().cloned().unwrap_or_default();
    assert_eq!(events[0]["type"], "ExecutionStarted");
    let last = events
        .last()
        .and_then(|e| e["type"].as_str())
        .unwrap_or_default();
    assert!(
        last == "ExecutionSucceeded" || last == "ExecutionFailed",
        "{last}"
    );
    assert!(
        events.iter().any(|e| e["type"] == "TaskStateEntered"),
        "{events:?}"
    );
}

#[test]
fn map_run_child_out_of_range_is_a_usage_error() {
    let out = run(&["--map-run-child", "99"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("--map-run-child 99: the run started"),
        "{}",
        out.stderr
    );
    let out = run(&["--map-run-child", "x"]);
    assert_eq!(out.code, 2);
}
