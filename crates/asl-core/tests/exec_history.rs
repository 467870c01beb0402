//! The history in GetExecutionHistory shape: event families per resource kind, details field
//! names, JSON-text payloads, the unmocked-result extension, and inspection records.

mod exec_support;

use exec_support::{event_types, mocks, run};
use serde_json::{json, Value};

fn task(resource: &str) -> Value {
    json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "End": true}}})
}

fn events(definition: &Value, input: &Value, m: Option<&Value>) -> Vec<Value> {
    run(definition, input, m)
        .execution
        .events()
        .iter()
        .map(|e| e.to_json())
        .collect()
}

#[test]
fn event_families_per_resource() {
    // (resource, expected event types)
    let cases: &[(&str, &[&str])] = &[
        (
            "arn:aws:states:::lambda:invoke",
            &[
                "ExecutionStarted",
                "TaskStateEntered",
                "TaskScheduled",
                "TaskStarted",
                "TaskSucceeded",
                "TaskStateExited",
                "ExecutionSucceeded",
            ],
        ),
        (
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            &[
                "ExecutionStarted",
                "TaskStateEntered",
                "LambdaFunctionScheduled",
                "LambdaFunctionStarted",
                "LambdaFunctionSucceeded",
                "TaskStateExited",
                "ExecutionSucceeded",
            ],
        ),
        (
            "arn:aws:states:us-east-1:123456789012:activity:a",
            &[
                "ExecutionStarted",
                "TaskStateEntered",
                "ActivityScheduled",
                "ActivityStarted",
                "ActivitySucceeded",
                "TaskStateExited",
                "ExecutionSucceeded",
            ],
        ),
    ];
    for (resource, expected) in cases {
        let result = run(&task(resource), &json!({"a": 1}), None);
        assert_eq!(event_types(&result), *expected, "{resource}");
    }
}

#[test]
fn details_have_aws_field_names() {
    let all = events(
        &task("arn:aws:states:::aws-sdk:s3:listBuckets"),
        &json!({"a": 1}),
        None,
    );
    assert_eq!(
        all[0],
        json!({
            "id": 1, "previousEventId": 0, "timestamp": "2024-01-01T00:00:00.000Z", "type": "ExecutionStarted",
            "executionStartedEventDetails": {
                "input": "{\"a\":1}", "inputDetails": {"truncated": false},
                "roleArn": "arn:aws:iam::123456789012:role/StepFunctionsRole"
            }
        })
    );
    assert_eq!(
        all[1]["stateEnteredEventDetails"],
        json!({"name": "T", "input": "{\"a\":1}", "inputDetails": {"truncated": false}})
    );
    assert_eq!(
        all[2]["taskScheduledEventDetails"],
        json!({"resourceType": "aws-sdk:s3", "resource": "listBuckets", "region": "us-east-1", "parameters": "{\"a\":1}"})
    );
    assert_eq!(
        all[3]["taskStartedEventDetails"],
        json!({"resourceType": "aws-sdk:s3", "resource": "listBuckets"})
    );
    // No mock file: the default result is marked with the documented extension.
    assert_eq!(
        all[4]["taskSucceededEventDetails"],
        json!({
            "resourceType": "aws-sdk:s3", "resource": "listBuckets", "output": "{\"a\":1}",
            "outputDetails": {"truncated": false}, "x-asl-playground": {"unmocked": true}
        })
    );
    assert_eq!(all[5]["stateExitedEventDetails"]["name"], json!("T"));
    assert_eq!(
        all[6]["executionSucceededEventDetails"]["output"],
        json!("{\"a\":1}")
    );
    for (i, event) in all.iter().enumerate() {
        assert_eq!(event["id"], json!(i + 1));
        assert_eq!(event["previousEventId"], json!(i));
    }
}

#[test]
fn mocked_results_are_not_marked_and_failures_have_error_and_cause() {
    let def = task("arn:aws:states:::sns:publish");
    let ok = mocks(
        json!({"T": "R"}),
        json!({"R": {"0": {"Return": {"MessageId": "m"}}}}),
    );
    let all = events(&def, &json!({}), Some(&ok));
    assert_eq!(
        all[4]["taskSucceededEventDetails"].get("x-asl-playground"),
        None
    );
    let failing = mocks(
        json!({"T": "R"}),
        json!({"R": {"0": {"Throw": {"Error": "SNS.Oops", "Cause": "c"}}}}),
    );
    let all = events(&def, &json!({}), Some(&failing));
    assert_eq!(
        all[4]["taskFailedEventDetails"],
        json!({"resourceType": "sns", "resource": "publish", "error": "SNS.Oops", "cause": "c"})
    );
    assert_eq!(
        all[5]["executionFailedEventDetails"],
        json!({"error": "SNS.Oops", "cause": "c"})
    );
}

