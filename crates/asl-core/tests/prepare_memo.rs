//! `prepare` keeps the last definition and mock file it compiled and parsed (by their exact
//! text): a second run of the same texts must behave exactly as the first, errors included and
//! in the same order, and a changed text must never reuse the old one.

use asl_core::exec::{prepare, run_texts, ExecOptions, RunFile, RunRequest};

fn request<'a>(definition: &'a str, input: &'a str, mocks: Option<&'a str>) -> RunRequest<'a> {
    RunRequest {
        definition,
        input,
        mocks,
        options: ExecOptions::default(),
        ..RunRequest::default()
    }
}

fn output(definition: &str, input: &str, mocks: Option<&str>) -> String {
    match run_texts(&request(definition, input, mocks)) {
        Ok(result) => result.to_json_text(true, true),
        Err(e) => format!("{:?} {:?}", e.file, e.diagnostics),
    }
}

const PASS: &str = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"n":1},"End":true}}}"#;
const PASS2: &str = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"n":2},"End":true}}}"#;
const TASK: &str = r#"{"StartAt":"L","States":{"L":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}}"#;

#[test]
fn same_texts_same_runs_and_changed_texts_recompiled() {
    let first = output(PASS, "{}", None);
    assert!(first.contains(r#""output":{"n":1}"#), "{first}");
    assert_eq!(output(PASS, "{}", None), first);
    let other = output(PASS2, "{}", None);
    assert!(other.contains(r#""output":{"n":2}"#), "{other}");
    assert_eq!(output(PASS, "{}", None), first);
}

#[test]
fn mock_files_by_text() {
    let mocks = |v: u32| {
        format!(
            r#"{{"StateMachines":{{"M":{{"TestCases":{{"T":{{"L":"R"}}}}}}}},"MockedResponses":{{"R":{{"0":{{"Return":{{"v":{v}}}}}}}}}}}"#
        )
    };
    let (one, two) = (mocks(1), mocks(2));
    for _ in 0..2 {
        assert!(output(TASK, "{}", Some(&one)).contains(r#""output":{"v":1}"#));
        assert!(output(TASK, "{}", Some(&two)).contains(r#""output":{"v":2}"#));
    }
    // A broken file is reported every time, not remembered as the last good one.
    for _ in 0..2 {
        let e = prepare(&request(TASK, "{}", Some("{\"StateMachines\": 1"))).err();
        assert_eq!(e.map(|e| e.file), Some(RunFile::Mocks));
    }
}

#[test]
fn errors_in_the_same_order_on_every_run() {
    // Invalid (a validation error) beats a bad input; a valid definition with a bad input
    // reports the input, on the first run and on the runs that reuse the compilation.
    for _ in 0..2 {
        let invalid = prepare(&request(r#"{"StartAt":"X","States":{}}"#, "{", None)).err();
        assert_eq!(invalid.map(|e| e.file), Some(RunFile::Definition));
        let input = prepare(&request(PASS, "{", None)).err();
        assert_eq!(input.map(|e| e.file), Some(RunFile::Input));
    }
}
