//! Pass: its effective input (or `Result`) is its result.

use super::super::compile::Fields;
use super::super::io::{Effective, Exit};
use super::super::model::{Kind, State};
use super::super::Execution;
use crate::doc::Doc;
use crate::error::StatesError;

pub(super) fn compile(fields: &Fields<'_>) -> Kind {
    Kind::Pass {
        result: fields.obj.get("Result").map(Doc::from),
    }
}

impl Execution {
    pub(super) fn run_pass(
        &mut self,
        state: &State,
        result: Option<&Doc>,
    ) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let effective = self.effective_input(&state.query, Effective::Parameters, &context)?;
        let output = self.exit_flow(state, effective, Exit::Pass(result), &context)?;
        self.complete_state(output, state.common.next);
        Ok(())
    }
}
