//! The definition compiled once into a typed model: states by index, `Next` resolved to
//! indices, paths and templates kept ready for evaluation. The engine never looks a state up by
//! name or re-reads the definition JSON while running.
//!
//! Nested state machines (Parallel branches, Map item processors) live in one flat arena of
//! [`Graph`]s so the engine can refer to them by index.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::choice::Rule;
use crate::error::StatesError;
use crate::paths::{Path, ReferencePath};
use crate::template::Template;

/// Index of a [`Graph`] in [`Program::graphs`].
pub(crate) type GraphId = usize;
/// Index of a [`State`] in [`Graph::states`].
pub(crate) type StateId = usize;

/// Maximum nesting of Parallel/Map inside each other. Far beyond real machines; guards the
/// (recursive) compiler against hostile definitions.
const MAX_NESTING: usize = crate::limits::MAX_STATE_NESTING;

/// A whole definition.
#[derive(Debug)]
pub(crate) struct Program {
    /// All state graphs; index 0 is the top-level machine.
    pub graphs: Vec<Graph>,
    /// Machine-level `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// Number of Task states over all graphs (mock invocation counters are indexed by it).
    pub task_count: usize,
}

/// One state machine: the top level, a Parallel branch or a Map item processor.
#[derive(Debug)]
pub(crate) struct Graph {
    pub states: Vec<State>,
    pub start: StateId,
}

/// `InputPath`/`OutputPath`/`ItemsPath`-like field: absent means `$`, `null` discards.
#[derive(Debug, Clone)]
pub(crate) enum PathField {
    /// Field absent or exactly `$`: the whole document, without copying.
    Whole,
    /// `null`: the empty object `{}`.
    Null,
    /// Any other path.
    Path(Path),
}

/// `ResultPath`: absent means `$` (the result replaces the input), `null` keeps the input.
#[derive(Debug, Clone)]
pub(crate) enum ResultPathField {
    Replace,
    Discard,
    Path(ReferencePath),
}

/// A retrier of `Retry`.
#[derive(Debug, Clone)]
pub(crate) struct Retrier {
    pub error_equals: Vec<String>,
    pub interval_seconds: f64,
    pub max_attempts: u64,
    pub backoff_rate: f64,
    pub max_delay_seconds: Option<f64>,
    pub jitter_full: bool,
}

/// A catcher of `Catch`.
#[derive(Debug, Clone)]
pub(crate) struct Catcher {
    pub error_equals: Vec<String>,
    pub next: StateId,
    pub result_path: ResultPathField,
}

/// A number given either literally or through a reference path (`TimeoutSeconds` /
/// `TimeoutSecondsPath` and friends).
#[derive(Debug, Clone)]
pub(crate) enum NumberField {
    Literal(f64),
    Path(String),
}

/// Fields common to the states that have them (absent ones are simply unused).
#[derive(Debug)]
pub(crate) struct Common {
    pub input_path: PathField,
    pub output_path: PathField,
    pub result_path: ResultPathField,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
    pub next: Option<StateId>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
}

/// Wait duration source.
#[derive(Debug)]
pub(crate) enum WaitFor {
    Seconds(f64),
    SecondsPath(String),
    Timestamp(String),
    TimestampPath(String),
}

/// What kind of resource a Task calls; decides the history event family and default result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResourceKind {
    /// `arn:aws:states:::service:api[.sync|.waitForTaskToken]` or `aws-sdk:...`.
    Service,
    /// `arn:aws:lambda:...:function:name` (legacy Lambda ARN).
    LambdaArn,
    /// `arn:aws:states:...:activity:name`.
    Activity,
}

/// Type-specific part of a state.
#[derive(Debug)]
pub(crate) enum Kind {
    Pass {
        result: Option<Value>,
    },
    Task {
        /// Index among all Task states (for mock invocation counting).
        task_index: usize,
        resource: String,
        resource_kind: ResourceKind,
        /// `resourceType` and `resource` as history events show them.
        event_resource_type: String,
        event_resource: String,
        region: String,
        wait_for_token: bool,
        timeout: Option<NumberField>,
        heartbeat: Option<NumberField>,
    },
    Choice {
        choices: Vec<(Rule, StateId)>,
        default: Option<StateId>,
    },
    Wait {
        wait: WaitFor,
    },
    Succeed,
    Fail {
        error: Option<String>,
        error_path: Option<String>,
        cause: Option<String>,
        cause_path: Option<String>,
    },
    Parallel {
        branches: Vec<GraphId>,
    },
    Map {
        processor: GraphId,
        items_path: PathField,
        /// `ItemSelector` or legacy `Parameters`.
        item_selector: Option<Template>,
        max_concurrency: Option<NumberField>,
        tolerated_percentage: Option<NumberField>,
        tolerated_count: Option<NumberField>,
    },
}

