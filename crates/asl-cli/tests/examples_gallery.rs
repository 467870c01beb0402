//! The examples gallery (`examples/<id>/`) end to end through the built `asl` binary: every
//! definition validates with no diagnostics, and every test case in `example.json` (a test
//! suite, run by `asl test`) runs with its mocks to the promised status and output or error.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn asl(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .output()
        .expect("runs asl");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct Example {
    id: String,
    dir: PathBuf,
    meta: Value,
}

fn examples() -> Vec<Example> {
    let mut list: Vec<Example> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let dir = e.path();
            let id = e.file_name().to_string_lossy().into_owned();
            let meta = read_json(&dir.join("example.json"));
            Example { id, dir, meta }
        })
        .collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    list
}

/// The use cases and features the gallery promises (see the gallery issue).
const REQUIRED: &[&str] = &[
    "ml-pipeline",
    "model-tuning",
    "batch-job",
    "error-handling",
    "pass-state",
    "task-state",
    "choice-rules",
    "wait-one-year",
    "succeed-state",
    "fail-state",
    "parallel-branches",
    "map-tolerated-failures",
    "dataflow-inputpath",
    "dataflow-parameters",
    "dataflow-resultselector",
    "dataflow-resultpath",
    "dataflow-outputpath",
    "intrinsic-functions",
    "callback-task",
    "jsonata-variables",
];

#[test]
fn gallery_is_complete_and_well_formed() {
    let list = examples();
    let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
    for id in REQUIRED {
        assert!(ids.contains(id), "missing example {id}");
    }
    for ex in &list {
        let id = &ex.id;
        assert!(
            asl_core::share::is_example_id(id),
            "{id}: not a link-safe id"
        );
        assert_eq!(ex.meta["id"], id.as_str(), "{id}: example.json id");
        for field in ["title", "description"] {
            let text = ex.meta[field].as_str().unwrap_or_default();
            assert!(!text.is_empty() && !text.contains('\n'), "{id}: {field}");
        }
        let cases = ex.meta["testCases"].as_object().expect("testCases object");
        let statuses: Vec<&str> = cases
            .values()
            .filter_map(|c| c["status"].as_str())
            .collect();
        assert!(statuses.contains(&"SUCCEEDED"), "{id}: needs a happy path");
        assert!(statuses.contains(&"FAILED"), "{id}: needs a failure path");
        // One state machine in the mock file, named like the example, with the same test cases.
        let mocks = read_json(&ex.dir.join("mocks.json"));
        let machines = mocks["StateMachines"].as_object().expect("StateMachines");
        assert_eq!(
            machines.keys().collect::<Vec<_>>(),
            vec![id],
            "{id}: mocks.json machine"
        );
        let mock_cases = machines[id]["TestCases"].as_object().expect("TestCases");
        let mut a: Vec<_> = mock_cases.keys().collect();
        let mut b: Vec<_> = cases.keys().collect();
        a.sort();
        b.sort();
        assert_eq!(
            a, b,
            "{id}: test cases in mocks.json and example.json differ"
        );
        // Plain AWS ASL: no playground extension in the definition.
        let definition = std::fs::read_to_string(ex.dir.join("definition.asl.json")).expect("read");
        assert!(
            !definition.contains("x-asl"),
            "{id}: playground-only syntax in the definition"
        );
        read_json(&ex.dir.join("input.json"));
    }
}

#[test]
fn every_example_validates_without_diagnostics() {
    for ex in examples() {
        let file = ex.dir.join("definition.asl.json");
        let (code, stdout, stderr) =
            asl(&["validate", &file.to_string_lossy(), "--format", "json"]);
        assert_eq!(code, 0, "{}: {stdout}{stderr}", ex.id);
        // The JSON format is the list of diagnostics: warnings count too.
        let report: Value = serde_json::from_str(&stdout).expect("json report");
        assert_eq!(
            report.as_array().map(Vec::len),
            Some(0),
            "{}: {stdout}",
            ex.id
        );
    }
}

/// The gallery's promises are test suites (`example.json`, docs/test-suite.schema.json):
/// `asl test examples/` runs every case of every example and checks it, as CI does.
#[test]
fn every_test_case_runs_to_its_promised_result() {
    let (code, stdout, stderr) = asl(&[
        "test",
        &examples_dir().to_string_lossy(),
        "--reporter",
        "json",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).expect("json report");
    let mut ran = 0;
    for ex in examples() {
        let cases = ex.meta["testCases"].as_object().expect("testCases");
        for (case, expected) in cases {
            // Every case promises its outcome, not only that it runs.
            let status = expected["status"].as_str().expect("status");
            let promised = if status == "SUCCEEDED" {
                "output"
            } else {
                "error"
            };
            assert!(
                expected.get(promised).is_some(),
                "{} / {case}: promise an {promised}",
                ex.id
            );
            ran += 1;
        }
    }
    assert_eq!(report["failed"], 0, "{stdout}");
    assert_eq!(report["passed"], ran, "every case of every example ran");
    eprintln!("gallery: {ran} test cases ran");
    assert!(ran >= 40, "only {ran} gallery test cases ran");
}
