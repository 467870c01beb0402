//! Map and Parallel states: the mock as their whole result, tolerated failures,
//! `mapItemReaderData`, `errorCausedByState`.

use serde_json::json;

use crate::*;

// --- Map and Parallel: LS test_state_configuration.snapshot.json ---

/// LS test_map_state_failure_count[DEBUG-MAP_TASK_STATE]: the mock is the Map's result;
/// failures above ToleratedFailureCount are States.ExceedToleratedFailureThreshold, retried.
#[test]
fn recorded_map_failure_count_retry() {
    let map = map_with(json!({
        "Output": {"result": "{% $map($states.result, function($v) { $v = 1 ? 'pass' : 'failed' }) %}",
                   "successCount": "{% $count($states.result[$ = 1]) %}", "failedCount": "{% $count($states.result[$ = 0]) %}"},
        "Retry": [{"ErrorEquals": ["MockException"], "MaxAttempts": 3}, {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThresholdExceeded"}]
    }));
    let below = ask(map_request(&map, 0, json!([1, 1, 1])));
    assert_eq!(
        below,
        json!({
            "output": {"result": ["pass", "pass", "pass"], "successCount": 3, "failedCount": 0},
            "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1},
            "status": "SUCCEEDED"
        })
    );
    let over = ask(map_request(&map, 2, json!([0, 0, 1])));
    assert_eq!(
        over,
        json!({
            "error": "States.ExceedToleratedFailureThreshold",
            "cause": "The specified tolerated failure threshold was exceeded",
            "inspectionData": {"input": {"Values": ["first", "second", "third"]}, "maxConcurrency": 0, "toleratedFailureCount": 1,
                               "errorDetails": {"retryBackoffIntervalSeconds": 1, "retryIndex": 1}},
            "status": "RETRIABLE"
        })
    );
}

/// LS test_map_state_failure_count[DEBUG-BASE_MAP_STATE_CATCH]: caught threshold error.
#[test]
fn recorded_map_failure_count_caught() {
    let map = map_with(json!({"Catch": [
        {"ErrorEquals": ["MockException"], "Output": "{% $states %}", "Next": "HandleMockError"},
        {"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Output": "{% $states %}", "Next": "HandleThreshold"}
    ]}));
    let r = ask(map_request(&map, 2, json!([0, 0, 1])));
    assert_eq!(r["status"], "CAUGHT_ERROR");
    assert_eq!(r["nextState"], "HandleThreshold");
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"catchIndex": 1})
    );
    assert_eq!(
        r["output"]["errorOutput"],
        json!({"Error": "States.ExceedToleratedFailureThreshold", "Cause": "The specified tolerated failure threshold was exceeded"})
    );
    // Below the threshold the mocked array is the output.
    assert_eq!(
        ask(map_request(&map, 1, json!([1, 1, 1])))["output"],
        json!([1, 1, 1])
    );
    // ToleratedFailurePercentage: 1 of 3 is 33.3 % > 30 %.
    let pct = map_with(json!({"ToleratedFailurePercentage": 30}));
    let pct = {
        let mut p = pct;
        p.as_object_mut()
            .expect("an object")
            .remove("ToleratedFailureCount");
        p
    };
    assert_eq!(
        ask(map_request(&pct, 1, json!([1, 1, 0])))["status"],
        "FAILED"
    );
    assert_eq!(
        ask(map_request(&pct, 0, json!([1, 1, 1])))["status"],
        "SUCCEEDED"
    );
}

