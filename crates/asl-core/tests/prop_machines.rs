//! Properties over generated machines: small graphs (cycles allowed) of Pass, Choice, Wait,
//! Task, Parallel, Map, Fail and Succeed states whose fields are drawn from tables of valid
//! and invalid values, with generated inputs and mock files.
//!
//! - **Determinism**: the same texts run twice give byte-identical history and inspection.
//! - **Validation agrees with execution**: a definition `validate` accepts is never refused
//!   by the interpreter as malformed (`run_texts` setup error, or a run ending in a
//!   `States.Runtime` whose cause says the definition is invalid or an internal error).
//! - **History events round-trip through JSON text**: `to_json` → string → parse is equal.
//!
//! Generation works from bytes: each state is a fixed-size array of random bytes that picks
//! its type, its transition and each field from the tables below, so shrinking makes the
//! failing machine smaller and simpler.

use asl_core::exec::{run_texts, ExecOptions, RunFile, RunRequest};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const LAMBDA: &str = "arn:aws:lambda:us-east-1:123456789012:function:F";

/// Paths: valid, missing, context, non-definite, malformed.
const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.items",
    "$.missing",
    "$.a.b",
    "$$.Execution.Id",
    "$.items[0]",
    "$..a",
    "$.items[*]",
    "bad",
    "$[",
    "",
    "$$.Map.Item.Value",
    "$.s",
];
/// Reference paths for `ResultPath` (`None` leaves the field out, `Some(None)` is JSON null).
const RESULT_PATHS: &[Option<Option<&str>>] = &[
    None,
    None,
    Some(None),
    Some(Some("$")),
    Some(Some("$.r")),
    Some(Some("$.a.r")),
    Some(Some("$.items[0]")),
    Some(Some("$$.x")),
    Some(Some("$.items[*]")),
    Some(Some("$.s.r")),
];

fn template(k: u8) -> Value {
    match k % 12 {
        0 => json!({"x.$": "$.a"}),
        1 => json!({"x.$": "States.Format('{} and {}', $.a, $.s)"}),
        2 => json!({"x.$": "States.ArrayRange(1, 3, 1)"}),
        3 => json!({"x.$": "States.UUID()", "y.$": "States.MathRandom(1, 10)"}),
        4 => json!({"x.$": "States.Bad()"}),
        5 => json!({"x.$": 5}),
        6 => json!({"x": "literal", "n": [1, {"m.$": "$.items"}]}),
        7 => json!({"x.$": "States.StringToJson($.s)"}),
        8 => json!({"c.$": "$$.State.Name", "e.$": "$$.Execution.Input"}),
        9 => json!({"x.$": "States.ArrayGetItem($.items, 0)"}),
        10 => json!({"x.$": "$.missing"}),
        _ => json!("not an object"),
    }
}

fn rule(k: u8, next: &str) -> Value {
    let mut r = match k % 14 {
        0 => json!({"Variable": "$.a", "NumericEquals": 1}),
        1 => json!({"Variable": "$.s", "StringEquals": "x"}),
        2 => json!({"Variable": "$.missing", "IsPresent": true}),
        3 => {
            json!({"And": [{"Variable": "$.a", "IsNumeric": true}, {"Variable": "$.a", "NumericLessThan": 3}]})
        }
        4 => json!({"Not": {"Variable": "$.b", "BooleanEquals": true}}),
        5 => json!({"Variable": "$.a", "NumericGreaterThanPath": "$.n"}),
        6 => json!({"Variable": "$.a", "BooleanEquals": 1}),
        7 => json!({"Variable": "$.t", "TimestampLessThan": "2024-01-01T00:00:00Z"}),
        8 => json!({"Variable": "$.s", "StringMatches": "a*"}),
        9 => json!({"Variable": "$.a"}),
        10 => json!({"Variable": "$.a", "NumericEquals": "1"}),
        11 => json!({"Or": []}),
        12 => json!({"Variable": "$.items[0]", "NumericGreaterThanEquals": 0}),
        _ => json!({"Variable": "$$.State.Name", "StringEquals": "C"}),
    };
    if let Value::Object(m) = &mut r {
        m.insert("Next".into(), json!(next));
    }
    r
}

fn retry(k: u8) -> Value {
    match k % 6 {
        0 => json!([{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}]),
        1 => json!([{"ErrorEquals": ["E1"], "BackoffRate": 2.5, "JitterStrategy": "FULL"}]),
        2 => json!([{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 0}]),
        3 => json!([{"ErrorEquals": []}]),
        4 => json!([{"ErrorEquals": ["States.ALL", "E1"]}]),
        _ => json!({"ErrorEquals": ["E1"]}),
    }
}

