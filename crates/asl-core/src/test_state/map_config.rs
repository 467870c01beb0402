//! A Map state's numbers as TestState reports and applies them: `MaxConcurrency`,
//! `ToleratedFailureCount` and `ToleratedFailurePercentage`, each a literal, a JSONata
//! expression (`{% … %}`, over the state's input and the request's variables) or, in
//! JSONPath, its `…Path` form read from the input.

use serde_json::{Map, Value};

use super::request::Request;
use crate::doc::Doc;
use crate::jsonata::{is_expression, Env, Expression};
use crate::paths::Path;

/// One of the three numbers, when the state declares it and it evaluates to a number.
pub(super) fn number(state: &Map<String, Value>, field: &str, request: &Request) -> Option<f64> {
    if let Some(value) = state.get(field) {
        return match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if is_expression(s) => {
                let expression = Expression::parse(s).ok()?;
                let env = Env::new(&request.input).with_variables(&request.variables);
                expression.evaluate(&env).ok()??.as_f64()
            }
            _ => None,
        };
    }
    let path = state.get(&format!("{field}Path"))?.as_str()?;
    let input = state
        .get("InputPath")
        .and_then(Value::as_str)
        .and_then(|p| {
            Path::parse(p)
                .ok()?
                .select_in(&Doc::from(&request.input))
                .ok()
        })
        .unwrap_or_else(|| Doc::from(&request.input));
    Path::parse(path).ok()?.select_in(&input).ok()?.as_f64()
}
