//! Running a parsed expression on jsonata-core: bindings, the Step Functions functions, the
//! limits, and conversion of the result.

use std::cell::Cell;
use std::rc::Rc;

use jsonata_core::ast::AstNode;
use jsonata_core::evaluator::{Context, Evaluator, EvaluatorError, EvaluatorOptions};
use jsonata_core::value::JValue;
use serde_json::Value;

use super::convert;
use super::env::Env;
use super::functions::{self, Runtime, CALL_COUNTER, GUARDED_SUBSTRING};

/// Rewrites every user function so that its body starts with a call to the hidden call
/// counter, passing the function's parameters: `function($x){B}` becomes
/// `function($x){( $counter($x); B )}`.
///
/// jsonata-core bounds nesting (`max_stack_depth`) and sequence sizes, but a tail-recursive
/// loop does not nest and its only stop is a wall-clock timeout, which cannot run on wasm32.
/// Counting function entries is deterministic and works everywhere. The body stays in tail
/// position of the block, so tail calls are still optimized.
///
/// The AST is rewritten through its serde form: that keeps this code independent of the
/// many node types of jsonata-core, which only need to round-trip.
///
/// Calls to `$substring` are also redirected to a guarded version (see
/// `functions::substring`), unless the expression binds its own `$substring`.
pub(crate) fn instrument(ast: AstNode, guard_substring: bool) -> Result<AstNode, String> {
    let mut tree = serde_json::to_value(&ast).map_err(|e| e.to_string())?;
    // The walk uses an explicit stack: the tree can be as deep as the parser allows.
    let mut stack: Vec<&mut Value> = vec![&mut tree];
    while let Some(node) = stack.pop() {
        if guard_substring {
            if let Some(call) = node.get_mut("Function").and_then(Value::as_object_mut) {
                if call.get("name").and_then(Value::as_str) == Some("substring") {
                    call.insert("name".into(), Value::String(GUARDED_SUBSTRING.into()));
                }
            }
        }
        if let Some(lambda) = node.get_mut("Lambda").and_then(Value::as_object_mut) {
            let params: Vec<Value> = lambda
                .get("params")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| serde_json::json!({ "Variable": p }))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(body) = lambda.get_mut("body") {
                let original = body.take();
                let counter = serde_json::json!({
                    "Function": { "name": CALL_COUNTER, "args": params, "is_builtin": true }
                });
                *body = serde_json::json!({ "Block": [counter, original] });
            }
        }
        match node {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => {
                // Do not descend into the counter call just added: it holds no lambda.
                stack.extend(map.values_mut());
            }
            _ => {}
        }
    }
    serde_json::from_value(tree).map_err(|e| e.to_string())
}

/// Evaluates `ast` in `env`. `names` are the `$names` the expression mentions; only those are
/// bound. `uses_random` draws a seed from the host for `$random`/`$uuid`.
pub(crate) fn evaluate(
    ast: &AstNode,
    names: &[String],
    uses_random: bool,
    env: &Env<'_>,
) -> Result<Option<Value>, String> {
    let limits = env.limits;
    let runtime = Rc::new(Runtime {
        now_ms: env.now_ms,
        rng: Cell::new(if uses_random { env.draw_seed() } else { 0 }),
        calls: Cell::new(0),
        limits,
    });
    let mut context = Context::new();
    for name in names {
        if let Some(value) = binding(env, name)? {
            context.bind(name.clone(), value);
        }
    }
    let options = EvaluatorOptions {
        max_stack_depth: Some(limits.max_depth),
        max_sequence_length: Some(limits.max_sequence_length),
        ..EvaluatorOptions::default()
    };
    let mut evaluator = Evaluator::with_options(context, options);
    functions::register(&mut evaluator, &runtime, names).map_err(|e| message(&e))?;
    // Step Functions evaluates with no context item: `$` and bare field names at the top
    // level see nothing (the validator refuses them up front).
    let result = evaluator
        .evaluate(ast, &JValue::Undefined)
        .map_err(|e| message(&e))?;
    convert::from_jvalue(&result).map_err(str::to_string)
}

/// The engine's message without its "Evaluation error: " wrapper, e.g. `T2001: ...`.
fn message(error: &EvaluatorError) -> String {
    error.message().to_string()
}

/// The JSONata value bound to `$name`, converted once per `Env` and cached.
fn binding(env: &Env<'_>, name: &str) -> Result<Option<JValue>, String> {
    if let Some(cached) = env.cache.borrow().get(name) {
        return Ok(cached.clone());
    }
    let value = if name == "states" {
        Some(states(env)?)
    } else {
        match env.variables.get(name) {
            Some(value) => Some(convert::to_jvalue(value).map_err(str::to_string)?),
            None => None,
        }
    };
    env.cache
        .borrow_mut()
        .insert(name.to_string(), value.clone());
    Ok(value)
}

/// `$states`: `{input, result?, errorOutput?, context?}`.
fn states(env: &Env<'_>) -> Result<JValue, String> {
    let convert = |v: &Value| convert::to_jvalue(v).map_err(str::to_string);
    let mut map = indexmap::IndexMap::new();
    map.insert("input".to_string(), convert(env.input)?);
    if let Some(result) = env.result {
        map.insert("result".to_string(), convert(result)?);
    }
    if let Some(error_output) = env.error_output {
        map.insert("errorOutput".to_string(), convert(error_output)?);
    }
    if let Some(context) = env.context {
        map.insert("context".to_string(), convert(context)?);
    }
    Ok(JValue::object(map))
}
