//! Task states: one attempt per tick. The host runs the resource; `TimeoutSeconds` and
//! `HeartbeatSeconds` are checked against the virtual duration it reports.
//!
//! History families follow the resource: optimized and SDK integrations record `Task*`
//! events, legacy Lambda ARNs `LambdaFunction*`, activities `Activity*`. A result the host
//! made up because nothing mocked the call is marked in its succeeded event with the
//! extension field `"x-asl-playground": {"unmocked": true}`. `.sync` and
//! `.waitForTaskToken` integrations add `TaskSubmitted` after `TaskStarted`.

use serde_json::json;

use crate::doc::Doc;

use super::engine::Resume;
use super::handling::data_limit;
use super::history::{payload, Detail};
use super::model::{Kind, ResourceKind};
use super::states::internal;
use super::{size, Execution};
use crate::error::{names, StatesError};
use crate::host::{TaskCall, TaskOutcome};

/// A Task attempt waiting for its virtual duration to pass (see `engine::Resume`).
#[derive(Debug)]
pub(crate) struct PendingTask {
    res: Resource,
    outcome: TaskOutcome,
    /// `States.Timeout` or `States.HeartbeatTimeout` when a limit ends the attempt.
    timed_out: Option<&'static str>,
    state_name: std::rc::Rc<str>,
    token: Option<String>,
    uses_context: bool,
}

/// What the events of one attempt need to know about the resource.
#[derive(Debug)]
struct Resource {
    kind: ResourceKind,
    resource_type: String,
    resource: String,
}

impl Resource {
    fn base(&self) -> Vec<(&'static str, Detail)> {
        match self.kind {
            ResourceKind::Service => vec![
                (
                    "resourceType",
                    Detail::Str(self.resource_type.as_str().into()),
                ),
                ("resource", Detail::Str(self.resource.as_str().into())),
            ],
            _ => Vec::new(),
        }
    }

    fn event(
        &self,
        service: &'static str,
        lambda: &'static str,
        activity: &'static str,
    ) -> &'static str {
        match self.kind {
            ResourceKind::Service => service,
            ResourceKind::LambdaArn => lambda,
            ResourceKind::Activity => activity,
        }
    }
}

impl Execution {
    pub(crate) fn run_task(&mut self) -> Result<(), StatesError> {
        let (frame, state) = self.current().ok_or_else(internal)?;
        let Kind::Task {
            task_index,
            resource,
            resource_kind,
            event_resource_type,
            event_resource,
            region,
            wait_for_token,
            timeout,
            heartbeat,
        } = &state.kind
        else {
            return Err(internal());
        };
        let raw_input = frame.input.clone();
        let state_name = state.name.clone();
        let uses_context = state.uses_context;
        let (task_index, wait_for_token) = (*task_index, *wait_for_token);
        let res = Resource {
            kind: *resource_kind,
            resource_type: event_resource_type.clone(),
            resource: event_resource.clone(),
        };
        let arn = resource.clone();
        let region = region.clone();
        let (timeout, heartbeat) = (timeout.clone(), heartbeat.clone());

        let token = wait_for_token.then(|| {
            format!(
                "{:016x}{:016x}",
                self.host.random_u64(),
                self.host.random_u64()
            )
        });
        let context = if uses_context {
            self.context(token.as_deref(), None)
        } else {
            Doc::Null
        };
        let effective = self.effective_input(&context)?;
        if size::doc_too_large(&effective) {
            return Err(data_limit(&state_name));
        }
        // AWS reads the *Path variants from the state's raw input, not the effective input.
        let timeout_s = self.number_field(&timeout, "TimeoutSeconds", &raw_input, &context)?;
        let heartbeat_s =
            self.number_field(&heartbeat, "HeartbeatSeconds", &raw_input, &context)?;

        let mut scheduled = res.base();
        match res.kind {
            ResourceKind::Service => {
                scheduled.push(("region", Detail::Str(region.into())));
                let doc = self.keep(&effective).map_or(Detail::Truncated, Detail::Doc);
                scheduled.push(("parameters", doc));
            }
            _ => {
                scheduled.push(("resource", Detail::Str(arn.as_str().into())));
                scheduled.extend(payload(
                    "input",
                    "inputDetails",
                    self.keep(&effective).as_ref(),
                ));
            }
        }
        if let Some(t) = timeout_s {
            scheduled.push(("timeoutInSeconds", Detail::Int(t as i64)));
        }
        if let Some(h) = heartbeat_s.filter(|_| res.kind != ResourceKind::LambdaArn) {
            scheduled.push(("heartbeatInSeconds", Detail::Int(h as i64)));
        }
        self.emit(
            res.event(
                "TaskScheduled",
                "LambdaFunctionScheduled",
                "ActivityScheduled",
            ),
            scheduled,
        );
        let started = match res.kind {
            ResourceKind::Activity => vec![("workerName", Detail::Str("asl-playground".into()))],
            _ => res.base(),
        };
        self.emit(
            res.event("TaskStarted", "LambdaFunctionStarted", "ActivityStarted"),
            started,
        );
        // `.sync` and `.waitForTaskToken` integrations record that the start call returned,
        // then wait for the job or the callback. The start call's response is not mocked, so
        // the event leaves out its optional `output`.
        let submits = wait_for_token || arn.contains(".sync");
        if submits && res.kind == ResourceKind::Service {
            self.emit("TaskSubmitted", res.base());
        }
        if self.status != super::Status::Running {
            return Ok(());
        }

        let invocation = self.invocations.get(task_index).copied().unwrap_or(0);
        if let Some(count) = self.invocations.get_mut(task_index) {
            *count += 1;
        }
        let outcome = self.host.invoke(&TaskCall {
            state_name: &state_name,
            resource: &arn,
            input: &effective,
            invocation,
            task_token: token.as_deref(),
        });
        let duration_ms = match &outcome {
            TaskOutcome::Return { duration_ms, .. } | TaskOutcome::Throw { duration_ms, .. } => {
                *duration_ms
            }
        };
        // Whichever limit comes first ends the attempt.
        let timeout_ms = timeout_s.map(|s| (s * 1000.0) as u64);
        let heartbeat_ms = heartbeat_s.map(|s| (s * 1000.0) as u64);
        let limit = [
            timeout_ms.map(|ms| (ms, names::TIMEOUT)),
            heartbeat_ms.map(|ms| (ms, names::HEARTBEAT_TIMEOUT)),
        ]
        .into_iter()
        .flatten()
        .filter(|(ms, _)| duration_ms > *ms)
        .min_by_key(|(ms, _)| *ms);
        let (wait_ms, timed_out) = match limit {
            Some((ms, name)) => (ms, Some(name)),
            None => (duration_ms, None),
        };
        let pending = PendingTask {
            res,
            outcome,
            timed_out,
            state_name,
            token,
            uses_context,
        };
        self.defer(wait_ms, Resume::Task(Box::new(pending)));
        Ok(())
    }

