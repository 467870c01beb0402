//! fieldValidationMode, the requests AWS refuses, and hostile requests.

use serde_json::{json, Value};

use crate::*;

// --- fieldValidationMode: LS test_field_validation_mode*.snapshot.json ---

fn strict_refusal(resource: &str, result: Value, mode: Option<&str>) -> String {
    let mut mock = json!({"result": text(result)});
    if let Some(mode) = mode {
        mock["fieldValidationMode"] = json!(mode);
    }
    let definition = json!({"Type": "Task", "Resource": resource, "End": true});
    let e = refused(json!({"definition": text(definition), "mock": mock}));
    assert_eq!(e.name, "ValidationException");
    e.message
}

fn validates(resource: &str, result: Value, mode: &str) -> Value {
    let definition = json!({"Type": "Task", "Resource": resource, "End": true});
    ask(
        json!({"definition": text(definition), "mock": {"result": text(result), "fieldValidationMode": mode}}),
    )
}

#[test]
fn recorded_strict_mode() {
    let events = "arn:aws:states:::events:putEvents";
    let sfn = "arn:aws:states:::states:startExecution";
    assert_eq!(
        strict_refusal(events, json!({"Entries": "x"}), None),
        "Mock result schema validation error: Field 'Entries' must be an array"
    );
    assert_eq!(
        strict_refusal(
            events,
            json!({"Entries": [{"EventId": "ok"}, {"EventId": ["no"]}]}),
            Some("STRICT")
        ),
        "Mock result schema validation error: Field 'EventId' must be a string"
    );
    // Fields outside the shape pass, and putEvents has no required field.
    assert_eq!(
        validates(events, json!({"random": "json"}), "STRICT")["status"],
        "SUCCEEDED"
    );
    assert_eq!(
        validates(events, json!({}), "STRICT")["status"],
        "SUCCEEDED"
    );
    assert_eq!(
        strict_refusal(sfn, json!({}), None),
        "Mock result schema validation error: Required field 'ExecutionArn' is missing"
    );
    assert_eq!(
        strict_refusal(
            sfn,
            json!({"ExecutionArn": "a", "StartDate": 1764103483}),
            None
        ),
        "Mock result schema validation error: Field 'StartDate' must be a string"
    );
    assert_eq!(
        strict_refusal(
            "arn:aws:states:::lambda:invoke",
            json!({"StatusCode": "200"}),
            None
        ),
        "Mock result schema validation error: Field 'StatusCode' must be a number"
    );
    assert_eq!(
        strict_refusal(
            "arn:aws:states:::dynamodb:putItem",
            json!({"ConsumedCapacity": {"CapacityUnits": "123.45"}}),
            None
        ),
        "Mock result schema validation error: Field 'CapacityUnits' must be a number"
    );
    assert_eq!(
        strict_refusal(
            "arn:aws:states:::aws-sdk:s3:getObject",
            json!({"ContentLength": "9000"}),
            None
        ),
        "Mock result schema validation error: Field 'ContentLength' must be a number"
    );
    assert_eq!(
        strict_refusal(
            "arn:aws:states:::aws-sdk:s3:getObject",
            json!({"StorageClass": "Papyrus"}),
            None
        ),
        "Mock result schema validation error: Field 'StorageClass' is not an expected value"
    );
}

/// Every integration of the table: a required member missing and a wrong type.
#[test]
fn strict_table_covers_each_integration() {
    for (resource, bad) in [
        ("arn:aws:states:::sns:publish", json!({"MessageId": 1})),
        (
            "arn:aws:states:::sqs:sendMessage",
            json!({"MD5OfMessageBody": {"x": 1}}),
        ),
        (
            "arn:aws:states:::dynamodb:getItem",
            json!({"Item": {"id": {"S": 1}}}),
        ),
        (
            "arn:aws:states:::dynamodb:updateItem",
            json!({"Attributes": {"id": {"M": {"n": {"N": 5}}}}}),
        ),
        ("arn:aws:states:::dynamodb:query", json!({"Count": "3"})),
        (
            "arn:aws:states:::aws-sdk:s3:putObject",
            json!({"BucketKeyEnabled": "yes"}),
        ),
        ("arn:aws:states:::batch:submitJob", json!({})),
        ("arn:aws:states:::sagemaker:createTrainingJob", json!({})),
        (
            "arn:aws:states:::sagemaker:createTransformJob",
            json!({"TransformJobArn": 7}),
        ),
    ] {
        let message = strict_refusal(resource, bad, None);
        assert!(
            message.starts_with("Mock result schema validation error: "),
            "{resource}: {message}"
        );
    }
    assert_eq!(
        strict_refusal(
            "arn:aws:states:::batch:submitJob",
            json!({"JobName": "j"}),
            None
        ),
        "Mock result schema validation error: Required field 'JobId' is missing"
    );
    // `.sync` results are other shapes: not checked.
    assert_eq!(
        validates(
            "arn:aws:states:::batch:submitJob.sync",
            json!({"anything": 1}),
            "STRICT"
        )["status"],
        "SUCCEEDED"
    );
}

