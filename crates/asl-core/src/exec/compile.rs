//! Compiling a definition into the typed [`model`](super::model): every `Next` resolved to an
//! index, every path, template and Choice rule parsed once. Problems are reported as
//! `States.Runtime` errors whose cause starts with `Invalid definition at '<JSON pointer>'`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::compile_fields::{
    assign_field, common_fields, jsonata_field, jsonata_number, may_read_context,
};
use super::model::*;
use crate::choice::Rule;
use crate::error::StatesError;
use crate::jsonata;
use crate::paths::{Path, ReferencePath};
use crate::template::Template;

/// Maximum nesting of Parallel/Map inside each other. Far beyond real machines; guards the
/// (recursive) compiler against hostile definitions.
const MAX_NESTING: usize = crate::limits::MAX_STATE_NESTING;

/// Compiles a definition. Errors name the offending field with a JSON pointer.
pub(crate) fn compile(definition: &Value) -> Result<Program, StatesError> {
    let top = definition
        .as_object()
        .ok_or_else(|| invalid("", "the definition must be a JSON object"))?;
    let mut compiler = Compiler {
        graphs: Vec::new(),
        task_count: 0,
        // The machine's QueryLanguage is the default of every state, nested ones included.
        default_jsonata: top.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata"),
    };
    compiler.graph(top, "", 0)?;
    let timeout_seconds = match top.get("TimeoutSeconds") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| invalid("/TimeoutSeconds", "must be a non-negative integer"))?,
        ),
    };
    Ok(Program {
        graphs: compiler.graphs.into(),
        timeout_seconds,
        task_count: compiler.task_count,
    })
}

pub(super) fn invalid(pointer: &str, message: &str) -> StatesError {
    StatesError::new(
        "States.Runtime",
        format!("Invalid definition at '{pointer}': {message}"),
    )
}

struct Compiler {
    graphs: Vec<Graph>,
    task_count: usize,
    default_jsonata: bool,
}

pub(super) fn opt_str<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<&'a str>, StatesError> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(&format!("{ptr}/{key}"), "must be a string")),
    }
}

pub(super) fn path_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<PathField, StatesError> {
    match obj.get(key) {
        None => Ok(PathField::Whole),
        Some(Value::Null) => Ok(PathField::Null),
        Some(Value::String(s)) if s == "$" => Ok(PathField::Whole),
        Some(Value::String(s)) => Path::parse(s)
            .map(PathField::Path)
            .map_err(|e| invalid(&format!("{ptr}/{key}"), &e.to_string())),
        Some(_) => Err(invalid(&format!("{ptr}/{key}"), "must be a path or null")),
    }
}

pub(super) fn result_path_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<ResultPathField, StatesError> {
    match obj.get(key) {
        None => Ok(ResultPathField::Replace),
        Some(Value::Null) => Ok(ResultPathField::Discard),
        Some(Value::String(s)) if s == "$" => Ok(ResultPathField::Replace),
        Some(Value::String(s)) => ReferencePath::parse(s)
            .map(ResultPathField::Path)
            .map_err(|e| invalid(&format!("{ptr}/{key}"), &e.to_string())),
        Some(_) => Err(invalid(&format!("{ptr}/{key}"), "must be a path or null")),
    }
}

pub(super) fn number_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<NumberField>, StatesError> {
    if let Some(v) = obj.get(key) {
        return v
            .as_f64()
            .map(|n| Some(NumberField::Literal(n)))
            .ok_or_else(|| invalid(&format!("{ptr}/{key}"), "must be a number"));
    }
    let path_key = format!("{key}Path");
    match opt_str(obj, &path_key, ptr)? {
        Some(p) => Ok(Some(NumberField::Path(compile_path(
            p,
            &format!("{ptr}/{path_key}"),
        )?))),
        None => Ok(None),
    }
}

fn compile_path(text: &str, ptr: &str) -> Result<Path, StatesError> {
    Path::parse(text).map_err(|e| invalid(ptr, &e.to_string()))
}

pub(super) fn template_field(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
) -> Result<Option<Template>, StatesError> {
    match obj.get(key) {
        None => Ok(None),
        Some(v) => Template::compile(v)
            .map(Some)
            .map_err(|e| invalid(&format!("{ptr}/{key}{}", e.pointer), &e.message)),
    }
}

pub(super) fn f64_or(
    obj: &Map<String, Value>,
    key: &str,
    default: f64,
    ptr: &str,
) -> Result<f64, StatesError> {
    match obj.get(key) {
        None => Ok(default),
        Some(v) => v
            .as_f64()
            .ok_or_else(|| invalid(&format!("{ptr}/{key}"), "must be a number")),
    }
}

