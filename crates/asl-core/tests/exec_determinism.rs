//! Same definition, input, mocks and options ⇒ byte-identical history, over generated small
//! machines that use randomness (States.UUID, MathRandom, jitter), retries, Wait, Map and
//! Parallel.

mod exec_support;

use asl_core::exec::{ExecOptions, Execution, Machine};
use asl_core::mocks::MockConfig;
use exec_support::{mocks, run_with};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One generated state, chained to the next by index.
/// Nested state names carry `i` so they stay unique across the machine, as ASL requires.
fn state(i: usize, kind: u8, n: u32, next: Value) -> Value {
    let mut s = match kind % 6 {
        0 => {
            json!({"Type": "Pass", "Parameters": {"id.$": "States.UUID()", "r.$": "States.MathRandom(0, 1000)", "n": n}, "ResultPath": "$.p"})
        }
        1 => json!({"Type": "Wait", "Seconds": n % 100}),
        2 => json!({
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "JitterStrategy": "FULL", "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "End", "ResultPath": "$.error"}],
            "ResultSelector": {"p.$": "$.Payload"}, "ResultPath": "$.t"
        }),
        3 => json!({"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.m", "ItemProcessor": {
            "StartAt": format!("I{i}"), "States": {format!("I{i}"): {"Type": "Pass", "Parameters": {"u.$": "States.UUID()"}, "End": true}}
        }}),
        4 => json!({"Type": "Parallel", "ResultPath": "$.par", "Branches": [
            {"StartAt": format!("B1_{i}"), "States": {format!("B1_{i}"): {"Type": "Pass", "Parameters": {"r.$": "States.MathRandom(1, 9)"}, "End": true}}},
            {"StartAt": format!("B2_{i}"), "States": {format!("B2_{i}"): {"Type": "Wait", "Seconds": 3, "End": true}}}
        ]}),
        _ => {
            json!({"Type": "Choice", "Choices": [{"Variable": "$.items[0]", "NumericGreaterThan": 5, "Next": next.clone()}], "Default": next.clone()})
        }
    };
    if s["Type"] != "Choice" {
        s["Next"] = next;
    }
    s
}

fn machine(kinds: &[(u8, u32)]) -> Value {
    let mut states = serde_json::Map::new();
    for (i, (kind, n)) in kinds.iter().enumerate() {
        let next = json!(format!("S{}", i + 1));
        states.insert(format!("S{i}"), state(i, *kind, *n, next));
    }
    states.insert(
        format!("S{}", kinds.len()),
        json!({"Type": "Pass", "Next": "End"}),
    );
    states.insert("End".into(), json!({"Type": "Succeed"}));
    json!({"StartAt": "S0", "States": states})
}

fn history_bytes(definition: &Value, input: &Value, m: &Value, seed: u64) -> String {
    let options = ExecOptions {
        seed,
        ..ExecOptions::default()
    };
    let result = run_with(definition, input, Some(m), options);
    serde_json::to_string(&result.to_json(true, true)).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn same_run_same_history(
        kinds in proptest::collection::vec((0u8..6, 0u32..1000), 1..8),
        items in proptest::collection::vec(0i64..10, 0..4),
        seed in any::<u64>(),
        fail_first in any::<bool>(),
    ) {
        let def = machine(&kinds);
        let input = json!({"items": items});
        let first = if fail_first { json!({"Throw": {"Error": "E"}}) } else { json!({"Return": {"Payload": 1}}) };
        let m = mocks(
            json!({"S0": "R", "S1": "R", "S2": "R", "S3": "R", "S4": "R", "S5": "R", "S6": "R", "S7": "R"}),
            json!({"R": {"0": first, "1-100": {"Return": {"Payload": 2}}}}),
        );
        let a = history_bytes(&def, &input, &m, seed);
        let b = history_bytes(&def, &input, &m, seed);
        prop_assert!(a.contains("\"status\""));
        prop_assert_eq!(a, b);
    }
}

#[test]
fn the_seed_changes_random_values() {
    let def = machine(&[(0, 1)]);
    let m = mocks(json!({}), json!({}));
    let a = history_bytes(&def, &json!({"items": []}), &m, 1);
    let b = history_bytes(&def, &json!({"items": []}), &m, 2);
    assert_ne!(a, b);
}

/// History of `runs` executions started from one [`Machine`] compiled once, plus one started
/// with [`Execution::new`]: all must be identical (a compiled machine carries no run state).
fn shared_machine_histories(
    definition: &Value,
    input: &Value,
    m: &Value,
    seed: u64,
) -> Vec<String> {
    let config = MockConfig::parse(&m.to_string()).unwrap_or_else(|_| panic!("mocks rejected"));
    let host = || -> Box<dyn asl_core::Host> {
        match config.test_case(Some("M"), Some("T")) {
            Ok(host) => Box::new(host.with_seed(seed)),
            Err(e) => panic!("no test case: {e}"),
        }
    };
    let options = ExecOptions {
        seed,
        ..ExecOptions::default()
    };
    let render = |mut exec: Execution| {
        exec.run_to_end();
        let events: Vec<Value> = exec.events().iter().map(|e| e.to_json()).collect();
        serde_json::to_string(&events).unwrap_or_default()
    };
    let machine = Machine::compile(definition).unwrap_or_else(|e| panic!("compile: {e:?}"));
    let mut out: Vec<String> = (0..2)
        .map(|_| {
            render(Execution::start(
                &machine,
                input.clone(),
                options.clone(),
                host(),
            ))
        })
        .collect();
    let fresh = Execution::new(definition, input.clone(), options.clone(), host())
        .unwrap_or_else(|e| panic!("new: {e:?}"));
    out.push(render(fresh));
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn one_compiled_machine_runs_like_new(
        kinds in proptest::collection::vec((0u8..6, 0u32..1000), 1..8),
        items in proptest::collection::vec(0i64..10, 0..4),
        seed in any::<u64>(),
    ) {
        let def = machine(&kinds);
        let input = json!({"items": items});
        let m = mocks(
            json!({"S0": "R", "S1": "R", "S2": "R", "S3": "R", "S4": "R", "S5": "R", "S6": "R", "S7": "R"}),
            json!({"R": {"0-100": {"Return": {"Payload": 2}}}}),
        );
        let runs = shared_machine_histories(&def, &input, &m, seed);
        prop_assert!(runs[0].contains("ExecutionStarted"));
        prop_assert_eq!(&runs[0], &runs[1]);
        prop_assert_eq!(&runs[0], &runs[2]);
    }
}
