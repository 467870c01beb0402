//! The engine: starting an execution, ticks (enter a state, run it, advance a join, resume
//! after virtual time), recording events, and moving between states and frames. Which frame
//! runs next is `schedule`'s; a state's own work is its module's in `states`; errors go to
//! `handling` (Retry/Catch).

use crate::doc::Doc;

use std::rc::Rc;

use super::context::ContextFixed;
use super::errors::{data_limit, internal};
use super::frame::{Frame, Owner, Phase, Resume};
use super::history::{payload, Detail, Details, HistoryEvent};
use super::inspect::StateVisit;
use super::model::{Program, State, StateId};
use super::{retry, size, ExecOptions, Execution, Status};
use crate::error::{names, StatesError};
use crate::host::Host;

/// How many bytes (as JSON) of distinct documents a run keeps in its history and inspection
/// records before it stops keeping new ones. About four times that in memory.
pub const HISTORY_BUDGET_BYTES: usize = crate::limits::MAX_HISTORY_DOCUMENT_BYTES;

/// Builds an execution and records `ExecutionStarted`.
pub(crate) fn start(
    program: Program,
    input: Doc,
    options: ExecOptions,
    host: Box<dyn Host>,
) -> Execution {
    let one_year_ms = (retry::ONE_YEAR_SECONDS as i64) * 1000;
    let limit_ms = program
        .timeout_seconds
        .map_or(one_year_ms, |s| {
            (s.min(i64::MAX as u64 / 2000) as i64) * 1000
        })
        .min(one_year_ms);
    let task_count = program.task_count;
    let root = Frame::new(
        &program,
        0,
        input.clone(),
        Owner::Root,
        options.start_time_ms,
        0,
    );
    let mut exec = Execution {
        program,
        host,
        now_ms: options.start_time_ms,
        deadline_ms: options.start_time_ms.saturating_add(limit_ms),
        options,
        input: input.clone(),
        events: Vec::new(),
        visits: Vec::new(),
        frames: vec![root],
        status: Status::Running,
        output: None,
        output_value: Default::default(),
        error: None,
        invocations: vec![0; task_count],
        ticks: 0,
        retained_bytes: 0,
        history_budget: HISTORY_BUDGET_BYTES,
        context_fixed: ContextFixed::default(),
        #[cfg(feature = "debugger")]
        waiting_count: 0,
        #[cfg(feature = "debugger")]
        time_allowed_ms: i64::MIN,
        #[cfg(feature = "debugger")]
        next_wake_ms: i64::MAX,
        suspended: false,
        #[cfg(feature = "debugger")]
        live_answers: Vec::new(),
        #[cfg(feature = "debugger")]
        debug: None,
        children: Vec::new(),
        child_events: 0,
    };
    exec.context_fixed = ContextFixed::new(&exec);
    let role = exec.role_arn();
    let input_size = input.json_size();
    exec.retain(input_size);
    let [a, b] = payload("input", "inputDetails", exec.keep(&input).as_ref());
    exec.emit(
        "ExecutionStarted",
        vec![a, b, ("roleArn", Detail::Str(role.into()))],
    );
    if input_size > size::MAX_PAYLOAD_BYTES {
        exec.end_failed(StatesError::new(
            names::DATA_LIMIT_EXCEEDED,
            "The execution input exceeds the maximum number of bytes service limit.",
        ));
    }
    exec
}

