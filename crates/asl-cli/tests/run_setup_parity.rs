//! The page and `asl run` set a run up through the same `asl_core::exec::prepare`: the page's
//! request is built by asl-wasm's conversion (`asl_wasm::request`), called here natively, and
//! compared with what the `asl` binary does with the same texts and options.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use asl_core::exec::{prepare, RunFile};
use asl_wasm::{error_kind, request, Options, TestCaseChoice};
use serde_json::{json, Value};

const PASS: &str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;
const TASK: &str = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}"#;
const MOCKS: &str = r#"{
  "StateMachines": {"M": {"TestCases": {"Happy": {"T": "Ok"}}}},
  "MockedResponses": {"Ok": {"0": {"Return": {"ok": true}}}}
}"#;

fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-parity-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path
}

/// `asl run` with these arguments: (exit code, stdout, stderr).
fn asl_run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .arg("run")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot start asl: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn a_blank_input_is_the_empty_object_on_both() {
    let (def, blank) = (file("pass.json", PASS), file("blank.json", " \n\t"));
    let (code, stdout, stderr) = asl_run(&[path(&def), "--input", path(&blank)]);
    assert_eq!(code, 0, "{stderr}");
    let cli: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    assert_eq!(cli, json!({"status": "SUCCEEDED", "output": {}}));

    let page = request(PASS, " \n\t", None, None, Options::default());
    let mut execution = prepare(&page).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    execution.run_to_end();
    assert_eq!(execution.status().as_str(), cli["status"]);
    assert_eq!(execution.output(), Some(&cli["output"]));
}

#[test]
fn a_missing_test_case_is_the_same_error_on_both() {
    let (def, input, mocks) = (
        file("task.json", TASK),
        file("input.json", "{}"),
        file("mocks.json", MOCKS),
    );
    let (code, _, stderr) = asl_run(&[
        path(&def),
        "--input",
        path(&input),
        "--mocks",
        path(&mocks),
        "--test-case",
        "Nope",
    ]);
    assert_eq!(code, 2);

    let choice = TestCaseChoice::Name("Nope".into());
    let page = request(TASK, "{}", Some(MOCKS), Some(&choice), Options::default());
    let error = prepare(&page)
        .err()
        .unwrap_or_else(|| panic!("the page ran"));
    assert_eq!(error.file, RunFile::TestCase);
    assert_eq!(error_kind(error.file), "testCase");
    let d = &error.diagnostics[0];
    assert!(
        stderr.contains(&format!("error [{}]: {}", d.code, d.message)),
        "{stderr} / {}",
        d.message
    );
    assert!(d.message.contains("Nope"), "{}", d.message);
}

#[test]
fn an_invalid_execution_name_is_the_same_error_on_both() {
    let (def, input) = (file("pass2.json", PASS), file("input2.json", "{}"));
    let (code, stdout, stderr) = asl_run(&[
        path(&def),
        "--input",
        path(&input),
        "--execution-name",
        "my run",
    ]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");

    let options = Options {
        execution_name: Some("my run".into()),
        ..Options::default()
    };
    let page = request(PASS, "{}", None, None, options);
    let error = prepare(&page)
        .err()
        .unwrap_or_else(|| panic!("the page ran"));
    assert_eq!(error_kind(error.file), "options");
    let d = &error.diagnostics[0];
    assert_eq!(d.code, "INVALID_OPTION");
    assert!(
        stderr.contains(&format!("[INVALID_OPTION]: {}", d.message)),
        "{stderr} / {}",
        d.message
    );
    // A valid name runs, and is the name the context object sees.
    let (code, _, stderr) = asl_run(&[
        path(&def),
        "--input",
        path(&input),
        "--execution-name",
        "nightly-7",
    ]);
    assert_eq!(code, 0, "{stderr}");
}
