//! Coverage across the cases of a run: which states ran and which transitions were taken —
//! each `Next`, each Choice rule and `Default`, each catcher, each retrier (retried at least
//! once) — nested states of Parallel branches and Map processors included.
//!
//! A Choice visit records the state it moved to, not the rule: when several rules (or a rule
//! and `Default`) lead to the same state, JSONPath rules are evaluated again on the visit's
//! input after `InputPath` to find the first match; rules that read `$$` or variables, and
//! JSONata conditions, are then attributed to the first rule leading there.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Value};

use super::observe::{Observed, Visit};
use crate::doc::Doc;
use crate::exec::retry;

/// The kind of a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TransitionKind {
    /// `Next` of a state that is not a Choice.
    Next,
    /// A Choice rule (`index` into `Choices`).
    Choice,
    /// A Choice state's `Default`.
    Default,
    /// A catcher (`index` into `Catch`).
    Catch,
    /// A retrier (`index` into `Retry`), taken when it retried at least once.
    Retry,
}

/// One state and how many visits it had.
#[derive(Debug, Clone, Serialize)]
pub struct StateCoverage {
    /// The state name.
    pub state: String,
    /// Its `Type`.
    #[serde(rename = "type")]
    pub state_type: String,
    /// Visits across all cases.
    pub hits: u64,
}

/// One transition and how many times it was taken.
#[derive(Debug, Clone, Serialize)]
pub struct TransitionCoverage {
    /// The state it leaves.
    pub from: String,
    /// Why it is taken.
    pub kind: TransitionKind,
    /// Index of the rule, catcher or retrier (0 for `Next` and `Default`).
    pub index: usize,
    /// The state it leads to (none for a retrier: it re-runs `from`).
    pub to: Option<String>,
    /// Times taken across all cases.
    pub hits: u64,
}

impl TransitionCoverage {
    /// `"Check" rule 2 -> "Big"`, as reports name it.
    pub fn label(&self) -> String {
        let what = match self.kind {
            TransitionKind::Next => "Next".to_owned(),
            TransitionKind::Choice => format!("Choices[{}]", self.index),
            TransitionKind::Default => "Default".to_owned(),
            TransitionKind::Catch => format!("Catch[{}]", self.index),
            TransitionKind::Retry => format!("Retry[{}]", self.index),
        };
        match &self.to {
            Some(to) => format!("{:?} {what} -> {to:?}", self.from),
            None => format!("{:?} {what}", self.from),
        }
    }
}

/// Hits of one run, in the order of [`Coverage`]'s items (sendable between threads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// Per state.
    pub states: Vec<u64>,
    /// Per transition.
    pub transitions: Vec<u64>,
}

/// States and transitions of a definition with their hits.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// Every state, depth first in definition order.
    pub states: Vec<StateCoverage>,
    /// Every transition.
    pub transitions: Vec<TransitionCoverage>,
    /// State name → (index in `states`, its definition).
    index: HashMap<String, (usize, Value)>,
    /// (from, kind, index) → index in `transitions`.
    edges: HashMap<(String, TransitionKind, usize), usize>,
}

fn target(v: &Value) -> Option<String> {
    v.get("Next").and_then(Value::as_str).map(str::to_owned)
}

fn list<'a>(state: &'a Value, key: &str) -> &'a [Value] {
    state
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    list(v, key)
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

impl Coverage {
    /// The items of `definition`, with no hits yet.
    pub fn of(definition: &Value) -> Coverage {
        let mut c = Coverage::default();
        let mut stack: Vec<(&Value, usize)> = vec![(definition, 0)];
        let mut graphs = Vec::new();
        while let Some((graph, depth)) = stack.pop() {
            if depth > crate::limits::MAX_GRAPH_SCOPE_DEPTH {
                continue;
            }
            graphs.push(graph);
            let Some(states) = graph.get("States").and_then(Value::as_object) else {
                continue;
            };
            // Pushed in reverse so nested graphs come out in definition order.
            for state in states.values().rev() {
                for b in list(state, "Branches").iter().rev() {
                    stack.push((b, depth + 1));
                }
                if let Some(p) = state.get("ItemProcessor").or_else(|| state.get("Iterator")) {
                    stack.push((p, depth + 1));
                }
            }
        }
        for graph in graphs {
            let Some(states) = graph.get("States").and_then(Value::as_object) else {
                continue;
            };
            for (name, state) in states {
                c.add_state(name, state);
            }
        }
        c
    }

