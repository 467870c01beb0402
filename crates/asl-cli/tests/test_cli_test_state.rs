//! TestState cases in `asl test` suites: a request inline or in a file, the suite's
//! definition when the request gives none, expectations on the response met and broken,
//! every reporter, `--update`, and a suite of TestState cases only.

mod asl_test_support;
mod common;

use asl_test_support::{fixture, suite, temp};
use common::asl;
use serde_json::{json, Value};

/// The fixture's Route choice with an express order: goes to Express.
fn route_request() -> Value {
    json!({
        "stateName": "Route",
        "input": "{\"validation\":{\"express\":true}}",
    })
}

#[test]
fn test_state_cases_pass_and_fail_with_diffs() {
    let dir = temp("ts-cases");
    let request_file = dir.join("retry.json");
    std::fs::write(
        &request_file,
        json!({
            "stateName": "Validate",
            "mock": {"errorOutput": {"error": "Lambda.TooManyRequestsException", "cause": "slow"}},
            "inspectionLevel": "DEBUG",
        })
        .to_string(),
    )
    .expect("write");
    let file = suite(
        &dir,
        json!({
            "route": {"testState": route_request(), "status": "SUCCEEDED",
                      "responseSubset": {"nextState": "Express"},
                      "outputSubset": {"validation": {"express": true}}},
            "retry from file": {"testStateFile": "retry.json", "status": "RETRIABLE",
                                "error": "Lambda.TooManyRequestsException",
                                "responseSubset": {"inspectionData": {"errorDetails": {"retryIndex": 0}}}},
            "wrong next": {"testState": route_request(), "responseSubset": {"nextState": "Process Items"}},
            "wrong status": {"testState": route_request(), "status": "FAILED"},
            "refused": {"testState": {"stateName": "Nope"}, "status": "ValidationException",
                        "cause": {"pattern": "Nope"}},
            "execution only": {"testState": route_request(), "path": ["Route"]},
        }),
    );
    let out = asl(&["test", &file, "--reporter", "json"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let report: Value = serde_json::from_str(&out.stdout).expect("json report");
    let cases = report["suites"][0]["cases"]
        .as_array()
        .expect("cases")
        .clone();
    let by_name = |n: &str| {
        cases
            .iter()
            .find(|c| c["name"] == n)
            .unwrap_or_else(|| panic!("{n} in {cases:?}"))
            .clone()
    };
    assert_eq!(
        by_name("route")["result"],
        "passed",
        "{:?}",
        by_name("route")
    );
    assert_eq!(by_name("route")["status"], "SUCCEEDED");
    assert_eq!(by_name("route")["finalState"], "Route");
    let retry = by_name("retry from file");
    assert_eq!(retry["result"], "passed", "{retry:?}");
    assert_eq!(retry["status"], "RETRIABLE");
    assert_eq!(
        by_name("refused")["result"],
        "passed",
        "{:?}",
        by_name("refused")
    );
    assert_eq!(by_name("refused")["status"], "ValidationException");

    let wrong = by_name("wrong next");
    assert_eq!(wrong["result"], "failed");
    assert_eq!(wrong["failures"][0]["expectation"], "response (subset)");
    let diff = wrong["failures"][0]["diff"].as_str().unwrap_or_default();
    assert!(
        diff.contains("-   \"nextState\": \"Process Items\""),
        "{diff}"
    );
    assert!(diff.contains("+   \"nextState\": \"Express\""), "{diff}");
    let status = by_name("wrong status");
    assert_eq!(status["failures"][0]["expectation"], "status");
    assert_eq!(status["failures"][0]["actual"], "SUCCEEDED");
    let only = by_name("execution only");
    assert!(only["failures"][0]["expectation"]
        .as_str()
        .unwrap_or_default()
        .starts_with("path: applies to an execution"));
    assert_eq!(report["passed"], json!(3));
    assert_eq!(report["failed"], json!(3));

    // The other reporters carry the same cases.
    let junit = asl(&["test", &file, "--reporter", "junit"]);
    assert_eq!(junit.code, 1);
    let doc = roxmltree::Document::parse(&junit.stdout).expect("xml");
    let testcases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(testcases, 6);
    assert!(
        junit
            .stdout
            .contains("+   &quot;nextState&quot;: &quot;Express&quot;")
            || junit.stdout.contains("+   \"nextState\": \"Express\"")
    );
    let tap = asl(&["test", &file, "--reporter", "tap"]);
    assert!(tap.stdout.contains("1..6"), "{}", tap.stdout);
    assert_eq!(tap.stdout.matches("\nnot ok ").count(), 3, "{}", tap.stdout);
    let human = asl(&["test", &file]);
    assert!(
        human.stdout.contains("3 passed, 3 failed"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_suite_of_test_state_cases_needs_no_definition_and_updates() {
    let dir = temp("ts-only");
    let definition = std::fs::read_to_string(fixture("orders.asl.json")).expect("fixture");
    let mut request = route_request();
    request["definition"] = Value::String(definition);
    let suite = json!({
        "testCases": {
            "route": {"testState": request, "snapshot": true, "response": {"status": "FAILED"}},
        }
    });
    let path = dir.join("only.asl-test.json");
    std::fs::write(&path, suite.to_string()).expect("write");
    let file = path.to_string_lossy().into_owned();
    let out = asl(&["test", &file]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("response\n"), "{}", out.stdout);

    let out = asl(&["test", &file, "--update"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    let case = &written["testCases"]["route"];
    assert_eq!(case["status"], "SUCCEEDED");
    assert_eq!(case["response"]["nextState"], "Express");
    assert_eq!(case["response"]["status"], "SUCCEEDED");
    // The request stays as written (the definition was not inlined twice, nothing added).
    assert_eq!(case["testState"]["stateName"], "Route");
    let again = asl(&["test", &file]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
}

#[test]
fn an_unreadable_request_file_is_exit_2_with_its_position() {
    let dir = temp("ts-bad-file");
    std::fs::write(dir.join("bad.json"), "{\n  \"stateName\": ,\n}").expect("write");
    let file = suite(&dir, json!({"bad": {"testStateFile": "bad.json"}}));
    let out = asl(&["test", &file]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("bad.json:2:"), "{}", out.stderr);
}