/// LS test_state_machine_configuration_map_iteration_item_reader[DEBUG] and
/// test_state_machine_configuration_item_reader_with_error[DEBUG].
#[test]
fn recorded_map_item_reader_data_and_error_caused_by_state() {
    let base = json!({"definition": text(item_reader_machine()), "stateName": "State0", "input": r#"{"Bucket":"test-bucket","Key":"test-key"}"#,
                      "inspectionLevel": "DEBUG"});
    let mut ok = base.clone();
    ok["stateConfiguration"] = json!({"mapItemReaderData": "[1, 2, 3]"});
    ok["mock"] = json!({"result": "[1, 4, 9]"});
    assert_eq!(
        ask(ok),
        json!({
            "output": [1, 4, 9],
            "inspectionData": {"input": {"Bucket": "test-bucket", "Key": "test-key"}, "maxConcurrency": 1},
            "status": "SUCCEEDED"
        })
    );
    let mut failing = base;
    failing["stateConfiguration"] = json!({"mapIterationFailureCount": 2, "errorCausedByState": "HandleItem", "mapItemReaderData": "[1, 2, 3]"});
    failing["mock"] =
        json!({"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}});
    assert_eq!(
        ask(failing),
        json!({
            "error": "MockException", "cause": "Mock the error cause.",
            "inspectionData": {"input": {"Bucket": "test-bucket", "Key": "test-key"}, "maxConcurrency": 1},
            "status": "FAILED"
        })
    );
}

/// LS test_state_machine_with_state_error[DEBUG]: a JSONPath Map shows afterInputPath and
/// afterItemsPath.
#[test]
fn recorded_jsonpath_map_items_path() {
    let machine = json!({"StartAt": "State0", "States": {"State0": {"Type": "Map", "ItemsPath": "$.Values",
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "HandleItem",
                          "States": {"HandleItem": {"Type": "Pass", "End": true}}},
        "ToleratedFailureCount": 2, "End": true}}});
    let r = ask(
        json!({"definition": text(machine), "stateName": "State0", "input": r#"{"Values":["first","second","third"]}"#,
                       "inspectionLevel": "DEBUG",
                       "stateConfiguration": {"mapIterationFailureCount": 0, "errorCausedByState": "HandleItem"},
                       "mock": {"errorOutput": {"error": "MockException", "cause": "Mock the error cause."}}}),
    );
    let values = json!({"Values": ["first", "second", "third"]});
    assert_eq!(
        r,
        json!({
            "error": "MockException", "cause": "Mock the error cause.",
            "inspectionData": {"input": values, "afterInputPath": values, "afterItemsPath": ["first", "second", "third"],
                               "maxConcurrency": 0, "toleratedFailureCount": 2},
            "status": "FAILED"
        })
    );
}

/// A Parallel's mock is its branches' results, one per branch.
#[test]
fn parallel_mock_result() {
    let parallel = json!({"Type": "Parallel", "ResultPath": "$.branches", "Next": "After",
        "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}, {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]});
    let r = ask(
        json!({"definition": text(parallel), "input": r#"{"x":1}"#, "mock": {"result": "[1, 2]"}}),
    );
    assert_eq!(
        r,
        json!({"output": {"x": 1, "branches": [1, 2]}, "nextState": "After", "status": "SUCCEEDED"})
    );
}

/// `mapItemReaderData` is the reader's source text: a CSV file's rows count as items (less
/// the header) for `ToleratedFailurePercentage`.
#[test]
fn map_item_reader_data_in_csv() {
    let mut map = map_with(json!({
        "ItemReader": {"ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                       "Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "b", "Key": "k.csv"}},
        "ToleratedFailurePercentage": 50
    }));
    map.as_object_mut()
        .expect("an object")
        .remove("ToleratedFailureCount");
    let body = |failures: u64| {
        json!({"definition": text(map.clone()), "mock": {"result": "[1, 1, 1, 1]"},
               "stateConfiguration": {"mapItemReaderData": "id,name\n1,a\n2,b\n3,c\n4,d\n", "mapIterationFailureCount": failures}})
    };
    // 2 of 4 rows is 50 %: tolerated; 3 of 4 is not.
    assert_eq!(ask(body(2))["status"], "SUCCEEDED");
    assert_eq!(
        ask(body(3))["error"],
        "States.ExceedToleratedFailureThreshold"
    );
}

/// LS test_base_map_state_inspect[*-DEBUG]: JSONata `MaxConcurrency`,
/// `ToleratedFailurePercentage` and `ToleratedFailureCount` are evaluated (the percentage
/// shown as a decimal).
#[test]
fn recorded_map_numbers_from_jsonata() {
    for (field, key, shown) in [
        ("MaxConcurrency", "maxConcurrency", json!(1)),
        (
            "ToleratedFailurePercentage",
            "toleratedFailurePercentage",
            json!(1.0),
        ),
        ("ToleratedFailureCount", "toleratedFailureCount", json!(1)),
    ] {
        let mut map = map_with(json!({ field: "{% $number('1') %}" }));
        map.as_object_mut()
            .expect("an object")
            .remove("ToleratedFailureCount");
        map[field] = json!("{% $number('1') %}");
        let r = ask(
            json!({"definition": text(map), "input": r#"{"Values":[1,2,3]}"#, "inspectionLevel": "DEBUG",
                           "mock": {"result": "[1, 1, 1]"}}),
        );
        assert_eq!(r["inspectionData"][key], shown, "{field}");
        assert_eq!(r["status"], "SUCCEEDED");
    }
    // A JSONPath `ToleratedFailureCountPath` is read from the input.
    let machine = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCountPath": "$.tolerated",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let body = |failures: u64| {
        json!({"definition": text(machine.clone()), "stateName": "M", "input": r#"{"items":[1,2,3],"tolerated":1}"#,
               "inspectionLevel": "DEBUG", "mock": {"result": "[1, 2, 3]"}, "stateConfiguration": {"mapIterationFailureCount": failures}})
    };
    assert_eq!(ask(body(1))["inspectionData"]["toleratedFailureCount"], 1);
    assert_eq!(ask(body(2))["status"], "FAILED");
}
