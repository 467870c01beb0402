//! `asl_core::testing` on runs whose branches and iterations interleave in virtual time: each
//! visit is placed in its own Map iteration and Parallel branch, events are counted per
//! state, and coverage tells Choice rules apart when several lead to the same state.

use asl_core::exec::{run_texts, RunRequest};
use asl_core::testing::{check, scope_label, Case, Coverage, Observed, TransitionKind};
use serde_json::{json, Value};

fn observe(definition: &Value, input: &Value) -> Observed {
    let text = definition.to_string();
    let input = input.to_string();
    let run = run_texts(&RunRequest {
        definition: &text,
        input: &input,
        ..Default::default()
    })
    .expect("runs");
    Observed::from_execution(&run.execution, definition)
}

/// (state, scope label, output) of every visit.
fn placed(observed: &Observed) -> Vec<(String, String, Value)> {
    observed
        .visits
        .iter()
        .map(|v| {
            (
                v.state.to_string(),
                scope_label(&v.scope),
                v.output.as_ref().map_or(Value::Null, |d| d.to_value()),
            )
        })
        .collect()
}

#[test]
fn interleaved_map_iterations_keep_their_index() {
    // Items wait 3, 1 and 2 seconds, so their events interleave in the history.
    let def = json!({
        "StartAt": "Fan",
        "States": {
            "Fan": {
                "Type": "Map",
                "ItemProcessor": {
                    "StartAt": "Sleep",
                    "States": {
                        "Sleep": {"Type": "Wait", "SecondsPath": "$.s", "Next": "Echo"},
                        "Echo": {"Type": "Pass", "Parameters": {"id.$": "$.id"}, "End": true}
                    }
                },
                "End": true
            }
        }
    });
    let items = json!([{"id": 0, "s": 3}, {"id": 1, "s": 1}, {"id": 2, "s": 2}]);
    let observed = observe(&def, &items);
    let echoes: Vec<(String, Value)> = placed(&observed)
        .into_iter()
        .filter(|(s, _, _)| s == "Echo")
        .map(|(_, scope, out)| (scope, out))
        .collect();
    // Entered in the order the waits end, each in its own iteration.
    assert_eq!(
        echoes,
        vec![
            ("Fan[1]".to_owned(), json!({"id": 1})),
            ("Fan[2]".to_owned(), json!({"id": 2})),
            ("Fan[0]".to_owned(), json!({"id": 0})),
        ]
    );
    let case: Case = serde_json::from_value(json!({
        "states": [{"state": "Echo", "in": ["Fan[0]"], "output": {"id": 0}},
                   {"state": "Echo", "visit": 1, "output": {"id": 1}}],
        "history": [{"type": "WaitStateExited", "state": "Sleep", "count": 3},
                    {"type": "MapIterationSucceeded", "state": "Fan", "count": 3},
                    {"type": "MapStateSucceeded", "state": "Fan", "count": 1}]
    }))
    .expect("case");
    assert_eq!(check(&case, &observed), vec![]);
}

#[test]
fn parallel_branches_and_a_map_inside_one() {
    let def = json!({
        "StartAt": "Both",
        "States": {
            "Both": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "Slow", "States": {
                        "Slow": {"Type": "Wait", "Seconds": 5, "Next": "SlowDone"},
                        "SlowDone": {"Type": "Pass", "Result": "slow", "End": true}}},
                    {"StartAt": "Each", "States": {
                        "Each": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
                            "StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}, "End": true}}}
                ],
                "Next": "After"
            },
            "After": {"Type": "Pass", "End": true}
        }
    });
    let observed = observe(&def, &json!({"items": ["a", "b"]}));
    let got: Vec<(String, String)> = placed(&observed)
        .into_iter()
        .map(|(s, scope, _)| (s, scope))
        .collect();
    let want = [
        ("Both", ""),
        ("Slow", "Both[0]"),
        ("Each", "Both[1]"),
        ("Item", "Both[1] > Each[0]"),
        ("Item", "Both[1] > Each[1]"),
        ("SlowDone", "Both[0]"),
        ("After", ""),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(observed.final_state(), Some("After"));
    let case: Case = serde_json::from_value(json!({
        "states": [{"state": "Item", "in": ["Both[1]", "Each[1]"], "output": "b"}],
        "history": [{"type": "ParallelStateSucceeded", "state": "Both", "count": 1},
                    {"type": "MapStateSucceeded", "state": "Each", "count": 1},
                    {"type": "PassStateExited", "state": "Item", "count": 2}]
    }))
    .expect("case");
    assert_eq!(check(&case, &observed), vec![]);
}

#[test]
fn coverage_tells_choice_rules_with_one_target_apart() {
    let def = json!({
        "StartAt": "Pick",
        "States": {
            "Pick": {"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
                {"Variable": "$.n", "NumericLessThan": 0, "Next": "Big"}
            ], "Default": "Big"},
            "Big": {"Type": "Succeed"}
        }
    });
    let mut coverage = Coverage::of(&def);
    for n in [-5, 3] {
        let hits = coverage.hits(&observe(&def, &json!({"n": n})));
        coverage.add(&hits);
    }
    let taken: Vec<(TransitionKind, usize, u64)> = coverage
        .transitions
        .iter()
        .map(|t| (t.kind, t.index, t.hits))
        .collect();
    assert_eq!(
        taken,
        vec![
            (TransitionKind::Choice, 0, 0),
            (TransitionKind::Choice, 1, 1),
            (TransitionKind::Default, 0, 1),
        ]
    );
    assert_eq!(coverage.totals(), (2, 2, 2, 3));
}
