//! The interpreter: runs a definition the way AWS Step Functions does, each state in its
//! query language (JSONPath or JSONata), in virtual time, producing an execution history and
//! per-state inspection data. Runs start from texts through [`prepare`] (module `runner`).
//!
//! # Shape
//!
//! The definition is compiled once (modules `compile`, `compile_fields` and each state type's
//! module in `states`) into the typed `model`: states by index. An [`Execution`] is an
//! explicit state machine: a stack of frames (module `frame`), one per running state graph
//! (the top-level machine, a Parallel branch, a Map iteration), moved by `engine`. [`Execution::step`] advances it by a batch of
//! history events, so a Web Worker can run a long execution in slices; nothing recurses over
//! user data, so deep Parallel/Map nesting cannot overflow the Rust stack, and there are no
//! threads or async.
//!
//! # Scheduling of Parallel branches and Map iterations
//!
//! Branches and iterations run concurrently in virtual time (module `schedule`): every frame
//! has a ready time, and the frame with the smallest (ready time, branch/item index path) runs
//! next, so a Parallel whose branches Wait 10 s and 20 s takes 20 s, and a Map of 5 items that
//! each take 60 s takes 60 s unlimited, 180 s with `MaxConcurrency` 2. Wait, retry intervals
//! and Task durations move a frame's ready time; the clock is the time of the event being
//! recorded, so history events of concurrent branches interleave by timestamp, and an
//! event inside a branch has as `previousEventId` the previous event of that branch.
//! With equal times the lower index goes first: a run without durations keeps the
//! sequential order (branch 0 runs until it waits), and mocked responses are consumed in
//! virtual-time order of the attempts, lower index first on ties. A Parallel stops its other
//! branches at the first failing one; a Map at the first failure beyond its tolerated
//! threshold (failures counted as iterations finish), recording `MapIterationAborted` for the
//! iterations still in flight.
//!
//! # Time and randomness
//!
//! Time is a virtual clock starting at [`ExecOptions::start_time_ms`]: a `Wait` of a year
//! advances it instantly; Task durations come from the host (mocks may declare one).
//! Randomness (`States.UUID`, `States.MathRandom`, retry jitter, task tokens) comes from
//! [`Host::random_u64`]. Same definition, input, host and options ⇒ byte-identical history.
//!
//! # Documents
//!
//! State documents are [`Doc`]s (module `doc`): JSON whose strings, arrays and objects are
//! shared behind `Rc`, so a clone is O(1). Paths select shared nodes, templates clone `Rc`s
//! of what they select and of their pre-converted literals, and `ResultPath` is copy on
//! write: it copies only the containers on its path, shallowly, so a version kept by the
//! history shares everything else with the next one. History events and inspection records
//! hold the same `Doc`s and serialize only on `to_json`. The 256 KiB quota is measured only
//! for documents that changed, and each container caches its serialized size, so measuring a
//! document that shares most of its subtrees with the last one costs only its new parts.
//! `Value`s appear only at the boundaries: the definition, JSONata (which converts to its own
//! values anyway) and [`Execution::output`]; the `Host` trait takes and returns `Doc`s.
//!
//! # Behaviour chosen from recorded AWS runs (where the documentation says otherwise or
//! nothing)
//!
//! - `States.DataLimitExceeded` is caught and retried like any error (recorded runs catch it);
//!   only `States.Runtime` is terminal, and it ends the whole execution at once, even from
//!   inside a Parallel branch or Map iteration.
//! - The error output a catcher sees always has `Error` and `Cause`: `"Cause": ""` when the
//!   error has none, both `null` when the failure carried neither.
//! - A TIMED_OUT execution reports no error or cause ([`RunResult::to_json`]); `States.Timeout`
//!   is in the `ExecutionTimedOut` event, whose `previousEventId` is 0.
//! - Event 25,000 (the quota, [`ExecOptions::max_events`]) is `ExecutionFailed` with
//!   `States.Runtime` / `The execution reached the maximum number of history events (25000).`
//!   unless it is `ExecutionSucceeded`.
//! - Runtime errors found by the interpreter carry AWS's prefix
//!   `An error occurred while executing the state 'S' (entered at the event id #N). `.
//! - Executions longer than one year of virtual time time out like a machine `TimeoutSeconds`.
//!
//! # Extensions
//!
//! - A Task result made up by the host because nothing mocked the call is marked in its
//!   succeeded event with `"x-asl-playground": {"unmocked": true}` (see [`crate::mocks`]).
//! - Mock entries may declare `"x-asl-playground": {"durationSeconds": N}`.
//! - [`StateVisit`] adds `stateName`, event ids, `error`/`cause`, `retries` and `nextState`
//!   to TestState's `inspectionData` fields.
//!
//! # Not implemented
//!
//! `TaskSubmitted` events carry an empty, `unmocked` `output` (mocks do not describe the
//! start call's response). Sibling states cut short by a
//! failing branch record no `*StateAborted` events (Map records `MapIterationAborted`; a
//! Task whose own failure ends a Parallel branch records `TaskStateAborted`, as measured).
//!
//! # Distributed Map
//!
//! A Distributed Map (`distributed`, `item_reader`, `item_batcher`, `result_writer`) runs
//! its children as frames like an inline Map's iterations, but each child is an execution
//! of its own (module `children`, [`Execution::map_run_children`]): its events go to its
//! own history, and the parent records only `MapRunStarted` / `MapRunSucceeded|Failed`.
//!
//! # JSONata and variables
//!
//! `QueryLanguage` is honoured per state: `model::Query` holds a state's data-flow fields in
//! its language, and module `io` (the data flow around a state's work and `Assign`) is the
//! only reader of it. Module `query` evaluates JSONata fields (`$states`, the table of fields,
//! `EvaluationFailed` events). Workflow variables live in one scope per frame (modules
//! `variables` and `frame`); `Assign` is committed when the state exits and shows in
//! `*StateExited` events as `assignedVariables`.

