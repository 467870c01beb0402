//! JSONata-mode field templates and the typed-field checks.

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use asl_core::jsonata::{
    evaluate_template, expect_array, expect_bool, expect_integer, expect_string, CompiledTemplate,
    Env,
};
use indexmap::IndexMap;
use serde_json::{json, Value};

/// A template and what evaluating it for `Output` gives: a value or `(location, cause)`.
type Case = (Value, Result<Value, (&'static str, &'static str)>);

/// Evaluates each template for the field `Output` and compares.
fn check(cases: &[Case]) {
    let input = json!({"title": "Doctor", "bar": null, "items": [1, 2]});
    let mut vars = IndexMap::new();
    vars.insert("customerName".to_string(), json!("María"));
    vars.insert("two".to_string(), json!(2));
    let mut failures = Vec::new();
    for (template, want) in cases {
        let env = Env::new(&input).with_variables(&vars);
        let compiled = match CompiledTemplate::compile(template) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{template}: does not compile: {e:?}"));
                continue;
            }
        };
        let got = compiled.evaluate(&env, "Output");
        let ok = match (want, &got) {
            (Ok(v), Ok(g)) => v == g,
            (Err((location, cause)), Err(e)) => {
                e.location == *location
                    && e.error.error == "States.QueryEvaluationError"
                    && e.error.cause.as_deref() == Some(*cause)
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{template}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

#[test]
fn templates() {
    check(&[
        // The example of the AWS guide ("Transforming data with JSONata").
        (
            json!({
                "static": "Hello",
                "title": "{% $states.input.title %}",
                "name": "{% $customerName %}",
                "not-evaluated": "$customerName"
            }),
            Ok(json!({
                "static": "Hello",
                "title": "Doctor",
                "name": "María",
                "not-evaluated": "$customerName"
            })),
        ),
        (json!([1, "{% $two %}", 3]), Ok(json!([1, 2, 3]))),
        (json!({"a": {"b": ["{% $two * 2 %}", {"c": "{% 'x' & 'y' %}"}]}}), Ok(json!({"a": {"b": [4, {"c": "xy"}]}}))),
        // A field that is one expression evaluates to its result, of any type.
        (json!("{% $states.input.items %}"), Ok(json!([1, 2]))),
        (json!("{% {'k': $two} %}"), Ok(json!({"k": 2}))),
        // Literals of every kind pass through.
        (json!(true), Ok(json!(true))),
        (json!(42), Ok(json!(42))),
        (json!(null), Ok(json!(null))),
        (json!("plain"), Ok(json!("plain"))),
        // Only exact delimiters make an expression.
        (json!([" {% 1 %}", "{% 1 %} ", "{%", "%}"]), Ok(json!([" {% 1 %}", "{% 1 %} ", "{%", "%}"]))),
        // null is a value: the key stays.
        (json!({"v": "{% $states.input.bar %}"}), Ok(json!({"v": null}))),
        // Undefined fails the field, naming where it sits.
        (
            json!("{% $doesNotExist %}"),
            Err(("Output", "The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).")),
        ),
        (
            json!({"result": "{% $doesNotExist %}"}),
            Err(("Output/result", "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).")),
        ),
        (
            json!({"a": {"b": [1, "{% $states.input.nope %}"]}}),
            Err(("Output/a/b[1]", "The JSONata expression '$states.input.nope' specified for the field 'Output/a/b[1]' returned nothing (undefined).")),
        ),
        (
            json!({"x": "{% 1 + 'a' %}"}),
            Err(("Output/x", "The JSONata expression '1 + 'a'' specified for the field 'Output/x' threw an error during evaluation. T2002: The right side of the + operator must evaluate to a number")),
        ),
    ]);
}

#[test]
fn compile_collects_every_syntax_error_with_its_pointer() {
    let template =
        json!({"ok": "{% 1 %}", "bad": "{% a[1,2) %}", "list": ["x", "{% ( %}"], "a/b": "{% ] %}"});
    let errors = CompiledTemplate::compile(&template).expect_err("three errors");
    let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(pointers, vec!["/bad", "/list/1", "/a~1b"]);
    assert_eq!(errors[0].error.offset, 6);
    assert!(
        errors[0].error.message.starts_with("S0202"),
        "{:?}",
        errors[0]
    );
}

#[test]
fn compiled_template_reports_its_expressions() {
    let template = json!({"lit": 1, "e": "{% $x %}", "arr": ["{% $y %}", 2]});
    let compiled = CompiledTemplate::compile(&template).expect("compiles");
    assert!(!compiled.is_literal());
    let found: Vec<(String, String)> = compiled
        .expressions()
        .into_iter()
        .map(|(pointer, e)| (pointer, e.text().to_string()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("/e".to_string(), "$x".to_string()),
            ("/arr/0".to_string(), "$y".to_string())
        ]
    );
    assert!(CompiledTemplate::compile(&json!({"a": [1, "b"]}))
        .expect("compiles")
        .is_literal());
}

#[test]
fn one_shot_evaluation_reports_syntax_errors_as_query_errors() {
    let input = json!({"n": 1});
    let env = Env::new(&input);
    assert_eq!(
        evaluate_template(&json!({"v": "{% $states.input.n + 1 %}"}), &env, "Assign").expect("ok"),
        json!({"v": 2})
    );
    let err = evaluate_template(&json!({"v": "{% ( %}"}), &env, "Assign").expect_err("bad");
    assert_eq!(err.location, "Assign");
    assert_eq!(err.error.error, "States.QueryEvaluationError");
}

#[test]
fn typed_fields() {
    assert_eq!(expect_bool(&json!(true), "Condition").ok(), Some(true));
    let err = expect_bool(&json!("yes"), "Choices[0]/Condition").expect_err("not a boolean");
    assert_eq!(err.location, "Choices[0]/Condition");
    assert_eq!(
        err.error.cause.as_deref(),
        Some("The field 'Choices[0]/Condition' must be a boolean but was: \"yes\"")
    );

    assert_eq!(
        expect_integer(&json!(5), "Seconds", 0, 99_999_999).ok(),
        Some(5)
    );
    assert_eq!(
        expect_integer(&json!(5.0), "Seconds", 0, 99_999_999).ok(),
        Some(5)
    );
    let err = expect_integer(&json!(1.5), "Seconds", 0, 99_999_999).expect_err("fraction");
    assert_eq!(
        err.error.cause.as_deref(),
        Some("The field 'Seconds' must be an integer but was: 1.5")
    );
    let err = expect_integer(&json!(-1), "TimeoutSeconds", 1, 99_999_999).expect_err("range");
    assert_eq!(
        err.error.cause.as_deref(),
        Some("The field 'TimeoutSeconds' must be an integer between 1 and 99999999 but was: -1")
    );
    assert!(expect_integer(&json!("5"), "MaxConcurrency", 0, i64::MAX).is_err());

    assert_eq!(expect_string(&json!("Oops"), "Error").ok(), Some("Oops"));
    let err = expect_string(&json!({"a": 1}), "Cause").expect_err("object");
    assert_eq!(
        err.error.cause.as_deref(),
        Some("The field 'Cause' must be a string but was: {\"a\":1}")
    );

    // The texts AWS recorded for a Map over a non-array (conformance cases
    // test_map_state_items_input_types_*).
    for (value, text) in [
        (json!(null), "null"),
        (json!(1), "1"),
        (json!(true), "true"),
        (json!("string"), "\"string\""),
        (json!({"foo": "bar"}), "{\"foo\":\"bar\"}"),
    ] {
        let err = expect_array(&value, "Items").expect_err("not an array");
        assert_eq!(
            err.error.cause.as_deref(),
            Some(format!("Map state input must be an array but was: {text}").as_str())
        );
        assert_eq!(err.error.error, "States.QueryEvaluationError");
    }
    assert_eq!(
        expect_array(&json!([1]), "Items").ok(),
        Some(&vec![json!(1)])
    );
}

/// Compiled templates can move with an execution to another thread.
#[test]
fn compiled_templates_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let compiled = CompiledTemplate::compile(&json!({"a": "{% 1 %}"})).expect("compiles");
    assert_send(&compiled);
}

#[test]
fn timestamps() {
    for (text, millis) in [
        ("1970-01-01T00:00:00Z", 0),
        ("2016-03-14T01:59:00Z", 1_457_920_740_000),
        ("2016-03-14T01:59:00.123Z", 1_457_920_740_123),
        ("2016-03-14T01:59:00.1Z", 1_457_920_740_100),
        ("2016-03-14T03:59:00+02:00", 1_457_920_740_000),
        ("2016-03-13T23:59:00-02:00", 1_457_920_740_000),
        ("2016-03-14t01:59z", 1_457_920_740_000),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("1969-12-31T23:59:59Z", -1000),
    ] {
        assert_eq!(
            asl_core::jsonata::expect_timestamp(&json!(text), "Timestamp").ok(),
            Some(millis),
            "{text}"
        );
    }
    // The texts AWS recorded (conformance cases test_wait_timestamp_jsonata_*).
    for text in [
        "2016-12-05T21:29:29",
        "05-12-2016T21:29:29Z",
        "2016-13-05T21:29:29Z",
        "2016-12-05T25:29:29Z",
        "2016-12-05 21:29:29Z",
        "2023-02-29T00:00:00Z",
        "2016-12-05T21:29:29Zjunk",
    ] {
        let err = asl_core::jsonata::expect_timestamp(&json!(text), "Timestamp").expect_err(text);
        assert_eq!(
            err.error.cause,
            Some(format!("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"))
        );
    }
    assert!(asl_core::jsonata::expect_timestamp(&json!(5), "Timestamp").is_err());
}