fn catch(k: u8, next: &str) -> Value {
    match k % 5 {
        0 => json!([{"ErrorEquals": ["States.ALL"], "Next": next}]),
        1 => json!([{"ErrorEquals": ["E1"], "Next": next, "ResultPath": "$.err"}]),
        2 => json!([{"ErrorEquals": ["States.TaskFailed"], "Next": "Nowhere"}]),
        3 => json!([{"ErrorEquals": ["States.ALL"], "Next": next, "ResultPath": "$.items[9]"}]),
        _ => json!([{"ErrorEquals": ["States.Timeout"]}]),
    }
}

/// Sets `key` from a table entry of optional paths.
fn set_path(state: &mut Map<String, Value>, key: &str, k: u8) {
    if k.is_multiple_of(3) {
        state.insert(key.into(), json!(PATHS[usize::from(k) % PATHS.len()]));
    }
}

/// A small inner state machine (Parallel branch, Map processor) with one state named
/// `name`: a Pass, a Task (mocked under `name`) or a Fail.
fn inner(k: u8, name: &str, tasks: &mut Vec<String>) -> Value {
    let state = match k % 4 {
        0 | 1 => json!({"Type": "Pass", "Parameters": template(k / 4), "End": true}),
        2 => {
            tasks.push(name.to_string());
            json!({"Type": "Task", "Resource": LAMBDA, "End": true})
        }
        _ => json!({"Type": "Fail", "Error": "Inner", "Cause": "inner failure"}),
    };
    json!({"StartAt": name, "States": {name: state}})
}

/// Builds a definition from one byte array per state, and the names of its Task states.
fn machine(states: &[[u8; 10]]) -> (Value, Vec<String>) {
    let n = states.len();
    let name = |i: usize| format!("S{i}");
    let mut tasks = Vec::new();
    let mut all = Map::new();
    for (i, b) in states.iter().enumerate() {
        let target = usize::from(b[1]) % (n + 1);
        // `n` means End; the rest name any state, backwards too (loops end by the budget).
        let next = (target < n).then(|| name(target));
        let next_or_first = next.clone().unwrap_or_else(|| name(0));
        let mut s = Map::new();
        let kind = b[0] % 8;
        let type_name = [
            "Pass", "Choice", "Wait", "Task", "Parallel", "Map", "Fail", "Succeed",
        ][usize::from(kind)];
        s.insert("Type".into(), json!(type_name));
        match kind {
            0 => {
                match b[2] % 4 {
                    0 => {
                        s.insert("Result".into(), json!({"r": b[3]}));
                    }
                    1 => {
                        s.insert("Parameters".into(), template(b[3]));
                    }
                    _ => {}
                }
                set_path(&mut s, "InputPath", b[4]);
                set_path(&mut s, "OutputPath", b[5]);
            }
            1 => {
                let mut choices = vec![rule(b[2], &next_or_first)];
                if b[3] % 2 == 0 {
                    choices.push(rule(b[3] / 2, &name(usize::from(b[4]) % n)));
                }
                s.insert("Choices".into(), Value::Array(choices));
                if b[5] % 3 != 0 {
                    s.insert("Default".into(), json!(name(usize::from(b[5]) % n)));
                }
                set_path(&mut s, "InputPath", b[6]);
            }
            2 => {
                let (key, value) = match b[2] % 8 {
                    0 => ("Seconds", json!(5)),
                    1 => ("Seconds", json!(-1)),
                    2 => ("Seconds", json!("x")),
                    3 => ("SecondsPath", json!("$.a")),
                    4 => ("Timestamp", json!("2024-01-02T00:00:00Z")),
                    5 => ("Timestamp", json!("yesterday")),
                    6 => ("TimestampPath", json!("$.t")),
                    _ => ("SecondsPath", json!("$.s")),
                };
                s.insert(key.into(), value);
            }
            3 => {
                tasks.push(name(i));
                s.insert("Resource".into(), json!(LAMBDA));
                if b[2] % 2 == 0 {
                    s.insert("Retry".into(), retry(b[2] / 2));
                }
                if b[3] % 2 == 0 {
                    s.insert("Catch".into(), catch(b[3] / 2, &next_or_first));
                }
                match b[4] % 5 {
                    0 => {
                        s.insert("ResultSelector".into(), template(b[5]));
                    }
                    1 => {
                        s.insert("TimeoutSeconds".into(), json!(b[5] % 4));
                    }
                    2 => {
                        s.insert("Parameters".into(), template(b[5]));
                    }
                    _ => {}
                }
            }
            4 => {
                let branches: Vec<Value> = (0..1 + usize::from(b[2] % 2))
                    .map(|j| inner(b[3].wrapping_add(j as u8), &format!("S{i}B{j}"), &mut tasks))
                    .collect();
                s.insert("Branches".into(), Value::Array(branches));
                if b[4] % 2 == 0 {
                    s.insert("Catch".into(), catch(b[4] / 2, &next_or_first));
                }
            }
            5 => {
                let key = if b[2] % 4 == 0 {
                    "Iterator"
                } else {
                    "ItemProcessor"
                };
                s.insert(key.into(), inner(b[3], &format!("S{i}I"), &mut tasks));
                set_path(&mut s, "ItemsPath", b[4].wrapping_mul(3));
                match b[5] % 5 {
                    0 => {
                        s.insert("MaxConcurrency".into(), json!(1));
                    }
                    1 => {
                        s.insert("MaxConcurrency".into(), json!(-1));
                    }
                    2 => {
                        s.insert("ToleratedFailurePercentage".into(), json!(50));
                    }
                    3 => {
                        s.insert("ItemSelector".into(), template(b[6]));
                    }
                    _ => {}
                }
            }
            6 => match b[2] % 4 {
                0 => {
                    s.insert("Error".into(), json!("Boom"));
                    s.insert("Cause".into(), json!("it broke"));
                }
                1 => {
                    s.insert("ErrorPath".into(), json!("$.s"));
                }
                2 => {
                    s.insert("CausePath".into(), json!("States.Format('{}', $.a)"));
                }
                _ => {}
            },
            _ => {}
        }
        if !matches!(kind, 1 | 6 | 7) {
            if let Some(rp) = RESULT_PATHS[usize::from(b[7]) % RESULT_PATHS.len()] {
                if kind != 2 {
                    s.insert("ResultPath".into(), rp.map_or(Value::Null, |p| json!(p)));
                }
            }
            match &next {
                Some(next) => s.insert("Next".into(), json!(next)),
                None => s.insert("End".into(), json!(true)),
            };
        }
        // Now and then a defect the validator must catch: an unknown field, a wrong type.
        match b[8] % 24 {
            0 => {
                s.insert("Bogus".into(), json!(1));
            }
            1 => {
                s.insert("Comment".into(), json!(7));
            }
            2 => {
                s.insert("Next".into(), json!("Nowhere"));
            }
            _ => {}
        }
        all.insert(name(i), Value::Object(s));
    }
    // Step Functions refuses states that no transition reaches, so keep only the reachable.
    // (Mocks for the Task states dropped here are simply never used.)
    let all = reachable_only(all);
    let mut definition = json!({"StartAt": "S0", "States": all});
    if states.first().is_some_and(|b| b[9] % 16 == 0) {
        definition["TimeoutSeconds"] = json!(30);
    }
    (definition, tasks)
}

