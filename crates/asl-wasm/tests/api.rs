//! The boundary as JavaScript sees it, run in Node by `wasm-bindgen-test-runner`
//! (`CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test
//! --target wasm32-unknown-unknown -p asl-wasm`).
#![cfg(target_arch = "wasm32")]

use asl_wasm::{load_definition, parse_mocks, Execution};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn from_js(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap_or(Value::Null)
}

fn error_of(value: JsValue) -> (String, String, Value) {
    let get = |key: &str| js_sys::Reflect::get(&value, &key.into()).unwrap_or(JsValue::UNDEFINED);
    (
        get("kind").as_string().unwrap_or_default(),
        get("message").as_string().unwrap_or_default(),
        from_js(get("diagnostics")),
    )
}

const PASS_MACHINE: &str = r#"{
  "StartAt": "Greet",
  "States": {
    "Greet": { "Type": "Pass", "Parameters": { "greeting.$": "States.Format('Hello, {}', $.name)" }, "Next": "Call" },
    "Call": { "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true }
  }
}"#;

#[wasm_bindgen_test]
fn a_valid_definition_gives_a_diagram_with_a_node_per_state() {
    let result = from_js(load_definition(PASS_MACHINE).unwrap_or(JsValue::NULL));
    assert_eq!(result["valid"], json!(true));
    assert_eq!(result["diagnostics"], json!([]));
    let text = result["mermaid"]["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("flowchart"), "{text}");
    let states: Vec<&str> = result["mermaid"]["nodes"]
        .as_array()
        .map(|nodes| nodes.iter().filter_map(|n| n["state"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(states, ["Greet", "Call"]);
}

/// Positions count UTF-16 code units: "😀" is two, "é" one, as CodeMirror counts.
#[wasm_bindgen_test]
fn diagnostics_are_located_in_utf16_units() {
    let text = "{\n  \"Comment\": \"😀é\", \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}\n}";
    let result = from_js(load_definition(text).unwrap_or(JsValue::NULL));
    assert_eq!(result["valid"], json!(false));
    assert_eq!(result["mermaid"], Value::Null);
    let diagnostic = result["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["pointer"] == json!("/States/A/Next")))
        .cloned()
        .unwrap_or(Value::Null);
    let offset_utf16 = text.encode_utf16().count() - "\"Nowhere\"}}\n}".encode_utf16().count();
    assert_eq!(diagnostic["line"], json!(3));
    assert_eq!(diagnostic["from"], json!(offset_utf16));
    assert_eq!(diagnostic["to"], json!(offset_utf16 + "\"Nowhere\"".len()));
    // Line 3 starts after line 1 ("{") and line 2 (which holds 😀 as 2 units).
    let line3_start = "{\n  \"Comment\": \"😀é\", \"StartAt\": \"A\",\n"
        .encode_utf16()
        .count();
    assert_eq!(diagnostic["column"], json!(offset_utf16 - line3_start + 1));
    assert_eq!(diagnostic["severity"], json!("error"));
}

#[wasm_bindgen_test]
fn text_that_is_not_json_is_a_diagnostic_not_a_throw() {
    let result = from_js(load_definition("{\"StartAt\": ").unwrap_or(JsValue::NULL));
    assert_eq!(result["valid"], json!(false));
    assert!(result["diagnostics"]
        .as_array()
        .is_some_and(|d| !d.is_empty()));
}

const MOCKS: &str = r#"{
  "StateMachines": {"M": {"TestCases": {"Happy": {"Call": "Ok"}, "Sad": {"Call": "Boom"}}}},
  "MockedResponses": {
    "Ok": {"0": {"Return": {"Payload": {"done": true}}}},
    "Boom": {"0": {"Throw": {"Error": "Custom.Boom", "Cause": "it broke"}}}
  }
}"#;

#[wasm_bindgen_test]
fn mock_files_list_their_test_cases() {
    let result = from_js(parse_mocks(MOCKS).unwrap_or(JsValue::NULL));
    assert_eq!(
        result["testCases"],
        json!([
            {"stateMachine": "M", "testCase": "Happy"},
            {"stateMachine": "M", "testCase": "Sad"}
        ])
    );
    assert_eq!(result["diagnostics"], json!([]));
}

fn run(mocks: Option<&str>, test_case: &str) -> Value {
    let options = serde_wasm_bindgen::to_value(&json!({"seed": 7})).unwrap_or(JsValue::NULL);
    let Ok(mut execution) = Execution::new(
        PASS_MACHINE,
        r#"{"name": "Ada"}"#,
        mocks.map(str::to_string),
        JsValue::from_str(test_case),
        options,
    ) else {
        return Value::Null;
    };
    let mut events = Vec::new();
    loop {
        let batch = from_js(execution.step(2).unwrap_or(JsValue::NULL));
        events.extend(batch["events"].as_array().cloned().unwrap_or_default());
        if batch["done"] != json!(false) {
            let mut batch = batch;
            batch["events"] = Value::Array(events);
            return batch;
        }
    }
}

#[wasm_bindgen_test]
fn a_run_with_mocks_succeeds_and_streams_every_event_once() {
    let result = run(Some(MOCKS), "Happy");
    assert_eq!(result["status"], json!("SUCCEEDED"));
    assert_eq!(result["output"], json!({"done": true}));
    let ids: Vec<u64> = result["events"]
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["id"].as_u64()).collect())
        .unwrap_or_default();
    let expected: Vec<u64> = (1..=ids.len() as u64).collect();
    assert_eq!(ids, expected, "ids are 1..n with no gaps or repeats");
    assert_eq!(result["events"][0]["type"], json!("ExecutionStarted"));
    assert_eq!(
        result["events"][ids.len() - 1]["type"],
        json!("ExecutionSucceeded")
    );
}

#[wasm_bindgen_test]
fn a_failing_task_fails_the_run_with_its_error() {
    let result = run(Some(MOCKS), "Sad");
    assert_eq!(result["status"], json!("FAILED"));
    assert_eq!(result["error"], json!("Custom.Boom"));
    assert_eq!(result["cause"], json!("it broke"));
}

#[wasm_bindgen_test]
fn inspection_lists_each_visit() {
    let Ok(mut execution) = Execution::new(
        PASS_MACHINE,
        r#"{"name": "Ada"}"#,
        Some(MOCKS.into()),
        JsValue::from_str("Happy"),
        JsValue::UNDEFINED,
    ) else {
        panic!("the execution should start");
    };
    while from_js(execution.step(100).unwrap_or(JsValue::NULL))["done"] == json!(false) {}
    let visits = from_js(execution.inspection().unwrap_or(JsValue::NULL));
    assert_eq!(visits[0]["stateName"], json!("Greet"));
    assert_eq!(visits[1]["stateName"], json!("Call"));
    let after: Value =
        serde_json::from_str(visits[0]["afterParameters"].as_str().unwrap_or("null"))
            .unwrap_or(Value::Null);
    assert_eq!(after, json!({"greeting": "Hello, Ada"}));
}

#[wasm_bindgen_test]
fn options_and_test_cases_of_the_wrong_shape_are_refused() {
    let object = |text: &str| js_sys::JSON::parse(text).unwrap_or(JsValue::NULL);
    let cases = [
        (
            JsValue::from_str("Happy"),
            object(r#"{"seed": "seven"}"#),
            "options",
        ),
        (
            JsValue::from_str("Happy"),
            JsValue::from_str("fast"),
            "options",
        ),
        (JsValue::from(3), JsValue::UNDEFINED, "testCase"),
        (
            object(r#"{"stateMachine": "M"}"#),
            JsValue::NULL,
            "testCase",
        ),
    ];
    for (test_case, options, kind) in cases {
        let error = Execution::new(
            PASS_MACHINE,
            "{}",
            Some(MOCKS.to_string()),
            test_case,
            options,
        )
        .err()
        .map(error_of);
        let Some((got_kind, message, _)) = error else {
            panic!("{kind}: expected an error");
        };
        assert_eq!(got_kind, kind, "{message}");
        assert!(message.starts_with("Bad "), "{message}");
    }
    // Members the options do not know, and `null`s, are ignored.
    let options = object(r#"{"seed": 7, "speed": 2, "executionName": null}"#);
    let execution = Execution::new(
        PASS_MACHINE,
        "{}",
        Some(MOCKS.to_string()),
        JsValue::from_str("Happy"),
        options,
    );
    assert!(execution.is_ok());
}

#[wasm_bindgen_test]
fn bad_inputs_throw_errors_that_say_which_input() {
    let cases: [(&str, &str, Option<&str>, &str); 4] = [
        (
            "{\"StartAt\": \"X\", \"States\": {}}",
            "{}",
            None,
            "definition",
        ),
        (PASS_MACHINE, "{\"name\": ", None, "input"),
        (PASS_MACHINE, "{}", Some("{\"StateMachines\": 3}"), "mocks"),
        (PASS_MACHINE, "{}", Some(MOCKS), "testCase"),
    ];
    for (definition, input, mocks, kind) in cases {
        let test_case = if kind == "testCase" { "Nope" } else { "Happy" };
        let error = Execution::new(
            definition,
            input,
            mocks.map(str::to_string),
            JsValue::from_str(test_case),
            JsValue::UNDEFINED,
        )
        .err()
        .map(error_of);
        let Some((got_kind, message, diagnostics)) = error else {
            panic!("{kind}: expected an error");
        };
        assert_eq!(got_kind, kind, "{message}");
        assert!(!message.is_empty());
        if kind == "definition" || kind == "input" {
            assert!(
                diagnostics.as_array().is_some_and(|d| !d.is_empty()),
                "{kind}: {diagnostics}"
            );
        }
    }
}
