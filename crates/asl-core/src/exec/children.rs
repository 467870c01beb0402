//! A Distributed Map's children as executions of their own, as AWS runs them: each child
//! has its own history (`ExecutionStarted` … `ExecutionSucceeded`/`Failed`/`Aborted`, ids
//! from 1), its own `$$.Execution` (ARN, name, input, start time) and `$$.StateMachine` (the
//! labelled machine `<machine>/<label>`), its own 25,000-event quota and its own start and
//! stop times in virtual time. The parent's history records only the Map Run events.
//!
//! The children still run as frames of the parent's stack (so the scheduler interleaves
//! them in virtual time as before); a frame inside a child names its record
//! (`Frame::child`), and `Execution::emit` appends that frame's events to the record's
//! history instead of the parent's. A `States.Runtime` error or the quota inside a child
//! fails that child only; the Map Run then counts it as any failed child.
//! <https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html>

use super::clock::format_iso;
use super::frame::Owner;
use super::history::{payload, Detail, Details, HistoryEvent};
use super::{Execution, Status};
use crate::doc::Doc;
use crate::error::{names, StatesError};

/// One child execution of a Map Run: see [`Execution::map_run_children`].
#[derive(Debug, Clone)]
pub struct ChildExecution {
    /// The Map Run that started it (`arn:aws:states:…:mapRun:<machine>/<label>:<id>`).
    pub map_run_arn: String,
    /// Index of its item (or batch) in the Map Run.
    pub index: usize,
    /// Execution name (a UUID drawn from the run's seed).
    pub name: String,
    /// `arn:aws:states:…:execution:<machine>/<label>:<name>` (`express:` for EXPRESS).
    pub execution_arn: String,
    /// `arn:aws:states:…:stateMachine:<machine>/<label>`.
    pub state_machine_arn: String,
    /// Its input (the item or batch after `ItemSelector`/`ItemBatcher`).
    pub input: Doc,
    /// Its own history, ids from 1.
    pub events: Vec<HistoryEvent>,
    /// `Running` until it ends; `Aborted` when its Map Run or the parent stopped it.
    pub status: Status,
    /// Its output, once it succeeded.
    pub output: Option<Doc>,
    /// Its error and cause, once it failed.
    pub error: Option<StatesError>,
    /// Virtual start time, epoch milliseconds.
    pub start_ms: i64,
    /// Virtual stop time, once it ended.
    pub stop_ms: Option<i64>,
    /// Its state machine's name, `<machine>/<label>` (a nested Map Run's machine is
    /// `<this name>/<label>`).
    pub(crate) machine: String,
    /// The child whose Map Run started this one (nested Distributed Maps), by index.
    pub(crate) parent: Option<usize>,
    /// The child's history reached its quota: it fails at its next step.
    pub(crate) quota_exceeded: bool,
}

impl ChildExecution {
    /// `$$.Execution` and `$$.StateMachine` inside this child, built when a state reads `$$`
    /// (kept in no record: a Map Run may have many thousands of children).
    pub(crate) fn context(&self, with_input: bool, role_arn: String) -> (Doc, Doc) {
        let execution = Doc::object_of([
            ("Id", Doc::from(self.execution_arn.clone())),
            (
                "Input",
                if with_input {
                    self.input.clone()
                } else {
                    Doc::Null
                },
            ),
            ("Name", Doc::from(self.name.clone())),
            ("RoleArn", Doc::from(role_arn)),
            ("StartTime", Doc::from(format_iso(self.start_ms))),
            ("RedriveCount", Doc::from(0u64)),
        ]);
        let state_machine = Doc::object_of([
            ("Id", Doc::from(self.state_machine_arn.clone())),
            ("Name", Doc::string(&self.machine)),
        ]);
        (execution, state_machine)
    }

