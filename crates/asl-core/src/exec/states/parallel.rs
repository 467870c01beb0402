//! Parallel: runs its branches as child frames (see `join`); its result is the array of
//! their outputs.

use serde_json::Value;

use super::super::compile::Fields;
use super::super::errors::{data_limit, invalid, Invalid};
use super::super::frame::JoinKind;
use super::super::io::Effective;
use super::super::model::{GraphId, Kind, State};
use super::super::{size, Execution};
use super::Nested;
use crate::error::StatesError;

pub(crate) fn compile(fields: &Fields<'_>, nested: Nested<'_>) -> Result<Kind, Invalid> {
    let ptr = fields.ptr;
    let Some(Value::Array(items)) = fields.obj.get("Branches") else {
        return Err(invalid(&format!("{ptr}/Branches"), "must be an array"));
    };
    let mut branches = Vec::with_capacity(items.len());
    for (i, b) in items.iter().enumerate() {
        let bptr = format!("{ptr}/Branches/{i}");
        let b = b
            .as_object()
            .ok_or_else(|| invalid(&bptr, "a branch must be an object"))?;
        branches.push(nested(b, &bptr)?);
    }
    Ok(Kind::Parallel { branches })
}

impl Execution {
    pub(super) fn run_parallel(
        &mut self,
        state: &State,
        branches: &[GraphId],
    ) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let input = self.effective_input(&state.query, Effective::Arguments, &context)?;
        if !input.ptr_eq(&self.raw_input()?) && size::doc_too_large(&input) {
            return Err(data_limit(&state.name));
        }
        self.emit("ParallelStateStarted", Vec::new());
        let total = branches.len();
        let branches = branches.to_vec();
        self.begin_join(JoinKind::Parallel { branches, input }, total, 0);
        Ok(())
    }
}