#[cfg(feature = "debugger")]
mod breakpoints;
#[cfg(feature = "debugger")]
mod callback;
mod children;
mod clock;
mod compile;
mod compile_fields;
mod context;
mod data;
mod distributed;
mod engine;
mod errors;
mod frame;
mod handling;
mod history;
mod inspect;
mod io;
mod item_batcher;
mod item_reader;
mod join;
mod model;
mod query;
mod result_writer;
pub mod retry;
mod runner;
#[cfg(feature = "debugger")]
mod saved_case;
mod schedule;
pub mod size;
mod states;
mod test_hooks;
mod variables;

use std::cell::OnceCell;

use serde_json::Value;

use crate::doc::Doc;

use crate::error::StatesError;
use crate::host::Host;

#[cfg(feature = "debugger")]
pub use breakpoints::{BreakHit, BreakOn, Breakpoint};
#[cfg(feature = "debugger")]
pub use callback::{AnswerError, CallbackKind, LiveAnswer, LiveOutcome, PendingCallback};
pub use children::ChildExecution;
pub use clock::{format_iso, parse_iso};
/// Whether this build runs a Distributed Map's `ItemReader`, `ItemBatcher` and
/// `ResultWriter` and answers unmocked S3 tasks from the virtual S3 (the `distributed`
/// feature, on by default).
pub const DISTRIBUTED: bool = distributed::ENABLED;
pub use engine::HISTORY_BUDGET_BYTES;
pub use errors::Invalid;
pub use history::{details_key, Detail, HistoryEvent};
pub use inspect::{RetryAttempt, StateVisit};
#[cfg(feature = "debugger")]
pub use runner::prepare_live;
pub use runner::{
    prepare, run_texts, RunFile, RunRequest, RunResult, SetupError, MAP_RUN_CHILDREN_KEY,
};
#[cfg(feature = "debugger")]
pub use saved_case::{saved_case, SAVED_STATE_MACHINE, SAVED_TEST_CASE};

use frame::Frame;
use model::Program;

/// Options of a run. Everything that would otherwise come from the environment.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// Virtual start time, epoch milliseconds (default 2024-01-01T00:00:00Z).
    pub start_time_ms: i64,
    /// Seed for the host's random numbers (used by hosts built from these options).
    pub seed: u64,
    /// Execution name (`$$.Execution.Name`, part of the execution ARN).
    pub execution_name: String,
    /// State machine name (`$$.StateMachine.Name`, part of the ARNs).
    pub state_machine_name: String,
    /// History event quota; AWS's is 25,000.
    pub max_events: usize,
}

impl Default for ExecOptions {
    fn default() -> Self {
        Self {
            start_time_ms: 1_704_067_200_000,
            seed: 0,
            execution_name: "execution".into(),
            state_machine_name: "StateMachine".into(),
            max_events: 25_000,
        }
    }
}

