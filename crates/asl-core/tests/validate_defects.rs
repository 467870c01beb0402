//! The ten-defect fixture: every defect is found in one pass, at the right line:column and
//! JSON Pointer.

mod common;

use asl_core::diagnostics::{LineIndex, Severity};
use asl_core::validate::validate;

#[test]
fn ten_defects_are_all_located() {
    let text = std::fs::read_to_string(common::fixtures().join("ten-defects.asl.json"))
        .unwrap_or_default();
    let report = validate(&text);
    let index = LineIndex::new(&text);
    let errors: Vec<(&str, usize, usize, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.code != "UNREACHABLE_STATE")
        .map(|d| {
            let p = index.position(&text, d.span.start);
            (d.code, p.line, p.column, d.pointer.as_str())
        })
        .collect();
    let expected = [
        ("SCHEMA_VALIDATION_FAILED", 3, 21, "/TimeoutSeconds"),
        (
            "SCHEMA_VALIDATION_FAILED",
            8,
            65,
            "/States/Start Here/Retry/0/BackoffRate",
        ),
        (
            "MISSING_TRANSITION_TARGET",
            9,
            15,
            "/States/Start Here/Next",
        ),
        ("INVALID_CHOICE_RULE", 13, 19, "/States/Pick/Choices/0"),
        ("INVALID_TIMESTAMP", 18, 20, "/States/Pause/Timestamp"),
        ("INVALID_JSON_PATH", 23, 20, "/States/Copy/InputPath"),
        ("INVALID_REFERENCE_PATH", 24, 21, "/States/Copy/ResultPath"),
        ("INVALID_INTRINSIC", 25, 30, "/States/Copy/Parameters/c.$"),
        ("SCHEMA_VALIDATION_FAILED", 27, 7, "/States/Copy/Next"),
        ("SCHEMA_VALIDATION_FAILED", 31, 7, "/States/Done/Colour"),
    ];
    assert_eq!(errors, expected);
    // The states after the broken `Next` are unreachable, which AWS refuses too (errors).
    let unreachable: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "UNREACHABLE_STATE")
        .inspect(|d| assert_eq!(d.severity, Severity::Error))
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        unreachable,
        [
            "/States/Pick",
            "/States/Pause",
            "/States/Copy",
            "/States/Done"
        ]
    );
    assert!(report.definition.is_some());
}
