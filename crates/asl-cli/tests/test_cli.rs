//! `asl test` through the built binary: every kind of expectation met and broken, the exit
//! codes, the reporters (JUnit checked against the structure of the JUnit XML schema CI tools
//! read), `--update`, the Step Functions Local compatibility mode, coverage, and the suite
//! format's JSON Schema.

mod common;

use std::path::{Path, PathBuf};

use common::asl;
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/asl-test")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).to_string_lossy().into_owned()
}

/// A fresh folder for one test's files.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-test-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes a JSON suite over the fixture machine with `cases`; returns its path.
fn suite(dir: &Path, cases: Value) -> String {
    let suite = json!({
        "definition": fixture("orders.asl.json"),
        "mocks": fixture("MockConfigFile.json"),
        "inputFile": fixture("input.json"),
        "testCases": cases,
    });
    let path = dir.join("s.asl-test.json");
    std::fs::write(&path, serde_json::to_string_pretty(&suite).expect("json")).expect("write");
    path.to_string_lossy().into_owned()
}

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

/// The attributes the JUnit XML schema CI tools read (Jenkins' junit-10.xsd, which GitLab,
/// GitHub test reporters and Azure DevOps accept) allows on each element.
const JUNIT_ATTRIBUTES: &[(&str, &[&str], &[&str])] = &[
    (
        "testsuites",
        &["name", "time", "tests", "failures", "disabled", "errors"],
        &[],
    ),
    (
        "testsuite",
        &[
            "name",
            "tests",
            "failures",
            "errors",
            "group",
            "time",
            "disabled",
            "skipped",
            "timestamp",
            "hostname",
            "id",
            "package",
            "file",
            "log",
            "url",
            "version",
        ],
        &["name", "tests"],
    ),
    (
        "testcase",
        &[
            "name",
            "assertions",
            "time",
            "classname",
            "status",
            "group",
            "file",
            "line",
        ],
        &["name"],
    ),
    ("failure", &["type", "message"], &[]),
    ("error", &["type", "message"], &[]),
];

/// Checks `xml` against the structure of junit-10.xsd: root `testsuites`, then `testsuite`,
/// `testcase`, and `failure`/`error`/`skipped`/`system-out`/`system-err`; only the schema's
/// attributes, its required ones present, numbers where it has numbers, and the counts
/// consistent with the elements.
fn check_junit(xml: &str) -> (usize, usize, usize) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let attrs = |node: roxmltree::Node| {
        let name = node.tag_name().name();
        let (_, allowed, required) = JUNIT_ATTRIBUTES
            .iter()
            .find(|(n, _, _)| *n == name)
            .unwrap_or_else(|| panic!("element {name} is not in the schema here"));
        for a in node.attributes() {
            assert!(
                allowed.contains(&a.name()),
                "{name} has attribute {}",
                a.name()
            );
            if ["tests", "failures", "errors", "skipped", "disabled"].contains(&a.name()) {
                a.value()
                    .parse::<u64>()
                    .unwrap_or_else(|_| panic!("{name}@{} = {}", a.name(), a.value()));
            }
            if a.name() == "time" {
                a.value()
                    .parse::<f64>()
                    .unwrap_or_else(|_| panic!("time {}", a.value()));
            }
        }
        for r in *required {
            assert!(node.attribute(*r).is_some(), "{name} lacks {r}");
        }
    };
    attrs(root);
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for suite in root.children().filter(|n| n.is_element()) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        attrs(suite);
        let cases: Vec<_> = suite.children().filter(|n| n.is_element()).collect();
        let count = |tag: &str| {
            cases
                .iter()
                .filter(|c| c.children().any(|e| e.tag_name().name() == tag))
                .count()
        };
        assert_eq!(
            suite.attribute("tests"),
            Some(cases.len().to_string().as_str())
        );
        assert_eq!(
            suite.attribute("failures"),
            Some(count("failure").to_string().as_str())
        );
        assert_eq!(
            suite.attribute("errors"),
            Some(count("error").to_string().as_str())
        );
        for case in &cases {
            assert_eq!(case.tag_name().name(), "testcase");
            attrs(*case);
            for child in case.children().filter(|n| n.is_element()) {
                let tag = child.tag_name().name();
                assert!(
                    ["failure", "error", "skipped", "system-out", "system-err"].contains(&tag),
                    "{tag}"
                );
                attrs(child);
            }
        }
        tests += cases.len();
        failures += count("failure");
        errors += count("error");
    }
    assert_eq!(root.attribute("tests"), Some(tests.to_string().as_str()));
    assert_eq!(
        root.attribute("failures"),
        Some(failures.to_string().as_str())
    );
    assert_eq!(root.attribute("errors"), Some(errors.to_string().as_str()));
    (tests, failures, errors)
}

