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

use serde_json::{Map, Value};

use super::engine::Frame;
use super::history::Detail;
use super::model::{Assign, Kind, State};
use super::query::Field;
use super::{size, Execution};
use crate::error::{names, StatesError};
use crate::paths::Scope;

/// The variables visible from the top frame of `frames`: innermost scope first.
#[derive(Clone, Copy)]
pub(crate) struct VarView<'a>(pub &'a [Frame]);

impl VarView<'_> {
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.0.iter().rev().find_map(|f| f.variables.get(name))
    }
}

impl crate::paths::Variables for VarView<'_> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.lookup(name)
    }
}

impl crate::jsonata::Variables for VarView<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.lookup(name)
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
pub(crate) fn assigned_details(
    assigned: Option<&Map<String, Value>>,
) -> Vec<(&'static str, Detail)> {
    let Some(assigned) = assigned else {
        return Vec::new();
    };
    let texts: Map<String, Value> = assigned
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.to_string())))
        .collect();
    vec![
        ("assignedVariables", Detail::Json(Value::Object(texts))),
        ("assignedVariablesDetails", Detail::Truncation(false)),
    ]
}

/// The quota on what one state assigns.
fn check_size(assigned: &Map<String, Value>, state: &str) -> Result<(), StatesError> {
    let total: usize = assigned
        .iter()
        .map(|(k, v)| k.len() + size::json_size(v))
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
                out.insert(k.clone(), v.clone());
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
        doc: &Value,
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
        let value = match assign {
            Assign::JsonPath(template) => {
                let vars = VarView(&self.frames);
                let host = &mut self.host;
                template.evaluate(&Scope::new(doc, states.context, &vars), &mut || {
                    host.random_u64()
                })?
            }
            Assign::Jsonata(_) => {
                let field = match which {
                    AssignOf::State => Field::Assign,
                    AssignOf::Rule(i) => Field::RuleAssign(i),
                    AssignOf::Catcher(i) => Field::CatchAssign(i),
                };
                self.eval_field(field, states)?.unwrap_or(Value::Null)
            }
        };
        let Value::Object(assigned) = value else {
            return Err(StatesError::new(
                names::RUNTIME,
                "The Assign field must be an object",
            ));
        };
        check_size(&assigned, &name)?;
        if let Some(frame) = self.frame_mut() {
            frame.assigned = Some(assigned);
        }
        Ok(())
    }

    /// Moves the current state's stashed assignments into its frame's scope; returns them for
    /// the history.
    pub(crate) fn commit_assigned(&mut self) -> Option<Map<String, Value>> {
        let frame = self.frame_mut()?;
        let assigned = frame.assigned.take()?;
        for (k, v) in &assigned {
            frame.variables.insert(k.clone(), v.clone());
        }
        Some(assigned)
    }
}
