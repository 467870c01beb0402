//! Distributed Map behaviours no AWS recording covers (the recorded ones are
//! `dmap_conformance.rs`): readers, batches, result writers, Map Run events and tolerated
//! failures, each with the expected value taken from AWS's developer guide (cited per test).

mod common;

use asl_core::exec::{prepare, ExecOptions, Execution, RunRequest};
use serde_json::{json, Value};

/// A mock file holding `s3` and one test case mapping `mocked` states to responses.
fn mocks(s3: Value, mocked: Value, responses: Value) -> String {
    json!({
        "StateMachines": {"M": {"TestCases": {"T": mocked}}},
        "MockedResponses": responses,
        "x-asl-playground": {"s3": s3}
    })
    .to_string()
}

fn run(definition: &Value, input: &Value, mocks: &str) -> (Value, Execution) {
    let (definition, input) = (definition.to_string(), input.to_string());
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: Some(mocks),
        state_machine: None,
        test_case: None,
        options: ExecOptions::default(),
    };
    let mut exec = match prepare(&request) {
        Ok(exec) => exec,
        Err(e) => panic!("setup failed: {:?}", e.diagnostics),
    };
    exec.run_to_end();
    let out = match exec.output() {
        Some(o) => json!({"status": exec.status().as_str(), "output": o}),
        None => json!({
            "status": exec.status().as_str(),
            "error": exec.error().map(|e| e.error.clone()),
            "cause": exec.error().and_then(|e| e.cause.clone()),
        }),
    };
    (out, exec)
}

use common::distributed_map as machine;

fn reader(config: Value, key: &str) -> Value {
    json!({
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": config,
        "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Key": key}
    })
}

fn output(result: &Value) -> &Value {
    assert_eq!(result["status"], "SUCCEEDED", "{result}");
    &result["output"]
}

/// The example of "ItemBatcher (Map)": items of a JSON file in batches with a `BatchInput`.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html>
#[test]
fn batches_carry_items_and_the_declared_batch_input() {
    let items = json!([
        {"verdict": "true", "statement_date": "6/11/2008", "statement_source": "speech"},
        {"verdict": "false", "statement_date": "6/7/2022", "statement_source": "television"},
        {"verdict": "mostly-true", "statement_date": "5/18/2016", "statement_source": "news"}
    ]);
    let def = machine(
        json!({
            "ItemReader": reader(json!({"InputType": "JSON"}), "factcheck.json"),
            "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"factCheck": "TRUE"}}
        }),
        None,
    );
    let s3 = json!({"amzn-s3-demo-bucket": {"factcheck.json": items}});
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(
        output(&result),
        &json!([
            {"BatchInput": {"factCheck": "TRUE"}, "Items": [items[0], items[1]]},
            {"BatchInput": {"factCheck": "TRUE"}, "Items": [items[2]]}
        ])
    );
}

/// `MaxInputBytesPerBatch` closes a batch before it would exceed the byte limit.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html>
#[test]
fn batches_close_at_the_byte_limit() {
    // `{"Items":[]}` is 12 bytes, each `"aaaa"` 6, plus a comma between two.
    let def = machine(json!({"ItemBatcher": {"MaxInputBytesPerBatch": 25}}), None);
    let (result, _) = run(
        &def,
        &json!(["aaaa", "bbbb", "cccc"]),
        &mocks(json!({}), json!({}), json!({})),
    );
    assert_eq!(
        output(&result),
        &json!([{"Items": ["aaaa", "bbbb"]}, {"Items": ["cccc"]}])
    );
}

/// JSON Lines: one item per line.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn jsonl_files_give_one_item_per_line() {
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "JSONL"}), "data.jsonl")}),
        None,
    );
    let s3 = json!({"amzn-s3-demo-bucket": {"data.jsonl": "{\"id\": 1}\n{\"id\": 2}\n\n[3]\n"}});
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(output(&result), &json!([{"id": 1}, {"id": 2}, [3]]));
}

