//! `asl run` and a Distributed Map's virtual S3: the printed result lists the objects the run
//! wrote under `"x-asl-playground": {"s3": …}` (the mock file's own format), and
//! `--s3-out DIR` saves the same objects as `DIR/BUCKET/KEY`.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/csv-batch-processing")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// One folder per test: the tests of this file run in parallel in one process.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-s3-out-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// `asl run` of the gallery's CSV batch example's test case `case`, saving to `dir`.
fn run_example(case: &str, dir: &Path) -> common::Out {
    common::asl(&[
        "run",
        &example("definition.asl.json"),
        "--input",
        &example("input.json"),
        "--mocks",
        &example("mocks.json"),
        "--test-case",
        case,
        "--s3-out",
        &dir.to_string_lossy(),
    ])
}

#[test]
fn written_objects_are_printed_and_saved() {
    let dir = scratch("written");
    let out = run_example("HappyPath", &dir);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    let written = result["x-asl-playground"]["s3"]["job-results"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut keys: Vec<&String> = written.keys().collect();
    keys.sort();
    // One failed batch of three: a SUCCEEDED and a FAILED file, and the manifest.
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert!(keys[0].ends_with("/FAILED_0.json") && keys[0].starts_with("nightly/"));
    assert!(keys[1].ends_with("/SUCCEEDED_0.json"));
    assert!(keys[2].ends_with("/manifest.json"));
    for key in keys {
        let saved = std::fs::read_to_string(dir.join("job-results").join(key))
            .unwrap_or_else(|e| panic!("{key} not saved: {e}"));
        assert_eq!(Some(saved.as_str()), written[key].as_str(), "{key}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_that_writes_nothing_has_no_s3_key() {
    let dir = scratch("nothing");
    let out = run_example("TooManyFailures", &dir);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let result: Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    assert!(result.get("x-asl-playground").is_none(), "{result}");
    assert!(!dir.exists());
}
