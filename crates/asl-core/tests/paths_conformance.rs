//! Sanity check of the data layer against the cases recorded from AWS: every case whose
//! machine uses only Pass and Choice states (JSONPath mode, no variables) is run by a tiny
//! walker built from `paths`, `template` and `choice`. The full interpreter lives in `exec`;
//! this test only makes sure the data layer agrees with AWS on the cases it can run alone.
//!
//! Cases are read from `../shared/conformance` (never copied into the repository); the test
//! prints a message and passes when that folder is missing.

mod common;

use std::path::PathBuf;

use asl_core::choice::Rule;
use asl_core::paths::{apply_result_path, Path, ReferencePath, Scope};
use asl_core::template::Template;
use asl_core::Doc;
use asl_core::StatesError;
use serde_json::{json, Value};

/// Fields this walker understands; a case using anything else is skipped.
const PASS_FIELDS: &[&str] = &[
    "Type",
    "Next",
    "End",
    "Comment",
    "InputPath",
    "Parameters",
    "Result",
    "ResultPath",
    "OutputPath",
];
const CHOICE_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "Choices",
    "Default",
    "InputPath",
    "OutputPath",
];

enum Outcome {
    Succeeded(Value),
    Failed(StatesError),
}

fn supported(definition: &Value) -> bool {
    let top_ok = definition.as_object().is_some_and(|m| {
        m.keys()
            .all(|k| matches!(k.as_str(), "StartAt" | "States" | "Comment"))
    });
    let states_ok = definition["States"].as_object().is_some_and(|states| {
        states.values().all(|s| {
            let fields: &[&str] = match s["Type"].as_str() {
                Some("Pass") => PASS_FIELDS,
                Some("Choice") => CHOICE_FIELDS,
                _ => return false,
            };
            s.as_object()
                .is_some_and(|m| m.keys().all(|k| fields.contains(&k.as_str())))
        })
    });
    top_ok && states_ok
}

fn select(path: Option<&Value>, data: &Doc, context: &Doc) -> Result<Doc, StatesError> {
    match path {
        None => Ok(data.clone()),
        Some(Value::Null) => Ok(Doc::empty_object()),
        Some(Value::String(text)) => {
            let path = Path::parse(text).map_err(|e| StatesError::new("Invalid", e.message))?;
            path.select(&Scope::new(data, context, &()))
                .map_err(|miss| asl_core::paths::invalid_path_error(&path, &miss))
        }
        Some(_) => Err(StatesError::bare("Invalid")),
    }
}

fn run(definition: &Value, input: Value) -> Result<Outcome, StatesError> {
    let context = Doc::from(json!({"Execution": {"Input": input.clone()}}));
    let input = Doc::from(input);
    let mut name = definition["StartAt"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut data = input;
    for _ in 0..1000 {
        let state = &definition["States"][&name];
        let effective = match select(state.get("InputPath"), &data, &context) {
            Ok(v) => v,
            Err(e) => return Ok(Outcome::Failed(e)),
        };
        let next = if state["Type"] == "Choice" {
            let rules = state["Choices"]
                .as_array()
                .map(|r| r.iter().map(Rule::compile).collect::<Result<Vec<_>, _>>())
                .unwrap_or_else(|| Ok(Vec::new()))
                .map_err(|m| StatesError::new("Invalid", m))?;
            let scope = Scope::new(&effective, &context, &());
            let chosen = match asl_core::choice::choose_compiled(&rules, &scope) {
                Ok(c) => c,
                Err(e) => return Ok(Outcome::Failed(e)),
            };
            let next = match chosen {
                Some(i) => state["Choices"][i]["Next"].as_str(),
                None => state["Default"].as_str(),
            };
            let Some(next) = next else {
                return Ok(Outcome::Failed(StatesError::bare("States.NoChoiceMatched")));
            };
            data = match select(state.get("OutputPath"), &effective, &context) {
                Ok(v) => v,
                Err(e) => return Ok(Outcome::Failed(e)),
            };
            Some(next.to_string())
        } else {
            let result = if let Some(result) = state.get("Result") {
                Doc::from(result)
            } else if let Some(parameters) = state.get("Parameters") {
                let template = Template::compile(parameters)
                    .map_err(|e| StatesError::new("Invalid", e.message))?;
                match template.evaluate(&Scope::new(&effective, &context, &()), &mut || 7) {
                    Ok(v) => v,
                    Err(e) => return Ok(Outcome::Failed(e)),
                }
            } else {
                effective.clone()
            };
            let result_path = match state.get("ResultPath") {
                None => Some(
                    ReferencePath::parse("$")
                        .map_err(|e| StatesError::new("Invalid", e.message))?,
                ),
                Some(Value::Null) => None,
                Some(Value::String(text)) => Some(
                    ReferencePath::parse(text)
                        .map_err(|e| StatesError::new("Invalid", e.message))?,
                ),
                Some(_) => return Err(StatesError::bare("Invalid")),
            };
            let combined = match apply_result_path(data.clone(), result, result_path.as_ref()) {
                Ok(v) => v,
                Err(e) => return Ok(Outcome::Failed(e)),
            };
            data = match select(state.get("OutputPath"), &combined, &context) {
                Ok(v) => v,
                Err(e) => return Ok(Outcome::Failed(e)),
            };
            state["Next"].as_str().map(str::to_string)
        };
        match next {
            Some(next) => name = next,
            None => return Ok(Outcome::Succeeded(data.to_value())),
        }
    }
    Err(StatesError::bare("too many transitions"))
}

fn read(path: PathBuf) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

#[test]
fn pass_and_choice_cases_match_aws() {
    let dir = common::files::conformance_dir().join("cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: no conformance cases at {}", dir.display());
        return;
    };
    let mut ids: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    ids.sort();
    let (mut passed, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for case in ids {
        let (Some(definition), Some(input), Some(expected)) = (
            read(case.join("definition.json")),
            read(case.join("input.json")),
            read(case.join("expected.json")),
        ) else {
            skipped += 1;
            continue;
        };
        if !supported(&definition) {
            skipped += 1;
            continue;
        }
        let id = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ok = match (run(&definition, input), expected["status"].as_str()) {
            (Ok(Outcome::Succeeded(output)), Some("SUCCEEDED")) => output == expected["output"],
            (Ok(Outcome::Failed(error)), Some("FAILED")) => expected
                .get("error")
                .is_none_or(|e| e.as_str() == Some(error.error.as_str())),
            _ => false,
        };
        if ok {
            passed += 1;
        } else {
            failures.push(id);
        }
    }
    println!(
        "data-layer conformance: {passed} passed, {} failed, {skipped} skipped (need the interpreter)",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "cases that disagree with AWS: {failures:#?}"
    );
    assert!(passed > 0, "no case was runnable");
}
