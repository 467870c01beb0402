//! Parallel and Map (inline) after they started (`states::parallel`, `states::map`): a state
//! that waits for child frames.
//!
//! The state's frame enters `Phase::Join` holding a [`Join`]. Each tick either starts the next
//! branch/iteration as a new frame on top of the stack, takes the outcome one delivered, or,
//! when all are done, runs the result data flow. Children not running wait in the join's
//! `parked` heap; `schedule` decides which frame runs next (see the module docs of `exec`).

use std::collections::BinaryHeap;
use std::rc::Rc;

use super::errors::{data_limit, error_output, internal};
use super::frame::{Frame, Join, JoinKind, Owner, Phase};
use super::history::Detail;
use super::io::Exit;
use super::model::Kind;
use super::{size, Execution};
use crate::doc::Doc;
use crate::error::{names, StatesError};

impl Execution {
    /// Makes the current Parallel/Map state wait for `total` children.
    pub(crate) fn begin_join(&mut self, kind: JoinKind, total: usize, max_concurrency: usize) {
        if let Some(frame) = self.frame_mut() {
            frame.join = Some(Join {
                kind,
                next: 0,
                total,
                in_flight: 0,
                max_concurrency,
                results: (0..total).map(|_| None).collect(),
                delivered: None,
                parked: BinaryHeap::new(),
            });
            frame.phase = Phase::Join;
        }
    }

    /// One step of a waiting Parallel/Map state.
    pub(crate) fn advance_join(&mut self) {
        let Some(frame) = self.frames.last_mut() else {
            return;
        };
        let Some(join) = frame.join.as_mut() else {
            frame.phase = Phase::Run;
            return;
        };
        if let Some((index, outcome, last_event)) = join.delivered.take() {
            join.in_flight = join.in_flight.saturating_sub(1);
            frame.last_event = last_event;
            frame.ready_ms = self.now_ms;
            self.child_finished(index, outcome);
            return;
        }
        if join.done() {
            return self.join_complete();
        }
        if !join.can_start() {
            // `schedule` runs a join only when it can act; anything else is a bug, and ending
            // beats spinning.
            self.end_failed(StatesError::new(
                names::RUNTIME,
                "internal: a join cannot act",
            ));
            return;
        }
        let (graph, input, iteration) = match &join.kind {
            JoinKind::Parallel { branches, input } => match branches.get(join.next) {
                Some(&graph) => (graph, input.clone(), None),
                None => return self.join_complete(),
            },
            JoinKind::Map {
                processor, items, ..
            } => match items.get(join.next) {
                Some(item) => (*processor, item.clone(), Some(join.next)),
                None => return self.join_complete(),
            },
        };
        let index = join.next;
        join.next += 1;
        join.in_flight += 1;
        let (input, owner) = match iteration {
            None => (input, Owner::Branch(index)),
            Some(i) => match self.map_iteration_input(i, input) {
                Ok(input) => (input, Owner::Iteration(i)),
                Err(error) => {
                    self.join_failed(error);
                    return;
                }
            },
        };
        if let (Owner::Iteration(i), false) = (owner, self.in_map_run()) {
            let name = self
                .current()
                .map(|(_, s)| s.name.clone())
                .unwrap_or_default();
            self.emit(
                "MapIterationStarted",
                [
                    ("name", Detail::Str(name)),
                    ("index", Detail::Int(i as i64)),
                ],
            );
        }
        let last_event = self.frame().map_or(0, |f| f.last_event);
        // Frames inside a Distributed Map's child belong to it; a Map Run's iteration starts
        // a new child execution (module `children`), whose history starts at event 1.
        let (child_exec, last_event) = match self.map_run_child_start(index) {
            Some(start) => (Some(self.start_child(start, input.clone())), 1),
            None => (self.frame().and_then(|f| f.exec_child()), last_event),
        };
        let mut child = Frame::new(&self.program, graph, input, owner, self.now_ms, last_event);
        child.child = child_exec;
        if let (Some(c), Some(JoinKind::Map { run: Some(run), .. })) = (
            child_exec,
            self.frame_mut()
                .and_then(|f| f.join.as_mut())
                .map(|j| &mut j.kind),
        ) {
            if let Some(slot) = run.children.get_mut(index) {
                *slot = Some(c);
            }
        }
        self.frames.push(child);
    }

