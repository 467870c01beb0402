//! A Map state's iteration inputs as TestState's `inspectionData` shows them:
//! `afterItemSelector` ("an array containing the inputs for each Map iteration, transformed
//! by the ItemSelector") and `afterItemBatcher` ("the effective input after the ItemBatcher
//! filter is applied"), AWS API reference, `InspectionData`.
//!
//! TestState does not run a Map's iterations, so they are computed here by the engine
//! itself: the Map runs with an item processor that passes its input through, and its result
//! is then the list of iteration inputs — `ItemSelector` (or legacy `Parameters`) applied
//! with `$$.Map.Item`, then grouped by the `ItemBatcher` — with the request's input, context
//! and variables. A Map with an `ItemReader` reads from a source the request does not carry
//! item by item, so it gets neither field here.

use serde_json::{json, Map, Value};

use super::request::Request;
use crate::doc::Doc;
use crate::exec::{ExecOptions, Execution, Machine, Status};
use crate::mocks::DefaultHost;

/// Fields of the Map that decide its iteration inputs; everything after the work
/// (`ResultSelector`, `ResultPath`, `Catch`, …) is left out.
const INPUT_FIELDS: &[&str] = &[
    "Type",
    "QueryLanguage",
    "InputPath",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "Parameters",
    "ItemBatcher",
    "Label",
];

/// Runs `state` (a Map) with a pass-through processor, without its `ItemBatcher` when
/// `batched` is false: the iteration inputs as JSON text, or `None` when it cannot run.
fn inputs(
    request: &Request,
    state: &Map<String, Value>,
    query_language: Option<&Value>,
    batched: bool,
) -> Option<String> {
    let mut map = Map::new();
    for (key, value) in state {
        if INPUT_FIELDS.contains(&key.as_str()) && (batched || key != "ItemBatcher") {
            map.insert(key.clone(), value.clone());
        }
    }
    let processor = state
        .get("ItemProcessor")
        .or_else(|| state.get("Iterator"))?;
    let mut pass = json!({"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true}}});
    if let Some(config) = processor.get("ProcessorConfig") {
        pass["ProcessorConfig"] = config.clone();
    }
    map.insert("ItemProcessor".into(), pass);
    map.insert("End".into(), json!(true));
    let mut machine = json!({"StartAt": "Map", "States": {"Map": map}});
    if let Some(language) = query_language {
        machine["QueryLanguage"] = language.clone();
    }
    let compiled = Machine::compile(&machine).ok()?;
    let mut exec = Execution::start(
        &compiled,
        request.input.clone(),
        ExecOptions::default(),
        Box::new(DefaultHost::with_seed(0)),
    );
    if let Some(context) = &request.context {
        exec.set_context_overlay(Doc::from(context));
    }
    exec.set_variables(&request.variables);
    exec.run_to_end();
    (exec.status() == Status::Succeeded)
        .then(|| exec.output_doc().map(Doc::to_json_string))
        .flatten()
}

/// `afterItemSelector` and `afterItemBatcher` of Map `state` (each when the state declares
/// the field it reports), as JSON texts.
pub(super) fn inspection(
    request: &Request,
    state: &Map<String, Value>,
    machine: &Value,
) -> Vec<(&'static str, String)> {
    if state.contains_key("ItemReader") {
        return Vec::new();
    }
    let language = machine.get("QueryLanguage");
    let mut out = Vec::new();
    if state.contains_key("ItemSelector") || state.contains_key("Parameters") {
        if let Some(selected) = inputs(request, state, language, false) {
            out.push(("afterItemSelector", selected));
        }
    }
    if state.contains_key("ItemBatcher") {
        if let Some(batches) = inputs(request, state, language, true) {
            out.push(("afterItemBatcher", batches));
        }
    }
    out
}
