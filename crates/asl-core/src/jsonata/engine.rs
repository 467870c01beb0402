//! Running a parsed expression on jsonata-core: bindings, the Step Functions functions, the
//! limits, and conversion of the result.

use std::cell::Cell;
use std::rc::Rc;

use jsonata_core::ast::{AstNode, Stage};
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
/// The walk matches jsonata-core's node types directly (not through their serde form, whose
/// `Deserialize` alone was about 24 KB of the browser wasm); a node type added to
/// jsonata-core fails to compile here until it is classified.
///
/// Calls to `$substring` are also redirected to a guarded version (see
/// `functions::substring`), unless the expression binds its own `$substring`.
pub(crate) fn instrument(mut ast: AstNode, guard_substring: bool) -> AstNode {
    // The walk uses an explicit stack: the tree can be as deep as the parser allows.
    let mut stack: Vec<&mut AstNode> = vec![&mut ast];
    while let Some(node) = stack.pop() {
        match node {
            AstNode::Function { name, args, .. } => {
                if guard_substring && name == "substring" {
                    *name = GUARDED_SUBSTRING.into();
                }
                stack.extend(args.iter_mut());
            }
            AstNode::Lambda { params, body, .. } => {
                let counter = AstNode::Function {
                    name: CALL_COUNTER.into(),
                    args: params.iter().cloned().map(AstNode::Variable).collect(),
                    is_builtin: true,
                };
                let original = std::mem::replace(&mut **body, AstNode::Null);
                **body = AstNode::Block(vec![counter, original]);
                // The counter call holds no lambda and no `$substring`: only the original
                // body needs the walk.
                if let AstNode::Block(items) = &mut **body {
                    stack.extend(items.get_mut(1));
                }
            }
            AstNode::Path { steps } => {
                for step in steps {
                    stack.push(&mut step.node);
                    stack.extend(step.stages.iter_mut().filter_map(|stage| match stage {
                        Stage::Filter(e) => Some(&mut **e),
                        Stage::KeepArray | Stage::Index(_) => None,
                    }));
                }
            }
            AstNode::Binary { lhs, rhs, .. } => {
                stack.push(lhs);
                stack.push(rhs);
            }
            AstNode::Unary { operand: inner, .. } | AstNode::FunctionApplication(inner) => {
                stack.push(inner)
            }
            AstNode::Call { procedure, args } => {
                stack.push(procedure);
                stack.extend(args.iter_mut());
            }
            AstNode::Array(items) | AstNode::Block(items) | AstNode::ArrayGroup(items) => {
                stack.extend(items.iter_mut());
            }
            AstNode::Object(pairs) => {
                stack.extend(pairs.iter_mut().flat_map(|(k, v)| [k, v]));
            }
            AstNode::ObjectTransform { input, pattern } => {
                stack.push(input);
                stack.extend(pattern.iter_mut().flat_map(|(k, v)| [k, v]));
            }
            AstNode::Conditional {
                condition,
                then_branch,
                else_branch,
            } => {
                stack.push(condition);
                stack.push(then_branch);
                stack.extend(else_branch.as_deref_mut());
            }
            AstNode::Sort { input, terms } => {
                stack.push(input);
                stack.extend(terms.iter_mut().map(|(e, _)| e));
            }
            AstNode::Transform {
                location,
                update,
                delete,
            } => {
                stack.push(location);
                stack.push(update);
                stack.extend(delete.as_deref_mut());
            }
            AstNode::String(_)
            | AstNode::Name(_)
            | AstNode::Number(_)
            | AstNode::Boolean(_)
            | AstNode::Null
            | AstNode::Undefined
            | AstNode::Placeholder
            | AstNode::Regex { .. }
            | AstNode::Variable(_)
            | AstNode::ParentVariable(_)
            | AstNode::Wildcard
            | AstNode::Descendant
            | AstNode::Parent(_) => {}
        }
    }
    ast
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
