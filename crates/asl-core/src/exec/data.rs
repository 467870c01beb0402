//! The interpreter's door to the data layer (`paths`, `template`, `choice`, `intrinsics`):
//! every JSONPath-mode data-flow step goes through here, on `Rc` documents so that `$` and
//! pass-through never copy.

use std::rc::Rc;

use serde_json::Value;

use super::model::{PathField, ResultPathField};
use crate::error::{names, StatesError};
use crate::paths::{self, Path, Scope};

/// `InputPath`, `OutputPath`, `ItemsPath`: select from `doc` (`$$` is `context`).
pub(crate) fn select(
    field: &PathField,
    doc: &Rc<Value>,
    context: &Value,
) -> Result<Rc<Value>, StatesError> {
    match field {
        PathField::Whole => Ok(doc.clone()),
        PathField::Null => Ok(Rc::new(Value::Object(serde_json::Map::new()))),
        PathField::Path(path) => select_path(path, doc, context).map(Rc::new),
    }
}

/// Reads one path (a `…Path` field such as `SecondsPath`, `TimeoutSecondsPath`).
pub(crate) fn select_path(path: &Path, doc: &Value, context: &Value) -> Result<Value, StatesError> {
    let scope = Scope::new(doc, context, &());
    path.select(&scope)
        .map(|v| v.into_owned())
        .map_err(|miss| paths::invalid_path_error(path, &miss))
}

/// Parses and reads a path given as text (fields compiled lazily).
pub(crate) fn select_text(text: &str, doc: &Value, context: &Value) -> Result<Value, StatesError> {
    let path = Path::parse(text)
        .map_err(|e| StatesError::new(names::RUNTIME, format!("Invalid path '{text}' : {e}")))?;
    select_path(&path, doc, context)
}

/// `ResultPath` (and a catcher's `ResultPath`): place `result` into `input`.
pub(crate) fn apply_result_path(
    field: &ResultPathField,
    input: Rc<Value>,
    result: Rc<Value>,
) -> Result<Rc<Value>, StatesError> {
    match field {
        ResultPathField::Replace => Ok(result),
        ResultPathField::Discard => Ok(input),
        ResultPathField::Path(path) => paths::apply_result_path(
            Rc::unwrap_or_clone(input),
            Rc::unwrap_or_clone(result),
            Some(path),
        )
        .map(Rc::new),
    }
}

/// `Parameters`, `ResultSelector`, `ItemSelector`: evaluate a payload template.
pub(crate) fn template(
    template: &Value,
    doc: &Value,
    context: &Value,
) -> Result<Value, StatesError> {
    // TODO(merge): call the data layer's template module once it lands.
    fallback::template(template, doc, context)
}

/// A Choice rule (the whole rule object, with its `Next`): does it match?
pub(crate) fn choice_matches(
    rule: &Value,
    doc: &Value,
    context: &Value,
) -> Result<bool, StatesError> {
    // TODO(merge): call the data layer's choice module once it lands.
    let _ = (rule, doc, context);
    Err(StatesError::new(
        names::RUNTIME,
        "Choice rules are not available yet",
    ))
}

/// Fail `ErrorPath`/`CausePath`: a path or an intrinsic function, read from the state input.
pub(crate) fn path_or_intrinsic(
    expr: &str,
    doc: &Value,
    context: &Value,
) -> Result<Value, StatesError> {
    if expr.starts_with("States.") {
        // TODO(merge): call the data layer's intrinsics module once it lands.
        Err(StatesError::new(
            names::INTRINSIC_FAILURE,
            format!("intrinsic not available yet: {expr}"),
        ))
    } else {
        select_text(expr, doc, context)
    }
}

/// Stand-ins until the data layer's modules land (paths only, no intrinsics).
mod fallback {
    use serde_json::{Map, Value};

    use crate::error::StatesError;

    pub(super) fn template(t: &Value, doc: &Value, ctx: &Value) -> Result<Value, StatesError> {
        Ok(match t {
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    if let Some(key) = k.strip_suffix(".$") {
                        let text = v.as_str().unwrap_or("");
                        out.insert(key.to_owned(), super::select_text(text, doc, ctx)?);
                    } else {
                        out.insert(k.clone(), template(v, doc, ctx)?);
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| template(v, doc, ctx))
                    .collect::<Result<_, _>>()?,
            ),
            other => other.clone(),
        })
    }
}
