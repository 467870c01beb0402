//! Workflow variables: where they live, how `Assign` sets them, and how they show in the
//! history.
//!
//! - Each frame (the machine, a Parallel branch, a Map iteration) owns one scope. A lookup
//!   walks the frames from the innermost out, so a branch reads the variables of the states
//!   around it; what it assigns stays in its own frame and is gone when the branch ends.
//! - A state's `Assign` is evaluated before its `Output`/`OutputPath` but *committed* only
//!   when the state exits: every expression of the state (all of `Assign`, then `Output`)
//!   sees the values from before the state, as AWS documents.
//! - The values one state assigns are limited to 256 KiB together
//!   (`States.DataLimitExceeded`).
//!
//! Evaluating `Assign` is part of a state's data flow (module `io`); this module only keeps
//! the values.

use std::cell::OnceCell;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::history::Detail;
use super::size;
use crate::doc::Doc;
use crate::error::{names, StatesError};

/// One workflow variable: its document (what JSONPath reads, shared) and the `Value` the
/// JSONata engine reads, made on its first read.
#[derive(Debug, Clone)]
pub(crate) struct Variable {
    pub(crate) doc: Doc,
    value: OnceCell<Value>,
}

impl Variable {
    pub(crate) fn from_doc(doc: Doc) -> Self {
        Variable {
            doc,
            value: OnceCell::new(),
        }
    }

    pub(crate) fn from_value(value: Value) -> Self {
        Variable {
            doc: Doc::from(&value),
            value: OnceCell::from(value),
        }
    }

    pub(crate) fn value(&self) -> &Value {
        self.value.get_or_init(|| self.doc.to_value())
    }
}

/// The variables of one scope (a frame), or those one state assigns, by name.
pub(crate) type VarScope = IndexMap<String, Variable>;

/// `assignedVariables` (name → value as JSON text) and `assignedVariablesDetails` of a
/// `*StateExited` event, when the state assigned anything.
pub(crate) fn assigned_details(assigned: &VarScope) -> [(&'static str, Detail); 2] {
    let texts: Map<String, Value> = assigned
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.doc.to_json_string())))
        .collect();
    [
        (
            "assignedVariables",
            Detail::Json(Box::new(Value::Object(texts))),
        ),
        ("assignedVariablesDetails", Detail::Truncation(false)),
    ]
}

/// The quota on what one state assigns.
pub(crate) fn check_size(assigned: &VarScope, state: &str) -> Result<(), StatesError> {
    let total: usize = assigned
        .iter()
        .map(|(k, v)| k.len() + v.doc.json_size())
        .sum();
    if total > size::MAX_PAYLOAD_BYTES {
        return Err(StatesError::new(
            names::DATA_LIMIT_EXCEEDED,
            format!(
                "The state '{state}' assigned variables with a total size exceeding the maximum number of bytes service limit."
            ),
        ));
    }
    Ok(())
}