/// A compiled state.
#[derive(Debug)]
pub(crate) struct State {
    pub name: String,
    /// The `Type` as written (history event names are built from it).
    pub type_name: &'static str,
    pub kind: Kind,
    pub common: Common,
    /// The state (or its fields) mentions `$$`, so the context object must be built.
    pub uses_context: bool,
}

/// Compiles a definition. Errors name the offending field with a JSON pointer.
pub(crate) fn compile(definition: &Value) -> Result<Program, StatesError> {
    let mut compiler = Compiler {
        graphs: Vec::new(),
        task_count: 0,
    };
    let top = definition
        .as_object()
        .ok_or_else(|| invalid("", "the definition must be a JSON object"))?;
    if top.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata") {
        return Err(StatesError::new(
            "States.Runtime",
            "This definition uses JSONata (QueryLanguage), which this interpreter does not run yet",
        ));
    }
    compiler.graph(top, "", 0)?;
    let timeout_seconds = match top.get("TimeoutSeconds") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .ok_or_else(|| invalid("/TimeoutSeconds", "must be a non-negative integer"))?,
        ),
    };
    Ok(Program {
        graphs: compiler.graphs,
        timeout_seconds,
        task_count: compiler.task_count,
    })
}

fn invalid(pointer: &str, message: &str) -> StatesError {
    StatesError::new(
        "States.Runtime",
        format!("Invalid definition at '{pointer}': {message}"),
    )
}

struct Compiler {
    graphs: Vec<Graph>,
    task_count: usize,
}

fn opt_str<'a>(
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

