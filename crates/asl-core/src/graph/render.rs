//! Renders a [`Graph`] as a Mermaid flowchart. Nodes are declared first, inside their
//! subgraphs (Mermaid puts a node in the subgraph where it first appears); edges follow at
//! the top level.

use std::fmt::Write;

use super::labels::escape_label;
use super::model::{EdgeKind, Graph, Scope, StateNode};
use super::{END_ID, START_ID};
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

pub(crate) fn render(graph: &Graph) -> String {
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
        .and_then(|s| find(&graph.root, s))
    {
        let _ = writeln!(out, "    {START_ID} --> {first}");
    }
    edges(&mut out, &graph.root, true);
    out
}

fn find<'a>(scope: &'a Scope, name: &str) -> Option<&'a str> {
    scope
        .states
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.id.as_str())
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
                    for (i, branch) in s.children.iter().enumerate() {
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

fn edges(out: &mut String, scope: &Scope, top: bool) {
    for s in &scope.states {
        for e in &s.edges {
            let Some(target) = find(scope, &e.target) else {
                continue;
            };
            let (arrow, label) = match &e.kind {
                EdgeKind::Next => ("-->", ""),
                EdgeKind::Choice(label) => ("-->", label.as_str()),
                EdgeKind::Default => ("-->", "Default"),
                EdgeKind::Catch(errors) => ("-.->", errors.as_str()),
            };
            // Mermaid rejects an empty `|""|` label: draw a plain edge instead.
            let _ = if label.is_empty() {
                writeln!(out, "    {} {arrow} {target}", s.id)
            } else {
                writeln!(
                    out,
                    "    {} {arrow}|\"{}\"| {target}",
                    s.id,
                    escape_label(label)
                )
            };
        }
        if top && s.end {
            let _ = writeln!(out, "    {} --> {END_ID}", s.id);
        }
        for child in &s.children {
            edges(out, child, false);
        }
    }
}
