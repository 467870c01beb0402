//! What a finished execution did, in the terms the expectations use: the visits of states
//! with where they ran (Map iterations and Parallel branches), the history events with the
//! state each belongs to, and the execution's outcome.
//!
//! Where an event ran comes from the history alone: inside a branch or an iteration every
//! event's `previousEventId` is the previous event of that branch or iteration, and the first
//! one follows the `MapIterationStarted` (which carries the index) or the
//! `ParallelStateStarted` (the branch is the one whose `StartAt` the event enters: state
//! names are unique in a whole machine).

use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexMap;
use serde_json::Value;

use crate::doc::Doc;
use crate::exec::{Detail, Execution, HistoryEvent, Status};

/// One step into a Map iteration or a Parallel branch: the state's name and the index.
pub type ScopeStep = (Rc<str>, usize);

/// One visit of one state.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The state name.
    pub state: Rc<str>,
    /// Where it ran, from the outside in (empty at the top level).
    pub scope: Rc<[ScopeStep]>,
    /// Raw state input (absent when the history outgrew its memory budget).
    pub input: Option<Doc>,
    /// The input after `InputPath` (what JSONPath Choice rules read).
    pub after_input_path: Option<Doc>,
    /// State output.
    pub output: Option<Doc>,
    /// Workflow variables visible after the state.
    pub variables: Option<Value>,
    /// The error it ended with, caught or not.
    pub error: Option<String>,
    /// Its cause.
    pub cause: Option<String>,
    /// The retrier (index in `Retry`) of each retry, in order.
    pub retriers: Vec<usize>,
    /// The state it moved to.
    pub next: Option<Rc<str>>,
}

/// One history event, reduced to what expectations count.
#[derive(Debug, Clone)]
pub struct Event {
    /// `HistoryEventType`.
    pub event_type: &'static str,
    /// The state whose visit recorded it (`None` for the execution's own events).
    pub state: Option<Rc<str>>,
    /// The `error` field of its details.
    pub error: Option<String>,
}

