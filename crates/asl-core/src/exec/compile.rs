//! Compiling a definition into the typed [`model`](super::model): every `Next` resolved to an
//! index, every path, template and Choice rule parsed once. This module reads what every state
//! has (`Type`, `QueryLanguage`, the data-flow fields, `Retry`, `Catch`) and recurses over
//! nested graphs; each type's own fields are compiled by its module in `states`. Problems are
//! reported as `States.Runtime` errors whose cause starts with
//! `Invalid definition at '<JSON pointer>'`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::compile_fields::*;
use super::errors::{invalid, Invalid};
use super::model::*;
use super::states;
use crate::state_type::StateType;

/// Maximum nesting of Parallel/Map inside each other. Far beyond real machines; guards the
/// (recursive) compiler against hostile definitions.
const MAX_NESTING: usize = crate::limits::MAX_STATE_NESTING;

/// Compiles a definition. Errors name the offending field with a JSON pointer.
pub(crate) fn compile(definition: &Value) -> Result<Program, Invalid> {
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

struct Compiler {
    graphs: Vec<Graph>,
    /// Task states so far (each gets the next index for mock invocation counting).
    task_count: usize,
    default_jsonata: bool,
}

impl Compiler {
    /// Compiles one graph (`StartAt` + `States`) and returns its id.
    fn graph(
        &mut self,
        obj: &Map<String, Value>,
        ptr: &str,
        depth: usize,
    ) -> Result<GraphId, Invalid> {
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
        let resolve = |name: &str, at: &str| -> Result<StateId, Invalid> {
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
        resolve: Resolve<'_>,
    ) -> Result<State, Invalid> {
        let obj = value
            .as_object()
            .ok_or_else(|| invalid(ptr, "a state must be an object"))?;
        let jsonata = match obj.get("QueryLanguage").and_then(Value::as_str) {
            Some("JSONata") => true,
            Some("JSONPath") => false,
            _ => self.default_jsonata,
        };
        let common = common_fields(obj, ptr, jsonata, resolve)?;
        let state_type = opt_str(obj, "Type", ptr)?
            .and_then(StateType::parse)
            .ok_or_else(|| {
                let found = obj.get("Type").and_then(Value::as_str);
                invalid(
                    &format!("{ptr}/Type"),
                    &format!("unknown state type {found:?}"),
                )
            })?;
        let query = query_fields(obj, ptr, jsonata, state_type)?;
        let fields = Fields { obj, ptr, jsonata };
        let kind = match state_type {
            StateType::Parallel => {
                states::compile_parallel(&fields, &mut |b, p| self.graph(b, p, depth + 1))?
            }
            StateType::Map => {
                states::compile_map(&fields, &mut |b, p| self.graph(b, p, depth + 1))?
            }
            other => states::compile_simple(other, &fields, resolve, &mut self.task_count)?,
        };
        let (uses_context, context_input) = context_use(obj, jsonata);
        Ok(State {
            name: std::rc::Rc::from(name),
            state_type,
            query,
            kind,
            common,
            uses_context,
            context_input,
        })
    }
}

/// Whether the state needs the context object `$$`, and whether with the execution input.
/// Only the state's own fields count, not nested branches (they check themselves).
fn context_use(obj: &Map<String, Value>, jsonata: bool) -> (bool, bool) {
    let own = || {
        obj.iter()
            .filter(|(k, _)| !matches!(k.as_str(), "Branches" | "ItemProcessor" | "Iterator"))
            .map(|(_, v)| v)
    };
    if jsonata {
        // `$states.context` is a field access like any other: build the context object for
        // every JSONata state, with the execution input when an expression may read it.
        return (true, own().any(may_read_context));
    }
    own()
        .map(mentions_context)
        .fold((false, false), |(u, i), (uses, input)| {
            (u | uses, i | input)
        })
}

/// The data-flow fields in the state's query language.
fn query_fields(
    obj: &Map<String, Value>,
    ptr: &str,
    jsonata: bool,
    state_type: StateType,
) -> Result<Query, Invalid> {
    if jsonata {
        return Ok(Query::JsonAta(AtaIo {
            arguments: jsonata_field(obj, "Arguments", ptr)?,
            output: jsonata_field(obj, "Output", ptr)?,
        }));
    }
    // A Map with an item processor and no `ItemSelector` takes legacy `Parameters` as its
    // item selector (see `states::map`).
    let parameters_are_selector = state_type == StateType::Map
        && !obj.contains_key("ItemSelector")
        && (obj.contains_key("Iterator") || obj.contains_key("ItemProcessor"));
    Ok(Query::JsonPath(PathIo {
        input_path: path_field(obj, "InputPath", ptr)?,
        output_path: path_field(obj, "OutputPath", ptr)?,
        result_path: result_path_field(obj, "ResultPath", ptr)?,
        parameters: if parameters_are_selector {
            None
        } else {
            template_field(obj, "Parameters", ptr)?
        },
        result_selector: template_field(obj, "ResultSelector", ptr)?,
    }))
}

/// `Next`, `Retry`, `Catch` and `Assign`. Out of `Compiler::state`, which recurses through
/// Parallel and Map, so that its stack frame stays small on deeply nested definitions.
#[inline(never)]
fn common_fields(
    obj: &Map<String, Value>,
    ptr: &str,
    jsonata: bool,
    resolve: Resolve<'_>,
) -> Result<Common, Invalid> {
    let next = match opt_str(obj, "Next", ptr)? {
        Some(n) => Some(resolve(n, &format!("{ptr}/Next"))?),
        None => None,
    };
    let mut retry = Vec::new();
    if let Some(Value::Array(items)) = obj.get("Retry") {
        for (i, r) in items.iter().enumerate() {
            retry.push(retrier(r, &format!("{ptr}/Retry/{i}"))?);
        }
    }
    let mut catch = Vec::new();
    if let Some(Value::Array(items)) = obj.get("Catch") {
        for (i, c) in items.iter().enumerate() {
            catch.push(catcher(c, &format!("{ptr}/Catch/{i}"), jsonata, resolve)?);
        }
    }
    Ok(Common {
        next,
        retry,
        catch,
        assign: assign_field(obj, ptr, jsonata)?,
    })
}

fn retrier(r: &Value, rptr: &str) -> Result<Retrier, Invalid> {
    let r = r
        .as_object()
        .ok_or_else(|| invalid(rptr, "a retrier must be an object"))?;
    let max_attempts = match r.get("MaxAttempts") {
        None => 3,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| invalid(rptr, "MaxAttempts must be a non-negative integer"))?,
    };
    Ok(Retrier {
        error_equals: error_equals(r, rptr)?,
        interval_seconds: f64_or(r, "IntervalSeconds", 1.0, rptr)?,
        max_attempts,
        backoff_rate: f64_or(r, "BackoffRate", 2.0, rptr)?,
        max_delay_seconds: match r.get("MaxDelaySeconds") {
            None => None,
            Some(_) => Some(f64_or(r, "MaxDelaySeconds", 0.0, rptr)?),
        },
        jitter_full: r.get("JitterStrategy").and_then(Value::as_str) == Some("FULL"),
    })
}

fn catcher(c: &Value, cptr: &str, jsonata: bool, resolve: Resolve<'_>) -> Result<Catcher, Invalid> {
    let c = c
        .as_object()
        .ok_or_else(|| invalid(cptr, "a catcher must be an object"))?;
    let next_name =
        opt_str(c, "Next", cptr)?.ok_or_else(|| invalid(&format!("{cptr}/Next"), "is required"))?;
    let next = resolve(next_name, &format!("{cptr}/Next"))?;
    // Read in the order the fields were read before the model split them by language, so
    // that the first problem reported stays the same.
    let result_path = result_path_field(c, "ResultPath", cptr)?;
    let assign = assign_field(c, cptr, jsonata)?;
    let output = if jsonata {
        CatchOutput::JsonAta(jsonata_field(c, "Output", cptr)?)
    } else {
        CatchOutput::JsonPath(result_path)
    };
    Ok(Catcher {
        error_equals: error_equals(c, cptr).unwrap_or_default(),
        next,
        assign,
        output,
    })
}

/// A state's fields as the per-type compile steps in `states` read them.
pub(crate) struct Fields<'a> {
    pub obj: &'a Map<String, Value>,
    /// JSON pointer of the state.
    pub ptr: &'a str,
    /// The state's query language is JSONata.
    pub jsonata: bool,
}

impl Fields<'_> {
    /// A number field (`TimeoutSeconds`, `MaxConcurrency`, …) in the state's language.
    pub(crate) fn number(&self, key: &str) -> Result<Option<NumberField>, Invalid> {
        number_in(self.obj, key, self.ptr, self.jsonata)
    }
}