#[test]
fn reporters_junit_json_and_tap() {
    let dir = temp("reporters");
    let cases = json!({
        "passes": {"mockTestCase": "HappyPath", "status": "SUCCEEDED"},
        "fails <&\"'>": {"mockTestCase": "HappyPath", "status": "FAILED", "output": {"a": "</failure>]]>"}},
        "cannot run": {"mockTestCase": "Missing"},
    });
    let file = suite(&dir, cases);
    let out = asl(&["test", &file, "--reporter", "junit"]);
    assert_eq!(out.code, 1);
    assert_eq!(check_junit(&out.stdout), (3, 1, 1), "{}", out.stdout);
    let doc = roxmltree::Document::parse(&out.stdout).expect("xml");
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    let case = failure.parent().expect("testcase");
    assert_eq!(case.attribute("name"), Some("fails <&\"'>"));
    let text = failure.text().unwrap_or_default();
    assert!(text.contains("- \"FAILED\"\n+ \"SUCCEEDED\""), "{text}");
    assert!(failure
        .attribute("message")
        .unwrap_or_default()
        .contains("status"));

    let out = asl(&["test", &file, "--reporter", "json"]);
    assert_eq!(out.code, 1);
    let report: Value = serde_json::from_str(&out.stdout).expect("json report");
    assert_eq!(
        (report["passed"].clone(), report["failed"].clone()),
        (json!(1), json!(2))
    );
    let cases = &report["suites"][0]["cases"];
    assert_eq!(cases[0]["result"], "passed");
    assert_eq!(cases[0]["status"], "SUCCEEDED");
    assert_eq!(cases[0]["finalState"], "Done");
    assert_eq!(cases[1]["failures"][0]["expectation"], "status");
    assert_eq!(cases[1]["failures"][0]["expected"], "FAILED");
    assert!(cases[1]["failures"][0]["diff"]
        .as_str()
        .unwrap_or_default()
        .contains("+ \"SUCCEEDED\""));
    assert!(cases[2]["setupError"]
        .as_str()
        .unwrap_or_default()
        .contains("Missing"));

    let out = asl(&["test", &file, "--reporter", "tap"]);
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(&lines[..2], &["TAP version 13", "1..3"]);
    assert!(
        lines[2].starts_with("ok 1 - ") && lines[2].ends_with(":: passes"),
        "{}",
        lines[2]
    );
    assert!(lines.iter().any(|l| l.starts_with("not ok 2 - ")));
    assert!(lines.iter().any(|l| l.starts_with("not ok 3 - ")));
    assert!(out.stdout.contains("  ---\n  message: |\n"));
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
fn step_functions_local_compatibility_mode() {
    let dir = temp("compat");
    for name in ["orders.asl.json", "MockConfigFile.json", "input.json"] {
        std::fs::copy(fixtures().join(name), dir.join(name)).expect("copy");
    }
    let path = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let args = [
        "test",
        "--mocks",
        &path("MockConfigFile.json"),
        &path("orders.asl.json"),
        "--input",
        &path("input.json"),
    ];
    let out = asl(&args);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let expected = [
        (
            "HappyPath",
            "SUCCEEDED",
            "Done",
            "Validate → Route → Process Items → Reserve → Reserve → Notify → Email → Audit → Done",
        ),
        (
            "CaughtValidationError",
            "FAILED",
            "Rejected",
            "Validate → Rejected",
        ),
        (
            "RetriedThenValid",
            "SUCCEEDED",
            "Done",
            "Validate → Route → Process Items → Reserve → Notify → Email → Audit → Done",
        ),
        (
            "ExpressBranch",
            "SUCCEEDED",
            "Express",
            "Validate → Route → Express",
        ),
        ("ServiceDown", "FAILED", "Validate", "Validate"),
    ];
    for (case, status, last, route) in expected {
        let line = format!("{case} (");
        let at = out
            .stdout
            .find(&line)
            .unwrap_or_else(|| panic!("{case}: {}", out.stdout));
        let block: Vec<&str> = out.stdout[at..].lines().take(2).collect();
        assert!(
            block[0].ends_with(&format!(": {status}, final state {last}")),
            "{block:?}"
        );
        assert_eq!(block[1].trim(), format!("path: {route}"));
    }
    assert!(out.stdout.contains("5 passed, 0 failed, 5 cases"));
    // --update writes a suite of what happened, which then passes as it is.
    let out = asl(&[&args[..], &["--update"]].concat());
    assert_eq!(out.code, 0, "{}", out.stderr);
    let written = dir.join("orders.asl-test.yaml");
    let text = std::fs::read_to_string(&written).expect("suite written");
    assert!(text.contains("definition: orders.asl.json"), "{text}");
    assert!(text.contains("mocks: MockConfigFile.json"), "{text}");
    assert!(text.contains("RetriedThenValid:"), "{text}");
    let out = asl(&["test", &written.to_string_lossy()]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("5 passed, 0 failed"), "{}", out.stdout);
    // The written expectations are real: changing the input breaks them.
    std::fs::write(dir.join("input.json"), "{\"orderId\": \"other\"}").expect("write");
    let out = asl(&[
        "test",
        &written.to_string_lossy(),
        "--filter",
        "ExpressBranch",
    ]);
    assert_eq!(out.code, 1, "{}", out.stdout);
}

fn coverage_report(args: &[&str]) -> (i32, Value, String) {
    let out_file = temp(&format!("cov{}", args.len())).join("coverage.json");
    let out = asl(&[
        &[
            "test",
            &fixture("orders.asl-test.yaml"),
            "--coverage-out",
            &out_file.to_string_lossy(),
        ],
        args,
    ]
    .concat());
    let report =
        serde_json::from_str(&std::fs::read_to_string(&out_file).expect("coverage written"))
            .expect("json");
    (out.code, report, out.stdout + &out.stderr)
}

#[test]
fn coverage_counts_states_and_transitions() {
    let (code, report, text) = coverage_report(&["--filter", "HappyPath"]);
    assert_eq!(code, 0, "{text}");
    let c = &report[0];
    // States: Validate Route Express "Process Items" Notify Done Rejected Reserve Email Audit.
    assert_eq!(
        (c["states"]["covered"].clone(), c["states"]["total"].clone()),
        (json!(8), json!(10))
    );
    // Transitions: Validate Next, Retry[0], Catch[0]; Route Choices[0], Default; Process Items
    // Next; Notify Next. HappyPath takes Next, Default and the two Nexts.
    assert_eq!(
        (
            c["transitions"]["covered"].clone(),
            c["transitions"]["total"].clone()
        ),
        (json!(4), json!(7))
    );
    let hits = |state: &str| {
        c["states"]["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|s| s["state"] == state)
            .expect("state")["hits"]
            .clone()
    };
    assert_eq!(hits("Reserve"), json!(2));
    assert_eq!(hits("Audit"), json!(1));
    assert_eq!(hits("Express"), json!(0));
    assert!(text.contains("states 8/10, transitions 4/7"), "{text}");
    assert!(text.contains("state never entered: \"Express\""), "{text}");
    assert!(
        text.contains("transition never taken: \"Route\" Choices[0] -> \"Express\""),
        "{text}"
    );
    assert!(
        text.contains("transition never taken: \"Validate\" Retry[0]"),
        "{text}"
    );
    assert!(
        text.contains("transition never taken: \"Validate\" Catch[0] -> \"Rejected\""),
        "{text}"
    );

    // Every case together reaches everything; the retried case retried three times.
    let (code, report, _) = coverage_report(&[]);
    assert_eq!(code, 0);
    assert_eq!(report[0]["percent"], json!(100.0));
    let retry = report[0]["transitions"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|t| t["kind"] == "Retry")
        .expect("retry")
        .clone();
    assert_eq!(retry["hits"], json!(3));

    // The threshold: 12 of 17 is 70.6 %.
    let (code, _, text) = coverage_report(&["--filter", "HappyPath", "--min-coverage", "75"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("coverage 70.6 % is under --min-coverage 75 %"),
        "{text}"
    );
    let (code, _, _) = coverage_report(&["--filter", "HappyPath", "--min-coverage", "70"]);
    assert_eq!(code, 0);
}

/// A JSON Schema validator for the keywords docs/test-suite.schema.json uses (and a check
/// that it uses no others, so nothing is silently skipped).
fn validate(schema: &Value, root: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    const KNOWN: &[&str] = &[
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "properties",
        "additionalProperties",
        "required",
        "items",
        "enum",
        "oneOf",
        "$ref",
        "$defs",
        "minimum",
    ];
    let Some(obj) = schema.as_object() else {
        return;
    };
    for key in obj.keys() {
        assert!(
            KNOWN.contains(&key.as_str()),
            "the schema uses {key}, which this check does not implement"
        );
    }
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        let target = root
            .pointer(r.trim_start_matches('#'))
            .expect("ref resolves");
        validate(target, root, value, at, errors);
    }
    if let Some(t) = obj.get("type").and_then(Value::as_str) {
        let ok = match t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            other => panic!("type {other}"),
        };
        if !ok {
            errors.push(format!("{at}: not {t}"));
            return;
        }
    }
    if let Some(e) = obj.get("enum").and_then(Value::as_array) {
        if !e.contains(value) {
            errors.push(format!("{at}: {value} not in {e:?}"));
        }
    }
    if let (Some(min), Some(n)) = (obj.get("minimum").and_then(Value::as_f64), value.as_f64()) {
        if n < min {
            errors.push(format!("{at}: under {min}"));
        }
    }
    if let Some(one) = obj.get("oneOf").and_then(Value::as_array) {
        let passing = one.iter().filter(|s| {
            let mut e = Vec::new();
            validate(s, root, value, at, &mut e);
            e.is_empty()
        });
        if passing.count() != 1 {
            errors.push(format!("{at}: not exactly one of oneOf"));
        }
    }
    if let Some(map) = value.as_object() {
        let props = obj.get("properties").and_then(Value::as_object);
        for r in obj
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !map.contains_key(r.as_str().unwrap_or_default()) {
                errors.push(format!("{at}: missing {r}"));
            }
        }
        for (k, v) in map {
            let here = format!("{at}/{k}");
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(s, root, v, &here, errors),
                None => match obj.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{here}: not allowed")),
                    Some(s) => validate(s, root, v, &here, errors),
                    None => {}
                },
            }
        }
    }
    if let (Some(items), Some(list)) = (obj.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            validate(items, root, v, &format!("{at}/{i}"), errors);
        }
    }
}

