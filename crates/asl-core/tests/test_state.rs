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

// --- Pass, Fail, Succeed, Choice: LS test_test_state_scenarios.snapshot.json ---

const NESTED_INPUT: &str = r#"{"initialData":{"fieldFromInput":"value from input","otherField":"other"},"unrelatedData":{"someOtherField":1234}}"#;

fn io_pass() -> Value {
    json!({
        "Type": "Pass",
        "InputPath": "$.initialData",
        "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
        "ResultPath": "$.modifiedData",
        "End": true
    })
}

/// LS test_base_inspection_level_debug[IO_PASS_STATE].
#[test]
fn recorded_pass_data_flow_at_debug() {
    let r = ask(
        json!({"definition": text(io_pass()), "input": NESTED_INPUT, "inspectionLevel": "DEBUG"}),
    );
    let after = json!({"staticValue": "some value", "inputValue": "value from input"});
    let output = json!({
        "initialData": {"fieldFromInput": "value from input", "otherField": "other"},
        "unrelatedData": {"someOtherField": 1234},
        "modifiedData": after
    });
    assert_eq!(
        r,
        json!({
            "output": output,
            "inspectionData": {
                "input": serde_json::from_str::<Value>(NESTED_INPUT).expect("JSON"),
                "afterInputPath": {"fieldFromInput": "value from input", "otherField": "other"},
                "afterParameters": after,
                "afterResultSelector": after,
                "afterResultPath": output
            },
            "status": "SUCCEEDED"
        })
    );
}

/// LS test_base_inspection_level_info[IO_PASS_STATE]: INFO has no inspectionData.
#[test]
fn recorded_pass_at_info() {
    let r = ask(json!({"definition": text(io_pass()), "input": NESTED_INPUT}));
    assert_eq!(r.get("inspectionData"), None);
    assert_eq!(r["status"], "SUCCEEDED");
    assert_eq!(
        r["output"]["modifiedData"]["inputValue"],
        "value from input"
    );
}

/// LS test_base_inspection_level_trace[IO_RESULT_PASS_STATE]: a Pass with `Result` shows
/// `result`, not `afterInputPath`/`afterParameters`; TRACE shows what DEBUG shows.
#[test]
fn recorded_result_pass_at_trace() {
    let definition = json!({
        "Type": "Pass", "InputPath": "$.initialData",
        "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
        "Result": {"resultKey": "result value"}, "ResultPath": "$.modifiedData", "End": true
    });
    let r = ask(
        json!({"definition": text(definition), "input": NESTED_INPUT, "inspectionLevel": "TRACE"}),
    );
    let data = &r["inspectionData"];
    assert_eq!(data["result"], json!({"resultKey": "result value"}));
    assert_eq!(
        data["afterResultSelector"],
        json!({"resultKey": "result value"})
    );
    assert_eq!(data.get("afterInputPath"), None);
    assert_eq!(data.get("afterParameters"), None);
    assert_eq!(
        r["output"]["modifiedData"],
        json!({"resultKey": "result value"})
    );
}

