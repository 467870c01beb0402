//! Parallel and inline Map: results in order, failures, tolerance, ItemSelector with
//! `$$.Map.Item`, legacy Iterator/Parameters, nesting, and mocks counted across iterations.

mod exec_support;

use exec_support::{check, event_types, mocks, Expect};
use serde_json::{json, Value};

fn map(fields: Value, processor: Value) -> Value {
    let mut state = json!({"Type": "Map", "ItemProcessor": processor, "End": true});
    for (k, v) in fields.as_object().cloned().unwrap_or_default() {
        state[k] = v;
    }
    json!({"StartAt": "M", "States": {"M": state}})
}

fn graph(states: Value, start: &str) -> Value {
    json!({"StartAt": start, "States": states})
}

#[test]
fn parallel_branches() {
    let def = json!({"StartAt": "P", "States": {"P": {
        "Type": "Parallel",
        "Parameters": {"v.$": "$.v"},
        "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].w"},
        "ResultPath": "$.out",
        "Branches": [
            graph(json!({"A": {"Type": "Pass", "End": true}}), "A"),
            graph(json!({"B": {"Type": "Pass", "Parameters": {"w.$": "$.v"}, "End": true}}), "B")
        ],
        "End": true
    }}});
    let result = check(
        "parallel",
        &def,
        &json!({"v": 1}),
        None,
        Expect::Output(json!({"v": 1, "out": {"first": {"v": 1}, "second": 1}})),
    );
    let types = event_types(&result);
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "PassStateEntered",
            "PassStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ParallelStateSucceeded",
            "ParallelStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn parallel_failure_is_caught_with_the_branch_error() {
    let def = json!({"StartAt": "P", "States": {
        "P": {
            "Type": "Parallel",
            "Branches": [graph(json!({"F": {"Type": "Fail", "Error": "Branch.Broke", "Cause": "why"}}), "F")],
            "Catch": [{"ErrorEquals": ["Branch.Broke"], "Next": "H"}],
            "End": true
        },
        "H": {"Type": "Pass", "End": true}
    }});
    let result = check(
        "caught",
        &def,
        &json!({}),
        None,
        Expect::Output(json!({"Error": "Branch.Broke", "Cause": "why"})),
    );
    assert!(event_types(&result).contains(&"ParallelStateFailed"));
}

#[test]
fn map_item_selector_and_context() {
    let def = map(
        json!({
            "ItemsPath": "$.items",
            "ItemSelector": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared"},
            "MaxConcurrency": 2
        }),
        graph(json!({"I": {"Type": "Pass", "End": true}}), "I"),
    );
    let result = check(
        "selector",
        &def,
        &json!({"items": ["a", "b"], "shared": 9}),
        None,
        Expect::Output(json!([
            {"index": 0, "value": "a", "shared": 9},
            {"index": 1, "value": "b", "shared": 9}
        ])),
    );
    let started = result
        .execution
        .events()
        .iter()
        .find(|e| e.event_type == "MapStateStarted")
        .map(|e| e.to_json());
    assert_eq!(
        started.map(|e| e["mapStateStartedEventDetails"].clone()),
        Some(json!({"length": 2}))
    );
    let iterations: Vec<Value> = result
        .execution
        .events()
        .iter()
        .filter(|e| e.event_type == "MapIterationSucceeded")
        .map(|e| e.to_json()["mapIterationSucceededEventDetails"].clone())
        .collect();
    assert_eq!(
        iterations,
        [
            json!({"name": "M", "index": 0}),
            json!({"name": "M", "index": 1})
        ]
    );
}

#[test]
fn legacy_iterator_and_parameters() {
    let def = json!({"StartAt": "M", "States": {"M": {
        "Type": "Map",
        "Parameters": {"item.$": "$$.Map.Item.Value"},
        "Iterator": graph(json!({"I": {"Type": "Pass", "OutputPath": "$.item"}}), "I"),
        "End": true
    }}});
    let mut def = def;
    def["States"]["M"]["Iterator"]["States"]["I"]["End"] = json!(true);
    check(
        "legacy",
        &def,
        &json!([1, 2, 3]),
        None,
        Expect::Output(json!([1, 2, 3])),
    );
}

