//! A state's data flow around its own work, in both query languages, and `Assign`:
//!
//! - JSONPath: `InputPath` → `Parameters` → result → `ResultSelector` → `Assign` →
//!   `ResultPath` → `OutputPath` (AWS's order; `Assign` reads the result after
//!   `ResultSelector` as `$`).
//! - JSONata: `Arguments` → result → `Assign` → `Output`.
//!
//! The per-type modules in `states` say what they need ([`Effective`], [`Exit`]); the two
//! functions here are the only places that look at a state's query language.
//! Each step records what it produced in the state's visit (see `inspect`).

use super::data;
use super::errors::internal;
use super::frame::VarView;
use super::model::{Assign, Kind, PathIo, Query, State};
use super::query::{Field, States};
use super::variables::{check_size, VarScope, Variable};
use super::Execution;
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::jsonata::CompiledTemplate;
use crate::paths::Scope;
use crate::template::Template;

/// What a state takes as its effective input.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Effective {
    /// JSONPath `InputPath`; JSONata the raw input (Choice, Wait, Succeed, Map).
    InputPath,
    /// JSONPath `InputPath` then `Parameters`; JSONata the raw input (Pass).
    Parameters,
    /// JSONPath `InputPath` then `Parameters`; JSONata `Arguments` (Task, Parallel).
    Arguments,
}

/// What a state hands to its exit flow.
#[derive(Debug)]
pub(crate) enum Exit<'a> {
    /// Task, Parallel, Map: their result.
    Result(Doc),
    /// Pass: its `Result` if any (JSONPath; else the effective input is the result).
    Pass(Option<&'a Doc>),
    /// Choice and Wait: no result; `Assign` (of the state or of the matched rule) reads the
    /// effective input, and a matched JSONata rule may bring its own `Output`.
    Plain(AssignOf, Option<&'a CompiledTemplate>),
    /// Succeed: no result and no `Assign`.
    Succeed,
}

/// Which `Assign` of the current state.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AssignOf {
    /// The state's own `Assign` (for a Choice: the one used with `Default`).
    State,
    /// The `Assign` of Choice rule `n`.
    Rule(usize),
    /// The `Assign` of catcher `n`.
    Catcher(usize),
}

fn assign_of(state: &State, which: AssignOf) -> Option<&Assign> {
    match which {
        AssignOf::State => state.common.assign.as_ref(),
        AssignOf::Rule(i) => match &state.kind {
            Kind::Choice { choices, .. } => choices.get(i)?.assign.as_ref(),
            _ => None,
        },
        AssignOf::Catcher(i) => state.common.catch.get(i)?.assign.as_ref(),
    }
}

impl Execution {
    /// `$$` for `state` when it needs one, else `null` (building the context object copies
    /// the execution input, so states that never mention `$$` skip it).
    pub(crate) fn context_if_used(&self, state: &State) -> Doc {
        if state.uses_context {
            self.context(None, None)
        } else {
            Doc::Null
        }
    }

    /// The current state's raw input.
    pub(crate) fn raw_input(&self) -> Result<Doc, StatesError> {
        Ok(self.frame().ok_or_else(internal)?.input.clone())
    }

    /// The effective input of the current state, recorded in its visit.
    pub(crate) fn effective_input(
        &mut self,
        query: &Query,
        how: Effective,
        context: &Doc,
    ) -> Result<Doc, StatesError> {
        let input = self.raw_input()?;
        let (out, parameters) = match (query, how) {
            (Query::JsonAta(io), Effective::Arguments) => {
                let states = States::new(&input, context);
                let value = self.eval_opt(io.arguments.as_ref(), Field::Arguments, &states)?;
                (value.map_or(input, Doc::from), true)
            }
            (Query::JsonAta(_), _) => return Ok(input),
            (Query::JsonPath(io), how) => {
                let effective = data::select(&io.input_path, &input, context, &self.vars())?;
                let kept = self.keep(&effective);
                if let Some(visit) = self.visit_mut() {
                    visit.after_input_path = kept;
                }
                match (&io.parameters, how) {
                    (_, Effective::InputPath) => return Ok(effective),
                    (Some(template), _) => {
                        (self.eval_template(template, &effective, context)?, true)
                    }
                    (None, _) => (effective, true),
                }
            }
        };
        if parameters {
            let kept = self.keep(&out);
            if let Some(visit) = self.visit_mut() {
                visit.after_parameters = kept;
            }
        }
        Ok(out)
    }

