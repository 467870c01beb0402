//! The state machine as a graph: states, transitions (`Next`, Choice rules, `Default`,
//! `Catch`) and nested scopes (Parallel branches, Map processors), and its rendering as a
//! Mermaid flowchart.
//!
//! Works on any JSON value, valid or not: it draws what can be drawn and never panics.
//! Node ids are generated (`s0`, `s1`, …), never state names, and every label is escaped, so
//! any state name renders literally.
//!
//! ```
//! let def = serde_json::json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
//! let m = asl_core::graph::mermaid(&def);
//! assert!(m.text.starts_with("flowchart TD"));
//! assert_eq!((m.nodes[0].state.as_str(), m.nodes[0].id.as_str()), ("A", "s0"));
//! ```

mod labels;
mod model;
mod render;

pub use labels::escape_label;
pub use model::{build, Edge, EdgeKind, Graph, Scope, StateNode};

use serde_json::Value;

/// A Mermaid flowchart and the node id of every state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mermaid {
    /// The Mermaid source (`flowchart TD …`).
    pub text: String,
    /// Every state, nested ones included, with its node id (for highlighting during a run).
    pub nodes: Vec<NodeRef>,
    /// Every edge between two states, in drawing order, with its transition and its full
    /// label: the drawn one is cut short.
    pub edges: Vec<EdgeRef>,
}

/// An edge between two states: its id in the drawing, the transition it draws and its whole
/// label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeRef {
    /// The Mermaid edge id the drawn path (and label) carry as `data-id`: a labelled edge's
    /// generated `e0`, `e1`, …; an unlabelled one's is Mermaid's own, `L_<from>_<to>_<n>`
    /// over node ids.
    pub id: String,
    /// The label's full text (a Choice rule's condition, `Default`, a catcher's error names;
    /// empty for `Next`).
    pub label: String,
    /// The state it leaves.
    pub from: String,
    /// The state it leads to.
    pub to: String,
    /// `Next`, `Choice`, `Default` or `Catch`: the names coverage reports use
    /// (`testing::TransitionKind`).
    pub kind: &'static str,
    /// The rule's index in `Choices` or the catcher's in `Catch` (0 otherwise).
    pub index: usize,
}

/// Which Mermaid node draws which state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRef {
    /// The state name.
    pub state: String,
    /// The generated Mermaid node (or subgraph) id, e.g. `s3`.
    pub id: String,
}

/// The Mermaid node id of the Start circle.
pub const START_ID: &str = "start0";
/// The Mermaid node id of the End circle (`end` itself is a Mermaid keyword).
pub const END_ID: &str = "stop0";
/// The classes declared for run statuses, to be applied with `class <id> <status>`.
pub const STATUS_CLASSES: &[&str] = &[
    "running",
    "succeeded",
    "failed",
    "caught",
    "retrying",
    "waiting",
    "skipped",
];

/// Draws `definition` as a Mermaid flowchart.
pub fn mermaid(definition: &Value) -> Mermaid {
    let graph = build(definition);
    let (text, edges) = render::render(&graph);
    let mut nodes = Vec::new();
    graph.root.visit(&mut |s: &StateNode| {
        nodes.push(NodeRef {
            state: s.name.clone(),
            id: s.id.clone(),
        })
    });
    Mermaid { text, nodes, edges }
}
