//! The reports of `asl test`: for people (pass/fail per case, each failure with a diff),
//! JUnit XML (one `testcase` per case, as CI systems read it), JSON and TAP.

use std::fmt::Write;
use std::time::Duration;

use asl_core::testing::Coverage;
use serde_json::{json, Value};

use super::exec::Outcome;
use super::load::Loaded;

/// `--reporter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reporter {
    Human,
    Junit,
    Json,
    Tap,
}

impl Reporter {
    pub(crate) fn parse(name: &str) -> Option<Reporter> {
        Some(match name {
            "human" => Reporter::Human,
            "junit" => Reporter::Junit,
            "json" => Reporter::Json,
            "tap" => Reporter::Tap,
            _ => return None,
        })
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// What went wrong in a case, as text: the setup error, or each failure with its diff.
pub(crate) fn failure_text(outcome: &Outcome) -> String {
    if let Some(e) = &outcome.setup_error {
        return e.clone();
    }
    outcome
        .failures
        .iter()
        .map(|f| f.to_text())
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("{by}{l}\n")
            }
        })
        .collect()
}

fn suite_name(loaded: &Loaded) -> String {
    loaded.file.to_string_lossy().into_owned()
}

/// The report for people.
pub(crate) fn human(
    suites: &[Loaded],
    outcomes: &[Outcome],
    total: Duration,
    compat: bool,
) -> String {
    let mut out = String::new();
    let mut current = usize::MAX;
    for o in outcomes {
        if o.job.suite != current {
            current = o.job.suite;
            let _ = writeln!(out, "{}", suite_name(&suites[current]));
        }
        let mark = if o.passed() { "✓" } else { "✗" };
        let _ = write!(out, "  {mark} {} ({} ms)", o.name, ms(o.duration));
        if compat && o.setup_error.is_none() {
            let _ = write!(
                out,
                ": {}, final state {}\n      path: {}",
                o.status,
                o.final_state.as_deref().unwrap_or("-"),
                o.path.join(" → ")
            );
        }
        out.push('\n');
        if !o.passed() {
            out.push_str(&indent(&failure_text(o), "      "));
        }
    }
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let _ = writeln!(
        out,
        "\n{} passed, {failed} failed, {} cases in {} suites ({} ms)",
        outcomes.len() - failed,
        outcomes.len(),
        suites.len(),
        ms(total)
    );
    out
}

/// The report as JSON.
pub(crate) fn json(
    suites: &[Loaded],
    outcomes: &[Outcome],
    total: Duration,
    coverage: Option<Value>,
) -> String {
    let mut list: Vec<Value> = suites
        .iter()
        .map(|s| json!({ "file": suite_name(s), "cases": [] }))
        .collect();
    for o in outcomes {
        let failures: Vec<Value> = o
            .failures
            .iter()
            .map(|f| {
                json!({
                    "expectation": f.expectation,
                    "expected": f.expected,
                    "actual": f.actual,
                    "diff": asl_core::testing::diff(&f.expected, &f.actual),
                })
            })
            .collect();
        let mut case = json!({
            "name": o.name,
            "result": if o.passed() { "passed" } else { "failed" },
            "status": o.status,
            "finalState": o.final_state,
            "path": o.path,
            "durationMs": ms(o.duration),
            "failures": failures,
        });
        if let Some(e) = &o.setup_error {
            case["setupError"] = json!(e);
        }
        if let Some(Value::Array(cases)) = list.get_mut(o.job.suite).map(|s| &mut s["cases"]) {
            cases.push(case);
        }
    }
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let mut out = json!({
        "passed": outcomes.len() - failed,
        "failed": failed,
        "durationMs": ms(total),
        "suites": list,
    });
    if let Some(c) = coverage {
        out["coverage"] = c;
    }
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}

/// The report as TAP version 13.
pub(crate) fn tap(suites: &[Loaded], outcomes: &[Outcome]) -> String {
    let mut out = format!("TAP version 13\n1..{}\n", outcomes.len());
    for (i, o) in outcomes.iter().enumerate() {
        let ok = if o.passed() { "ok" } else { "not ok" };
        let _ = writeln!(
            out,
            "{ok} {} - {} :: {}",
            i + 1,
            suite_name(&suites[o.job.suite]),
            o.name
        );
        if !o.passed() {
            out.push_str("  ---\n  message: |\n");
            out.push_str(&indent(&failure_text(o), "    "));
            out.push_str("  ...\n");
        }
    }
    out
}

/// Escapes text for XML content and attribute values; characters XML 1.0 cannot carry at
/// all (most C0 controls) become U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn secs(d: Duration) -> String {
    format!("{:.6}", d.as_secs_f64())
}

/// The report as JUnit XML: `testsuites` > one `testsuite` per suite file > one `testcase`
/// per case; a failed expectation is a `failure` (its text the diffs), a case that could not
/// run an `error`.
pub(crate) fn junit(suites: &[Loaded], outcomes: &[Outcome], total: Duration) -> String {
    let count = |pred: &dyn Fn(&Outcome) -> bool, suite: Option<usize>| {
        outcomes
            .iter()
            .filter(|o| suite.is_none_or(|s| o.job.suite == s))
            .filter(|o| pred(o))
            .count()
    };
    let is_failure = |o: &Outcome| o.setup_error.is_none() && !o.failures.is_empty();
    let is_error = |o: &Outcome| o.setup_error.is_some();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"asl test\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">",
        outcomes.len(),
        count(&is_failure, None),
        count(&is_error, None),
        secs(total)
    );
    for (i, loaded) in suites.iter().enumerate() {
        let cases: Vec<&Outcome> = outcomes.iter().filter(|o| o.job.suite == i).collect();
        let time: Duration = cases.iter().map(|o| o.duration).sum();
        let name = xml(&suite_name(loaded));
        let _ = writeln!(
            out,
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"{}\">",
            cases.len(),
            count(&is_failure, Some(i)),
            count(&is_error, Some(i)),
            secs(time)
        );
        for o in cases {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{name}\" time=\"{}\"",
                xml(&o.name),
                secs(o.duration)
            );
            if o.passed() {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let (tag, kind, message) = match &o.setup_error {
                Some(_) => ("error", "SetupError", "the case could not run".to_owned()),
                None => (
                    "failure",
                    "ExpectationFailed",
                    format!(
                        "{} expectation(s) failed: {}",
                        o.failures.len(),
                        o.failures
                            .iter()
                            .map(|f| f.expectation.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                ),
            };
            let _ = writeln!(
                out,
                "      <{tag} message=\"{}\" type=\"{kind}\">{}</{tag}>",
                xml(&message),
                xml(&failure_text(o))
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The coverage summary: totals and every state and transition never taken.
pub(crate) fn coverage_summary(coverage: &[(String, Coverage)]) -> String {
    let mut out = String::from("\ncoverage\n");
    for (name, c) in coverage {
        let (s, st, t, tt) = c.totals();
        let _ = writeln!(
            out,
            "  {name}: states {s}/{st}, transitions {t}/{tt} ({:.1} %)",
            c.percent()
        );
        for state in c.states.iter().filter(|s| s.hits == 0) {
            let _ = writeln!(out, "    state never entered: {:?}", state.state);
        }
        for edge in c.transitions.iter().filter(|t| t.hits == 0) {
            let _ = writeln!(out, "    transition never taken: {}", edge.label());
        }
    }
    out
}
