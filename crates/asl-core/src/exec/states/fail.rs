//! Fail: ends its graph with `Error` and `Cause` (literals, `…Path`s or expressions).

use super::super::compile::Fields;
use super::super::compile_fields::{expression, opt_str};
use super::super::data;
use super::super::errors::{plain, Invalid};
use super::super::frame::VarView;
use super::super::model::{Fail, Kind, State, Text};
use super::super::query::{Field, States};
use super::super::Execution;
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::jsonata::expect_string;

pub(super) fn compile(fields: &Fields<'_>) -> Result<Kind, Invalid> {
    let (obj, ptr) = (fields.obj, fields.ptr);
    let literal = |key: &str| Ok::<_, Invalid>(opt_str(obj, key, ptr)?.map(str::to_owned));
    if fields.jsonata {
        let (error, cause) = (
            expression(obj, "Error", ptr)?,
            expression(obj, "Cause", ptr)?,
        );
        let text = |expr: Option<_>, key: &str| -> Result<Option<Text>, Invalid> {
            match expr {
                Some(t) => Ok(Some(Text::Expr(t))),
                None => Ok(literal(key)?.map(Text::Literal)),
            }
        };
        return Ok(Kind::Fail(Fail::JsonAta {
            error: text(error, "Error")?,
            cause: text(cause, "Cause")?,
        }));
    }
    Ok(Kind::Fail(Fail::JsonPath {
        error: literal("Error")?,
        error_path: literal("ErrorPath")?,
        cause: literal("Cause")?,
        cause_path: literal("CausePath")?,
    }))
}

impl Execution {
    pub(super) fn run_fail(&mut self, state: &State, fail: &Fail) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let input = self.raw_input()?;
        let (error, cause) = match fail {
            Fail::JsonPath {
                error,
                error_path,
                cause,
                cause_path,
            } => (
                self.fail_text(error, error_path, "ErrorPath", &input, &context)?,
                self.fail_text(cause, cause_path, "CausePath", &input, &context)?,
            ),
            Fail::JsonAta { error, cause } => {
                let states = States::new(&input, &context);
                (
                    self.fail_expr(error.as_ref(), Field::Error, &states)?,
                    self.fail_expr(cause.as_ref(), Field::Cause, &states)?,
                )
            }
        };
        let failure = StatesError {
            error: error.unwrap_or_default(),
            cause,
        };
        if let Some(visit) = self.visit_mut() {
            visit.error = Some(failure.error.clone()).filter(|e| !e.is_empty());
            visit.cause = failure.cause.clone();
        }
        self.finish_frame(Err(failure));
        Ok(())
    }

    /// JSONPath `Error`/`Cause`, else `ErrorPath`/`CausePath` (a path or an intrinsic).
    fn fail_text(
        &mut self,
        literal: &Option<String>,
        path: &Option<String>,
        field: &str,
        input: &Doc,
        context: &Doc,
    ) -> Result<Option<String>, StatesError> {
        if let Some(text) = literal {
            return Ok(Some(text.clone()));
        }
        let Some(path) = path else { return Ok(None) };
        let vars = VarView(&self.frames);
        let host = &mut self.host;
        let value =
            data::path_or_intrinsic(path, input, context, &vars, &mut || host.random_u64())?;
        match value {
            Doc::String(s) => Ok(Some(s.to_string())),
            other => Err(StatesError::new(
                names::RUNTIME,
                format!(
                    "The {field} field refers to value \"{}\" which is not a valid string: {path}",
                    plain(&other)
                ),
            )),
        }
    }

    /// JSONata `Error`/`Cause`: a literal or an expression that must give a string.
    fn fail_expr(
        &mut self,
        text: Option<&Text>,
        field: Field,
        states: &States<'_>,
    ) -> Result<Option<String>, StatesError> {
        match text {
            None => Ok(None),
            Some(Text::Literal(text)) => Ok(Some(text.clone())),
            Some(Text::Expr(template)) => {
                let value = self.eval(template, field, states)?;
                expect_string(&value, field.name())
                    .map(|s| Some(s.to_owned()))
                    .map_err(|e| self.jsonata_failed(e))
            }
        }
    }
}
