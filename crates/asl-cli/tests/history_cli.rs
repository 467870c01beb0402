//! `asl history import`: a history with retries and Map iterations (produced by `asl run
//! --history` with mocks that differ per invocation) imported back into a mock file
//! reproduces the run; a history without task data names the states it cannot reproduce.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

mod common;
use common::asl;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("asl-history-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    d
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    path.to_string_lossy().into_owned()
}

/// A YAML definition: a Task retried once, then a Map whose iterations call a Task.
const DEFINITION: &str = "\
StartAt: Fetch
States:
  Fetch:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Retry:
      - ErrorEquals: [Flaky]
        IntervalSeconds: 1
        MaxAttempts: 2
    ResultSelector:
      items.$: $.Payload.items
    Next: Each
  Each:
    Type: Map
    ItemsPath: $.items
    MaxConcurrency: 1
    ItemProcessor:
      StartAt: Double
      States:
        Double:
          Type: Task
          Resource: arn:aws:states:::lambda:invoke
          OutputPath: $.Payload
          End: true
    End: true
";

#[test]
fn a_history_imports_into_mocks_that_reproduce_it() {
    let d = dir("roundtrip");
    let def = write(&d, "machine.asl.yaml", DEFINITION);
    let input = write(&d, "input.json", r#"{"ids": [1, 2, 3]}"#);
    let mocks = json!({
        "StateMachines": {"M": {"TestCases": {"T": {"Fetch": "F", "Double": "D"}}}},
        "MockedResponses": {
            "F": {
                "0": {"Throw": {"Error": "Flaky", "Cause": "try again"}},
                "1": {"Return": {"Payload": {"items": [1, 2, 3]}}}
            },
            "D": {
                "0": {"Return": {"Payload": 2}},
                "1": {"Return": {"Payload": 4}},
                "2": {"Return": {"Payload": 6}}
            }
        }
    });
    let mocks = write(&d, "mocks.json", &mocks.to_string());
    let run = asl(&[
        "run",
        &def,
        "--input",
        &input,
        "--mocks",
        &mocks,
        "--history",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let recorded: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(recorded["output"], json!([2, 4, 6]));
    // As the AWS CLI prints it: {"events": [...]}.
    let history = write(
        &d,
        "history.json",
        &json!({"events": recorded["events"]}).to_string(),
    );

    let out_dir = d.join("case");
    let out_dir_s = out_dir.to_string_lossy().into_owned();
    let imported = asl(&[
        "history",
        "import",
        &history,
        "--definition",
        &def,
        "--out",
        &out_dir_s,
    ]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(
        imported.stderr.contains("5 task invocations mocked"),
        "{}",
        imported.stderr
    );
    assert!(
        !imported.stderr.contains("not reproducible"),
        "{}",
        imported.stderr
    );
    let generated: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("mocks.json")).expect("mocks written"),
    )
    .expect("JSON");
    assert_eq!(
        generated["MockedResponses"]["FetchResponses"]["0"],
        json!({"Throw": {"Error": "Flaky", "Cause": "try again"}})
    );
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("expected.json")).expect("expected written"),
    )
    .expect("JSON");
    assert_eq!(
        expected,
        json!({"status": "SUCCEEDED", "output": [2, 4, 6]})
    );

    let rerun = asl(&[
        "run",
        &def,
        "--input",
        &format!("{out_dir_s}/input.json"),
        "--mocks",
        &format!("{out_dir_s}/mocks.json"),
        "--history",
    ]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    let replayed: Value = serde_json::from_str(&rerun.stdout).expect("JSON");
    assert_eq!(replayed["output"], recorded["output"]);
    let types = |v: &Value| -> Vec<String> {
        v["events"]
            .as_array()
            .map(|a| a.iter().map(|e| e["type"].to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(types(&replayed), types(&recorded));

    // Compare mode: the same with the imported mocks; with mocks where Fetch succeeds at
    // once, the first difference is the first attempt's outcome.
    let same = asl(&["history", "compare", &history, "--definition", &def]);
    assert_eq!(same.code, 0, "{}{}", same.stdout, same.stderr);
    assert!(same.stdout.starts_with("same "), "{}", same.stdout);
    let other = json!({
        "StateMachines": {"M": {"TestCases": {"T": {"Fetch": "F"}}}},
        "MockedResponses": {"F": {"0": {"Return": {"Payload": {"items": []}}}}}
    });
    let other = write(&d, "other.json", &other.to_string());
    let differs = asl(&[
        "history",
        "compare",
        &history,
        "--definition",
        &def,
        "--mocks",
        &other,
        "--test-case",
        "T",
    ]);
    assert_eq!(differs.code, 1, "{}{}", differs.stdout, differs.stderr);
    assert!(
        differs.stdout.contains("AWS:   TaskFailed (Flaky)"),
        "{}",
        differs.stdout
    );
    assert!(
        differs.stdout.contains("local: TaskSucceeded"),
        "{}",
        differs.stdout
    );
}

#[test]
fn missing_task_data_is_named() {
    let d = dir("missing");
    let def = write(&d, "machine.asl.yaml", DEFINITION);
    let history = json!({"events": [
        {"id": 1, "previousEventId": 0, "type": "ExecutionStarted",
         "executionStartedEventDetails": {"inputDetails": {"included": false}}},
        {"id": 2, "previousEventId": 1, "type": "TaskStateEntered",
         "stateEnteredEventDetails": {"name": "Fetch"}},
        {"id": 3, "previousEventId": 2, "type": "TaskScheduled"},
        {"id": 4, "previousEventId": 3, "type": "TaskSucceeded",
         "taskSucceededEventDetails": {"outputDetails": {"included": false}}},
        {"id": 5, "previousEventId": 4, "type": "ExecutionFailed",
         "executionFailedEventDetails": {"error": "States.Runtime"}}
    ]});
    let history = write(&d, "history.json", &history.to_string());
    let out = asl(&["history", "import", &history, "--definition", &def]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("not reproducible: Fetch"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("--include-execution-data"),
        "{}",
        out.stderr
    );
    let mocks: Value = serde_json::from_str(&out.stdout).expect("the mock file on stdout");
    assert!(
        mocks["StateMachines"]["Imported"]["TestCases"]["FromHistory"]
            .get("Fetch")
            .is_none()
    );

    let out = asl(&["history", "import", &history]);
    assert_eq!(out.code, 2);
    let garbage = write(&d, "garbage.json", "{\"nope\": true}");
    let out = asl(&["history", "import", &garbage, "--definition", &def]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("events"), "{}", out.stderr);
}
