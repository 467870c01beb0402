//! Callbacks and activities answered live: a host that answers a `.waitForTaskToken` task
//! or an activity with [`TaskOutcome::Pending`] leaves the execution waiting in virtual time
//! until [`Execution::send_task_success`], [`Execution::send_task_failure`] or
//! [`Execution::let_time_pass`] (up to `HeartbeatSeconds`/`TimeoutSeconds`, which then fire
//! `States.HeartbeatTimeout`/`States.Timeout`). [`Execution::send_task_heartbeat`] resets the
//! heartbeat clock; as on AWS it records no event.
//!
//! The waiting task is data of its frame (`Resume::Callback`), so a frame cut short by a
//! failing Parallel branch or Map takes its callback with it. Other frames keep running while
//! their ready time has come; the clock is never moved past the time the host allowed
//! (`time_allowed_ms`, the virtual time at which the latest callback began waiting, or what
//! [`Execution::let_time_pass`] allows) while a callback waits, so an answer always comes at a
//! known virtual time. Every answer, and every timeout of a waiting task, is logged as a
//! [`LiveAnswer`], from which [`Execution::saved_case`] writes a mock file that replays the
//! run exactly.

use std::collections::BinaryHeap;

use serde_json::Value;

use super::frame::{Frame, PendingTask, Phase, Resource, Resume};
use super::schedule::subtree_ready;
use super::{Execution, Status};
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::host::TaskOutcome;

/// What kind of task waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackKind {
    /// A `.waitForTaskToken` integration: the payload it sent carries the token.
    Callback,
    /// An activity (`arn:aws:states:…:activity:NAME`): a worker's `GetActivityTask` gets the
    /// input and the token.
    Activity,
}

/// A task waiting for its answer, as [`Execution::pending_callbacks`] lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCallback {
    /// The task token to answer with.
    pub token: String,
    /// The Task state.
    pub state: String,
    /// Its `Resource`.
    pub resource: String,
    /// Callback or activity.
    pub kind: CallbackKind,
    /// What the task sent (the effective input: the integration's parameters, or the
    /// activity's input).
    pub input: Value,
    /// Zero-based invocation of the state (the mock file's key).
    pub invocation: u64,
    /// Virtual time the task started waiting (epoch ms).
    pub since_ms: i64,
    /// When `HeartbeatSeconds` runs out unless a heartbeat comes (epoch ms).
    pub heartbeat_deadline_ms: Option<i64>,
    /// When `TimeoutSeconds` runs out (epoch ms).
    pub timeout_deadline_ms: Option<i64>,
}

/// How a live answer ended a waiting task.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveOutcome {
    /// `SendTaskSuccess` with this output.
    Success(Value),
    /// `SendTaskFailure`, or a timeout (`States.Timeout`/`States.HeartbeatTimeout`).
    Failure(StatesError),
}

/// One waiting task's end, for [`Execution::saved_case`].
#[derive(Debug, Clone, PartialEq)]
pub struct LiveAnswer {
    /// The Task state.
    pub state: String,
    /// Its zero-based invocation.
    pub invocation: u64,
    /// What ended it.
    pub outcome: LiveOutcome,
    /// Virtual time from the task's start to its end.
    pub duration_ms: u64,
    /// Heartbeats, in ms after the start.
    pub heartbeats_ms: Vec<u64>,
}

/// Why an answer was refused (AWS's exception names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// `TaskDoesNotExist`: no task waits with this token (answered, timed out, or never).
    TaskDoesNotExist(String),
    /// `InvalidOutput`: the output is too large.
    InvalidOutput(String),
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::TaskDoesNotExist(m) => write!(f, "TaskDoesNotExist: {m}"),
            AnswerError::InvalidOutput(m) => write!(f, "InvalidOutput: {m}"),
        }
    }
}

/// A task waiting for its answer, kept in its frame.
#[derive(Debug)]
pub(crate) struct Waiting {
    pub res: Resource,
    pub token: String,
    /// The token `$$.Task.Token` shows when the result flows on (callbacks only).
    pub context_token: Option<String>,
    pub state: String,
    pub resource: String,
    pub kind: CallbackKind,
    pub input: Doc,
    pub invocation: u64,
    pub since_ms: i64,
    pub heartbeat_ms: Option<u64>,
    pub timeout_ms: Option<u64>,
    pub last_beat_ms: i64,
    pub heartbeats_ms: Vec<u64>,
}

fn plus(t: i64, ms: u64) -> i64 {
    t.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX))
}

impl Waiting {
    fn heartbeat_deadline(&self) -> Option<i64> {
        self.heartbeat_ms.map(|h| plus(self.last_beat_ms, h))
    }

    fn timeout_deadline(&self) -> Option<i64> {
        self.timeout_ms.map(|t| plus(self.since_ms, t))
    }

    /// When the task times out unless answered (`i64::MAX`: never by itself).
    pub(crate) fn deadline(&self) -> i64 {
        [self.heartbeat_deadline(), self.timeout_deadline()]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(i64::MAX)
    }

