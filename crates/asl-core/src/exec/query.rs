//! JSONata states: the fields that take `{% %}` expressions and the reserved variable
//! `$states`, with AWS's visibility rules:
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

use serde_json::Value;

use crate::doc::Doc;

use super::engine::Resume;
use super::history::Detail;
use super::model::{Kind, NumberField, State, Test, WaitFor};
use super::states::internal;
use super::variables::{AssignOf, VarView};
use super::Execution;
use crate::error::{names, StatesError};
use crate::jsonata::{
    expect_array, expect_bool, expect_integer, expect_string, expect_timestamp, CompiledTemplate,
    Env, FieldError,
};

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

/// A JSONata field of the current state.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field {
    Output,
    Arguments,
    Assign,
    RuleAssign(usize),
    RuleOutput(usize),
    Condition(usize),
    CatchAssign(usize),
    CatchOutput(usize),
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
}

impl Field {
    /// The field's name as `EvaluationFailed` events and causes give it.
    fn location(self) -> &'static str {
        match self {
            Field::Output | Field::RuleOutput(_) | Field::CatchOutput(_) => "Output",
            Field::Arguments => "Arguments",
            Field::Assign | Field::RuleAssign(_) | Field::CatchAssign(_) => "Assign",
            Field::Condition(_) => "Condition",
            Field::Items => "Items",
            Field::ItemSelector => "ItemSelector",
            Field::Seconds => "Seconds",
            Field::Timestamp => "Timestamp",
            Field::TimeoutSeconds => "TimeoutSeconds",
            Field::HeartbeatSeconds => "HeartbeatSeconds",
            Field::MaxConcurrency => "MaxConcurrency",
            Field::ToleratedFailureCount => "ToleratedFailureCount",
            Field::ToleratedFailurePercentage => "ToleratedFailurePercentage",
            Field::Error => "Error",
            Field::Cause => "Cause",
        }
    }
}

fn number(field: &Option<NumberField>) -> Option<&CompiledTemplate> {
    match field {
        Some(NumberField::Expr(t)) => Some(t),
        _ => None,
    }
}

fn assign(a: Option<&super::model::Assign>) -> Option<&CompiledTemplate> {
    match a {
        Some(super::model::Assign::Jsonata(t)) => Some(t),
        _ => None,
    }
}

fn template_of(state: &State, field: Field) -> Option<&CompiledTemplate> {
    match (field, &state.kind) {
        (Field::Output, _) => state.common.output.as_ref(),
        (Field::Arguments, _) => state.common.arguments.as_ref(),
        (Field::Assign, _) => assign(state.common.assign.as_ref()),
        (Field::RuleAssign(i), Kind::Choice { choices, .. }) => {
            assign(choices.get(i)?.assign.as_ref())
        }
        (Field::RuleOutput(i), Kind::Choice { choices, .. }) => choices.get(i)?.output.as_ref(),
        (Field::Condition(i), Kind::Choice { choices, .. }) => match &choices.get(i)?.test {
            Test::Condition(t) => Some(t),
            Test::Rule(_) => None,
        },
        (Field::CatchAssign(i), _) => assign(state.common.catch.get(i)?.assign.as_ref()),
        (Field::CatchOutput(i), _) => state.common.catch.get(i)?.output.as_ref(),
        (Field::Items, Kind::Map { items, .. }) => items.as_ref(),
        (
            Field::ItemSelector,
            Kind::Map {
                item_selector_jsonata,
                ..
            },
        ) => item_selector_jsonata.as_ref(),
        (
            Field::Seconds,
            Kind::Wait {
                wait: WaitFor::SecondsExpr(t),
            },
        ) => Some(t),
        (
            Field::Timestamp,
            Kind::Wait {
                wait: WaitFor::TimestampExpr(t),
            },
        ) => Some(t),
        (Field::TimeoutSeconds, Kind::Task { timeout, .. }) => number(timeout),
        (Field::HeartbeatSeconds, Kind::Task { heartbeat, .. }) => number(heartbeat),
        (
            Field::MaxConcurrency,
            Kind::Map {
                max_concurrency, ..
            },
        ) => number(max_concurrency),
        (
            Field::ToleratedFailureCount,
            Kind::Map {
                tolerated_count, ..
            },
        ) => number(tolerated_count),
        (
            Field::ToleratedFailurePercentage,
            Kind::Map {
                tolerated_percentage,
                ..
            },
        ) => number(tolerated_percentage),
        (Field::Error, Kind::Fail { error_expr, .. }) => error_expr.as_ref(),
        (Field::Cause, Kind::Fail { cause_expr, .. }) => cause_expr.as_ref(),
        _ => None,
    }
}

