//! The interpreter's door to the data layer (`paths`, `template`, `choice`, `intrinsics`):
//! JSONPath selections, `ResultPath` and `…Path` reads go through here, on `Rc` documents so
//! that `$` and pass-through never copy.

use crate::doc::Doc;

use super::model::{PathField, ResultPathField};
use crate::error::{names, StatesError};
use crate::intrinsics::{self, EvalError};
use crate::paths::{self, Path, Scope, Variables};

/// `InputPath`, `OutputPath`, `ItemsPath`: select from `doc` (`$$` is `context`, `$name`
/// a variable).
pub(crate) fn select(
    field: &PathField,
    doc: &Doc,
    context: &Doc,
    vars: &dyn Variables,
) -> Result<Doc, StatesError> {
    match field {
        PathField::Whole => Ok(doc.clone()),
        PathField::Null => Ok(Doc::empty_object()),
        PathField::Path(path) => path
            .select(&Scope::new(doc, context, vars))
            .map_err(|miss| paths::invalid_path_error(path, &miss)),
    }
}

/// Reads one path (a `…Path` field such as `SecondsPath`, `TimeoutSecondsPath`).
pub(crate) fn select_path(
    path: &Path,
    doc: &Doc,
    context: &Doc,
    vars: &dyn Variables,
) -> Result<Doc, StatesError> {
    let scope = Scope::new(doc, context, vars);
    path.select(&scope)
        .map_err(|miss| paths::invalid_path_error(path, &miss))
}

/// Parses and reads a path given as text (fields compiled lazily).
pub(crate) fn select_text(
    text: &str,
    doc: &Doc,
    context: &Doc,
    vars: &dyn Variables,
) -> Result<Doc, StatesError> {
    let path = Path::parse(text)
        .map_err(|e| StatesError::new(names::RUNTIME, format!("Invalid path '{text}' : {e}")))?;
    select_path(&path, doc, context, vars)
}

/// `ResultPath` (and a catcher's `ResultPath`): place `result` into `input`.
pub(crate) fn apply_result_path(
    field: &ResultPathField,
    input: Doc,
    result: Doc,
) -> Result<Doc, StatesError> {
    match field {
        ResultPathField::Replace => Ok(result),
        ResultPathField::Discard => Ok(input),
        // Copy-on-write: copies only the containers on the path, shallowly.
        ResultPathField::Path(path) => paths::apply_result_path(input, result, Some(path)),
    }
}

/// Fail `ErrorPath`/`CausePath`: a path or an intrinsic function, read from the state input.
pub(crate) fn path_or_intrinsic(
    expr: &str,
    doc: &Doc,
    context: &Doc,
    vars: &dyn Variables,
    random: &mut dyn FnMut() -> u64,
) -> Result<Doc, StatesError> {
    if !intrinsics::is_intrinsic(expr) {
        return select_text(expr, doc, context, vars);
    }
    let call = intrinsics::parse(expr).map_err(|(message, offset)| {
        StatesError::new(
            names::INTRINSIC_FAILURE,
            format!("{message} (at offset {offset} of '{expr}')"),
        )
    })?;
    intrinsics::evaluate(&call, &Scope::new(doc, context, vars), random).map_err(|e| match e {
        EvalError::PathNotFound { path, miss } => StatesError::new(
            names::RUNTIME,
            format!("Invalid path '{path}' : {}", miss.message),
        ),
        EvalError::Failure(error) => error,
    })
}
