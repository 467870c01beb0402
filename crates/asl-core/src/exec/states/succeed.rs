//! Succeed: ends its graph with its (filtered) input.

use super::super::io::{Effective, Exit};
use super::super::model::State;
use super::super::Execution;
use crate::error::StatesError;

impl Execution {
    pub(super) fn run_succeed(&mut self, state: &State) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let effective = self.effective_input(&state.query, Effective::InputPath, &context)?;
        let output = self.exit_flow(state, effective, Exit::Succeed, &context)?;
        self.complete_state(output, None);
        Ok(())
    }
}
