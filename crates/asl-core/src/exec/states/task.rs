//! Task: one attempt per tick. The host runs the resource; `TimeoutSeconds` and
//! `HeartbeatSeconds` are checked against the virtual duration it reports.
//!
//! History families follow the resource: optimized and SDK integrations record `Task*`
//! events, legacy Lambda ARNs `LambdaFunction*`, activities `Activity*`. A result the host
//! made up because nothing mocked the call is marked in its succeeded event with the
//! extension field `"x-asl-playground": {"unmocked": true}`. `.sync` and
//! `.waitForTaskToken` integrations add `TaskSubmitted` after `TaskStarted`, whose `output`
//! (the start call's response, which mocks do not describe) is an empty object marked the
//! same way.

use serde_json::json;

#[cfg(feature = "debugger")]
use super::super::callback::{CallbackKind, Waiting};
use super::super::compile::Fields;
use super::super::compile_fields::{jsonata_field, may_read_task_context, opt_str, template_field};
use super::super::errors::{data_limit, invalid, Invalid};
use super::super::frame::{PendingTask, Resource, Resume};
use super::super::history::{payload, Detail};
use super::super::io::{Effective, Exit};
use super::super::model::{Credentials, Kind, ResourceKind, State, Task};
use super::super::query::{Field, States};
use super::super::{size, Execution, Status};
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::host::{TaskCall, TaskOutcome};