    /// Evaluates a JSONPath payload template (`Parameters`, `ResultSelector`,
    /// `ItemSelector`) on `doc`.
    pub(crate) fn eval_template(
        &mut self,
        template: &Template,
        doc: &Doc,
        context: &Doc,
    ) -> Result<Doc, StatesError> {
        let vars = VarView(&self.frames);
        let host = &mut self.host;
        template.evaluate(&Scope::new(doc, context, &vars), &mut || host.random_u64())
    }

    /// The current state's output: what follows its work, in its query language.
    pub(crate) fn exit_flow(
        &mut self,
        state: &State,
        effective: Doc,
        exit: Exit<'_>,
        context: &Doc,
    ) -> Result<Doc, StatesError> {
        let io = match &state.query {
            Query::JsonPath(io) => io,
            Query::JsonAta(io) => {
                let (result, assign, rule_output) = match exit {
                    Exit::Result(result) => (Some(result), AssignOf::State, None),
                    Exit::Plain(assign, output) => (None, assign, output),
                    Exit::Pass(_) | Exit::Succeed => (None, AssignOf::State, None),
                };
                let output = rule_output.or(io.output.as_ref());
                return self.jsonata_exit(state, result, assign, output, context);
            }
        };
        match exit {
            Exit::Result(result) => self.result_flow(state, io, result, context),
            Exit::Pass(result) => {
                let result = result.cloned().unwrap_or(effective);
                self.result_flow(state, io, result, context)
            }
            Exit::Plain(assign, _) => {
                let output = data::select(&io.output_path, &effective, context, &self.vars())?;
                let input = self.raw_input()?;
                self.stash_assign(state, assign, &effective, &States::new(&input, context))?;
                Ok(output)
            }
            Exit::Succeed => data::select(&io.output_path, &effective, context, &self.vars()),
        }
    }

    /// JSONPath: `ResultSelector` → `Assign` → `ResultPath` → `OutputPath` on a result,
    /// recorded in the visit.
    fn result_flow(
        &mut self,
        state: &State,
        io: &PathIo,
        result: Doc,
        context: &Doc,
    ) -> Result<Doc, StatesError> {
        let selected = match &io.result_selector {
            Some(template) => self.eval_template(template, &result, context)?,
            None => result.clone(),
        };
        // JSONPath `Assign` reads the result after `ResultSelector` as `$`.
        let input = self.raw_input()?;
        self.stash_assign(
            state,
            AssignOf::State,
            &selected,
            &States::new(&input, context),
        )?;
        let after_result_path = data::apply_result_path(&io.result_path, input, selected.clone())?;
        let output = data::select(&io.output_path, &after_result_path, context, &self.vars())?;
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

    /// JSONata: `Assign` then `Output` (default: the result, else the state input).
    fn jsonata_exit(
        &mut self,
        state: &State,
        result: Option<Doc>,
        assign: AssignOf,
        output: Option<&CompiledTemplate>,
        context: &Doc,
    ) -> Result<Doc, StatesError> {
        let input = self.raw_input()?;
        let states = States {
            result: result.as_ref(),
            ..States::new(&input, context)
        };
        self.stash_assign(state, assign, &Doc::Null, &states)?;
        let output = match self.eval_opt(output, Field::Output, &states)? {
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

    /// Evaluates an `Assign` of `state` and keeps the values until the state exits.
    /// JSONPath: `doc` is `$` (the result, the effective input, or the error output).
    /// JSONata: `states` gives `$states`.
    pub(crate) fn stash_assign(
        &mut self,
        state: &State,
        which: AssignOf,
        doc: &Doc,
        states: &States<'_>,
    ) -> Result<(), StatesError> {
        let Some(assign) = assign_of(state, which) else {
            return Ok(());
        };
        let not_object = || StatesError::new(names::RUNTIME, "The Assign field must be an object");
        let assigned: VarScope = match assign {
            Assign::JsonPath(template) => {
                let value = self.eval_template(template, doc, states.context)?;
                value
                    .as_object()
                    .ok_or_else(not_object)?
                    .iter()
                    .map(|(k, v)| (k.to_string(), Variable::from_doc(v.clone())))
                    .collect()
            }
            Assign::JsonAta(template) => {
                let serde_json::Value::Object(map) = self.eval(template, Field::Assign, states)?
                else {
                    return Err(not_object());
                };
                map.into_iter()
                    .map(|(k, v)| (k, Variable::from_value(v)))
                    .collect()
            }
        };
        check_size(&assigned, &state.name)?;
        if let Some(frame) = self.frame_mut() {
            frame.assigned = Some(assigned);
        }
        Ok(())
    }
}