/// Status of an execution, as `DescribeExecution` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not finished yet.
    Running,
    /// Ended in a Succeed state or an `End` state.
    Succeeded,
    /// Ended in a Fail state or an unhandled error.
    Failed,
    /// Exceeded the machine's `TimeoutSeconds` (or the one-year limit).
    TimedOut,
    /// Stopped from outside (never produced by the interpreter itself).
    Aborted,
}

impl Status {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
        }
    }
}

/// A compiled definition, ready to start any number of executions
/// ([`Execution::start`]). Cloning is cheap: the compiled states are shared.
#[derive(Debug, Clone)]
pub struct Machine {
    program: Program,
}

impl Machine {
    /// Compiles `definition`. A definition the interpreter cannot run gives an error whose
    /// cause names the offending field with a JSON pointer.
    pub fn compile(definition: &Value) -> Result<Machine, StatesError> {
        Ok(Machine {
            program: compile::compile(definition)?,
        })
    }
}

/// A running (or finished) execution of a state machine.
pub struct Execution {
    program: Program,
    host: Box<dyn Host>,
    options: ExecOptions,
    input: Doc,
    /// Virtual now, epoch milliseconds.
    now_ms: i64,
    /// When the execution times out (machine `TimeoutSeconds`, else the one-year limit).
    deadline_ms: i64,
    events: Vec<HistoryEvent>,
    visits: Vec<StateVisit>,
    frames: Vec<Frame>,
    status: Status,
    output: Option<Doc>,
    /// `output` as a `Value`, converted on the first call of [`Execution::output`].
    output_value: OnceCell<Value>,
    error: Option<StatesError>,
    /// Invocations so far per Task state (indexed by `Kind::Task::task_index`).
    invocations: Vec<u64>,
    /// Ticks so far; bounded so that work recording no events (a retried Task whose
    /// `Parameters` fail before it is scheduled) cannot spin.
    ticks: u64,
    /// Bytes (as JSON) of the distinct documents the history and inspection keep.
    retained_bytes: usize,
    /// See [`Execution::set_history_budget`].
    history_budget: usize,
    /// The parts of the context object `$$` that never change during a run, built once.
    context_fixed: context::ContextFixed,
    /// Tasks waiting for a live answer (`callback`); may count frames since cut short, which
    /// `suspend_at` notices.
    #[cfg(feature = "debugger")]
    waiting_count: usize,
    /// While a task waits, the clock does not pass this virtual time (`callback`).
    #[cfg(feature = "debugger")]
    time_allowed_ms: i64,
    /// When something next happens by itself while the execution waits.
    #[cfg(feature = "debugger")]
    next_wake_ms: i64,
    /// The execution waits for an answer or for time to pass: `step` returns.
    suspended: bool,
    /// Live answers and timeouts of waiting tasks, for `saved_case`.
    #[cfg(feature = "debugger")]
    live_answers: Vec<LiveAnswer>,
    /// Breakpoints and the latest hit (`breakpoints`); `None` keeps `emit` at one test.
    #[cfg(feature = "debugger")]
    debug: Option<Box<breakpoints::Debugger>>,
    /// The child executions of the run's Distributed Maps, in the order they started
    /// (module `children`).
    children: Vec<ChildExecution>,
    /// Events recorded in `children`'s histories (they count toward no quota of the
    /// parent's, but toward `limits::MAX_MAP_RUN_EVENTS`).
    child_events: u64,
}

impl std::fmt::Debug for Execution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Execution")
            .field("status", &self.status)
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}

impl Execution {
    /// Compiles `definition` and prepares a run on `input`. Nothing runs until
    /// [`step`](Self::step) or [`run_to_end`](Self::run_to_end); the `ExecutionStarted` event
    /// is recorded here. A definition the interpreter cannot run gives an error whose cause
    /// names the offending field with a JSON pointer.
    pub fn new(
        definition: &Value,
        input: Value,
        options: ExecOptions,
        host: Box<dyn Host>,
    ) -> Result<Execution, StatesError> {
        Ok(Execution::start(
            &Machine::compile(definition)?,
            input,
            options,
            host,
        ))
    }

    /// Prepares a run of an already compiled machine on `input` (see [`Execution::new`]).
    /// Compiling once and starting many executions skips the per-run compile.
    pub fn start(
        machine: &Machine,
        input: Value,
        options: ExecOptions,
        host: Box<dyn Host>,
    ) -> Execution {
        engine::start(machine.program.clone(), Doc::from(input), options, host)
    }