/// `CSVDelimiter` PIPE, SEMICOLON, SPACE and TAB, and quoted fields (values stay strings).
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn csv_delimiters_and_quoted_fields() {
    for (name, sep) in [
        ("PIPE", "|"),
        ("SEMICOLON", ";"),
        ("SPACE", " "),
        ("TAB", "\t"),
        ("COMMA", ","),
    ] {
        let text = format!("id{sep}name\n1{sep}\"Smith{sep} \"\"J\"\"\"\n");
        let def = machine(
            json!({"ItemReader": reader(json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": name}), "a.csv")}),
            None,
        );
        let s3 = json!({"amzn-s3-demo-bucket": {"a.csv": text}});
        let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
        assert_eq!(
            output(&result),
            &json!([{"id": "1", "name": format!("Smith{sep} \"J\"")}]),
            "{name}"
        );
    }
}

/// An S3 Inventory manifest: items are the rows of its CSV files, named by `fileSchema`.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn s3_inventory_manifests_read_their_csv_files() {
    let manifest = json!({
        "sourceBucket": "amzn-s3-demo-source-bucket",
        "destinationBucket": "arn:aws:s3:::amzn-s3-demo-inventory",
        "version": "2016-11-30",
        "fileFormat": "CSV",
        "fileSchema": "Bucket, Key, Size, LastModifiedDate",
        "files": [{"key": "inventory/data/part-1.csv", "size": 2, "MD5checksum": "x"}]
    });
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "MANIFEST"}), "inventory/manifest.json")}),
        None,
    );
    let s3 = json!({
        "amzn-s3-demo-bucket": {"inventory/manifest.json": manifest},
        "amzn-s3-demo-inventory": {"inventory/data/part-1.csv":
            "\"amzn-s3-demo-source-bucket\",\"a.txt\",\"12\",\"2024-01-01T00:00:00.000Z\"\n"}
    });
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(
        output(&result),
        &json!([{"Bucket": "amzn-s3-demo-source-bucket", "Key": "a.txt", "Size": "12",
                 "LastModifiedDate": "2024-01-01T00:00:00.000Z"}])
    );
}

/// `s3:listObjectsV2`: the objects under `Prefix`, with ListObjectsV2's field names.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn listings_give_the_objects_under_the_prefix() {
    let def = machine(
        json!({"ItemReader": {
            "Resource": "arn:aws:states:::s3:listObjectsV2",
            "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Prefix": "processData"}
        }}),
        None,
    );
    let s3 = json!({"amzn-s3-demo-bucket": {"processData/a.jpg": "hello", "other/b.jpg": "x"}});
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(
        output(&result),
        &json!([{
            "Etag": "\"5d41402abc4b2a76b9719d911017c592\"",
            "Key": "processData/a.jpg",
            "LastModified": 1_704_067_200,
            "Size": 5,
            "StorageClass": "STANDARD"
        }])
    );
}

/// A missing object fails the Map with `States.ItemReaderFailed`, which a catcher sees.
#[test]
fn a_missing_object_is_an_item_reader_failure() {
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "JSON"}), "nope.json")}),
        None,
    );
    let (result, _) = run(
        &def,
        &json!({}),
        &mocks(json!({"amzn-s3-demo-bucket": {}}), json!({}), json!({})),
    );
    assert_eq!(result["error"], "States.ItemReaderFailed");
    assert!(
        result["cause"].as_str().unwrap_or("").contains("NoSuchKey"),
        "{result}"
    );
}

/// A test case may mock the reader's call by the Map state's name (here: access denied).
#[test]
fn the_reader_call_can_be_mocked_by_the_map_state_name() {
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "JSON"}), "a.json")}),
        None,
    );
    let m = mocks(
        json!({}),
        json!({"Map": "Denied"}),
        json!({"Denied": {"0": {"Throw": {"Error": "S3.AccessDeniedException", "Cause": "Access Denied"}}}}),
    );
    let (result, _) = run(&def, &json!({}), &m);
    assert_eq!(result["error"], "States.ItemReaderFailed");
    assert!(result["cause"]
        .as_str()
        .unwrap_or("")
        .contains("S3.AccessDeniedException"));
}

fn failing_children(tolerated: Value) -> (Value, Execution) {
    let processor = json!({"StartAt": "Work", "States": {"Work": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}});
    let mut fields = json!({"ItemsPath": "$.items"});
    if let (Some(f), Some(t)) = (fields.as_object_mut(), tolerated.as_object()) {
        f.extend(t.clone());
    }
    let def = machine(fields, Some(processor));
    let m = mocks(
        json!({}),
        json!({"Work": "Flaky"}),
        json!({"Flaky": {
            "0": {"Return": {"Payload": "ok"}},
            "1-2": {"Throw": {"Error": "Lambda.Unknown", "Cause": "boom"}},
            "3": {"Return": {"Payload": "ok"}}
        }}),
    );
    run(&def, &json!({"items": [1, 2, 3, 4]}), &m)
}