pub(super) fn compile(fields: &Fields<'_>, task_index: usize) -> Result<Kind, Invalid> {
    let (obj, ptr) = (fields.obj, fields.ptr);
    let resource = opt_str(obj, "Resource", ptr)?
        .ok_or_else(|| invalid(&format!("{ptr}/Resource"), "is required"))?
        .to_owned();
    let (resource_kind, event_resource_type, event_resource, region) = classify_resource(&resource);
    Ok(Kind::Task(Task {
        task_index,
        wait_for_token: resource.ends_with(".waitForTaskToken"),
        // `.waitForTaskToken` needs the token; a `.sync` integration has one too and may read
        // it as `$$.Task.Token` (AWS runs such definitions).
        sync_reads_token: resource.contains(".sync") && obj.values().any(may_read_task_context),
        resource,
        resource_kind,
        event_resource_type,
        event_resource,
        region,
        timeout: fields.number(Field::TimeoutSeconds.name())?,
        heartbeat: fields.number(Field::HeartbeatSeconds.name())?,
        credentials: if fields.jsonata {
            jsonata_field(obj, "Credentials", ptr)?.map(Credentials::JsonAta)
        } else {
            template_field(obj, "Credentials", ptr)?.map(Credentials::JsonPath)
        },
    }))
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

/// The extension field that marks a response the host made up: `{"unmocked": true}`.
fn unmocked_marker() -> Detail {
    Detail::Unmocked
}

/// What an attempt is scheduled with: its limits, in seconds, and the role it assumes.
struct Limits {
    timeout: Option<f64>,
    heartbeat: Option<f64>,
    /// `taskCredentials` of the scheduled event: `{"roleArn": …}`.
    credentials: Option<serde_json::Value>,
}

impl Execution {
    pub(super) fn run_task(&mut self, state: &State, task: &Task) -> Result<(), StatesError> {
        // Drawn only when needed, so that other runs' seeded random values stay where they were.
        let token = (task.wait_for_token || task.sync_reads_token).then(|| {
            format!(
                "{:016x}{:016x}",
                self.host.random_u64(),
                self.host.random_u64()
            )
        });
        let context = if state.uses_context {
            self.context(token.as_deref(), None)
        } else {
            Doc::Null
        };
        let effective = self.effective_input(&state.query, Effective::Arguments, &context)?;
        if size::doc_too_large(&effective) {
            return Err(data_limit(&state.name));
        }
        // AWS reads the *Path variants from the state's raw input, not the effective input.
        let raw_input = self.raw_input()?;
        let limits = Limits {
            timeout: self.number(
                task.timeout.as_ref(),
                Field::TimeoutSeconds,
                &raw_input,
                &context,
            )?,
            heartbeat: self.number(
                task.heartbeat.as_ref(),
                Field::HeartbeatSeconds,
                &raw_input,
                &context,
            )?,
            credentials: self.credentials(task, &raw_input, &context)?,
        };
        let res = Resource {
            kind: task.resource_kind,
            resource_type: task.event_resource_type.clone(),
            resource: task.event_resource.clone(),
        };
        self.task_started(task, &res, &effective, &limits);
        if self.status != Status::Running {
            return Ok(());
        }
        let invocation = self.invocations.get(task.task_index).copied().unwrap_or(0);
        if let Some(count) = self.invocations.get_mut(task.task_index) {
            *count += 1;
        }
        let outcome = self.host.invoke(&TaskCall {
            state_name: &state.name,
            resource: &task.resource,
            input: &effective,
            invocation,
            task_token: token.as_deref().filter(|_| task.wait_for_token),
        });
        if outcome == TaskOutcome::Pending {
            #[cfg(feature = "debugger")]
            return self.pending_answer(state, task, res, token, invocation, effective, &limits);
            #[cfg(not(feature = "debugger"))]
            return Err(StatesError::new(
                names::RUNTIME,
                "The host answered 'pending', which needs asl-core's `debugger` feature.",
            ));
        }
        let (wait_ms, timed_out) = limits.apply(&outcome);
        let pending = PendingTask {
            res,
            outcome,
            timed_out,
            token,
        };
        self.defer(wait_ms, Resume::Task(Box::new(pending)));
        Ok(())
    }

    /// The host will answer later (`callback`): only callbacks and activities can wait.
    #[cfg(feature = "debugger")]
    #[allow(clippy::too_many_arguments)]
    fn pending_answer(
        &mut self,
        state: &State,
        task: &Task,
        res: Resource,
        token: Option<String>,
        invocation: u64,
        effective: Doc,
        limits: &Limits,
    ) -> Result<(), StatesError> {
        let kind = match (task.wait_for_token, res.kind) {
            (true, _) => CallbackKind::Callback,
            (false, ResourceKind::Activity) => CallbackKind::Activity,
            _ => {
                return Err(StatesError::new(
                    names::RUNTIME,
                    "The host answered 'pending' for a task that is neither a .waitForTaskToken integration nor an activity.",
                ))
            }
        };
        // An activity's token is what GetActivityTask hands the worker; it is made from the
        // event id rather than drawn, so that mocked and live runs draw the same numbers.
        let token_text = match (&token, kind) {
            (Some(t), CallbackKind::Callback) => t.clone(),
            _ => format!("activity-token-{}", self.events.len()),
        };
        let ms = |s: Option<f64>| s.map(|s| (s * 1000.0) as u64);
        let now = self.now_ms;
        self.wait_for_answer(Waiting {
            res,
            token: token_text,
            context_token: token.filter(|_| kind == CallbackKind::Callback),
            state: state.name.to_string(),
            resource: task.resource.clone(),
            kind,
            input: effective,
            invocation,
            since_ms: now,
            heartbeat_ms: ms(limits.heartbeat),
            timeout_ms: ms(limits.timeout),
            last_beat_ms: now,
            heartbeats_ms: Vec::new(),
        });
        Ok(())
    }

    /// `Credentials` evaluated on the state's raw input (as the `*Path` limits are), as the
    /// scheduled event's `taskCredentials`.
    fn credentials(
        &mut self,
        task: &Task,
        raw_input: &Doc,
        context: &Doc,
    ) -> Result<Option<serde_json::Value>, StatesError> {
        let value = match &task.credentials {
            None => return Ok(None),
            Some(Credentials::JsonPath(template)) => {
                self.eval_template(template, raw_input, context)?.to_value()
            }
            Some(Credentials::JsonAta(template)) => self.eval(
                template,
                Field::Credentials,
                &States::new(raw_input, context),
            )?,
        };
        let role = value
            .get("RoleArn")
            .cloned()
            .unwrap_or(serde_json::Value::Null);
        Ok(Some(json!({ "roleArn": role })))
    }

    /// `*Scheduled`, `*Started` and, for `.sync` and `.waitForTaskToken`, `TaskSubmitted`.
    fn task_started(&mut self, task: &Task, res: &Resource, effective: &Doc, limits: &Limits) {
        let mut scheduled = res.base();
        match res.kind {
            ResourceKind::Service => {
                scheduled.push(("region", Detail::Str(task.region.as_str().into())));
                let doc = self.keep(effective).map_or(Detail::Truncated, Detail::Doc);
                scheduled.push(("parameters", doc));
            }
            _ => {
                scheduled.push(("resource", Detail::Str(task.resource.as_str().into())));
                scheduled.extend(payload(
                    "input",
                    "inputDetails",
                    self.keep(effective).as_ref(),
                ));
            }
        }
        if let Some(t) = limits.timeout {
            scheduled.push(("timeoutInSeconds", Detail::Int(t as i64)));
        }
        if let Some(h) = limits
            .heartbeat
            .filter(|_| res.kind != ResourceKind::LambdaArn)
        {
            scheduled.push(("heartbeatInSeconds", Detail::Int(h as i64)));
        }
        if let Some(credentials) = &limits.credentials {
            scheduled.push((
                "taskCredentials",
                Detail::Json(Box::new(credentials.clone())),
            ));
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
        // then wait for the job or the callback. AWS's event carries the start call's
        // response as `output`; mocks describe only the final result, so the response here
        // is an empty object, marked as made up like any unmocked result.
        let submits = task.wait_for_token || task.resource.contains(".sync");
        if submits && res.kind == ResourceKind::Service {
            let mut details = res.base();
            details.reserve_exact(3); // one allocation for the five details
            details.extend(payload(
                "output",
                "outputDetails",
                Some(&Doc::empty_object()),
            ));
            details.push(("x-asl-playground", unmocked_marker()));
            self.emit("TaskSubmitted", details);
        }
    }

    /// The second half of an attempt, once its virtual duration has passed: records the
    /// result and runs the result data flow.
    pub(crate) fn finish_task(
        &mut self,
        state: &State,
        pending: PendingTask,
    ) -> Result<(), StatesError> {
        let PendingTask {
            res,
            outcome,
            timed_out,
            token,
        } = pending;
        if let Some(name) = timed_out {
            return Err(self.task_failed(&res, StatesError::bare(name)));
        }
        let outcome = match outcome {
            TaskOutcome::Heartbeats { answer, .. } => *answer,
            other => other,
        };
        let output = match outcome {
            TaskOutcome::Throw { error, .. } => return Err(self.task_failed(&res, error)),
            TaskOutcome::Pending | TaskOutcome::Heartbeats { .. } => {
                return Err(super::super::errors::internal())
            }
            TaskOutcome::Return {
                output, unmocked, ..
            } => {
                // Too deep counts as too large: see `size::MAX_DOCUMENT_DEPTH`. Both are
                // cached in the document, so a mocked result served again costs nothing.
                if size::doc_too_large(&output) {
                    return Err(data_limit(&state.name));
                }
                self.task_succeeded(&res, &output, unmocked);
                output
            }
        };
        if self.status != Status::Running {
            return Ok(());
        }
        let context = if state.uses_context {
            self.context(token.as_deref(), None)
        } else {
            Doc::Null
        };
        let out = self.exit_flow(state, Doc::Null, Exit::Result(output), &context)?;
        self.complete_state(out, state.common.next);
        Ok(())
    }

    fn task_succeeded(&mut self, res: &Resource, output: &Doc, unmocked: bool) {
        let bytes = output.json_size();
        self.retain(bytes);
        let mut details = res.base();
        details.extend(payload(
            "output",
            "outputDetails",
            self.keep(output).as_ref(),
        ));
        if unmocked {
            details.push(("x-asl-playground", unmocked_marker()));
        }
        self.emit(
            res.event(
                "TaskSucceeded",
                "LambdaFunctionSucceeded",
                "ActivitySucceeded",
            ),
            details,
        );
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

impl Limits {
    /// How long the attempt takes, and the error when a limit ends it first (whichever
    /// limit comes first).
    ///
    /// A thrown timeout error (`States.Timeout`, `States.HeartbeatTimeout`) says when the
    /// timeout happened, as a saved live run records it; heartbeats reset the heartbeat
    /// clock.
    fn apply(&self, outcome: &TaskOutcome) -> (u64, Option<&'static str>) {
        let (outcome, heartbeats) = match outcome {
            TaskOutcome::Heartbeats {
                answer,
                heartbeats_ms,
            } => (answer.as_ref(), heartbeats_ms.as_slice()),
            other => (other, &[][..]),
        };
        let duration_ms = match outcome {
            TaskOutcome::Return { duration_ms, .. } | TaskOutcome::Throw { duration_ms, .. } => {
                *duration_ms
            }
            TaskOutcome::Pending | TaskOutcome::Heartbeats { .. } => 0,
        };
        if let TaskOutcome::Throw { error, .. } = outcome {
            if error.error == names::TIMEOUT || error.error == names::HEARTBEAT_TIMEOUT {
                return (duration_ms, None);
            }
        }
        let timeout_ms = self.timeout.map(|s| (s * 1000.0) as u64);
        // The first gap between heartbeats (from the start, to the end) longer than
        // `HeartbeatSeconds` ends the task at its start plus that many seconds.
        let heartbeat_end = self.heartbeat.and_then(|s| {
            let h = (s * 1000.0) as u64;
            let mut last = 0u64;
            for &t in heartbeats
                .iter()
                .filter(|&&t| t <= duration_ms)
                .chain([&duration_ms])
            {
                if t.saturating_sub(last) > h {
                    return Some(last + h);
                }
                last = t;
            }
            None
        });
        let limit = [
            timeout_ms
                .filter(|ms| duration_ms > *ms)
                .map(|ms| (ms, names::TIMEOUT)),
            heartbeat_end.map(|ms| (ms, names::HEARTBEAT_TIMEOUT)),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|(ms, _)| *ms);
        match limit {
            Some((ms, name)) => (ms, Some(name)),
            None => (duration_ms, None),
        }
    }
}

/// Splits a Task resource ARN into the history's `resourceType`/`resource` pair and region.
fn classify_resource(resource: &str) -> (ResourceKind, String, String, String) {
    let parts: Vec<&str> = resource.split(':').collect();
    let region = parts
        .get(3)
        .filter(|r| !r.is_empty())
        .map(|r| (*r).to_owned())
        .unwrap_or_else(|| "us-east-1".to_owned());
    if parts.len() >= 7 && parts[2] == "lambda" && parts[5] == "function" {
        return (
            ResourceKind::LambdaArn,
            "lambda".into(),
            resource.into(),
            region,
        );
    }
    if parts.len() >= 7 && parts[2] == "states" && parts[5] == "activity" {
        return (
            ResourceKind::Activity,
            "activity".into(),
            resource.into(),
            region,
        );
    }
    // arn:aws:states:::service:api or arn:aws:states:::aws-sdk:service:api
    if parts.len() >= 7 && parts[5] == "aws-sdk" {
        return (
            ResourceKind::Service,
            format!("aws-sdk:{}", parts[6]),
            parts[7..].join(":"),
            region,
        );
    }
    if parts.len() >= 7 {
        return (
            ResourceKind::Service,
            parts[5].to_owned(),
            parts[6..].join(":"),
            region,
        );
    }
    (
        ResourceKind::Service,
        String::new(),
        resource.to_owned(),
        region,
    )
}