    fn listed(&self) -> PendingCallback {
        PendingCallback {
            token: self.token.clone(),
            state: self.state.clone(),
            resource: self.resource.clone(),
            kind: self.kind,
            input: self.input.to_value(),
            invocation: self.invocation,
            since_ms: self.since_ms,
            heartbeat_deadline_ms: self.heartbeat_deadline(),
            timeout_deadline_ms: self.timeout_deadline(),
        }
    }
}

/// Calls `f` on every frame of the tree under `frame` (itself, then parked children), until
/// it returns true; re-keys the heaps on the path to that frame, whose ready time may have
/// changed. True when found.
fn find_mut(frame: &mut Frame, f: &mut dyn FnMut(&mut Frame) -> bool) -> bool {
    if f(frame) {
        return true;
    }
    let Some(join) = frame.join.as_mut() else {
        return false;
    };
    if join.parked.is_empty() {
        return false;
    }
    let mut children = std::mem::take(&mut join.parked).into_vec();
    let mut found = false;
    for child in &mut children {
        if find_mut(&mut child.frame, f) {
            child.ready_ms = subtree_ready(&child.frame);
            found = true;
            break;
        }
    }
    join.parked = BinaryHeap::from(children);
    found
}

fn for_each(frame: &Frame, f: &mut dyn FnMut(&Frame)) {
    f(frame);
    if let Some(join) = &frame.join {
        for child in join.parked.iter() {
            for_each(&child.frame, f);
        }
    }
}

impl Execution {
    /// Makes the current frame wait for a live answer (the host said `Pending`).
    pub(crate) fn wait_for_answer(&mut self, waiting: Waiting) {
        let deadline = waiting.deadline();
        let now = self.now_ms;
        if let Some(frame) = self.frame_mut() {
            frame.ready_ms = deadline;
            frame.resume = Some(Resume::Callback(Box::new(waiting)));
            frame.phase = Phase::Resume;
        }
        self.waiting_count += 1;
        // The answer comes at the time the task began waiting, unless the host lets time pass.
        self.time_allowed_ms = now;
    }

    /// A waiting task's deadline came before any answer: it times out.
    pub(crate) fn callback_timed_out(&mut self, waiting: Waiting) -> (PendingTask, LiveAnswer) {
        self.waiting_count = self.waiting_count.saturating_sub(1);
        let heartbeat_first = match (waiting.heartbeat_deadline(), waiting.timeout_deadline()) {
            (Some(h), Some(t)) => h < t,
            (Some(_), None) => true,
            _ => false,
        };
        let name = if heartbeat_first {
            names::HEARTBEAT_TIMEOUT
        } else {
            names::TIMEOUT
        };
        let answer = LiveAnswer {
            state: waiting.state.clone(),
            invocation: waiting.invocation,
            outcome: LiveOutcome::Failure(StatesError::bare(name)),
            duration_ms: self.elapsed_since(waiting.since_ms),
            heartbeats_ms: waiting.heartbeats_ms.clone(),
        };
        let pending = PendingTask {
            res: waiting.res,
            outcome: TaskOutcome::Throw {
                error: StatesError::bare(name),
                duration_ms: 0,
            },
            timed_out: Some(name),
            token: waiting.context_token,
        };
        (pending, answer)
    }

    fn elapsed_since(&self, since_ms: i64) -> u64 {
        u64::try_from(self.now_ms.saturating_sub(since_ms)).unwrap_or(0)
    }

    /// The tasks waiting for an answer, in the order they began waiting (then by token).
    pub fn pending_callbacks(&self) -> Vec<PendingCallback> {
        let mut out = Vec::new();
        if self.waiting_count == 0 || self.status != Status::Running {
            return out;
        }
        for frame in &self.frames {
            for_each(frame, &mut |f| {
                if let Some(Resume::Callback(w)) = &f.resume {
                    out.push(w.listed());
                }
            });
        }
        out.sort_by(|a, b| (a.since_ms, &a.token).cmp(&(b.since_ms, &b.token)));
        out
    }

    /// True while the execution cannot go on without an answer or [`Self::let_time_pass`]:
    /// [`Execution::step`] then returns without new events.
    pub fn is_waiting(&self) -> bool {
        self.suspended && self.status == Status::Running
    }

    /// The next virtual time at which something happens by itself while the execution waits
    /// (a deadline, a Wait ending in another branch); `None` when nothing would.
    pub fn next_wake_ms(&self) -> Option<i64> {
        (self.is_waiting() && self.next_wake_ms < i64::MAX).then_some(self.next_wake_ms)
    }

    /// Lets `ms` of virtual time pass while tasks wait (`None`: until the next thing that
    /// happens by itself, such as a heartbeat or task timeout, or the execution's timeout).
    pub fn let_time_pass(&mut self, ms: Option<u64>) {
        self.time_allowed_ms = match ms {
            Some(ms) => plus(self.now_ms, ms),
            None => self.next_wake_ms.min(self.deadline_ms.saturating_add(1)),
        };
        self.suspended = false;
    }