/// Two of four children fail: 1 tolerated fails the Map, 50 % tolerated does not.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html#maprun-fail-threshold>
#[test]
fn failures_past_the_tolerated_threshold_fail_the_map() {
    let (result, exec) = failing_children(json!({"ToleratedFailureCount": 1}));
    assert_eq!(result["error"], "States.ExceedToleratedFailureThreshold");
    let types: Vec<_> = exec.events().iter().map(|e| e.event_type).collect();
    assert!(types.contains(&"MapRunFailed"), "{types:?}");
    let (result, _) = failing_children(json!({"ToleratedFailurePercentage": 50}));
    let out = output(&result);
    assert_eq!(out[1]["Error"], "Lambda.Unknown");
    assert_eq!(out[0]["Payload"], "ok");
}

/// The parent's history has the Map Run events and no iteration events (children are
/// executions of their own).
/// <https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html>
#[test]
fn the_parent_history_has_map_run_events() {
    let def = machine(json!({}), None);
    let (_, exec) = run(
        &def,
        &json!([1, 2]),
        &mocks(json!({}), json!({}), json!({})),
    );
    let types: Vec<_> = exec.events().iter().map(|e| e.event_type).collect();
    let at = |t: &str| types.iter().position(|x| *x == t);
    assert!(at("MapStateStarted") < at("MapRunStarted"));
    assert!(at("MapRunStarted") < at("MapRunSucceeded"));
    assert!(at("MapRunSucceeded") < at("MapStateSucceeded"));
    assert_eq!(at("MapIterationStarted"), None);
    let started = exec
        .events()
        .iter()
        .find(|e| e.event_type == "MapRunStarted");
    let arn = started.map(|e| e.to_json()["mapRunStartedEventDetails"]["mapRunArn"].clone());
    assert!(
        arn.as_ref().and_then(Value::as_str).is_some_and(
            |a| a.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/Map:")
        ),
        "{arn:?}"
    );
}

/// `ResultWriter` with a bucket: the manifest and result files, and the Map's output.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html>
#[test]
fn result_writer_exports_manifest_and_result_files() {
    let def = machine(
        json!({"ResultWriter": {
            "Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "amzn-s3-demo-destination-bucket", "Prefix": "csvProcessJobs"}
        }}),
        None,
    );
    let (result, exec) = run(
        &def,
        &json!([{"a": 1}]),
        &mocks(json!({}), json!({}), json!({})),
    );
    let out = output(&result);
    let run_arn = out["MapRunArn"].as_str().unwrap_or_default().to_owned();
    let run_id = run_arn.rsplit(':').next().unwrap_or_default();
    assert_eq!(
        out["ResultWriterDetails"]["Bucket"],
        "amzn-s3-demo-destination-bucket"
    );
    let key = format!("csvProcessJobs/{run_id}/manifest.json");
    assert_eq!(out["ResultWriterDetails"]["Key"], key.as_str());
    let store = exec.s3().expect("the host keeps a virtual S3");
    let text = |k: &str| {
        let objects: Vec<_> = store.objects().filter(|(_, key, _)| *key == k).collect();
        serde_json::from_str::<Value>(objects.first().map_or("null", |o| o.2))
            .unwrap_or(Value::Null)
    };
    let manifest = text(&key);
    assert_eq!(
        manifest["DestinationBucket"],
        "amzn-s3-demo-destination-bucket"
    );
    assert_eq!(manifest["MapRunArn"], run_arn.as_str());
    let succeeded_key = format!("csvProcessJobs/{run_id}/SUCCEEDED_0.json");
    assert_eq!(
        manifest["ResultFiles"]["SUCCEEDED"][0]["Key"],
        succeeded_key.as_str()
    );
    assert_eq!(manifest["ResultFiles"]["FAILED"], json!([]));
    assert_eq!(manifest["ResultFiles"]["PENDING"], json!([]));
    let entries = text(&succeeded_key);
    assert_eq!(entries[0]["Status"], "SUCCEEDED");
    assert_eq!(entries[0]["Input"], "{\"a\":1}");
    assert_eq!(entries[0]["Output"], "{\"a\":1}");
    assert_eq!(entries[0]["InputDetails"], json!({"Included": true}));
    // The run reports what it wrote, in the mock file's format.
    let written = store.written_json().unwrap_or(Value::Null);
    assert!(written["s3"]["amzn-s3-demo-destination-bucket"][&key].is_string());
}