    /// The child as `DescribeExecution` and `GetExecutionHistory` show it:
    /// `{"index", "name", "executionArn", "mapRunArn", "status", "input", "output" | "error",
    /// "cause", "startDate", "stopDate", "events"}`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        let mut put = |k: &str, v: serde_json::Value| {
            out.insert(k.into(), v);
        };
        put("index", self.index.into());
        put("name", self.name.clone().into());
        put("executionArn", self.execution_arn.clone().into());
        put("mapRunArn", self.map_run_arn.clone().into());
        put("status", self.status.as_str().into());
        put("input", self.input.to_value());
        if let Some(output) = &self.output {
            put("output", output.to_value());
        }
        if let Some(error) = &self.error {
            if !error.error.is_empty() {
                put("error", error.error.clone().into());
            }
            if let Some(cause) = &error.cause {
                put("cause", cause.clone().into());
            }
        }
        put("startDate", format_iso(self.start_ms).into());
        if let Some(stop) = self.stop_ms {
            put("stopDate", format_iso(stop).into());
        }
        put(
            "events",
            self.events.iter().map(HistoryEvent::to_json).collect(),
        );
        serde_json::Value::Object(out)
    }
}

/// What a Map Run tells a new child about itself.
pub(crate) struct ChildStart {
    pub map_run_arn: String,
    pub index: usize,
    pub name: String,
    pub execution_arn: String,
    /// `<machine>/<label>`.
    pub machine: String,
}

impl Execution {
    /// Records a new child execution starting now on `input`; returns its record's index.
    pub(crate) fn start_child(&mut self, start: ChildStart, input: Doc) -> usize {
        let state_machine_arn = format!(
            "arn:aws:states:us-east-1:123456789012:stateMachine:{}",
            start.machine
        );
        let [a, b] = payload("input", "inputDetails", self.keep(&input).as_ref());
        let started = HistoryEvent {
            id: 1,
            previous_event_id: 0,
            timestamp_ms: self.now_ms,
            event_type: "ExecutionStarted",
            details: Details::from_buf([a, b, ("roleArn", Detail::Str(self.role_arn().into()))]),
        };
        self.child_events += 1;
        self.children.push(ChildExecution {
            map_run_arn: start.map_run_arn,
            index: start.index,
            name: start.name,
            execution_arn: start.execution_arn,
            state_machine_arn,
            input,
            events: vec![started],
            status: Status::Running,
            output: None,
            error: None,
            start_ms: self.now_ms,
            stop_ms: None,
            quota_exceeded: false,
            machine: start.machine,
            parent: self.frames.last().and_then(|f| f.exec_child()),
        });
        self.children.len() - 1
    }

    /// Appends an event to child `c`'s history (see `Execution::emit_details`); 0 when its
    /// quota is reached (it then fails at its next step, `fail_child_on_quota`).
    pub(crate) fn emit_child(
        &mut self,
        c: usize,
        event_type: &'static str,
        details: Details,
    ) -> u64 {
        let max = self.options.max_events;
        let now = self.now_ms;
        let Some(child) = self.children.get_mut(c) else {
            return 0;
        };
        if child.quota_exceeded || child.events.len() + 1 >= max {
            child.quota_exceeded = true;
            return 0;
        }
        let id = child.events.len() as u64 + 1;
        let previous_event_id = match self.frames.last_mut() {
            Some(frame) => std::mem::replace(&mut frame.last_event, id),
            None => id - 1,
        };
        child.events.push(HistoryEvent {
            id,
            previous_event_id,
            timestamp_ms: now,
            event_type,
            details,
        });
        self.child_events += 1;
        id
    }

    /// Ends child `c` with `outcome`: records its last event and its stop time.
    pub(crate) fn end_child(&mut self, c: usize, outcome: &Result<Doc, StatesError>) {
        let kept = match outcome {
            Ok(output) => self.keep(output),
            Err(_) => None,
        };
        let now = self.now_ms;
        let Some(child) = self.children.get_mut(c) else {
            return;
        };
        let (event_type, details): (&'static str, Details) = match outcome {
            Ok(output) => {
                child.status = Status::Succeeded;
                child.output = Some(output.clone());
                let [a, b] = payload("output", "outputDetails", kept.as_ref());
                ("ExecutionSucceeded", [a, b].into_iter().collect())
            }
            Err(error) => {
                child.status = Status::Failed;
                child.error = Some(error.clone());
                ("ExecutionFailed", error_details(error))
            }
        };
        push_last(child, now, event_type, details);
        self.child_events += 1;
    }

