//! Payload templates of JSONPath-mode states: `Parameters`, `ResultSelector`, `ItemSelector`
//! (and the legacy Map `Parameters`).
//!
//! A template is a JSON value in which every object key ending in `.$` takes its value from a
//! path (`$.x`, `$$.x`, `$var`) or an intrinsic call; the `.$` is dropped from the output key.
//! Everything else is copied literally. [`Template::compile`] parses all paths and calls once
//! (so the interpreter can cache a compiled template per state); [`Template::evaluate`] builds
//! the output.

use std::rc::Rc;

use serde_json::Value;

use crate::doc::{Doc, DocMap};

use crate::error::StatesError;
use crate::intrinsics::{self, Call, EvalError};
use crate::paths::{path_not_found_error, Path, Root, Scope, Variables};

/// A template that cannot be compiled: where (JSON Pointer into the template) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// JSON Pointer of the offending value inside the template, e.g. `/items/0/id.$`.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// Byte offset of the problem inside the string value, when known.
    pub offset: Option<usize>,
}

/// A compiled payload template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    root: Node,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// A subtree without any `.$` key, converted once: evaluating it clones an `Rc`.
    Literal(Doc),
    Object(Vec<(Rc<str>, Node)>),
    Array(Vec<Node>),
    /// `"key.$": "$.path"`; `field` keeps the key as written (with `.$`) for error causes.
    Path {
        field: String,
        path: Path,
    },
    /// `"key.$": "States.…(…)"`.
    Intrinsic {
        field: String,
        call: Call,
    },
}

/// Templates nest like the JSON they come from; bound the recursion on user data.
const MAX_DEPTH: usize = crate::limits::MAX_TEMPLATE_DEPTH;

impl Template {
    /// Compiles a template, parsing every path and intrinsic call in it.
    pub fn compile(template: &Value) -> Result<Template, TemplateError> {
        let mut pointer = String::new();
        Ok(Template {
            root: compile(template, &mut pointer, 0)?,
        })
    }

    /// True when the template has no `.$` keys (its output is the template itself).
    pub fn is_literal(&self) -> bool {
        matches!(self.root, Node::Literal(_))
    }

    /// Builds the payload. A path that finds nothing raises `States.Runtime` with AWS's cause
    /// (`The JSONPath '$.x' specified for the field 'x.$' could not be found in the input
    /// '…'`); intrinsic failures raise `States.IntrinsicFailure`.
    pub fn evaluate(
        &self,
        scope: &Scope<'_>,
        random: &mut dyn FnMut() -> u64,
    ) -> Result<Doc, StatesError> {
        let mut budget = crate::limits::MAX_PAYLOAD_BYTES;
        evaluate(&self.root, scope, random, &mut budget)
    }
}

/// Compiles and evaluates `template` in one go (prefer [`Template::compile`] once per state
/// plus [`Template::evaluate`] per visit). A template that does not compile gives
/// `States.Runtime` with the compile message.
pub fn evaluate_template(
    template: &Value,
    input: &Doc,
    context: &Doc,
    variables: &dyn Variables,
    random: &mut dyn FnMut() -> u64,
) -> Result<Doc, StatesError> {
    let compiled = Template::compile(template).map_err(|e| {
        StatesError::new(
            crate::error::names::RUNTIME,
            format!("{} (at {})", e.message, e.pointer),
        )
    })?;
    compiled.evaluate(&Scope::new(input, context, variables), random)
}

fn compile(value: &Value, pointer: &mut String, depth: usize) -> Result<Node, TemplateError> {
    if depth > MAX_DEPTH {
        return Err(TemplateError {
            pointer: pointer.clone(),
            message: format!("template nested more than {MAX_DEPTH} levels deep"),
            offset: None,
        });
    }
    match value {
        Value::Object(map) => {
            let mut entries = Vec::with_capacity(map.len());
            let mut dynamic = false;
            for (key, item) in map {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&crate::diagnostics::escape_pointer_token(key));
                let node = match key.strip_suffix(".$") {
                    Some(name) => {
                        dynamic = true;
                        (Rc::from(name), dynamic_value(key, item, pointer)?)
                    }
                    None => {
                        let node = compile(item, pointer, depth + 1)?;
                        dynamic |= !matches!(node, Node::Literal(_));
                        (Rc::from(key.as_str()), node)
                    }
                };
                pointer.truncate(len);
                entries.push(node);
            }
            Ok(if dynamic {
                Node::Object(entries)
            } else {
                Node::Literal(Doc::from(value))
            })
        }
        Value::Array(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                nodes.push(compile(item, pointer, depth + 1)?);
                pointer.truncate(len);
            }
            Ok(if nodes.iter().all(|n| matches!(n, Node::Literal(_))) {
                Node::Literal(Doc::from(value))
            } else {
                Node::Array(nodes)
            })
        }
        other => Ok(Node::Literal(Doc::from(other))),
    }
}

