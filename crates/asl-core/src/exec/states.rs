//! The simple states: Pass, Choice, Wait, Succeed and Fail, each as one tick of work from the
//! entered state to its exit (or failure). Data flow follows AWS's order:
//! `InputPath` → `Parameters` → result → `ResultSelector` → `ResultPath` → `OutputPath`.

use crate::doc::Doc;

use super::data;
use super::engine::Resume;
use super::model::{Common, Kind, NumberField, Test, WaitFor};
use super::query::{number_field_of, States};
use super::variables::{AssignOf, VarView};
use super::{clock, Execution};
use crate::error::{names, StatesError};
use crate::paths::Scope;

/// Which payload template of a state to evaluate.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TemplateField {
    Parameters,
    ResultSelector,
    ItemSelector,
}

impl Execution {
    /// `$$` for the current state when it needs one, else `null` (building the context object
    /// copies the execution input, so states that never mention `$$` skip it).
    pub(crate) fn context_if_used(&self) -> Doc {
        match self.current() {
            Some((_, state)) if state.uses_context => self.context(None, None),
            _ => Doc::Null,
        }
    }

    /// The current state's definition and raw input (cloned handles, to release `self`).
    fn current_parts(&self) -> Option<(usize, usize, Doc)> {
        let frame = self.frame()?;
        Some((frame.graph, frame.state, frame.input.clone()))
    }

    fn common(&self, graph: usize, state: usize) -> Option<&Common> {
        Some(&self.program.graphs.get(graph)?.states.get(state)?.common)
    }

    /// `InputPath`, recorded in the visit.
    pub(crate) fn input_path(&mut self, context: &Doc) -> Result<Doc, StatesError> {
        let (g, s, input) = self.current_parts().ok_or_else(internal)?;
        let common = self.common(g, s).ok_or_else(internal)?;
        let effective = data::select(&common.input_path, &input, context, &self.vars())?;
        let kept = self.keep(&effective);
        if let Some(visit) = self.visit_mut() {
            visit.after_input_path = kept;
        }
        Ok(effective)
    }

    /// `Parameters` (when present), recorded in the visit.
    pub(crate) fn parameters(&mut self, effective: Doc, context: &Doc) -> Result<Doc, StatesError> {
        let out = match self.eval_template(TemplateField::Parameters, &effective, context)? {
            Some(value) => value,
            None => effective,
        };
        let kept = self.keep(&out);
        if let Some(visit) = self.visit_mut() {
            visit.after_parameters = kept;
        }
        Ok(out)
    }

    /// Evaluates one of the current state's payload templates; `None` when it has none.
    pub(crate) fn eval_template(
        &mut self,
        field: TemplateField,
        doc: &Doc,
        context: &Doc,
    ) -> Result<Option<Doc>, StatesError> {
        let frame = self.frames.last().ok_or_else(internal)?;
        let state = self
            .program
            .graphs
            .get(frame.graph)
            .and_then(|g| g.states.get(frame.state))
            .ok_or_else(internal)?;
        let template = match field {
            TemplateField::Parameters => state.common.parameters.as_ref(),
            TemplateField::ResultSelector => state.common.result_selector.as_ref(),
            TemplateField::ItemSelector => match &state.kind {
                Kind::Map { item_selector, .. } => item_selector.as_ref(),
                _ => None,
            },
        };
        let Some(template) = template else {
            return Ok(None);
        };
        let vars = VarView(&self.frames);
        let host = &mut self.host;
        template
            .evaluate(&Scope::new(doc, context, &vars), &mut || host.random_u64())
            .map(Some)
    }