impl Execution {
    /// Whether the current state runs in JSONata.
    pub(crate) fn is_jsonata(&self) -> bool {
        self.current().is_some_and(|(_, s)| s.jsonata)
    }

    /// Evaluates a JSONata field of the current state; `Ok(None)` when the state has none.
    pub(crate) fn eval_field(
        &mut self,
        field: Field,
        states: &States<'_>,
    ) -> Result<Option<Value>, StatesError> {
        let outcome = {
            let frame = self.frames.last().ok_or_else(internal)?;
            let state = self
                .program
                .graphs
                .get(frame.graph)
                .and_then(|g| g.states.get(frame.state))
                .ok_or_else(internal)?;
            let Some(template) = template_of(state, field) else {
                return Ok(None);
            };
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
            template.evaluate(&env, field.location())
        };
        outcome.map(Some).map_err(|e| self.jsonata_failed(e))
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
        self.emit(
            "EvaluationFailed",
            vec![
                ("error", Detail::Str(failure.error.error.as_str().into())),
                ("cause", Detail::Str(cause.as_str().into())),
                ("location", Detail::Str(failure.location.as_str().into())),
                ("state", Detail::Str(name)),
            ],
        );
        StatesError::new(failure.error.error, cause)
    }

    /// `Arguments` (Task, Parallel): the effective input, recorded in the visit as
    /// `afterParameters`. Without `Arguments` it is the state input.
    pub(crate) fn jsonata_arguments(&mut self, context: &Doc) -> Result<Doc, StatesError> {
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let out = match self.eval_field(Field::Arguments, &States::new(&input, context))? {
            Some(v) => Doc::from(v),
            None => input,
        };
        let kept = self.keep(&out);
        if let Some(visit) = self.visit_mut() {
            visit.after_parameters = kept;
        }
        Ok(out)
    }

    /// The effective input of a Task or Parallel: `Arguments` (JSONata) or `InputPath` then
    /// `Parameters` (JSONPath).
    pub(crate) fn effective_input(&mut self, context: &Doc) -> Result<Doc, StatesError> {
        if self.is_jsonata() {
            return self.jsonata_arguments(context);
        }
        let effective = self.input_path(context)?;
        self.parameters(effective, context)
    }

    /// `Assign` then `Output` of a state with a result (Task, Parallel, Map) or without one
    /// (`result` is `None`: the output defaults to the input).
    pub(crate) fn jsonata_result_flow(
        &mut self,
        result: Option<Doc>,
        context: &Doc,
    ) -> Result<Doc, StatesError> {
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let states = States {
            result: result.as_ref(),
            ..States::new(&input, context)
        };
        self.stash_assign(AssignOf::State, &Doc::Null, &states)?;
        let output = match self.eval_field(Field::Output, &states)? {
            Some(v) => Doc::from(v),
            None => result.clone().unwrap_or_else(|| input.clone()),
        };
        if let Some(result) = &result {
            let kept = self.keep(result);
            if let Some(visit) = self.visit_mut() {
                visit.result = kept;
            }
        }
        Ok(output)
    }

