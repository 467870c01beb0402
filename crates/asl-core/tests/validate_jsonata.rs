//! Validation of JSONata expressions (a real parse, errors located inside the string) and
//! of variable reads that no `Assign` can satisfy (warning `UNASSIGNED_VARIABLE`).

mod common;

use asl_core::validate::validate;
use serde_json::{json, Value};

/// `(code pointer)` of every diagnostic (warnings prefixed with `?`) of `definition`.
fn codes(definition: &Value) -> Vec<String> {
    common::diagnostic_codes(&definition.to_string())
}

#[test]
fn syntax_errors_point_at_the_offending_token() {
    // (expression, the text just before the span start)
    let cases = [
        ("{% [1, 2 %}", "{% [1, 2 "),
        ("{% $x + %}", "{% $x + "),
        ("{% {'a': } %}", "{% {'a': "),
    ];
    for (expression, before) in cases {
        let text = json!({"QueryLanguage": "JSONata", "StartAt": "A",
            "States": {"A": {"Type": "Pass", "Output": expression, "End": true}}})
        .to_string();
        let report = validate(&text);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "INVALID_JSONATA")
            .unwrap_or_else(|| panic!("no INVALID_JSONATA for {expression}"));
        assert_eq!(d.pointer, "/States/A/Output");
        assert!(
            text[..d.span.start].ends_with(before),
            "{expression}: span starts after {:?}",
            &text[..d.span.start]
        );
        // The message carries JSONata's error code.
        assert!(d.message.contains("S0"), "{}", d.message);
    }
}

#[test]
fn reads_of_variables_that_are_never_assigned() {
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (
            json!({"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Assign": {"x.$": "$.a"}, "Next": "B"},
                "B": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y.z"}, "OutputPath": "$x", "End": true}}}),
            vec!["?UNASSIGNED_VARIABLE /States/B/Parameters/y.$"],
        ),
        (
            json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
                "A": {"Type": "Pass", "Assign": {"n": 1}, "Next": "B"},
                "B": {"Type": "Pass", "Output": {"ok": "{% $n + $count($states.input.xs) %}",
                    "local": "{% ($f := function($v){ $v * 2 }; $f($n)) %}",
                    "quoted": "{% '$notAVariable' %}",
                    "bad": "{% $m %}"}, "End": true}}}),
            vec!["?UNASSIGNED_VARIABLE /States/B/Output/bad"],
        ),
        (
            // Assigned inside a Map iteration: read in the iteration, not flagged.
            json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {
                "I": {"Type": "Pass", "Assign": {"i.$": "$"}, "Next": "J"},
                "J": {"Type": "Pass", "InputPath": "$i", "End": true}}}, "End": true}}}),
            vec![],
        ),
    ];
    for (definition, expected) in cases {
        assert_eq!(codes(&definition), expected, "{definition}");
    }
}