    fn add_state(&mut self, name: &str, state: &Value) {
        let state_type = state.get("Type").and_then(Value::as_str).unwrap_or("");
        self.index
            .insert(name.to_owned(), (self.states.len(), state.clone()));
        self.states.push(StateCoverage {
            state: name.to_owned(),
            state_type: state_type.to_owned(),
            hits: 0,
        });
        let mut edge = |kind, index, to: Option<String>| {
            self.edges
                .insert((name.to_owned(), kind, index), self.transitions.len());
            self.transitions.push(TransitionCoverage {
                from: name.to_owned(),
                kind,
                index,
                to,
                hits: 0,
            });
        };
        if state_type == "Choice" {
            for (i, rule) in list(state, "Choices").iter().enumerate() {
                edge(TransitionKind::Choice, i, target(rule));
            }
            if let Some(d) = state.get("Default").and_then(Value::as_str) {
                edge(TransitionKind::Default, 0, Some(d.to_owned()));
            }
        } else if let Some(next) = target(state) {
            edge(TransitionKind::Next, 0, Some(next));
        }
        for (i, _) in list(state, "Retry").iter().enumerate() {
            edge(TransitionKind::Retry, i, None);
        }
        for (i, catcher) in list(state, "Catch").iter().enumerate() {
            edge(TransitionKind::Catch, i, target(catcher));
        }
    }

    /// What one run covered.
    pub fn hits(&self, observed: &Observed) -> Hits {
        let mut hits = Hits {
            states: vec![0; self.states.len()],
            transitions: vec![0; self.transitions.len()],
        };
        for visit in &observed.visits {
            let Some((index, state)) = self.index.get(&*visit.state) else {
                continue;
            };
            hits.states[*index] += 1;
            let mut take = |kind, i| {
                if let Some(&t) = self.edges.get(&(visit.state.to_string(), kind, i)) {
                    hits.transitions[t] += 1;
                }
            };
            for &r in &visit.retriers {
                take(TransitionKind::Retry, r);
            }
            let Some(next) = visit.next.as_deref() else {
                continue;
            };
            if let Some(error) = &visit.error {
                let catcher = list(state, "Catch")
                    .iter()
                    .position(|c| retry::matches(&strings(c, "ErrorEquals"), error, true));
                if let Some(i) = catcher {
                    take(TransitionKind::Catch, i);
                }
            } else if state.get("Type").and_then(Value::as_str) == Some("Choice") {
                match choice_taken(state, visit, next) {
                    Some(i) => take(TransitionKind::Choice, i),
                    None => take(TransitionKind::Default, 0),
                }
            } else {
                take(TransitionKind::Next, 0);
            }
        }
        hits
    }

    /// Adds one run's hits.
    pub fn add(&mut self, hits: &Hits) {
        for (s, h) in self.states.iter_mut().zip(&hits.states) {
            s.hits += h;
        }
        for (t, h) in self.transitions.iter_mut().zip(&hits.transitions) {
            t.hits += h;
        }
    }

    /// (states covered, states, transitions covered, transitions).
    pub fn totals(&self) -> (usize, usize, usize, usize) {
        (
            self.states.iter().filter(|s| s.hits > 0).count(),
            self.states.len(),
            self.transitions.iter().filter(|t| t.hits > 0).count(),
            self.transitions.len(),
        )
    }

    /// Covered states and transitions as a percentage of all (100 when there are none).
    pub fn percent(&self) -> f64 {
        let (s, st, t, tt) = self.totals();
        if st + tt == 0 {
            return 100.0;
        }
        100.0 * (s + t) as f64 / (st + tt) as f64
    }

    /// The JSON report (`asl test --coverage-out`).
    pub fn to_json(&self) -> Value {
        let (s, st, t, tt) = self.totals();
        json!({
            "states": { "covered": s, "total": st, "items": self.states },
            "transitions": {
                "covered": t,
                "total": tt,
                "items": self.transitions,
            },
            "percent": (self.percent() * 10.0).round() / 10.0,
        })
    }
}

/// The Choice rule a visit took (`None`: `Default`).
fn choice_taken(state: &Value, visit: &Visit, next: &str) -> Option<usize> {
    let choices = list(state, "Choices");
    let leads = |r: &Value| r.get("Next").and_then(Value::as_str) == Some(next);
    let candidates: Vec<usize> = (0..choices.len()).filter(|&i| leads(&choices[i])).collect();
    let default = state.get("Default").and_then(Value::as_str) == Some(next);
    match (candidates.as_slice(), default) {
        ([], _) => None,
        ([only], false) => Some(*only),
        (first, _) => {
            let jsonpath = choices.iter().all(|r| r.get("Condition").is_none());
            let input = visit.after_input_path.as_ref().or(visit.input.as_ref());
            if let (true, Some(input)) = (jsonpath, input) {
                let context = Doc::empty_object();
                if let Ok(found) = crate::choice::choose(choices, input, &context, &()) {
                    match found {
                        Some(i) if leads(&choices[i]) => return Some(i),
                        None if default => return None,
                        _ => {}
                    }
                }
            }
            first.first().copied()
        }
    }
}
