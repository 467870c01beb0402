//! Renders a [`Graph`] as a Mermaid flowchart. Nodes are declared first, inside their
//! subgraphs (Mermaid puts a node in the subgraph where it first appears); edges follow at
//! the top level.

use std::collections::HashMap;
use std::fmt::Write;

use super::labels::{escape_label, truncate_to, MAX_EDGE_LABEL};
use super::model::{EdgeKind, Graph, Scope, StateNode};
use super::{EdgeRef, END_ID, START_ID};
use crate::state_type::StateType;

/// Styles for run statuses; applied by the page with `class <id> <status>`.
const CLASS_DEFS: &[(&str, &str)] = &[
    ("running", "fill:#dbeafe,stroke:#2563eb,stroke-width:3px"),
    ("succeeded", "fill:#dcfce7,stroke:#16a34a"),
    ("failed", "fill:#fee2e2,stroke:#dc2626"),
    ("caught", "fill:#ffedd5,stroke:#ea580c,stroke-dasharray:4 2"),
    ("retrying", "fill:#fef9c3,stroke:#ca8a04"),
    ("waiting", "fill:#f3e8ff,stroke:#9333ea"),
    ("skipped", "fill:#f3f4f6,stroke:#9ca3af,color:#6b7280"),
];

/// The Mermaid text and the edges between states (with their full labels).
pub(crate) fn render(graph: &Graph) -> (String, Vec<EdgeRef>) {
    let mut out = String::from("flowchart TD\n");
    for (class, style) in CLASS_DEFS {
        let _ = writeln!(out, "    classDef {class} {style}");
    }
    let _ = writeln!(out, "    {START_ID}((\"Start\"))");
    let _ = writeln!(out, "    {END_ID}((\"End\"))");
    nodes(&mut out, &graph.root, 1);
    if let Some(first) = graph
        .root
        .start_at
        .as_deref()
        .and_then(|s| Ids::of(&graph.root).get(s))
    {
        let _ = writeln!(out, "    {START_ID} --> {first}");
    }
    let mut drawn = Drawn::default();
    edges(&mut out, &mut drawn, &graph.root, true);
    (out, drawn.edges)
}

/// The node id of each state name of one scope, built once per scope so that drawing the
/// edges is linear in their number (a linear search per edge made a 23,000-state chain take
/// seconds).
struct Ids<'a>(HashMap<&'a str, &'a str>);

impl<'a> Ids<'a> {
    fn of(scope: &'a Scope) -> Self {
        Ids(scope
            .states
            .iter()
            .map(|s| (s.name.as_str(), s.id.as_str()))
            .collect())
    }

    fn get(&self, name: &str) -> Option<&'a str> {
        #[cfg(test)]
        tests::LOOKUPS.with(|n| n.set(n.get() + 1));
        self.0.get(name).copied()
    }
}

fn nodes(out: &mut String, scope: &Scope, depth: usize) {
    let pad = "    ".repeat(depth);
    for s in &scope.states {
        match s.state_type {
            Some(ty @ (StateType::Parallel | StateType::Map)) => {
                let _ = writeln!(
                    out,
                    "{pad}subgraph {} [\"{}\"]",
                    s.id,
                    escape_label(&format!("{} ({ty})", s.name))
                );
                let _ = writeln!(out, "{pad}    direction TB");
                if ty == StateType::Parallel {
                    // Mermaid's dagre and ELK layouts both place sibling subgraphs right to
                    // left in the order they are declared (measured with Mermaid 11.17):
                    // declaring the last branch first draws Branch 1 … Branch n left to right.
                    for (i, branch) in s.children.iter().enumerate().rev() {
                        let _ = writeln!(
                            out,
                            "{pad}    subgraph {}_b{i} [\"Branch {}\"]",
                            s.id,
                            i + 1
                        );
                        nodes(out, branch, depth + 2);
                        let _ = writeln!(out, "{pad}    end");
                    }
                } else {
                    for child in &s.children {
                        nodes(out, child, depth + 1);
                    }
                }
                let _ = writeln!(out, "{pad}end");
            }
            _ => {
                let _ = writeln!(out, "{pad}{}", node(s));
            }
        }
    }
}

/// One node declaration with its shape.
fn node(s: &StateNode) -> String {
    // An empty state name would give `[""]`, which Mermaid rejects.
    let mut label = if s.name.is_empty() {
        " ".to_string()
    } else {
        escape_label(&s.name)
    };
    if let Some(detail) = &s.detail {
        label.push_str("<br/>");
        label.push_str(&escape_label(detail));
    }
    let (open, close) = match s.state_type {
        Some(StateType::Choice) => ("{", "}"),
        Some(StateType::Succeed) => ("([", "])"),
        Some(StateType::Fail) => ("(((", ")))"),
        Some(StateType::Pass | StateType::Wait) => ("(", ")"),
        _ => ("[", "]"),
    };
    format!("{}{open}\"{label}\"{close}", s.id)
}

