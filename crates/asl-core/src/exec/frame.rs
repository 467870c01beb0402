//! The run-time data of an execution: one [`Frame`] per running state graph (the machine, a
//! Parallel branch, a Map iteration), and what a frame holds while its state waits: a
//! [`Join`] for Parallel/Map children, a [`Resume`] for work that takes virtual time. Data
//! only; the code that moves frames lives in `engine`, `join`, `schedule` and `states`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::model::{GraphId, Program, ResourceKind, StateId};
use serde_json::{Map, Value};

use super::variables::{VarScope, Variable};
use super::Execution;
use crate::doc::Doc;
use crate::error::StatesError;
use crate::host::TaskOutcome;

/// Where a frame is in the life of its current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Next tick records `*StateEntered`.
    Enter,
    /// Next tick does (or retries) the state's work.
    Run,
    /// A Parallel or Map state waits for its branches or iterations (see `join`).
    Join,
    /// Next tick finishes work that took virtual time (`Frame::resume`) once the frame is
    /// ready (see `schedule`).
    Resume,
}

/// Work a frame finishes once its virtual time comes (a Wait's exit, a Task's result).
#[derive(Debug)]
pub(crate) enum Resume {
    /// Exit the current state with this output.
    Complete { output: Doc, next: Option<StateId> },
    /// Record the outcome of a Task attempt (see `states::task`).
    Task(Box<PendingTask>),
    /// A callback or activity waits for a live answer; resumed at its deadline, it times out
    /// (see `callback`).
    #[cfg(feature = "debugger")]
    Callback(Box<super::callback::Waiting>),
}

/// A Task attempt waiting for its virtual duration to pass.
#[derive(Debug)]
pub(crate) struct PendingTask {
    pub res: Resource,
    pub outcome: TaskOutcome,
    /// `States.Timeout` or `States.HeartbeatTimeout` when a limit ends the attempt.
    pub timed_out: Option<&'static str>,
    pub token: Option<String>,
}

/// What the events of one Task attempt need to know about the resource.
#[derive(Debug)]
pub(crate) struct Resource {
    pub kind: ResourceKind,
    pub resource_type: String,
    pub resource: String,
}

/// What the result of a frame's graph is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// The execution itself.
    Root,
    /// Branch `n` of the Parallel state in the frame below.
    Branch(usize),
    /// Iteration `n` of the Map state in the frame below.
    Iteration(usize),
}

/// One running state graph.
#[derive(Debug)]
pub(crate) struct Frame {
    pub graph: GraphId,
    pub state: StateId,
    pub phase: Phase,
    /// Raw input of the current state.
    pub input: Doc,
    /// Index of the current visit in `Execution::visits`.
    pub visit: usize,
    pub entered_event_id: u64,
    pub entered_ms: i64,
    /// Retries made so far in this visit (`$$.State.RetryCount`).
    pub retry_count: u64,
    /// Attempts used per retrier of the current state.
    pub retrier_attempts: Vec<u64>,
    pub owner: Owner,
    /// Parallel/Map bookkeeping while in `Phase::Join`.
    pub join: Option<Join>,
    /// Workflow variables assigned in this frame's scope (outer scopes are the frames below).
    pub variables: VarScope,
    /// Variables the current state assigns, committed when it exits (see `variables`).
    pub assigned: Option<VarScope>,
    /// Virtual time at which this frame can make progress (see `schedule`).
    pub ready_ms: i64,
    /// What `Phase::Resume` finishes.
    pub resume: Option<Resume>,
    /// Id of this frame's latest event: the `previousEventId` of its next one.
    pub last_event: u64,
    /// The Distributed Map child execution this frame runs in (its index in
    /// `Execution::children`), whose history its events go to; `None` in the parent.
    pub child: Option<usize>,
}

impl Frame {
    /// [`Frame::child`], always `None` in builds without the `distributed` feature (the
    /// page's first-load module), whose Distributed Map children stay in the parent's
    /// history: the constant lets the compiler drop module `children` from them.
    pub(crate) fn exec_child(&self) -> Option<usize> {
        self.child.filter(|_| super::distributed::ENABLED)
    }

