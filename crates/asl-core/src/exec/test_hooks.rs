//! What TestState (module `crate::test_state`) sets on an execution before its one state
//! runs: a `context` whose members replace the generated `$$` ones, and the workflow
//! variables the state sees.

use serde_json::{Map, Value};

use super::variables::Variable;
use super::Execution;
use crate::doc::Doc;

impl Execution {
    /// Members of `context` (a JSON object) replace the generated members of `$$`
    /// (`Execution`, `State`, `StateMachine`, `Task`, `Map`, or any other key).
    pub(crate) fn set_context_overlay(&mut self, context: Doc) {
        self.context_fixed.overlay = Some(context);
    }

    /// Declares workflow variables in the top-level scope, as if earlier states assigned them.
    pub(crate) fn set_variables(&mut self, variables: &Map<String, Value>) {
        if let Some(frame) = self.frames.first_mut() {
            for (name, value) in variables {
                frame
                    .variables
                    .insert(name.clone(), Variable::from_value(value.clone()));
            }
        }
    }
}