    /// `ResultSelector` → `ResultPath` → `OutputPath` on a result, recorded in the visit.
    pub(crate) fn result_flow(&mut self, result: Doc, context: &Doc) -> Result<Doc, StatesError> {
        if self.is_jsonata() {
            return self.jsonata_result_flow(Some(result), context);
        }
        let selected = match self.eval_template(TemplateField::ResultSelector, &result, context)? {
            Some(value) => value,
            None => result.clone(),
        };
        // JSONPath `Assign` reads the result after `ResultSelector` as `$`.
        let (g, s, input) = self.current_parts().ok_or_else(internal)?;
        self.stash_assign(AssignOf::State, &selected, &States::new(&input, context))?;
        let common = self.common(g, s).ok_or_else(internal)?;
        let after_result_path =
            data::apply_result_path(&common.result_path, input, selected.clone())?;
        let output = data::select(
            &common.output_path,
            &after_result_path,
            context,
            &self.vars(),
        )?;
        let kept = (
            self.keep(&result),
            self.keep(&selected),
            self.keep(&after_result_path),
        );
        if let Some(visit) = self.visit_mut() {
            (
                visit.result,
                visit.after_result_selector,
                visit.after_result_path,
            ) = kept;
        }
        Ok(output)
    }

    fn next_of(&self) -> Option<usize> {
        let (g, s, _) = self.current_parts()?;
        self.common(g, s)?.next
    }

    pub(crate) fn run_pass(&mut self) -> Result<(), StatesError> {
        if self.is_jsonata() {
            return self.run_pass_jsonata();
        }
        let context = self.context_if_used();
        let effective = self.input_path(&context)?;
        let effective = self.parameters(effective, &context)?;
        let result = match self.current() {
            Some((_, state)) => match &state.kind {
                Kind::Pass {
                    result: Some(result),
                } => result.clone(),
                _ => effective,
            },
            None => return Err(internal()),
        };
        // Pass has no ResultSelector; `result_flow` skips it when absent.
        let output = self.result_flow(result, &context)?;
        let next = self.next_of();
        self.complete_state(output, next);
        Ok(())
    }

    pub(crate) fn run_succeed(&mut self) -> Result<(), StatesError> {
        if self.is_jsonata() {
            return self.run_succeed_jsonata();
        }
        let context = self.context_if_used();
        let effective = self.input_path(&context)?;
        let (g, s, _) = self.current_parts().ok_or_else(internal)?;
        let common = self.common(g, s).ok_or_else(internal)?;
        let output = data::select(&common.output_path, &effective, &context, &self.vars())?;
        self.complete_state(output, None);
        Ok(())
    }

    pub(crate) fn run_choice(&mut self) -> Result<(), StatesError> {
        if self.is_jsonata() {
            return self.run_choice_jsonata();
        }
        let context = self.context_if_used();
        let effective = self.input_path(&context)?;
        let (g, s, _) = self.current_parts().ok_or_else(internal)?;
        let state = self
            .program
            .graphs
            .get(g)
            .and_then(|gr| gr.states.get(s))
            .ok_or_else(internal)?;
        let Kind::Choice { choices, default } = &state.kind else {
            return Err(internal());
        };
        let mut next = None;
        let vars = VarView(&self.frames);
        let scope = Scope::new(&effective, &context, &vars);
        for (i, choice) in choices.iter().enumerate() {
            let matched = match &choice.test {
                Test::Rule(rule) => rule.evaluate(&scope)?,
                // A Condition is JSONata only; the compiler gives JSONPath states rules.
                Test::Condition(_) => false,
            };
            if matched {
                next = Some((AssignOf::Rule(i), choice.next));
                break;
            }
        }
        let Some((assign, next)) = next.or(default.map(|d| (AssignOf::State, d))) else {
            return Err(StatesError::new(
                names::NO_CHOICE_MATCHED,
                format!(
                    "No Choice Rule matched and no Default was specified in state '{}'",
                    state.name
                ),
            ));
        };
        let output = data::select(&state.common.output_path, &effective, &context, &vars)?;
        let (_, _, input) = self.current_parts().ok_or_else(internal)?;
        self.stash_assign(assign, &effective, &States::new(&input, &context))?;
        self.complete_state(output, Some(next));
        Ok(())
    }

