//! Rendering diagnostics: a code frame per problem for people, or a JSON array for tools.

use std::fmt::Write;

use asl_core::diagnostics::{Diagnostic, LineIndex};
use serde_json::{json, Value};

/// Longest source line shown in a frame; longer lines are cut around the problem.
const MAX_LINE: usize = 120;

/// One code frame per diagnostic, then a summary line.
pub(crate) fn human(name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let start = index.position(text, d.span.start);
        let line_text = text.lines().nth(start.line - 1).unwrap_or("");
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        // Caret width: the span's characters on this line (at least one).
        let span_chars = text
            .get(d.span.start..d.span.end.min(text.len()))
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("")
            .chars()
            .count()
            .max(1);
        let (shown, caret_col) = window(line_text, start.column - 1);
        let carets = span_chars.min(shown.chars().count().saturating_sub(caret_col).max(1));
        let gutter = start.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
        let _ = writeln!(out, "{pad}--> {name}:{}:{}", start.line, start.column);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{} | {shown}", start.line);
        let _ = writeln!(
            out,
            "{pad} | {}{}",
            " ".repeat(caret_col),
            "^".repeat(carets)
        );
        if !d.pointer.is_empty() {
            let _ = writeln!(out, "{pad} = at {}", d.pointer);
        }
        out.push('\n');
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == asl_core::Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let verdict = if errors == 0 { "valid" } else { "invalid" };
    let _ = writeln!(
        out,
        "{name}: {verdict} ({errors} error{}, {warnings} warning{})",
        plural(errors),
        plural(warnings)
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The part of a line to show, and the caret column inside it, for a 0-based char column.
fn window(line: &str, column: usize) -> (String, usize) {
    let len = line.chars().count();
    // Tabs would shift the caret: show each as one space so columns line up.
    let line = line.replace('\t', " ");
    if len <= MAX_LINE {
        return (line, column);
    }
    let from = column.saturating_sub(MAX_LINE / 2);
    let to = (from + MAX_LINE).min(len);
    let mut shown: String = line.chars().skip(from).take(to - from).collect();
    let mut caret = column - from;
    if from > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if to < len {
        shown.push('…');
    }
    (shown, caret)
}

/// The diagnostics as a JSON array of `{code, severity, message, pointer, line, column}`.
pub(crate) fn json(text: &str, diagnostics: &[Diagnostic]) -> Value {
    let index = LineIndex::new(text);
    Value::Array(
        diagnostics
            .iter()
            .map(|d| {
                let pos = index.position(text, d.span.start);
                json!({
                    "code": d.code,
                    "severity": d.severity.as_str(),
                    "message": d.message,
                    "pointer": d.pointer,
                    "line": pos.line,
                    "column": pos.column,
                })
            })
            .collect(),
    )
}

/// One line per diagnostic, `PATH:LINE:COLUMN: SEVERITY [CODE] at POINTER: MESSAGE`, as
/// `asl run` reports a definition, input or mock file it cannot use. Without a text (`text`
/// empty and no span), the line is `PATH: SEVERITY [CODE]: MESSAGE`.
pub(crate) fn lines(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let pointer = if d.pointer.is_empty() {
            String::new()
        } else {
            format!(" at {}", d.pointer)
        };
        let at = if text.is_empty() {
            String::new()
        } else {
            let pos = index.position(text, d.span.start);
            format!(":{}:{}", pos.line, pos.column)
        };
        out.push_str(&format!(
            "{path}{at}: {} [{}]{pointer}: {}\n",
            d.severity.as_str(),
            d.code,
            d.message
        ));
    }
    out
}