/// A finished execution as the expectations see it.
#[derive(Debug, Clone)]
pub struct Observed {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED` (or `RUNNING` if it did not end).
    pub status: &'static str,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error, when it failed (DescribeExecution's; none for a timeout).
    pub error: Option<String>,
    /// The cause.
    pub cause: Option<String>,
    /// Every visit in the order states were entered.
    pub visits: Vec<Visit>,
    /// Every history event in order.
    pub events: Vec<Event>,
}

/// Start state of each branch of each Parallel state, by Parallel state name.
fn parallel_starts(definition: &Value) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    let mut stack: Vec<(&Value, usize)> = vec![(definition, 0)];
    while let Some((graph, depth)) = stack.pop() {
        // Bounded like every walk over user data.
        if depth > crate::limits::MAX_GRAPH_SCOPE_DEPTH {
            continue;
        }
        let Some(states) = graph.get("States").and_then(Value::as_object) else {
            continue;
        };
        for (name, state) in states {
            if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
                let starts = branches
                    .iter()
                    .map(|b| {
                        b.get("StartAt")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_owned()
                    })
                    .collect();
                out.insert(name.clone(), starts);
                stack.extend(branches.iter().map(|b| (b, depth + 1)));
            }
            if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
                stack.push((p, depth + 1));
            }
        }
    }
    out
}

fn text(event: &HistoryEvent, name: &str) -> Option<Rc<str>> {
    match event.detail(name)? {
        Detail::Str(s) => Some(s.clone()),
        _ => None,
    }
}

fn is_entered(event_type: &str) -> bool {
    event_type.ends_with("StateEntered")
}

fn is_exited(event_type: &str) -> bool {
    event_type.ends_with("StateExited")
}

impl Observed {
    /// Reads a finished (or stopped) execution of `definition`.
    pub fn from_execution(execution: &Execution, definition: &Value) -> Observed {
        let starts = parallel_starts(definition);
        let events = execution.events();
        let root: Rc<[ScopeStep]> = Rc::from(Vec::new());
        let mut scopes: Vec<Rc<[ScopeStep]>> = Vec::with_capacity(events.len());
        let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
        for event in events {
            let name = if is_entered(event.event_type) || is_exited(event.event_type) {
                text(event, "name")
            } else {
                None
            };
            let parent = usize::try_from(event.previous_event_id)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .filter(|&p| p < scopes.len());
            let (scope, state) = match parent {
                None => (root.clone(), name.clone()),
                Some(p) => {
                    let before = &events[p];
                    let mut scope = scopes[p].clone();
                    let entering = is_entered(event.event_type);
                    if entering && before.event_type == "MapIterationStarted" {
                        let map = text(before, "name").unwrap_or_else(|| Rc::from(""));
                        let index = match before.detail("index") {
                            Some(Detail::Int(i)) => usize::try_from(*i).unwrap_or(0),
                            _ => 0,
                        };
                        scope = push(&scope, (map, index));
                    } else if entering && before.event_type == "ParallelStateStarted" {
                        if let Some(parallel) = &out_events[p].state {
                            let index = starts.get(&**parallel).and_then(|s| {
                                s.iter()
                                    .position(|start| Some(start.as_str()) == name.as_deref())
                            });
                            scope = push(&scope, (parallel.clone(), index.unwrap_or(0)));
                        }
                    }
                    let state = if name.is_some() {
                        name.clone()
                    } else if event.event_type.starts_with("Execution")
                        || is_exited(before.event_type)
                    {
                        None
                    } else {
                        out_events[p].state.clone()
                    };
                    (scope, state)
                }
            };
            scopes.push(scope);
            out_events.push(Event {
                event_type: event.event_type,
                state: if event.event_type.starts_with("Execution") {
                    None
                } else {
                    state
                },
                error: text(event, "error").map(|e| e.to_string()),
            });
        }
        let visits = execution
            .inspection()
            .iter()
            .map(|v| Visit {
                state: v.state.clone(),
                scope: usize::try_from(v.entered_event_id)
                    .ok()
                    .and_then(|id| scopes.get(id.checked_sub(1)?))
                    .cloned()
                    .unwrap_or_else(|| root.clone()),
                input: v.input.clone(),
                after_input_path: v.after_input_path.clone(),
                output: v.output.clone(),
                variables: v.variables.as_ref().map(|m| Value::Object((**m).clone())),
                error: v.error.clone(),
                cause: v.cause.clone(),
                retriers: v.retries.iter().map(|r| r.retrier).collect(),
                next: v.next.clone(),
            })
            .collect();
        let status = execution.status();
        let (error, cause) = match execution.error().filter(|_| status != Status::TimedOut) {
            Some(e) => (
                Some(e.error.clone()).filter(|e| !e.is_empty()),
                e.cause.clone(),
            ),
            None => (None, None),
        };
        Observed {
            status: status.as_str(),
            output: execution
                .output()
                .cloned()
                .filter(|_| status == Status::Succeeded),
            error,
            cause,
            visits,
            events: out_events,
        }
    }

    /// Every state entered, at any depth, in history order.
    pub fn path(&self) -> Vec<&str> {
        self.visits.iter().map(|v| &*v.state).collect()
    }

    /// The last state entered at the top level (the execution's final state).
    pub fn final_state(&self) -> Option<&str> {
        self.visits
            .iter()
            .rev()
            .find(|v| v.scope.is_empty())
            .map(|v| &*v.state)
    }

    /// Task state → how many times its resource was invoked (`TaskScheduled` events).
    pub fn task_calls(&self) -> IndexMap<String, u64> {
        let mut calls = IndexMap::new();
        for event in &self.events {
            if event.event_type == "TaskScheduled" {
                if let Some(state) = &event.state {
                    *calls.entry(state.to_string()).or_insert(0) += 1;
                }
            }
        }
        calls
    }
}

fn push(scope: &Rc<[ScopeStep]>, step: ScopeStep) -> Rc<[ScopeStep]> {
    let mut steps = scope.to_vec();
    steps.push(step);
    Rc::from(steps)
}

/// `Name[2]`: how a scope step is written in expectations and reports.
pub fn scope_label(scope: &[ScopeStep]) -> String {
    scope
        .iter()
        .map(|(name, index)| format!("{name}[{index}]"))
        .collect::<Vec<_>>()
        .join(" > ")
}