#[test]
fn recorded_present_and_none_modes() {
    let sfn = "arn:aws:states:::states:startExecution";
    // PRESENT: missing required fields pass; present ones are type-checked.
    assert_eq!(validates(sfn, json!({}), "PRESENT")["output"], json!({}));
    assert_eq!(
        strict_refusal(sfn, json!({"ExecutionArn": 1764103483}), Some("PRESENT")),
        "Mock result schema validation error: Field 'ExecutionArn' must be a string"
    );
    // NONE: anything JSON.
    let r = validates(sfn, json!({"ExecutionArn": "a", "StartDate": true}), "NONE");
    assert_eq!(r["status"], "SUCCEEDED");
}

// --- bad requests: LS test_state_mock_validation.snapshot.json and others ---

#[test]
fn recorded_bad_requests() {
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"definition": r#"{"Type":"Pass","End":true}"#, "mock": {"result": "{}"}}),
         "ValidationException", "State type 'Pass' is not supported when a mock is specified"),
        (json!({"definition": r#"{"Type":"Fail","Error":"E"}"#, "mock": {"errorOutput": {"error": "Error", "cause": "Cause"}}}),
         "ValidationException", "State type 'Fail' is not supported when a mock is specified"),
        (json!({"definition": r#"{"Type":"Succeed"}"#, "mock": {"result": "{}"}}),
         "ValidationException", "State type 'Succeed' is not supported when a mock is specified"),
        (json!({"definition": text(map_with(json!({})))}),
         "InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]"),
        (json!({"definition": text(lambda_task(json!({}))), "mock": {"result": "{}", "errorOutput": {"error": "Error", "cause": "Cause"}}}),
         "ValidationException", "A test mock should have only one of the following fields: [result, errorOutput]."),
        (json!({"definition": text(lambda_task(json!({}))), "mock": {"result": "{}"}, "revealSecrets": true}),
         "ValidationException", "TestState does not support RevealSecrets when a mock is specified."),
        (json!({"definition": text(map_with(json!({}))), "mock": {"result": "{\"mock\": 1}"}}),
         "ValidationException", "Mocked result must be an array."),
        (json!({"definition": text(map_with(json!({"ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": "b", "Prefix": "p"}}}))), "mock": {"result": "[\"x\"]"}}),
         "ValidationException", "Mocked result must be a JSON object."),
        (json!({"definition": r#"{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}"#, "mock": {"result": "{}"}}),
         "ValidationException", "Mocked result must be an array."),
        (json!({"definition": r#"{"Type":"Parallel","End":true,"Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}]}"#, "mock": {"result": "[1, 2]"}}),
         "ValidationException", "Mocked result must contain the same number of items as number of Parallel branches."),
        (json!({"definition": text(lambda_task(json!({})))}),
         "ValidationException", "RoleArn must be specified when testing a Task state"),
        (json!({"definition": text(lambda_task(json!({}))), "mock": {"result": "not JSON string", "fieldValidationMode": "NONE"}}),
         "ValidationException", "Mocked result must be valid JSON"),
        (json!({"definition": r#"{"Type":"Pass","End":true}"#, "inspectionLevel": "VERBOSE"}),
         "ValidationException", "1 validation error detected: Value 'VERBOSE' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]"),
    ];
    for (body, name, message) in cases {
        let e = refused(body.clone());
        assert_eq!((e.name, e.message.as_str()), (name, message), "{body}");
    }
}

#[test]
fn other_bad_requests() {
    let machine = text(item_reader_machine());
    let e = refused(json!({"definition": machine, "stateName": "Nope"}));
    assert_eq!(
        (e.name, e.message.as_str()),
        (
            "ValidationException",
            "State 'Nope' does not exist in the state machine definition."
        )
    );
    let e = refused(json!({"definition": r#"{"Type":"Pass","End":true}"#, "input": "{oops"}));
    assert_eq!(e.name, "InvalidExecutionInput");
    let e = refused(json!({"definition": r#"{"Type":"Pass","Next":1}"#}));
    assert_eq!(e.name, "InvalidDefinition");
    assert!(
        e.message.starts_with("Invalid State Machine Definition: '"),
        "{}",
        e.message
    );
    let e = refused(json!({"definition": "{not json"}));
    assert_eq!(e.name, "InvalidDefinition");
    let e = refused(json!({"input": "{}"}));
    assert_eq!(
        (e.name, e.message.as_str()),
        (
            "ValidationException",
            "Missing required parameter in input: \"definition\""
        )
    );
    let e = refused(json!({"definition": r#"{"Type":"Pass","End":true}"#, "bogus": 1}));
    assert!(e
        .message
        .starts_with("Unknown parameter in input: \"bogus\""));
    let e = refused(
        json!({"definition": text(lambda_task(json!({}))), "mock": {"result": "{}", "fieldValidationMode": "LAX"}}),
    );
    assert!(
        e.message.contains("at 'mock.fieldValidationMode'"),
        "{}",
        e.message
    );
    let e = refused(
        json!({"definition": text(lambda_task(json!({}))), "roleArn": "arn:aws:iam::1:role/r"}),
    );
    assert_eq!(e.name, "OfflineMockRequired");
    let e = refused(
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "stateConfiguration": {"mapIterationFailureCount": 1}}),
    );
    assert_eq!(e.name, "ValidationException");
    let e = refused(
        json!({"definition": text(map_with(json!({}))), "mock": {"errorOutput": {"error": "E"}},
                           "stateConfiguration": {"errorCausedByState": "NotInside"}}),
    );
    assert!(e.message.contains("'NotInside'"), "{}", e.message);
}

// --- hostile requests: an answer or a refusal, never a panic or a hang ---

#[test]
fn hostile_requests_are_answered_or_refused() {
    let deep_input = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let deep_definition = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let bodies = vec![
        json!(null),
        json!([]),
        json!({"definition": ""}),
        json!({"definition": "[]"}),
        json!({"definition": deep_definition}),
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "input": deep_input}),
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "variables": "[1]"}),
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "context": "\"x\""}),
        json!({"definition": r#"{"Type":"Nope"}"#}),
        json!({"definition": r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#}),
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "stateConfiguration": {"retrierRetryCount": -1}}),
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "mock": {}}),
        json!({"definition": r#"{"Type":"Pass","End":true}"#, "mock": "x"}),
        json!({"definition": text(map_with(json!({"ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "b", "Key": "k"}}}))),
               "mock": {"result": "[]"}, "stateConfiguration": {"mapItemReaderData": "{\"not\": \"an array\"}"}}),
    ];
    for body in bodies {
        if let Ok(response) = test_state(&body) {
            panic!("answered {body}: {response}");
        }
    }
    // A retry count past every exponent: the backoff is capped, not an overflow.
    let definition =
        lambda_task(json!({"Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999}]}));
    let r = ask(
        json!({"definition": text(definition), "inspectionLevel": "DEBUG",
                       "stateConfiguration": {"retrierRetryCount": 9999999},
                       "mock": {"errorOutput": {"error": "E"}}}),
    );
    assert_eq!(r["status"], "RETRIABLE");
    assert_eq!(
        r["inspectionData"]["errorDetails"]["retryBackoffIntervalSeconds"],
        31_536_000
    );
    // A JSONata expression that loops is stopped by its budget: FAILED, not a hang.
    let looping = json!({"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% ($f := function($n) { $f($n + 1) }; $f(0)) %}", "End": true});
    assert_eq!(
        ask(json!({"definition": text(looping)}))["status"],
        "FAILED"
    );
}
