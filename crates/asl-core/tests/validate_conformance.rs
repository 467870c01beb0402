//! Every definition AWS accepted (the recorded conformance cases) must validate without
//! errors: AWS's recording is the truth, so a failure here is a validator bug.

mod common;

use std::path::PathBuf;

use asl_core::diagnostics::Severity;
use asl_core::validate::validate;

#[test]
fn recorded_definitions_have_no_errors() {
    let dir = common::files::conformance_dir().join("cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: no conformance cases at {}", dir.display());
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path().join("definition.json"))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut warnings = std::collections::BTreeMap::<&str, usize>::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let report = validate(&text);
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
        {
            *warnings.entry(d.code).or_default() += 1;
            if std::env::var_os("SHOW_WARNINGS").is_some() {
                println!("{}: {} {} {}", path.display(), d.code, d.pointer, d.message);
            }
        }
        for d in report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            failures.push(format!(
                "{}: {} {} {}",
                path.display(),
                d.code,
                d.pointer,
                d.message
            ));
        }
    }
    println!(
        "validated {} recorded definitions: {} errors, warnings by code {warnings:?}",
        paths.len(),
        failures.len()
    );
    assert!(
        !paths.is_empty(),
        "the conformance folder has no definitions"
    );
    assert!(
        failures.is_empty(),
        "{} false errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
