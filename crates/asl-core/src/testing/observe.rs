//! What a finished execution did, in the terms the expectations use: the visits of states
//! with where they ran (Map iterations and Parallel branches), the history events with the
//! state each belongs to, and the execution's outcome.
//!
//! Where an event ran comes from the history and the definition. State names are unique in
//! a whole machine, so each state belongs to one graph: the machine, branch `b` of a
//! Parallel, or a Map's processor. An event follows its `previousEventId`: the previous
//! event of its branch or iteration, or, when branches and iterations run one after the
//! other, the last event of the one before. So a state entered right after
//! `MapIterationStarted` starts that iteration, one entered after `ParallelStateStarted`
//! starts its branch, and one entered after an event inside a sibling branch or iteration
//! replaces that step of the scope; Map and Parallel events leave their children's scope.

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

/// Where each state sits: its Map or Parallel (and branch index), and each state's type.
#[derive(Default)]
struct Structure {
    parent: HashMap<String, ScopeStep>,
    types: HashMap<String, String>,
}

fn structure(definition: &Value) -> Structure {
    let mut out = Structure::default();
    let mut stack: Vec<(&Value, Option<ScopeStep>, usize)> = vec![(definition, None, 0)];
    while let Some((graph, parent, depth)) = stack.pop() {
        // Bounded like every walk over user data.
        if depth > crate::limits::MAX_GRAPH_SCOPE_DEPTH {
            continue;
        }
        let Some(states) = graph.get("States").and_then(Value::as_object) else {
            continue;
        };
        for (name, state) in states {
            let kind = state.get("Type").and_then(Value::as_str).unwrap_or("");
            out.types.insert(name.clone(), kind.to_owned());
            if let Some(p) = &parent {
                out.parent.insert(name.clone(), p.clone());
            }
            let me: Rc<str> = Rc::from(name.as_str());
            if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
                for (i, b) in branches.iter().enumerate() {
                    stack.push((b, Some((me.clone(), i)), depth + 1));
                }
            }
            if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
                stack.push((p, Some((me.clone(), 0)), depth + 1));
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
        let structure = structure(definition);
        let events = execution.events();
        let root: Rc<[ScopeStep]> = Rc::from(Vec::new());
        let mut scopes: Vec<Rc<[ScopeStep]>> = Vec::with_capacity(events.len());
        let mut out_events: Vec<Event> = Vec::with_capacity(events.len());
        for event in events {
            let kind = event.event_type;
            let name = text(event, "name");
            let parent = usize::try_from(event.previous_event_id)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .filter(|&p| p < scopes.len());
            let (scope, state) = match parent {
                _ if kind.starts_with("Execution") => (root.clone(), None),
                None => (root.clone(), name.clone()),
                Some(p) => {
                    let before = (&events[p], &scopes[p], out_events[p].state.clone());
                    locate(&structure, kind, name.clone(), before)
                }
            };
            scopes.push(scope);
            out_events.push(Event {
                event_type: kind,
                state,
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

/// `scope[..end]` followed by `step`.
fn with_step(scope: &[ScopeStep], end: usize, step: ScopeStep) -> Rc<[ScopeStep]> {
    let mut steps = scope[..end.min(scope.len())].to_vec();
    steps.push(step);
    Rc::from(steps)
}

/// The scope and state of an event of type `kind` (its `name` detail, if any), given the
/// event it follows (that event, its scope and its state).
fn locate(
    structure: &Structure,
    kind: &str,
    name: Option<Rc<str>>,
    (before, before_scope, before_state): (&HistoryEvent, &Rc<[ScopeStep]>, Option<Rc<str>>),
) -> (Rc<[ScopeStep]>, Option<Rc<str>>) {
    let position = |container: &str| before_scope.iter().rposition(|(n, _)| &**n == container);
    if is_entered(kind) {
        let state = name.unwrap_or_else(|| Rc::from(""));
        let Some((container, branch)) = structure.parent.get(&*state) else {
            return (Rc::from(Vec::new()), Some(state));
        };
        let is_map = structure.types.get(&**container).map(String::as_str) == Some("Map");
        let scope = if before.event_type == "MapIterationStarted" {
            let index = match before.detail("index") {
                Some(Detail::Int(i)) => usize::try_from(*i).unwrap_or(0),
                _ => 0,
            };
            with_step(before_scope, before_scope.len(), (container.clone(), index))
        } else if before.event_type == "ParallelStateStarted" {
            with_step(
                before_scope,
                before_scope.len(),
                (container.clone(), *branch),
            )
        } else if let Some(k) = position(container) {
            let index = if is_map { before_scope[k].1 } else { *branch };
            with_step(before_scope, k, (container.clone(), index))
        } else {
            with_step(
                before_scope,
                before_scope.len(),
                (container.clone(), *branch),
            )
        };
        return (scope, Some(state));
    }
    if is_exited(kind) {
        return (before_scope.clone(), name);
    }
    // Events of a Map or Parallel state itself, possibly right after one of its children's.
    let container = if kind.starts_with("MapIteration") {
        name.clone()
    } else if kind.starts_with("MapState") || kind.starts_with("ParallelState") {
        let wanted = if kind.starts_with("Map") {
            "Map"
        } else {
            "Parallel"
        };
        let own = before.event_type.starts_with(wanted) && !is_exited(before.event_type)
            || before.event_type.starts_with("MapIteration") && wanted == "Map";
        if own {
            return (before_scope.clone(), before_state);
        }
        before_scope
            .iter()
            .rev()
            .find(|(n, _)| structure.types.get(&**n).map(String::as_str) == Some(wanted))
            .map(|(n, _)| n.clone())
    } else {
        None
    };
    match container {
        Some(c) => match position(&c) {
            Some(k) => (Rc::from(&before_scope[..k]), Some(c)),
            None => (before_scope.clone(), Some(c)),
        },
        None if is_exited(before.event_type) => (before_scope.clone(), None),
        None => (before_scope.clone(), before_state),
    }
}

/// `Name[2]`: how a scope step is written in expectations and reports.
pub fn scope_label(scope: &[ScopeStep]) -> String {
    scope
        .iter()
        .map(|(name, index)| format!("{name}[{index}]"))
        .collect::<Vec<_>>()
        .join(" > ")
}
