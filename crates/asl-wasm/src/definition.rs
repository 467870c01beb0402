//! `loadDefinition`: diagnostics for the editor and, for a valid definition, the diagram.

use asl_core::{graph, validate, LineIndex};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{diagnostics_to_js, to_js, JsDiagnostic};

#[derive(Serialize)]
struct LoadResult {
    diagnostics: Vec<JsDiagnostic>,
    mermaid: Option<MermaidGraph>,
    valid: bool,
}

#[derive(Serialize)]
pub(crate) struct MermaidGraph {
    text: String,
    nodes: Vec<MermaidNode>,
    edges: Vec<MermaidEdge>,
}

#[derive(Serialize)]
struct MermaidEdge {
    id: String,
    label: String,
    from: String,
    to: String,
    kind: &'static str,
    index: usize,
}

#[derive(Serialize)]
struct MermaidNode {
    state: String,
    id: String,
}

/// Validates a definition and, when it is valid, draws it. Never throws on bad text: problems
/// come back as diagnostics.
#[wasm_bindgen(js_name = loadDefinition, unchecked_return_type = "LoadResult")]
pub fn load_definition(text: &str) -> Result<JsValue, JsValue> {
    let report = validate::validate(text);
    let valid = report.is_valid();
    let mermaid = match (&report.definition, valid) {
        (Some(definition), true) => Some(mermaid_graph(graph::mermaid(definition))),
        _ => None,
    };
    let index = LineIndex::new(text);
    to_js(&LoadResult {
        diagnostics: diagnostics_to_js(text, &index, &report.diagnostics),
        mermaid,
        valid,
    })
}

/// The diagram in the shape the page reads (shared with `loadSource`).
pub(crate) fn mermaid_graph(graph: graph::Mermaid) -> MermaidGraph {
    MermaidGraph {
        text: graph.text,
        nodes: graph
            .nodes
            .into_iter()
            .map(|node| MermaidNode {
                state: node.state,
                id: node.id,
            })
            .collect(),
        edges: graph
            .edges
            .into_iter()
            .map(|edge| MermaidEdge {
                id: edge.id,
                label: edge.label,
                from: edge.from,
                to: edge.to,
                kind: edge.kind,
                index: edge.index,
            })
            .collect(),
    }
}
