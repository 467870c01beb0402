//! A Map's `afterItemSelector` and `afterItemBatcher`: the inputs of its iterations after
//! `ItemSelector` (an array, one per iteration) and after `ItemBatcher` (the batches), as the
//! API reference's `InspectionData` describes them
//! (<https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html>).
//! No recorded AWS response carries them; the values are what the interpreter gives the
//! iterations of the same Map in a whole execution.

use serde_json::{json, Value};

use crate::*;

fn request(state: Value, input: Value, level: &str) -> Value {
    json!({"definition": text(state), "input": text(input), "inspectionLevel": level,
           "mock": {"result": "[]"}})
}

/// JSONPath: `ItemSelector` over `$$.Map.Item` and the effective input (after `InputPath`).
#[test]
fn item_selector_in_jsonpath() {
    let map = json!({
        "Type": "Map", "InputPath": "$.order", "ItemsPath": "$.lines",
        "ItemSelector": {"index.$": "$$.Map.Item.Index", "sku.$": "$$.Map.Item.Value.sku", "customer.$": "$.customer"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "ResultPath": "$.done", "End": true
    });
    let input = json!({"order": {"customer": "c-1", "lines": [{"sku": "a"}, {"sku": "b"}]}});
    let r = ask(request(map.clone(), input.clone(), "DEBUG"));
    let data = &r["inspectionData"];
    assert_eq!(data["afterItemsPath"], json!([{"sku": "a"}, {"sku": "b"}]));
    assert_eq!(
        data["afterItemSelector"],
        json!([
            {"index": 0, "sku": "a", "customer": "c-1"},
            {"index": 1, "sku": "b", "customer": "c-1"}
        ])
    );
    assert_eq!(data.get("afterItemBatcher"), None);
    // INFO has no inspection data at all.
    let info = ask(request(map, input, "INFO"));
    assert_eq!(info.get("inspectionData"), None);
}

/// Legacy `Parameters` on a Map (with `Iterator`) is its `ItemSelector`.
#[test]
fn legacy_parameters_are_the_item_selector() {
    let map = json!({
        "Type": "Map", "Parameters": {"n.$": "$$.Map.Item.Value"},
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true
    });
    let r = ask(request(map, json!([3, 4]), "DEBUG"));
    assert_eq!(
        r["inspectionData"]["afterItemSelector"],
        json!([{"n": 3}, {"n": 4}])
    );
}

/// JSONata, Distributed: items selected, then batched two by two with the `BatchInput`.
#[test]
fn item_selector_then_item_batcher_in_jsonata() {
    let map = json!({
        "Type": "Map", "QueryLanguage": "JSONata", "Items": "{% $states.input.ids %}",
        "ItemSelector": {"id": "{% $states.context.Map.Item.Value %}", "at": "{% $states.context.Map.Item.Index %}"},
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"run": "{% $states.input.run %}"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
                          "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true
    });
    let r = ask(request(
        map,
        json!({"ids": ["x", "y", "z"], "run": 7}),
        "TRACE",
    ));
    let data = &r["inspectionData"];
    assert_eq!(
        data["afterItemSelector"],
        json!([{"id": "x", "at": 0}, {"id": "y", "at": 1}, {"id": "z", "at": 2}])
    );
    assert_eq!(
        data["afterItemBatcher"],
        json!([
            {"BatchInput": {"run": 7}, "Items": [{"id": "x", "at": 0}, {"id": "y", "at": 1}]},
            {"BatchInput": {"run": 7}, "Items": [{"id": "z", "at": 2}]}
        ])
    );
    assert_eq!(r["status"], "SUCCEEDED");
}

/// Neither field for a Map that declares neither, nor for one whose items an `ItemReader`
/// reads (the request carries the source only as `mapItemReaderData`); a selector that
/// fails leaves the field out and does not change the answer.
#[test]
fn only_when_declared_and_computable() {
    let plain = json!({"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true});
    let r = ask(request(plain, json!([1]), "DEBUG"));
    assert_eq!(r["inspectionData"].get("afterItemSelector"), None);
    assert_eq!(r["inspectionData"].get("afterItemBatcher"), None);

    let failing = json!({"Type": "Map", "ItemSelector": {"x.$": "$.missing"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true});
    let r = ask(request(failing, json!([1]), "DEBUG"));
    assert_eq!(r["inspectionData"].get("afterItemSelector"), None);
    assert_eq!(r["status"], "SUCCEEDED");

    let mut reader = item_reader_machine();
    reader["States"]["State0"]["ItemSelector"] =
        json!({"v": "{% $states.context.Map.Item.Value %}"});
    let body = json!({"definition": text(reader), "stateName": "State0", "inspectionLevel": "DEBUG",
        "input": r#"{"Bucket":"b","Key":"k"}"#, "mock": {"result": "[]"},
        "stateConfiguration": {"mapItemReaderData": "[1, 2]"}});
    let r = ask(body);
    assert_eq!(r["inspectionData"].get("afterItemSelector"), None, "{r}");
}
