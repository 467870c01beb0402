//! The errors and error documents the interpreter builds itself. A leaf: every other `exec`
//! module may import it, and it imports none of them.

use crate::doc::{Doc, DocMap};
use crate::error::{names, StatesError};

/// A broken invariant of the engine (a frame pointing at no state, a join without its
/// bookkeeping). Ends the state as `States.Runtime` rather than panicking.
pub(crate) fn internal() -> StatesError {
    StatesError::new(names::RUNTIME, "internal: the current state is missing")
}

/// Why the compiler cannot run a definition: the field (a JSON pointer into the
/// definition) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// JSON pointer of the offending field (`""` for the whole definition).
    pub pointer: String,
    /// What is wrong, e.g. `no state named 'X'`.
    pub message: String,
}

/// An [`Invalid`] at `pointer`.
pub(crate) fn invalid(pointer: &str, message: &str) -> Invalid {
    Invalid {
        pointer: pointer.to_owned(),
        message: message.to_owned(),
    }
}

impl From<Invalid> for StatesError {
    /// `States.Runtime` whose cause reads `Invalid definition at '<pointer>': <message>`.
    fn from(invalid: Invalid) -> StatesError {
        StatesError::new(
            names::RUNTIME,
            format!(
                "Invalid definition at '{}': {}",
                invalid.pointer, invalid.message
            ),
        )
    }
}

/// A value as AWS prints it in causes: strings bare, everything else as compact JSON.
pub(crate) fn plain(value: &Doc) -> String {
    match value {
        Doc::String(s) => s.to_string(),
        other => other.to_json_string(),
    }
}

/// `States.DataLimitExceeded` for a state or task whose result is over the quota.
pub(crate) fn data_limit(state_name: &str) -> StatesError {
    StatesError::new(
        names::DATA_LIMIT_EXCEEDED,
        format!(
            "The state/task '{state_name}' returned a result with a size exceeding the maximum number of bytes service limit."
        ),
    )
}

/// The error output a catcher (or a tolerated Map iteration) sees: `{"Error", "Cause"}`.
///
/// AWS always gives both fields. Recorded runs show `"Cause": ""` for an error without a
/// cause (a task timeout) and `null` for both when the failure carried neither (a callback
/// failed without an error name).
pub(crate) fn error_output(error: &StatesError) -> Doc {
    let mut out = DocMap::default();
    let name = if error.error.is_empty() {
        Doc::Null
    } else {
        Doc::string(&error.error)
    };
    let cause = match &error.cause {
        Some(cause) => Doc::string(cause),
        None if error.error.is_empty() => Doc::Null,
        None => Doc::string(""),
    };
    out.insert("Error".into(), name);
    out.insert("Cause".into(), cause);
    Doc::object(out)
}
