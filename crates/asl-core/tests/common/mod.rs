//! Shared helpers for the asl-core integration tests: a plain-text code frame and golden
//! snapshot files that fail when missing or stale (update with `UPDATE_SNAPSHOTS=1`,
//! refused when `CI` is set); time bounds and file reading that also work on wasm32.
#![allow(dead_code)]

pub mod clock;
pub mod files;

use std::path::{Path, PathBuf};

use asl_core::diagnostics::{Diagnostic, LineIndex, Severity};

/// Prints a line for the test's output: stdout natively, `console.log` on wasm32, where
/// `println!` goes nowhere (wasm-bindgen-test-runner shows it with `--nocapture`).
pub fn say(line: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    println!("{line}");
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!("{line}");
}

/// The fixtures folder.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `code line:column pointer`, the message, and the source line with carets.
pub fn frame(text: &str, d: &Diagnostic) -> String {
    let index = LineIndex::new(text);
    let pos = index.position(text, d.span.start);
    let line = text.lines().nth(pos.line - 1).unwrap_or("");
    let line: String = line.chars().take(160).collect();
    let width = text
        .get(d.span.start..d.span.end.min(text.len()))
        .unwrap_or("")
        .split('\n')
        .next()
        .unwrap_or("")
        .chars()
        .count()
        .clamp(1, 160);
    let gutter = format!("{:>4} | ", pos.line);
    format!(
        "{}[{}] {}:{} {}\n  {}\n{gutter}{line}\n{}{}{}\n",
        d.severity.as_str(),
        d.code,
        pos.line,
        pos.column,
        if d.pointer.is_empty() {
            "(root)"
        } else {
            &d.pointer
        },
        d.message,
        " ".repeat(gutter.len() - 2),
        "| ".to_string() + &" ".repeat(pos.column - 1),
        "^".repeat(width),
    )
}

/// Outcome of comparing a snapshot.
#[derive(Debug, PartialEq, Eq)]
pub enum Snapshot {
    /// Matches the committed file.
    Same,
    /// Written (update mode).
    Written,
    /// Missing or different: the test fails.
    Mismatch(String),
}

/// Compares `actual` with the file at `path`; writes it only when `update` is true.
pub fn compare_snapshot(path: &Path, actual: &str, update: bool) -> Snapshot {
    let expected = std::fs::read_to_string(path).ok();
    if expected.as_deref() == Some(actual) {
        return Snapshot::Same;
    }
    if update {
        return match std::fs::write(path, actual) {
            Ok(()) => Snapshot::Written,
            Err(e) => Snapshot::Mismatch(format!("cannot write {}: {e}", path.display())),
        };
    }
    Snapshot::Mismatch(match expected {
        None => format!("missing snapshot {}", path.display()),
        Some(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
            format!(
                "stale snapshot {} (first difference at line {}):\n  expected: {:?}\n  actual:   {:?}",
                path.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or("<end>"),
                actual.lines().nth(line).unwrap_or("<end>")
            )
        }
    })
}

/// Update mode: `UPDATE_SNAPSHOTS=1` and not in CI.
pub fn update_requested() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some() && std::env::var_os("CI").is_none()
}

/// `code pointer` of every diagnostic of the definition `text`, warnings marked `?code pointer`.
pub fn diagnostic_codes(text: &str) -> Vec<String> {
    asl_core::validate::validate(text)
        .diagnostics
        .iter()
        .map(|d| {
            let mark = if d.severity == Severity::Warning {
                "?"
            } else {
                ""
            };
            format!("{mark}{} {}", d.code, d.pointer)
        })
        .collect()
}

/// A machine whose one state `Map` is a Distributed Map (STANDARD children) with `map_fields`
/// added, its children running `processor` (by default one Pass state `P`).
pub fn distributed_map(
    map_fields: serde_json::Value,
    processor: Option<serde_json::Value>,
) -> serde_json::Value {
    use serde_json::json;
    let processor = processor
        .unwrap_or(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}));
    let mut processor = processor.as_object().cloned().unwrap_or_default();
    processor.insert(
        "ProcessorConfig".into(),
        json!({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}),
    );
    let mut map = json!({"Type": "Map", "ItemProcessor": processor, "End": true});
    if let (Some(m), Some(extra)) = (map.as_object_mut(), map_fields.as_object()) {
        m.extend(extra.clone());
    }
    json!({"StartAt": "Map", "States": {"Map": map}})
}
