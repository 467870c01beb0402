//! `asl test` through the built binary: every kind of expectation met and broken, the exit
//! codes, `--filter`, `--update`, `--watch` and the gallery's naming convention.
//! (test_cli_reports.rs: reporters, the compatibility mode, coverage and the JSON Schema.)

mod asl_test_support;
mod common;

use asl_test_support::{fixture, fixtures, suite, temp};
use common::asl;
use serde_json::{json, Value};

#[test]
fn the_fixture_suite_meets_every_kind_of_expectation() {
    let out = asl(&["test", &fixture("orders.asl-test.yaml")]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("6 passed, 0 failed"), "{}", out.stdout);
}

/// Each broken expectation: (case in the mock file, the case's expectations, text the report
/// must show for it).
fn broken() -> Vec<(&'static str, Value, &'static str)> {
    vec![
        (
            "HappyPath",
            json!({"status": "FAILED"}),
            "status\n- \"FAILED\"\n+ \"SUCCEEDED\"",
        ),
        (
            "ExpressBranch",
            json!({"output": {"shipping": "express"}}),
            "output\n",
        ),
        (
            "HappyPath",
            json!({"outputSubset": {"orderId": "o-2"}}),
            "output (subset)",
        ),
        (
            "HappyPath",
            json!({"outputSubset": {"reservations": [{"reserved": true}]}}),
            "output (subset)",
        ),
        (
            "ServiceDown",
            json!({"error": "Lambda.Other"}),
            "error\n- \"Lambda.Other\"\n+ \"Lambda.ServiceException\"",
        ),
        (
            "ServiceDown",
            json!({"error": {"pattern": "^States\\."}}),
            "error\n",
        ),
        ("ServiceDown", json!({"cause": "down"}), "cause\n"),
        (
            "ServiceDown",
            json!({"cause": {"pattern": "^down"}}),
            "cause\n",
        ),
        (
            "ServiceDown",
            json!({"cause": {"pattern": "(unclosed"}}),
            "is not a regular expression",
        ),
        (
            "ExpressBranch",
            json!({"path": ["Validate", "Express"]}),
            "path\n",
        ),
        (
            "HappyPath",
            json!({"pathIncludes": ["Notify", "Validate"]}),
            "pathIncludes: \"Validate\" is not entered in this order",
        ),
        (
            "HappyPath",
            json!({"states": [{"state": "Validate", "input": {"orderId": "o-9"}}]}),
            "states[0] \"Validate\" visit 1: input",
        ),
        (
            "HappyPath",
            json!({"states": [{"state": "Reserve", "in": ["Process Items[0]"], "output": {"reserved": false}}]}),
            "states[0] \"Reserve\" in Process Items[0] visit 1: output",
        ),
        (
            "HappyPath",
            json!({"states": [{"state": "Validate", "outputSubset": {"validation": {"express": true}}}]}),
            "visit 1: output (subset)",
        ),
        (
            "ExpressBranch",
            json!({"states": [{"state": "Express", "variables": {"shipped": false}}]}),
            "visit 1: variables (subset)",
        ),
        (
            "CaughtValidationError",
            json!({"states": [{"state": "Validate", "error": "States.Timeout"}]}),
            "visit 1: error",
        ),
        (
            "CaughtValidationError",
            json!({"states": [{"state": "Validate", "cause": {"pattern": "^items"}}]}),
            "visit 1: cause",
        ),
        (
            "RetriedThenValid",
            json!({"states": [{"state": "Validate", "retries": 2}]}),
            "visit 1: retries\n- 2\n+ 3",
        ),
        (
            "CaughtValidationError",
            json!({"states": [{"state": "Validate", "next": "Route"}]}),
            "visit 1: next",
        ),
        (
            "HappyPath",
            json!({"states": [{"state": "Reserve", "visit": 3}]}),
            "the state has 2 visit(s) there",
        ),
        (
            "HappyPath",
            json!({"states": [{"state": "Reserve", "in": ["Process Items[2]"]}]}),
            "the state has 0 visit(s) there",
        ),
        (
            "HappyPath",
            json!({"states": [{"state": "Audit", "in": ["Notify[0]"]}]}),
            "the state has 0 visit(s) there",
        ),
        (
            "HappyPath",
            json!({"history": [{"type": "TaskStateEntered", "count": 3}]}),
            "history: TaskStateEntered\n- 3\n+ 4",
        ),
        (
            "HappyPath",
            json!({"history": [{"type": "TaskStateExited", "state": "Reserve", "count": 1}]}),
            "history: TaskStateExited of \"Reserve\"\n- 1\n+ 2",
        ),
        (
            "RetriedThenValid",
            json!({"history": [{"type": "TaskFailed", "state": "Validate", "error": "Lambda.TooManyRequestsException", "count": 2}]}),
            "with error \"Lambda.TooManyRequestsException\"\n- 2\n+ 3",
        ),
        (
            "RetriedThenValid",
            json!({"mockCalls": {"Validate": 3}}),
            "mockCalls: \"Validate\"\n- 3\n+ 4",
        ),
    ]
}