/// The states reachable from `S0` through `Next`, `Default` and the `Next` of Choice rules
/// and catchers (found anywhere inside a state, an over-approximation for nested scopes).
fn reachable_only(mut all: Map<String, Value>) -> Map<String, Value> {
    fn targets(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("Next" | "Default", Value::String(t)) => out.push(t.clone()),
                        _ => targets(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| targets(v, out)),
            _ => {}
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut todo = vec!["S0".to_string()];
    while let Some(name) = todo.pop() {
        if let Some(state) = all.get(&name) {
            if seen.insert(name) {
                targets(state, &mut todo);
            }
        }
    }
    all.retain(|name, _| seen.contains(name));
    all
}

/// A mock file giving each Task state a response: returns and throws by invocation.
fn mock_file(tasks: &[String], k: u8) -> Value {
    let mut case = Map::new();
    let mut responses = Map::new();
    for (i, task) in tasks.iter().enumerate() {
        let r = format!("R{i}");
        case.insert(task.clone(), json!(r));
        let pick = k.wrapping_add(i as u8);
        let entry = match pick % 4 {
            0 => {
                json!({"0": {"Return": {"ok": true, "n": i}}, "1-3": {"Throw": {"Error": "E1", "Cause": "retry me"}}})
            }
            1 => json!({"0-1": {"Throw": {"Error": "E1", "Cause": "x"}}, "2": {"Return": [1, 2]}}),
            2 => json!({"0": {"Throw": {"Error": "States.TaskFailed", "Cause": "down"}}}),
            _ => {
                json!({"0-9": {"Return": {"Payload": "p"}, "x-asl-playground": {"durationSeconds": 5}}})
            }
        };
        responses.insert(r, entry);
    }
    json!({"StateMachines": {"M": {"TestCases": {"C": case}}}, "MockedResponses": responses})
}

fn input(k: u8) -> Value {
    match k % 5 {
        0 => {
            json!({"a": 1, "n": 0, "s": "{\"k\": 2}", "items": [1, 2, 3], "t": "2023-06-01T00:00:00Z", "b": false})
        }
        1 => json!({"a": 7, "s": "abc", "items": []}),
        2 => json!({"a": "one", "items": [{"a": 1}, {"a": 2}]}),
        3 => json!([1, 2]),
        _ => json!({}),
    }
}

fn states() -> impl Strategy<Value = Vec<[u8; 10]>> {
    proptest::collection::vec(any::<[u8; 10]>(), 1..6)
}

struct Texts {
    definition: String,
    input: String,
    mocks: String,
}

fn texts(states: &[[u8; 10]], k: u8) -> Texts {
    let (definition, tasks) = machine(states);
    Texts {
        definition: serde_json::to_string_pretty(&definition).unwrap_or_default(),
        input: input(k).to_string(),
        mocks: mock_file(&tasks, k).to_string(),
    }
}

fn request(t: &Texts) -> RunRequest<'_> {
    RunRequest {
        definition: &t.definition,
        input: &t.input,
        mocks: Some(&t.mocks),
        options: ExecOptions {
            max_events: 400,
            seed: 42,
            ..ExecOptions::default()
        },
        ..RunRequest::default()
    }
}

