//! JSONata-mode field values (`Arguments`, `Output`, `Assign`, `Items`, `ItemSelector`, ...):
//! JSON in which every string `"{% ... %}"`, at any depth, is an expression and every other
//! value is literal. A field that is a single expression string evaluates to its result.
//!
//! JSON cannot represent undefined, so an expression that returns nothing fails the field,
//! wherever it sits (AWS: "... specified for the field 'Output/result' returned nothing
//! (undefined)."); it is not dropped the way JSONata drops undefined object values.

use serde_json::{Map, Value};

use super::{Env, Expression, FieldError, JsonataSyntaxError};
use crate::diagnostics::escape_pointer_token;

/// Templates deeper than this are refused (definitions come from a depth-limited parser, so
/// only a hand-built value could reach it).
const MAX_TEMPLATE_DEPTH: usize = crate::limits::MAX_TEMPLATE_DEPTH;

/// A syntax error inside a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSyntaxError {
    /// JSON Pointer of the string inside the template (`""` for the template itself).
    pub pointer: String,
    /// The error, its offset relative to the string.
    pub error: JsonataSyntaxError,
}

#[derive(Debug, Clone)]
enum Node {
    /// A subtree without any expression, returned as is.
    Literal(Value),
    Expression(Expression),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// A template compiled once per state and evaluated at each visit.
#[derive(Debug, Clone)]
pub struct CompiledTemplate {
    root: Node,
}

impl CompiledTemplate {
    /// Compiles `value`, collecting every expression that fails to parse.
    pub fn compile(value: &Value) -> Result<CompiledTemplate, Vec<TemplateSyntaxError>> {
        let mut errors = Vec::new();
        let mut pointer = String::new();
        let root = compile_node(value, &mut pointer, 0, &mut errors);
        if errors.is_empty() {
            Ok(CompiledTemplate { root })
        } else {
            Err(errors)
        }
    }

    /// True when the template holds no expression at all.
    pub fn is_literal(&self) -> bool {
        matches!(self.root, Node::Literal(_))
    }

    /// Every expression with its JSON Pointer inside the template, in document order.
    pub fn expressions(&self) -> Vec<(String, &Expression)> {
        let mut out = Vec::new();
        collect(&self.root, &mut String::new(), &mut out);
        out
    }

    /// Evaluates the template for the field `location` (e.g. `"Output"`, `"Assign"`).
    /// Errors name the nested field: `Output/a/b[0]`.
    pub fn evaluate(&self, env: &Env<'_>, location: &str) -> Result<Value, FieldError> {
        let mut location = location.to_string();
        evaluate_node(&self.root, env, &mut location)
    }
}

/// Compiles and evaluates `value` in one go (for fields evaluated once). A syntax error
/// becomes a `States.QueryEvaluationError` for the field.
pub fn evaluate_template(
    value: &Value,
    env: &Env<'_>,
    location: &str,
) -> Result<Value, FieldError> {
    match CompiledTemplate::compile(value) {
        Ok(template) => template.evaluate(env, location),
        Err(errors) => {
            let first = errors.first();
            let message = first.map_or_else(String::new, |e| e.error.message.clone());
            Err(FieldError::new(
                location,
                format!("The JSONata expression specified for the field '{location}' is invalid: {message}"),
            ))
        }
    }
}

fn compile_node(
    value: &Value,
    pointer: &mut String,
    depth: usize,
    errors: &mut Vec<TemplateSyntaxError>,
) -> Node {
    if depth > MAX_TEMPLATE_DEPTH {
        errors.push(TemplateSyntaxError {
            pointer: pointer.clone(),
            error: JsonataSyntaxError {
                message: "The template is nested too deeply".into(),
                offset: 0,
            },
        });
        return Node::Literal(Value::Null);
    }
    match value {
        Value::String(s) if super::is_expression(s) => match Expression::parse(s) {
            Ok(expression) => Node::Expression(expression),
            Err(error) => {
                errors.push(TemplateSyntaxError {
                    pointer: pointer.clone(),
                    error,
                });
                Node::Literal(Value::Null)
            }
        },
        Value::Array(items) => {
            let nodes: Vec<Node> = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    let node = compile_node(item, pointer, depth + 1, errors);
                    pointer.truncate(len);
                    node
                })
                .collect();
            if nodes.iter().all(|n| matches!(n, Node::Literal(_))) {
                Node::Literal(value.clone())
            } else {
                Node::Array(nodes)
            }
        }
        Value::Object(map) => {
            let nodes: Vec<(String, Node)> = map
                .iter()
                .map(|(key, item)| {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(key));
                    let node = compile_node(item, pointer, depth + 1, errors);
                    pointer.truncate(len);
                    (key.clone(), node)
                })
                .collect();
            if nodes.iter().all(|(_, n)| matches!(n, Node::Literal(_))) {
                Node::Literal(value.clone())
            } else {
                Node::Object(nodes)
            }
        }
        other => Node::Literal(other.clone()),
    }
}

fn collect<'a>(node: &'a Node, pointer: &mut String, out: &mut Vec<(String, &'a Expression)>) {
    match node {
        Node::Literal(_) => {}
        Node::Expression(e) => out.push((pointer.clone(), e)),
        Node::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect(item, pointer, out);
                pointer.truncate(len);
            }
        }
        Node::Object(entries) => {
            for (key, item) in entries {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
                collect(item, pointer, out);
                pointer.truncate(len);
            }
        }
    }
}

fn evaluate_node(node: &Node, env: &Env<'_>, location: &mut String) -> Result<Value, FieldError> {
    match node {
        Node::Literal(value) => Ok(value.clone()),
        Node::Expression(expression) => expression.evaluate_field(env, location),
        Node::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = location.len();
                location.push_str(&format!("[{i}]"));
                out.push(evaluate_node(item, env, location)?);
                location.truncate(len);
            }
            Ok(Value::Array(out))
        }
        Node::Object(entries) => {
            let mut out = Map::with_capacity(entries.len());
            for (key, item) in entries {
                let len = location.len();
                location.push('/');
                location.push_str(key);
                out.insert(key.clone(), evaluate_node(item, env, location)?);
                location.truncate(len);
            }
            Ok(Value::Object(out))
        }
    }
}
