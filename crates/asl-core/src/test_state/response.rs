//! The TestState response: `status` and what goes with it, and `inspectionData` at DEBUG
//! and TRACE.

use serde_json::{json, Map, Value};

use super::request::{InspectionLevel, Request};
use crate::doc::Doc;
use crate::exec::{retry, Execution, StateVisit};
use crate::paths::Path;

/// How the state's error, if any, is handled: the matching retrier and catcher indexes.
struct Handling {
    retry_index: Option<usize>,
    backoff_seconds: Option<u64>,
    catch_index: Option<usize>,
}

fn error_equals(rule: &Value) -> Vec<String> {
    rule.get("ErrorEquals")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// `Retry` as TestState applies it: the first retrier matching `error`; with
/// `retrierRetryCount` below its `MaxAttempts` (default 3) the state is `RETRIABLE` after
/// `IntervalSeconds` (default 1) × `BackoffRate` (default 2)^count, capped at
/// `MaxDelaySeconds`.
fn handling(request: &Request, state: &Map<String, Value>, error: &str) -> Handling {
    let mut out = Handling {
        retry_index: None,
        backoff_seconds: None,
        catch_index: None,
    };
    let retriers = state.get("Retry").and_then(Value::as_array);
    if let Some((index, retrier)) = retriers
        .into_iter()
        .flatten()
        .enumerate()
        .find(|(_, r)| retry::matches(&error_equals(r), error, false))
    {
        out.retry_index = Some(index);
        let max_attempts = retrier
            .get("MaxAttempts")
            .and_then(Value::as_u64)
            .unwrap_or(3);
        if request.retrier_retry_count < max_attempts {
            let ms = retry::delay_ms(
                retrier
                    .get("IntervalSeconds")
                    .and_then(Value::as_f64)
                    .unwrap_or(1.0),
                retrier
                    .get("BackoffRate")
                    .and_then(Value::as_f64)
                    .unwrap_or(2.0),
                retrier.get("MaxDelaySeconds").and_then(Value::as_f64),
                false,
                request.retrier_retry_count,
                0,
            );
            out.backoff_seconds = Some(ms.div_ceil(1000));
            return out;
        }
    }
    out.catch_index = state
        .get("Catch")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .position(|c| retry::matches(&error_equals(c), error, true));
    out
}

fn text(doc: &Doc) -> Value {
    Value::String(doc.to_json_string())
}

fn is_jsonata(state: &Map<String, Value>, machine: &Value) -> bool {
    state
        .get("QueryLanguage")
        .or_else(|| machine.get("QueryLanguage"))
        .and_then(Value::as_str)
        == Some("JSONata")
}

/// `inspectionData` from the visit's record of the data flow.
fn inspection(
    request: &Request,
    state: &Map<String, Value>,
    machine: &Value,
    visit: Option<&StateVisit>,
    handled: Option<&Handling>,
) -> Value {
    let mut out = Map::new();
    let state_type = state.get("Type").and_then(Value::as_str).unwrap_or("");
    let is_map = state_type == "Map";
    let jsonata = is_jsonata(state, machine);
    if let Some(visit) = visit {
        let parameters_key = if jsonata {
            "afterArguments"
        } else {
            "afterParameters"
        };
        let steps = [
            ("input", &visit.input),
            ("afterInputPath", &visit.after_input_path),
            (
                parameters_key,
                if is_map {
                    &None
                } else {
                    &visit.after_parameters
                },
            ),
            ("result", &visit.result),
            ("afterResultSelector", &visit.after_result_selector),
            ("afterResultPath", &visit.after_result_path),
        ];
        // Measured on AWS: a Pass with `Result` shows no `afterInputPath`/`afterParameters`
        // (its input is not used), one without shows no `result` (there is none).
        let pass_result = (state_type == "Pass").then(|| state.contains_key("Result"));
        // A Map shows none of its result steps (measured, at every status).
        let hidden: &[&str] = match pass_result {
            Some(true) => &["afterInputPath", "afterParameters"],
            Some(false) => &["result"],
            None if is_map => &["result", "afterResultSelector", "afterResultPath"],
            None => &[],
        };
        for (key, doc) in steps {
            // A retriable error never reaches Catch: the catcher's ResultPath the run
            // applied is not part of the answer.
            let caught_by_run = visit.exited_event_id.is_some() && visit.error.is_some();
            let retriable = handled.is_some_and(|h| h.backoff_seconds.is_some());
            if hidden.contains(&key) || (key == "afterResultPath" && caught_by_run && retriable) {
                continue;
            }
            if let Some(doc) = doc {
                out.insert(key.into(), text(doc));
            }
        }
        // A Fail state has no InputPath; AWS still shows the step (equal to the input).
        if state_type == "Fail" && !jsonata && !out.contains_key("afterInputPath") {
            if let Some(input) = &visit.input {
                out.insert("afterInputPath".into(), text(input));
            }
        }
        if is_map && !jsonata {
            let items_path = state
                .get("ItemsPath")
                .and_then(Value::as_str)
                .unwrap_or("$");
            let items = visit
                .after_input_path
                .as_ref()
                .and_then(|doc| Path::parse(items_path).ok()?.select_in(doc).ok());
            if let Some(items) = items {
                out.insert("afterItemsPath".into(), text(&items));
            }
        }
        if is_map {
            for (key, value) in super::map_inputs::inspection(request, state, machine) {
                out.insert(key.into(), Value::String(value));
            }
        }
    }
    if is_map {
        let number = |field| super::map_config::number(state, field, request);
        let max = number("MaxConcurrency").unwrap_or(0.0);
        out.insert("maxConcurrency".into(), json!(max as u64));
        if let Some(count) = number("ToleratedFailureCount") {
            out.insert("toleratedFailureCount".into(), json!(count as u64));
        }
        // AWS gives the percentage as a decimal (`1.0`).
        if let Some(pct) = number("ToleratedFailurePercentage") {
            out.insert("toleratedFailurePercentage".into(), json!(pct));
        }
    }
    let variables = visit
        .and_then(|v| v.variables.as_deref())
        .or((!request.variables.is_empty()).then_some(&request.variables));
    if let Some(variables) = variables {
        out.insert(
            "variables".into(),
            Value::String(Value::Object(variables.clone()).to_string()),
        );
    }
    if let Some(h) = handled {
        let mut details = Map::new();
        if let Some(i) = h.catch_index {
            details.insert("catchIndex".into(), json!(i));
        }
        if let Some(s) = h.backoff_seconds {
            details.insert("retryBackoffIntervalSeconds".into(), json!(s));
        }
        if let Some(i) = h.retry_index {
            details.insert("retryIndex".into(), json!(i));
        }
        if !details.is_empty() {
            out.insert("errorDetails".into(), Value::Object(details));
        }
    }
    Value::Object(out)
}

/// The response to a request whose state has run in `exec`.
pub(super) fn respond(
    request: &Request,
    state: &Map<String, Value>,
    machine: &Value,
    exec: &Execution,
) -> Value {
    let visit = exec.inspection().first();
    let exited = visit.is_some_and(|v| v.exited_event_id.is_some());
    let (error, cause) = match visit {
        Some(v) if v.error.is_some() || !exited => (v.error.clone(), v.cause.clone()),
        Some(_) => (None, None),
        None => exec
            .error()
            .map_or((None, None), |e| (Some(e.error.clone()), e.cause.clone())),
    };
    let failed = !exited || error.is_some();
    let handled = failed.then(|| handling(request, state, error.as_deref().unwrap_or("")));
    let mut out = Map::new();
    let status = match &handled {
        None => "SUCCEEDED",
        Some(h) if h.backoff_seconds.is_some() => "RETRIABLE",
        Some(h) if h.catch_index.is_some() && exited => "CAUGHT_ERROR",
        Some(_) => "FAILED",
    };
    if matches!(status, "SUCCEEDED" | "CAUGHT_ERROR") {
        if let Some(output) = visit.and_then(|v| v.output.as_ref()) {
            out.insert("output".into(), text(output));
        }
    }
    if let Some(error) = error.filter(|e| !e.is_empty()) {
        out.insert("error".into(), json!(error));
    }
    if let Some(cause) = cause {
        out.insert("cause".into(), json!(cause));
    }
    if request.inspection_level != InspectionLevel::Info {
        out.insert(
            "inspectionData".into(),
            inspection(request, state, machine, visit, handled.as_ref()),
        );
    }
    if matches!(status, "SUCCEEDED" | "CAUGHT_ERROR") {
        if let Some(next) = visit.and_then(|v| v.next.as_deref()) {
            out.insert("nextState".into(), json!(next));
        }
    }
    out.insert("status".into(), json!(status));
    Value::Object(out)
}
