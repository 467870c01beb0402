//! `RunResult::to_json_text` (what `asl run` prints, written straight from the interpreter's
//! documents) is byte for byte `to_json`'s `Value` printed compactly, for every ending and
//! with or without events and inspection; and an input read straight into a document runs
//! as the same input read through `serde_json::Value`.

use asl_core::exec::{run_texts, ExecOptions, RunRequest};

fn both(definition: &str, input: &str, mocks: Option<&str>) {
    let request = RunRequest {
        definition,
        input,
        mocks,
        options: ExecOptions::default(),
        ..RunRequest::default()
    };
    let result = run_texts(&request).unwrap_or_else(|e| panic!("{definition}: {e:?}"));
    for events in [false, true] {
        for inspection in [false, true] {
            assert_eq!(
                result.to_json_text(events, inspection),
                result.to_json(events, inspection).to_string(),
                "{definition} events={events} inspection={inspection}"
            );
        }
    }
}

#[test]
fn succeeded_with_output_of_every_json_kind() {
    let input = r#"{"s":"é\"\\\n\u0001😀","n":[0,-7,1.5,1e300,18446744073709551615,-0.0],"b":[true,false,null],"o":{"z":{},"a":[]}, "dup":1, "dup":2}"#;
    both(
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"copy.$":"$","k":"v"},"Next":"Q"},"Q":{"Type":"Pass","End":true}}}"#,
        input,
        None,
    );
    both(
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
        "",
        None,
    );
    both(
        r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
        "  [1,2]  ",
        None,
    );
}

#[test]
fn failed_with_and_without_error_and_cause() {
    both(
        r#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E\"rr","Cause":"c\nause"}}}"#,
        "{}",
        None,
    );
    both(
        r#"{"StartAt":"F","States":{"F":{"Type":"Fail"}}}"#,
        "{}",
        None,
    );
    both(
        r#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"OnlyError"}}}"#,
        "{}",
        None,
    );
}

#[test]
fn timed_out_and_mocked_tasks() {
    both(
        r#"{"StartAt":"W","TimeoutSeconds":1,"States":{"W":{"Type":"Wait","Seconds":5,"End":true}}}"#,
        "{}",
        None,
    );
    let mocks = r#"{"StateMachines":{"M":{"TestCases":{"T":{"L":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Error":"X","Cause":"y"}},"1":{"Return":{"ok":[1,{"a":"b"}]}}}}}"#;
    both(
        r#"{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["X"],"IntervalSeconds":1}],"End":true}}}"#,
        "{}",
        Some(mocks),
    );
}

#[test]
fn a_run_that_wrote_to_its_virtual_s3_lists_the_objects() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/csv-batch-processing/"
    );
    let read = |name: &str| std::fs::read_to_string(format!("{dir}{name}")).expect(name);
    let (definition, input, mocks) = (
        read("definition.asl.json"),
        read("input.json"),
        read("mocks.json"),
    );
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: Some(&mocks),
        test_case: Some("HappyPath"),
        options: ExecOptions::default(),
        ..RunRequest::default()
    };
    let result = run_texts(&request).expect("the gallery example runs");
    let text = result.to_json_text(false, false);
    assert!(text.contains(r#""x-asl-playground":{"s3":"#), "{text}");
    assert_eq!(text, result.to_json(false, false).to_string());
}
