//! JSONata as Step Functions uses it: `"{% expression %}"` strings in JSONata-mode fields,
//! evaluated with the reserved variable `$states`, the workflow variables, and the functions
//! Step Functions adds (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`).
//!
//! The language itself is jsonata-core (JSONata 2.x, pure Rust). This layer adds what Step
//! Functions defines on top, and what a deterministic playground needs:
//!
//! - time and randomness come from the [`Env`] (virtual clock, seeded source), never from the
//!   system (`$now`, `$millis`, `$random`, `$uuid`, `$shuffle`); `$eval` is disabled as on AWS;
//! - every evaluation is bounded by counts ([`Limits`]): nesting depth, sequence length, user
//!   function calls (a tail-recursive loop ends after `max_calls`), argument sizes. No wall
//!   clock is read, so the same bounds hold on wasm32;
//! - failures become `States.QueryEvaluationError` with AWS's cause text, and carry the field
//!   they happened in ([`FieldError::location`]) for the `EvaluationFailed` history event.
//!
//! Parse once ([`Expression::parse`], [`CompiledTemplate::compile`]) and evaluate many times.

mod convert;
mod engine;
mod env;
mod functions;
mod syntax;
mod template;
mod typed;

use std::fmt;

use jsonata_core::ast::AstNode;
use serde_json::Value;

use crate::error::{names, StatesError};

pub use env::{Env, Limits, NoVariables, ScopeChain, Variables};
pub use template::{evaluate_template, CompiledTemplate, TemplateSyntaxError};
pub use typed::{expect_array, expect_bool, expect_integer, expect_string, expect_timestamp};

/// True when `s` is a JSONata expression string: it starts with `{%` and ends with `%}`,
/// exactly, with no space outside the delimiters. Any other string is literal data.
pub fn is_expression(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("{%") && s.ends_with("%}")
}

/// True when `s` looks like an attempt at an expression that is not one: after trimming it
/// starts with `{%` or ends with `%}`, but `s` itself is not an expression (`" {% $x %}"`,
/// `"{% $x"`). AWS refuses such strings when it validates a definition ("Improperly opening or
/// closing the expression will result in a validation error"); at run time they are literal.
pub fn is_malformed_expression(s: &str) -> bool {
    let t = s.trim();
    !is_expression(s) && (t.starts_with("{%") || t.ends_with("%}"))
}

/// An expression that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonataSyntaxError {
    /// The parser's message, with its JSONata code (e.g. `S0202: Expected ], got )`).
    pub message: String,
    /// Byte offset of the offending token in the whole template string (`{%` included), so
    /// a validator can point into the JSON string that holds it.
    pub offset: usize,
}

impl fmt::Display for JsonataSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for JsonataSyntaxError {}

/// A JSONata failure in a named field of a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field, relative to the state: `Output`, `Output/a/b[0]`, `Arguments/FunctionName`,
    /// `Assign/x`, `Condition`, `Items`, ... (the `location` of an `EvaluationFailed` event).
    pub location: String,
    /// `States.QueryEvaluationError` with AWS's cause text (without the interpreter's
    /// "An error occurred while executing the state ..." prefix).
    pub error: StatesError,
}

impl FieldError {
    /// A `States.QueryEvaluationError` for `location` with this cause.
    pub fn new(location: impl Into<String>, cause: impl Into<String>) -> Self {
        FieldError {
            location: location.into(),
            error: StatesError::new(names::QUERY_EVALUATION_ERROR, cause),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (in {})", self.error, self.location)
    }
}

impl std::error::Error for FieldError {}

impl From<FieldError> for StatesError {
    fn from(e: FieldError) -> Self {
        e.error
    }
}

/// A parsed `"{% ... %}"` expression, ready to evaluate any number of times.
///
/// It owns its syntax tree (no shared pointers), so it is `Send` and can move with an
/// execution to another thread; it is not `Sync`.
#[derive(Debug, Clone)]
pub struct Expression {
    source: String,
    ast: AstNode,
    names: Vec<String>,
    uses_random: bool,
}

impl Expression {
    /// Parses a template string `"{% expr %}"`.
    pub fn parse(template: &str) -> Result<Expression, JsonataSyntaxError> {
        if !is_expression(template) {
            return Err(JsonataSyntaxError {
                message: "A JSONata expression must start with '{%' and end with '%}'".into(),
                offset: 0,
            });
        }
        let body = &template[2..template.len() - 2];
        const BODY_START: usize = 2;
        if body.trim().is_empty() {
            return Err(JsonataSyntaxError {
                message: "The JSONata expression is empty".into(),
                offset: BODY_START,
            });
        }
        if let Some(at) = syntax::too_deep_at(body) {
            return Err(JsonataSyntaxError {
                message: format!(
                    "The JSONata expression nests brackets deeper than {} levels",
                    syntax::MAX_BRACKET_DEPTH
                ),
                offset: BODY_START + at,
            });
        }
        let ast = jsonata_core::parser::parse(body).map_err(|e| JsonataSyntaxError {
            message: e.to_string(),
            offset: BODY_START + syntax::error_offset(body),
        })?;
        let binds_substring = body.contains("$substring") && {
            let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
            compact.contains("$substring:=")
                || compact.contains("($substring")
                || compact.contains(",$substring")
        };
        let ast = engine::instrument(ast, !binds_substring);
        let names = syntax::referenced_names(body);
        let uses_random = names
            .iter()
            .any(|n| matches!(n.as_str(), "random" | "uuid" | "shuffle"));
        Ok(Expression {
            source: template.to_string(),
            ast,
            names,
            uses_random,
        })
    }

    /// The whole template string, delimiters included.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The expression between the delimiters, trimmed, as AWS quotes it in causes.
    pub fn text(&self) -> &str {
        self.source[2..self.source.len() - 2].trim()
    }

    /// Evaluates the expression. `Ok(None)` is JSONata's *undefined* (no value).
    ///
    /// A failure is `States.QueryEvaluationError`; its cause names the expression but no
    /// field. Use [`Expression::evaluate_field`] for a field of a state.
    pub fn evaluate(&self, env: &Env<'_>) -> Result<Option<Value>, StatesError> {
        engine::evaluate(&self.ast, &self.names, self.uses_random, env).map_err(|message| {
            StatesError::new(
                names::QUERY_EVALUATION_ERROR,
                format!(
                    "The JSONata expression '{}' threw an error during evaluation. {message}",
                    self.text()
                ),
            )
        })
    }

    /// Evaluates the expression as the value of the field `location`: JSON cannot hold
    /// undefined, so no value is an error, as on AWS.
    pub fn evaluate_field(&self, env: &Env<'_>, location: &str) -> Result<Value, FieldError> {
        match engine::evaluate(&self.ast, &self.names, self.uses_random, env) {
            Ok(Some(value)) => Ok(value),
            Ok(None) => Err(FieldError::new(
                location,
                format!(
                    "The JSONata expression '{}' specified for the field '{location}' returned nothing (undefined).",
                    self.text()
                ),
            )),
            Err(message) => Err(FieldError::new(
                location,
                format!(
                    "The JSONata expression '{}' specified for the field '{location}' threw an error during evaluation. {message}",
                    self.text()
                ),
            )),
        }
    }
}
