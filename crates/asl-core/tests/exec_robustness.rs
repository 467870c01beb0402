//! Hostile definitions, inputs and mocks never panic or hang: they give a setup error or an
//! ASL error value.

use asl_core::exec::{run_texts, ExecOptions, Execution, RunRequest, Status};
use asl_core::mocks::DefaultHost;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Runs and returns the status, or None when the definition was refused up front.
fn outcome(definition: &Value, input: &Value) -> Option<Status> {
    let mut exec = Execution::new(
        definition,
        input.clone(),
        ExecOptions::default(),
        Box::new(DefaultHost::with_seed(1)),
    )
    .ok()?;
    exec.run_to_end();
    Some(exec.status())
}

#[test]
fn hostile_definitions() {
    // (name, definition, input, expected: None = refused, Some(status))
    let cases: Vec<(&str, Value, Value, Option<Status>)> = vec![
        ("not an object", json!([1, 2]), json!({}), None),
        ("no states", json!({"StartAt": "A"}), json!({}), None),
        (
            "start nowhere",
            json!({"StartAt": "X", "States": {"A": {"Type": "Succeed"}}}),
            json!({}),
            None,
        ),
        (
            "next nowhere",
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "X"}}}),
            json!({}),
            None,
        ),
        (
            "unknown type",
            json!({"StartAt": "A", "States": {"A": {"Type": "Teleport"}}}),
            json!({}),
            None,
        ),
        (
            "state not an object",
            json!({"StartAt": "A", "States": {"A": 3}}),
            json!({}),
            None,
        ),
        (
            "bad path syntax",
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$[", "End": true}}}),
            json!({}),
            None,
        ),
        (
            "bad template",
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": 5}, "End": true}}}),
            json!({}),
            None,
        ),
        (
            "no End and no Next ends the graph",
            json!({"StartAt": "A", "States": {"A": {"Type": "Pass"}}}),
            json!({}),
            Some(Status::Succeeded),
        ),
        (
            "negative and huge waits",
            json!({"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": -5, "Next": "B"}, "B": {"Type": "Wait", "Seconds": 1e300, "End": true}}}),
            json!({}),
            Some(Status::TimedOut),
        ),
        (
            "endless retries stop at the history limit",
            json!({"StartAt": "P", "States": {"P": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}],
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999, "IntervalSeconds": 0}],
                "End": true
            }}}),
            json!({}),
            Some(Status::Failed),
        ),
        (
            "retrying a task whose parameters fail before it starts",
            json!({"StartAt": "T", "States": {"T": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"x.$": "States.ArrayGetItem($.a, 5)"},
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 99999999, "IntervalSeconds": 0}],
                "End": true
            }}}),
            json!({"a": [1]}),
            Some(Status::Failed),
        ),
        (
            "map over a huge array stops at the history limit",
            json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}),
            Value::Array(vec![json!(0); 20_000]),
            Some(Status::Failed),
        ),
        (
            "parallel without branches",
            json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [], "End": true}}}),
            json!({}),
            Some(Status::Succeeded),
        ),
    ];
    for (name, definition, input, expected) in cases {
        assert_eq!(outcome(&definition, &input), expected, "{name}");
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let mut definition = json!({"StartAt": "L", "States": {"L": {"Type": "Pass", "End": true}}});
    for _ in 0..200 {
        definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [definition], "End": true}}});
    }
    assert_eq!(outcome(&definition, &json!({})), None);
    // Moderate nesting runs.
    let mut definition = json!({"StartAt": "L", "States": {"L": {"Type": "Pass", "End": true}}});
    for _ in 0..30 {
        definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [definition], "OutputPath": "$[0]", "End": true}}});
    }
    assert_eq!(
        outcome(&definition, &json!({"v": 1})),
        Some(Status::Succeeded)
    );
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..100).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "$",
            "$.a",
            "$$",
            "$$.State.Name",
            "A",
            "B",
            "Pass",
            "Task",
            "Choice",
            "Wait",
            "Map",
            "Parallel",
            "Fail",
            "Succeed",
            "States.ALL",
            "States.UUID()",
            "$[0]",
            "$.a[*]",
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "Type",
                        "Next",
                        "End",
                        "StartAt",
                        "States",
                        "A",
                        "B",
                        "InputPath",
                        "OutputPath",
                        "ResultPath",
                        "Parameters",
                        "Result",
                        "Choices",
                        "Default",
                        "Variable",
                        "NumericEquals",
                        "Seconds",
                        "Branches",
                        "ItemProcessor",
                        "Retry",
                        "Catch",
                        "ErrorEquals",
                        "Resource",
                        "x.$",
                        "Error",
                        "CausePath",
                    ]),
                    inner
                ),
                0..5
            )
            .prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn random_states_never_panic(states in arb_json(), input in arb_json()) {
        let definition = json!({"StartAt": "A", "States": states});
        let text = definition.to_string();
        let input = input.to_string();
        let request = RunRequest { definition: &text, input: &input, ..RunRequest::default() };
        if let Ok(result) = run_texts(&request) {
            prop_assert!(result.execution.status() != Status::Running);
            let _ = result.to_json(true, true);
        }
        // The engine itself, without validation in front of it, must survive too.
        let input: Value = serde_json::from_str(&input).unwrap_or(Value::Null);
        if let Ok(mut exec) = Execution::new(&definition, input, ExecOptions::default(), Box::new(DefaultHost::with_seed(3))) {
            exec.run_to_end();
            prop_assert!(exec.status() != Status::Running);
            let _: Vec<Value> = exec.events().iter().map(|e| e.to_json()).collect();
        }
    }
}
