//! `Execution.mapRunSummary`, `mapRunChild` and `s3Objects` as JavaScript sees them (run in
//! Node by `wasm-bindgen-test-runner`): a Distributed Map reading a JSON file of three items,
//! one child failing and tolerated, results written with a ResultWriter.
//! Needs the `sources` feature (`--features sources`).
#![cfg(all(target_arch = "wasm32", feature = "sources"))]

use asl_wasm::Execution;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn from_js(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap_or(Value::Null)
}

const MACHINE: &str = r#"{
  "StartAt": "Each",
  "States": {
    "Each": {
      "Type": "Map",
      "ItemReader": { "Resource": "arn:aws:states:::s3:getObject", "Parameters": { "Bucket": "in", "Key": "items.json" } },
      "ToleratedFailureCount": 1,
      "ItemProcessor": {
        "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" },
        "StartAt": "Check",
        "States": {
          "Check": { "Type": "Choice", "Choices": [{ "Variable": "$.ok", "BooleanEquals": false, "Next": "Bad" }], "Default": "Good" },
          "Bad": { "Type": "Fail", "Error": "NotOk" },
          "Good": { "Type": "Succeed" }
        }
      },
      "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "out", "Prefix": "runs" } },
      "End": true
    }
  }
}"#;

const MOCKS: &str = r#"{
  "StateMachines": { "M": { "TestCases": { "T": {} } } },
  "MockedResponses": {},
  "x-asl-playground": { "s3": { "in": {
    "items.json": [{ "ok": true }, { "ok": false }, { "ok": true }],
    "unread.txt": "never read"
  } } }
}"#;

fn finished() -> Execution {
    let Ok(mut execution) = Execution::new(
        MACHINE,
        "{}",
        Some(MOCKS.into()),
        JsValue::NULL,
        JsValue::NULL,
    ) else {
        panic!("the run starts");
    };
    for _ in 0..100 {
        let step = from_js(execution.step(500).unwrap_or(JsValue::NULL));
        if step["done"] == json!(true) {
            assert_eq!(step["status"], json!("SUCCEEDED"), "{step}");
            return execution;
        }
    }
    panic!("the run ends");
}

#[wasm_bindgen_test]
fn the_summary_counts_the_children_by_status_and_pages_them() {
    let execution = finished();
    let summary = from_js(execution.map_run_summary(0, 10).unwrap_or(JsValue::NULL));
    assert_eq!(summary["total"], json!(3));
    let runs = summary["mapRuns"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["children"], json!(3));
    assert_eq!(runs[0]["succeeded"], json!(2));
    assert_eq!(runs[0]["failed"], json!(1));
    let statuses: Vec<&Value> = summary["children"]
        .as_array()
        .map(|c| c.iter().map(|c| &c["status"]).collect())
        .unwrap_or_default();
    assert_eq!(
        statuses,
        [&json!("SUCCEEDED"), &json!("FAILED"), &json!("SUCCEEDED")]
    );
    let failed = &summary["children"][1];
    assert_eq!(failed["input"], json!({ "ok": false }));
    assert_eq!(failed["error"], json!("NotOk"));
    assert_eq!(failed["durationMs"], json!(0));
    assert!(
        failed.get("events").is_none(),
        "the list carries no histories"
    );
    // A page: children 1.. of 3.
    let page = from_js(execution.map_run_summary(1, 5).unwrap_or(JsValue::NULL));
    assert_eq!(page["children"].as_array().map(Vec::len), Some(2));
    assert_eq!(page["children"][0]["index"], json!(1));
}

#[wasm_bindgen_test]
fn one_child_comes_with_its_own_history() {
    let execution = finished();
    let child = from_js(execution.map_run_child(1).unwrap_or(JsValue::NULL));
    let types: Vec<&str> = child["events"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["type"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "ChoiceStateEntered",
            "ChoiceStateExited",
            "FailStateEntered",
            "ExecutionFailed"
        ]
    );
    assert!(execution.map_run_child(3).is_err(), "no child 3");
}

#[wasm_bindgen_test]
fn s3_objects_are_the_ones_read_then_the_ones_written() {
    let execution = finished();
    let objects = from_js(execution.s3_objects(1_000).unwrap_or(JsValue::NULL));
    let list = objects.as_array().cloned().unwrap_or_default();
    let keys: Vec<(&str, bool, bool)> = list
        .iter()
        .map(|o| {
            (
                o["key"].as_str().unwrap_or_default(),
                o["read"] == json!(true),
                o["written"] == json!(true),
            )
        })
        .collect();
    assert_eq!(keys[0], ("items.json", true, false));
    assert!(!keys.iter().any(|(k, _, _)| *k == "unread.txt"), "{keys:?}");
    let written: Vec<&str> = keys
        .iter()
        .filter(|k| k.2)
        .map(|k| k.0.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(written.len(), 3, "{written:?}");
    for name in ["SUCCEEDED_0.json", "FAILED_0.json", "manifest.json"] {
        assert!(written.contains(&name), "{name} in {written:?}");
    }
    assert_eq!(
        list[0]["content"],
        json!(r#"[{"ok":true},{"ok":false},{"ok":true}]"#)
    );
    assert_eq!(list[0]["size"], json!(38));
    // Content cut at max_chars, the size still the whole object's.
    let cut = from_js(execution.s3_objects(5).unwrap_or(JsValue::NULL));
    assert_eq!(cut[0]["content"], json!("[{\"ok"));
    assert_eq!(cut[0]["truncated"], json!(true));
    assert_eq!(cut[0]["size"], json!(38));
}
