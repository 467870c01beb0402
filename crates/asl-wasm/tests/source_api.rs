//! `loadSource` and `importHistory` as JavaScript sees them (run in Node by
//! `wasm-bindgen-test-runner`): a SAM template with two state machines, the pick, the
//! substitutions, diagnostics located in the template, and a history read back.
//! Needs the `sources` feature (`--features sources`).
#![cfg(all(target_arch = "wasm32", feature = "sources"))]

use asl_wasm::{import_history, load_source};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn from_js(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap_or(Value::Null)
}

fn options(value: Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::UNDEFINED)
}

const TEMPLATE: &str = "\
Resources:
  Fn:
    Type: AWS::Lambda::Function
  First:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: Call
        States:
          Call: {Type: Task, Resource: !GetAtt Fn.Arn, End: true}
  Second:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Wait
        States:
          Wait: {Type: Pass, Result: '${Greeting}', Next: Nowhere}
      DefinitionSubstitutions:
        Greeting: hello
";

#[wasm_bindgen_test]
fn a_template_lists_its_machines_and_resolves_the_one_picked() {
    let all = from_js(load_source(TEMPLATE, JsValue::UNDEFINED).unwrap_or(JsValue::NULL));
    assert_eq!(all["format"], "cloudformation");
    assert_eq!(
        all["machines"],
        json!([
            {"logicalId": "First", "resourceType": "AWS::StepFunctions::StateMachine", "line": 4},
            {"logicalId": "Second", "resourceType": "AWS::Serverless::StateMachine", "line": 11}
        ])
    );
    assert_eq!(all["definition"], Value::Null);
    assert_eq!(all["diagnostics"][0]["code"], "SEVERAL_STATE_MACHINES");

    let first = from_js(
        load_source(TEMPLATE, options(json!({"stateMachine": "First"}))).unwrap_or(JsValue::NULL),
    );
    assert_eq!(first["valid"], true, "{first}");
    assert_eq!(first["selected"], "First");
    let definition: Value =
        serde_json::from_str(first["definition"].as_str().unwrap_or("null")).unwrap_or(Value::Null);
    assert_eq!(
        definition["States"]["Call"]["Resource"],
        "arn:aws:lambda:us-east-1:123456789012:function:Fn"
    );
    assert!(first["mermaid"]["text"]
        .as_str()
        .unwrap_or("")
        .starts_with("flowchart"));

    let second = from_js(
        load_source(
            TEMPLATE,
            options(json!({"stateMachine": "Second", "substitutions": {"Greeting": "hi"}})),
        )
        .unwrap_or(JsValue::NULL),
    );
    assert_eq!(second["valid"], false);
    let missing = second["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["code"] == "MISSING_TRANSITION_TARGET"))
        .cloned()
        .unwrap_or(Value::Null);
    // `Next: Nowhere` on line 17 of the template.
    assert_eq!(missing["line"], 17, "{second}");
    assert!(second["definition"]
        .as_str()
        .unwrap_or("")
        .contains("\"hi\""));
}

#[wasm_bindgen_test]
fn a_history_is_read_back() {
    let history = json!({"events": [
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted",
         "executionStartedEventDetails": {"input": "{\"a\":1}"}},
        {"id": 2, "previousEventId": 1, "type": "TaskStateEntered",
         "stateEnteredEventDetails": {"name": "Call"}},
        {"id": 3, "previousEventId": 2, "type": "TaskScheduled"},
        {"id": 4, "previousEventId": 3, "type": "TaskSucceeded",
         "taskSucceededEventDetails": {"output": "{\"ok\":true}"}},
        {"id": 5, "previousEventId": 4, "type": "ExecutionSucceeded",
         "executionSucceededEventDetails": {"output": "{\"ok\":true}"}}
    ]});
    let result = from_js(
        import_history(
            &history.to_string(),
            r#"{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"x","End":true}}}"#,
        )
        .unwrap_or(JsValue::NULL),
    );
    assert_eq!(result["input"], json!({"a": 1}));
    assert_eq!(
        result["expected"],
        json!({"status": "SUCCEEDED", "output": {"ok": true}})
    );
    assert_eq!(result["events"].as_array().map(Vec::len), Some(5));
    assert_eq!(result["invocations"], 1);
    assert_eq!(
        result["mocks"]["MockedResponses"]["CallResponses"]["0"],
        json!({"Return": {"ok": true}})
    );
    assert!(import_history("not json", "{}").is_err());
}
