//! `asl run --interactive` through a pseudo-terminal (util-linux `script`, which gives the
//! child a pty and forwards our stdin to it), its refusal without a terminal, and
//! `--save-case`, whose mock file replays the answered run event for event.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-interactive-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, value.to_string()).expect("write");
    path.to_string_lossy().into_owned()
}

fn definition() -> Value {
    json!({"StartAt": "Review", "States": {
        "Review": {"Type": "Task",
            "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review",
            "HeartbeatSeconds": 60, "Next": "Notify"},
        "Notify": {"Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token"}},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
            "End": true},
        "Caught": {"Type": "Pass", "End": true}}})
}

/// Runs `asl ARGS` on a pseudo-terminal with `answers` typed in; `None` without `script`.
fn on_terminal(args: &[&str], answers: &str) -> Option<(i32, String)> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return None;
    }
    let mut command = String::from(env!("CARGO_BIN_EXE_asl"));
    for a in args {
        command.push_str(&format!(" '{}'", a.replace('\'', "'\\''")));
    }
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(answers.as_bytes())
        .expect("answers written");
    let out = child.wait_with_output().expect("script ends");
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    Some((out.status.code().unwrap_or(-1), text))
}

/// The result object `asl run` printed (its last line that starts one).
fn result(text: &str) -> Value {
    let line = text
        .lines()
        .rev()
        .find_map(|l| l.find("{\"status\"").map(|i| &l[i..]))
        .unwrap_or_else(|| panic!("no result in:\n{text}"));
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

#[test]
fn interactive_run_asks_at_activities_callbacks_and_breakpoints_and_saves_a_replayable_case() {
    let dir = scratch("pty");
    let def = write(&dir, "definition.json", &definition());
    let input = write(&dir, "input.json", &json!({"doc": 1}));
    let saved = dir.join("saved.json").to_string_lossy().into_owned();
    let answers = "t 30\nh\ns {\"approved\": true}\nc\nf Rejected not today\n";
    let args = [
        "run",
        &def,
        "--input",
        &input,
        "--interactive",
        "--break",
        "Notify",
        "--save-case",
        &saved,
        "--history",
    ];
    let Some((code, text)) = on_terminal(&args, answers) else {
        return;
    };
    // What the person saw: the activity with its token and input, the breakpoint, the
    // callback with the token its payload carries.
    assert!(text.contains("waiting for activity: Review"), "{text}");
    assert!(text.contains("token: activity-token-"), "{text}");
    assert!(text.contains("input: {\"doc\":1}"), "{text}");
    assert!(text.contains("heartbeat in 30 s"), "{text}");
    assert!(text.contains("breakpoint: Notify entered"), "{text}");
    assert!(text.contains("waiting for callback: Notify"), "{text}");
    let live = result(&text);
    assert_eq!(code, 0, "{text}");
    assert_eq!(live["status"], "SUCCEEDED");
    let events = live["events"].as_array().expect("events");
    let failed = events
        .iter()
        .find(|e| e["type"] == "TaskFailed")
        .expect("the callback failed");
    assert_eq!(failed["taskFailedEventDetails"]["error"], "Rejected");
    assert_eq!(failed["taskFailedEventDetails"]["cause"], "not today");
    let succeeded = events
        .iter()
        .find(|e| e["type"] == "ActivitySucceeded")
        .expect("the activity succeeded");
    assert_eq!(succeeded["timestamp"], "2024-01-01T00:00:30.000Z");
    // The saved case replays the run exactly, event by event.
    let replay = common::asl(&[
        "run",
        &def,
        "--input",
        &input,
        "--mocks",
        &saved,
        "--history",
    ]);
    assert_eq!(replay.code, 0, "{}", replay.stderr);
    let replayed: Value = serde_json::from_str(&replay.stdout).expect("JSON");
    let replayed = replayed["events"].as_array().expect("events");
    assert_eq!(replayed.len(), events.len());
    for (ours, again) in events.iter().zip(replayed) {
        assert_eq!(ours, again);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn interactive_run_stops_when_the_person_quits() {
    let dir = scratch("quit");
    let def = write(&dir, "definition.json", &definition());
    let input = write(&dir, "input.json", &json!({}));
    let Some((code, text)) = on_terminal(&["run", &def, "--input", &input, "--interactive"], "q\n")
    else {
        return;
    };
    assert_eq!(result(&text)["status"], "ABORTED", "{text}");
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn interactive_run_refuses_without_a_terminal() {
    let dir = scratch("refuse");
    let def = write(&dir, "definition.json", &definition());
    let input = write(&dir, "input.json", &json!({}));
    let out = common::asl(&["run", &def, "--input", &input, "--interactive"]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("--interactive needs a terminal"),
        "{}",
        out.stderr
    );
    let out = common::asl(&["run", &def, "--input", &input, "--break", "Review"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--break and --ask need --interactive"));
    let _ = std::fs::remove_dir_all(dir);
}
