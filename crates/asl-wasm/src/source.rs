//! `loadSource` and `importHistory`: YAML definitions, CloudFormation/SAM/CDK templates and
//! serverless.yml files (`asl_core::source`), and AWS execution histories
//! (`asl_core::history_import`), for the page. Diagnostics are located in the text the user
//! typed (the template), not in the resolved JSON.

use std::collections::BTreeMap;

use asl_core::history_import::{import, parse_events};
use asl_core::source::{open, Format, ResolveOptions};
use asl_core::{graph, validate, LineIndex};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::convert::{diagnostics_to_js, from_js, into_error, to_js, JsDiagnostic};
use crate::definition::{mermaid_graph, MermaidGraph};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct SourceOptions {
    state_machine: Option<String>,
    substitutions: BTreeMap<String, String>,
    parameters: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsMachine {
    logical_id: String,
    resource_type: String,
    line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SourceResult {
    format: &'static str,
    machines: Vec<JsMachine>,
    selected: Option<String>,
    /// The resolved definition as JSON text (what `Execution` runs), when it resolved.
    definition: Option<String>,
    diagnostics: Vec<JsDiagnostic>,
    mermaid: Option<MermaidGraph>,
    valid: bool,
}

/// Reads any supported file: picks `options.stateMachine` (or the only one), applies
/// `options.substitutions` / `options.parameters`, validates the result and draws it. A SAM
/// `DefinitionUri` cannot be read in the browser: it is reported as a diagnostic.
#[wasm_bindgen(js_name = loadSource, unchecked_return_type = "SourceResult")]
pub fn load_source(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "SourceOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: SourceOptions = if options.is_undefined() || options.is_null() {
        SourceOptions::default()
    } else {
        from_js(&options).map_err(|m| into_error("options", &m, &[]))?
    };
    let index = LineIndex::new(text);
    let mut result = SourceResult {
        format: "asl-json",
        machines: Vec::new(),
        selected: None,
        definition: None,
        diagnostics: Vec::new(),
        mermaid: None,
        valid: false,
    };
    let source = match open(text, "") {
        Ok(s) => s,
        Err(d) => {
            result.diagnostics = diagnostics_to_js(text, &index, &[d]);
            return to_js(&result);
        }
    };
    result.format = match source.format() {
        Format::AslJson => "asl-json",
        Format::AslYaml => "asl-yaml",
        Format::CloudFormation => "cloudformation",
        Format::Serverless => "serverless",
    };
    result.machines = source
        .machines()
        .iter()
        .map(|m| JsMachine {
            logical_id: m.logical_id.clone(),
            resource_type: m.resource_type.clone(),
            line: index.position(text, m.span.start).line,
        })
        .collect();
    let resolve_options = ResolveOptions {
        substitutions: options.substitutions.into_iter().collect(),
        parameters: options.parameters.into_iter().collect(),
    };
    let mut fetch = |path: &str| -> Result<String, String> {
        Err(format!(
            "the page cannot read {path}: paste that file's definition into the template, or open the file itself"
        ))
    };
    match source.resolve(
        options.state_machine.as_deref(),
        &resolve_options,
        &mut fetch,
    ) {
        Ok(resolved) => {
            let report = validate::validate(&resolved.text);
            result.valid = report.is_valid();
            if result.valid {
                result.mermaid = report
                    .definition
                    .as_ref()
                    .map(|d| mermaid_graph(graph::mermaid(d)));
            }
            let diagnostics = resolved.remap(report.diagnostics);
            result.diagnostics = diagnostics_to_js(text, &index, &diagnostics);
            result.selected = resolved.machine.map(|m| m.logical_id);
            result.definition = Some(resolved.text);
        }
        Err(diagnostics) => result.diagnostics = diagnostics_to_js(text, &index, &diagnostics),
    }
    to_js(&result)
}

#[derive(Serialize)]
struct JsMissing {
    state: String,
    reason: String,
}

#[derive(Serialize)]
struct HistoryResult {
    events: Vec<Value>,
    input: Value,
    expected: Value,
    mocks: Value,
    invocations: usize,
    missing: Vec<JsMissing>,
}

/// Reads an AWS execution history (`get-execution-history --output json`, pages
/// concatenated) against a definition (JSON text): its events, input, outcome, and the
/// MockConfigFile that reproduces it. Throws an `AslError` of kind `"history"`.
#[wasm_bindgen(js_name = importHistory, unchecked_return_type = "HistoryImport")]
pub fn import_history(history: &str, definition: &str) -> Result<JsValue, JsValue> {
    let events = parse_events(history).map_err(|m| into_error("history", &m, &[]))?;
    let definition: Option<Value> = serde_json::from_str(definition).ok();
    let imported = import(&events, definition.as_ref());
    to_js(&HistoryResult {
        expected: imported.expected(),
        input: imported.input,
        mocks: imported.mocks,
        invocations: imported.invocations,
        missing: imported
            .missing
            .into_iter()
            .map(|(state, reason)| JsMissing { state, reason })
            .collect(),
        events,
    })
}