    /// Finds the waiting task with `token` and hands it to `f`, which may replace its
    /// resume and ready time.
    fn with_waiting(
        &mut self,
        token: &str,
        f: &mut dyn FnMut(&mut Frame, i64),
    ) -> Result<(), AnswerError> {
        let now = self.now_ms;
        let mut found = false;
        if self.status == Status::Running && self.waiting_count > 0 {
            for frame in &mut self.frames {
                found = find_mut(frame, &mut |fr| {
                    let hit = matches!(&fr.resume, Some(Resume::Callback(w)) if w.token == token);
                    if hit {
                        f(fr, now);
                    }
                    hit
                });
                if found {
                    break;
                }
            }
        }
        if found {
            self.suspended = false;
            Ok(())
        } else {
            Err(AnswerError::TaskDoesNotExist(format!(
                "no task is waiting for an answer with the token '{token}'"
            )))
        }
    }

    fn answer(&mut self, token: &str, outcome: LiveOutcome) -> Result<(), AnswerError> {
        let mut log = None;
        let task_outcome = match &outcome {
            LiveOutcome::Success(v) => TaskOutcome::Return {
                output: Doc::from(v.clone()),
                duration_ms: 0,
                unmocked: false,
            },
            LiveOutcome::Failure(e) => TaskOutcome::Throw {
                error: e.clone(),
                duration_ms: 0,
            },
        };
        let mut task_outcome = Some(task_outcome);
        self.with_waiting(token, &mut |frame, now| {
            let Some(Resume::Callback(w)) = frame.resume.take() else {
                return;
            };
            let w = *w;
            log = Some(LiveAnswer {
                state: w.state.clone(),
                invocation: w.invocation,
                outcome: outcome.clone(),
                duration_ms: u64::try_from(now.saturating_sub(w.since_ms)).unwrap_or(0),
                heartbeats_ms: w.heartbeats_ms.clone(),
            });
            frame.resume = Some(Resume::Task(Box::new(PendingTask {
                res: w.res,
                outcome: task_outcome.take().unwrap_or(TaskOutcome::Pending),
                timed_out: None,
                token: w.context_token,
            })));
            frame.ready_ms = now;
        })?;
        self.waiting_count = self.waiting_count.saturating_sub(1);
        self.live_answers.extend(log);
        Ok(())
    }

    /// `SendTaskSuccess`: the task with `token` returns `output` now.
    pub fn send_task_success(&mut self, token: &str, output: Value) -> Result<(), AnswerError> {
        let size = serde_json::to_string(&output).map_or(0, |s| s.len());
        if size > super::size::MAX_PAYLOAD_BYTES {
            return Err(AnswerError::InvalidOutput(format!(
                "the output has {size} bytes; at most {} are allowed",
                super::size::MAX_PAYLOAD_BYTES
            )));
        }
        self.answer(token, LiveOutcome::Success(output))
    }

    /// `SendTaskFailure`: the task with `token` fails now with `error` and `cause` (both
    /// optional, as in the API).
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<&str>,
        cause: Option<&str>,
    ) -> Result<(), AnswerError> {
        let error = StatesError {
            error: error.unwrap_or_default().to_owned(),
            cause: cause.map(str::to_owned),
        };
        self.answer(token, LiveOutcome::Failure(error))
    }

    /// `SendTaskHeartbeat`: the task with `token` is still at work; its `HeartbeatSeconds`
    /// clock starts again now. Records no event, as on AWS.
    pub fn send_task_heartbeat(&mut self, token: &str) -> Result<(), AnswerError> {
        self.with_waiting(token, &mut |frame, now| {
            if let Some(Resume::Callback(w)) = frame.resume.as_mut() {
                w.last_beat_ms = now;
                w.heartbeats_ms
                    .push(u64::try_from(now.saturating_sub(w.since_ms)).unwrap_or(0));
                frame.ready_ms = w.deadline();
            }
        })
    }

    /// Every live answer (and timeout of a waiting task) so far, in order.
    pub fn live_answers(&self) -> &[LiveAnswer] {
        &self.live_answers
    }
}

impl Execution {
    /// Called by `schedule` when the clock would pass the allowed time while tasks wait:
    /// stops there (true), or, when no task waits after all (their frames were cut short),
    /// forgets the count (false).
    pub(crate) fn suspend_at(&mut self, next: i64) -> bool {
        let mut any = false;
        for frame in &self.frames {
            for_each(frame, &mut |f| {
                any |= matches!(f.resume, Some(Resume::Callback(_)));
            });
        }
        if !any {
            self.waiting_count = 0;
            return false;
        }
        self.next_wake_ms = next;
        if self.time_allowed_ms > self.now_ms {
            self.now_ms = self.time_allowed_ms;
        }
        self.suspended = true;
        true
    }
}