/// The whole observable result of a run as text, or the setup error.
fn observe(t: &Texts) -> String {
    match run_texts(&request(t)) {
        Ok(result) => result.to_json(true, true).to_string(),
        Err(e) => format!("setup {:?}: {:?}", e.file, e.diagnostics),
    }
}

proptest! {
    // About one generated machine in five is valid; the second property skips the others.
    #![proptest_config(ProptestConfig {
        cases: 256,
        max_global_rejects: 20_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn same_texts_same_history(states in states(), k in any::<u8>()) {
        let t = texts(&states, k);
        let first = observe(&t);
        let second = observe(&t);
        prop_assert_eq!(first, second, "definition: {}", t.definition);
    }

    #[test]
    fn validation_accepts_only_what_runs(states in states(), k in any::<u8>()) {
        let t = texts(&states, k);
        let report = asl_core::validate::validate(&t.definition);
        prop_assume!(report.is_valid());
        match run_texts(&request(&t)) {
            Err(e) => prop_assert!(
                e.file != RunFile::Definition,
                "validate accepted a definition the interpreter refuses: {:?}\n{}",
                e.diagnostics, t.definition
            ),
            Ok(result) => {
                if let Some(error) = result.execution.error() {
                    let cause = error.cause.clone().unwrap_or_default();
                    prop_assert!(
                        !cause.contains("Invalid definition") && !cause.contains("internal"),
                        "run ended as malformed: {} {}\n{}", error.error, cause, t.definition
                    );
                }
            }
        }
    }

    #[test]
    fn history_events_round_trip_through_text(states in states(), k in any::<u8>()) {
        let t = texts(&states, k);
        if let Ok(result) = run_texts(&request(&t)) {
            let exec = &result.execution;
            for event in exec.events() {
                let value = event.to_json();
                let back: Value = serde_json::from_str(&value.to_string())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(back, value);
            }
            for visit in exec.inspection() {
                let value = visit.to_json();
                let back: Value = serde_json::from_str(&value.to_string())
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(back, value);
            }
        }
    }
}

/// The generator reaches every state type and produces valid machines often enough for the
/// second property to mean something.
#[test]
fn the_generator_makes_valid_machines_of_every_type() {
    let mut valid = 0;
    let mut types = std::collections::BTreeSet::new();
    for seed in 0u16..400 {
        let b = seed.to_le_bytes();
        let states: Vec<[u8; 10]> = (0..3u8)
            .map(|j| {
                let mut s = [0u8; 10];
                for (x, v) in s.iter_mut().enumerate() {
                    *v = b[0]
                        .wrapping_mul(31)
                        .wrapping_add(b[1])
                        .wrapping_add(j.wrapping_mul(17))
                        .wrapping_add((x as u8).wrapping_mul(7))
                        .rotate_left(u32::from(j) + x as u32);
                }
                s
            })
            .collect();
        let t = texts(&states, b[0]);
        if asl_core::validate::validate(&t.definition).is_valid() {
            valid += 1;
        }
        let (definition, _) = machine(&states);
        if let Some(states) = definition["States"].as_object() {
            for s in states.values() {
                types.insert(s["Type"].as_str().unwrap_or("").to_string());
            }
        }
    }
    assert!(
        valid >= 20,
        "only {valid} of 400 generated machines are valid"
    );
    assert_eq!(types.len(), 8, "{types:?}");
}
