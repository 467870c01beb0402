//! Runs every recorded AWS case in `../shared/conformance` (relative to the repository root)
//! through `exec::run_texts`, the code path of `asl run`, and compares the pass counts with
//! the committed `conformance-summary.txt` (overall and per tag), oxc style.
//!
//! - A case passes when the status matches and, for SUCCEEDED, the output is equal as a JSON
//!   value; for FAILED, the error name is equal. Causes are scored apart.
//! - `UPDATE_CONFORMANCE=1 cargo test -p asl-core --test conformance` rewrites the summary.
//! - `CONFORMANCE_VERBOSE=1` prints every failing case with what differed.
//! - Cases are never copied into this repository; when the folder is missing the test says
//!   so and passes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn summary_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance-summary.txt")
}

/// Outcome of one case.
struct Outcome {
    passed: bool,
    /// For expected failures with a recorded cause: whether ours is the same.
    cause_matches: Option<bool>,
    detail: String,
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

fn check_case(dir: &Path) -> Outcome {
    let fail = |detail: String| Outcome {
        passed: false,
        cause_matches: None,
        detail,
    };
    let (expected, actual) = match common::files::run_recorded_case(dir) {
        Ok(both) => both,
        Err(detail) => return fail(detail),
    };
    let status_ok = actual.get("status") == expected.get("status");
    let passed = status_ok
        && match expected.get("status").and_then(Value::as_str) {
            Some("SUCCEEDED") => actual.get("output") == expected.get("output"),
            _ => actual.get("error") == expected.get("error"),
        };
    let cause_matches = expected.get("cause").map(|want| {
        let got = actual.get("cause").and_then(Value::as_str);
        match want {
            Value::String(s) => got == Some(s.as_str()),
            other => got
                .and_then(|g| serde_json::from_str::<Value>(g).ok())
                .is_some_and(|g| &g == other),
        }
    });
    Outcome {
        passed,
        cause_matches,
        detail: format!("expected {expected}\n    actual   {actual}"),
    }
}

#[test]
fn conformance() {
    let dir = common::files::conformance_dir();
    let Some(manifest) = read(&dir.join("manifest.json")) else {
        println!("conformance: {} not found, skipping", dir.display());
        return;
    };
    let manifest: Value = serde_json::from_str(&manifest).unwrap_or(Value::Null);
    let cases = manifest
        .get("cases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert!(!cases.is_empty(), "the manifest lists no cases");
    let verbose = std::env::var_os("CONFORMANCE_VERBOSE").is_some();

    let mut total = (0usize, 0usize);
    let mut plain = (0usize, 0usize);
    let mut causes = (0usize, 0usize);
    let mut by_tag: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        let Some(id) = case.get("id").and_then(Value::as_str) else {
            continue;
        };
        let tags: Vec<&str> = case
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let outcome = check_case(&dir.join("cases").join(id));
        let p = usize::from(outcome.passed);
        total.0 += p;
        total.1 += 1;
        if !tags.iter().any(|t| *t == "jsonata" || *t == "variables") {
            plain.0 += p;
            plain.1 += 1;
        }
        if let Some(same) = outcome.cause_matches {
            causes.0 += usize::from(same);
            causes.1 += 1;
        }
        for tag in &tags {
            let entry = by_tag.entry((*tag).to_owned()).or_default();
            entry.0 += p;
            entry.1 += 1;
        }
        if verbose && !outcome.passed {
            println!("FAIL {id}\n    {}", outcome.detail);
        } else if verbose && outcome.cause_matches == Some(false) {
            println!("CAUSE {id}\n    {}", outcome.detail);
        }
    }

    let mut summary = String::new();
    summary.push_str(&format!("all: {}/{}\n", total.0, total.1));
    summary.push_str(&format!(
        "without jsonata and variables: {}/{}\n",
        plain.0, plain.1
    ));
    summary.push_str(&format!("causes (exact): {}/{}\n", causes.0, causes.1));
    for (tag, (passed, count)) in &by_tag {
        summary.push_str(&format!("tag {tag}: {passed}/{count}\n"));
    }
    print!("{summary}");

    let path = summary_path();
    if std::env::var_os("UPDATE_CONFORMANCE").is_some() {
        std::fs::write(&path, &summary).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
        return;
    }
    let committed = read(&path).unwrap_or_default();
    let changed: Vec<String> = summary
        .lines()
        .filter(|line| !committed.lines().any(|c| c == *line))
        .map(|line| format!("  now {line}"))
        .collect();
    assert!(
        committed == summary,
        "conformance counts differ from {}:\n{}\nif this is an improvement, rerun with \
         UPDATE_CONFORMANCE=1 and commit the file",
        path.display(),
        changed.join("\n")
    );
}
