//! Validation that follows AWS in both directions (issue 14): definitions that Step Functions
//! deploys and runs must not be refused (at most warned about), and definitions it refuses at
//! creation must be reported. Every definition here is written for the test.

mod common;

use asl_core::paths::Path;
use asl_core::validate::validate;
use asl_core::Doc;
use serde_json::{json, Value};

use common::diagnostic_codes as diagnostics;

fn pass_with(parameters: Value) -> String {
    json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": parameters, "End": true}}})
        .to_string()
}

fn machine(states: Value) -> String {
    let first = states
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    json!({"StartAt": first, "States": states}).to_string()
}

const LAMBDA: &str = "arn:aws:states:::lambda:invoke";

#[test]
fn jayway_dot_bracket_paths_are_accepted() {
    for path in [
        "$.[0]",
        "$.Snapshots.[0].State",
        "$.[?(@.OU > 0)]",
        "$.[*].['bucket', 'key']",
        "$.a.['b c']",
        "$..[0]",
    ] {
        let text = pass_with(json!({ "x.$": path }));
        assert_eq!(diagnostics(&text), Vec::<String>::new(), "{path}");
    }
    let text = pass_with(json!({"x.$": "States.StringToJson($.[0].body)"}));
    assert_eq!(diagnostics(&text), Vec::<String>::new());
    // As a reference path too (Jayway compiles `$.[0]` as `$[0]`).
    let text = machine(json!({"A": {"Type": "Pass", "ResultPath": "$.a.[0]", "End": true}}));
    assert_eq!(diagnostics(&text), Vec::<String>::new());
    // A dot followed by nothing stays an error.
    let text = pass_with(json!({"x.$": "$.a."}));
    assert_eq!(
        diagnostics(&text),
        ["INVALID_JSON_PATH /States/A/Parameters/x.$"]
    );
}

#[test]
fn jayway_dot_bracket_paths_evaluate_as_jayway() {
    let doc = Doc::from(json!([
        {"bucket": "b1", "key": "k1", "OU": 2, "body": "{\"n\":1}"},
        {"bucket": "b2", "key": "k2", "OU": 0},
    ]));
    let cases = [
        ("$.[0].bucket", json!("b1")),
        ("$.[1].key", json!("k2")),
        ("$.[?(@.OU > 0)].bucket", json!(["b1"])),
        (
            "$.[*].['bucket', 'key']",
            json!([{"bucket": "b1", "key": "k1"}, {"bucket": "b2", "key": "k2"}]),
        ),
    ];
    for (path, expected) in cases {
        let parsed = Path::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let got = parsed
            .select_in(&doc)
            .unwrap_or_else(|e| panic!("{path}: {}", e.message));
        assert_eq!(got.to_value(), expected, "{path}");
    }
    let nested = Doc::from(json!({"Snapshots": [{"State": "completed"}]}));
    let parsed = Path::parse("$.Snapshots.[0].State").expect("parses");
    assert_eq!(
        parsed.select_in(&nested).map(|d| d.to_value()).ok(),
        Some(json!("completed"))
    );
}

#[test]
fn states_prefixed_error_names_are_only_warned_about() {
    let text = machine(json!({
        "T": {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f"},
              "Retry": [{"ErrorEquals": ["States.QuorumMet"]}],
              "Catch": [{"ErrorEquals": ["States.QuorumMet"], "Next": "F"}], "End": true},
        "F": {"Type": "Fail", "Error": "States.QuorumMet", "Cause": "c"}
    }));
    assert_eq!(
        diagnostics(&text),
        [
            "?INVALID_ERROR_NAME /States/T/Retry/0/ErrorEquals/0",
            "?INVALID_ERROR_NAME /States/T/Catch/0/ErrorEquals/0",
            "?INVALID_ERROR_NAME /States/F/Error",
        ]
    );
    assert!(validate(&text).is_valid());
    // Predefined names, including the HTTP Task's status-code family, pass silently.
    let text = machine(json!({
        "T": {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f"},
              "Retry": [{"ErrorEquals": ["States.Http.StatusCode.409", "States.TaskFailed", "States.QueryEvaluationError"]}],
              "End": true},
    }));
    assert_eq!(diagnostics(&text), Vec::<String>::new());
}

