//! Compiling the fields every state shares (`common_fields`) and the JSONata-mode fields
//! (`Output`, `Arguments`, `Assign`, expression-valued numbers). Split from `compile` to keep
//! both files short; `compile` holds the per-type parts and the recursion over nested graphs.

use serde_json::{Map, Value};

use super::compile::{
    error_equals, f64_or, invalid, number_field, opt_str, path_field, result_path_field,
    template_field,
};
use super::model::*;
use crate::error::StatesError;
use crate::jsonata::{self, CompiledTemplate};

/// A JSONata-mode field (any JSON with `{% %}` strings), compiled once.
pub(super) fn jsonata_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<CompiledTemplate>, StatesError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => CompiledTemplate::compile(v).map(Some).map_err(|errors| {
            let first = errors.first();
            invalid(
                &format!("{ptr}/{key}{}", first.map_or("", |e| e.pointer.as_str())),
                &first.map_or_else(String::new, |e| e.error.to_string()),
            )
        }),
    }
}

/// `Assign` in the state's query language.
pub(super) fn assign_field(
    obj: &Map<String, Value>,
    ptr: &str,
    jsonata: bool,
) -> Result<Option<Assign>, StatesError> {
    if jsonata {
        return Ok(jsonata_field(obj, "Assign", ptr)?.map(Assign::Jsonata));
    }
    Ok(template_field(obj, "Assign", ptr)?.map(Assign::JsonPath))
}

/// A number field of a JSONata state: a literal number or an expression string.
pub(super) fn jsonata_number(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<NumberField>, StatesError> {
    match obj.get(key) {
        Some(Value::String(s)) if jsonata::is_expression(s) => {
            Ok(jsonata_field(obj, key, ptr)?.map(NumberField::Expr))
        }
        _ => number_field(obj, key, ptr),
    }
}

/// Whether an expression in `value` may read `$states.context` (and so the execution input):
/// it names `context`, or uses `$states` other than as `$states.input`/`.result`/
/// `.errorOutput` (e.g. `$states` as a whole, or `$lookup($states, ...)`).
pub(super) fn may_read_context(value: &Value) -> bool {
    let reads = |s: &str| {
        s.contains("context")
            || s.match_indices("$states").any(|(i, _)| {
                let rest = &s[i + "$states".len()..];
                ![".input", ".result", ".errorOutput"]
                    .iter()
                    .any(|p| rest.starts_with(p))
            })
    };
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if reads(s) => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
}

/// The fields every state type shares, its `Type`, and whether a Map uses its legacy
/// `Parameters` as `ItemSelector`. Out of `Compiler::state` for the same reason as
/// `simple_kind`.
#[inline(never)]
pub(super) fn common_fields(
    obj: &Map<String, Value>,
    ptr: &str,
    jsonata: bool,
    resolve: &dyn Fn(&str, &str) -> Result<StateId, StatesError>,
) -> Result<(Common, &'static str, bool), StatesError> {
    let next = match opt_str(obj, "Next", ptr)? {
        Some(n) => Some(resolve(n, &format!("{ptr}/Next"))?),
        None => None,
    };
    let mut retry = Vec::new();
    if let Some(Value::Array(items)) = obj.get("Retry") {
        for (i, r) in items.iter().enumerate() {
            let rptr = format!("{ptr}/Retry/{i}");
            let r = r
                .as_object()
                .ok_or_else(|| invalid(&rptr, "a retrier must be an object"))?;
            let max_attempts = match r.get("MaxAttempts") {
                None => 3,
                Some(v) => v
                    .as_u64()
                    .ok_or_else(|| invalid(&rptr, "MaxAttempts must be a non-negative integer"))?,
            };
            retry.push(Retrier {
                error_equals: error_equals(r, &rptr)?,
                interval_seconds: f64_or(r, "IntervalSeconds", 1.0, &rptr)?,
                max_attempts,
                backoff_rate: f64_or(r, "BackoffRate", 2.0, &rptr)?,
                max_delay_seconds: match r.get("MaxDelaySeconds") {
                    None => None,
                    Some(_) => Some(f64_or(r, "MaxDelaySeconds", 0.0, &rptr)?),
                },
                jitter_full: r.get("JitterStrategy").and_then(Value::as_str) == Some("FULL"),
            });
        }
    }
    let mut catch = Vec::new();
    if let Some(Value::Array(items)) = obj.get("Catch") {
        for (i, c) in items.iter().enumerate() {
            let cptr = format!("{ptr}/Catch/{i}");
            let c = c
                .as_object()
                .ok_or_else(|| invalid(&cptr, "a catcher must be an object"))?;
            let next_name = opt_str(c, "Next", &cptr)?
                .ok_or_else(|| invalid(&format!("{cptr}/Next"), "is required"))?;
            catch.push(Catcher {
                error_equals: error_equals(c, &cptr).unwrap_or_default(),
                next: resolve(next_name, &format!("{cptr}/Next"))?,
                result_path: result_path_field(c, "ResultPath", &cptr)?,
                assign: assign_field(c, &cptr, jsonata)?,
                output: if jsonata {
                    jsonata_field(c, "Output", &cptr)?
                } else {
                    None
                },
            });
        }
    }
    let type_name = match opt_str(obj, "Type", ptr)? {
        Some("Pass") => "Pass",
        Some("Task") => "Task",
        Some("Choice") => "Choice",
        Some("Wait") => "Wait",
        Some("Succeed") => "Succeed",
        Some("Fail") => "Fail",
        Some("Parallel") => "Parallel",
        Some("Map") => "Map",
        other => {
            return Err(invalid(
                &format!("{ptr}/Type"),
                &format!("unknown state type {other:?}"),
            ))
        }
    };
    let is_map = type_name == "Map";
    let uses_parameters_as_selector = is_map
        && !obj.contains_key("ItemSelector")
        && (obj.contains_key("Iterator") || obj.contains_key("ItemProcessor"));
    let common = Common {
        input_path: path_field(obj, "InputPath", ptr)?,
        output_path: path_field(obj, "OutputPath", ptr)?,
        result_path: result_path_field(obj, "ResultPath", ptr)?,
        parameters: if uses_parameters_as_selector {
            None
        } else {
            template_field(obj, "Parameters", ptr)?
        },
        result_selector: template_field(obj, "ResultSelector", ptr)?,
        next,
        retry,
        catch,
        assign: assign_field(obj, ptr, jsonata)?,
        output: if jsonata {
            jsonata_field(obj, "Output", ptr)?
        } else {
            None
        },
        arguments: if jsonata {
            jsonata_field(obj, "Arguments", ptr)?
        } else {
            None
        },
    };
    Ok((common, type_name, uses_parameters_as_selector))
}