    fn child_finished(&mut self, index: usize, outcome: Result<Doc, StatesError>) {
        let name = self
            .current()
            .map(|(_, s)| s.name.clone())
            .unwrap_or_default();
        let is_map = matches!(
            self.frame().and_then(|f| f.join.as_ref()).map(|j| &j.kind),
            Some(JoinKind::Map { .. })
        );
        // A Distributed Map's children are executions of their own: no iteration events.
        let map_run = self.in_map_run();
        match outcome {
            Ok(output) => {
                if is_map && !map_run {
                    self.emit(
                        "MapIterationSucceeded",
                        [
                            ("name", Detail::Str(name)),
                            ("index", Detail::Int(index as i64)),
                        ],
                    );
                }
                if let Some(slot) = self
                    .frame_mut()
                    .and_then(|f| f.join.as_mut())
                    .and_then(|j| j.results.get_mut(index))
                {
                    *slot = Some(output);
                }
            }
            Err(error) => {
                if !is_map {
                    self.join_failed(error);
                    return;
                }
                if !map_run {
                    self.emit(
                        "MapIterationFailed",
                        [
                            ("name", Detail::Str(name)),
                            ("index", Detail::Int(index as i64)),
                        ],
                    );
                }
                let Some(join) = self.frame_mut().and_then(|f| f.join.as_mut()) else {
                    return;
                };
                let JoinKind::Map {
                    items,
                    failures,
                    tolerated_count,
                    tolerated_percentage,
                    run,
                    ..
                } = &mut join.kind
                else {
                    return;
                };
                *failures += 1;
                if let Some(flag) = run.as_mut().and_then(|r| r.failed.get_mut(index)) {
                    *flag = true;
                }
                if tolerated_count.is_none() && tolerated_percentage.is_none() {
                    self.join_failed(error);
                    return;
                }
                let over_count = tolerated_count.is_some_and(|c| *failures as f64 > c);
                let over_percentage = tolerated_percentage
                    .is_some_and(|p| *failures as f64 * 100.0 / items.len().max(1) as f64 > p);
                // With both given, the Map fails when either threshold is exceeded.
                if over_count || over_percentage {
                    self.join_failed(StatesError::new(
                        names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded",
                    ));
                    return;
                }
                if let Some(slot) = join.results.get_mut(index) {
                    *slot = Some(error_output(&error));
                }
            }
        }
    }

    /// A branch or iteration failed the state: the others stop, then the state fails
    /// (`state_failed` records `MapStateFailed`/`ParallelStateFailed` unless it retries).
    fn join_failed(&mut self, error: StatesError) {
        if self.in_map_run() {
            self.emit(
                "MapRunFailed",
                [
                    ("error", Detail::Str(error.error.as_str().into())),
                    (
                        "cause",
                        Detail::Str(error.cause.clone().unwrap_or_default().into()),
                    ),
                ],
            );
        }
        self.abort_children();
        if let Some(frame) = self.frame_mut() {
            frame.join = None;
            frame.phase = Phase::Run;
        }
        self.state_failed(error);
    }

    fn join_complete(&mut self) {
        let Some(join) = self.frame_mut().and_then(|f| f.join.take()) else {
            return;
        };
        let (event, run) = match join.kind {
            JoinKind::Map {
                run: Some(run),
                items,
                effective,
                ..
            } => ("MapStateSucceeded", Some((run, items, effective))),
            JoinKind::Map { .. } => ("MapStateSucceeded", None),
            JoinKind::Parallel { .. } => ("ParallelStateSucceeded", None),
        };
        if run.is_some() {
            self.emit("MapRunSucceeded", Vec::new());
        }
        self.emit(event, Vec::new());
        let results = join.results.into_iter().map(|r| r.unwrap_or(Doc::Null));
        let result: Doc = match run {
            Some((run, inputs, effective)) => {
                match self.finish_map_run(&run, &inputs, results.collect(), &effective) {
                    Ok(result) => result,
                    Err(error) => return self.state_failed(error),
                }
            }
            None => results.collect(),
        };
        let name = self
            .current()
            .map(|(_, s)| s.name.clone())
            .unwrap_or_default();
        if size::doc_too_large(&result) {
            self.state_failed(data_limit(&name));
            return;
        }
        let graphs = Rc::clone(&self.program.graphs);
        let Some(state) = self.state_in(&graphs) else {
            return self.state_failed(internal());
        };
        let context = self.context_if_used(state);
        match self.exit_flow(state, Doc::Null, Exit::Result(result), &context) {
            Ok(output) => self.complete_state(output, state.common.next),
            Err(error) => self.state_failed(error),
        }
    }