#[test]
fn the_gallery_and_the_fixtures_validate_against_the_json_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("docs/test-suite.schema.json")).expect("schema"),
    )
    .expect("json");
    let mut suites: Vec<(String, Value)> = Vec::new();
    for entry in std::fs::read_dir(root.join("examples"))
        .expect("examples")
        .flatten()
    {
        let file = entry.path().join("example.json");
        if let Ok(text) = std::fs::read_to_string(&file) {
            suites.push((
                file.display().to_string(),
                serde_json::from_str(&text).expect("json"),
            ));
        }
    }
    let yaml = std::fs::read_to_string(fixtures().join("orders.asl-test.yaml")).expect("fixture");
    suites.push((
        "orders.asl-test.yaml".into(),
        serde_norway::from_str(&yaml).expect("yaml"),
    ));
    assert!(suites.len() > 20);
    for (name, suite) in &suites {
        let mut errors = Vec::new();
        validate(&schema, &schema, suite, "", &mut errors);
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // And the schema refuses what the runner refuses.
    let mut errors = Vec::new();
    validate(
        &schema,
        &schema,
        &json!({"testCases": {"A": {"status": "SUCCEEDED"}}}),
        "",
        &mut errors,
    );
    assert_eq!(
        errors,
        Vec::<String>::new(),
        "a gallery example.json may leave its files out"
    );
    let mut errors = Vec::new();
    validate(
        &schema,
        &schema,
        &json!({"definition": "d", "testCases": {"A": {"stauts": "x", "status": "DONE"}}}),
        "",
        &mut errors,
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
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
