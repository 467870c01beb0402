//! JSONata fields: their facts in one table ([`Field`]), the reserved variable `$states`, and
//! evaluation with AWS's visibility rules:
//!
//! | field | `input` | `result` | `errorOutput` | `context` |
//! |---|---|---|---|---|
//! | `Arguments`, `Items`, `ItemSelector`, `Condition`, Wait/Task/Map numbers, Fail `Error`/`Cause` | yes | | | yes |
//! | `Assign`, `Output` of a state | yes | Task, Parallel, Map | | yes |
//! | `Assign`, `Output` of a catcher | yes | | yes | yes |
//!
//! `$states.input` is always the raw state input. Without `Output` a state's output is its
//! result (Task, Parallel, Map), the error output (a catcher) or its input (the others).
//!
//! A failing expression is `States.QueryEvaluationError`; the history records an
//! `EvaluationFailed` event naming the field (`location`) before the state fails.
//!
//! Also the number fields of both languages (`TimeoutSeconds`/`TimeoutSecondsPath`/`{% %}`).

use serde_json::Value;

use super::data;
use super::errors::plain;
use super::frame::VarView;
use super::history::Detail;
use super::model::NumberField;
use super::Execution;
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::jsonata::{expect_integer, CompiledTemplate, Env, FieldError};

/// What `$states` holds for one evaluation (and `$$` for JSONPath `Assign`).
#[derive(Clone, Copy)]
pub(crate) struct States<'a> {
    /// `$states.input`: the raw state input.
    pub input: &'a Doc,
    /// `$states.result`: the Task/Parallel/Map result, in `Assign`/`Output`.
    pub result: Option<&'a Doc>,
    /// `$states.errorOutput`: in a catcher's `Assign`/`Output`.
    pub error_output: Option<&'a Doc>,
    /// `$states.context`: the Context object.
    pub context: &'a Doc,
}

impl<'a> States<'a> {
    pub(crate) fn new(input: &'a Doc, context: &'a Doc) -> Self {
        States {
            input,
            result: None,
            error_output: None,
            context,
        }
    }
}

/// A field that takes a JSONata expression (or, for numbers, a JSONPath reference path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Output,
    Arguments,
    Assign,
    Condition,
    Items,
    ItemSelector,
    Seconds,
    Timestamp,
    TimeoutSeconds,
    HeartbeatSeconds,
    MaxConcurrency,
    ToleratedFailureCount,
    ToleratedFailurePercentage,
    Error,
    Cause,
    Credentials,
}

/// What a number field's value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Expect {
    /// Not a number field: its users check the value themselves.
    Other,
    /// An integer in this range.
    Integer(i64, i64),
    /// A number from 0 to 100.
    Percentage,
}

impl Field {
    /// The field's row: its name (as the definition writes it, and as `EvaluationFailed`
    /// events give it as `location`) and, for number fields, what the value must be.
    const fn row(self) -> (&'static str, Expect) {
        const SECONDS: Expect = Expect::Integer(1, 99_999_999);
        const COUNT: Expect = Expect::Integer(0, i32::MAX as i64);
        match self {
            Field::Output => ("Output", Expect::Other),
            Field::Arguments => ("Arguments", Expect::Other),
            Field::Assign => ("Assign", Expect::Other),
            Field::Condition => ("Condition", Expect::Other),
            Field::Items => ("Items", Expect::Other),
            Field::ItemSelector => ("ItemSelector", Expect::Other),
            Field::Seconds => ("Seconds", Expect::Integer(0, 99_999_999)),
            Field::Timestamp => ("Timestamp", Expect::Other),
            Field::TimeoutSeconds => ("TimeoutSeconds", SECONDS),
            Field::HeartbeatSeconds => ("HeartbeatSeconds", SECONDS),
            Field::MaxConcurrency => ("MaxConcurrency", COUNT),
            Field::ToleratedFailureCount => ("ToleratedFailureCount", COUNT),
            Field::ToleratedFailurePercentage => ("ToleratedFailurePercentage", Expect::Percentage),
            Field::Error => ("Error", Expect::Other),
            Field::Cause => ("Cause", Expect::Other),
            Field::Credentials => ("Credentials", Expect::Other),
        }
    }

