//! Regression tests for problems found by fuzzing and by probing resource limits. Each case
//! once crashed or blew up; each now ends in a clear error. One `check` helper runs a case the
//! way `asl run` does.

use asl_core::exec::{run_texts, ExecOptions, RunRequest};

/// Runs `definition` on `input` and returns `(status, error, cause)`.
fn check(definition: &str, input: &str) -> (String, String, String) {
    let request = RunRequest {
        definition,
        input,
        options: ExecOptions::default(),
        ..RunRequest::default()
    };
    let result = match run_texts(&request) {
        Ok(result) => result,
        Err(e) => panic!("setup error: {:?}", e.diagnostics),
    };
    let exec = &result.execution;
    // Everything a run produced must serialize (this is where deep documents overflowed).
    let _ = result.to_json(true, true).to_string();
    let (error, cause) = match exec.error() {
        Some(e) => (e.error.clone(), e.cause.clone().unwrap_or_default()),
        None => (String::new(), String::new()),
    };
    (exec.status().as_str().to_string(), error, cause)
}

/// A Pass state in a loop wrapping its input one level deeper each time (`{"a.$": "$"}`) used
/// to overflow the stack once serializing the document recursed ~10,000 levels.
#[test]
fn template_nesting_in_a_loop_hits_the_document_depth_limit() {
    let definition = r#"{"StartAt": "Wrap", "States": {
        "Wrap": {"Type": "Pass", "Parameters": {"a.$": "$"}, "Next": "Stop?"},
        "Stop?": {"Type": "Choice", "Default": "Wrap",
                  "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}}"#;
    let (status, error, cause) = check(definition, "{}");
    assert_eq!(status, "FAILED");
    assert_eq!(error, "States.DataLimitExceeded");
    assert!(cause.contains("'Wrap'"), "{cause}");
}

/// A `ResultPath` of 20,000 fields built a 20,000-deep document in one step, then overflowed
/// the stack.
#[test]
fn result_path_with_too_many_fields_is_refused() {
    let path = format!("${}", ".a".repeat(20_000));
    let definition = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "ResultPath": "{path}", "End": true}}}}}}"#
    );
    let (status, error, cause) = check(&definition, "{}");
    assert_eq!(status, "FAILED");
    assert_eq!(error, "States.DataLimitExceeded");
    assert!(
        cause.contains("20000 fields") && cause.contains("deeper than 256 levels"),
        "{cause}"
    );
}

/// Just under the depth limit a document is still serialized, cloned and dropped on a test
/// thread's 2 MB stack: the limit leaves room.
#[test]
fn result_path_at_the_depth_limit_succeeds() {
    let path = format!("${}", ".a".repeat(asl_core::limits::MAX_DOCUMENT_DEPTH - 1));
    let definition = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "ResultPath": "{path}", "End": true}}}}}}"#
    );
    let (status, error, _) = check(&definition, "{}");
    assert_eq!((status.as_str(), error.as_str()), ("SUCCEEDED", ""));
}

/// `{"k0.$": "$", "k1.$": "$", …}`: each field copied the whole input before the output was
/// measured, so 2,000 fields over a 200 KB input allocated 400 MB. Now the template stops
/// once it has copied more than the payload quota.
#[test]
fn template_copying_the_input_many_times_stops_at_the_quota() {
    let fields: Vec<String> = (0..2000).map(|i| format!(r#""k{i}.$": "$""#)).collect();
    let definition = format!(
        r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Parameters": {{{}}}, "End": true}}}}}}"#,
        fields.join(",")
    );
    let input = format!(r#"{{"big": "{}"}}"#, "x".repeat(200_000));
    let (status, error, cause) = check(&definition, &input);
    assert_eq!(
        (status.as_str(), error.as_str()),
        ("FAILED", "States.DataLimitExceeded")
    );
    assert!(
        cause.contains("payload template") && cause.contains("262144"),
        "{cause}"
    );
}

/// `States.Array($, $, …)` and `States.Format` with many placeholders: the same blow-up
/// inside one intrinsic call.
#[test]
fn intrinsics_copying_the_input_many_times_stop_at_the_quota() {
    let input = format!(r#"{{"big": "{}"}}"#, "x".repeat(200_000));
    let array = format!("States.Array({})", vec!["$.big"; 2000].join(", "));
    let format = format!(
        "States.Format('{}', {})",
        "{}".repeat(2000),
        vec!["$.big"; 2000].join(", ")
    );
    for call in [array, format] {
        let definition = format!(
            r#"{{"StartAt": "A", "States": {{"A": {{"Type": "Pass", "Parameters": {{"v.$": "{call}"}}, "End": true}}}}}}"#
        );
        let (status, error, cause) = check(&definition, &input);
        assert_eq!(
            (status.as_str(), error.as_str()),
            ("FAILED", "States.IntrinsicFailure")
        );
        assert!(
            cause.contains("maximum payload size of 262144 bytes"),
            "{cause}"
        );
    }
}

/// Found by fuzzing `validate`: a JSONata syntax error at a multi-byte character (here a
/// byte-order mark, U+FEFF, three bytes in UTF-8) got a one-byte span that cut the character,
/// so slicing the source at the diagnostic panicked. Every span must fall on character
/// boundaries, and this one must cover the whole character.
#[test]
fn jsonata_syntax_error_at_a_multibyte_character_spans_the_character() {
    for ch in ['\u{feff}', '§', '€', '😀'] {
        let text = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "A", "States": {{"A": {{"Type": "Pass", "Output": "{{% $states{ch}.input %}}", "End": true}}}}}}"#
        );
        let report = asl_core::validate::validate(&text);
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.code == "INVALID_JSONATA")
            .unwrap_or_else(|| panic!("{ch:?}: no INVALID_JSONATA in {:?}", report.diagnostics));
        assert_eq!(&text[d.span.clone()], ch.to_string(), "{ch:?}: {d:?}");
        for d in &report.diagnostics {
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
}