pub(super) fn error_equals(
    obj: &Map<String, Value>,
    ptr: &str,
) -> Result<Vec<String>, StatesError> {
    match obj.get("ErrorEquals") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| invalid(&format!("{ptr}/ErrorEquals"), "must hold strings"))
            })
            .collect(),
        _ => Err(invalid(
            &format!("{ptr}/ErrorEquals"),
            "must be an array of error names",
        )),
    }
}

/// Whether a JSON value mentions the context object anywhere, and whether it may read the
/// execution input through it (both cheap over-approximations).
fn mentions_context(value: &Value) -> (bool, bool) {
    // Context references that certainly do not reach `$$.Execution.Input`.
    const SAFE: &[&str] = &[
        ".State.",
        ".StateMachine.",
        ".Map.",
        ".Task.",
        ".Execution.Id",
        ".Execution.Name",
        ".Execution.RoleArn",
        ".Execution.StartTime",
        ".Execution.RedriveCount",
        ".Execution.RedriveTime",
    ];
    let (mut uses, mut input) = (false, false);
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                for (i, _) in s.match_indices("$$") {
                    uses = true;
                    let rest = &s[i + 2..];
                    if !SAFE.iter().any(|p| rest.starts_with(p)) {
                        input = true;
                    }
                }
            }
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    (uses, input)
}

/// Splits a Task resource ARN into the history's `resourceType`/`resource` pair and region.
fn classify_resource(resource: &str) -> (ResourceKind, String, String, String) {
    let parts: Vec<&str> = resource.split(':').collect();
    let region = parts
        .get(3)
        .filter(|r| !r.is_empty())
        .map(|r| (*r).to_owned())
        .unwrap_or_else(|| "us-east-1".to_owned());
    if parts.len() >= 7 && parts[2] == "lambda" && parts[5] == "function" {
        return (
            ResourceKind::LambdaArn,
            "lambda".into(),
            resource.into(),
            region,
        );
    }
    if parts.len() >= 7 && parts[2] == "states" && parts[5] == "activity" {
        return (
            ResourceKind::Activity,
            "activity".into(),
            resource.into(),
            region,
        );
    }
    // arn:aws:states:::service:api or arn:aws:states:::aws-sdk:service:api
    if parts.len() >= 7 && parts[5] == "aws-sdk" {
        return (
            ResourceKind::Service,
            format!("aws-sdk:{}", parts[6]),
            parts[7..].join(":"),
            region,
        );
    }
    if parts.len() >= 7 {
        return (
            ResourceKind::Service,
            parts[5].to_owned(),
            parts[6..].join(":"),
            region,
        );
    }
    (
        ResourceKind::Service,
        String::new(),
        resource.to_owned(),
        region,
    )
}

impl Compiler {
    /// Compiles one graph (`StartAt` + `States`) and returns its id.
    fn graph(
        &mut self,
        obj: &Map<String, Value>,
        ptr: &str,
        depth: usize,
    ) -> Result<GraphId, StatesError> {
        if depth > MAX_NESTING {
            return Err(invalid(
                ptr,
                &format!("Parallel/Map states are nested more than {MAX_NESTING} deep"),
            ));
        }
        let id = self.graphs.len();
        self.graphs.push(Graph {
            states: Vec::new(),
            start: 0,
        });
        let states = match obj.get("States") {
            Some(Value::Object(m)) if !m.is_empty() => m,
            _ => {
                return Err(invalid(
                    &format!("{ptr}/States"),
                    "must be a non-empty object",
                ))
            }
        };
        let index: HashMap<&str, StateId> = states
            .keys()
            .enumerate()
            .map(|(i, k)| (k.as_str(), i))
            .collect();
        let resolve = |name: &str, at: &str| -> Result<StateId, StatesError> {
            index
                .get(name)
                .copied()
                .ok_or_else(|| invalid(at, &format!("no state named '{name}'")))
        };
        let start_name = opt_str(obj, "StartAt", ptr)?
            .ok_or_else(|| invalid(&format!("{ptr}/StartAt"), "is required"))?;
        let start = resolve(start_name, &format!("{ptr}/StartAt"))?;
        let mut compiled = Vec::with_capacity(states.len());
        for (name, state) in states {
            let sptr = format!(
                "{ptr}/States/{}",
                crate::diagnostics::escape_pointer_token(name)
            );
            compiled.push(self.state(name, state, &sptr, depth, &resolve)?);
        }
        self.graphs[id] = Graph {
            states: compiled,
            start,
        };
        Ok(id)
    }

