//! Breakpoints: a run stops ([`Execution::step`] returns) when a state is entered, exits or
//! fails, optionally only when a JSONata condition over the state's input (`$states.input`),
//! its context object (`$states.context`) and the workflow variables in scope is true. The
//! page and `asl run --break` share this one implementation.
//!
//! A breakpoint is checked as the event is recorded (entered, exited) or as the error reaches
//! the state's Retry/Catch handling (error), and the run stops at the end of that tick, so
//! the hit's event is the latest or nearly the latest one. Breakpoints change nothing in the
//! history: a run with them records the same events as one without.

use serde_json::Value;

use super::Execution;
use crate::error::StatesError;
use crate::jsonata::{Env, Expression};

/// When a breakpoint stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakOn {
    /// The state is entered (`*StateEntered`).
    Enter,
    /// The state exits (`*StateExited`).
    Exit,
    /// The state fails with an error (before Retry/Catch take it).
    Error,
}

impl BreakOn {
    /// `enter`, `exit` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakOn::Enter => "enter",
            BreakOn::Exit => "exit",
            BreakOn::Error => "error",
        }
    }

    /// Parses `enter`, `exit` or `error`.
    pub fn parse(text: &str) -> Option<BreakOn> {
        match text {
            "enter" => Some(BreakOn::Enter),
            "exit" => Some(BreakOn::Exit),
            "error" => Some(BreakOn::Error),
            _ => None,
        }
    }
}

/// A breakpoint on a state.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakpoint {
    /// The state's name (names are unique in a machine).
    pub state: String,
    /// When to stop.
    pub on: BreakOn,
    /// A JSONata expression (with or without `{% %}`); the run stops only when it is truthy.
    pub condition: Option<String>,
}

/// Where a run stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakHit {
    /// Index of the breakpoint in the list given to [`Execution::set_breakpoints`].
    pub index: usize,
    /// The state.
    pub state: String,
    /// Why it stopped.
    pub on: BreakOn,
    /// The latest event when it stopped (the state's entered or exited event, or its
    /// failure's).
    pub event_id: u64,
    /// The state's input (`$states.input` of the condition).
    pub input: Value,
    /// The error, for [`BreakOn::Error`].
    pub error: Option<StatesError>,
    /// The condition failed to evaluate (the run stops so that the problem is seen).
    pub condition_error: Option<String>,
}

pub(crate) struct Debugger {
    breakpoints: Vec<(Breakpoint, Option<Expression>)>,
    hit: Option<BreakHit>,
}

/// JSONata's `$boolean` (undefined is false).
fn truthy(value: &Option<Value>) -> bool {
    value.as_ref().is_some_and(truthy_value)
}

fn truthy_value(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => a.iter().any(truthy_value),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Parses a condition, with or without its `{% %}` delimiters.
pub(crate) fn parse_condition(text: &str) -> Result<Expression, String> {
    let trimmed = text.trim();
    let template = if crate::jsonata::is_expression(trimmed) {
        trimmed.to_owned()
    } else {
        format!("{{% {trimmed} %}}")
    };
    Expression::parse(&template).map_err(|e| e.message)
}

impl Execution {
    /// Sets the breakpoints (replacing any). A condition that does not parse is refused with
    /// the breakpoint's index and the parser's message.
    pub fn set_breakpoints(&mut self, breakpoints: Vec<Breakpoint>) -> Result<(), (usize, String)> {
        let mut compiled = Vec::with_capacity(breakpoints.len());
        for (i, bp) in breakpoints.into_iter().enumerate() {
            let condition = match bp.condition.as_deref().filter(|c| !c.trim().is_empty()) {
                Some(text) => Some(parse_condition(text).map_err(|m| (i, m))?),
                None => None,
            };
            compiled.push((bp, condition));
        }
        self.debug = (!compiled.is_empty()).then(|| {
            Box::new(Debugger {
                breakpoints: compiled,
                hit: None,
            })
        });
        Ok(())
    }

    /// The breakpoint the latest [`Execution::step`] stopped at.
    pub fn break_hit(&self) -> Option<&BreakHit> {
        self.debug.as_ref()?.hit.as_ref()
    }

    pub(crate) fn clear_break_hit(&mut self) {
        if let Some(d) = self.debug.as_mut() {
            d.hit = None;
        }
    }

    pub(crate) fn break_pending(&self) -> bool {
        self.debug.as_ref().is_some_and(|d| d.hit.is_some())
    }

    /// Checks the breakpoints after event `id` of type `event_type` was recorded.
    pub(crate) fn check_event_break(&mut self, event_type: &str, id: u64) {
        let on = if event_type.ends_with("StateEntered") {
            BreakOn::Enter
        } else if event_type.ends_with("StateExited") {
            BreakOn::Exit
        } else {
            return;
        };
        self.check_break(on, id, None);
    }

    /// Checks the error breakpoints of the current state.
    pub(crate) fn check_error_break(&mut self, error: &StatesError) {
        let id = self.events.len() as u64;
        self.check_break(BreakOn::Error, id, Some(error));
    }

    fn check_break(&mut self, on: BreakOn, id: u64, error: Option<&StatesError>) {
        let Some(debug) = self.debug.as_ref().filter(|d| d.hit.is_none()) else {
            return;
        };
        let Some((frame, state)) = self.current() else {
            return;
        };
        let name: &str = &state.name;
        let mut matching = debug
            .breakpoints
            .iter()
            .enumerate()
            .filter(|(_, (bp, _))| bp.on == on && bp.state == name)
            .peekable();
        if matching.peek().is_none() {
            return;
        }
        let input = frame.input.to_value();
        let context = self.context(None, None).to_value();
        let vars = self.vars();
        let mut hit = None;
        for (index, (_, condition)) in matching {
            let condition_error = match condition {
                None => None,
                Some(expr) => {
                    let env = Env::new(&input)
                        .with_context(&context)
                        .with_variables(&vars)
                        .with_clock(self.now_ms);
                    match expr.evaluate(&env) {
                        Ok(v) if truthy(&v) => None,
                        Ok(_) => continue,
                        Err(e) => Some(e.cause.unwrap_or(e.error)),
                    }
                }
            };
            hit = Some(BreakHit {
                index,
                state: name.to_owned(),
                on,
                event_id: id,
                input: input.clone(),
                error: error.cloned(),
                condition_error,
            });
            break;
        }
        if let (Some(hit), Some(debug)) = (hit, self.debug.as_mut()) {
            debug.hit = Some(hit);
        }
    }
}