#[test]
fn every_kind_of_expectation_fails_with_a_diff() {
    let dir = temp("broken");
    let cases: serde_json::Map<String, Value> = broken()
        .into_iter()
        .enumerate()
        .map(|(i, (mock, mut expect, _))| {
            expect["mockTestCase"] = json!(mock);
            (format!("case{i}"), expect)
        })
        .collect();
    let out = asl(&["test", &suite(&dir, Value::Object(cases))]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report = out.stdout;
    let n = broken().len();
    assert!(
        report.contains(&format!("0 passed, {n} failed")),
        "{report}"
    );
    // Each case's section of the report shows its own failure.
    for (i, (_, _, text)) in broken().into_iter().enumerate() {
        let start = report
            .find(&format!("✗ case{i} "))
            .unwrap_or_else(|| panic!("case{i} in {report}"));
        let after = start + '✗'.len_utf8();
        let end = report[after..]
            .find('✗')
            .map_or(report.len(), |e| after + e);
        let section: String = report[start..end]
            .lines()
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            section.contains(text),
            "case{i}: wanted {text:?} in\n{section}"
        );
    }
}

#[test]
fn the_same_expectations_met_pass() {
    // The complement of every broken expectation above, with the right values.
    let dir = temp("met");
    let cases = json!({
        "a": {"mockTestCase": "HappyPath", "status": "SUCCEEDED", "pathIncludes": ["Validate", "Notify"],
              "states": [{"state": "Reserve", "in": ["Process Items[0]"], "input": "apple", "output": {"reserved": true}},
                         {"state": "Email", "in": ["Notify[0]"]}],
              "history": [{"type": "TaskStateExited", "state": "Reserve", "count": 2}, {"type": "ExecutionSucceeded", "count": 1}]},
        "b": {"mockTestCase": "ServiceDown", "error": {"pattern": "^Lambda\\."}, "cause": {"pattern": "down$"}},
        "c": {"mockTestCase": "RetriedThenValid", "mockCalls": {"Validate": 4, "Reserve": 1},
              "history": [{"type": "TaskFailed", "error": "Lambda.TooManyRequestsException", "count": 3}]},
        "d": {"mockTestCase": "CaughtValidationError", "states": [{"state": "Validate", "error": "ValidationError", "next": "Rejected"}]},
    });
    let out = asl(&["test", &suite(&dir, cases)]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("4 passed, 0 failed"), "{}", out.stdout);
}

