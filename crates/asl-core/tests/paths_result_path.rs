//! ResultPath, reference paths and InputPath/OutputPath examples from the AWS developer guide.

use asl_core::paths::{apply_result_path, Path, ReferencePath};
use asl_core::Doc;
use serde_json::{json, Value};

fn check(input: Value, result: Value, path: Option<&str>, expected: Result<Value, &str>) {
    let parsed = path.map(|p| ReferencePath::parse(p).unwrap_or_else(|e| panic!("{p}: {e}")));
    let got = apply_result_path(Doc::from(input), Doc::from(result), parsed.as_ref());
    match (got, expected) {
        (Ok(got), Ok(expected)) => assert_eq!(got, expected, "{path:?}"),
        (Err(got), Err(name)) => {
            assert_eq!(got.error, name, "{path:?}");
            assert!(got
                .cause
                .is_some_and(|c| c.contains("Unable to apply ReferencePath")));
        }
        (got, expected) => panic!("{path:?}: got {got:?}, expected {expected:?}"),
    }
}

#[test]
fn result_path_as_documented() {
    // The "ResultPath" page of the developer guide: a Lambda returns "Hello, AWS Step Functions!".
    let input = json!({
        "comment": "This is a test of the input and output of a Task state.",
        "details": "Default example",
        "who": "AWS Step Functions"
    });
    let result = json!("Hello, AWS Step Functions!");
    let with = |key: &str, value: Value| {
        let mut out = input.clone();
        out[key] = value;
        out
    };
    let cases: Vec<(Option<&str>, Result<Value, &str>)> = vec![
        (Some("$"), Ok(result.clone())),
        (None, Ok(input.clone())),
        (Some("$.taskresult"), Ok(with("taskresult", result.clone()))),
        (
            Some("$.strings.lambdaresult"),
            Ok(with("strings", json!({"lambdaresult": result.clone()}))),
        ),
        (Some("$['comment']"), Ok(with("comment", result.clone()))),
        (Some("$.details.x"), Err("States.ResultPathMatchFailure")),
    ];
    for (path, expected) in cases {
        check(input.clone(), result.clone(), path, expected);
    }
}

#[test]
fn result_path_edges() {
    let cases: Vec<(Value, Option<&str>, Result<Value, &str>)> = vec![
        (
            json!({"a": {"b": 1}}),
            Some("$.a.c"),
            Ok(json!({"a": {"b": 1, "c": "R"}})),
        ),
        (
            json!({"a": [1, 2, 3]}),
            Some("$.a[1]"),
            Ok(json!({"a": [1, "R", 3]})),
        ),
        (
            json!({"a": [1, 2, 3]}),
            Some("$.a[-1]"),
            Ok(json!({"a": [1, 2, "R"]})),
        ),
        (
            json!({"a": [{"x": 1}]}),
            Some("$.a[0].y"),
            Ok(json!({"a": [{"x": 1, "y": "R"}]})),
        ),
        (
            json!({}),
            Some("$.a.b.c"),
            Ok(json!({"a": {"b": {"c": "R"}}})),
        ),
        (
            json!({"a": [1]}),
            Some("$.a[5]"),
            Err("States.ResultPathMatchFailure"),
        ),
        (
            json!({}),
            Some("$.a[0]"),
            Err("States.ResultPathMatchFailure"),
        ),
        (
            json!("text"),
            Some("$.a"),
            Err("States.ResultPathMatchFailure"),
        ),
        (
            json!([1, 2]),
            Some("$.a"),
            Err("States.ResultPathMatchFailure"),
        ),
        (
            json!({"a": null}),
            Some("$.a.b"),
            Err("States.ResultPathMatchFailure"),
        ),
        (
            json!({"a": 1}),
            Some("$$.a"),
            Err("States.ResultPathMatchFailure"),
        ),
        (json!("text"), Some("$"), Ok(json!("R"))),
        (json!("text"), None, Ok(json!("text"))),
    ];
    for (input, path, expected) in cases {
        check(input, json!("R"), path, expected);
    }
}

#[test]
fn failure_cause_names_path_and_input() {
    let path = ReferencePath::parse("$.a.b").expect("parses");
    let error = apply_result_path(Doc::from(json!({"a": 1})), Doc::from(2i64), Some(&path))
        .expect_err("fails");
    assert_eq!(
        error.cause.as_deref(),
        Some("Unable to apply ReferencePath $.a.b to input {\"a\":1}")
    );
}

#[test]
fn reference_paths_reject_indefinite_forms() {
    for ok in ["$", "$.a", "$['a'].b[0]", "$.a[-1]", "$$.Execution.Id"] {
        assert!(ReferencePath::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "$.a[*]",
        "$..a",
        "$.a[0:1]",
        "$.a[0,1]",
        "$.a[?(@.b)]",
        "$['a','b']",
        "$.*",
        "a",
    ] {
        assert!(ReferencePath::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn input_and_output_path_examples() {
    // The "InputPath, Parameters and ResultSelector" and "OutputPath" pages.
    let input = json!({
        "comment": "Example for InputPath.",
        "dataset1": {"val1": 1, "val2": 2, "val3": 3},
        "dataset2": {"val1": "a", "val2": "b", "val3": "c"}
    });
    let cases = [
        ("$.dataset2", json!({"val1": "a", "val2": "b", "val3": "c"})),
        ("$.dataset1.val2", json!(2)),
        ("$", input.clone()),
    ];
    for (path, expected) in cases {
        let got = Path::parse(path)
            .expect(path)
            .select_in(&Doc::from(&input))
            .expect(path);
        assert_eq!(got, expected, "{path}");
    }
    // The "Paths" page: reference-path examples over a nested document.
    let doc = json!({
        "foo": 123,
        "bar": ["a", "b", "c"],
        "car": {"cdr": true}
    });
    let cases = [
        ("$.foo", json!(123)),
        ("$.bar", json!(["a", "b", "c"])),
        ("$.car.cdr", json!(true)),
    ];
    for (path, expected) in cases {
        let got = Path::parse(path)
            .expect(path)
            .select_in(&Doc::from(&doc))
            .expect(path);
        assert_eq!(got, expected, "{path}");
    }
}
