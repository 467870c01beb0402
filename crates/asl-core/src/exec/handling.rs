//! Errors in a state: `Retry` (with backoff in virtual time), then `Catch`, else the error
//! ends the state's graph; and the execution's own failure and timeout.

use std::rc::Rc;

use super::errors::error_output;
use super::frame::{Owner, Phase};
use super::history::{Detail, Details, HistoryEvent};
use super::inspect::RetryAttempt;
use super::io::AssignOf;
use super::model::{CatchOutput, Catcher, State};
use super::query::{Field, States};
use super::{data, retry, Execution, Status};
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::state_type::StateType;

impl Execution {
    /// The current state failed: retry, catch, or fail its graph.
    pub(crate) fn state_failed(&mut self, mut error: StatesError) {
        let Some((frame, state)) = self.current() else {
            return;
        };
        if error.error == names::RUNTIME || error.error == names::QUERY_EVALUATION_ERROR {
            let prefix = "An error occurred while executing the state";
            if !error.cause.as_deref().unwrap_or("").starts_with(prefix) {
                error.cause = Some(format!(
                    "{prefix} '{}' (entered at the event id #{}). {}",
                    state.name,
                    frame.entered_event_id,
                    error.cause.as_deref().unwrap_or("")
                ));
            }
        }
        #[cfg(feature = "debugger")]
        if self.debug.is_some() {
            self.check_error_break(&error);
        }
        let Some((frame, state)) = self.current() else {
            return;
        };
        let can_handle = state.state_type.handles_errors();
        let task_in_branch =
            state.state_type == StateType::Task && matches!(frame.owner, Owner::Branch(_));
        let failed_event = match state.state_type {
            StateType::Map => Some("MapStateFailed"),
            StateType::Parallel => Some("ParallelStateFailed"),
            _ => None,
        };
        if let Some(visit) = self.visit_mut() {
            visit.error = Some(error.error.clone());
            visit.cause = error.cause.clone();
        }
        // A failed state assigns nothing (a catcher may assign instead).
        if let Some(frame) = self.frame_mut() {
            frame.assigned = None;
        }
        if retry::is_terminal(&error.error) {
            // States.Runtime ends the whole execution at once, even inside a Parallel branch
            // or Map iteration (AWS records no ParallelStateFailed/MapStateFailed for it).
            self.end_failed(error);
            return;
        }
        if can_handle && self.try_retry(&error) {
            return;
        }
        // A Parallel or Map records its failure once no retrier takes it (measured on AWS:
        // not after each attempt that is retried; also when a catcher then takes it, and
        // when it failed before starting its branches, e.g. `Items` was not an array).
        if let Some(event) = failed_event {
            self.emit(event, Vec::new());
        }
        if can_handle && self.try_catch(&error) {
            return;
        }
        // Measured on AWS: a Task whose failure ends a Parallel branch is then recorded as
        // aborted (the Parallel stops the branch), before `ParallelStateFailed`.
        if task_in_branch {
            self.emit("TaskStateAborted", Vec::new());
        }
        self.finish_frame(Err(error));
    }

    fn try_retry(&mut self, error: &StatesError) -> bool {
        let Some((frame, state)) = self.current() else {
            return false;
        };
        let Some((index, retrier)) = state
            .common
            .retry
            .iter()
            .enumerate()
            .find(|(_, r)| retry::matches(&r.error_equals, &error.error, false))
        else {
            return false;
        };
        let used = frame.retrier_attempts.get(index).copied().unwrap_or(0);
        if used >= retrier.max_attempts {
            return false;
        }
        let retrier = retrier.clone();
        let random = if retrier.jitter_full {
            self.host.random_u64()
        } else {
            0
        };
        let delay = retry::delay_ms(
            retrier.interval_seconds,
            retrier.backoff_rate,
            retrier.max_delay_seconds,
            retrier.jitter_full,
            used,
            random,
        );
        if let Some(visit) = self.visit_mut() {
            visit.retries.push(RetryAttempt {
                error: error.error.clone(),
                cause: error.cause.clone(),
                retrier: index,
                delay_ms: delay,
            });
            visit.error = None;
            visit.cause = None;
        }
        if let Some(frame) = self.frame_mut() {
            if frame.retrier_attempts.len() <= index {
                frame.retrier_attempts.resize(index + 1, 0);
            }
            frame.retrier_attempts[index] += 1;
            frame.retry_count += 1;
            frame.phase = Phase::Run;
            frame.join = None;
            frame.resume = None;
        }
        self.advance(delay);
        true
    }