impl Execution {
    /// One unit of progress: enter a state, run it (one attempt for Tasks), or advance a join.
    pub(crate) fn tick(&mut self) {
        if self.fail_child_on_quota() {
            return;
        }
        let Some(frame) = self.frames.last() else {
            // No frames but still running cannot happen; end defensively rather than spin.
            self.end_failed(StatesError::new(
                names::RUNTIME,
                "internal: no frame to run",
            ));
            return;
        };
        if frame.phase == Phase::Join || frame.ready_ms > self.now_ms {
            self.schedule();
            if self.status != Status::Running || self.suspended {
                return;
            }
        }
        let Some(frame) = self.frames.last() else {
            return;
        };
        let phase = frame.phase;
        self.ticks += 1;
        // Every state visit records events, so a healthy run needs only a few ticks per event.
        let budget = (self.options.max_events as u64)
            .saturating_add(self.child_events)
            .saturating_mul(4)
            .saturating_add(1000);
        if self.ticks > budget {
            self.end_failed_parent(StatesError::new(
                names::RUNTIME,
                "The execution made no progress: it kept failing and retrying a state before any history event was recorded.",
            ));
            return;
        }
        if self.current().is_none() {
            // A frame pointing at no state cannot make progress; end rather than spin.
            self.end_failed(StatesError::new(
                names::RUNTIME,
                "internal: a frame points at no state",
            ));
            return;
        }
        match phase {
            Phase::Enter => self.enter_state(),
            Phase::Run => self.run_state(),
            Phase::Join => self.advance_join(),
            Phase::Resume => self.resume(),
        }
    }

    /// Counts a new document kept by the history and inspection against the memory budget.
    pub(crate) fn retain(&mut self, bytes: usize) {
        self.retained_bytes = self.retained_bytes.saturating_add(bytes);
    }

    /// `doc` if the history may still keep documents, `None` once the run has kept
    /// its budget ([`HISTORY_BUDGET_BYTES`] unless set) of them (events then say `"truncated": true`). This bounds the
    /// memory of long loops over large documents, which would otherwise keep every version.
    pub(crate) fn keep(&self, doc: &Doc) -> Option<Doc> {
        (self.retained_bytes <= self.history_budget).then(|| doc.clone())
    }

    /// The current frame (callers only run while one exists).
    pub(crate) fn frame(&self) -> Option<&Frame> {
        self.frames.last()
    }

    pub(crate) fn frame_mut(&mut self) -> Option<&mut Frame> {
        self.frames.last_mut()
    }

    /// The current state of the current frame.
    pub(crate) fn current(&self) -> Option<(&Frame, &State)> {
        let frame = self.frames.last()?;
        let state = self
            .program
            .graphs
            .get(frame.graph)?
            .states
            .get(frame.state)?;
        Some((frame, state))
    }

    pub(crate) fn visit_mut(&mut self) -> Option<&mut StateVisit> {
        let index = self.frames.last()?.visit;
        self.visits.get_mut(index)
    }

