//! Wait: moves its frame's ready time by `Seconds` or to `Timestamp` (or their `…Path` /
//! expression forms), then exits with its input.

use serde_json::Value;

use super::super::compile::Fields;
use super::super::compile_fields::{compile_path, expression, opt_str};
use super::super::errors::{invalid, plain, Invalid};
use super::super::frame::Resume;
use super::super::io::{AssignOf, Effective, Exit};
use super::super::model::{AtaWait, Kind, PathWait, State, Wait};
use super::super::query::{Field, States};
use super::super::{clock, data, Execution};
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::jsonata::expect_timestamp;

pub(super) fn compile(fields: &Fields<'_>) -> Result<Kind, Invalid> {
    let (obj, ptr) = (fields.obj, fields.ptr);
    let seconds = || match obj.get("Seconds") {
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| invalid(&format!("{ptr}/Seconds"), "must be a number")),
        None => Ok(None),
    };
    let missing = || {
        invalid(
            ptr,
            "a Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath",
        )
    };
    if fields.jsonata {
        let wait = if let Some(t) = expression(obj, "Seconds", ptr)? {
            AtaWait::SecondsExpr(t)
        } else if let Some(t) = expression(obj, "Timestamp", ptr)? {
            AtaWait::TimestampExpr(t)
        } else if let Some(s) = seconds()? {
            AtaWait::Seconds(s)
        } else if let Some(t) = opt_str(obj, "Timestamp", ptr)? {
            AtaWait::Timestamp(t.to_owned())
        } else {
            return Err(missing());
        };
        return Ok(Kind::Wait(Wait::JsonAta(wait)));
    }
    let wait = if let Some(s) = seconds()? {
        PathWait::Seconds(s)
    } else if let Some(p) = opt_str(obj, "SecondsPath", ptr)? {
        PathWait::SecondsPath(compile_path(p, &format!("{ptr}/SecondsPath"))?)
    } else if let Some(t) = opt_str(obj, "Timestamp", ptr)? {
        PathWait::Timestamp(t.to_owned())
    } else if let Some(p) = opt_str(obj, "TimestampPath", ptr)? {
        PathWait::TimestampPath(compile_path(p, &format!("{ptr}/TimestampPath"))?)
    } else {
        return Err(missing());
    };
    Ok(Kind::Wait(Wait::JsonPath(wait)))
}

impl Execution {
    pub(super) fn run_wait(&mut self, state: &State, wait: &Wait) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let effective = self.effective_input(&state.query, Effective::InputPath, &context)?;
        let wait_ms = match wait {
            Wait::JsonPath(wait) => self.path_wait(wait, &effective, &context)?,
            Wait::JsonAta(wait) => self.ata_wait(wait, &context)?,
        };
        let exit = Exit::Plain(AssignOf::State, None);
        let output = self.exit_flow(state, effective, exit, &context)?;
        let next = state.common.next;
        self.defer(wait_ms, Resume::Complete { output, next });
        Ok(())
    }

    fn path_wait(
        &mut self,
        wait: &PathWait,
        effective: &Doc,
        context: &Doc,
    ) -> Result<u64, StatesError> {
        let runtime = |message: String| StatesError::new(names::RUNTIME, message);
        Ok(match wait {
            PathWait::Seconds(seconds) => seconds_to_ms(*seconds),
            PathWait::SecondsPath(path) => {
                let value = data::select_path(path, effective, context, &self.vars())?;
                match value.as_u64() {
                    Some(n) => n.saturating_mul(1000),
                    None => return Err(runtime(format!(
                        "The SecondsPath parameter does not reference a valid integer: {path} == {}",
                        plain(&value)
                    ))),
                }
            }
            PathWait::Timestamp(text) => until(self.now_ms, text).ok_or_else(|| runtime(format!(
                "The Timestamp field is not a valid ISO-8601 extended offset date-time format string: {text}"
            )))?,
            PathWait::TimestampPath(path) => {
                let value = data::select_path(path, effective, context, &self.vars())?;
                value
                    .as_str()
                    .and_then(|text| until(self.now_ms, text))
                    .ok_or_else(|| runtime(format!(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
                        plain(&value)
                    )))?
            }
        })
    }

    fn ata_wait(&mut self, wait: &AtaWait, context: &Doc) -> Result<u64, StatesError> {
        let now = self.now_ms;
        let input = self.raw_input()?;
        let states = States::new(&input, context);
        let timestamp = |value: &Value| {
            expect_timestamp(value, Field::Timestamp.name())
                .map(|at| u64::try_from(at.saturating_sub(now)).unwrap_or(0))
        };
        let waited = match wait {
            AtaWait::Seconds(s) => Ok((s.max(0.0) * 1000.0).round() as u64),
            AtaWait::Timestamp(text) => timestamp(&Value::String(text.clone())),
            AtaWait::SecondsExpr(template) => {
                let value = self.eval(template, Field::Seconds, &states)?;
                Field::Seconds
                    .check_number(&value)
                    .map(|seconds| (seconds as u64).saturating_mul(1000))
            }
            AtaWait::TimestampExpr(template) => {
                timestamp(&self.eval(template, Field::Timestamp, &states)?)
            }
        };
        waited.map_err(|e| self.jsonata_failed(e))
    }
}

fn seconds_to_ms(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds * 1000.0).round() as u64
    } else {
        0
    }
}

/// Milliseconds from `now` until the timestamp `text` (0 if it is in the past).
fn until(now: i64, text: &str) -> Option<u64> {
    let target = clock::parse_iso(text)?;
    Some(u64::try_from(target.saturating_sub(now)).unwrap_or(0))
}