    /// The field's name in a definition.
    pub(crate) const fn name(self) -> &'static str {
        self.row().0
    }

    /// Checks an evaluated number field.
    pub(crate) fn check_number(self, value: &Value) -> Result<f64, FieldError> {
        let location = self.name();
        match self.row().1 {
            Expect::Percentage => match value.as_f64() {
                Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
                _ => Err(FieldError::new(
                    location,
                    format!(
                        "The field '{location}' must be a number between 0 and 100 but was: {value}"
                    ),
                )),
            },
            Expect::Integer(min, max) => {
                expect_integer(value, location, min, max).map(|n| n as f64)
            }
            Expect::Other => Err(FieldError::new(location, "not a number field")),
        }
    }
}

impl Execution {
    /// Evaluates a JSONata field of the current state. On failure, records `EvaluationFailed`
    /// and returns the state's error.
    pub(crate) fn eval(
        &mut self,
        template: &CompiledTemplate,
        field: Field,
        states: &States<'_>,
    ) -> Result<Value, StatesError> {
        let outcome = {
            let vars = VarView(&self.frames);
            let host = &mut self.host;
            let mut random = || host.random_u64();
            // The JSONata engine speaks `Value` (and converts to its own values again).
            let input = states.input.to_value();
            let context = states.context.to_value();
            let result = states.result.map(Doc::to_value);
            let error_output = states.error_output.map(Doc::to_value);
            let mut env = Env::new(&input)
                .with_context(&context)
                .with_variables(&vars)
                .with_clock(self.now_ms)
                .with_random(&mut random);
            if let Some(result) = &result {
                env = env.with_result(result);
            }
            if let Some(error_output) = &error_output {
                env = env.with_error_output(error_output);
            }
            template.evaluate(&env, field.name())
        };
        outcome.map_err(|e| self.jsonata_failed(e))
    }

    /// [`Execution::eval`] of an optional field; `None` when the state has no such field.
    pub(crate) fn eval_opt(
        &mut self,
        template: Option<&CompiledTemplate>,
        field: Field,
        states: &States<'_>,
    ) -> Result<Option<Value>, StatesError> {
        template.map(|t| self.eval(t, field, states)).transpose()
    }

    /// Records `EvaluationFailed` for a failed field and returns the state's error, with the
    /// prefix AWS puts on errors of a state.
    pub(crate) fn jsonata_failed(&mut self, failure: FieldError) -> StatesError {
        let (name, entered) = match self.current() {
            Some((frame, state)) => (state.name.clone(), frame.entered_event_id),
            None => (std::rc::Rc::from(""), 0),
        };
        let cause = format!(
            "An error occurred while executing the state '{name}' (entered at the event id #{entered}). {}",
            failure.error.cause.as_deref().unwrap_or("")
        );
        let mut details = vec![
            ("error", Detail::Str(failure.error.error.as_str().into())),
            ("cause", Detail::Str(cause.as_str().into())),
        ];
        // No location when no field failed (a Map's input that is not an array).
        if !failure.location.is_empty() {
            details.push(("location", Detail::Str(failure.location.as_str().into())));
        }
        details.push(("state", Detail::Str(name)));
        self.emit("EvaluationFailed", details);
        StatesError::new(failure.error.error, cause)
    }

    /// Reads a `TimeoutSeconds`-like field: a literal, a path into `input` (JSONPath) or an
    /// expression (JSONata). `Ok(None)` when absent; `States.Runtime` when a path finds no
    /// non-negative integer.
    pub(crate) fn number(
        &mut self,
        number: Option<&NumberField>,
        field: Field,
        input: &Doc,
        context: &Doc,
    ) -> Result<Option<f64>, StatesError> {
        let name = field.name();
        match number {
            None => Ok(None),
            Some(NumberField::Literal(n)) => Ok(Some(*n)),
            Some(NumberField::Expr(template)) => {
                let value = self.eval(template, field, &States::new(input, context))?;
                let checked = field.check_number(&value);
                checked.map(Some).map_err(|e| self.jsonata_failed(e))
            }
            Some(NumberField::Path(path)) => {
                let value = data::select_path(path, input, context, &self.vars())?;
                // A recorded AWS run reads `MaxConcurrencyPath` from the string "1".
                let text = (field == Field::MaxConcurrency)
                    .then(|| value.as_str().and_then(|t| t.parse::<u64>().ok()))
                    .flatten();
                match value.as_u64().or(text) {
                    Some(n) => Ok(Some(n as f64)),
                    None => Err(StatesError::new(
                        names::RUNTIME,
                        format!(
                            "The {name}Path field refers to value \"{}\" which is not a valid integer: {path}",
                            plain(&value)
                        ),
                    )),
                }
            }
        }
    }
}