#[test]
fn map_empty_nested_and_not_an_array() {
    // State names are unique across the machine, so the inner Map is called "Inner".
    let inner = graph(
        json!({"Inner": {
            "Type": "Map",
            "ItemProcessor": graph(json!({"X": {"Type": "Pass", "End": true}}), "X"),
            "End": true
        }}),
        "Inner",
    );
    let outer = map(json!({}), inner);
    check(
        "nested",
        &outer,
        &json!([[1, 2], [], [3]]),
        None,
        Expect::Output(json!([[1, 2], [], [3]])),
    );
    check("empty", &outer, &json!([]), None, Expect::Output(json!([])));
    check(
        "object",
        &outer,
        &json!({"a": 1}),
        None,
        Expect::Error("States.Runtime"),
    );
}

#[test]
fn map_tolerated_failures() {
    let processor = graph(
        json!({
            "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericLessThan": 0, "Next": "Bad"}], "Default": "Good"},
            "Bad": {"Type": "Fail", "Error": "Negative"},
            "Good": {"Type": "Pass", "End": true}
        }),
        "C",
    );
    let items = json!([1, -1, 2, -2]);
    // (tolerance fields, expected)
    let cases: Vec<(Value, Expect)> = vec![
        (json!({}), Expect::Error("Negative")),
        (
            json!({"ToleratedFailureCount": 1}),
            Expect::Error("States.ExceedToleratedFailureThreshold"),
        ),
        (
            json!({"ToleratedFailureCount": 2}),
            Expect::Output(
                json!([1, {"Error": "Negative", "Cause": ""}, 2, {"Error": "Negative", "Cause": ""}]),
            ),
        ),
        (
            json!({"ToleratedFailurePercentage": 25}),
            Expect::Error("States.ExceedToleratedFailureThreshold"),
        ),
        (
            json!({"ToleratedFailurePercentage": 50}),
            Expect::Output(
                json!([1, {"Error": "Negative", "Cause": ""}, 2, {"Error": "Negative", "Cause": ""}]),
            ),
        ),
        (
            json!({"ToleratedFailureCountPath": "$.n"}),
            Expect::Error("States.Runtime"),
        ),
    ];
    for (fields, expect) in cases {
        let name = fields.to_string();
        check(&name, &map(fields, processor.clone()), &items, None, expect);
    }
}

#[test]
fn mocks_count_invocations_across_iterations() {
    let def = map(
        json!({}),
        graph(
            json!({"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true}}),
            "T",
        ),
    );
    let m = mocks(
        json!({"T": "R"}),
        json!({"R": {
            "0": {"Return": {"Payload": "first"}},
            "1-2": {"Return": {"Payload": "second or third"}}
        }}),
    );
    check(
        "three",
        &def,
        &json!([0, 0, 0]),
        Some(&m),
        Expect::Output(json!(["first", "second or third", "second or third"])),
    );
    // A fourth invocation is not covered by the mocked response.
    let result = check(
        "four",
        &def,
        &json!([0, 0, 0, 0]),
        Some(&m),
        Expect::Error("States.TaskFailed"),
    );
    let cause = result
        .execution
        .error()
        .and_then(|e| e.cause.clone())
        .unwrap_or_default();
    assert!(cause.contains("invocation 3 of state 'T'"), "{cause}");
}

#[test]
fn runtime_error_in_a_branch_ends_the_execution_at_once() {
    // Recorded on AWS: ExecutionStarted, ParallelStateEntered, ParallelStateStarted,
    // PassStateEntered, ExecutionFailed (no ParallelStateFailed; the Catch does not apply).
    let def = json!({"StartAt": "P", "States": {
        "P": {
            "Type": "Parallel",
            "Branches": [graph(json!({"Fast": {"Type": "Pass", "Parameters": {"m.$": "$.nope"}, "End": true}}), "Fast")],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
            "End": true
        },
        "H": {"Type": "Succeed"}
    }});
    let result = check("runtime", &def, &json!({"x": "a"}), None, Expect::ErrorCause(
        "States.Runtime",
        "An error occurred while executing the state 'Fast' (entered at the event id #4). The JSONPath '$.nope' specified for the field 'm.$' could not be found in the input '{\"x\":\"a\"}'",
    ));
    assert_eq!(
        event_types(&result),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "PassStateEntered",
            "ExecutionFailed"
        ]
    );
}