/// `WriterConfig` alone reshapes the result inline: FLATTEN spreads array outputs.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html>
#[test]
fn writer_config_without_a_bucket_transforms_inline() {
    let def = machine(
        json!({"ResultWriter": {"WriterConfig": {"Transformation": "FLATTEN", "OutputType": "JSON"}}}),
        None,
    );
    let (result, _) = run(
        &def,
        &json!([[1, 2], [3], 4]),
        &mocks(json!({}), json!({}), json!({})),
    );
    assert_eq!(output(&result), &json!([1, 2, 3, 4]));
    let def = machine(
        json!({"ResultWriter": {"WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSON"}}}),
        None,
    );
    let (result, _) = run(
        &def,
        &json!([[1, 2], [3]]),
        &mocks(json!({}), json!({}), json!({})),
    );
    assert_eq!(output(&result), &json!([[1, 2], [3]]));
}

/// EXPRESS children run as STANDARD ones do (no recording: AWS's semantics differ only in
/// execution guarantees the playground does not model).
/// <https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html>
#[test]
fn express_children_run() {
    let mut def = machine(json!({}), None);
    def["States"]["Map"]["ItemProcessor"]["ProcessorConfig"]["ExecutionType"] = json!("EXPRESS");
    let (result, _) = run(
        &def,
        &json!([1, 2]),
        &mocks(json!({}), json!({}), json!({})),
    );
    assert_eq!(output(&result), &json!([1, 2]));
}

/// Unmocked S3 SDK tasks use the same virtual S3: a put then a get returns the body, with
/// the SDK's field names.
/// <https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html>
#[test]
fn unmocked_s3_tasks_read_and_write_the_virtual_s3() {
    let def = json!({"StartAt": "Put", "States": {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                "Parameters": {"Bucket": "b", "Key": "k.txt", "Body": "hello"}, "ResultPath": null, "Next": "Get"},
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Parameters": {"Bucket": "b", "Key": "k.txt"}, "End": true}
    }});
    let (result, exec) = run(
        &def,
        &json!({}),
        &mocks(json!({"b": {}}), json!({}), json!({})),
    );
    let out = output(&result);
    assert_eq!(out["Body"], "hello");
    assert_eq!(out["ETag"], "\"5d41402abc4b2a76b9719d911017c592\"");
    assert_eq!(out["ContentLength"], 5);
    let written: Vec<_> = exec
        .s3()
        .map(|s| s.written().map(|(_, k, _)| k.to_owned()).collect())
        .unwrap_or_default();
    assert_eq!(written, ["k.txt"]);
}

/// `ItemsPointer` picks the array inside a JSON file (a JSON Pointer).
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn items_pointer_selects_the_array_in_a_json_file() {
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "JSON", "ItemsPointer": "/data/rows"}), "a.json")}),
        None,
    );
    let s3 = json!({"amzn-s3-demo-bucket": {"a.json": {"data": {"rows": [1, 2]}}}});
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(output(&result), &json!([1, 2]));
}

/// An Athena data manifest lists `s3://` URIs, each file read as CSV with `CSVHeaders`.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn athena_manifests_list_their_data_files() {
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "MANIFEST", "ManifestType": "ATHENA_DATA",
            "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["name", "score"]}), "q/manifest.csv")}),
        None,
    );
    let s3 = json!({"amzn-s3-demo-bucket": {
        "q/manifest.csv": "s3://amzn-s3-demo-bucket/q/1.csv\ns3://amzn-s3-demo-bucket/q/2.csv\n",
        "q/1.csv": "a,1\n", "q/2.csv": "b,2\n"}});
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(
        output(&result),
        &json!([{"name": "a", "score": "1"}, {"name": "b", "score": "2"}])
    );
}

/// A JSONata Distributed Map names its object with `Arguments` and may compute `MaxItems`.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>
#[test]
fn jsonata_readers_take_arguments() {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "Map", "States": {"Map": {
        "Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": "{% 1 + 1 %}"},
            "Arguments": {"Bucket": "{% $states.input.bucket %}", "Key": "a.csv"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}}});
    let s3 = json!({"b": {"a.csv": "x\n1\n2\n3\n"}});
    let (result, _) = run(
        &def,
        &json!({"bucket": "b"}),
        &mocks(s3, json!({}), json!({})),
    );
    assert_eq!(output(&result), &json!([{"x": "1"}, {"x": "2"}]));
}

