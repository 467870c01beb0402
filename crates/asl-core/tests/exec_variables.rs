//! Workflow variables: `Assign` in both query languages, the ordering rule (every
//! expression of a state sees the values from before it), scopes of Parallel branches and
//! Map iterations, the per-state size quota, `$var` in JSONPath fields, and variables in the
//! history and the inspection data.

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod exec_support;

use exec_support::{check, mocks, run, Expect};
use serde_json::{json, Value};

fn machine(states: Value) -> Value {
    let first = states
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    json!({"StartAt": first, "States": states})
}

type Case = (&'static str, Value, Value, Expect<'static>);

fn run_cases(cases: Vec<Case>) {
    for (name, definition, input, expect) in cases {
        check(name, &definition, &input, None, expect);
    }
}

#[test]
fn jsonpath_assign_and_references() {
    run_cases(vec![
        (
            "literal, path into the result, context, intrinsic; read back as $name",
            machine(json!({
                "A": {"Type": "Pass", "Result": {"r": 5}, "Assign": {"lit": [1], "fromResult.$": "$.r", "name.$": "$$.State.Name", "len.$": "States.ArrayLength($.list)"}, "Next": "B"},
                "B": {"Type": "Pass", "Parameters": {"lit.$": "$lit", "r.$": "$fromResult", "n.$": "$name", "len.$": "$len"}, "End": true}
            })),
            json!({}),
            // `States.ArrayLength($.list)` reads the Pass result, which has no `list`.
            Expect::Error("States.Runtime"),
        ),
        (
            "Assign reads the result ($), Parameters read variables",
            machine(json!({
                "A": {"Type": "Pass", "Result": {"r": 5, "list": [1, 2]}, "Assign": {"lit": [1], "fromResult.$": "$.r", "name.$": "$$.State.Name", "len.$": "States.ArrayLength($.list)"}, "Next": "B"},
                "B": {"Type": "Pass", "Parameters": {"lit.$": "$lit", "r.$": "$fromResult", "n.$": "$name", "len.$": "$len", "first.$": "$lit[0]"}, "End": true}
            })),
            json!({}),
            Expect::Output(json!({"lit": [1], "r": 5, "n": "A", "len": 2, "first": 1})),
        ),
        (
            "variables in InputPath, OutputPath and Choice Variable",
            machine(json!({
                "A": {"Type": "Pass", "Assign": {"doc": {"k": 3}, "limit": 2}, "Next": "B"},
                "B": {"Type": "Pass", "InputPath": "$doc", "Next": "C"},
                "C": {"Type": "Choice", "Choices": [{"Variable": "$limit", "NumericLessThan": 3, "Next": "D"}], "Default": "E"},
                "D": {"Type": "Pass", "OutputPath": "$doc.k", "End": true},
                "E": {"Type": "Fail", "Error": "Wrong"}
            })),
            json!({}),
            Expect::Output(json!(3)),
        ),
        (
            "unassigned variable in a path",
            machine(json!({"A": {"Type": "Pass", "Parameters": {"x.$": "$nope"}, "End": true}})),
            json!({}),
            Expect::Error("States.Runtime"),
        ),
        (
            "Choice rule Assign, Default uses the state's Assign",
            machine(json!({
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", "BooleanEquals": true, "Assign": {"via": "rule"}, "Next": "D"}], "Default": "D", "Assign": {"via": "default"}},
                "D": {"Type": "Pass", "Parameters": {"via.$": "$via"}, "End": true}
            })),
            json!({"v": false}),
            Expect::Output(json!({"via": "default"})),
        ),
        (
            "Wait Assign",
            machine(json!({
                "W": {"Type": "Wait", "Seconds": 1, "Assign": {"w.$": "$.x"}, "Next": "D"},
                "D": {"Type": "Pass", "Parameters": {"w.$": "$w"}, "End": true}
            })),
            json!({"x": 9}),
            Expect::Output(json!({"w": 9})),
        ),
    ]);
}

#[test]
fn assign_sees_values_from_before_the_state() {
    run_cases(vec![
        (
            "JSONPath: a swap, and OutputPath reads the old value",
            machine(json!({
                "A": {"Type": "Pass", "Assign": {"a": 1, "b": 2}, "Next": "B"},
                "B": {"Type": "Pass", "Assign": {"a.$": "$b", "b.$": "$a"}, "Parameters": {"old.$": "$a"}, "Next": "C"},
                "C": {"Type": "Pass", "Parameters": {"a.$": "$a", "b.$": "$b", "prev.$": "$.old"}, "End": true}
            })),
            json!({}),
            Expect::Output(json!({"a": 2, "b": 1, "prev": 1})),
        ),
        (
            "JSONata: Output sees the value from before Assign",
            json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                "A": {"Type": "Pass", "Assign": {"n": 1}, "Next": "B"},
                "B": {"Type": "Pass", "Assign": {"n": "{% $n + 1 %}", "m": "{% $n * 10 %}"}, "Output": {"n": "{% $n %}"}, "Next": "C"},
                "C": {"Type": "Pass", "Output": {"before": "{% $states.input.n %}", "n": "{% $n %}", "m": "{% $m %}"}, "End": true}
            }}),
            json!({}),
            Expect::Output(json!({"before": 1, "n": 2, "m": 10})),
        ),
    ]);
}

