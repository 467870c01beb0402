//! Recorded AWS cases (tag `jsonata`) run through the JSONata layer by a tiny, test-only
//! walker of `Pass`, `Choice`, `Succeed`, `Fail`, `Wait` and inline `Map` states. It is not the interpreter (that
//! lives in `exec`); it exists to check this layer's values and error texts against AWS.
//! Cases with other state types, mocks or JSONPath states are skipped and counted.
//!
//! The cases are read from `../shared/conformance` next to the repository; without that
//! folder the test prints a message and passes.
//!
//! What the 75 cases tagged `jsonata` exercise (59 run here):
//! - `test_array_jsonata` (24): `$partition` and `$range` in a Pass `Output`.
//! - `test_assign_reference_variables` undefined cases (3): "returned nothing (undefined)"
//!   causes naming `Output`, `Output/result` and `Arguments/FunctionName` (the last needs a
//!   Task, so it is skipped here).
//! - `test_base_scenarios` Map items (8): `expect_array` texts for non-array input, and
//!   `ItemSelector` with `$states.context.Map.Item.Value`; Wait (6): `Seconds` and the
//!   `expect_timestamp` text (the recorded inputs were redacted to `"timestamp"`, so those five
//!   causes cannot match); Fail `Error`/`Cause` expressions; choice `Condition`s; escaped quotes.
//! - `test_assign_base`, `test_output`, `test_base_query_language`, `test_mixed_query_language`:
//!   Assign/Output in Pass and Choice states, variables across states, per-state
//!   `QueryLanguage`.
//! - Skipped (16): Task/Catch/Retry cases with mocks (`test_arguments`, `test_error_output`,
//!   `test_credentials_base`, lambda data flow) and JSONPath states with path processing;
//!   they need the interpreter.

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

use std::path::Path;

use asl_core::jsonata::{
    expect_array, expect_bool, expect_integer, expect_string, expect_timestamp, CompiledTemplate,
    Env, FieldError,
};
use indexmap::IndexMap;
use serde_json::{json, Value};

use common::files::conformance_dir;

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&common::files::read_to_string(path)?).ok()
}

/// How a walked execution ended.
#[derive(Debug, PartialEq)]
enum End {
    Succeeded(Value),
    Failed {
        error: Option<String>,
        cause: Option<String>,
    },
}

/// Fails a state as the interpreter will: AWS's prefix naming the state and its entry event.
fn fail(state: &str, entered: usize, e: FieldError) -> End {
    End::Failed {
        error: Some(e.error.error),
        cause: e.error.cause.map(|c| {
            format!("An error occurred while executing the state '{state}' (entered at the event id #{entered}). {c}")
        }),
    }
}

fn template(
    value: Option<&Value>,
    env: &Env<'_>,
    location: &str,
) -> Result<Option<Value>, FieldError> {
    let Some(value) = value else { return Ok(None) };
    let compiled = CompiledTemplate::compile(value)
        .map_err(|e| FieldError::new(location, format!("syntax error: {e:?}")))?;
    compiled.evaluate(env, location).map(Some)
}

/// True when a JSONPath `Assign` value selects data (`"key.$"` at any depth).
fn has_path_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.ends_with(".$") || has_path_key(v)),
        Value::Array(items) => items.iter().any(has_path_key),
        _ => false,
    }
}

/// Walks the machine; `None` when it uses something this walker does not model.
fn walk(definition: &Value, input: Value) -> Option<End> {
    let top_jsonata = definition.get("QueryLanguage") == Some(&json!("JSONata"));
    let mut event_id = 2; // ExecutionStarted is #1.
    walk_states(
        definition,
        input,
        &IndexMap::new(),
        top_jsonata,
        &mut event_id,
    )
}

