//! `TaskSubmitted`: recorded after `TaskStarted` for `.sync` and `.waitForTaskToken`
//! integrations, not for request-response ones.

mod exec_support;

use exec_support::{event_types, run};
use serde_json::{json, Value};

fn task(resource: &str) -> Value {
    json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource,
        "Parameters": {"x": 1}, "End": true}}})
}

#[test]
fn submitted_follows_started_for_sync_and_callbacks() {
    // (resource, whether TaskSubmitted is recorded, its resourceType and resource)
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        ("arn:aws:states:::lambda:invoke", None),
        ("arn:aws:states:::aws-sdk:s3:listBuckets", None),
        (
            "arn:aws:states:::states:startExecution.sync",
            Some(("states", "startExecution.sync")),
        ),
        (
            "arn:aws:states:::states:startExecution.sync:2",
            Some(("states", "startExecution.sync:2")),
        ),
        (
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            Some(("sqs", "sendMessage.waitForTaskToken")),
        ),
    ];
    for (resource, want) in cases {
        let result = run(&task(resource), &json!({}), None);
        let types = event_types(&result);
        let at = types.iter().position(|t| *t == "TaskSubmitted");
        match want {
            None => assert_eq!(at, None, "{resource}: {types:?}"),
            Some((resource_type, name)) => {
                let Some(at) = at else {
                    panic!("{resource}: no TaskSubmitted in {types:?}");
                };
                assert_eq!(types[at - 1], "TaskStarted", "{resource}");
                assert_eq!(types[at + 1], "TaskSucceeded", "{resource}");
                let event = result.execution.events()[at].to_json();
                assert_eq!(
                    event["taskSubmittedEventDetails"],
                    // `output` is the start call's response (AWS records it; mocks do not
                    // describe it, so it is made up and marked).
                    json!({"resourceType": resource_type, "resource": name,
                        "output": "{}", "outputDetails": {"truncated": false},
                        "x-asl-playground": {"unmocked": true}}),
                    "{resource}"
                );
            }
        }
    }
}

/// `Credentials` is evaluated on the state's raw input (not the effective input that
/// `Parameters` builds) and recorded as the scheduled event's `taskCredentials`.
#[test]
fn scheduled_records_task_credentials() {
    let role = "arn:aws:iam::111111111111:role/Trusted";
    let jsonpath = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f"},
        "Credentials": {"RoleArn.$": "States.Format('{}', $.role)"}, "End": true}}});
    let jsonata = json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "f"},
        "Credentials": {"RoleArn": "{% $states.input.role %}"}, "End": true}}});
    let plain = task("arn:aws:states:::lambda:invoke");
    for (def, want) in [
        (&jsonpath, Some(json!({"roleArn": role}))),
        (&jsonata, Some(json!({"roleArn": role}))),
        (&plain, None),
    ] {
        let result = run(def, &json!({"role": role}), None);
        let types = event_types(&result);
        let at = types.iter().position(|t| *t == "TaskScheduled");
        let Some(at) = at else {
            panic!("no TaskScheduled in {types:?}");
        };
        let event = result.execution.events()[at].to_json();
        assert_eq!(
            event["taskScheduledEventDetails"].get("taskCredentials"),
            want.as_ref(),
            "{def}"
        );
    }
}

/// A `.sync` integration has a task token too: `$$.Task.Token` in its parameters resolves
/// (AWS runs such definitions) instead of failing with States.Runtime.
#[test]
fn sync_integration_reads_task_token() {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
            "Input": {"ParentToken.$": "$$.Task.Token"}},
        "End": true}}});
    let result = run(&def, &json!({}), None);
    let types = event_types(&result);
    let Some(at) = types.iter().position(|t| *t == "TaskScheduled") else {
        panic!("no TaskScheduled in {types:?}");
    };
    let event = result.execution.events()[at].to_json();
    let text = event["taskScheduledEventDetails"]["parameters"]
        .as_str()
        .unwrap_or_default();
    let parameters: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let token = parameters["Input"]["ParentToken"]
        .as_str()
        .unwrap_or_default();
    assert!(!token.is_empty(), "no token in {parameters}");
    assert_eq!(
        types.last().copied(),
        Some("ExecutionSucceeded"),
        "{types:?}"
    );
}