    pub(crate) fn run_wait(&mut self) -> Result<(), StatesError> {
        if self.is_jsonata() {
            return self.run_wait_jsonata();
        }
        let context = self.context_if_used();
        let effective = self.input_path(&context)?;
        let (g, s, _) = self.current_parts().ok_or_else(internal)?;
        let state = self
            .program
            .graphs
            .get(g)
            .and_then(|gr| gr.states.get(s))
            .ok_or_else(internal)?;
        let Kind::Wait { wait } = &state.kind else {
            return Err(internal());
        };
        let vars = VarView(&self.frames);
        let wait_ms: u64 = match wait {
            WaitFor::Seconds(seconds) => seconds_to_ms(*seconds),
            WaitFor::SecondsPath(path) => {
                let value = data::select_path(path, &effective, &context, &vars)?;
                match value.as_u64() {
                    Some(n) => n.saturating_mul(1000),
                    None => {
                        return Err(StatesError::new(
                            names::RUNTIME,
                            format!(
                                "The SecondsPath parameter does not reference a valid integer: {path} == {}",
                                plain(&value)
                            ),
                        ))
                    }
                }
            }
            WaitFor::Timestamp(text) => until(self.now_ms, text).ok_or_else(|| {
                StatesError::new(
                    names::RUNTIME,
                    format!("The Timestamp field is not a valid ISO-8601 extended offset date-time format string: {text}"),
                )
            })?,
            WaitFor::TimestampPath(path) => {
                let value = data::select_path(path, &effective, &context, &vars)?;
                value
                    .as_str()
                    .and_then(|text| until(self.now_ms, text))
                    .ok_or_else(|| {
                        StatesError::new(
                            names::RUNTIME,
                            format!(
                                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
                                plain(&value)
                            ),
                        )
                    })?
            }
            // JSONata forms cannot appear in a JSONPath state.
            WaitFor::SecondsExpr(_) | WaitFor::TimestampExpr(_) => return Err(internal()),
        };
        let output = data::select(&state.common.output_path, &effective, &context, &vars)?;
        let next = state.common.next;
        let (_, _, input) = self.current_parts().ok_or_else(internal)?;
        self.stash_assign(AssignOf::State, &effective, &States::new(&input, &context))?;
        self.defer(wait_ms, Resume::Complete { output, next });
        Ok(())
    }

    pub(crate) fn run_fail(&mut self) -> Result<(), StatesError> {
        if self.is_jsonata() {
            return self.run_fail_jsonata();
        }
        let (g, s, input) = self.current_parts().ok_or_else(internal)?;
        let state = self
            .program
            .graphs
            .get(g)
            .and_then(|gr| gr.states.get(s))
            .ok_or_else(internal)?;
        let Kind::Fail {
            error,
            error_path,
            cause,
            cause_path,
            ..
        } = &state.kind
        else {
            return Err(internal());
        };
        let context = if state.uses_context {
            self.context(None, None)
        } else {
            Doc::Null
        };
        let vars = VarView(&self.frames);
        let host = &mut self.host;
        let mut read = |literal: &Option<String>, path: &Option<String>, field: &str| {
            if let Some(text) = literal {
                return Ok(Some(text.clone()));
            }
            let Some(path) = path else { return Ok(None) };
            let value =
                data::path_or_intrinsic(path, &input, &context, &vars, &mut || host.random_u64())?;
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
        };
        let error = read(error, error_path, "ErrorPath")?;
        let cause = read(cause, cause_path, "CausePath")?;
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

    /// Reads a `TimeoutSeconds`-like field: a literal, or a path into the state's raw input.
    /// `Ok(None)` when absent; `States.Runtime` when the path finds no positive integer.
    pub(crate) fn number_field(
        &mut self,
        field: &Option<NumberField>,
        name: &str,
        input: &Doc,
        context: &Doc,
    ) -> Result<Option<f64>, StatesError> {
        match field {
            None => Ok(None),
            Some(NumberField::Literal(n)) => Ok(Some(*n)),
            Some(NumberField::Expr(_)) => {
                self.jsonata_number(number_field_of(name), input, context)
            }
            Some(NumberField::Path(path)) => {
                let value = data::select_path(path, input, context, &self.vars())?;
                // A recorded AWS run reads `MaxConcurrencyPath` from the string "1".
                let text = (name == "MaxConcurrency")
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

/// A value as AWS prints it in causes: strings bare, everything else as compact JSON.
pub(crate) fn plain(value: &Doc) -> String {
    match value {
        Doc::String(s) => s.to_string(),
        other => other.to_json_string(),
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

pub(crate) fn internal() -> StatesError {
    StatesError::new(names::RUNTIME, "internal: the current state is missing")
}
