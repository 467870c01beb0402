//! Runs the state under test once and writes the response.

use serde_json::{json, Map, Value};

use super::request::{Mock, Request};
use super::{schema, BadRequest, INVALID_DEFINITION, OFFLINE_MOCK_REQUIRED, VALIDATION};
use crate::diagnostics::Severity;
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::exec::{ExecOptions, Execution, Machine, Status};
use crate::host::{Host, TaskCall, TaskOutcome};

/// The state's name when the definition is a single state (AWS's `$$.State.Name` then).
const SINGLE_STATE_NAME: &str = "StateName";
/// The resource of the Task a mocked Map or Parallel runs as.
const MOCK_RESOURCE: &str = "arn:aws:states:::asl-playground:test-state-mock";
/// Fields a Map or Parallel keeps when it runs as that Task (its data flow around the work).
const KEPT_AROUND_WORK: &[&str] = &[
    "Comment",
    "QueryLanguage",
    "InputPath",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Output",
    "Assign",
    "Catch",
    "Next",
    "End",
];
const NOT_MOCKABLE: &[&str] = &["Pass", "Wait", "Choice", "Succeed", "Fail"];

/// Hands out the mocked outcome once (later calls belong to states after the tested one).
struct MockHost(Option<TaskOutcome>);

impl Host for MockHost {
    fn invoke(&mut self, _call: &TaskCall<'_>) -> TaskOutcome {
        self.0.take().unwrap_or(TaskOutcome::Return {
            output: Doc::Null,
            duration_ms: 0,
            unmocked: true,
        })
    }
    fn random_u64(&mut self) -> u64 {
        0
    }
}

fn bad(name: &'static str, message: impl Into<String>) -> BadRequest {
    BadRequest::new(name, message)
}

/// The state under test, its name and the machine it runs in.
fn locate(request: &Request) -> Result<(String, Map<String, Value>, Value), BadRequest> {
    let Some(definition) = request.definition.as_object() else {
        return Err(bad(
            INVALID_DEFINITION,
            "Invalid State Machine Definition: the definition must be a JSON object",
        ));
    };
    if let Some(name) = &request.state_name {
        let state = definition
            .get("States")
            .and_then(|s| s.get(name))
            .and_then(Value::as_object)
            .ok_or_else(|| {
                bad(
                    VALIDATION,
                    format!("State '{name}' does not exist in the state machine definition."),
                )
            })?;
        return Ok((name.clone(), state.clone(), request.definition.clone()));
    }
    if definition.contains_key("States") {
        return Err(bad(
            INVALID_DEFINITION,
            "Invalid State Machine Definition: a state machine definition needs stateName to say which state to test",
        ));
    }
    // A single state: wrapped in a machine whose other states are the targets it names.
    let mut states = Map::new();
    states.insert(SINGLE_STATE_NAME.into(), request.definition.clone());
    for target in targets(definition) {
        if target != SINGLE_STATE_NAME {
            states.insert(target, json!({ "Type": "Succeed" }));
        }
    }
    let machine = json!({ "StartAt": SINGLE_STATE_NAME, "States": states });
    Ok((SINGLE_STATE_NAME.into(), definition.clone(), machine))
}

/// The states a state may move to: `Next`, `Default`, each Choice rule's and catcher's `Next`.
fn targets(state: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: Option<&Value>| {
        if let Some(name) = v.and_then(Value::as_str) {
            out.push(name.to_owned());
        }
    };
    push(state.get("Next"));
    push(state.get("Default"));
    for list in ["Choices", "Catch"] {
        for rule in state
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            push(rule.get("Next"));
        }
    }
    out
}

fn check_definition(machine: &Value) -> Result<(), BadRequest> {
    let report = crate::validate::validate(&machine.to_string());
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{} at /{}: {}",
                d.code,
                d.pointer.trim_start_matches('/'),
                d.message
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(bad(
            INVALID_DEFINITION,
            format!("Invalid State Machine Definition: '{}'", errors.join(", ")),
        ))
    }
}

