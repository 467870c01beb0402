//! Parallel and Map (inline): a state that waits for child frames.
//!
//! The state's frame enters `Phase::Join` holding a [`Join`]. Each tick either starts the next
//! branch/iteration as a new frame on top of the stack, takes the outcome one delivered, or,
//! when all are done, runs the result data flow. Children not running wait in the join's
//! `parked` heap; `schedule` decides which frame runs next (see the module docs of `exec`).

use std::collections::BinaryHeap;

use super::engine::{Frame, Owner, Phase};
use super::handling::{data_limit, error_output};
use super::history::Detail;
use super::model::{GraphId, Kind};
use super::schedule::Parked;
use super::states::{internal, plain, TemplateField};
use super::{data, size, Execution};
use crate::doc::Doc;
use crate::error::{names, StatesError};

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
    },
}

impl Execution {
    pub(crate) fn run_parallel(&mut self) -> Result<(), StatesError> {
        let (_, state) = self.current().ok_or_else(internal)?;
        let Kind::Parallel { branches } = &state.kind else {
            return Err(internal());
        };
        let branches = branches.clone();
        let name = state.name.clone();
        let context = self.context_if_used();
        let input = self.effective_input(&context)?;
        if !input.ptr_eq(&self.frame().ok_or_else(internal)?.input) && size::doc_too_large(&input) {
            return Err(data_limit(&name));
        }
        self.emit("ParallelStateStarted", Vec::new());
        let total = branches.len();
        self.begin_join(JoinKind::Parallel { branches, input }, total, 0);
        Ok(())
    }

    pub(crate) fn run_map(&mut self) -> Result<(), StatesError> {
        let (_, state) = self.current().ok_or_else(internal)?;
        let Kind::Map {
            processor,
            items_path,
            max_concurrency,
            tolerated_percentage,
            tolerated_count,
            ..
        } = &state.kind
        else {
            return Err(internal());
        };
        let processor = *processor;
        let items_path = items_path.clone();
        let (max_concurrency, tolerated_percentage, tolerated_count) = (
            max_concurrency.clone(),
            tolerated_percentage.clone(),
            tolerated_count.clone(),
        );
        let context = self.context_if_used();
        let jsonata = self.is_jsonata();
        let effective = if jsonata {
            self.frame().ok_or_else(internal)?.input.clone()
        } else {
            self.input_path(&context)?
        };
        let max_concurrency = self
            .number_field(&max_concurrency, "MaxConcurrency", &effective, &context)?
            .map_or(0, |n| n as usize);
        let count = self.number_field(
            &tolerated_count,
            "ToleratedFailureCount",
            &effective,
            &context,
        )?;
        let percentage = self.number_field(
            &tolerated_percentage,
            "ToleratedFailurePercentage",
            &effective,
            &context,
        )?;
        let items = if jsonata {
            Doc::array(self.jsonata_items(&context)?)
        } else {
            data::select(&items_path, &effective, &context, &self.vars())?
        };
        let items = match &items {
            Doc::Array(items) => items.items().to_vec(),
            other => {
                return Err(StatesError::new(
                    names::RUNTIME,
                    format!(
                        "Invalid path '{}' : the ItemsPath must reference a JSON array, found {}",
                        match &items_path {
                            super::model::PathField::Path(p) => p.text().to_owned(),
                            _ => "$".to_owned(),
                        },
                        plain(other)
                    ),
                ))
            }
        };
        self.emit(
            "MapStateStarted",
            [("length", Detail::Int(items.len() as i64))],
        );
        let total = items.len();
        self.begin_join(
            JoinKind::Map {
                processor,
                items,
                effective,
                failures: 0,
                tolerated_count: count,
                tolerated_percentage: percentage,
            },
            total,
            max_concurrency,
        );
        Ok(())
    }

    fn begin_join(&mut self, kind: JoinKind, total: usize, max_concurrency: usize) {
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
            Some(i) => match self.iteration_input(i, input) {
                Ok(input) => (input, Owner::Iteration(i)),
                Err(error) => {
                    self.join_failed(error);
                    return;
                }
            },
        };
        if let Owner::Iteration(i) = owner {
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
        let child = Frame::new(&self.program, graph, input, owner, self.now_ms, last_event);
        self.frames.push(child);
    }

    /// `ItemSelector` (or legacy `Parameters`) for item `index`, with `$$.Map.Item`.
    fn iteration_input(&mut self, index: usize, item: Doc) -> Result<Doc, StatesError> {
        let (frame, state) = self.current().ok_or_else(internal)?;
        let Kind::Map { item_selector, .. } = &state.kind else {
            return Err(internal());
        };
        if state.jsonata {
            return self.jsonata_item_selector(index, item);
        }
        if item_selector.is_none() {
            return Ok(item);
        }
        let Some(JoinKind::Map { effective, .. }) = frame.join.as_ref().map(|j| &j.kind) else {
            return Err(internal());
        };
        let effective = effective.clone();
        let context = self.context(None, Some((index, &item)));
        let value = self.eval_template(TemplateField::ItemSelector, &effective, &context)?;
        Ok(value.unwrap_or(item))
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
        match outcome {
            Ok(output) => {
                if is_map {
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
                self.emit(
                    "MapIterationFailed",
                    [
                        ("name", Detail::Str(name)),
                        ("index", Detail::Int(index as i64)),
                    ],
                );
                let Some(join) = self.frame_mut().and_then(|f| f.join.as_mut()) else {
                    return;
                };
                let JoinKind::Map {
                    items,
                    failures,
                    tolerated_count,
                    tolerated_percentage,
                    ..
                } = &mut join.kind
                else {
                    return;
                };
                *failures += 1;
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

    fn join_failed(&mut self, error: StatesError) {
        let event = match self.frame().and_then(|f| f.join.as_ref()).map(|j| &j.kind) {
            Some(JoinKind::Map { .. }) => "MapStateFailed",
            _ => "ParallelStateFailed",
        };
        self.abort_children();
        self.emit(event, Vec::new());
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
        let event = match join.kind {
            JoinKind::Map { .. } => "MapStateSucceeded",
            JoinKind::Parallel { .. } => "ParallelStateSucceeded",
        };
        self.emit(event, Vec::new());
        let results = join.results.into_iter().map(|r| r.unwrap_or(Doc::Null));
        let result: Doc = results.collect();
        let name = self
            .current()
            .map(|(_, s)| s.name.clone())
            .unwrap_or_default();
        if size::doc_too_large(&result) {
            self.state_failed(data_limit(&name));
            return;
        }
        let context = self.context_if_used();
        match self.result_flow(result, &context) {
            Ok(output) => {
                let next = self.current().and_then(|(_, s)| s.common.next);
                self.complete_state(output, next);
            }
            Err(error) => self.state_failed(error),
        }
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
        let is_map = matches!(join.kind, JoinKind::Map { .. });
        let mut aborted: Vec<usize> = std::mem::take(&mut join.parked)
            .into_iter()
            .map(|p| p.index)
            .collect();
        join.in_flight = 0;
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
