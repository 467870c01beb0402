//! `asl_core::test_state`: AWS's TestState API answered offline.
//!
//! Requests and expected responses come from what AWS answered, cited per test:
//! - the API reference, <https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestState.html>
//!   (request and response shapes, statuses) and the developer guide,
//!   <https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html>;
//! - TestState calls recorded against AWS (November 2025 – February 2026) in LocalStack's
//!   AWS-validated snapshots, `tests/aws/services/stepfunctions/v2/test_state/*.snapshot.json`
//!   at <https://github.com/localstack/localstack> (named `LS:` below with the snapshot and
//!   test id). Their definitions are in `tests/aws/services/stepfunctions/templates/test_state/`.
//!
//! Documents in a response are JSON texts; the helper parses them so the comparison does
//! not depend on AWS's spacing.

use asl_core::test_state::{test_state, BadRequest};
use serde_json::{json, Value};

/// The response with every JSON-text field parsed.
fn ask(body: Value) -> Value {
    let response = test_state(&body).unwrap_or_else(|e| panic!("refused: {e}"));
    parse_texts(response)
}

fn refused(body: Value) -> BadRequest {
    match test_state(&body) {
        Ok(r) => panic!("answered: {r}"),
        Err(e) => e,
    }
}

fn parse_texts(mut response: Value) -> Value {
    const TEXTS: &[&str] = &[
        "input",
        "afterInputPath",
        "afterParameters",
        "afterArguments",
        "result",
        "afterResultSelector",
        "afterResultPath",
        "afterItemsPath",
        "afterItemSelector",
        "afterItemBatcher",
        "variables",
    ];
    if let Some(Value::String(s)) = response.get("output") {
        response["output"] = serde_json::from_str(s).expect("output is JSON text");
    }
    if let Some(data) = response
        .get_mut("inspectionData")
        .and_then(Value::as_object_mut)
    {
        for key in TEXTS {
            if let Some(Value::String(s)) = data.get(*key) {
                let parsed = serde_json::from_str(s).expect("inspection field is JSON text");
                data.insert((*key).into(), parsed);
            }
        }
    }
    response
}

fn text(v: Value) -> String {
    v.to_string()
}

fn lambda_task(extra: Value) -> Value {
    let mut task = json!({
        "QueryLanguage": "JSONata", "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "foo", "Payload": "bar"}, "End": true
    });
    for (k, v) in extra.as_object().expect("an object") {
        task[k] = v.clone();
    }
    task
}

fn map_with(extra: Value) -> Value {
    let mut map = json!({
        "Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.Values %}",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "TestState",
            "States": {"TestState": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:hello", "End": true}}},
        "ToleratedFailureCount": 1, "End": true
    });
    for (k, v) in extra.as_object().expect("an object") {
        map[k] = v.clone();
    }
    map
}

fn map_request(definition: &Value, failures: u64, result: Value) -> Value {
    json!({"definition": text(definition.clone()), "input": r#"{"Values":["first","second","third"]}"#, "inspectionLevel": "DEBUG",
           "stateConfiguration": {"mapIterationFailureCount": failures}, "mock": {"result": text(result)}})
}

fn item_reader_machine() -> Value {
    json!({
        "QueryLanguage": "JSONata", "StartAt": "State0",
        "States": {"State0": {"Type": "Map", "MaxConcurrency": 1,
            "ItemReader": {"ReaderConfig": {"InputType": "JSON"}, "Resource": "arn:aws:states:::s3:getObject",
                           "Arguments": {"Bucket": "{% $states.input.Bucket %}", "Key": "{% $states.input.Key %}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "HandleItem",
                              "States": {"HandleItem": {"Type": "Pass", "End": true}}},
            "End": true}}
    })
}

mod map;
mod map_inputs;
mod refusals;
mod states;