/// The edges drawn so far.
#[derive(Default)]
struct Drawn {
    edges: Vec<EdgeRef>,
    /// Labelled edges so far (their ids are `e0`, `e1`, …).
    labelled: usize,
    /// Edges so far between two nodes (`"<from id> <to id>"`), for Mermaid's own edge ids.
    between: HashMap<String, usize>,
}

/// The id Mermaid (11, `FlowDB.addSingleLink`) gives an edge without one: `L_<from>_<to>_0`
/// for the first edge between two nodes, `L_<from>_<to>_<k+1>` when `k` came before.
fn mermaid_edge_id(from: &str, to: &str, before: usize) -> String {
    let counter = if before == 0 { 0 } else { before + 1 };
    format!("L_{from}_{to}_{counter}")
}

/// Writes the edges of `scope` and its nested scopes. A labelled edge gets an id (`e0`, `e1`,
/// …: Mermaid's `s1 e0@--> s2`, drawn with `data-id="e0"`) so that the page can give it its
/// full label as a tooltip; its drawn label is cut to [`MAX_EDGE_LABEL`] characters. Every
/// edge is listed with its transition, so the page can find each one in the drawing.
fn edges(out: &mut String, drawn: &mut Drawn, scope: &Scope, top: bool) {
    let ids = Ids::of(scope);
    for s in &scope.states {
        for e in &s.edges {
            let Some(target) = ids.get(&e.target) else {
                continue;
            };
            let (arrow, label, kind) = match &e.kind {
                EdgeKind::Next => ("-->", "", "Next"),
                EdgeKind::Choice(label) => ("-->", label.as_str(), "Choice"),
                EdgeKind::Default => ("-->", "Default", "Default"),
                EdgeKind::Catch(errors) => ("-.->", errors.as_str(), "Catch"),
            };
            let before = drawn
                .between
                .entry(format!("{} {target}", s.id))
                .or_insert(0);
            // Mermaid rejects an empty `|""|` label: draw a plain edge instead.
            let id = if label.is_empty() {
                let _ = writeln!(out, "    {} {arrow} {target}", s.id);
                mermaid_edge_id(&s.id, target, *before)
            } else {
                let id = format!("e{}", drawn.labelled);
                drawn.labelled += 1;
                let _ = writeln!(
                    out,
                    "    {} {id}@{arrow}|\"{}\"| {target}",
                    s.id,
                    escape_label(&truncate_to(label, MAX_EDGE_LABEL))
                );
                id
            };
            *before += 1;
            drawn.edges.push(EdgeRef {
                id,
                label: label.to_string(),
                from: s.name.clone(),
                to: e.target.clone(),
                kind,
                index: e.index,
            });
        }
        if top && s.end {
            let _ = writeln!(out, "    {} --> {END_ID}", s.id);
        }
        for child in &s.children {
            edges(out, drawn, child, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde_json::{json, Map, Value};

    use super::super::model::build;

    thread_local! {
        /// Name lookups made while rendering (each costs O(1) with [`super::Ids`]).
        pub(super) static LOOKUPS: Cell<usize> = const { Cell::new(0) };
    }

    fn chain(n: usize) -> Value {
        let mut states = Map::new();
        for i in 0..n {
            let state = if i + 1 < n {
                json!({"Type": "Pass", "Next": format!("S{}", i + 1)})
            } else {
                json!({"Type": "Succeed"})
            };
            states.insert(format!("S{i}"), state);
        }
        json!({"StartAt": "S0", "States": states})
    }

    /// Drawing is linear: one constant-time lookup per edge. Counted rather than timed, so
    /// the test is exact on a loaded machine; the former linear search per edge made about
    /// n²/2 = 264 million name comparisons here.
    #[test]
    fn a_23000_state_chain_renders_with_one_lookup_per_edge() {
        let n = 23_000;
        let graph = build(&chain(n));
        LOOKUPS.with(|c| c.set(0));
        let (text, _) = super::render(&graph);
        let lookups = LOOKUPS.with(Cell::get);
        // n - 1 `Next` edges and the start.
        assert_eq!(lookups, n);
        assert!(text.contains("s22998 --> s22999\n"));
        assert!(text.contains("s22999 --> stop0\n"));
    }
}