    pub(crate) fn new(
        program: &Program,
        graph: GraphId,
        input: Doc,
        owner: Owner,
        ready_ms: i64,
        last_event: u64,
    ) -> Self {
        let state = program.graphs.get(graph).map_or(0, |g| g.start);
        Frame {
            graph,
            state,
            phase: Phase::Enter,
            input,
            visit: 0,
            entered_event_id: 0,
            entered_ms: 0,
            retry_count: 0,
            retrier_attempts: Vec::new(),
            owner,
            join: None,
            variables: Default::default(),
            assigned: None,
            ready_ms,
            resume: None,
            last_event,
            child: None,
        }
    }
}

/// Parallel/Map bookkeeping of a waiting state.
#[derive(Debug)]
pub(crate) struct Join {
    pub kind: JoinKind,
    /// Index of the next child to start.
    pub next: usize,
    /// How many children there are.
    pub total: usize,
    /// Children started and not finished (running or parked).
    pub in_flight: usize,
    /// Most children in flight at once; 0 for no limit (`MaxConcurrency`).
    pub max_concurrency: usize,
    /// Outputs of finished children by index.
    pub results: Vec<Option<Doc>>,
    /// A child's outcome and its last event id, handed over by `finish_frame`.
    pub delivered: Option<(usize, Result<Doc, StatesError>, u64)>,
    /// Children not running now, by (ready time, index); see `schedule`.
    pub parked: BinaryHeap<Parked>,
}

impl Join {
    /// Whether a new child may start now.
    pub(crate) fn can_start(&self) -> bool {
        self.next < self.total
            && (self.max_concurrency == 0 || self.in_flight < self.max_concurrency)
    }

    /// Whether every child has finished and been taken in.
    pub(crate) fn done(&self) -> bool {
        self.next >= self.total && self.in_flight == 0 && self.delivered.is_none()
    }
}

#[derive(Debug)]
pub(crate) enum JoinKind {
    Parallel {
        branches: Vec<GraphId>,
        input: Doc,
    },
    Map {
        processor: GraphId,
        items: Vec<Doc>,
        /// The Map's effective input (`$` of `ItemSelector`).
        effective: Doc,
        failures: usize,
        /// `None`: the first failure fails the Map with the iteration's error.
        tolerated_count: Option<f64>,
        tolerated_percentage: Option<f64>,
        /// The Map Run of a Distributed Map (`None` for an inline Map).
        run: Option<Box<super::result_writer::MapRun>>,
    },
}

/// A child frame that is not running, with the key it is scheduled by.
#[derive(Debug)]
pub(crate) struct Parked {
    /// Earliest ready time in the child's subtree.
    pub ready_ms: i64,
    /// Branch or item index of the child.
    pub index: usize,
    pub frame: Box<Frame>,
}

impl PartialEq for Parked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Parked {}

impl PartialOrd for Parked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Parked {
    /// Reversed, so `BinaryHeap` (a max-heap) yields the smallest (ready, index) first.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.ready_ms, other.index).cmp(&(self.ready_ms, self.index))
    }
}

/// The variables visible from the top frame of `frames`: innermost scope first.
#[derive(Clone, Copy)]
pub(crate) struct VarView<'a>(pub &'a [Frame]);

impl VarView<'_> {
    fn lookup(&self, name: &str) -> Option<&Variable> {
        self.0.iter().rev().find_map(|f| f.variables.get(name))
    }
}

impl crate::paths::Variables for VarView<'_> {
    fn variable(&self, name: &str) -> Option<&Doc> {
        self.lookup(name).map(|v| &v.doc)
    }
}

impl crate::jsonata::Variables for VarView<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.lookup(name).map(Variable::value)
    }
}

impl Execution {
    /// The variables visible from the current frame.
    pub(crate) fn vars(&self) -> VarView<'_> {
        VarView(&self.frames)
    }

    /// All variables visible from the current frame, merged (inner scopes win).
    pub(crate) fn visible_variables(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for frame in &self.frames {
            for (k, v) in &frame.variables {
                out.insert(k.clone(), v.value().clone());
            }
        }
        out
    }

    /// Moves the current state's stashed assignments into its frame's scope; returns them for
    /// the history.
    pub(crate) fn commit_assigned(&mut self) -> Option<VarScope> {
        let frame = self.frame_mut()?;
        let assigned = frame.assigned.take()?;
        for (k, v) in &assigned {
            frame.variables.insert(k.clone(), v.clone());
        }
        Some(assigned)
    }
}
