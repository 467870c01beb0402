//! Errors in a state: `Retry` (with backoff in virtual time), then `Catch`, else the error
//! ends the state's graph. Also the error values the engine builds itself.

use crate::doc::{Doc, DocMap};

use super::engine::Phase;
use super::inspect::RetryAttempt;
use super::model::Kind;
use super::variables::AssignOf;
use super::{retry, Execution};
use crate::error::{names, StatesError};

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
        let can_handle = matches!(
            state.kind,
            Kind::Task { .. } | Kind::Parallel { .. } | Kind::Map { .. }
        );
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
        if can_handle && self.try_catch(&error) {
            return;
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
        let Some((frame, state)) = self.current() else {
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
        let (next, result_path) = (catcher.next, catcher.result_path.clone());
        let error_output = error_output(error);
        let input = frame.input.clone();
        if state.jsonata {
            match self.jsonata_catch(index, error_output) {
                Ok(output) => self.complete_state(output, Some(next)),
                // The catcher's own expressions failed: that error is not caught again.
                Err(e) => self.finish_frame(Err(e)),
            }
            return true;
        }
        // JSONPath: the catcher's `Assign` reads the error output as `$`.
        let context = self.context_if_used();
        let states = super::query::States::new(&input, &context);
        let assigned = self.stash_assign(AssignOf::Catcher(index), &error_output, &states);
        let applied = assigned.and_then(|()| {
            super::data::apply_result_path(&result_path, input.clone(), error_output)
        });
        match applied {
            Ok(output) => {
                let kept = self.keep(&output);
                if let Some(visit) = self.visit_mut() {
                    visit.after_result_path = kept;
                }
                self.complete_state(output, Some(next));
            }
            // The catcher's own ResultPath failed: that error is not caught again.
            Err(e) => self.finish_frame(Err(e)),
        }
        true
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