    /// [`Execution::start`] with the input as a [`Doc`]: a caller that runs one input many
    /// times converts it once and passes O(1) clones.
    pub fn start_doc(
        machine: &Machine,
        input: Doc,
        options: ExecOptions,
        host: Box<dyn Host>,
    ) -> Execution {
        engine::start(machine.program.clone(), input, options, host)
    }

    /// Runs until at least `max_events` more history events exist (the parent's and its
    /// Distributed Map children's together) or the execution ends.
    /// Returns true when the execution has ended.
    ///
    /// It also returns (false) when a breakpoint is hit ([`Execution::break_hit`]) or the
    /// execution waits for a live answer ([`Execution::is_waiting`]).
    pub fn step(&mut self, max_events: usize) -> bool {
        let recorded = |e: &Execution| (e.events.len() as u64).saturating_add(e.child_events);
        let target = recorded(self).saturating_add(max_events.max(1) as u64);
        self.suspended = false;
        #[cfg(feature = "debugger")]
        self.clear_break_hit();
        while self.status == Status::Running
            && recorded(self) < target
            && !self.suspended
            && !self.at_break()
        {
            self.tick();
        }
        self.status != Status::Running
    }

    /// Runs to the end (bounded by the history quota and the virtual one-year limit), or
    /// until a breakpoint or a wait for a live answer (see [`Execution::step`]).
    pub fn run_to_end(&mut self) {
        self.suspended = false;
        #[cfg(feature = "debugger")]
        self.clear_break_hit();
        while self.status == Status::Running && !self.suspended && !self.at_break() {
            self.tick();
        }
    }

    /// A breakpoint was hit in this call of `step` (never without the `debugger` feature).
    fn at_break(&self) -> bool {
        #[cfg(feature = "debugger")]
        return self.break_pending();
        #[cfg(not(feature = "debugger"))]
        false
    }

    /// Stops a running execution as `StopExecution` does: records `ExecutionAborted` (with the
    /// optional error and cause) and sets the status to `Aborted`. No effect once it ended.
    pub fn abort(&mut self, error: Option<&str>, cause: Option<&str>) {
        if self.status != Status::Running {
            return;
        }
        let mut details = Vec::new();
        if let Some(error) = error {
            details.push(("error", Detail::Str(error.into())));
        }
        if let Some(cause) = cause {
            details.push(("cause", Detail::Str(cause.into())));
        }
        self.emit("ExecutionAborted", details);
        self.frames.clear();
        self.abort_running_children();
        self.status = Status::Aborted;
        self.error = error.map(|e| StatesError {
            error: e.to_owned(),
            cause: cause.map(str::to_owned),
        });
    }

    /// How many bytes (as JSON) of distinct documents the history and inspection records
    /// may keep (default [`HISTORY_BUDGET_BYTES`]). Past it, new events carry `""` with
    /// `"truncated": true` and inspection records leave documents out, so a long loop over a
    /// large document cannot exhaust memory. The run itself is unaffected.
    pub fn set_history_budget(&mut self, bytes: usize) {
        self.history_budget = bytes;
    }

    /// Current status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The execution output, once it succeeded.
    pub fn output(&self) -> Option<&Value> {
        let output = self.output.as_ref()?;
        Some(self.output_value.get_or_init(|| output.to_value()))
    }

    /// The execution output as a shared document, once it succeeded.
    pub fn output_doc(&self) -> Option<&Doc> {
        self.output.as_ref()
    }

    /// The error, once it failed or timed out. `error` is empty when AWS reports no error name
    /// (a Fail state without `Error`); `None` when there is neither an error name nor a cause.
    pub fn error(&self) -> Option<&StatesError> {
        self.error.as_ref()
    }

    /// The history so far.
    pub fn events(&self) -> &[HistoryEvent] {
        &self.events
    }

    /// The child executions of the run's Distributed Maps so far, in the order they
    /// started, each with its own history, status, input, output and times (AWS runs each
    /// as an execution of its own; the parent's history has only the Map Run events).
    pub fn map_run_children(&self) -> &[ChildExecution] {
        match distributed::ENABLED {
            true => &self.children,
            false => &[],
        }
    }

    /// One record per state visit so far, in the order states were entered.
    pub fn inspection(&self) -> &[StateVisit] {
        &self.visits
    }

    /// Virtual time now, epoch milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// The run's virtual S3 (see [`crate::s3`]): the mock file's objects and what the run
    /// wrote, when the host keeps one.
    pub fn s3(&self) -> Option<&crate::s3::S3Store> {
        self.host.s3_store()
    }
}
