//! Fields of a Distributed Map on an inline Map. `ItemReader`, `ItemBatcher` and
//! `ResultWriter` are documented only as "Distributed Map state fields" (AWS developer guide,
//! https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html; the inline
//! page, concepts-asl-use-map-state-inline, lists none of them): on a Map whose
//! `ProcessorConfig.Mode` is `INLINE` or absent they are refused. `ToleratedFailureCount` and
//! `Label` stay accepted there: AWS ran an inline Map with `ToleratedFailureCount`
//! (../shared/conformance-dmap `inline-jsonata-tolerated-count-expr`, LocalStack's
//! TestBaseEvaluateJsonata::test_base_map[TOLERATED_FAILURE_COUNT] snapshot). Every definition
//! here is written for the test.

mod common;

use std::path::{Path, PathBuf};

use asl_core::diagnostics::Severity;
use asl_core::validate::validate;
use serde_json::{json, Value};

use common::diagnostic_codes as diagnostics;

/// A Map with `fields`, whose processor has `config` as its `ProcessorConfig` (none if null).
fn map_machine(fields: Value, config: Value) -> String {
    let mut processor = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}});
    if !config.is_null() {
        processor["ProcessorConfig"] = config;
    }
    let mut map = json!({"Type": "Map", "ItemProcessor": processor, "End": true});
    for (k, v) in fields.as_object().expect("an object") {
        map[k] = v.clone();
    }
    json!({"StartAt": "M", "States": {"M": map}}).to_string()
}

/// The ItemReader of the AWS guide's example (input-output-itemreader: a CSV in S3).
fn reader() -> Value {
    json!({"ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
        "Resource": "arn:aws:states:::s3:getObject",
        "Parameters": {"Bucket": "amzn-s3-demo-bucket", "Key": "csvDataset/ratings.csv"}})
}

fn writer() -> Value {
    json!({"Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "amzn-s3-demo-destination-bucket", "Prefix": "csvProcessJobs"}})
}

const DISTRIBUTED: fn() -> Value = || json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"});

#[test]
fn reader_batcher_and_writer_are_refused_on_an_inline_map() {
    let fields = json!({"ItemReader": reader(), "ItemBatcher": {"MaxItemsPerBatch": 10},
        "ResultWriter": writer()});
    let want = [
        "SCHEMA_VALIDATION_FAILED /States/M/ItemReader",
        "SCHEMA_VALIDATION_FAILED /States/M/ItemBatcher",
        "SCHEMA_VALIDATION_FAILED /States/M/ResultWriter",
    ];
    for config in [Value::Null, json!({}), json!({"Mode": "INLINE"})] {
        assert_eq!(
            diagnostics(&map_machine(fields.clone(), config.clone())),
            want,
            "{config}"
        );
    }
    // The legacy `Iterator` is an inline Map too.
    let text = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": reader(),
        "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}})
    .to_string();
    assert_eq!(
        diagnostics(&text),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemReader"]
    );
}

#[test]
fn the_message_names_the_field_and_the_mode_to_set() {
    let report = validate(&map_machine(json!({"ItemReader": reader()}), Value::Null));
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("`ItemReader`"), "{}", d.message);
    assert!(
        d.message.contains("\"Mode\": \"DISTRIBUTED\""),
        "{}",
        d.message
    );
}

#[test]
fn the_same_fields_are_accepted_on_a_distributed_map() {
    let fields = json!({"ItemReader": reader(), "ItemBatcher": {"MaxItemsPerBatch": 10},
        "ResultWriter": writer(), "Label": "ratings", "ToleratedFailurePercentage": 5});
    assert_eq!(
        diagnostics(&map_machine(fields, DISTRIBUTED())),
        Vec::<String>::new()
    );
}

#[test]
fn tolerated_failures_and_label_stay_accepted_on_an_inline_map() {
    // As AWS ran it (conformance-dmap inline-jsonata-tolerated-count-expr).
    let fields = json!({"ToleratedFailureCount": 1, "ToleratedFailurePercentage": 10,
        "Label": "inline"});
    assert_eq!(
        diagnostics(&map_machine(fields, Value::Null)),
        Vec::<String>::new()
    );
}

#[test]
fn a_malformed_mode_is_reported_once() {
    let text = map_machine(
        json!({"ItemReader": reader()}),
        json!({"Mode": "SOMETIMES"}),
    );
    assert_eq!(
        diagnostics(&text),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemProcessor/ProcessorConfig/Mode"]
    );
}

/// Every definition AWS ran (../shared/conformance and conformance-dmap, read in place) and
/// every gallery example keeps clear of this check.
#[test]
fn no_definition_aws_ran_nor_gallery_example_is_refused() {
    let mut files: Vec<PathBuf> = Vec::new();
    for root in [
        common::files::conformance_dir(),
        common::files::conformance_dmap_dir(),
    ] {
        let cases = root.join("cases");
        let Ok(dirs) = std::fs::read_dir(&cases) else {
            common::say(&format!("{} is missing: skipped", cases.display()));
            continue;
        };
        files.extend(dirs.flatten().map(|d| d.path().join("definition.json")));
    }
    let gallery = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for dir in std::fs::read_dir(&gallery).expect("the gallery").flatten() {
        files.push(dir.path().join("definition.asl.json"));
    }
    let mut checked = 0;
    for file in &files {
        let Some(text) = common::files::read_to_string(file) else {
            continue;
        };
        checked += 1;
        for d in validate(&text).diagnostics {
            assert!(
                !d.message.contains("is a field of a Distributed Map"),
                "{}: {} {}",
                file.display(),
                d.pointer,
                d.message
            );
        }
    }
    assert!(checked >= 20, "only {checked} definitions found");
}