#[test]
fn heartbeat_equal_to_timeout_is_a_warning_larger_an_error() {
    let task = |hb: u32| {
        machine(
            json!({"T": {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f"},
            "TimeoutSeconds": 30, "HeartbeatSeconds": hb, "End": true}}),
        )
    };
    assert_eq!(diagnostics(&task(29)), Vec::<String>::new());
    assert_eq!(
        diagnostics(&task(30)),
        ["?SCHEMA_VALIDATION_FAILED /States/T/HeartbeatSeconds"]
    );
    assert_eq!(
        diagnostics(&task(31)),
        ["SCHEMA_VALIDATION_FAILED /States/T/HeartbeatSeconds"]
    );
}

#[test]
fn dollar_key_in_jsonata_output_is_kept_with_a_warning() {
    let text = machine(json!({
        "P": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"a.$": "$.x", "b": "{% 1 %}"}, "End": true}
    }));
    assert_eq!(
        diagnostics(&text),
        ["?QUERY_LANGUAGE_MISMATCH /States/P/Output/a.$"]
    );
    assert!(validate(&text).is_valid());
}

#[test]
fn intrinsic_literal_arguments_of_the_wrong_type_are_refused() {
    for call in [
        "States.MathAdd(1, '-1')",
        "States.MathAdd('1', 2)",
        "States.ArrayGetItem($.a, '0')",
        "States.ArrayPartition($.a, true)",
        "States.ArrayRange(1, '5', 1)",
        "States.ArrayLength(3)",
        "States.StringSplit($.s, 1)",
        "States.Base64Encode(12)",
        "States.JsonMerge($.a, $.b, 'false')",
        "States.MathRandom(1, null)",
        "States.Format(States.MathAdd(1, 'x'))",
    ] {
        let text = pass_with(json!({ "x.$": call }));
        assert_eq!(
            diagnostics(&text),
            ["INVALID_INTRINSIC /States/A/Parameters/x.$"],
            "{call}"
        );
    }
    for call in [
        "States.MathAdd(1, -1)",
        "States.MathAdd($.a, 1)",
        "States.ArrayGetItem($.a, 0)",
        "States.StringSplit('a,b', ',')",
        "States.JsonMerge($.a, $.b, false)",
        "States.Format('{}', 1)",
        "States.Array(1, 'a', true, null)",
        "States.ArrayContains($.a, 'x')",
        "States.MathAdd(States.ArrayLength($.a), 1)",
    ] {
        let text = pass_with(json!({ "x.$": call }));
        assert_eq!(diagnostics(&text), Vec::<String>::new(), "{call}");
    }
}

fn distributed_map(reader_config: Value, batcher: Option<Value>) -> String {
    let mut map = json!({
        "Type": "Map",
        "ItemReader": {
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": reader_config,
            "Parameters": {"Bucket": "b", "Key": "k"}
        },
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": true}}
        },
        "End": true
    });
    if let Some(b) = batcher {
        map["ItemBatcher"] = b;
    }
    machine(json!({ "M": map }))
}

#[test]
fn reader_config_max_items_and_its_path_are_exclusive() {
    let ok = distributed_map(json!({"InputType": "JSON", "MaxItems": 10}), None);
    assert_eq!(diagnostics(&ok), Vec::<String>::new());
    let ok = distributed_map(json!({"InputType": "JSON", "MaxItemsPath": "$.n"}), None);
    assert_eq!(diagnostics(&ok), Vec::<String>::new());
    let both = distributed_map(
        json!({"InputType": "JSON", "MaxItems": 10, "MaxItemsPath": "$.n"}),
        None,
    );
    assert_eq!(
        diagnostics(&both),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemReader/ReaderConfig/MaxItemsPath"]
    );
    let too_many = distributed_map(json!({"MaxItems": 100_000_001}), None);
    assert_eq!(
        diagnostics(&too_many),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemReader/ReaderConfig/MaxItems"]
    );
    let bad_path = distributed_map(json!({"MaxItemsPath": "n"}), None);
    assert_eq!(
        diagnostics(&bad_path),
        ["INVALID_JSON_PATH /States/M/ItemReader/ReaderConfig/MaxItemsPath"]
    );
}