/// Walks `machine` (the state machine or a Map's `ItemProcessor`) with `outer` variables.
fn walk_states(
    machine: &Value,
    input: Value,
    outer: &IndexMap<String, Value>,
    top_jsonata: bool,
    event_id: &mut usize,
) -> Option<End> {
    let states = machine.get("States")?.as_object()?;
    let is_jsonata = |state: &Value| match state.get("QueryLanguage") {
        Some(lang) => lang == "JSONata",
        None => top_jsonata,
    };
    for state in states.values() {
        let kind = state.get("Type").and_then(Value::as_str);
        let supported = if is_jsonata(state) {
            matches!(
                kind,
                Some("Pass" | "Choice" | "Succeed" | "Fail" | "Wait" | "Map")
            )
        } else {
            // A JSONPath state without any path processing passes its input through and
            // assigns literal values; anything more belongs to the interpreter.
            const PATH_FIELDS: &[&str] = &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "Result",
                "ResultPath",
                "ResultSelector",
                "ErrorPath",
                "CausePath",
            ];
            matches!(kind, Some("Pass" | "Succeed" | "Fail"))
                && PATH_FIELDS.iter().all(|f| state.get(*f).is_none())
                && !state.get("Assign").is_some_and(has_path_key)
        };
        if !supported {
            return None;
        }
    }
    let mut variables = outer.clone();
    let mut name = machine.get("StartAt")?.as_str()?.to_string();
    let mut data = input;
    for _ in 0..100 {
        let state = states.get(&name)?;
        let entered = *event_id;
        *event_id += 2; // entered + exited
        let kind = state.get("Type").and_then(Value::as_str)?;
        if !is_jsonata(state) {
            if kind == "Fail" {
                let text = |f: &str| state.get(f).and_then(Value::as_str).map(String::from);
                return Some(End::Failed {
                    error: text("Error"),
                    cause: text("Cause"),
                });
            }
            if let Some(Value::Object(map)) = state.get("Assign") {
                variables.extend(map.clone());
            }
            if kind == "Succeed" || state.get("End") == Some(&json!(true)) {
                return Some(End::Succeeded(data));
            }
            name = state.get("Next")?.as_str()?.to_string();
            continue;
        }
        let env = Env::new(&data).with_variables(&variables);
        let (mut assign, mut output, mut next) =
            (state.get("Assign"), state.get("Output"), state.get("Next"));
        let mut result = None;
        match kind {
            "Fail" => {
                let text = |field: &str| -> Result<Option<String>, FieldError> {
                    match template(state.get(field), &env, field)? {
                        Some(v) => expect_string(&v, field).map(|s| Some(s.to_string())),
                        None => Ok(None),
                    }
                };
                return Some(match (text("Error"), text("Cause")) {
                    (Ok(error), Ok(cause)) => End::Failed { error, cause },
                    (Err(e), _) | (_, Err(e)) => fail(&name, entered, e),
                });
            }
            "Choice" => {
                let mut matched = None;
                for (i, rule) in state.get("Choices")?.as_array()?.iter().enumerate() {
                    let location = format!("Choices[{i}]/Condition");
                    let verdict = template(rule.get("Condition"), &env, &location)
                        .and_then(|v| expect_bool(&v.unwrap_or(Value::Null), &location));
                    match verdict {
                        Ok(true) => {
                            matched = Some(rule);
                            break;
                        }
                        Ok(false) => {}
                        Err(e) => return Some(fail(&name, entered, e)),
                    }
                }
                match matched {
                    Some(rule) => {
                        assign = rule.get("Assign").or(assign);
                        output = rule.get("Output").or(output);
                        next = rule.get("Next");
                    }
                    None => next = state.get("Default"),
                }
                if next.is_none() {
                    return Some(End::Failed {
                        error: Some("States.NoChoiceMatched".into()),
                        cause: None,
                    });
                }
            }
            "Wait" => {
                let checked = match (state.get("Seconds"), state.get("Timestamp")) {
                    (Some(seconds), _) => template(Some(seconds), &env, "Seconds")
                        .and_then(|v| {
                            expect_integer(&v.unwrap_or(Value::Null), "Seconds", 0, 99_999_999)
                        })
                        .map(drop),
                    (_, Some(timestamp)) => template(Some(timestamp), &env, "Timestamp")
                        .and_then(|v| expect_timestamp(&v.unwrap_or(Value::Null), "Timestamp"))
                        .map(drop),
                    _ => return None,
                };
                if let Err(e) = checked {
                    return Some(fail(&name, entered, e));
                }
            }
            "Map" => {
                let items = match template(state.get("Items"), &env, "Items") {
                    Ok(v) => v.unwrap_or_else(|| data.clone()),
                    Err(e) => return Some(fail(&name, entered, e)),
                };
                let items = match expect_array(&items, "Items") {
                    Ok(items) => items.clone(),
                    Err(e) => return Some(fail(&name, entered, e)),
                };
                let processor = state
                    .get("ItemProcessor")
                    .or_else(|| state.get("Iterator"))?;
                let mut results = Vec::new();
                for (index, item) in items.into_iter().enumerate() {
                    let context = json!({"Map": {"Item": {"Index": index, "Value": item}}});
                    let item_env = Env::new(&data)
                        .with_variables(&variables)
                        .with_context(&context);
                    let selected =
                        match template(state.get("ItemSelector"), &item_env, "ItemSelector") {
                            Ok(v) => v.unwrap_or(item),
                            Err(e) => return Some(fail(&name, entered, e)),
                        };
                    match walk_states(processor, selected, &variables, top_jsonata, &mut 0)? {
                        End::Succeeded(v) => results.push(v),
                        failed => return Some(failed),
                    }
                }
                result = Some(Value::Array(results));
            }
            _ => {}
        }
        // Assign and Output both see the state's input and the variables as they were.
        let env = match &result {
            Some(result) => Env::new(&data)
                .with_variables(&variables)
                .with_result(result),
            None => env,
        };
        let assigned = match template(assign, &env, "Assign") {
            Ok(v) => v,
            Err(e) => return Some(fail(&name, entered, e)),
        };
        let out = match template(output, &env, "Output") {
            Ok(v) => v.unwrap_or_else(|| result.clone().unwrap_or_else(|| data.clone())),
            Err(e) => return Some(fail(&name, entered, e)),
        };
        drop(env);
        if let Some(Value::Object(map)) = assigned {
            variables.extend(map);
        }
        data = out;
        if kind == "Succeed" || state.get("End") == Some(&json!(true)) {
            return Some(End::Succeeded(data));
        }
        name = next?.as_str()?.to_string();
    }
    None
}