    fn state(
        &mut self,
        name: &str,
        value: &Value,
        ptr: &str,
        depth: usize,
        resolve: &dyn Fn(&str, &str) -> Result<StateId, StatesError>,
    ) -> Result<State, StatesError> {
        let obj = value
            .as_object()
            .ok_or_else(|| invalid(ptr, "a state must be an object"))?;
        let jsonata = match obj.get("QueryLanguage").and_then(Value::as_str) {
            Some("JSONata") => true,
            Some("JSONPath") => false,
            _ => self.default_jsonata,
        };
        let (common, type_name, uses_parameters_as_selector) =
            common_fields(obj, ptr, jsonata, resolve)?;
        let number = |key: &str| {
            if jsonata {
                jsonata_number(obj, key, ptr)
            } else {
                number_field(obj, key, ptr)
            }
        };
        let kind = match type_name {
            "Parallel" => {
                let mut branches = Vec::new();
                match obj.get("Branches") {
                    Some(Value::Array(items)) => {
                        for (i, b) in items.iter().enumerate() {
                            let bptr = format!("{ptr}/Branches/{i}");
                            let b = b
                                .as_object()
                                .ok_or_else(|| invalid(&bptr, "a branch must be an object"))?;
                            branches.push(self.graph(b, &bptr, depth + 1)?);
                        }
                    }
                    _ => return Err(invalid(&format!("{ptr}/Branches"), "must be an array")),
                }
                Kind::Parallel { branches }
            }
            "Map" => {
                let (key, processor) = match (obj.get("ItemProcessor"), obj.get("Iterator")) {
                    (Some(p), _) => ("ItemProcessor", p),
                    (None, Some(p)) => ("Iterator", p),
                    (None, None) => {
                        return Err(invalid(&format!("{ptr}/ItemProcessor"), "is required"))
                    }
                };
                let pptr = format!("{ptr}/{key}");
                let processor = processor
                    .as_object()
                    .ok_or_else(|| invalid(&pptr, "must be an object"))?;
                let processor = self.graph(processor, &pptr, depth + 1)?;
                let item_selector = if jsonata {
                    None
                } else if obj.contains_key("ItemSelector") {
                    template_field(obj, "ItemSelector", ptr)?
                } else if uses_parameters_as_selector {
                    template_field(obj, "Parameters", ptr)?
                } else {
                    None
                };
                Kind::Map {
                    processor,
                    items_path: path_field(obj, "ItemsPath", ptr)?,
                    item_selector,
                    items: if jsonata {
                        jsonata_field(obj, "Items", ptr)?
                    } else {
                        None
                    },
                    item_selector_jsonata: if jsonata {
                        jsonata_field(obj, "ItemSelector", ptr)?
                    } else {
                        None
                    },
                    max_concurrency: number("MaxConcurrency")?,
                    tolerated_percentage: number("ToleratedFailurePercentage")?,
                    tolerated_count: number("ToleratedFailureCount")?,
                }
            }
            _ => self.simple_kind(type_name, obj, ptr, jsonata, resolve)?,
        };
        // Only look at the state's own fields, not at nested branches (they check themselves).
        let (mut uses_context, mut context_input) = (false, false);
        for (_, v) in obj
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "Branches" | "ItemProcessor" | "Iterator"))
        {
            let (uses, input) = mentions_context(v);
            uses_context |= uses;
            context_input |= input;
        }
        if jsonata {
            // `$states.context` is a field access like any other: build the context object
            // for every JSONata state, with the execution input when an expression may read it.
            uses_context = true;
            context_input = obj
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "Branches" | "ItemProcessor" | "Iterator"))
                .any(|(_, v)| may_read_context(v));
        }
        Ok(State {
            name: std::rc::Rc::from(name),
            jsonata,
            type_name,
            kind,
            common,
            uses_context,
            context_input,
        })
    }

    /// The states that hold no nested graph. Kept out of `state`, which recurses through
    /// Parallel and Map, so that its stack frame stays small on deeply nested definitions.
    #[inline(never)]
    fn simple_kind(
        &mut self,
        type_name: &str,
        obj: &Map<String, Value>,
        ptr: &str,
        jsonata: bool,
        resolve: &dyn Fn(&str, &str) -> Result<StateId, StatesError>,
    ) -> Result<Kind, StatesError> {
        let number = |key: &str| {
            if jsonata {
                jsonata_number(obj, key, ptr)
            } else {
                number_field(obj, key, ptr)
            }
        };
        let kind = match type_name {
            "Pass" => Kind::Pass {
                result: obj.get("Result").map(crate::doc::Doc::from),
            },
            "Task" => {
                let resource = opt_str(obj, "Resource", ptr)?
                    .ok_or_else(|| invalid(&format!("{ptr}/Resource"), "is required"))?
                    .to_owned();
                let (resource_kind, event_resource_type, event_resource, region) =
                    classify_resource(&resource);
                let task_index = self.task_count;
                self.task_count += 1;
                Kind::Task {
                    task_index,
                    wait_for_token: resource.ends_with(".waitForTaskToken"),
                    resource,
                    resource_kind,
                    event_resource_type,
                    event_resource,
                    region,
                    timeout: number("TimeoutSeconds")?,
                    heartbeat: number("HeartbeatSeconds")?,
                }
            }
            "Choice" => {
                let mut choices = Vec::new();
                if let Some(Value::Array(rules)) = obj.get("Choices") {
                    for (i, rule) in rules.iter().enumerate() {
                        let rptr = format!("{ptr}/Choices/{i}");
                        let next = rule
                            .get("Next")
                            .and_then(Value::as_str)
                            .ok_or_else(|| invalid(&format!("{rptr}/Next"), "is required"))?;
                        let test = match rule.as_object() {
                            Some(r) if jsonata => {
                                Test::Condition(jsonata_field(r, "Condition", &rptr)?.ok_or_else(
                                    || invalid(&format!("{rptr}/Condition"), "is required"),
                                )?)
                            }
                            _ => Test::Rule(Rule::compile(rule).map_err(|m| invalid(&rptr, &m))?),
                        };
                        let (assign, output) = match rule.as_object() {
                            Some(r) if jsonata => (
                                assign_field(r, &rptr, jsonata)?,
                                jsonata_field(r, "Output", &rptr)?,
                            ),
                            Some(r) => (assign_field(r, &rptr, jsonata)?, None),
                            None => (None, None),
                        };
                        choices.push(ChoiceRule {
                            test,
                            next: resolve(next, &format!("{rptr}/Next"))?,
                            assign,
                            output,
                        });
                    }
                }
                let default = match opt_str(obj, "Default", ptr)? {
                    Some(n) => Some(resolve(n, &format!("{ptr}/Default"))?),
                    None => None,
                };
                Kind::Choice { choices, default }
            }
            "Wait" => {
                let expression = |key: &str| match obj.get(key) {
                    Some(Value::String(s)) if jsonata && jsonata::is_expression(s) => {
                        jsonata_field(obj, key, ptr)
                    }
                    _ => Ok(None),
                };
                let wait =
                    if let Some(t) = expression("Seconds")? {
                        WaitFor::SecondsExpr(t)
                    } else if let Some(t) = expression("Timestamp")? {
                        WaitFor::TimestampExpr(t)
                    } else if let Some(v) = obj.get("Seconds") {
                        WaitFor::Seconds(v.as_f64().ok_or_else(|| {
                            invalid(&format!("{ptr}/Seconds"), "must be a number")
                        })?)
                    } else if let Some(p) = opt_str(obj, "SecondsPath", ptr)? {
                        WaitFor::SecondsPath(compile_path(p, &format!("{ptr}/SecondsPath"))?)
                    } else if let Some(t) = opt_str(obj, "Timestamp", ptr)? {
                        WaitFor::Timestamp(t.to_owned())
                    } else if let Some(p) = opt_str(obj, "TimestampPath", ptr)? {
                        WaitFor::TimestampPath(compile_path(p, &format!("{ptr}/TimestampPath"))?)
                    } else {
                        return Err(invalid(
                            ptr,
                            "a Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath",
                        ));
                    };
                Kind::Wait { wait }
            }
            "Succeed" => Kind::Succeed,
            "Fail" => {
                let expression = |key: &str| match obj.get(key) {
                    Some(Value::String(s)) if jsonata && jsonata::is_expression(s) => {
                        jsonata_field(obj, key, ptr)
                    }
                    _ => Ok(None),
                };
                let (error_expr, cause_expr) = (expression("Error")?, expression("Cause")?);
                Kind::Fail {
                    error: opt_str(obj, "Error", ptr)?
                        .filter(|_| error_expr.is_none())
                        .map(str::to_owned),
                    error_path: opt_str(obj, "ErrorPath", ptr)?.map(str::to_owned),
                    cause: opt_str(obj, "Cause", ptr)?
                        .filter(|_| cause_expr.is_none())
                        .map(str::to_owned),
                    cause_path: opt_str(obj, "CausePath", ptr)?.map(str::to_owned),
                    error_expr,
                    cause_expr,
                }
            }
            other => {
                return Err(invalid(
                    &format!("{ptr}/Type"),
                    &format!("unknown state type {other:?}"),
                ))
            }
        };
        Ok(kind)
    }
}