    /// The second half of an attempt, once its virtual duration has passed: records the
    /// result and runs the result data flow.
    pub(crate) fn finish_task(&mut self, pending: PendingTask) -> Result<(), StatesError> {
        let PendingTask {
            res,
            outcome,
            timed_out,
            state_name,
            token,
            uses_context,
        } = pending;
        if let Some(name) = timed_out {
            return Err(self.task_failed(&res, StatesError::bare(name)));
        }
        match outcome {
            TaskOutcome::Throw { error, .. } => Err(self.task_failed(&res, error)),
            TaskOutcome::Return {
                output, unmocked, ..
            } => {
                // Too deep counts as too large: see `size::MAX_DOCUMENT_DEPTH`. Both are
                // cached in the document, so a mocked result served again costs nothing.
                if size::doc_too_large(&output) {
                    return Err(data_limit(&state_name));
                }
                let bytes = output.json_size();
                self.retain(bytes);
                let mut details = res.base();
                details.extend(payload(
                    "output",
                    "outputDetails",
                    self.keep(&output).as_ref(),
                ));
                if unmocked {
                    details.push((
                        "x-asl-playground",
                        Detail::Json(Box::new(json!({ "unmocked": true }))),
                    ));
                }
                self.emit(
                    res.event(
                        "TaskSucceeded",
                        "LambdaFunctionSucceeded",
                        "ActivitySucceeded",
                    ),
                    details,
                );
                if self.status != super::Status::Running {
                    return Ok(());
                }
                let context = if uses_context {
                    self.context(token.as_deref(), None)
                } else {
                    Doc::Null
                };
                let out = self.result_flow(output, &context)?;
                let next = self.current().and_then(|(_, s)| s.common.next);
                self.complete_state(out, next);
                Ok(())
            }
        }
    }

    /// Records the failed (or timed-out) attempt and returns the error for Retry/Catch.
    fn task_failed(&mut self, res: &Resource, error: StatesError) -> StatesError {
        let timed_out = error.error == names::TIMEOUT || error.error == names::HEARTBEAT_TIMEOUT;
        let event = if timed_out {
            res.event("TaskTimedOut", "LambdaFunctionTimedOut", "ActivityTimedOut")
        } else {
            res.event("TaskFailed", "LambdaFunctionFailed", "ActivityFailed")
        };
        let mut details = res.base();
        if !error.error.is_empty() {
            details.push(("error", Detail::Str(error.error.as_str().into())));
        }
        if let Some(cause) = &error.cause {
            details.push(("cause", Detail::Str(cause.as_str().into())));
        }
        self.emit(event, details);
        error
    }
}