#[test]
fn parallel_and_map_scopes() {
    run_cases(vec![
        (
            "a branch reads outer variables",
            machine(json!({
                "A": {"Type": "Pass", "Assign": {"x": 42}, "Next": "P"},
                "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "End": true}}}
                ], "End": true}
            })),
            json!({}),
            Expect::Output(json!([{"x": 42}])),
        ),
        (
            "a branch's assignment stays inside",
            machine(json!({
                "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Assign": {"inner": 1}, "Next": "B2"},
                                                 "B2": {"Type": "Pass", "Parameters": {"inner.$": "$inner"}, "End": true}}}
                ], "Next": "After"},
                "After": {"Type": "Pass", "Parameters": {"inner.$": "$inner"}, "End": true}
            })),
            json!({}),
            Expect::Error("States.Runtime"),
        ),
        (
            "a branch shadows an outer variable without changing it",
            machine(json!({
                "A": {"Type": "Pass", "Assign": {"x": "outer"}, "Next": "P"},
                "P": {"Type": "Parallel", "Branches": [
                    {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Assign": {"x": "inner"}, "End": true}}}
                ], "Assign": {"seen.$": "$x"}, "Next": "After"},
                "After": {"Type": "Pass", "Parameters": {"x.$": "$x", "seen.$": "$seen"}, "End": true}
            })),
            json!({}),
            Expect::Output(json!({"x": "outer", "seen": "outer"})),
        ),
        (
            "iterations read outer variables and do not share theirs",
            json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                "A": {"Type": "Pass", "Assign": {"base": 100}, "Next": "M"},
                "M": {"Type": "Map", "Items": [1, 2], "ItemProcessor": {"StartAt": "I", "States": {
                    "I": {"Type": "Pass", "Assign": {"mine": "{% $states.input %}"}, "Next": "J"},
                    "J": {"Type": "Pass", "Output": "{% $base + $mine %}", "End": true}}},
                  "Assign": {"total": "{% $sum($states.result) %}"}, "Next": "After"},
                "After": {"Type": "Pass", "Output": {"total": "{% $total %}", "mine": "{% $exists($mine) %}"}, "End": true}
            }}),
            json!({}),
            Expect::Output(json!({"total": 203, "mine": false})),
        ),
    ]);
}

#[test]
fn catch_assign_in_jsonpath_reads_the_error_output() {
    let mock = mocks(
        json!({"T": "Boom"}),
        json!({"Boom": {"0": {"Throw": {"Error": "E", "Cause": "c"}}}}),
    );
    let definition = machine(json!({
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
              "Assign": {"ok": true},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Error"}, "ResultPath": null, "Next": "D"}], "End": true},
        "D": {"Type": "Pass", "Parameters": {"err.$": "$err", "in.$": "$"}, "End": true}
    }));
    check(
        "catch assign",
        &definition,
        &json!({"k": 1}),
        Some(&mock),
        Expect::Output(json!({"err": "E", "in": {"k": 1}})),
    );
    // The state's own Assign was not applied.
    let definition = machine(json!({
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
              "Assign": {"ok": true},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "D"}], "End": true},
        "D": {"Type": "Pass", "Parameters": {"ok.$": "$ok"}, "End": true}
    }));
    check(
        "state assign dropped",
        &definition,
        &json!({}),
        Some(&mock),
        Expect::Error("States.Runtime"),
    );
}

#[test]
fn per_state_assign_quota() {
    let big = "x".repeat(200 * 1024);
    let definition = machine(json!({
        "A": {"Type": "Pass", "Assign": {"a": big.clone(), "b": big}, "End": true}
    }));
    check(
        "over 256 KiB",
        &definition,
        &json!({}),
        None,
        Expect::Error("States.DataLimitExceeded"),
    );
}

#[test]
fn history_and_inspection_show_assigned_variables() {
    let definition = machine(json!({
        "A": {"Type": "Pass", "Assign": {"x": 1, "s": "t"}, "Next": "B"},
        "B": {"Type": "Pass", "End": true}
    }));
    let result = run(&definition, &json!({}), None);
    let exited: Vec<Value> = result
        .execution
        .events()
        .iter()
        .map(|e| e.to_json())
        .filter(|e| e["type"] == "PassStateExited")
        .collect();
    assert_eq!(exited.len(), 2);
    let details = &exited[0]["stateExitedEventDetails"];
    assert_eq!(
        details["assignedVariables"],
        json!({"x": "1", "s": "\"t\""})
    );
    assert_eq!(
        details["assignedVariablesDetails"],
        json!({"truncated": false})
    );
    // A state that assigns nothing has no such fields.
    assert!(exited[1]["stateExitedEventDetails"]
        .get("assignedVariables")
        .is_none());
    let visit = result.execution.inspection()[0].to_json();
    let variables: Value =
        serde_json::from_str(visit["variables"].as_str().unwrap_or("null")).unwrap_or_default();
    assert_eq!(variables, json!({"x": 1, "s": "t"}));
}

#[test]
fn variable_in_timeout_seconds_path() {
    let mock = mocks(
        json!({"T": "Slow"}),
        json!({"Slow": {"0": {"Return": {"v": 1}, "x-asl-playground": {"durationSeconds": 10}}}}),
    );
    let definition = machine(json!({
        "A": {"Type": "Pass", "Assign": {"timeout": 5}, "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSecondsPath": "$timeout", "Parameters": {"FunctionName": "f"}, "End": true}
    }));
    check(
        "times out after $timeout",
        &definition,
        &json!({}),
        Some(&mock),
        Expect::Error("States.Timeout"),
    );
}