    /// Appends an event at the current virtual time. Enforces the history quota: when the
    /// next event would be the last one allowed and is not the execution's end, the execution
    /// fails instead (AWS: event 25,000 must be `ExecutionSucceeded` or the run fails).
    pub(crate) fn emit(
        &mut self,
        event_type: &'static str,
        details: impl IntoIterator<Item = (&'static str, Detail)>,
    ) -> u64 {
        self.emit_details(event_type, details.into_iter().collect())
    }

    /// [`Execution::emit`] with the details already in place (the per-state events build
    /// theirs with `Details::from_buf`, which moves them in one piece).
    pub(crate) fn emit_details(&mut self, event_type: &'static str, details: Details) -> u64 {
        let terminal = matches!(
            event_type,
            "ExecutionSucceeded" | "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted"
        );
        if self.status != Status::Running && !terminal {
            return 0;
        }
        // Inside a Distributed Map's child: its own history (module `children`).
        if let Some(c) = self
            .frames
            .last()
            .and_then(|f| f.exec_child())
            .filter(|_| !terminal)
        {
            if self.child_events >= crate::limits::MAX_MAP_RUN_EVENTS as u64 {
                self.end_failed_parent(StatesError::new(
                    names::RUNTIME,
                    format!(
                        "The Map Runs' child executions recorded more than {} history events (the playground's limit).",
                        crate::limits::MAX_MAP_RUN_EVENTS
                    ),
                ));
                return 0;
            }
            return self.emit_child(c, event_type, details);
        }
        let id = self.events.len() as u64 + 1;
        if !terminal && self.events.len() + 1 >= self.options.max_events {
            self.end_failed(StatesError::new(
                names::RUNTIME,
                format!(
                    "The execution reached the maximum number of history events ({}).",
                    self.options.max_events
                ),
            ));
            return 0;
        }
        // Inside a branch or iteration an event follows the previous event of that frame,
        // as in AWS's histories of concurrent branches.
        // (A parent's end recorded while a child's frame is on top, `abort`, follows the
        // parent's last event: the frame's ids are the child's.)
        let previous_event_id = match self.frames.last_mut() {
            Some(frame) if frame.exec_child().is_none() => {
                std::mem::replace(&mut frame.last_event, id)
            }
            _ => id - 1,
        };
        self.events.push(HistoryEvent {
            id,
            previous_event_id,
            timestamp_ms: self.now_ms,
            event_type,
            details,
        });
        #[cfg(feature = "debugger")]
        if self.debug.is_some() {
            self.check_event_break(event_type, id);
        }
        id
    }

    /// Makes the current frame wait `ms` of virtual time; other frames run meanwhile. The
    /// execution times out when the deadline comes first (see `schedule`).
    pub(crate) fn advance(&mut self, ms: u64) {
        let target = self
            .now_ms
            .saturating_add(i64::try_from(ms).unwrap_or(i64::MAX));
        if let Some(frame) = self.frame_mut() {
            frame.ready_ms = target;
        }
    }

    /// Makes the current frame wait `ms`, then finish `resume`.
    pub(crate) fn defer(&mut self, ms: u64, resume: Resume) {
        self.advance(ms);
        if let Some(frame) = self.frame_mut() {
            frame.resume = Some(resume);
            frame.phase = Phase::Resume;
        }
    }

    fn resume(&mut self) {
        let Some(resume) = self.frame_mut().and_then(|f| f.resume.take()) else {
            self.end_failed(StatesError::new(
                names::RUNTIME,
                "internal: nothing to resume",
            ));
            return;
        };
        match resume {
            Resume::Complete { output, next } => self.complete_state(output, next),
            Resume::Task(pending) => self.resume_task(*pending),
            #[cfg(feature = "debugger")]
            Resume::Callback(waiting) => {
                let (pending, answer) = self.callback_timed_out(*waiting);
                self.live_answers.push(answer);
                self.resume_task(pending);
            }
        }
    }

    fn resume_task(&mut self, pending: super::frame::PendingTask) {
        let graphs = Rc::clone(&self.program.graphs);
        let outcome = match self.state_in(&graphs) {
            Some(state) => self.finish_task(state, pending),
            None => Err(internal()),
        };
        if let Err(error) = outcome {
            self.state_failed(error);
        }
    }

    fn enter_state(&mut self) {
        let Some((frame, state)) = self.current() else {
            return;
        };
        let name = state.name.clone();
        let event_type = state.state_type.entered_event();
        let input = frame.input.clone();
        let map_run_child = frame.exec_child();
        let [a, b] = payload("input", "inputDetails", self.keep(&input).as_ref());
        let id = self.emit_details(
            event_type,
            Details::from_buf([("name", Detail::Str(name.clone())), a, b]),
        );
        if self.status != Status::Running {
            return;
        }
        self.visits.push(StateVisit {
            state: name,
            entered_event_id: id,
            input: self.keep(&input),
            map_run_child,
            ..StateVisit::default()
        });
        let visit = self.visits.len() - 1;
        let now = self.now_ms;
        if let Some(frame) = self.frame_mut() {
            frame.visit = visit;
            frame.entered_event_id = id;
            frame.entered_ms = now;
            frame.retry_count = 0;
            frame.retrier_attempts.clear();
            frame.assigned = None;
            frame.phase = Phase::Run;
        }
    }

    fn run_state(&mut self) {
        // The state is borrowed from a handle of its own on the compiled program, so that
        // running it can change the execution without looking the state up again.
        let graphs = Rc::clone(&self.program.graphs);
        let Some(state) = self.state_in(&graphs) else {
            return;
        };
        if let Err(error) = self.run_kind(state) {
            self.state_failed(error);
        }
    }

    /// The current frame's state in `graphs` (the execution's program, held by the caller).
    pub(crate) fn state_in<'g>(&self, graphs: &'g [super::model::Graph]) -> Option<&'g State> {
        let frame = self.frames.last()?;
        graphs.get(frame.graph)?.states.get(frame.state)
    }

    /// The current state finished with `output`; record `*StateExited` and move on to `next`
    /// (or end the frame when there is none).
    pub(crate) fn complete_state(&mut self, output: Doc, next: Option<StateId>) {
        let Some((_, state)) = self.current() else {
            return;
        };
        if !output.ptr_eq(&self.frames[self.frames.len() - 1].input) {
            // Cached per shared node: costs only what this state built.
            let bytes = output.json_size();
            // Too deep counts as too large: see `size::MAX_DOCUMENT_DEPTH`.
            if bytes > size::MAX_PAYLOAD_BYTES || output.nesting() > size::MAX_DOCUMENT_DEPTH {
                let name = state.name.clone();
                self.state_failed(data_limit(&name));
                return;
            }
            self.retain(bytes);
        }
        let Some((_, state)) = self.current() else {
            return;
        };
        let name = state.name.clone();
        let Some(event_type) = state.state_type.exited_event() else {
            // Fail never exits; it ends its graph (`states::fail`).
            self.state_failed(internal());
            return;
        };
        let next_name = next.and_then(|n| {
            let frame = self.frames.last()?;
            Some(
                self.program
                    .graphs
                    .get(frame.graph)?
                    .states
                    .get(n)?
                    .name
                    .clone(),
            )
        });
        let [a, b] = payload("output", "outputDetails", self.keep(&output).as_ref());
        let assigned = self.commit_assigned();
        let mut details = Details::from_buf([("name", Detail::Str(name)), a, b]);
        // `"Assign": {}` assigns nothing, and AWS then records no `assignedVariables`.
        if let Some(assigned) = assigned.as_ref().filter(|a| !a.is_empty()) {
            details.extend(super::variables::assigned_details(assigned));
        }
        let id = self.emit_details(event_type, details);
        if self.status != Status::Running {
            return;
        }
        let kept = self.keep(&output);
        // Only visits that assign record the variables (copying them at every visit would
        // make a long loop hold one copy per visit).
        let variables = assigned
            .is_some()
            .then(|| Box::new(self.visible_variables()));
        if let Some(visit) = self.visit_mut() {
            visit.exited_event_id = Some(id);
            visit.output = kept;
            visit.next = next_name;
            visit.variables = variables;
        }
        match next {
            Some(next) => {
                if let Some(frame) = self.frame_mut() {
                    frame.state = next;
                    frame.input = output;
                    frame.phase = Phase::Enter;
                    frame.join = None;
                    frame.resume = None;
                }
            }
            None => self.finish_frame(Ok(output)),
        }
    }

    /// The current frame's graph ended; hand the outcome to whoever waits for it.
    pub(crate) fn finish_frame(&mut self, outcome: Result<Doc, StatesError>) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let child_root = frame
            .exec_child()
            .filter(|c| self.frames.last().map(|f| f.exec_child()) != Some(Some(*c)));
        let mut outcome = outcome;
        let mut last_event = frame.last_event;
        if let Some(c) = child_root {
            // The child execution ends; the parent's own history goes on from its Map Run.
            if self.children.get(c).is_some_and(|ch| ch.quota_exceeded) {
                outcome = Err(StatesError::new(
                    names::RUNTIME,
                    format!(
                        "The execution reached the maximum number of history events ({}).",
                        self.options.max_events
                    ),
                ));
            }
            self.end_child(c, &outcome);
            last_event = self.frames.last().map_or(0, |f| f.last_event);
        }
        match frame.owner {
            Owner::Root => match outcome {
                Ok(output) => {
                    let details = payload("output", "outputDetails", self.keep(&output).as_ref());
                    self.emit("ExecutionSucceeded", details);
                    self.status = Status::Succeeded;
                    self.output = Some(output);
                }
                Err(error) => self.end_failed(error),
            },
            Owner::Branch(index) | Owner::Iteration(index) => {
                match self.frames.last_mut().and_then(|f| f.join.as_mut()) {
                    Some(join) => join.delivered = Some((index, outcome, last_event)),
                    None => self.end_failed(StatesError::new(
                        names::RUNTIME,
                        "internal: a branch finished without a waiting parent",
                    )),
                }
            }
        }
    }
}
