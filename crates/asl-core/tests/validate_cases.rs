//! Table-driven validation cases: a definition and the exact `(code, pointer)` list of its
//! errors (warnings listed with a `?` prefix on the code).

use asl_core::diagnostics::Severity;
use asl_core::validate::{validate, MAX_DEFINITION_BYTES};
use serde_json::json;

/// Validates `text` and compares every diagnostic as `code pointer` (warnings `?code`).
fn check(text: &str, expected: &[&str]) {
    let report = validate(text);
    let got: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mark = if d.severity == Severity::Warning {
                "?"
            } else {
                ""
            };
            format!("{mark}{} {}", d.code, d.pointer)
        })
        .collect();
    let shown: String = text.chars().take(300).collect();
    assert_eq!(got, expected, "for {shown}");
    assert_eq!(
        report.is_valid(),
        expected.iter().all(|e| e.starts_with('?'))
    );
}

fn machine(states: serde_json::Value) -> String {
    let first = states
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    json!({"StartAt": first, "States": states}).to_string()
}

#[test]
fn documents() {
    check("", &["INVALID_JSON "]);
    check("[]", &["SCHEMA_VALIDATION_FAILED "]);
    check(
        "\u{feff}{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}",
        &[],
    );
    check("{\"StartAt\": \"A\"}", &["SCHEMA_VALIDATION_FAILED "]);
    check(
        "{\"StartAt\": \"A\", \"States\": {}}",
        &["SCHEMA_VALIDATION_FAILED /States"],
    );
    check(
        "{\"StartAt\": 1, \"States\": {\"A\": {\"Type\": \"Succeed\"}}}",
        &["SCHEMA_VALIDATION_FAILED /StartAt"],
    );
    let deep = format!("INVALID_JSON {}", "/0".repeat(asl_core::json::MAX_DEPTH));
    check(&"[".repeat(10_000), &[deep.as_str()]);
}

#[test]
fn size_limit() {
    let big = "x".repeat(MAX_DEFINITION_BYTES);
    let text =
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": big, "End": true}}})
            .to_string();
    check(&text, &["DEFINITION_TOO_LARGE "]);
}

#[test]
fn states() {
    let cases: &[(serde_json::Value, &[&str])] = &[
        (json!({"A": {"Type": "Pass", "End": true}}), &[]),
        (
            json!({"A": {"Type": "Pass"}}),
            &[
                "NO_TERMINAL_STATE /States",
                "SCHEMA_VALIDATION_FAILED /States/A",
            ],
        ),
        (
            json!({"A": {"Type": "Task", "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A"],
        ),
        (
            json!({"A": {"Type": "Task", "Resource": "x", "End": true}}),
            &["?INVALID_RESOURCE /States/A/Resource"],
        ),
        (
            json!({"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": true}}),
            &["?SCHEMA_VALIDATION_FAILED /States/A/HeartbeatSeconds"],
        ),
        (
            json!({"A": {"Type": "Wait", "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A"],
        ),
        (
            json!({"A": {"Type": "Wait", "Seconds": 1, "Timestamp": "2024-01-01T00:00:00Z", "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A"],
        ),
        (
            json!({"A": {"Type": "Wait", "Timestamp": "2024-01-01T00:00:00z", "End": true}}),
            &["INVALID_TIMESTAMP /States/A/Timestamp"],
        ),
        (
            json!({"A": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}}),
            &["SCHEMA_VALIDATION_FAILED /States/A/ErrorPath"],
        ),
        (
            json!({"A": {"Type": "Fail", "Cause": "c", "CausePath": "$.c"}}),
            &["SCHEMA_VALIDATION_FAILED /States/A/CausePath"],
        ),
        (
            json!({"A": {"Type": "Choice", "Choices": []}}),
            &[
                "NO_TERMINAL_STATE /States",
                "SCHEMA_VALIDATION_FAILED /States/A/Choices",
            ],
        ),
        (
            json!({"A": {"Type": "Parallel", "Branches": [], "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A/Branches"],
        ),
        (
            json!({"A": {"Type": "Map", "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A"],
        ),
        (
            json!({"A": {"Type": "Map", "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}, "ToleratedFailurePercentage": 101, "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A/ToleratedFailurePercentage"],
        ),
        (
            json!({"A": {"Type": "Pass", "Next": "A"}}),
            &["NO_TERMINAL_STATE /States"],
        ),
        (
            json!({"A": {"Type": "Pass", "End": true}, "B": {"Type": "Succeed"}}),
            &["UNREACHABLE_STATE /States/B"],
        ),
        (
            json!({"A": {"Type": "Pass", "ResultPath": "$$.x", "End": true}}),
            &["INVALID_REFERENCE_PATH /States/A/ResultPath"],
        ),
        (
            json!({"A": {"Type": "Pass", "ResultPath": null, "InputPath": null, "OutputPath": null, "End": true}}),
            &[],
        ),
        (
            json!({"A": {"Type": "Pass", "Parameters": {"x": "$.y"}, "End": true}}),
            &["?NO_DOLLAR /States/A/Parameters/x"],
        ),
        (
            json!({"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.Timeout", "States.Http.Socket"]}], "End": true}}),
            &[],
        ),
        (
            json!({"A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% x ", "End": true}}),
            &["INVALID_JSONATA /States/A/Output"],
        ),
        (
            json!({"A": {"Type": "Pass", "QueryLanguage": "Python", "End": true}}),
            &["SCHEMA_VALIDATION_FAILED /States/A/QueryLanguage"],
        ),
        (
            json!({"A": {"Type": "Pass", "Parameters": {"n.$": "States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(1)))))))))))"}, "End": true}}),
            &["INVALID_INTRINSIC /States/A/Parameters/n.$"],
        ),
        (
            json!({"a".repeat(81): {"Type": "Succeed"}}),
            &[Box::leak(
                format!("INVALID_STATE_NAME /States/{}", "a".repeat(81)).into_boxed_str(),
            )],
        ),
    ];
    for (states, expected) in cases {
        check(&machine(states.clone()), expected);
    }
}

#[test]
fn jsonata_offsets_point_inside_the_string() {
    let text = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 1 ", "End": true}}}"#;
    let report = validate(text);
    let d = &report.diagnostics[0];
    // The wrapper error points at the end of the expression, inside the quotes.
    assert_eq!(&text[d.span.start - 5..d.span.start], "{% 1 ");
}

#[test]
fn deepest_accepted_nesting_does_not_overflow() {
    // Parallel inside Parallel as deep as the JSON depth limit allows (4 levels each).
    let mut branch = json!({"StartAt": "X", "States": {"X": {"Type": "Succeed"}}});
    for i in 0..30 {
        branch = json!({"StartAt": format!("P{i}"), "States": {format!("P{i}"): {"Type": "Parallel", "End": true, "Branches": [branch]}}});
    }
    check(&branch.to_string(), &[]);
    // `Not` chains and payload templates up to the limit.
    let mut rule = json!({"Variable": "$.a", "IsNull": true});
    let mut template = json!({"x.$": "$.a"});
    for _ in 0..120 {
        rule = json!({"Not": rule});
        template = json!({"y": template});
    }
    let mut top = rule.as_object().cloned().unwrap_or_default();
    top.insert("Next".into(), json!("B"));
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [top], "Default": "B"},
        "B": {"Type": "Pass", "Parameters": template, "End": true}}});
    check(&def.to_string(), &[]);
}