fn dynamic_value(key: &str, value: &Value, pointer: &str) -> Result<Node, TemplateError> {
    let error = |message: String, offset: Option<usize>| TemplateError {
        pointer: pointer.to_string(),
        message,
        offset,
    };
    let Value::String(text) = value else {
        return Err(error(
            format!(
                "the value of '{key}' must be a string holding a path or an intrinsic function"
            ),
            None,
        ));
    };
    if intrinsics::is_intrinsic(text) {
        let call =
            intrinsics::parse(text).map_err(|(message, offset)| error(message, Some(offset)))?;
        Ok(Node::Intrinsic {
            field: key.to_string(),
            call,
        })
    } else {
        let path = Path::parse(text).map_err(|e| {
            error(
                format!("the value of '{key}' is not a valid path: {}", e.message),
                Some(e.offset),
            )
        })?;
        Ok(Node::Path {
            field: key.to_string(),
            path,
        })
    }
}

fn evaluate(
    node: &Node,
    scope: &Scope<'_>,
    random: &mut dyn FnMut() -> u64,
    budget: &mut usize,
) -> Result<Doc, StatesError> {
    match node {
        Node::Literal(value) => Ok(value.clone()),
        Node::Object(entries) => {
            let mut map = DocMap::with_capacity_and_hasher(entries.len(), Default::default());
            for (key, node) in entries {
                map.insert(key.clone(), evaluate(node, scope, random, budget)?);
            }
            Ok(Doc::object(map))
        }
        Node::Array(nodes) => nodes
            .iter()
            .map(|node| evaluate(node, scope, random, budget))
            .collect::<Result<Vec<_>, _>>()
            .map(Doc::array),
        // Recorded from AWS (a state whose input was null, with `"Input.$": "$"`).
        Node::Path { path, .. } if scope.input.is_null() && path.root() == &Root::Input => {
            Err(StatesError::new(
                crate::error::names::RUNTIME,
                "Unable to apply Path transformation to null or empty input.",
            ))
        }
        Node::Path { field, path } => match path.select(scope) {
            Ok(value) => spend(budget, value),
            Err(_) => Err(not_found(path.text(), path.root(), field, scope)),
        },
        Node::Intrinsic { field, call } => {
            let value = intrinsics::evaluate(call, scope, random).map_err(|e| match e {
                EvalError::Failure(error) => error,
                EvalError::PathNotFound { path, .. } => {
                    let root = Path::parse(&path)
                        .map(|p| p.root().clone())
                        .unwrap_or(Root::Input);
                    not_found(&path, &root, field, scope)
                }
            })?;
            spend(budget, value)
        }
    }
}

/// Counts a selected or computed value against the payload quota, so a template naming `$`
/// thousands of times fails as soon as its output is over the quota rather than after
/// building it. Sizes are cached in shared nodes, so measuring a selected subtree again is
/// O(1).
fn spend(budget: &mut usize, value: Doc) -> Result<Doc, StatesError> {
    let size = value.json_size();
    match budget.checked_sub(size) {
        Some(rest) => {
            *budget = rest;
            Ok(value)
        }
        None => Err(StatesError::new(
            crate::error::names::DATA_LIMIT_EXCEEDED,
            format!(
                "The payload template builds a result larger than the maximum number of bytes service limit ({} bytes).",
                crate::limits::MAX_PAYLOAD_BYTES
            ),
        )),
    }
}

/// AWS prints the document the path was looked up in: the context object for `$$` paths.
fn not_found(path: &str, root: &Root, field: &str, scope: &Scope<'_>) -> StatesError {
    let document = match root {
        Root::Context => scope.context,
        _ => scope.input,
    };
    path_not_found_error(path, field, document)
}
