//! `asl run` on JSONata states with hostile expressions: each run ends with
//! `States.QueryEvaluationError` (exit code 1) well within a second, instead of hanging or
//! exhausting memory.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn file(test: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-run-jsonata-{}-{test}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path
}

/// Runs a one-state JSONata machine whose Pass `Output` is `expression`; returns the exit
/// code, the JSON printed and the wall time.
fn run_output(test: &str, expression: &str) -> (i32, Value, Duration) {
    let definition = json!({
        "QueryLanguage": "JSONata",
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Output": expression, "End": true}}
    });
    let def = file(test, "def.json", &definition.to_string());
    let input = file(test, "in.json", "{}");
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args([
            "run",
            def.to_str().unwrap_or(""),
            "--input",
            input.to_str().unwrap_or(""),
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run asl: {e}"));
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{test}: stdout is not JSON ({e}): {stdout}"));
    (out.status.code().unwrap_or(-1), value, elapsed)
}

#[test]
fn hostile_expressions_end_with_an_error_quickly() {
    let cases = [
        (
            "infinite-recursion",
            "{% ($f := function($x){ $f($x) }; $f(1)) %}",
        ),
        (
            "deep-recursion",
            "{% ($f := function($x){ 1 + $f($x) }; $f(1)) %}",
        ),
        ("huge-range", "{% [1..100000000] %}"),
        ("huge-range-sum", "{% $sum([1..100000000]) %}"),
        (
            "doubling-string",
            "{% ($f := function($s){ $f($s & $s) }; $f('ab')) %}",
        ),
    ];
    for (test, expression) in cases {
        let (code, out, elapsed) = run_output(test, expression);
        assert_eq!(code, 1, "{test}: {out}");
        assert_eq!(out["status"], "FAILED", "{test}: {out}");
        assert_eq!(out["error"], "States.QueryEvaluationError", "{test}: {out}");
        // Startup of the binary included; debug builds are slower than release ones.
        assert!(
            elapsed < Duration::from_secs(1),
            "{test} took {elapsed:?}: {out}"
        );
    }
}

#[test]
fn ordinary_jsonata_run_succeeds() {
    let (code, out, _) = run_output("ok", "{% $sum([1..10]) %}");
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, json!({"status": "SUCCEEDED", "output": 55}));
}