    /// Whether the state on top is a Distributed Map running its Map Run.
    fn in_map_run(&self) -> bool {
        matches!(
            self.frame().and_then(|f| f.join.as_ref()).map(|j| &j.kind),
            Some(JoinKind::Map { run: Some(_), .. })
        )
    }

    /// The Distributed Map's result from its children's (`result_writer`).
    fn finish_map_run(
        &mut self,
        run: &super::result_writer::MapRun,
        inputs: &[Doc],
        results: Vec<Doc>,
        effective: &Doc,
    ) -> Result<Doc, StatesError> {
        let graphs = Rc::clone(&self.program.graphs);
        let state = self.state_in(&graphs);
        let Some(Kind::Map(map)) = state.map(|s| &s.kind) else {
            return Err(internal());
        };
        let Some(dist) = map.distributed.as_deref() else {
            return Err(internal());
        };
        self.map_run_result(dist, run, inputs, results, effective)
    }

    /// `ItemSelector` for Map iteration `index` (see `states::map`).
    fn map_iteration_input(&mut self, index: usize, item: Doc) -> Result<Doc, StatesError> {
        let graphs = Rc::clone(&self.program.graphs);
        let state = self.state_in(&graphs);
        let Some(Kind::Map(map)) = state.map(|s| &s.kind) else {
            return Err(internal());
        };
        self.iteration_input(map, index, item)
    }
}

impl Execution {
    /// The Parallel/Map state on top fails: its unfinished children stop. A Map records
    /// `MapIterationAborted` for each iteration in flight, in index order.
    fn abort_children(&mut self) {
        let name = self
            .current()
            .map(|(_, s)| s.name.clone())
            .unwrap_or_default();
        let Some(join) = self.frame_mut().and_then(|f| f.join.as_mut()) else {
            return;
        };
        // A Distributed Map's children are executions of their own: no iteration events,
        // each child records `ExecutionAborted` in its own history.
        let is_map = matches!(join.kind, JoinKind::Map { run: None, .. });
        let parked = std::mem::take(&mut join.parked);
        join.in_flight = 0;
        let mut aborted = Vec::with_capacity(parked.len());
        let mut runs = Vec::new();
        for p in parked {
            aborted.push(p.index);
            if super::distributed::ENABLED {
                super::children::children_in(&p.frame, &mut runs);
            }
        }
        if !is_map && super::distributed::ENABLED {
            runs.sort_unstable();
            runs.dedup();
            // Parked frames of a Map Run are its children's roots; a parked Parallel branch
            // or inline iteration inside a child shares that child, which goes on; Map Runs
            // inside the stopped frames stop with them.
            let own = self.frame().and_then(|f| f.exec_child());
            for c in runs.into_iter().filter(|c| Some(*c) != own) {
                self.abort_child_tree(c);
            }
            return;
        }
        if !is_map {
            return;
        }
        aborted.sort_unstable();
        for index in aborted {
            self.emit(
                "MapIterationAborted",
                [
                    ("name", Detail::Str(name.clone())),
                    ("index", Detail::Int(index as i64)),
                ],
            );
        }
    }
}

impl Execution {
    /// When the state on top is a Distributed Map, what its child `index` is called.
    fn map_run_child_start(&self, index: usize) -> Option<super::children::ChildStart> {
        if !super::distributed::ENABLED {
            return None;
        }
        let frame = self.frame()?;
        let Some(JoinKind::Map { run: Some(run), .. }) = frame.join.as_ref().map(|j| &j.kind)
        else {
            return None;
        };
        Some(super::children::ChildStart {
            map_run_arn: run.arn.clone(),
            index,
            name: run.child_name(index),
            execution_arn: run.child_arn(index),
            machine: run.machine.clone(),
        })
    }
}
