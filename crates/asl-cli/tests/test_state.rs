//! `asl test-state`: the request file or standard input in, AWS's response shape out; exit
//! 0 for any answered request, 2 (with the AWS CLI's wording) for one AWS would refuse.
//! The responses themselves are tested in `crates/asl-core/tests/test_state/`.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn write_request(name: &str, body: &Value) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-test-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("test setup");
    let path = dir.join(name);
    std::fs::write(&path, body.to_string()).expect("request file written");
    path
}

/// The README's example: a Task with a mocked error that its Retry would retry.
#[test]
fn answers_a_request_file() {
    let request = json!({
        "definition": "{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"checkout\",\"Payload.$\":\"$\"},\"Retry\":[{\"ErrorEquals\":[\"Lambda.TooManyRequestsException\"],\"IntervalSeconds\":2,\"BackoffRate\":2,\"MaxAttempts\":4}],\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"ResultPath\":\"$.error\",\"Next\":\"Refund\"}],\"Next\":\"Ship\"}",
        "input": "{\"order\":42}",
        "inspectionLevel": "DEBUG",
        "mock": {"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded"}},
        "stateConfiguration": {"retrierRetryCount": 2}
    });
    let path = write_request("retry.json", &request);
    let out = common::asl(&["test-state", path.to_str().expect("test setup")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let response: Value = serde_json::from_str(&out.stdout).expect("test setup");
    assert_eq!(response["status"], "RETRIABLE");
    assert_eq!(
        response["inspectionData"]["errorDetails"],
        json!({"retryBackoffIntervalSeconds": 8, "retryIndex": 0})
    );
    // A retriable error never reaches the Catch, so its ResultPath is not shown.
    assert_eq!(response["inspectionData"].get("afterResultPath"), None);
    assert_eq!(response.get("nextState"), None);
    // Once the retrier is spent, the Catch takes it.
    let mut spent = request.clone();
    spent["stateConfiguration"]["retrierRetryCount"] = json!(4);
    let path = write_request("caught.json", &spent);
    let out = common::asl(&["test-state", path.to_str().expect("test setup")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let response: Value = serde_json::from_str(&out.stdout).expect("test setup");
    assert_eq!(response["status"], "CAUGHT_ERROR");
    assert_eq!(response["nextState"], "Refund");
}

#[test]
fn reads_standard_input_and_a_definition_object() {
    let request = json!({"definition": {"Type": "Fail", "Error": "Nope"}});
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(["test-state", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("test setup");
    child
        .stdin
        .take()
        .expect("test setup")
        .write_all(request.to_string().as_bytes())
        .expect("test setup");
    let out = child.wait_with_output().expect("test setup");
    // A failing state is an answer, not an error.
    assert_eq!(out.status.code(), Some(0));
    let response: Value = serde_json::from_slice(&out.stdout).expect("test setup");
    assert_eq!(response, json!({"error": "Nope", "status": "FAILED"}));
}

#[test]
fn a_refused_request_exits_2_with_the_aws_error() {
    let request =
        json!({"definition": "{\"Type\":\"Pass\",\"End\":true}", "mock": {"result": "{}"}});
    let path = write_request("refused.json", &request);
    let out = common::asl(&["test-state", path.to_str().expect("test setup")]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr.trim(),
        "An error occurred (ValidationException) when calling the TestState operation: State type 'Pass' is not supported when a mock is specified"
    );
    let out = common::asl(&["test-state"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("missing REQUEST.json"),
        "{}",
        out.stderr
    );
    let out = common::asl(&["test-state", "/nonexistent/request.json"]);
    assert_eq!(out.code, 2);
}
