//! Validation of a state machine definition: every problem in one pass, each with a stable
//! code, a message that says how to fix it, a byte span and a JSON Pointer.
//!
//! ```
//! let report = asl_core::validate::validate(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Succeed"}}}"#);
//! assert!(!report.is_valid());
//! let d = &report.diagnostics[0];
//! assert_eq!((d.code, d.pointer.as_str()), ("MISSING_TRANSITION_TARGET", "/States/A/Next"));
//! ```
//!
//! The walk goes scope by scope (the machine, each Parallel branch, each Map processor):
//! `scope.rs` checks `StartAt`/`States`, transitions and reachability; `states.rs` the fields
//! of each state type; `choice.rs`, `retry.rs`, `map.rs` their sub-objects; `templates.rs`
//! payload templates and JSONata strings; `paths_syntax.rs` and `intrinsic_syntax.rs` the
//! small languages inside strings. All wording is in `messages.rs`.

mod choice;
mod ctx;
mod intrinsic_syntax;
mod map;
pub mod messages;
mod paths_syntax;
mod resource;
mod retry;
mod scope;
mod states;
mod templates;
mod variables;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity};
use crate::json;
use ctx::Ctx;

pub use templates::check_jsonata_expression;

/// The largest definition Step Functions accepts, in bytes.
pub const MAX_DEFINITION_BYTES: usize = crate::limits::MAX_DEFINITION_BYTES;

/// The outcome of [`validate`].
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem found, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The definition as a value, when the text is JSON at all (even if invalid ASL).
    pub definition: Option<Value>,
}

impl Report {
    /// True when no diagnostic is an error (warnings are allowed).
    pub fn is_valid(&self) -> bool {
        self.diagnostics
            .iter()
            .all(|d| d.severity != Severity::Error)
    }
}

/// Parses and validates a definition, collecting every problem.
pub fn validate(text: &str) -> Report {
    validate_keeping_tree(text).0
}

/// [`validate`], also giving the positioned tree it checked (when the text is JSON), for a
/// caller that decides when it is freed (`exec::prepare`'s memo).
pub(crate) fn validate_keeping_tree(text: &str) -> (Report, Option<json::Node>) {
    let mut diagnostics = Vec::new();
    if text.len() > MAX_DEFINITION_BYTES {
        diagnostics.push(messages::too_large(text.len()));
        // Over the quota, only say whether it is JSON at all: building the positioned tree of
        // a 60 MB document takes gigabytes, and no field-level advice helps a definition that
        // cannot be deployed anyway.
        diagnostics.extend(syntax_only(text));
        let report = Report {
            diagnostics,
            definition: None,
        };
        return (report, None);
    }
    let node = match json::parse(text) {
        Ok(node) => node,
        Err(d) => {
            diagnostics.push(d);
            let report = Report {
                diagnostics,
                definition: None,
            };
            return (report, None);
        }
    };
    let mut ctx = Ctx::new(text);
    scope::check_definition(&mut ctx, &node);
    variables::check_references(&mut ctx, &node);
    diagnostics.extend(ctx.finish(&node));
    diagnostics.sort_by_key(|d| d.span.start);
    let report = Report {
        diagnostics,
        definition: Some(node.to_value()),
    };
    (report, Some(node))
}

/// Checks JSON syntax without building values (for texts over [`MAX_DEFINITION_BYTES`]).
fn syntax_only(text: &str) -> Option<Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let e = serde_json::from_str::<serde::de::IgnoredAny>(&text[bom..]).err()?;
    let line_start: usize = text[bom..]
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let mut offset = (bom + line_start + e.column().saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    Some(Diagnostic {
        code: "INVALID_JSON",
        severity: Severity::Error,
        message: format!("the definition is not valid JSON: {e}"),
        pointer: String::new(),
        span: offset..offset,
    })
}