/// Malformed files fail the Map with `States.ItemReaderFailed` and say where, never panic.
#[test]
fn malformed_files_are_reader_failures_with_a_position() {
    for (input_type, body, needle) in [
        ("CSV", "a,b\n\"open,1\n", "line"),
        ("JSON", "{\"not\": \"an array\"}", "array"),
        ("JSON", "[1, 2", "not valid JSON"),
        ("JSONL", "{\"a\": 1}\nnot json\n", "line 2"),
        ("PARQUET", "PAR1", "PARQUET"),
    ] {
        let def = machine(
            json!({"ItemReader": reader(json!({"InputType": input_type}), "f")}),
            None,
        );
        let s3 = json!({"amzn-s3-demo-bucket": {"f": body}});
        let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
        assert_eq!(
            result["error"], "States.ItemReaderFailed",
            "{input_type}: {result}"
        );
        let cause = result["cause"].as_str().unwrap_or_default();
        assert!(cause.contains(needle), "{input_type}: {cause}");
    }
}

/// The virtual S3's object limit (docs/limits.md): a larger object in a mock file is a
/// setup error naming it.
#[test]
fn objects_larger_than_the_limit_are_refused_in_the_mock_file() {
    let big = "x".repeat(asl_core::limits::MAX_S3_OBJECT_BYTES + 1);
    let text = mocks(json!({"b": {"big.csv": big}}), json!({}), json!({}));
    let problems = asl_core::mocks::MockConfig::parse(&text).expect_err("refused");
    assert_eq!(problems[0].code, "MOCKS_S3");
    assert!(
        problems[0].message.contains("at most 16777216"),
        "{}",
        problems[0].message
    );
    assert_eq!(problems[0].pointer, "/x-asl-playground/s3/b/big.csv");
}

/// A mocked reader call answers with the S3 response: `Body` for getObject.
#[test]
fn a_mocked_reader_response_is_the_file() {
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "CSV"}), "a.csv")}),
        None,
    );
    let m = mocks(
        json!({}),
        json!({"Map": "File"}),
        json!({"File": {"0": {"Return": {"Body": "k\nv\n", "ContentType": "text/csv"}}}}),
    );
    let (result, _) = run(&def, &json!({}), &m);
    assert_eq!(output(&result), &json!([{"k": "v"}]));
}

/// A child's input is an execution input: over the 256 KiB quota it fails the Map with
/// `States.DataLimitExceeded`; batches without `MaxInputBytesPerBatch` stay under it.
/// <https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html>
#[test]
fn children_inputs_are_bounded_by_the_payload_quota() {
    let row = "x".repeat(100_000);
    let text = format!("v\n{row}\n{row}\n{row}\n");
    let s3 = json!({"amzn-s3-demo-bucket": {"a.csv": text}});
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "CSV"}), "a.csv"),
               "ItemBatcher": {"MaxItemsPerBatch": 10},
               "ItemSelector": {"len.$": "States.ArrayLength(States.StringSplit($$.Map.Item.Value.v, 'y'))"}}),
        None,
    );
    let (result, _) = run(&def, &json!({}), &mocks(s3.clone(), json!({}), json!({})));
    assert_eq!(
        output(&result),
        &json!([{"Items": [{"len": 1}, {"len": 1}, {"len": 1}]}])
    );
    // Without the selector the rows themselves are batched: two fit in 256 KiB, not three.
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "CSV"}), "a.csv"), "ItemBatcher": {"MaxItemsPerBatch": 10}}),
        Some(
            json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "States.ArrayLength($.Items)"}, "End": true}}}),
        ),
    );
    let (result, _) = run(&def, &json!({}), &mocks(s3.clone(), json!({}), json!({})));
    assert_eq!(output(&result), &json!([{"n": 2}, {"n": 1}]));
    let big = "x".repeat(300_000);
    let s3 = json!({"amzn-s3-demo-bucket": {"a.json": [big]}});
    let def = machine(
        json!({"ItemReader": reader(json!({"InputType": "JSON"}), "a.json")}),
        None,
    );
    let (result, _) = run(&def, &json!({}), &mocks(s3, json!({}), json!({})));
    assert_eq!(result["error"], "States.DataLimitExceeded", "{result}");
}
