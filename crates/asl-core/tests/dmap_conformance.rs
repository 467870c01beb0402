//! Runs the Distributed Map executions recorded on AWS (`../shared/conformance-dmap`, read in
//! place; its README describes the format) through `exec::run_texts`, the code path of
//! `asl run`, and requires every case to pass.
//!
//! - A case passes when the status matches and, for SUCCEEDED, the output matches; for
//!   FAILED, the error and the cause match.
//! - Matching is as JSON values, where the recorder's placeholders are wildcards: a `<…>`
//!   token inside a string (the same token stands for the same text within a case), the
//!   account `111111111111`, and the string `"date"`.
//! - `DMAP_VERBOSE=1` prints every failing case with what differed.
//! - When the folder is missing the test says so and passes.

mod common;

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use common::files::{conformance_dmap_dir, run_recorded_case};

/// One piece of an expected string: literal text or a placeholder.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(&'a str),
    Hole(&'a str),
}

/// Splits an expected string at its `<name>` placeholders and the recorder's account id.
fn pieces(expected: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = expected;
    while !rest.is_empty() {
        let placeholder = rest.find('<').and_then(|start| {
            let len = rest[start + 1..].find('>')?;
            let name = &rest[start + 1..start + 1 + len];
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ':');
            ok.then_some((start, start + len + 2))
        });
        let account = rest.find("111111111111").map(|s| (s, s + 12));
        let next = match (placeholder, account) {
            (Some(p), Some(a)) => Some(if a.0 < p.0 { a } else { p }),
            (p, a) => p.or(a),
        };
        let Some((start, end)) = next else {
            out.push(Piece::Text(rest));
            break;
        };
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Hole(&rest[start..end]));
        rest = &rest[end..];
    }
    out
}

/// Whether `actual` matches the pieces, binding holes consistently (backtracking).
fn match_pieces(
    pieces: &[Piece<'_>],
    actual: &str,
    bindings: &mut HashMap<String, String>,
) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return actual.is_empty();
    };
    match first {
        Piece::Text(t) => actual
            .strip_prefix(t)
            .is_some_and(|a| match_pieces(rest, a, bindings)),
        Piece::Hole(name) => {
            if let Some(bound) = bindings.get(*name).cloned() {
                return actual
                    .strip_prefix(bound.as_str())
                    .is_some_and(|a| match_pieces(rest, a, bindings));
            }
            let ends: Vec<usize> = actual
                .char_indices()
                .map(|(i, _)| i)
                .chain([actual.len()])
                .collect();
            for end in ends {
                let mut tried = bindings.clone();
                tried.insert((*name).to_owned(), actual[..end].to_owned());
                if match_pieces(rest, &actual[end..], &mut tried) {
                    *bindings = tried;
                    return true;
                }
            }
            false
        }
    }
}

fn matches(expected: &Value, actual: &Value, bindings: &mut HashMap<String, String>) -> bool {
    match (expected, actual) {
        (Value::String(e), _) if e == "date" => true,
        (Value::String(e), Value::String(a)) => match_pieces(&pieces(e), a, bindings),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(e, a)| matches(e, a, bindings))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|a| matches(v, a, bindings)))
        }
        (e, a) => e == a,
    }
}

/// `Ok(())` when the case passes, else what differed.
fn check_case(dir: &Path) -> Result<(), String> {
    let (expected, actual) = run_recorded_case(dir)?;
    let mut bindings = HashMap::new();
    let keys: &[&str] = match expected.get("status").and_then(Value::as_str) {
        Some("SUCCEEDED") => &["status", "output"],
        _ => &["status", "error", "cause"],
    };
    let ok = keys.iter().all(|k| match (expected.get(k), actual.get(k)) {
        (Some(e), Some(a)) => matches(e, a, &mut bindings),
        (None, None) => true,
        _ => false,
    });
    match ok {
        true => Ok(()),
        false => Err(format!("expected {expected}\n    actual   {actual}")),
    }
}

#[test]
fn placeholders_are_wildcards_bound_once() {
    let e =
        serde_json::json!({"a": "arn:<partition>:x:111111111111:<id>", "b": "<id>", "t": "date"});
    let good = serde_json::json!({"a": "arn:aws:x:123456789012:run/1", "b": "run/1", "t": 5});
    let bad = serde_json::json!({"a": "arn:aws:x:123456789012:run/1", "b": "run/2", "t": 5});
    assert!(matches(&e, &good, &mut HashMap::new()));
    assert!(!matches(&e, &bad, &mut HashMap::new()));
    assert!(!matches(
        &serde_json::json!("a<x>b"),
        &serde_json::json!("ac"),
        &mut HashMap::new()
    ));
}

#[test]
fn dmap_conformance() {
    let dir = conformance_dmap_dir().join("cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("dmap conformance: {} not found, skipping", dir.display());
        return;
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert!(!ids.is_empty(), "{} holds no cases", dir.display());
    let verbose = std::env::var_os("DMAP_VERBOSE").is_some();
    let mut failing = Vec::new();
    for id in &ids {
        if let Err(detail) = check_case(&dir.join(id)) {
            if verbose {
                println!("FAIL {id}\n    {detail}");
            }
            failing.push(id.clone());
        }
    }
    let passed = ids.len() - failing.len();
    println!("dmap conformance: {passed}/{} pass", ids.len());
    assert!(
        failing.is_empty(),
        "{} of {} Distributed Map cases fail (DMAP_VERBOSE=1 shows why): {failing:?}",
        failing.len(),
        ids.len()
    );
}
