//! Pass, Fail, Succeed, Choice, Wait and Task states: statuses, inspection levels, Catch,
//! Retry, variables and context.

use serde_json::{json, Value};

use crate::*;

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

/// LS test_state_task_catch_error (the catcher's `$states.context`): a state given on its
/// own is named `StateName` in `$$`; with `stateName` it has its own name.
#[test]
fn recorded_context_state_name() {
    let pass = json!({"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.context.State.Name %}", "End": true});
    assert_eq!(
        ask(json!({"definition": text(pass.clone())}))["output"],
        "StateName"
    );
    let machine = json!({"StartAt": "First", "States": {"First": {"Type": "Pass", "Next": "Named"}, "Named": pass}});
    assert_eq!(
        ask(json!({"definition": text(machine), "stateName": "Named"}))["output"],
        "Named"
    );
}