#[test]
fn item_batcher_pairs_are_exclusive_and_one_bound_is_required() {
    let with = |b: Value| distributed_map(json!({"InputType": "JSON"}), Some(b));
    assert_eq!(
        diagnostics(&with(
            json!({"MaxItemsPerBatch": 5, "MaxInputBytesPerBatchPath": "$.b"})
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        diagnostics(&with(
            json!({"MaxItemsPerBatch": 5, "MaxItemsPerBatchPath": "$.n"})
        )),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemBatcher/MaxItemsPerBatchPath"]
    );
    assert_eq!(
        diagnostics(&with(
            json!({"MaxInputBytesPerBatch": 1024, "MaxInputBytesPerBatchPath": "$.b"})
        )),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemBatcher/MaxInputBytesPerBatchPath"]
    );
    assert_eq!(
        diagnostics(&with(json!({"MaxInputBytesPerBatch": 262_145}))),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemBatcher/MaxInputBytesPerBatch"]
    );
    assert_eq!(
        diagnostics(&with(json!({"BatchInput": {"a": 1}}))),
        ["SCHEMA_VALIDATION_FAILED /States/M/ItemBatcher"]
    );
}

#[test]
fn unreachable_states_are_refused() {
    // AWS: "MISSING_TRANSITION_TARGET: State \"B\" is not reachable."
    let text = machine(json!({"A": {"Type": "Pass", "End": true}, "B": {"Type": "Succeed"}}));
    assert_eq!(diagnostics(&text), ["UNREACHABLE_STATE /States/B"]);
    assert!(!validate(&text).is_valid());
    // Reached through a catcher or a Choice default: fine.
    let text = machine(json!({
        "A": {"Type": "Task", "Resource": LAMBDA, "Parameters": {"FunctionName": "f"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}], "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "D"}], "Default": "D"},
        "C": {"Type": "Fail"},
        "D": {"Type": "Succeed"}
    }));
    assert_eq!(diagnostics(&text), Vec::<String>::new());
}

#[test]
fn duplicate_keys_are_reported_never_silent() {
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Type": "Pass",
        "Parameters": {"x": 1, "x": 2}, "End": true}}}"#;
    assert_eq!(
        diagnostics(text),
        [
            "?DUPLICATE_KEY /States/A/Type",
            "?DUPLICATE_KEY /States/A/Parameters/x"
        ]
    );
    // A repeated state name is a duplicate state name (an error), not a duplicate key.
    let text =
        r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "A": {"Type": "Succeed"}}}"#;
    assert_eq!(diagnostics(text), ["DUPLICATE_STATE_NAMES /States/A"]);
    // Inside arrays, and with keys that need escaping in a pointer.
    let text = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass",
        "Parameters": {"l": [0, {"a~/b": 1, "a~/b": 2}]}, "End": true}}}"#;
    assert_eq!(
        diagnostics(text),
        ["?DUPLICATE_KEY /States/A/Parameters/l/1/a~0~1b"]
    );
}

fn inline_map(label: &str, inner: &str) -> Value {
    json!({"Type": "Map", "Label": label, "ItemProcessor": {"StartAt": inner,
        "States": {inner: {"Type": "Pass", "End": true}}}, "End": true})
}

#[test]
fn map_labels_follow_the_naming_rules_and_are_unique() {
    let one = |label: &str| machine(json!({ "M": inline_map(label, "I") }));
    assert_eq!(diagnostics(&one("batch-1_A")), Vec::<String>::new());
    let forty = "x".repeat(40);
    assert_eq!(diagnostics(&one(&forty)), Vec::<String>::new());
    for bad in ["", "has space", "a/b", "a:b", "a$", "q?", &"x".repeat(41)] {
        assert_eq!(
            diagnostics(&one(bad)),
            ["INVALID_LABEL_NAME /States/M/Label"],
            "{bad:?}"
        );
    }
    let mut second = inline_map("L", "J");
    second["End"] = json!(true);
    let mut first = inline_map("L", "I");
    first.as_object_mut().map(|o| o.remove("End"));
    first["Next"] = json!("N");
    let text = machine(json!({"M": first, "N": second}));
    assert_eq!(diagnostics(&text), ["DUPLICATE_LABEL_NAME /States/N/Label"]);
}

