//! Data flow in JSONPath states: InputPath → Parameters → result → ResultSelector →
//! ResultPath → OutputPath, the context object, and AWS's errors for each step.

mod exec_support;

use exec_support::{check, Expect};
use serde_json::{json, Value};

fn pass(state: Value) -> Value {
    let mut state = state;
    state["Type"] = json!("Pass");
    state["End"] = json!(true);
    json!({ "StartAt": "P", "States": { "P": state } })
}

#[test]
fn pass_state_data_flow() {
    // (name, Pass fields, input, expected)
    let cases: Vec<(&str, Value, Value, Expect)> = vec![
        (
            "identity",
            json!({}),
            json!({"a": 1}),
            Expect::Output(json!({"a": 1})),
        ),
        (
            "input path",
            json!({"InputPath": "$.a"}),
            json!({"a": {"b": 2}}),
            Expect::Output(json!({"b": 2})),
        ),
        (
            "null input path",
            json!({"InputPath": null}),
            json!({"a": 1}),
            Expect::Output(json!({})),
        ),
        (
            "result replaces",
            json!({"Result": {"x": 1}}),
            json!({"a": 1}),
            Expect::Output(json!({"x": 1})),
        ),
        (
            // AWS docs, "Specifying state output using ResultPath".
            "result path merges",
            json!({"Result": "Hello, Step Functions!", "ResultPath": "$.taskresult"}),
            json!({"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions"}),
            Expect::Output(
                json!({"comment": "This is a test of the input and output of a Task state.", "details": "Default example", "who": "AWS Step Functions", "taskresult": "Hello, Step Functions!"}),
            ),
        ),
        (
            "null result path keeps input",
            json!({"Result": 5, "ResultPath": null}),
            json!({"a": 1}),
            Expect::Output(json!({"a": 1})),
        ),
        (
            "result path creates objects",
            json!({"Result": 5, "ResultPath": "$.x.y"}),
            json!({"a": 1}),
            Expect::Output(json!({"a": 1, "x": {"y": 5}})),
        ),
        (
            "output path",
            json!({"Result": {"x": {"y": 1}}, "OutputPath": "$.x"}),
            json!({}),
            Expect::Output(json!({"y": 1})),
        ),
        (
            "null output path",
            json!({"OutputPath": null}),
            json!({"a": 1}),
            Expect::Output(json!({})),
        ),
        (
            "parameters with paths",
            json!({"Parameters": {"greeting": "hi", "who.$": "$.name", "n.$": "States.ArrayLength($.list)"}}),
            json!({"name": "Ada", "list": [1, 2, 3]}),
            Expect::Output(json!({"greeting": "hi", "who": "Ada", "n": 3})),
        ),
        (
            "input path then parameters",
            json!({"InputPath": "$.inner", "Parameters": {"v.$": "$.v"}, "ResultPath": "$.out"}),
            json!({"inner": {"v": 7}}),
            Expect::Output(json!({"inner": {"v": 7}, "out": {"v": 7}})),
        ),
        (
            "missing input path",
            json!({"InputPath": "$.missing"}),
            json!({}),
            Expect::Error("States.Runtime"),
        ),
        (
            "missing parameter path",
            json!({"Parameters": {"x.$": "$.missing"}}),
            json!({}),
            Expect::Error("States.Runtime"),
        ),
        (
            "missing output path",
            json!({"OutputPath": "$.missing"}),
            json!({}),
            Expect::Error("States.Runtime"),
        ),
        (
            "result path through a string",
            json!({"Result": 1, "ResultPath": "$.a.b"}),
            json!({"a": "text"}),
            Expect::Error("States.ResultPathMatchFailure"),
        ),
    ];
    for (name, state, input, expect) in cases {
        check(name, &pass(state), &input, None, expect);
    }
}

#[test]
fn context_object() {
    let def = pass(json!({"Parameters": {
        "name.$": "$$.State.Name",
        // A Pass state's `$$.State` has no `RetryCount` (recorded on AWS).
        "state.$": "$$.State",
        "entered.$": "$$.State.EnteredTime",
        "input.$": "$$.Execution.Input",
        "execution.$": "$$.Execution.Name",
        "start.$": "$$.Execution.StartTime",
        "machine.$": "$$.StateMachine.Name",
        "redrives.$": "$$.Execution.RedriveCount",
    }}));
    check(
        "context",
        &def,
        &json!({"k": 1}),
        None,
        Expect::Output(json!({
            "name": "P",
            "state": {"Name": "P", "EnteredTime": "2024-01-01T00:00:00.000Z"},
            "entered": "2024-01-01T00:00:00.000Z",
            "input": {"k": 1},
            "execution": "execution",
            "start": "2024-01-01T00:00:00.000Z",
            "machine": "StateMachine",
            "redrives": 0,
        })),
    );
}

#[test]
fn task_result_selector_and_result_path() {
    let def = json!({
        "StartAt": "T",
        "States": { "T": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "ResultSelector": {"body.$": "$.Payload", "code.$": "$.StatusCode"},
            "ResultPath": "$.result",
            "OutputPath": "$.result",
            "End": true
        }}
    });
    // No mock file: the default Lambda response echoes the Payload.
    let result = check(
        "selector",
        &def,
        &json!({"x": 1}),
        None,
        Expect::Output(json!({"body": {"x": 1}, "code": 200})),
    );
    let visit = &result.execution.inspection()[0];
    let text = |d: &Option<asl_core::Doc>| d.as_ref().map(|v| v.to_string());
    assert_eq!(
        text(&visit.after_parameters).as_deref(),
        Some(r#"{"FunctionName":"f","Payload":{"x":1}}"#)
    );
    assert_eq!(
        text(&visit.after_result_selector).as_deref(),
        Some(r#"{"body":{"x":1},"code":200}"#)
    );
    assert_eq!(
        text(&visit.after_result_path).as_deref(),
        Some(r#"{"x":1,"result":{"body":{"x":1},"code":200}}"#)
    );
    assert_eq!(
        text(&visit.output).as_deref(),
        Some(r#"{"body":{"x":1},"code":200}"#)
    );
}

#[test]
fn choice_and_succeed() {
    let def = json!({
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "InputPath": "$.data", "OutputPath": "$.v", "Choices": [
                {"Variable": "$.v", "NumericGreaterThan": 10, "Next": "Big"}
            ], "Default": "Small"},
            "Big": {"Type": "Pass", "Result": "big", "End": true},
            "Small": {"Type": "Succeed"}
        }
    });
    check(
        "big",
        &def,
        &json!({"data": {"v": 11}}),
        None,
        Expect::Output(json!("big")),
    );
    check(
        "small",
        &def,
        &json!({"data": {"v": 3}}),
        None,
        Expect::Output(json!(3)),
    );
    let no_default = json!({
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "IsPresent": true, "Next": "E"}]},
            "E": {"Type": "Succeed"}
        }
    });
    check(
        "no match",
        &no_default,
        &json!({}),
        None,
        Expect::Error("States.NoChoiceMatched"),
    );
}