/// LS test_base_inspection_level_debug[BASE_FAIL_STATE].
#[test]
fn recorded_fail_state() {
    let definition = json!({"Type": "Fail", "Error": "SomeFailure", "Cause": "This state machines raises a 'SomeFailure' failure."});
    let r = ask(
        json!({"definition": text(definition), "input": r#"{"Value":"HelloWorld"}"#, "inspectionLevel": "DEBUG"}),
    );
    assert_eq!(
        r,
        json!({
            "error": "SomeFailure",
            "cause": "This state machines raises a 'SomeFailure' failure.",
            "inspectionData": {"input": {"Value": "HelloWorld"}, "afterInputPath": {"Value": "HelloWorld"}},
            "status": "FAILED"
        })
    );
}

/// LS test_base_inspection_level_debug[BASE_SUCCEED_STATE].
#[test]
fn recorded_succeed_state() {
    let r = ask(
        json!({"definition": r#"{"Type":"Succeed"}"#, "input": r#"{"Value":"HelloWorld"}"#, "inspectionLevel": "DEBUG"}),
    );
    assert_eq!(
        r,
        json!({
            "output": {"Value": "HelloWorld"},
            "inspectionData": {"input": {"Value": "HelloWorld"}, "afterInputPath": {"Value": "HelloWorld"}},
            "status": "SUCCEEDED"
        })
    );
}

fn choice() -> Value {
    json!({
        "Type": "Choice",
        "Choices": [
            {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
            {"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"},
            {"And": [
                {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                {"Variable": "$.value", "NumericLessThan": 30}
            ], "Next": "ValueInTwenties"}
        ],
        "Default": "DefaultState"
    })
}

/// LS test_base_inspection_level_debug[BASE_CHOICE_STATE]: a Choice's `nextState`.
#[test]
fn recorded_choice_next_state() {
    let r = ask(
        json!({"definition": text(choice()), "input": r#"{"type":"Private","value":22}"#, "inspectionLevel": "DEBUG"}),
    );
    assert_eq!(
        r,
        json!({
            "output": {"type": "Private", "value": 22},
            "inspectionData": {"input": {"type": "Private", "value": 22}, "afterInputPath": {"type": "Private", "value": 22}},
            "nextState": "ValueInTwenties",
            "status": "SUCCEEDED"
        })
    );
    let r = ask(json!({"definition": text(choice()), "input": r#"{"type":"Public","value":22}"#}));
    assert_eq!(r["nextState"], "Public");
    let r = ask(json!({"definition": text(choice()), "input": r#"{"type":"Private","value":5}"#}));
    assert_eq!(r["nextState"], "DefaultState");
}

/// LS test_localstack_blogpost_scenario: `stateName` picks a state of a whole machine.
#[test]
fn recorded_state_name_in_a_machine() {
    let machine = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "Approval Required",
        "States": {
            "Approval Required": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.cost < 10 %}", "Next": "Purchase Approved"}], "Default": "Ask for Approval"},
            "Ask for Approval": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                "Arguments": {"Method": "POST", "ApiEndpoint": "example.execute-api.us-east-1.amazonaws.com", "Path": "/approval", "RequestBody": {"cost": "{% $states.input.cost %}", "dept_id": "12345678"}, "AuthType": "NO_AUTH"},
                "Output": {"approval": "{% $states.result.approval %}", "approval_code": "2387462", "approved_by": "Mary"},
                "Next": "Check Approval"},
            "Check Approval": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.approval %}", "Next": "Purchase Approved"}], "Default": "Not Approved"},
            "Purchase Approved": {"Type": "Succeed"},
            "Not Approved": {"Type": "Fail"}
        }
    });
    let ask_state = |name: &str, input: &str, mock: Option<Value>| {
        let mut body = json!({"definition": text(machine.clone()), "stateName": name, "input": input, "inspectionLevel": "TRACE"});
        if let Some(mock) = mock {
            body["mock"] = mock;
        }
        ask(body)
    };
    let r = ask_state("Approval Required", r#"{"cost":9}"#, None);
    assert_eq!(r["nextState"], "Purchase Approved");
    assert_eq!(r["inspectionData"], json!({"input": {"cost": 9}}));
    assert_eq!(
        ask_state("Approval Required", r#"{"cost":10}"#, None)["nextState"],
        "Ask for Approval"
    );
    let r = ask_state(
        "Ask for Approval",
        r#"{"cost":10}"#,
        Some(json!({"result": "{\"approval\": true }"})),
    );
    assert_eq!(r["nextState"], "Check Approval");
    assert_eq!(
        r["output"],
        json!({"approval": true, "approval_code": "2387462", "approved_by": "Mary"})
    );
    assert_eq!(r["inspectionData"]["result"], json!({"approval": true}));
    assert_eq!(
        r["inspectionData"]["afterArguments"]["RequestBody"],
        json!({"cost": 10, "dept_id": "12345678"})
    );
    assert_eq!(
        ask_state("Check Approval", r#"{"approval":false}"#, None)["nextState"],
        "Not Approved"
    );
}

// --- Task: Catch, Retry ---

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

/// LS test_state_task_catch_error[DEBUG]: CAUGHT_ERROR with the catcher's output and index.
#[test]
fn recorded_caught_error() {
    let definition = lambda_task(json!({"Catch": [
        {"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
        {"ErrorEquals": ["States.TaskFailed"], "Output": "{% $states %}", "Next": "HandleThreshold"}
    ]}));
    let body = |error: &str, cause: &str| {
        json!({"definition": text(definition.clone()), "input": r#"{"Value":"HelloWorld"}"#, "inspectionLevel": "DEBUG",
               "mock": {"errorOutput": {"error": error, "cause": cause}}})
    };
    let r = ask(body("MockException", "Mock the cause of the error."));
    assert_eq!(r["status"], "CAUGHT_ERROR");
    assert_eq!(r["nextState"], "HandleMockError");
    assert_eq!(r["error"], "MockException");
    assert_eq!(r["cause"], "Mock the cause of the error.");
    assert_eq!(
        r["output"]["errorOutput"],
        json!({"Error": "MockException", "Cause": "Mock the cause of the error."})
    );
    assert_eq!(r["output"]["input"], json!({"Value": "HelloWorld"}));
    assert_eq!(
        r["inspectionData"],
        json!({"input": {"Value": "HelloWorld"}, "afterArguments": {"FunctionName": "foo", "Payload": "bar"}, "errorDetails": {"catchIndex": 0}})
    );
    let r = ask(body("States.TaskFailed", "The task failed."));
    assert_eq!(
        (r["status"].as_str(), r["nextState"].as_str()),
        (Some("CAUGHT_ERROR"), Some("HandleThreshold"))
    );
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"catchIndex": 1})
    );
}

/// LS test_state_configuration_retrier_retry_count[DEBUG]: RETRIABLE after 4 of 5 attempts
/// with a backoff of 1 × 2^4 = 16 s; FAILED after 5, still naming the retrier.
#[test]
fn recorded_retriable_with_backoff() {
    let definition = lambda_task(
        json!({"Retry": [{"ErrorEquals": ["MockException"], "IntervalSeconds": 1, "MaxAttempts": 5, "BackoffRate": 2.0}]}),
    );
    let body = |count: u64| {
        json!({"definition": text(definition.clone()), "input": r#"{"Values":["first","second","third"]}"#,
               "stateConfiguration": {"retrierRetryCount": count}, "inspectionLevel": "DEBUG",
               "mock": {"errorOutput": {"error": "MockException", "cause": "Mock the cause of the error."}}})
    };
    let r = ask(body(4));
    assert_eq!(
        r,
        json!({
            "error": "MockException",
            "cause": "Mock the cause of the error.",
            "inspectionData": {
                "input": {"Values": ["first", "second", "third"]},
                "afterArguments": {"FunctionName": "foo", "Payload": "bar"},
                "errorDetails": {"retryBackoffIntervalSeconds": 16, "retryIndex": 0}
            },
            "status": "RETRIABLE"
        })
    );
    let r = ask(body(5));
    assert_eq!(r["status"], "FAILED");
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"retryIndex": 0})
    );
}

/// Backoff: `MaxDelaySeconds` caps it; defaults are IntervalSeconds 1, BackoffRate 2,
/// MaxAttempts 3; a retry exhausted falls through to Catch.
#[test]
fn backoff_defaults_cap_and_catch_after_retries() {
    let definition = lambda_task(json!({
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "BackoffRate": 3, "MaxDelaySeconds": 20, "MaxAttempts": 10}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Recover"}]
    }));
    let run = |count: u64| {
        ask(
            json!({"definition": text(definition.clone()), "stateConfiguration": {"retrierRetryCount": count}, "inspectionLevel": "INFO",
                   "mock": {"errorOutput": {"error": "Boom"}}}),
        )
    };
    // 3 × 3^1 = 9, 3 × 3^2 = 27 capped at 20; INFO shows no errorDetails.
    assert_eq!(run(1)["status"], "RETRIABLE");
    let debug = ask(
        json!({"definition": text(definition.clone()), "stateConfiguration": {"retrierRetryCount": 2}, "inspectionLevel": "DEBUG",
                           "mock": {"errorOutput": {"error": "Boom"}}}),
    );
    assert_eq!(
        debug["inspectionData"]["errorDetails"]["retryBackoffIntervalSeconds"],
        20
    );
    let caught = run(10);
    assert_eq!(
        (caught["status"].as_str(), caught["nextState"].as_str()),
        (Some("CAUGHT_ERROR"), Some("Recover"))
    );
    assert_eq!(caught["output"]["Error"], "Boom");
    assert_eq!(caught.get("cause"), None);
    let defaults = lambda_task(json!({"Retry": [{"ErrorEquals": ["Boom"]}]}));
    let r = ask(
        json!({"definition": text(defaults), "stateConfiguration": {"retrierRetryCount": 2}, "inspectionLevel": "DEBUG",
                       "mock": {"errorOutput": {"error": "Boom"}}}),
    );
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"retryBackoffIntervalSeconds": 4, "retryIndex": 0})
    );
}

/// API reference: a mocked result is the Task's result; SUCCEEDED with its output.
/// LS test_test_state_mock_scenarios[test_sfn_start_execution_success].
#[test]
fn recorded_task_mock_result() {
    let definition = json!({"Type": "Task", "QueryLanguage": "JSONata", "Resource": "arn:aws:states:::states:startExecution",
        "Arguments": {"Input": "{% $states.input.targetInput %}", "StateMachineArn": "{% $states.input.stateMachineArn %}", "Name": "{% $states.input.name %}"},
        "Output": {"targetExecutionResult": "{% $states.result %}"}, "End": true});
    let result = json!({"ExecutionArn": "arn:aws:states:us-east-1:111111111111:execution:TargetStateMachine:TestStartTarget", "StartDate": "2025-11-25T00:48:49.000Z"});
    let r = ask(
        json!({"definition": text(definition), "input": r#"{"stateMachineArn":"arn:aws:states:us-east-1:111111111111:stateMachine:TargetStateMachine","targetInput":null,"name":"TestStartTarget"}"#,
                       "mock": {"result": text(result.clone())}}),
    );
    assert_eq!(
        r,
        json!({"output": {"targetExecutionResult": result}, "status": "SUCCEEDED"})
    );
}

// --- Map and Parallel: LS test_state_configuration.snapshot.json ---

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

/// LS test_map_state_failure_count[DEBUG-MAP_TASK_STATE]: the mock is the Map's result;
/// failures above ToleratedFailureCount are States.ExceedToleratedFailureThreshold, retried.
#[test]
fn recorded_map_failure_count_retry() {
    let map = map_with(json!({
        "Output": {"result": "{% $map($states.result, function($v) { $v = 1 ? 'pass' : 'failed' }) %}",
                   "successCount": "{% $count($states.result[$ = 1]) %}", "failedCount": "{% $count($states.result[$ = 0]) %}"},
        "Retry": [{"ErrorEquals": ["MockException"], "MaxAttempts": 3}, {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThresholdExceeded"}]
    }));
    let below = ask(map_request(&map, 0, json!([1, 1, 1])));
    assert_eq!(
        below,
        json!({
            "output": {"result": ["pass", "pass", "pass"], "successCount": 3, "failedCount": 0},
            "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1},
            "status": "SUCCEEDED"
        })
    );
    let over = ask(map_request(&map, 2, json!([0, 0, 1])));
    assert_eq!(
        over,
        json!({
            "error": "States.ExceedToleratedFailureThreshold",
            "cause": "The specified tolerated failure threshold was exceeded",
            "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1,
                               "errorDetails": {"retryBackoffIntervalSeconds": 1, "retryIndex": 1}},
            "status": "RETRIABLE"
        })
    );
}

/// LS test_map_state_failure_count[DEBUG-BASE_MAP_STATE_CATCH]: caught threshold error.
#[test]
fn recorded_map_failure_count_caught() {
    let map = map_with(json!({"Catch": [
        {"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
        {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}
    ]}));
    let r = ask(map_request(&map, 2, json!([0, 0, 1])));
    assert_eq!(r["status"], "CAUGHT_ERROR");
    assert_eq!(r["nextState"], "HandleThreshold");
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"catchIndex": 1})
    );
    assert_eq!(
        r["output"]["errorOutput"],
        json!({"Error": "States.ExceedToleratedFailureThreshold", "Cause": "The specified tolerated failure threshold was exceeded"})
    );
    // Below the threshold the mocked array is the output.
    assert_eq!(
        ask(map_request(&map, 1, json!([1, 1, 1])))["output"],
        json!([1, 1, 1])
    );
    // ToleratedFailurePercentage: 1 of 3 is 33.3 % > 30 %.
    let pct = map_with(json!({"ToleratedFailurePercentage": 30}));
    let pct = {
        let mut p = pct;
        p.as_object_mut()
            .expect("an object")
            .remove("ToleratedFailureCount");
        p
    };
    assert_eq!(
        ask(map_request(&pct, 1, json!([1, 1, 0])))["status"],
        "FAILED"
    );
    assert_eq!(
        ask(map_request(&pct, 0, json!([1, 1, 1])))["status"],
        "SUCCEEDED"
    );
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

/// LS test_state_machine_configuration_map_iteration_item_reader[DEBUG] and
/// test_state_machine_configuration_item_reader_with_error[DEBUG].
#[test]
fn recorded_map_item_reader_data_and_error_caused_by_state() {
    let base = json!({"definition": text(item_reader_machine()), "stateName": "State0", "input": r#"{"Bucket":"test-bucket","Key":"test-key"}"#,
                      "inspectionLevel": "DEBUG"});
    let mut ok = base.clone();
    ok["stateConfiguration"] = json!({"mapItemReaderData": "[1, 2, 3]"});
    ok["mock"] = json!({"result": "[1, 4, 9]"});
    assert_eq!(
        ask(ok),
        json!({
            "output": [1, 4, 9],
            "inspectionData": {"input": {"Bucket": "test-bucket", "Key": "test-key"}, "maxConcurrency": 1},
            "status": "SUCCEEDED"
        })
    );
    let mut failing = base;
    failing["stateConfiguration"] = json!({"mapIterationFailureCount": 2, "errorCausedByState": "HandleItem", "mapItemReaderData": "[1, 2, 3]"});
    failing["mock"] =
        json!({"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}});
    assert_eq!(
        ask(failing),
        json!({
            "error": "MockException", "cause": "Mock the error cause.",
            "inspectionData": {"input": {"Bucket": "test-bucket", "Key": "test-key"}, "maxConcurrency": 1},
            "status": "FAILED"
        })
    );
}

/// LS test_state_machine_with_state_error[DEBUG]: a JSONPath Map shows afterInputPath and
/// afterItemsPath.
#[test]
fn recorded_jsonpath_map_items_path() {
    let machine = json!({"StartAt": "State0", "States": {"State0": {"Type": "Map", "ItemsPath": "$.Values",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "HandleItem",
                          "States": {"HandleItem": {"Type": "Pass", "End": true}}},
        "ToleratedFailureCount": 2, "End": true}}});
    let r = ask(
        json!({"definition": text(machine), "stateName": "State0", "input": r#"{"Values":["first","second","third"]}"#,
                       "inspectionLevel": "DEBUG",
                       "stateConfiguration": {"mapIterationFailureCount": 0, "errorCausedByState": "HandleItem"},
                       "mock": {"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}}}),
    );
    let values = json!({"Values": ["first", "second", "third"]});
    assert_eq!(
        r,
        json!({
            "error": "MockException", "cause": "Mock the error cause.",
            "inspectionData": {"input": values, "afterInputPath": values, "afterItemsPath": ["first", "second", "third"],
                               "maxConcurrency": 0, "toleratedFailureCount": 2},
            "status": "FAILED"
        })
    );
}

/// A Parallel's mock is its branches' results, one per branch.
#[test]
fn parallel_mock_result() {
    let parallel = json!({"Type": "Parallel", "ResultPath": "$.branches", "Next": "After",
        "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}, {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]});
    let r = ask(
        json!({"definition": text(parallel), "input": r#"{"x":1}"#, "mock": {"result": "[1, 2]"}}),
    );
    assert_eq!(
        r,
        json!({"output": {"x": 1, "branches": [1, 2]}, "nextState": "After", "status": "SUCCEEDED"})
    );
}

// --- variables, context, Wait ---

/// LS test_state_with_variables[base_expressions]: `variables` are visible to the state and
/// shown in inspectionData.
#[test]
fn recorded_variables() {
    let definition = json!({"Type": "Pass", "QueryLanguage": "JSONata",
        "Output": {"ja_states_input": "{% $states.input %}", "ja_var_access": "{% $var_input_value %}", "ja_expr": "{% $sum($states.input.input_values) + $var_constant_1 %}"},
        "End": true});
    let variables = r#"{"var_input_value":"test_value","var_constant_1":10}"#;
    let r = ask(
        json!({"definition": text(definition), "input": r#"{"input_values":[1,2,3]}"#, "variables": variables, "inspectionLevel": "TRACE"}),
    );
    assert_eq!(
        r["output"],
        json!({"ja_states_input": {"input_values": [1, 2, 3]}, "ja_var_access": "test_value", "ja_expr": 16})
    );
    assert_eq!(
        r["inspectionData"]["variables"],
        json!({"var_input_value": "test_value", "var_constant_1": 10})
    );
    assert_eq!(r["status"], "SUCCEEDED");
}

/// `Assign` shows the variables after the state.
#[test]
fn assigned_variables_show_after_the_state() {
    let definition = json!({"Type": "Pass", "QueryLanguage": "JSONata", "Assign": {"total": "{% $count + 1 %}"}, "Next": "Again"});
    let r = ask(
        json!({"definition": text(definition), "variables": r#"{"count":41}"#, "inspectionLevel": "DEBUG"}),
    );
    assert_eq!(
        r["inspectionData"]["variables"],
        json!({"count": 41, "total": 42})
    );
    assert_eq!(r["nextState"], "Again");
}

/// `context` replaces the members of `$$` it names.
#[test]
fn context_is_what_the_state_reads() {
    let definition = json!({"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name", "retry.$": "$$.State.RetryCount"}, "End": true});
    let context = r#"{"Execution":{"Name":"my-execution"},"State":{"Name":"S","RetryCount":2}}"#;
    let r = ask(json!({"definition": text(definition), "context": context}));
    assert_eq!(r["output"], json!({"name": "my-execution", "retry": 2}));
}

/// A Wait state waits no wall time and names its next state.
#[test]
fn wait_state() {
    let r = ask(
        json!({"definition": r#"{"Type":"Wait","Seconds":86400,"Next":"Later"}"#, "input": "[1]"}),
    );
    assert_eq!(
        r,
        json!({"output": [1], "nextState": "Later", "status": "SUCCEEDED"})
    );
}

/// A runtime error of the state itself is FAILED (no Catch) with AWS's error name.
#[test]
fn runtime_error_is_failed() {
    let r = ask(
        json!({"definition": r#"{"Type":"Pass","InputPath":"$.missing","End":true}"#, "input": "{}"}),
    );
    assert_eq!(r["status"], "FAILED");
    assert_eq!(r["error"], "States.Runtime");
}

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

/// `mapItemReaderData` is the reader's source text: a CSV file's rows count as items (less
/// the header) for `ToleratedFailurePercentage`.
#[test]
fn map_item_reader_data_in_csv() {
    let mut map = map_with(json!({
        "ItemReader": {"ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                       "Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "b", "Key": "k.csv"}},
        "ToleratedFailurePercentage": 50
    }));
    map.as_object_mut()
        .expect("an object")
        .remove("ToleratedFailureCount");
    let body = |failures: u64| {
        json!({"definition": text(map.clone()), "mock": {"result": "[1, 1, 1, 1]"},
               "stateConfiguration": {"mapItemReaderData": "id,name\n1,a\n2,b\n3,c\n4,d\n", "mapIterationFailureCount": failures}})
    };
    // 2 of 4 rows is 50 %: tolerated; 3 of 4 is not.
    assert_eq!(ask(body(2))["status"], "SUCCEEDED");
    assert_eq!(
        ask(body(3))["error"],
        "States.ExceedToleratedFailureThreshold"
    );
}

/// LS test_base_map_state_inspect[*-DEBUG]: JSONata `MaxConcurrency`,
/// `ToleratedFailurePercentage` and `ToleratedFailureCount` are evaluated (the percentage
/// shown as a decimal).
#[test]
fn recorded_map_numbers_from_jsonata() {
    for (field, key, shown) in [
        ("MaxConcurrency", "maxConcurrency", json!(1)),
        (
            "ToleratedFailurePercentage",
            "toleratedFailurePercentage",
            json!(1.0),
        ),
        ("ToleratedFailureCount", "toleratedFailureCount", json!(1)),
    ] {
        let mut map = map_with(json!({ field: "{% $number('1') %}" }));
        map.as_object_mut()
            .expect("an object")
            .remove("ToleratedFailureCount");
        map[field] = json!("{% $number('1') %}");
        let r = ask(
            json!({"definition": text(map), "input": r#"{"Values":[1,2,3]}"#, "inspectionLevel": "DEBUG",
                           "mock": {"result": "[1, 1, 1]"}}),
        );
        assert_eq!(r["inspectionData"][key], shown, "{field}");
        assert_eq!(r["status"], "SUCCEEDED");
    }
    // A JSONPath `ToleratedFailureCountPath` is read from the input.
    let machine = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCountPath": "$.tolerated",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let body = |failures: u64| {
        json!({"definition": text(machine.clone()), "stateName": "M", "input": r#"{"items":[1,2,3],"tolerated":1}"#,
               "inspectionLevel": "DEBUG", "mock": {"result": "[1, 2, 3]"}, "stateConfiguration": {"mapIterationFailureCount": failures}})
    };
    assert_eq!(ask(body(1))["inspectionData"]["toleratedFailureCount"], 1);
    assert_eq!(ask(body(2))["status"], "FAILED");
}