#[test]
fn aws_warning_codes_pass_result_is_static_and_no_path() {
    // LocalStack's AWS-recorded cases use `"TestResult.$"` in a Pass `Result`: accepted and
    // kept literally, which is what AWS's PASS_RESULT_IS_STATIC warns about.
    let text = machine(
        json!({"P": {"Type": "Pass", "Result": {"TestResult.$": "ConditionTrue"}, "End": true}}),
    );
    assert_eq!(
        diagnostics(&text),
        ["?PASS_RESULT_IS_STATIC /States/P/Result/TestResult.$"]
    );
    let text = machine(json!({"F": {"Type": "Fail", "Error": "$.error", "Cause": "plain words"}}));
    assert_eq!(diagnostics(&text), ["?NO_PATH /States/F/Error"]);
    let text = machine(json!({
        "C": {"Type": "Choice", "Choices": [
            {"Variable": "$.a", "StringEquals": "$.b", "Next": "D"},
            {"Variable": "$.a", "StringMatches": "$.b*", "Next": "D"},
            {"Variable": "$.a", "StringEquals": "$ 5", "Next": "D"}
        ], "Default": "D"},
        "D": {"Type": "Succeed"}
    }));
    assert_eq!(
        diagnostics(&text),
        ["?NO_PATH /States/C/Choices/0/StringEquals"]
    );
}

/// Every code declared in `validate/messages.rs` has a row in the code table of
/// `docs/validation.md`, and every row names a declared code, so the two cannot drift.
#[test]
fn docs_list_every_code() {
    let messages = include_str!("../src/validate/messages.rs");
    let docs = include_str!("../../../docs/validation.md");
    let declared: Vec<&str> = messages
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| l.split_once(": &str = \""))
        .map(|(_, rest)| rest.trim_end_matches("\";"))
        .collect();
    assert!(declared.len() >= 20, "codes found: {declared:?}");
    let table: Vec<&str> = docs
        .split("## Codes")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(code, _)| code)
        .collect();
    for code in &declared {
        assert!(
            table.contains(code),
            "{code} is declared in messages.rs but missing from docs/validation.md"
        );
    }
    for code in &table {
        assert!(
            declared.contains(code),
            "docs/validation.md lists {code}, which messages.rs does not declare"
        );
    }
    // Every code the validator can emit is declared (`error`/`warning` take a code constant).
    assert!(!messages.contains("error(\"") && !messages.contains("warning(\""));
}

/// The five path forms of issue 14 run end to end as Jayway evaluates them (`asl run`).
#[test]
fn jayway_dot_bracket_paths_run() {
    use asl_core::exec::{run_texts, ExecOptions, RunRequest};
    let definition = pass_with(json!({
        "first.$": "$.[0]",
        "state.$": "$.[0].Snapshots.[0].State",
        "positive.$": "$.[?(@.OU > 0)].OU",
        "pairs.$": "$.[*].['bucket', 'key']",
        "body.$": "States.StringToJson($.[0].body)"
    }));
    let input = json!([
        {"bucket": "b1", "key": "k1", "OU": 2, "body": "{\"n\":1}", "Snapshots": [{"State": "completed"}]},
        {"bucket": "b2", "key": "k2", "OU": 0}
    ])
    .to_string();
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: None,
        state_machine: None,
        test_case: None,
        options: ExecOptions::default(),
    };
    let result = run_texts(&request)
        .unwrap_or_else(|p| panic!("{:?}", p.diagnostics))
        .to_json(false, false);
    assert_eq!(result["status"], "SUCCEEDED", "{result}");
    let output = &result["output"];
    assert_eq!(output["first"]["bucket"], "b1");
    assert_eq!(output["state"], "completed");
    assert_eq!(output["positive"], json!([2]));
    assert_eq!(
        output["pairs"],
        json!([{"bucket": "b1", "key": "k1"}, {"bucket": "b2", "key": "k2"}])
    );
    assert_eq!(output["body"], json!({"n": 1}));
}
