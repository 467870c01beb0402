//! One module per state type. Each owns its compile step (the type's own fields into a
//! [`Kind`]) and its run step (one tick of work from the entered state to its exit, its
//! failure, or a wait). The data flow around a state's work is shared, in `io`; a module
//! reads the state's query language only through the kind data it compiled (`Wait`, `Fail`,
//! `MapItems`, Choice `Test`).
//!
//! The engine hands each run step the compiled state, borrowed from its own handle on the
//! program, so a step never looks its state up again while it changes the execution.

mod choice;
mod fail;
mod map;
mod parallel;
mod pass;
mod succeed;
mod task;
mod wait;

use serde_json::{Map, Value};

use super::compile::Fields;
use super::compile_fields::Resolve;
use super::errors::Invalid;
use super::model::{GraphId, Kind, State};
use super::Execution;
use crate::error::StatesError;
use crate::state_type::StateType;

/// Compiles a nested graph (a Parallel branch, a Map item processor) at a JSON pointer.
pub(crate) type Nested<'a> =
    &'a mut dyn FnMut(&Map<String, Value>, &str) -> Result<GraphId, Invalid>;

/// The own fields of a state that holds no nested graph. Kept out of `Compiler::state`,
/// which recurses through Parallel and Map, so that its stack frame stays small on deeply
/// nested definitions.
#[inline(never)]
pub(crate) fn compile_simple(
    state_type: StateType,
    fields: &Fields<'_>,
    resolve: Resolve<'_>,
    task_count: &mut usize,
) -> Result<Kind, Invalid> {
    match state_type {
        StateType::Pass => Ok(pass::compile(fields)),
        StateType::Task => {
            let kind = task::compile(fields, *task_count)?;
            *task_count += 1;
            Ok(kind)
        }
        StateType::Choice => choice::compile(fields, resolve),
        StateType::Wait => wait::compile(fields),
        StateType::Succeed => Ok(Kind::Succeed),
        StateType::Fail => fail::compile(fields),
        StateType::Parallel | StateType::Map => Err(super::errors::invalid(
            &format!("{}/Type", fields.ptr),
            "a Parallel or Map state without its nested state machines",
        )),
    }
}

pub(crate) use map::compile as compile_map;
pub(crate) use parallel::compile as compile_parallel;

impl Execution {
    /// Runs the current state's work (one attempt, for a Task).
    pub(crate) fn run_kind(&mut self, state: &State) -> Result<(), StatesError> {
        match &state.kind {
            Kind::Pass { result } => self.run_pass(state, result.as_ref()),
            Kind::Task(task) => self.run_task(state, task),
            Kind::Choice { choices, default } => self.run_choice(state, choices, *default),
            Kind::Wait(wait) => self.run_wait(state, wait),
            Kind::Succeed => self.run_succeed(state),
            Kind::Fail(fail) => self.run_fail(state, fail),
            Kind::Parallel { branches } => self.run_parallel(state, branches),
            Kind::Map(map) => self.run_map(state, map),
        }
    }
}