/// Whether `name` is a state somewhere inside `state`'s branches or item processor.
fn has_inner_state(state: &Value, name: &str) -> bool {
    let graphs = ["ItemProcessor", "Iterator"]
        .iter()
        .filter_map(|k| state.get(*k))
        .chain(
            state
                .get("Branches")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
    for graph in graphs.collect::<Vec<_>>() {
        if let Some(states) = graph.get("States").and_then(Value::as_object) {
            if states.contains_key(name) || states.values().any(|s| has_inner_state(s, name)) {
                return true;
            }
        }
    }
    false
}

/// The checks AWS makes before running anything.
fn check_request(request: &Request, state: &Map<String, Value>) -> Result<(), BadRequest> {
    let state_type = state.get("Type").and_then(Value::as_str).unwrap_or("");
    let is_map = state_type == "Map";
    let is_parallel = state_type == "Parallel";
    match &request.mock {
        Some(_) if NOT_MOCKABLE.contains(&state_type) => {
            return Err(bad(
                VALIDATION,
                format!("State type '{state_type}' is not supported when a mock is specified"),
            ))
        }
        None if is_map || is_parallel => {
            return Err(bad(
                INVALID_DEFINITION,
                "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]",
            ))
        }
        None if state_type == "Task" && !request.has_role_arn => {
            return Err(bad(VALIDATION, "RoleArn must be specified when testing a Task state"))
        }
        None if state_type == "Task" => {
            return Err(bad(
                OFFLINE_MOCK_REQUIRED,
                "Without a mock, TestState calls the service named by Resource; offline there is none to call. Give mock.result or mock.errorOutput.",
            ))
        }
        Some(Mock::Result(result)) if is_map => {
            if state.contains_key("ResultWriter") {
                if !result.is_object() {
                    return Err(bad(VALIDATION, "Mocked result must be a JSON object."));
                }
            } else if !result.is_array() {
                return Err(bad(VALIDATION, "Mocked result must be an array."));
            }
        }
        Some(Mock::Result(result)) if is_parallel => {
            let Some(items) = result.as_array() else {
                return Err(bad(VALIDATION, "Mocked result must be an array."));
            };
            let branches = state.get("Branches").and_then(Value::as_array).map_or(0, Vec::len);
            if items.len() != branches {
                return Err(bad(
                    VALIDATION,
                    "Mocked result must contain the same number of items as number of Parallel branches.",
                ));
            }
        }
        Some(Mock::Result(result)) if state_type == "Task" => {
            let resource = state.get("Resource").and_then(Value::as_str).unwrap_or("");
            if let Some(shape) = schema::shape_of(resource) {
                schema::check(result, shape, request.field_validation)
                    .map_err(|message| bad(VALIDATION, message))?;
            }
        }
        _ => {}
    }
    if let Some(name) = &request.error_caused_by_state {
        if !(is_map || is_parallel) {
            return Err(bad(
                VALIDATION,
                "stateConfiguration.errorCausedByState is only supported for Map and Parallel states",
            ));
        }
        if !has_inner_state(&Value::Object(state.clone()), name) {
            return Err(bad(
                VALIDATION,
                format!("stateConfiguration.errorCausedByState: state '{name}' is not inside the tested state"),
            ));
        }
        if !matches!(request.mock, Some(Mock::Error { .. })) {
            return Err(bad(
                VALIDATION,
                "stateConfiguration.errorCausedByState requires mock.errorOutput",
            ));
        }
    }
    if (request.map_iteration_failure_count.is_some() || request.map_item_reader_data.is_some())
        && !is_map
    {
        return Err(bad(
            VALIDATION,
            "stateConfiguration.mapIterationFailureCount and mapItemReaderData are only supported for Map states",
        ));
    }
    if let Some(data) = &request.map_item_reader_data {
        let Some(reader) = state.get("ItemReader") else {
            return Err(bad(
                VALIDATION,
                "stateConfiguration.mapItemReaderData requires a Map state with an ItemReader",
            ));
        };
        reader_items(reader, data).map_err(|message| bad(VALIDATION, message))?;
    }
    Ok(())
}

/// How many items `ItemReader` reads from `data`, the source's own text, by its
/// `ReaderConfig.InputType`: a JSON array (the default), JSON Lines, CSV (less the header
/// row when `CSVHeaderLocation` is `FIRST_ROW`, the default) or a manifest (one line each).
fn reader_items(reader: &Value, data: &str) -> Result<usize, String> {
    let config = reader.get("ReaderConfig");
    let input_type = config
        .and_then(|c| c.get("InputType"))
        .and_then(Value::as_str)
        .unwrap_or("JSON");
    let lines = || data.lines().filter(|l| !l.trim().is_empty());
    match input_type {
        "JSONL" => lines().try_fold(0, |n, line| {
            serde_json::from_str::<Value>(line)
                .map(|_| n + 1)
                .map_err(|e| format!("stateConfiguration.mapItemReaderData is not JSON Lines: {e}"))
        }),
        "CSV" => {
            let header = config
                .and_then(|c| c.get("CSVHeaderLocation"))
                .and_then(Value::as_str)
                != Some("GIVEN");
            Ok(lines().count().saturating_sub(usize::from(header)))
        }
        "MANIFEST" => Ok(lines().count()),
        _ => match serde_json::from_str::<Value>(data) {
            Ok(Value::Array(items)) => Ok(items.len()),
            _ => Err("stateConfiguration.mapItemReaderData must be a JSON array for an ItemReader of InputType JSON".into()),
        },
    }
}

/// The state as it runs: without `Retry` (decided in [`respond`]); a Map or Parallel as a
/// Task whose result is the mock.
fn runnable_state(state: &Map<String, Value>) -> Value {
    let state_type = state.get("Type").and_then(Value::as_str).unwrap_or("");
    let mut out = Map::new();
    if state_type == "Map" || state_type == "Parallel" {
        out.insert("Type".into(), json!("Task"));
        out.insert("Resource".into(), json!(MOCK_RESOURCE));
        for (key, value) in state {
            let kept = KEPT_AROUND_WORK.contains(&key.as_str())
                || (state_type == "Parallel" && (key == "Parameters" || key == "Arguments"));
            if kept {
                out.insert(key.clone(), value.clone());
            }
        }
    } else {
        out = state.clone();
        out.remove("Retry");
    }
    Value::Object(out)
}

/// The mocked outcome, with the Map failure threshold applied.
fn outcome(request: &Request, state: &Map<String, Value>) -> Option<TaskOutcome> {
    let mock = request.mock.as_ref()?;
    if let (Some(failures), Mock::Result(result)) = (request.map_iteration_failure_count, mock) {
        let from_reader = request
            .map_item_reader_data
            .as_ref()
            .and_then(|data| reader_items(state.get("ItemReader")?, data).ok());
        let items = from_reader.unwrap_or_else(|| result.as_array().map_or(0, Vec::len));
        let count = super::map_config::number(state, "ToleratedFailureCount", request);
        let percentage = super::map_config::number(state, "ToleratedFailurePercentage", request);
        let over_count = count.is_some_and(|c| failures as f64 > c);
        let over_percentage =
            percentage.is_some_and(|p| items > 0 && (failures as f64) * 100.0 / (items as f64) > p);
        if over_count || over_percentage {
            return Some(TaskOutcome::Throw {
                error: StatesError::new(
                    names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                    "The specified tolerated failure threshold was exceeded",
                ),
                duration_ms: 0,
            });
        }
    }
    Some(match mock {
        Mock::Result(value) => TaskOutcome::Return {
            output: Doc::from(value),
            duration_ms: 0,
            unmocked: false,
        },
        Mock::Error { error, cause } => TaskOutcome::Throw {
            error: StatesError {
                error: error.clone(),
                cause: cause.clone(),
            },
            duration_ms: 0,
        },
    })
}

/// Answers a parsed request.
pub(super) fn answer(request: &Request) -> Result<Value, BadRequest> {
    let (name, state, machine) = locate(request)?;
    check_definition(&machine)?;
    check_request(request, &state)?;
    let mut runnable = machine.clone();
    runnable["StartAt"] = json!(name);
    runnable["States"][&name] = runnable_state(&state);
    let compiled = Machine::compile(&runnable).map_err(|e| {
        bad(
            INVALID_DEFINITION,
            format!(
                "Invalid State Machine Definition: '{}'",
                e.cause.unwrap_or(e.error)
            ),
        )
    })?;
    let host = MockHost(outcome(request, &state));
    let mut exec = Execution::start(
        &compiled,
        request.input.clone(),
        ExecOptions::default(),
        Box::new(host),
    );
    if let Some(context) = &request.context {
        exec.set_context_overlay(Doc::from(context));
    }
    exec.set_variables(&request.variables);
    // A few events per state; the bound only guards against a run that records none.
    for _ in 0..64 {
        let done = exec.status() != Status::Running
            || exec
                .inspection()
                .first()
                .is_some_and(|v| v.exited_event_id.is_some());
        if done {
            break;
        }
        exec.step(1);
    }
    Ok(super::response::respond(request, &state, &machine, &exec))
}
