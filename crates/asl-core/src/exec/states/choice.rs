//! Choice: the first matching rule (a JSONPath rule or a JSONata `Condition`) picks `Next`,
//! else `Default`, else `States.NoChoiceMatched`.

use serde_json::Value;

use super::super::compile::Fields;
use super::super::compile_fields::{assign_field, jsonata_field, opt_str, Resolve};
use super::super::errors::{invalid, Invalid};
use super::super::io::{AssignOf, Effective, Exit};
use super::super::model::{ChoiceRule, Kind, State, StateId, Test};
use super::super::query::{Field, States};
use super::super::Execution;
use crate::choice::Rule;
use crate::error::{names, StatesError};
use crate::jsonata::{expect_bool, CompiledTemplate};
use crate::paths::Scope;

pub(super) fn compile(fields: &Fields<'_>, resolve: Resolve<'_>) -> Result<Kind, Invalid> {
    let (obj, ptr) = (fields.obj, fields.ptr);
    let mut choices = Vec::new();
    if let Some(Value::Array(rules)) = obj.get("Choices") {
        for (i, rule) in rules.iter().enumerate() {
            choices.push(compile_rule(
                fields,
                rule,
                &format!("{ptr}/Choices/{i}"),
                resolve,
            )?);
        }
    }
    let default = match opt_str(obj, "Default", ptr)? {
        Some(n) => Some(resolve(n, &format!("{ptr}/Default"))?),
        None => None,
    };
    Ok(Kind::Choice { choices, default })
}

fn compile_rule(
    fields: &Fields<'_>,
    rule: &Value,
    rptr: &str,
    resolve: Resolve<'_>,
) -> Result<ChoiceRule, Invalid> {
    let next = rule
        .get("Next")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(&format!("{rptr}/Next"), "is required"))?;
    let (test, assign) = match rule.as_object() {
        Some(r) if fields.jsonata => {
            let condition = jsonata_field(r, "Condition", rptr)?
                .ok_or_else(|| invalid(&format!("{rptr}/Condition"), "is required"))?;
            let assign = assign_field(r, rptr, true)?;
            let output = jsonata_field(r, "Output", rptr)?;
            (Test::Condition { condition, output }, assign)
        }
        r => {
            let test = Test::Rule(Rule::compile(rule).map_err(|m| invalid(rptr, &m))?);
            let assign = match r {
                Some(r) => assign_field(r, rptr, false)?,
                None => None,
            };
            (test, assign)
        }
    };
    Ok(ChoiceRule {
        test,
        next: resolve(next, &format!("{rptr}/Next"))?,
        assign,
    })
}

impl Execution {
    pub(super) fn run_choice(
        &mut self,
        state: &State,
        choices: &[ChoiceRule],
        default: Option<StateId>,
    ) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let effective = self.effective_input(&state.query, Effective::InputPath, &context)?;
        let input = self.raw_input()?;
        let mut chosen: Option<(AssignOf, Option<&CompiledTemplate>, StateId)> = None;
        for (i, rule) in choices.iter().enumerate() {
            let (matched, output) = match &rule.test {
                Test::Rule(test) => {
                    let vars = self.vars();
                    (
                        test.evaluate(&Scope::new(&effective, &context, &vars))?,
                        None,
                    )
                }
                Test::Condition { condition, output } => {
                    let states = States::new(&input, &context);
                    let value = self.eval(condition, Field::Condition, &states)?;
                    let matched = expect_bool(&value, Field::Condition.name())
                        .map_err(|e| self.jsonata_failed(e))?;
                    (matched, output.as_ref())
                }
            };
            if matched {
                chosen = Some((AssignOf::Rule(i), output, rule.next));
                break;
            }
        }
        let Some((assign, output, next)) = chosen.or(default.map(|d| (AssignOf::State, None, d)))
        else {
            return Err(StatesError::new(
                names::NO_CHOICE_MATCHED,
                format!(
                    "No Choice Rule matched and no Default was specified in state '{}'",
                    state.name
                ),
            ));
        };
        let output = self.exit_flow(state, effective, Exit::Plain(assign, output), &context)?;
        self.complete_state(output, Some(next));
        Ok(())
    }
}
