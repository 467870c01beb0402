//! What the `asl test` suites share: the fixture machine (Choice, Catch, Retry, Map,
//! Parallel) and its mock file, fresh folders, and suites written over the fixture.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/asl-test")
}

pub fn fixture(name: &str) -> String {
    fixtures().join(name).to_string_lossy().into_owned()
}

/// A fresh folder for one test's files.
pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("asl-test-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes a JSON suite over the fixture machine with `cases`; returns its path.
pub fn suite(dir: &Path, cases: Value) -> String {
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