fn path_field(obj: &Map<String, Value>, key: &str, ptr: &str) -> Result<PathField, StatesError> {
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

fn result_path_field(
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

fn number_field(
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
    Ok(opt_str(obj, &path_key, ptr)?.map(|p| NumberField::Path(p.to_owned())))
}

fn template_field(
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

fn f64_or(
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

fn error_equals(obj: &Map<String, Value>, ptr: &str) -> Result<Vec<String>, StatesError> {
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

/// Whether a JSON value mentions the context object anywhere (a cheap over-approximation).
fn mentions_context(value: &Value) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if s.contains("$$") => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    false
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
            return Err(invalid(ptr, "Parallel/Map nesting is too deep"));
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
        if obj.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata") {
            return Err(StatesError::new(
                "States.Runtime",
                format!("State '{name}' uses JSONata, which this interpreter does not run yet"),
            ));
        }
        let next = match opt_str(obj, "Next", ptr)? {
            Some(n) => Some(resolve(n, &format!("{ptr}/Next"))?),
            None => None,
        };
        let mut retry = Vec::new();
        if let Some(Value::Array(items)) = obj.get("Retry") {
            for (i, r) in items.iter().enumerate() {
                let rptr = format!("{ptr}/Retry/{i}");
                let r = r
                    .as_object()
                    .ok_or_else(|| invalid(&rptr, "a retrier must be an object"))?;
                let max_attempts = match r.get("MaxAttempts") {
                    None => 3,
                    Some(v) => v.as_u64().ok_or_else(|| {
                        invalid(&rptr, "MaxAttempts must be a non-negative integer")
                    })?,
                };
                retry.push(Retrier {
                    error_equals: error_equals(r, &rptr)?,
                    interval_seconds: f64_or(r, "IntervalSeconds", 1.0, &rptr)?,
                    max_attempts,
                    backoff_rate: f64_or(r, "BackoffRate", 2.0, &rptr)?,
                    max_delay_seconds: match r.get("MaxDelaySeconds") {
                        None => None,
                        Some(_) => Some(f64_or(r, "MaxDelaySeconds", 0.0, &rptr)?),
                    },
                    jitter_full: r.get("JitterStrategy").and_then(Value::as_str) == Some("FULL"),
                });
            }
        }
        let mut catch = Vec::new();
        if let Some(Value::Array(items)) = obj.get("Catch") {
            for (i, c) in items.iter().enumerate() {
                let cptr = format!("{ptr}/Catch/{i}");
                let c = c
                    .as_object()
                    .ok_or_else(|| invalid(&cptr, "a catcher must be an object"))?;
                let next_name = opt_str(c, "Next", &cptr)?
                    .ok_or_else(|| invalid(&format!("{cptr}/Next"), "is required"))?;
                catch.push(Catcher {
                    error_equals: error_equals(c, &cptr).unwrap_or_default(),
                    next: resolve(next_name, &format!("{cptr}/Next"))?,
                    result_path: result_path_field(c, "ResultPath", &cptr)?,
                });
            }
        }
        let type_name = match opt_str(obj, "Type", ptr)? {
            Some("Pass") => "Pass",
            Some("Task") => "Task",
            Some("Choice") => "Choice",
            Some("Wait") => "Wait",
            Some("Succeed") => "Succeed",
            Some("Fail") => "Fail",
            Some("Parallel") => "Parallel",
            Some("Map") => "Map",
            other => {
                return Err(invalid(
                    &format!("{ptr}/Type"),
                    &format!("unknown state type {other:?}"),
                ))
            }
        };
        let is_map = type_name == "Map";
        let uses_parameters_as_selector = is_map
            && !obj.contains_key("ItemSelector")
            && (obj.contains_key("Iterator") || obj.contains_key("ItemProcessor"));
        let common = Common {
            input_path: path_field(obj, "InputPath", ptr)?,
            output_path: path_field(obj, "OutputPath", ptr)?,
            result_path: result_path_field(obj, "ResultPath", ptr)?,
            parameters: if uses_parameters_as_selector {
                None
            } else {
                template_field(obj, "Parameters", ptr)?
            },
            result_selector: template_field(obj, "ResultSelector", ptr)?,
            next,
            retry,
            catch,
        };
        let kind = match type_name {
            "Pass" => Kind::Pass {
                result: obj.get("Result").cloned(),
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
                    timeout: number_field(obj, "TimeoutSeconds", ptr)?,
                    heartbeat: number_field(obj, "HeartbeatSeconds", ptr)?,
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
                        let compiled = Rule::compile(rule).map_err(|m| invalid(&rptr, &m))?;
                        choices.push((compiled, resolve(next, &format!("{rptr}/Next"))?));
                    }
                }
                let default = match opt_str(obj, "Default", ptr)? {
                    Some(n) => Some(resolve(n, &format!("{ptr}/Default"))?),
                    None => None,
                };
                Kind::Choice { choices, default }
            }
            "Wait" => {
                let wait =
                    if let Some(v) = obj.get("Seconds") {
                        WaitFor::Seconds(v.as_f64().ok_or_else(|| {
                            invalid(&format!("{ptr}/Seconds"), "must be a number")
                        })?)
                    } else if let Some(p) = opt_str(obj, "SecondsPath", ptr)? {
                        WaitFor::SecondsPath(p.to_owned())
                    } else if let Some(t) = opt_str(obj, "Timestamp", ptr)? {
                        WaitFor::Timestamp(t.to_owned())
                    } else if let Some(p) = opt_str(obj, "TimestampPath", ptr)? {
                        WaitFor::TimestampPath(p.to_owned())
                    } else {
                        return Err(invalid(
                            ptr,
                            "a Wait state needs Seconds, SecondsPath, Timestamp or TimestampPath",
                        ));
                    };
                Kind::Wait { wait }
            }
            "Succeed" => Kind::Succeed,
            "Fail" => Kind::Fail {
                error: opt_str(obj, "Error", ptr)?.map(str::to_owned),
                error_path: opt_str(obj, "ErrorPath", ptr)?.map(str::to_owned),
                cause: opt_str(obj, "Cause", ptr)?.map(str::to_owned),
                cause_path: opt_str(obj, "CausePath", ptr)?.map(str::to_owned),
            },
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
            _ => {
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
                let item_selector = if obj.contains_key("ItemSelector") {
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
                    max_concurrency: number_field(obj, "MaxConcurrency", ptr)?,
                    tolerated_percentage: number_field(obj, "ToleratedFailurePercentage", ptr)?,
                    tolerated_count: number_field(obj, "ToleratedFailureCount", ptr)?,
                }
            }
        };
        // Only look at the state's own fields, not at nested branches (they check themselves).
        let uses_context = obj
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "Branches" | "ItemProcessor" | "Iterator"))
            .any(|(_, v)| mentions_context(v));
        Ok(State {
            name: name.to_owned(),
            type_name,
            kind,
            common,
            uses_context,
        })
    }
}
