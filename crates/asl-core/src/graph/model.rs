//! The graph model built from a definition value.

use serde_json::Value;

use super::labels;
use crate::state_type::StateType;

/// Nested scopes deeper than this are not drawn (keeps recursion bounded on any value).
const MAX_SCOPE_DEPTH: usize = crate::limits::MAX_GRAPH_SCOPE_DEPTH;

/// A whole state machine.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The top-level scope.
    pub root: Scope,
}

/// A set of states with a start: the machine, a Parallel branch or a Map processor.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// `StartAt`, when it names a state of this scope.
    pub start_at: Option<String>,
    /// The states in definition order.
    pub states: Vec<StateNode>,
}

/// One state.
#[derive(Debug, Clone)]
pub struct StateNode {
    /// The state name.
    pub name: String,
    /// Generated node id (`s0`, `s1`, … in definition order, depth first).
    pub id: String,
    /// `Type`, or `None` when it is missing or names no state type.
    pub state_type: Option<StateType>,
    /// Short extra text: the Task resource (`lambda:invoke`), the Wait duration.
    pub detail: Option<String>,
    /// `"End": true` (or a Succeed state).
    pub end: bool,
    /// Outgoing transitions to states of the same scope.
    pub edges: Vec<Edge>,
    /// Parallel branches, or the Map processor.
    pub children: Vec<Scope>,
}

/// A transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Target state name (always a state of the same scope).
    pub target: String,
    /// Why the transition happens.
    pub kind: EdgeKind,
    /// The rule's index in `Choices` or the catcher's in `Catch` (0 for `Next`, `Default`),
    /// as coverage reports name transitions.
    pub index: usize,
}

/// The kinds of transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeKind {
    /// `Next`.
    Next,
    /// A Choice rule, with its condition in a compact form (`$.n > 3 and $.ok == true`).
    Choice(String),
    /// A Choice state's `Default`.
    Default,
    /// A catcher, with its error names joined by `, `.
    Catch(String),
}

impl Scope {
    /// Calls `f` on every state, depth first, nested scopes included.
    pub fn visit(&self, f: &mut dyn FnMut(&StateNode)) {
        for s in &self.states {
            f(s);
            for c in &s.children {
                c.visit(f);
            }
        }
    }
}

/// Builds the graph of any JSON value (missing or malformed parts are left out).
pub fn build(definition: &Value) -> Graph {
    let mut next_id = 0;
    Graph {
        root: scope(definition, &mut next_id, 0),
    }
}

fn scope(v: &Value, next_id: &mut usize, depth: usize) -> Scope {
    let Some(states) = v.get("States").and_then(Value::as_object) else {
        return Scope::default();
    };
    let mut out = Scope {
        start_at: v
            .get("StartAt")
            .and_then(Value::as_str)
            .filter(|s| states.contains_key(*s))
            .map(str::to_string),
        states: Vec::new(),
    };
    for (name, state) in states {
        let id = format!("s{next_id}");
        *next_id += 1;
        let state_type = state
            .get("Type")
            .and_then(Value::as_str)
            .and_then(StateType::parse);
        let mut children = Vec::new();
        if depth < MAX_SCOPE_DEPTH {
            if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
                children.extend(branches.iter().map(|b| scope(b, next_id, depth + 1)));
            }
            if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
                children.push(scope(p, next_id, depth + 1));
            }
        }
        let mut edges = Vec::new();
        let mut push = |target: Option<&Value>, kind: EdgeKind, index: usize| {
            if let Some(t) = target
                .and_then(Value::as_str)
                .filter(|t| states.contains_key(*t))
            {
                edges.push(Edge {
                    target: t.to_string(),
                    kind,
                    index,
                });
            }
        };
        push(state.get("Next"), EdgeKind::Next, 0);
        for (index, rule) in state
            .get("Choices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            push(
                rule.get("Next"),
                EdgeKind::Choice(labels::condition(rule)),
                index,
            );
        }
        push(state.get("Default"), EdgeKind::Default, 0);
        for (index, catcher) in state
            .get("Catch")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let errors: Vec<&str> = catcher
                .get("ErrorEquals")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            push(
                catcher.get("Next"),
                EdgeKind::Catch(errors.join(", ")),
                index,
            );
        }
        out.states.push(StateNode {
            name: name.clone(),
            id,
            state_type,
            detail: labels::detail(state_type, state),
            end: state.get("End").and_then(Value::as_bool) == Some(true)
                || state_type == Some(StateType::Succeed),
            edges,
            children,
        });
    }
    out
}