#[test]
fn unreadable_suites_exit_2_with_line_and_column() {
    let dir = temp("unreadable");
    let yaml = dir.join("bad.asl-test.yaml");
    std::fs::write(
        &yaml,
        "definition: x.json\ntestCases:\n  A:\n    stauts: SUCCEEDED\n",
    )
    .expect("write");
    let out = asl(&["test", &yaml.to_string_lossy()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("bad.asl-test.yaml:4:5: testCases.A: unknown field `stauts`"),
        "{}",
        out.stderr
    );
    let json_file = dir.join("bad.asl-test.json");
    std::fs::write(
        &json_file,
        "{\"definition\": \"x\",\n \"testCases\": {\"A\": {\"status\": 3}}}",
    )
    .expect("write");
    let out = asl(&["test", &json_file.to_string_lossy()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("bad.asl-test.json:2:32: invalid type: integer `3`"),
        "{}",
        out.stderr
    );
    // A suite naming a definition that is not there is unreadable too.
    let out = asl(&["test", &yaml.to_string_lossy().replace("bad", "none")]);
    assert_eq!(out.code, 2);
    // So is a folder without suites, and a bad flag.
    assert_eq!(asl(&["test", &temp("empty").to_string_lossy()]).code, 2);
    assert_eq!(asl(&["test", "--reporter", "xml"]).code, 2);
}

#[test]
fn a_case_that_cannot_run_fails_with_its_reason() {
    let dir = temp("setup");
    let out = asl(&[
        "test",
        &suite(&dir, json!({"NoSuchCase": {"status": "SUCCEEDED"}})),
    ]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("has no test case 'NoSuchCase'"),
        "{}",
        out.stdout
    );
}

#[test]
fn filter_runs_only_matching_cases() {
    let out = asl(&[
        "test",
        &fixture("orders.asl-test.yaml"),
        "--filter",
        "Express",
    ]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("1 passed, 0 failed, 1 cases"),
        "{}",
        out.stdout
    );
}

#[test]
fn update_rewrites_snapshot_cases_and_update_all_every_case() {
    let dir = temp("update");
    let cases = json!({
        "snap": {"mockTestCase": "ExpressBranch", "snapshot": true, "status": "FAILED",
                 "history": [{"type": "PassStateEntered", "count": 0}]},
        "plain": {"mockTestCase": "ServiceDown", "status": "SUCCEEDED"},
    });
    let file = suite(&dir, cases);
    let out = asl(&["test", &file, "--update"]);
    assert_eq!(out.code, 1, "the plain case still fails: {}", out.stdout);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let snap = &written["testCases"]["snap"];
    assert_eq!(snap["status"], "SUCCEEDED");
    assert_eq!(snap["snapshot"], true);
    assert_eq!(snap["output"]["shipping"], "express");
    assert_eq!(snap["path"], json!(["Validate", "Route", "Express"]));
    assert_eq!(
        snap["history"],
        json!([{"type": "PassStateEntered", "count": 1}])
    );
    assert_eq!(
        written["testCases"]["plain"]["status"], "SUCCEEDED",
        "not a snapshot case"
    );
    let out = asl(&["test", &file, "--update-all"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    assert_eq!(written["testCases"]["plain"]["status"], "FAILED");
    assert_eq!(
        written["testCases"]["plain"]["error"],
        "Lambda.ServiceException"
    );
    assert_eq!(
        written["testCases"]["plain"]["cause"],
        "The service is down"
    );
    let out = asl(&["test", &file]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn watch_runs_again_when_a_suite_changes() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = temp("watch");
    let file = suite(&dir, json!({"HappyPath": {"status": "SUCCEEDED"}}));
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(["test", &file, "--watch"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains(" passed, ") && tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait = Duration::from_secs(30);
    let first = rx.recv_timeout(wait);
    // Modification times can be coarse: make sure the rewrite is seen as a change.
    std::thread::sleep(Duration::from_millis(1100));
    suite(&dir, json!({"HappyPath": {"status": "FAILED"}}));
    let second = rx.recv_timeout(wait);
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.expect("first run").starts_with("1 passed, 0 failed"));
    assert!(second
        .expect("second run")
        .starts_with("0 passed, 1 failed"));
}

#[test]
fn a_gallery_example_json_names_its_files_by_convention() {
    let dir = temp("gallery-convention");
    std::fs::copy(
        fixtures().join("orders.asl.json"),
        dir.join("definition.asl.json"),
    )
    .expect("copy");
    std::fs::copy(
        fixtures().join("MockConfigFile.json"),
        dir.join("mocks.json"),
    )
    .expect("copy");
    std::fs::copy(fixtures().join("input.json"), dir.join("input.json")).expect("copy");
    let suite = json!({"id": "x", "testCases": {"HappyPath": {"status": "SUCCEEDED", "outputSubset": {"orderId": "o-1"}}}});
    std::fs::write(dir.join("example.json"), suite.to_string()).expect("write");
    let out = asl(&["test", &dir.to_string_lossy()]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("1 passed, 0 failed"), "{}", out.stdout);
    // Any other suite must name its definition.
    std::fs::rename(dir.join("example.json"), dir.join("x.asl-test.json")).expect("rename");
    let out = asl(&["test", &dir.to_string_lossy()]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("the suite names no definition"),
        "{}",
        out.stderr
    );
}
