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

use std::cell::OnceCell;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::engine::Frame;
use super::history::Detail;
use super::model::{Assign, Kind, State};
use super::query::Field;
use super::{size, Execution};
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::paths::Scope;

/// One workflow variable: its document (what JSONPath reads, shared) and the `Value` the
/// JSONata engine reads, made on its first read.
#[derive(Debug, Clone)]
pub(crate) struct Variable {
    doc: Doc,
    value: OnceCell<Value>,
}

impl Variable {
    fn from_doc(doc: Doc) -> Self {
        Variable {
            doc,
            value: OnceCell::new(),
        }
    }

    fn from_value(value: Value) -> Self {
        Variable {
            doc: Doc::from(&value),
            value: OnceCell::from(value),
        }
    }

    fn value(&self) -> &Value {
        self.value.get_or_init(|| self.doc.to_value())
    }
}

/// The variables of one scope (a frame), or those one state assigns, by name.
pub(crate) type VarScope = IndexMap<String, Variable>;

/// The variables visible from the top frame of `frames`: innermost scope first.
#[derive(Clone, Copy)]
pub(crate) struct VarView<'a>(pub &'a [Frame]);

impl VarView<'_> {
    fn lookup(&self, name: &str) -> Option<&Variable> {
        self.0.iter().rev().find_map(|f| f.variables.get(name))
    }
}

impl crate::paths::Variables for VarView<'_> {
    fn variable(&self, name: &str) -> Option<&Doc> {
        self.lookup(name).map(|v| &v.doc)
    }
}

impl crate::jsonata::Variables for VarView<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.lookup(name).map(Variable::value)
    }
}

/// Which `Assign` of the current state.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AssignOf {
    /// The state's own `Assign` (for a Choice: the one used with `Default`).
    State,
    /// The `Assign` of Choice rule `n`.
    Rule(usize),
    /// The `Assign` of catcher `n`.
    Catcher(usize),
}

pub(crate) fn assign_of(state: &State, which: AssignOf) -> Option<&Assign> {
    match which {
        AssignOf::State => state.common.assign.as_ref(),
        AssignOf::Rule(i) => match &state.kind {
            Kind::Choice { choices, .. } => choices.get(i)?.assign.as_ref(),
            _ => None,
        },
        AssignOf::Catcher(i) => state.common.catch.get(i)?.assign.as_ref(),
    }
}

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
fn check_size(assigned: &VarScope, state: &str) -> Result<(), StatesError> {
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

impl Execution {
    /// The variables visible from the current frame.
    pub(crate) fn vars(&self) -> VarView<'_> {
        VarView(&self.frames)
    }

    /// All variables visible from the current frame, merged (inner scopes win).
    pub(crate) fn visible_variables(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for frame in &self.frames {
            for (k, v) in &frame.variables {
                out.insert(k.clone(), v.value().clone());
            }
        }
        out
    }

    /// Evaluates an `Assign` of the current state and keeps the values until the state exits.
    /// JSONPath: `doc` is `$` (the result, the effective input, or the error output).
    /// JSONata: `states` gives `$states`.
    pub(crate) fn stash_assign(
        &mut self,
        which: AssignOf,
        doc: &Doc,
        states: &super::query::States<'_>,
    ) -> Result<(), StatesError> {
        let frame = self.frames.last().ok_or_else(super::states::internal)?;
        let state = self
            .program
            .graphs
            .get(frame.graph)
            .and_then(|g| g.states.get(frame.state))
            .ok_or_else(super::states::internal)?;
        let Some(assign) = assign_of(state, which) else {
            return Ok(());
        };
        let name = state.name.clone();
        let not_object = || StatesError::new(names::RUNTIME, "The Assign field must be an object");
        let assigned: VarScope = match assign {
            Assign::JsonPath(template) => {
                let vars = VarView(&self.frames);
                let host = &mut self.host;
                let value = template
                    .evaluate(&Scope::new(doc, states.context, &vars), &mut || {
                        host.random_u64()
                    })?;
                value
                    .as_object()
                    .ok_or_else(not_object)?
                    .iter()
                    .map(|(k, v)| (k.to_string(), Variable::from_doc(v.clone())))
                    .collect()
            }
            Assign::Jsonata(_) => {
                let field = match which {
                    AssignOf::State => Field::Assign,
                    AssignOf::Rule(i) => Field::RuleAssign(i),
                    AssignOf::Catcher(i) => Field::CatchAssign(i),
                };
                let Some(Value::Object(map)) = self.eval_field(field, states)? else {
                    return Err(not_object());
                };
                map.into_iter()
                    .map(|(k, v)| (k, Variable::from_value(v)))
                    .collect()
            }
        };
        check_size(&assigned, &name)?;
        if let Some(frame) = self.frame_mut() {
            frame.assigned = Some(assigned);
        }
        Ok(())
    }

    /// Moves the current state's stashed assignments into its frame's scope; returns them for
    /// the history.
    pub(crate) fn commit_assigned(&mut self) -> Option<VarScope> {
        let frame = self.frame_mut()?;
        let assigned = frame.assigned.take()?;
        for (k, v) in &assigned {
            frame.variables.insert(k.clone(), v.clone());
        }
        Some(assigned)
    }
}
