//! Mock files: parsing (with positions and pointers for problems), choosing a test case, and
//! what a MockHost answers.

use asl_core::doc::Doc;
use asl_core::host::{Host, TaskCall, TaskOutcome};
use asl_core::mocks::MockConfig;
use asl_core::LineIndex;
use serde_json::{json, Value};

/// (mock file text, expected code, expected pointer, expected line:column when positioned)
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Option<(usize, usize)>,
);

#[test]
fn malformed_files_are_diagnosed() {
    let cases: &[Case] = &[
        (
            "{\n  \"StateMachines\": {,\n}",
            "MOCKS_INVALID_JSON",
            "/StateMachines",
            Some((2, 21)),
        ),
        ("[]", "MOCKS_NOT_OBJECT", "", None),
        (
            r#"{"MockedResponses": {}}"#,
            "MOCKS_STATE_MACHINES",
            "/StateMachines",
            None,
        ),
        (
            r#"{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {"x": {"Return": 1}}}}"#,
            "MOCKS_INVOCATION_KEY",
            "/MockedResponses/R/x",
            None,
        ),
        (
            r#"{"StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}}, "MockedResponses": {"R": {"0": {"Return": 1, "Throw": {}}}}}"#,
            "MOCKS_ENTRY",
            "/MockedResponses/R/0",
            None,
        ),
        (
            "{\"StateMachines\": {\"M\": {\"TestCases\": {\"T\": {\n  \"S\": \"Missing\"}}}}, \"MockedResponses\": {}}",
            "MOCKS_UNKNOWN_RESPONSE",
            "/StateMachines/M/TestCases/T/S",
            Some((2, 8)),
        ),
        (
            r#"{"StateMachines": {"M": {"TestCases": {"T": {}}}}, "MockedResponses": {"R": {"0": {"Return": 1, "x-asl-playground": {"durationSeconds": -1}}}}}"#,
            "MOCKS_EXTENSION",
            "/MockedResponses/R/0/x-asl-playground",
            None,
        ),
    ];
    for (text, code, pointer, position) in cases {
        let problems = match MockConfig::parse(text) {
            Ok(_) => panic!("{text} should not parse"),
            Err(problems) => problems,
        };
        let first = &problems[0];
        assert_eq!(
            (first.code, first.pointer.as_str()),
            (*code, *pointer),
            "{text}"
        );
        if let Some((line, column)) = position {
            let pos = LineIndex::new(text).position(text, first.span.start);
            assert_eq!((pos.line, pos.column), (*line, *column), "{text}");
        }
    }
}

#[test]
fn choosing_test_cases() {
    let text = json!({
        "StateMachines": {
            "One": {"TestCases": {"Only": {}}},
            "Two": {"TestCases": {"A": {}, "B": {}}}
        },
        "MockedResponses": {}
    })
    .to_string();
    let config = MockConfig::parse(&text).unwrap_or_default();
    assert!(config.test_case(Some("One"), None).is_ok());
    assert!(config.test_case(Some("Two"), Some("B")).is_ok());
    let errors = [
        config.test_case(None, None).err(),
        config.test_case(Some("Two"), None).err(),
        config.test_case(Some("Three"), None).err(),
        config.test_case(Some("One"), Some("Nope")).err(),
    ];
    let expected = [
        "the mock file defines several state machines ('One', 'Two'); choose one",
        "state machine 'Two' has several test cases ('A', 'B'); choose one",
        "the mock file has no state machine 'Three'",
        "state machine 'One' has no test case 'Nope'",
    ];
    for (got, want) in errors.iter().zip(expected) {
        assert_eq!(got.as_deref(), Some(want));
    }
}

#[test]
fn mock_host_answers_by_invocation() {
    let text = json!({
        "StateMachines": {"M": {"TestCases": {"T": {"Mocked": "R"}}}},
        "MockedResponses": {"R": {
            "0": {"Return": {"n": 0}},
            "1-2": {"Throw": {"Error": "E", "Cause": "C"}, "x-asl-playground": {"durationSeconds": 1.5}}
        }}
    })
    .to_string();
    let config = MockConfig::parse(&text).unwrap_or_default();
    let mut host = match config.test_case(None, None) {
        Ok(host) => host.with_seed(7),
        Err(e) => panic!("{e}"),
    };
    let input = Doc::from(json!({"in": 1}));
    let call = |state: &'static str, invocation: u64| TaskCall {
        state_name: state,
        resource: "arn:aws:states:::lambda:invoke",
        input: &input,
        invocation,
        task_token: None,
    };
    let outcomes: Vec<TaskOutcome> = [("Mocked", 0), ("Mocked", 2), ("Mocked", 3), ("Other", 0)]
        .into_iter()
        .map(|(s, n)| host.invoke(&call(s, n)))
        .collect();
    assert_eq!(
        outcomes[0],
        TaskOutcome::Return {
            output: json!({"n": 0}).into(),
            duration_ms: 0,
            unmocked: false
        }
    );
    assert!(
        matches!(&outcomes[1], TaskOutcome::Throw { error, duration_ms: 1500 } if error.error == "E")
    );
    assert!(
        matches!(&outcomes[2], TaskOutcome::Throw { error, .. } if error.error == "States.TaskFailed")
    );
    assert!(matches!(
        &outcomes[3],
        TaskOutcome::Return { unmocked: true, .. }
    ));
}

/// Invocation → entry, for responses whose ranges are ordered (found by binary search) and
/// for ranges out of order or overlapping (the first entry in file order wins).
#[test]
fn mock_host_finds_the_entry_covering_an_invocation() {
    // (entries of response R, the `n` returned for invocations 0..8, `None` = not covered)
    let cases: [(Value, [Option<i64>; 8]); 3] = [
        (
            json!({"0": {"Return": {"n": 0}}, "2-3": {"Return": {"n": 2}}, "5": {"Return": {"n": 5}}}),
            [Some(0), None, Some(2), Some(2), None, Some(5), None, None],
        ),
        (
            json!({"4-6": {"Return": {"n": 4}}, "0-1": {"Return": {"n": 0}}}),
            [
                Some(0),
                Some(0),
                None,
                None,
                Some(4),
                Some(4),
                Some(4),
                None,
            ],
        ),
        (
            json!({"0-2": {"Return": {"n": 0}}, "1-5": {"Return": {"n": 1}}}),
            [
                Some(0),
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                Some(1),
                None,
                None,
            ],
        ),
    ];
    let input = Doc::from(json!({}));
    for (entries, expected) in cases {
        let text = json!({
            "StateMachines": {"M": {"TestCases": {"T": {"S": "R"}}}},
            "MockedResponses": {"R": entries}
        })
        .to_string();
        let config = MockConfig::parse(&text).unwrap_or_default();
        let mut host = match config.test_case(None, None) {
            Ok(host) => host,
            Err(e) => panic!("{e}"),
        };
        let got: Vec<Option<i64>> = (0..8)
            .map(|invocation| {
                let call = TaskCall {
                    state_name: "S",
                    resource: "arn:aws:states:::lambda:invoke",
                    input: &input,
                    invocation,
                    task_token: None,
                };
                match host.invoke(&call) {
                    TaskOutcome::Return { output, .. } => output.get("n").and_then(Doc::as_i64),
                    _ => None,
                }
            })
            .collect();
        assert_eq!(got, expected, "{entries}");
    }
}