#[test]
fn default_service_responses() {
    let lambda = json!({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload": {"x": 1}}, "End": true
    }}});
    let out = run(&lambda, &json!({}), None).to_json(false, false);
    assert_eq!(out["output"]["Payload"], json!({"x": 1}));
    assert_eq!(out["output"]["StatusCode"], json!(200));
    assert_eq!(out["output"]["ExecutedVersion"], json!("$LATEST"));
    let request_id = out["output"]["SdkResponseMetadata"]["RequestId"]
        .as_str()
        .unwrap_or("");
    assert_eq!(request_id.len(), 36, "a UUID: {request_id}");

    let sns = run(&task("arn:aws:states:::sns:publish"), &json!({}), None).to_json(false, false);
    assert!(sns["output"]["MessageId"].is_string());
    let batch = run(
        &task("arn:aws:states:::batch:submitJob.sync"),
        &json!({"JobName": "j"}),
        None,
    )
    .to_json(false, false);
    assert_eq!(
        (&batch["output"]["Status"], &batch["output"]["JobName"]),
        (&json!("SUCCEEDED"), &json!("j"))
    );
    let training = run(
        &task("arn:aws:states:::sagemaker:createTrainingJob.sync"),
        &json!({"TrainingJobName": "t"}),
        None,
    )
    .to_json(false, false);
    assert_eq!(training["output"]["TrainingJobStatus"], json!("Completed"));
}

#[test]
fn inspection_records_each_visit() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "InputPath": "$.in", "Parameters": {"p.$": "$.v"}, "ResultPath": "$.r", "OutputPath": "$.r", "Next": "B"},
        "B": {"Type": "Succeed"}
    }});
    let result = run(&def, &json!({"in": {"v": 5}}), None);
    let visits: Vec<Value> = result
        .execution
        .inspection()
        .iter()
        .map(|v| v.to_json())
        .collect();
    assert_eq!(
        visits[0],
        json!({
            "stateName": "A", "enteredEventId": 2, "exitedEventId": 3,
            "input": "{\"in\":{\"v\":5}}",
            "afterInputPath": "{\"v\":5}",
            "afterParameters": "{\"p\":5}",
            "result": "{\"p\":5}",
            "afterResultSelector": "{\"p\":5}",
            "afterResultPath": "{\"in\":{\"v\":5},\"r\":{\"p\":5}}",
            "output": "{\"p\":5}",
            "nextState": "B"
        })
    );
    assert_eq!(visits[1]["stateName"], json!("B"));
    assert_eq!(visits.len(), 2);
}

/// Map and Parallel record `…StateFailed` once no retrier takes the failure: not after each
/// retried attempt (as AWS records a retried Map: Started, iteration failed, Started, …,
/// MapStateFailed).
#[test]
fn retried_map_and_parallel_fail_once() {
    let fail = json!({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}});
    let retry = json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}]);
    let map = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
        "ItemProcessor": fail, "Retry": retry, "End": true}}});
    let parallel = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel",
        "Branches": [fail], "Retry": retry, "End": true}}});
    for (def, started, failed) in [
        (&map, "MapStateStarted", "MapStateFailed"),
        (&parallel, "ParallelStateStarted", "ParallelStateFailed"),
    ] {
        let result = run(def, &json!({"items": [1]}), None);
        let types = event_types(&result);
        let count = |t: &str| types.iter().filter(|x| **x == t).count();
        assert_eq!(count(started), 3, "{types:?}");
        assert_eq!(count(failed), 1, "{types:?}");
        let n = types.len();
        assert_eq!(&types[n - 2..], &[failed, "ExecutionFailed"], "{types:?}");
    }
}

/// A JSONata Map without `Items` whose input is not an array: `EvaluationFailed` without a
/// `location` (no field failed), then `MapStateFailed`, then `ExecutionFailed`.
#[test]
fn map_over_non_array_input_fails_the_map() {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass",
        "End": true}}}, "End": true}}});
    let result = run(&def, &json!({"not": "an array"}), None);
    let types = event_types(&result);
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "MapStateEntered",
            "EvaluationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    let details = result.execution.events()[2].to_json();
    let details = &details["evaluationFailedEventDetails"];
    assert_eq!(details["error"], "States.QueryEvaluationError");
    assert!(details.get("location").is_none(), "{details}");
}

/// A Task whose failure ends a Parallel branch is recorded as aborted before
/// `ParallelStateFailed` (measured on AWS); a catcher on the Parallel then takes the error.
#[test]
fn task_ending_a_branch_is_aborted() {
    let branch = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke", "End": true}}});
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [branch],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "Next": "Done"},
        "Done": {"Type": "Succeed"}}});
    let mock = mocks(
        json!({"T": "Boom"}),
        json!({"Boom": {"0": {"Throw": {"Error": "E", "Cause": "c"}}}}),
    );
    let result = run(&def, &json!({}), Some(&mock));
    let types = event_types(&result);
    let at = types.iter().position(|t| *t == "TaskFailed");
    let Some(at) = at else {
        panic!("no TaskFailed in {types:?}");
    };
    assert_eq!(
        &types[at..at + 4],
        &[
            "TaskFailed",
            "TaskStateAborted",
            "ParallelStateFailed",
            "ParallelStateExited"
        ],
        "{types:?}"
    );
}