    fn try_catch(&mut self, error: &StatesError) -> bool {
        let graphs = Rc::clone(&self.program.graphs);
        let Some(state) = self.state_in(&graphs) else {
            return false;
        };
        let Some((index, catcher)) = state
            .common
            .catch
            .iter()
            .enumerate()
            .find(|(_, c)| retry::matches(&c.error_equals, &error.error, true))
        else {
            return false;
        };
        match self.catch_output(state, index, catcher, error_output(error)) {
            Ok(output) => self.complete_state(output, Some(catcher.next)),
            // The catcher's own ResultPath, Assign or Output failed: that error is not
            // caught again.
            Err(e) => self.finish_frame(Err(e)),
        }
        true
    }

    /// The next state's input after catcher `index`: JSONPath `Assign` (reading the error
    /// output as `$`) and `ResultPath`; JSONata `Assign` and `Output` (default: the error
    /// output). The assignment is stashed for the state's exit.
    fn catch_output(
        &mut self,
        state: &State,
        index: usize,
        catcher: &Catcher,
        error_output: Doc,
    ) -> Result<Doc, StatesError> {
        let context = self.context_if_used(state);
        let input = self.raw_input()?;
        match &catcher.output {
            CatchOutput::JsonAta(output) => {
                let states = States {
                    error_output: Some(&error_output),
                    ..States::new(&input, &context)
                };
                self.stash_assign(state, AssignOf::Catcher(index), &error_output, &states)?;
                let output = self.eval_opt(output.as_ref(), Field::Output, &states)?;
                Ok(output.map_or(error_output, Doc::from))
            }
            CatchOutput::JsonPath(result_path) => {
                let states = States::new(&input, &context);
                self.stash_assign(state, AssignOf::Catcher(index), &error_output, &states)?;
                let output = data::apply_result_path(result_path, input, error_output)?;
                let kept = self.keep(&output);
                if let Some(visit) = self.visit_mut() {
                    visit.after_result_path = kept;
                }
                Ok(output)
            }
        }
    }
}

impl Execution {
    /// Ends the execution as timed out at its deadline.
    pub(crate) fn time_out(&mut self) {
        self.now_ms = self.deadline_ms;
        self.frames.clear();
        self.abort_running_children();
        self.status = Status::TimedOut;
        let error = StatesError::bare(names::TIMEOUT);
        self.events.push(HistoryEvent {
            id: self.events.len() as u64 + 1,
            // Measured on AWS: the timeout event does not chain to the previous event.
            previous_event_id: 0,
            timestamp_ms: self.now_ms,
            event_type: "ExecutionTimedOut",
            details: smallvec::smallvec![("error", Detail::Str(error.error.as_str().into()))],
        });
        self.error = Some(error);
    }

    /// Ends the execution as failed; inside a Distributed Map's child, ends only that child
    /// (module `children`).
    pub(crate) fn end_failed(&mut self, error: StatesError) {
        if let Some(c) = self.frames.last().and_then(|f| f.exec_child()) {
            return self.fail_child(c, error);
        }
        self.end_failed_parent(error);
    }

    /// Ends the execution itself as failed.
    pub(crate) fn end_failed_parent(&mut self, error: StatesError) {
        let mut details = Details::new();
        if !error.error.is_empty() {
            details.push(("error", Detail::Str(error.error.as_str().into())));
        }
        if let Some(cause) = &error.cause {
            details.push(("cause", Detail::Str(cause.as_str().into())));
        }
        self.frames.clear();
        self.abort_running_children();
        self.events.push(HistoryEvent {
            id: self.events.len() as u64 + 1,
            previous_event_id: self.events.len() as u64,
            timestamp_ms: self.now_ms,
            event_type: "ExecutionFailed",
            details,
        });
        self.status = Status::Failed;
        self.error = if error.error.is_empty() && error.cause.is_none() {
            None
        } else {
            Some(error)
        };
    }
}
