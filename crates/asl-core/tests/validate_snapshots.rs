//! Golden snapshots for every definition under `tests/fixtures/*.asl.json`: the definition,
//! its diagnostics with code frames, and its Mermaid diagram, in one readable Markdown file
//! (`NAME.snap.md`). Missing or stale snapshots fail; regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test -p asl-core --test validate_snapshots` and review the diff.

mod common;

use asl_core::diagnostics::Severity;
use asl_core::{graph, validate};
use common::{compare_snapshot, fixtures, frame, update_requested, Snapshot};

fn render(name: &str, text: &str) -> String {
    let report = validate::validate(text);
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    let mut out = format!("# {name}\n\n## Definition\n\n```json\n{text}");
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "```\n\n## Diagnostics\n\n{errors} error(s), {warnings} warning(s)\n"
    ));
    if !report.diagnostics.is_empty() {
        out.push_str("\n```text\n");
        for d in &report.diagnostics {
            out.push_str(&frame(text, d));
        }
        out.push_str("```\n");
    }
    out.push_str("\n## Mermaid\n\n");
    match &report.definition {
        Some(def) => {
            let m = graph::mermaid(def);
            out.push_str(&format!("```mermaid\n{}```\n\nNodes: ", m.text));
            let nodes: Vec<String> = m
                .nodes
                .iter()
                .map(|n| format!("{}={:?}", n.id, n.state))
                .collect();
            out.push_str(&nodes.join(", "));
            out.push('\n');
        }
        None => out.push_str("(not JSON: nothing to draw)\n"),
    }
    out
}

#[test]
fn fixtures_match_snapshots() {
    let mut entries: Vec<_> = std::fs::read_dir(fixtures())
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.retain(|p| p.to_string_lossy().ends_with(".asl.json"));
    entries.sort();
    assert!(
        entries.len() >= 30,
        "expected at least 30 fixtures, found {}",
        entries.len()
    );
    let update = update_requested();
    let mut problems = Vec::new();
    for path in &entries {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = file.trim_end_matches(".asl.json");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let snap = path.with_file_name(format!("{name}.snap.md"));
        match compare_snapshot(&snap, &render(name, &text), update) {
            Snapshot::Same => {}
            Snapshot::Written => println!("updated {}", snap.display()),
            Snapshot::Mismatch(why) => problems.push(why),
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nrun `UPDATE_SNAPSHOTS=1 cargo test -p asl-core --test validate_snapshots` and review the diff",
        problems.join("\n")
    );
}

#[test]
fn missing_or_stale_snapshots_fail() {
    let dir = std::env::temp_dir().join(format!("asl-snap-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("x.snap.md");
    let _ = std::fs::remove_file(&path);
    assert!(
        matches!(compare_snapshot(&path, "a\n", false), Snapshot::Mismatch(m) if m.contains("missing"))
    );
    assert_eq!(compare_snapshot(&path, "a\n", true), Snapshot::Written);
    assert_eq!(compare_snapshot(&path, "a\n", false), Snapshot::Same);
    assert!(
        matches!(compare_snapshot(&path, "b\n", false), Snapshot::Mismatch(m) if m.contains("stale"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}
