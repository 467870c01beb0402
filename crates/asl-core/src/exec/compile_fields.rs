//! Reading a state's fields from the definition JSON into the model's field types (paths,
//! templates, numbers, JSONata expressions), for `compile` and the per-type compile steps in
//! `states`. Problems become [`invalid`] errors naming the field with a JSON pointer.

use serde_json::{Map, Value};

use super::errors::{invalid, Invalid};
use super::model::*;
use crate::jsonata::{self, CompiledTemplate};
use crate::paths::{Path, ReferencePath};
use crate::template::Template;

/// Resolves a state name (`Next`, `Default`) to its index; the second argument is the
/// pointer to report when there is no such state.
pub(crate) type Resolve<'a> = &'a dyn Fn(&str, &str) -> Result<StateId, Invalid>;

/// A number field in the state's query language: JSONata takes an expression string too.
pub(crate) fn number_in(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
    jsonata: bool,
) -> Result<Option<NumberField>, Invalid> {
    if jsonata {
        jsonata_number(obj, key, ptr)
    } else {
        number_field(obj, key, ptr)
    }
}

/// A JSONata state's field given as an expression string (`Seconds`, `Error`), if it is one.
pub(crate) fn expression(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<CompiledTemplate>, Invalid> {
    match obj.get(key) {
        Some(Value::String(s)) if jsonata::is_expression(s) => jsonata_field(obj, key, ptr),
        _ => Ok(None),
    }
}

pub(crate) fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<&'a str>, Invalid> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(&format!("{ptr}/{key}"), "must be a string")),
    }
}

pub(crate) fn path_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<PathField, Invalid> {
    match obj.get(key) {
        None => Ok(PathField::Whole),
        Some(Value::Null) => Ok(PathField::Null),
        Some(Value::String(s)) if s == "$" => Ok(PathField::Whole),
        Some(Value::String(s)) => Path::parse(s)
            .map(PathField::Path)
            .map_err(|e| invalid(&format!("{ptr}/{key}"), &e.to_string())),
        Some(_) => Err(invalid(&format!("{ptr}/{key}"), "must be a path or null")),
    }
}

pub(crate) fn result_path_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<ResultPathField, Invalid> {
    match obj.get(key) {
        None => Ok(ResultPathField::Replace),
        Some(Value::Null) => Ok(ResultPathField::Discard),
        Some(Value::String(s)) if s == "$" => Ok(ResultPathField::Replace),
        Some(Value::String(s)) => ReferencePath::parse(s)
            .map(ResultPathField::Path)
            .map_err(|e| invalid(&format!("{ptr}/{key}"), &e.to_string())),
        Some(_) => Err(invalid(&format!("{ptr}/{key}"), "must be a path or null")),
    }
}

pub(crate) fn number_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<NumberField>, Invalid> {
    if let Some(v) = obj.get(key) {
        return v
            .as_f64()
            .map(|n| Some(NumberField::Literal(n)))
            .ok_or_else(|| invalid(&format!("{ptr}/{key}"), "must be a number"));
    }
    let path_key = format!("{key}Path");
    match opt_str(obj, &path_key, ptr)? {
        Some(p) => Ok(Some(NumberField::Path(compile_path(
            p,
            &format!("{ptr}/{path_key}"),
        )?))),
        None => Ok(None),
    }
}

pub(crate) fn compile_path(text: &str, ptr: &str) -> Result<Path, Invalid> {
    Path::parse(text).map_err(|e| invalid(ptr, &e.to_string()))
}

pub(crate) fn template_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<Template>, Invalid> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => Template::compile(v)
            .map(Some)
            .map_err(|e| invalid(&format!("{ptr}/{key}{}", e.pointer), &e.message)),
    }
}

pub(crate) fn f64_or(
    obj: &Map<String, Value>,
    key: &str,
    default: f64,
    ptr: &str,
) -> Result<f64, Invalid> {
    match obj.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_f64()
            .ok_or_else(|| invalid(&format!("{ptr}/{key}"), "must be a number")),
    }
}

pub(crate) fn error_equals(obj: &Map<String, Value>, ptr: &str) -> Result<Vec<String>, Invalid> {
    match obj.get("ErrorEquals") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| invalid(&format!("{ptr}/ErrorEquals"), "must hold strings"))
            })
            .collect(),
        _ => Err(invalid(
            &format!("{ptr}/ErrorEquals"),
            "must be an array of error names",
        )),
    }
}

/// Whether a JSON value mentions the context object anywhere, and whether it may read the
/// execution input through it (both cheap over-approximations).
pub(crate) fn mentions_context(value: &Value) -> (bool, bool) {
    // Context references that certainly do not reach `$$.Execution.Input`.
    const SAFE: &[&str] = &[
        ".State.",
        ".StateMachine.",
        ".Map.",
        ".Task.",
        ".Execution.Id",
        ".Execution.Name",
        ".Execution.RoleArn",
        ".Execution.StartTime",
        ".Execution.RedriveCount",
        ".Execution.RedriveTime",
    ];
    let (mut uses, mut input) = (false, false);
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                for (i, _) in s.match_indices("$$") {
                    uses = true;
                    let rest = &s[i + 2..];
                    if !SAFE.iter().any(|p| rest.starts_with(p)) {
                        input = true;
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    (uses, input)
}

/// Whether a state's field may read the context object's `Task` (its token): a string that
/// names `Task` and reaches the context (`$$`, or JSONata's `context`/`$states`). A cheap
/// over-approximation, so that a token is drawn from the seeded random stream only for the
/// states that may read one.
pub(crate) fn may_read_task_context(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s)
                if s.contains("Task")
                    && (s.contains("$$") || s.contains("context") || s.contains("$states")) =>
            {
                return true
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
}

/// A JSONata-mode field (any JSON with `{% %}` strings), compiled once.
pub(crate) fn jsonata_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<CompiledTemplate>, Invalid> {
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
pub(crate) fn assign_field(
    obj: &Map<String, Value>,
    ptr: &str,
    jsonata: bool,
) -> Result<Option<Assign>, Invalid> {
    if jsonata {
        return Ok(jsonata_field(obj, "Assign", ptr)?.map(Assign::JsonAta));
    }
    Ok(template_field(obj, "Assign", ptr)?.map(Assign::JsonPath))
}

/// A number field of a JSONata state: a literal number or an expression string.
pub(crate) fn jsonata_number(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<NumberField>, Invalid> {
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
pub(crate) fn may_read_context(value: &Value) -> bool {
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