    /// Marks the children still running as aborted (their Map Run or the parent ended).
    pub(crate) fn abort_running_children(&mut self) {
        if !super::distributed::ENABLED {
            return;
        }
        let now = self.now_ms;
        for child in self
            .children
            .iter_mut()
            .filter(|c| c.status == Status::Running)
        {
            child.status = Status::Aborted;
            push_last(child, now, "ExecutionAborted", Details::new());
        }
    }

    /// Ends the child the current frame belongs to with `error`: its frames stop, and its
    /// Map Run takes the failure as any child's. Used for errors that end an execution
    /// (`States.Runtime`, the history quota), which end only the child.
    pub(crate) fn fail_child(&mut self, c: usize, error: StatesError) {
        // Pop the child's inner frames down to its root (an iteration of a Map Run).
        while let Some(frame) = self.frames.last() {
            let below = self
                .frames
                .len()
                .checked_sub(2)
                .and_then(|i| self.frames.get(i));
            let root =
                frame.owner != Owner::Root && below.is_some_and(|b| b.exec_child() != Some(c));
            if root {
                break;
            }
            self.frames.pop();
        }
        // Children of Map Runs inside `c` stop with it (`c` itself ends in `finish_frame`).
        for d in c + 1..self.children.len() {
            if self.children[d].parent == Some(c) {
                self.abort_child_tree(d);
            }
        }
        self.finish_frame(Err(error));
    }

    /// Aborts child `c` (when still running) and the running children of the Map Runs
    /// inside it, whose frames were dropped with its own.
    pub(crate) fn abort_child_tree(&mut self, c: usize) {
        let now = self.now_ms;
        let mut in_tree = vec![false; self.children.len()];
        for i in c..self.children.len() {
            let child = &mut self.children[i];
            let inside = i == c || child.parent.is_some_and(|p| in_tree[p]);
            if !inside {
                continue;
            }
            in_tree[i] = true;
            if child.status == Status::Running {
                child.status = Status::Aborted;
                push_last(child, now, "ExecutionAborted", Details::new());
            }
        }
    }

    /// A child whose history reached its quota fails now (called at each step).
    pub(crate) fn fail_child_on_quota(&mut self) -> bool {
        if !super::distributed::ENABLED {
            return false;
        }
        let Some(c) = self.frames.last().and_then(|f| f.exec_child()) else {
            return false;
        };
        if !self.children.get(c).is_some_and(|ch| ch.quota_exceeded) {
            return false;
        }
        let error = StatesError::new(
            names::RUNTIME,
            format!(
                "The execution reached the maximum number of history events ({}).",
                self.options.max_events
            ),
        );
        self.fail_child(c, error);
        true
    }
}

fn error_details(error: &StatesError) -> Details {
    let mut details = Details::new();
    if !error.error.is_empty() {
        details.push(("error", Detail::Str(error.error.as_str().into())));
    }
    if let Some(cause) = &error.cause {
        details.push(("cause", Detail::Str(cause.as_str().into())));
    }
    details
}

/// The child's last event, after its latest one.
fn push_last(child: &mut ChildExecution, now: i64, event_type: &'static str, details: Details) {
    let id = child.events.len() as u64 + 1;
    child.events.push(HistoryEvent {
        id,
        previous_event_id: id - 1,
        timestamp_ms: now,
        event_type,
        details,
    });
    child.stop_ms = Some(now);
}

/// The Distributed Map children in `frame`'s subtree (itself and its parked frames).
pub(crate) fn children_in(frame: &super::frame::Frame, out: &mut Vec<usize>) {
    out.extend(frame.exec_child());
    if let Some(join) = &frame.join {
        for parked in join.parked.iter() {
            children_in(&parked.frame, out);
        }
    }
}
