//! End-to-end tests of `asl run`: exit codes, the JSON on stdout, diagnostics on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// Writes `text` to a fresh file in a per-test temporary folder.
fn file(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-run-tests-{}-{test}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn asl(args: &[&str], stdin: Option<&str>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start asl: {e}"));
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        let _ = pipe.write_all(text.as_bytes());
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("asl did not finish: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn stdout_json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", run.stdout))
}

const HELLO: &str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"hello.$": "$.who"}, "End": true}}}"#;
const FAIL: &str =
    r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope", "Cause": "because"}}}"#;

#[test]
fn succeeded_run_prints_output_and_exits_0() {
    let def = file("ok", "def.json", HELLO);
    let input = file("ok", "in.json", r#"{"who": "world"}"#);
    let run = asl(
        &[
            "run",
            def.to_str().unwrap_or(""),
            "--input",
            input.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        stdout_json(&run),
        json!({"status": "SUCCEEDED", "output": {"hello": "world"}})
    );
    assert_eq!(run.stdout.lines().count(), 1, "one JSON object on one line");
}

#[test]
fn input_from_stdin_with_history_and_inspection() {
    let def = file("stdin", "def.json", HELLO);
    let run = asl(
        &[
            "run",
            def.to_str().unwrap_or(""),
            "--input",
            "-",
            "--history",
            "--inspect",
        ],
        Some(r#"{"who": 1}"#),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = stdout_json(&run);
    let types: Vec<&str> = out["events"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["type"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        out["inspection"][0]["afterParameters"],
        json!("{\"hello\":1}")
    );
}

#[test]
fn failed_run_exits_1_with_error_and_cause() {
    let def = file("fail", "def.json", FAIL);
    let input = file("fail", "in.json", "{}");
    let run = asl(
        &[
            "run",
            def.to_str().unwrap_or(""),
            "--input",
            input.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        stdout_json(&run),
        json!({"status": "FAILED", "error": "Nope", "cause": "because"})
    );
}

#[test]
fn timed_out_run_exits_1() {
    let def = file(
        "timeout",
        "def.json",
        r#"{"TimeoutSeconds": 5, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}}"#,
    );
    let run = asl(
        &["run", def.to_str().unwrap_or(""), "--input", "-"],
        Some("{}"),
    );
    assert_eq!(run.code, 1);
    assert_eq!(stdout_json(&run), json!({"status": "TIMED_OUT"}));
}

#[test]
fn mocks_with_a_single_test_case_are_the_default() {
    let def = file(
        "mocks",
        "def.json",
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true}}}"#,
    );
    let mocks = file(
        "mocks",
        "mocks.json",
        r#"{"StateMachines": {"M": {"TestCases": {"Happy": {"T": "R"}}}}, "MockedResponses": {"R": {"0": {"Return": {"Payload": "mocked"}}}}}"#,
    );
    let (d, m) = (def.to_str().unwrap_or(""), mocks.to_str().unwrap_or(""));
    let run = asl(&["run", d, "--input", "-", "--mocks", m], Some("{}"));
    assert_eq!(
        (run.code, stdout_json(&run)),
        (0, json!({"status": "SUCCEEDED", "output": "mocked"}))
    );
    let named = asl(
        &[
            "run",
            d,
            "--input",
            "-",
            "--mocks",
            m,
            "--state-machine",
            "M",
            "--test-case",
            "Happy",
        ],
        Some("{}"),
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    let wrong = asl(
        &["run", d, "--input", "-", "--mocks", m, "--test-case", "Sad"],
        Some("{}"),
    );
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("has no test case 'Sad'"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn problems_exit_2_with_positions() {
    let bad = file(
        "bad",
        "def.json",
        "{\n  \"StartAt\": \"P\",\n  \"States\": ]\n}",
    );
    let input = file("bad", "in.json", "{}");
    let run = asl(
        &[
            "run",
            bad.to_str().unwrap_or(""),
            "--input",
            input.to_str().unwrap_or(""),
        ],
        None,
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("def.json:3:13: error [INVALID_JSON]"),
        "{}",
        run.stderr
    );

    let unknown = file(
        "bad",
        "next.json",
        "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}}",
    );
    let run = asl(
        &["run", unknown.to_str().unwrap_or(""), "--input", "-"],
        Some("{}"),
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("next.json:2:33: error [MISSING_TRANSITION_TARGET] at /States/A/Next"),
        "{}",
        run.stderr
    );

    let usage_cases: &[&[&str]] = &[
        &["run"],
        &["run", "x.json"],
        &["run", "x.json", "--input", "-", "--seed", "abc"],
        &["run", "x.json", "--input", "-", "--start-time", "yesterday"],
        &["run", "x.json", "--input", "-", "--bogus"],
        &["run", "/no/such/file.json", "--input", "-"],
    ];
    for args in usage_cases {
        let run = asl(args, Some("{}"));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn seed_and_start_time_are_used() {
    let def = file(
        "seed",
        "def.json",
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()", "t.$": "$$.Execution.StartTime"}, "End": true}}}"#,
    );
    let d = def.to_str().unwrap_or("");
    let one = asl(
        &[
            "run",
            d,
            "--input",
            "-",
            "--seed",
            "1",
            "--start-time",
            "2020-05-06T07:08:09Z",
        ],
        Some("{}"),
    );
    let again = asl(
        &[
            "run",
            d,
            "--input",
            "-",
            "--seed",
            "1",
            "--start-time",
            "2020-05-06T07:08:09Z",
        ],
        Some("{}"),
    );
    let other = asl(&["run", d, "--input", "-", "--seed", "2"], Some("{}"));
    assert_eq!(one.stdout, again.stdout);
    assert_ne!(
        stdout_json(&one)["output"]["id"],
        stdout_json(&other)["output"]["id"]
    );
    assert_eq!(
        stdout_json(&one)["output"]["t"],
        json!("2020-05-06T07:08:09.000Z")
    );
}
