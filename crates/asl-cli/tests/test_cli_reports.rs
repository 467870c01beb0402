//! `asl test`'s reports through the built binary: JUnit (checked against the structure of
//! the JUnit XML schema CI tools read), JSON and TAP, the Step Functions Local compatibility
//! mode, coverage, and the suite format's JSON Schema.

mod asl_test_support;
mod common;

use std::path::Path;

use asl_test_support::{fixture, fixtures, suite, temp};
use common::asl;
use serde_json::{json, Value};

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
    suites.push((
        "TestState cases".into(),
        json!({"testCases": {
            "inline": {"testState": {"stateName": "Route"}, "status": "CAUGHT_ERROR",
                       "responseSubset": {"nextState": "Express"}},
            "file": {"testStateFile": "r.json", "status": "ValidationException",
                     "response": {"error": "ValidationException", "message": "m"}},
        }}),
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