#[test]
fn recorded_jsonata_cases() {
    let dir = conformance_dir();
    let Some(manifest) = read_json(&dir.join("manifest.json")) else {
        common::say(&format!(
            "skipped: no conformance cases at {}",
            dir.display()
        ));
        return;
    };
    let cases = manifest["cases"].as_array().cloned().unwrap_or_default();
    let (mut passed, mut skipped, mut failures) = (0, 0, Vec::new());
    let (mut causes_equal, mut cause_mismatches) = (0, Vec::new());
    for case in cases.iter().filter(|c| {
        c["tags"]
            .as_array()
            .is_some_and(|t| t.contains(&json!("jsonata")))
    }) {
        let id = case["id"].as_str().unwrap_or_default();
        let folder = dir.join("cases").join(id);
        let (Some(definition), Some(input), Some(expected)) = (
            read_json(&folder.join("definition.json")),
            read_json(&folder.join("input.json")),
            read_json(&folder.join("expected.json")),
        ) else {
            skipped += 1;
            continue;
        };
        if case["has_mocks"] == json!(true) {
            skipped += 1;
            continue;
        }
        let Some(end) = walk(&definition, input) else {
            skipped += 1;
            continue;
        };
        // The README's contract: status, then output or error name; the cause is scored
        // apart (some recorded inputs were redacted after the run, so their causes quote
        // values the input no longer holds).
        let ok = match (&end, expected["status"].as_str()) {
            (End::Succeeded(output), Some("SUCCEEDED")) => *output == expected["output"],
            (End::Failed { error, cause }, Some("FAILED")) => {
                if expected.get("cause").is_some() {
                    if cause.as_deref() == expected["cause"].as_str() {
                        causes_equal += 1;
                    } else {
                        cause_mismatches.push(format!("{id}: {cause:?}"));
                    }
                }
                error.as_deref() == expected["error"].as_str()
            }
            _ => false,
        };
        if ok {
            passed += 1;
        } else {
            failures.push(format!("{id}: got {end:?}, expected {expected}"));
        }
    }
    for mismatch in &cause_mismatches {
        common::say(&format!("cause differs: {mismatch}"));
    }
    common::say(&format!(
        "jsonata conformance: {passed} passed, {} failed, {skipped} skipped (need the interpreter); causes: {causes_equal} equal, {} differ",
        failures.len(),
        cause_mismatches.len()
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(passed > 0, "no case ran");
}