    /// A number field: a literal, a path (JSONPath states) or an expression (JSONata).
    pub(crate) fn jsonata_number(
        &mut self,
        field: Field,
        input: &Doc,
        context: &Doc,
    ) -> Result<Option<f64>, StatesError> {
        let Some(value) = self.eval_field(field, &States::new(input, context))? else {
            return Ok(None);
        };
        let location = field.location();
        let checked = match field {
            Field::ToleratedFailurePercentage => match value.as_f64() {
                Some(p) if (0.0..=100.0).contains(&p) => Ok(p),
                _ => Err(FieldError::new(
                    location,
                    format!(
                        "The field '{location}' must be a number between 0 and 100 but was: {value}"
                    ),
                )),
            },
            Field::TimeoutSeconds | Field::HeartbeatSeconds => {
                expect_integer(&value, location, 1, 99_999_999).map(|n| n as f64)
            }
            _ => expect_integer(&value, location, 0, i64::from(i32::MAX)).map(|n| n as f64),
        };
        checked.map(Some).map_err(|e| self.jsonata_failed(e))
    }

    pub(crate) fn run_pass_jsonata(&mut self) -> Result<(), StatesError> {
        let context = self.context_if_used();
        let output = self.jsonata_result_flow(None, &context)?;
        let next = self.current().and_then(|(_, s)| s.common.next);
        self.complete_state(output, next);
        Ok(())
    }

    pub(crate) fn run_succeed_jsonata(&mut self) -> Result<(), StatesError> {
        let context = self.context_if_used();
        let output = self.jsonata_result_flow(None, &context)?;
        self.complete_state(output, None);
        Ok(())
    }

    pub(crate) fn run_choice_jsonata(&mut self) -> Result<(), StatesError> {
        let context = self.context_if_used();
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let (_, state) = self.current().ok_or_else(internal)?;
        let Kind::Choice { choices, default } = &state.kind else {
            return Err(internal());
        };
        let targets: Vec<(usize, bool)> = choices
            .iter()
            .map(|c| (c.next, c.output.is_some()))
            .collect();
        let default = *default;
        let name = state.name.clone();
        let states = States::new(&input, &context);
        let mut chosen = None;
        for (i, (target, has_output)) in targets.iter().enumerate() {
            let value = self
                .eval_field(Field::Condition(i), &states)?
                .unwrap_or(Value::Null);
            let matched = expect_bool(&value, "Condition").map_err(|e| self.jsonata_failed(e))?;
            if matched {
                let output = if *has_output {
                    Field::RuleOutput(i)
                } else {
                    Field::Output
                };
                chosen = Some((AssignOf::Rule(i), output, *target));
                break;
            }
        }
        let (assign, output_field, next) = match (chosen, default) {
            (Some(c), _) => c,
            (None, Some(d)) => (AssignOf::State, Field::Output, d),
            (None, None) => {
                return Err(StatesError::new(
                    names::NO_CHOICE_MATCHED,
                    format!(
                        "No Choice Rule matched and no Default was specified in state '{name}'"
                    ),
                ))
            }
        };
        self.stash_assign(assign, &Doc::Null, &states)?;
        let output = match self.eval_field(output_field, &states)? {
            Some(v) => Doc::from(v),
            None => input.clone(),
        };
        self.complete_state(output, Some(next));
        Ok(())
    }

    pub(crate) fn run_wait_jsonata(&mut self) -> Result<(), StatesError> {
        let context = self.context_if_used();
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let (_, state) = self.current().ok_or_else(internal)?;
        let Kind::Wait { wait } = &state.kind else {
            return Err(internal());
        };
        let now = self.now_ms;
        let next = state.common.next;
        /// The wait, owned, so that evaluating it can borrow the execution.
        enum Wait {
            Seconds(f64),
            Timestamp(String),
            SecondsExpr,
            TimestampExpr,
        }
        let wait = match wait {
            WaitFor::Seconds(s) => Wait::Seconds(*s),
            WaitFor::Timestamp(t) => Wait::Timestamp(t.clone()),
            WaitFor::SecondsExpr(_) => Wait::SecondsExpr,
            WaitFor::TimestampExpr(_) => Wait::TimestampExpr,
            // JSONPath-only forms cannot appear in a JSONata state.
            WaitFor::SecondsPath(_) | WaitFor::TimestampPath(_) => return Err(internal()),
        };
        let wait_ms: u64 = match wait {
            Wait::Seconds(s) => (s.max(0.0) * 1000.0).round() as u64,
            Wait::Timestamp(text) => {
                let at = expect_timestamp(&Value::String(text), "Timestamp")
                    .map_err(|e| self.jsonata_failed(e))?;
                u64::try_from(at.saturating_sub(now)).unwrap_or(0)
            }
            Wait::SecondsExpr => {
                let states = States::new(&input, &context);
                let value = self
                    .eval_field(Field::Seconds, &states)?
                    .unwrap_or(Value::Null);
                let seconds = expect_integer(&value, "Seconds", 0, 99_999_999)
                    .map_err(|e| self.jsonata_failed(e))?;
                (seconds as u64).saturating_mul(1000)
            }
            Wait::TimestampExpr => {
                let states = States::new(&input, &context);
                let value = self
                    .eval_field(Field::Timestamp, &states)?
                    .unwrap_or(Value::Null);
                let at =
                    expect_timestamp(&value, "Timestamp").map_err(|e| self.jsonata_failed(e))?;
                u64::try_from(at.saturating_sub(now)).unwrap_or(0)
            }
        };
        let output = self.jsonata_result_flow(None, &context)?;
        self.defer(wait_ms, Resume::Complete { output, next });
        Ok(())
    }

    pub(crate) fn run_fail_jsonata(&mut self) -> Result<(), StatesError> {
        let context = self.context_if_used();
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let (_, state) = self.current().ok_or_else(internal)?;
        let Kind::Fail { error, cause, .. } = &state.kind else {
            return Err(internal());
        };
        let (mut error, mut cause) = (error.clone(), cause.clone());
        let states = States::new(&input, &context);
        for (field, slot) in [(Field::Error, &mut error), (Field::Cause, &mut cause)] {
            if let Some(value) = self.eval_field(field, &states)? {
                let text = expect_string(&value, field.location())
                    .map(str::to_owned)
                    .map_err(|e| self.jsonata_failed(e))?;
                *slot = Some(text);
            }
        }
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

    /// The items of a JSONata Map: `Items`, or the state input.
    pub(crate) fn jsonata_items(&mut self, context: &Doc) -> Result<Vec<Doc>, StatesError> {
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let value = match self.eval_field(Field::Items, &States::new(&input, context))? {
            Some(v) => v,
            None => {
                if let Some(items) = input.as_array() {
                    return Ok(items.to_vec());
                }
                input.to_value()
            }
        };
        match expect_array(&value, "Items") {
            Ok(items) => Ok(items.iter().map(Doc::from).collect()),
            Err(e) => Err(self.jsonata_failed(e)),
        }
    }

    /// A JSONata Map's `ItemSelector` for one item (`$states.context.Map.Item`).
    pub(crate) fn jsonata_item_selector(
        &mut self,
        index: usize,
        item: Doc,
    ) -> Result<Doc, StatesError> {
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let context = self.context(None, Some((index, &item)));
        match self.eval_field(Field::ItemSelector, &States::new(&input, &context))? {
            Some(v) => Ok(Doc::from(v)),
            None => Ok(item),
        }
    }

    /// A catcher of a JSONata state: its `Assign`, then its `Output` (default: the error
    /// output). The assignment is stashed for the state's exit.
    pub(crate) fn jsonata_catch(
        &mut self,
        catcher: usize,
        error_output: Doc,
    ) -> Result<Doc, StatesError> {
        let context = self.context_if_used();
        let input = self.frame().ok_or_else(internal)?.input.clone();
        let states = States {
            error_output: Some(&error_output),
            ..States::new(&input, &context)
        };
        self.stash_assign(AssignOf::Catcher(catcher), &error_output, &states)?;
        Ok(
            match self.eval_field(Field::CatchOutput(catcher), &states)? {
                Some(v) => Doc::from(v),
                None => error_output.clone(),
            },
        )
    }
}

/// Which field a `NumberField::Expr` of a Task or Map named `name` is.
pub(crate) fn number_field_of(name: &str) -> Field {
    match name {
        "TimeoutSeconds" => Field::TimeoutSeconds,
        "HeartbeatSeconds" => Field::HeartbeatSeconds,
        "MaxConcurrency" => Field::MaxConcurrency,
        "ToleratedFailureCount" => Field::ToleratedFailureCount,
        _ => Field::ToleratedFailurePercentage,
    }
}
