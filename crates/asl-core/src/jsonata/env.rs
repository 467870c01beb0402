//! What an expression can see: `$states`, the workflow variables, the virtual clock, a random
//! source, and the limits that keep a hostile expression from running away.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use serde_json::Value;

/// Workflow variables as an expression reads them (`$name`).
///
/// Implemented for plain maps; an interpreter with nested scopes (Parallel branches and Map
/// iterations read outer variables) can implement it over its scope chain instead of merging.
pub trait Variables {
    /// The current value of the variable `name` (without the `$`), if it is assigned.
    fn get(&self, name: &str) -> Option<&Value>;
}

impl Variables for IndexMap<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        IndexMap::get(self, name)
    }
}

impl Variables for HashMap<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        HashMap::get(self, name)
    }
}

impl Variables for BTreeMap<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        BTreeMap::get(self, name)
    }
}

impl Variables for serde_json::Map<String, Value> {
    fn get(&self, name: &str) -> Option<&Value> {
        serde_json::Map::get(self, name)
    }
}

/// Nested variable scopes, outermost first: a Parallel branch or Map iteration reads the
/// variables of the states around it, and its own assignments shadow them.
#[derive(Default)]
pub struct ScopeChain<'a> {
    scopes: Vec<&'a dyn Variables>,
}

impl<'a> ScopeChain<'a> {
    /// An empty chain.
    pub fn new() -> Self {
        ScopeChain { scopes: Vec::new() }
    }

    /// Adds an inner scope, which shadows every scope added before it.
    pub fn push(&mut self, scope: &'a dyn Variables) {
        self.scopes.push(scope);
    }
}

impl Variables for ScopeChain<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.scopes.iter().rev().find_map(|scope| scope.get(name))
    }
}

/// No variables at all.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoVariables;

impl Variables for NoVariables {
    fn get(&self, _name: &str) -> Option<&Value> {
        None
    }
}

/// Bounds on one evaluation. Every bound is a count, never wall time: `std::time::Instant`
/// panics on `wasm32-unknown-unknown`, and counts make a failure reproducible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of evaluation (jsonata-core's evaluation stack). Exceeding it fails
    /// with `D1011`. Step Functions stops at 100 levels of its own engine's counting, which
    /// accepts 100 terms of `1+1+…`, 99 nested parentheses and a non-tail recursion 31 calls
    /// deep; jsonata-core counts a call as about four levels, so the default, 140, accepts all
    /// of those and refuses little more.
    pub max_depth: usize,
    /// Most function-body entries (user lambdas) in one evaluation. A tail-recursive loop
    /// does not nest, so only this bound stops `($f := function($x){$f($x)}; $f(1))`.
    /// The default, 10,000, ends such a loop in about 0.1 s of CPU time in an unoptimized
    /// native build and well under a second in release wasm on a busy machine. It also caps
    /// `$map` with a function at 10,000 items; raise it when a run needs more (AWS stops
    /// after 5 s of wall time instead).
    pub max_calls: u64,
    /// Longest sequence a path, range, map or filter may build (`D2015`). Ranges are checked
    /// before they are allocated. A state's input is at most 256 KiB, so no path over it
    /// yields more than 131,072 items; the default, 150,000, covers that while keeping a
    /// built-in applied to every item (`$map([1..N], $string)`) short. AWS bounds memory
    /// instead (about 870,000 numbers).
    pub max_sequence_length: usize,
    /// Longest string or array a user function may be called with, in bytes or items; stops
    /// a recursion that doubles a string at each call before it exhausts memory. The default,
    /// 4 MiB, is where AWS stops too: it accepts a string doubled 22 times and refuses the
    /// 23rd doubling. Also bounds `$pad` widths.
    pub max_argument_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: crate::limits::MAX_JSONATA_DEPTH,
            max_calls: crate::limits::MAX_JSONATA_CALLS,
            max_sequence_length: crate::limits::MAX_JSONATA_SEQUENCE_LENGTH,
            max_argument_size: crate::limits::MAX_JSONATA_ARGUMENT_SIZE,
        }
    }
}

/// The environment of one evaluation (or of every field of one state phase: values are
/// converted for JSONata once and shared by all expressions evaluated against the same `Env`).
pub struct Env<'a> {
    pub(crate) input: &'a Value,
    pub(crate) result: Option<&'a Value>,
    pub(crate) error_output: Option<&'a Value>,
    pub(crate) context: Option<&'a Value>,
    pub(crate) variables: &'a dyn Variables,
    pub(crate) now_ms: i64,
    pub(crate) random: RefCell<Option<&'a mut dyn FnMut() -> u64>>,
    pub(crate) limits: Limits,
    /// `$states` and variables already converted to JSONata values, by name.
    pub(crate) cache: RefCell<HashMap<String, Option<jsonata_core::value::JValue>>>,
}

impl<'a> Env<'a> {
    /// An environment whose `$states.input` is `input`, with no variables, the clock at the
    /// Unix epoch and default limits.
    pub fn new(input: &'a Value) -> Self {
        Env {
            input,
            result: None,
            error_output: None,
            context: None,
            variables: &NoVariables,
            now_ms: 0,
            random: RefCell::new(None),
            limits: Limits::default(),
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// Sets `$states.result` (Task, Parallel and Map results; absent elsewhere).
    pub fn with_result(mut self, result: &'a Value) -> Self {
        self.result = Some(result);
        self
    }

    /// Sets `$states.errorOutput` (only inside a Catch's `Assign`/`Output`).
    pub fn with_error_output(mut self, error_output: &'a Value) -> Self {
        self.error_output = Some(error_output);
        self
    }

    /// Sets `$states.context`, the Context object.
    pub fn with_context(mut self, context: &'a Value) -> Self {
        self.context = Some(context);
        self
    }

    /// Sets the workflow variables read as `$name`.
    pub fn with_variables(mut self, variables: &'a dyn Variables) -> Self {
        self.variables = variables;
        self
    }

    /// Sets the virtual clock read by `$now()` and `$millis()` (milliseconds since the epoch).
    pub fn with_clock(mut self, now_ms: i64) -> Self {
        self.now_ms = now_ms;
        self
    }

    /// Sets the random source for `$random()` and `$uuid()` (e.g. `|| host.random_u64()`).
    /// One number is drawn per evaluation that mentions either function; without a source a
    /// fixed seed is used, so evaluation stays deterministic.
    pub fn with_random(mut self, random: &'a mut dyn FnMut() -> u64) -> Self {
        self.random = RefCell::new(Some(random));
        self
    }

    /// Sets the evaluation limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// `$states` as JSON: `{input, result?, errorOutput?, context?}`.
    pub fn states_value(&self) -> Value {
        let mut states = serde_json::Map::new();
        states.insert("input".into(), self.input.clone());
        if let Some(result) = self.result {
            states.insert("result".into(), result.clone());
        }
        if let Some(error_output) = self.error_output {
            states.insert("errorOutput".into(), error_output.clone());
        }
        if let Some(context) = self.context {
            states.insert("context".into(), context.clone());
        }
        Value::Object(states)
    }

    /// A seed for this evaluation's random numbers: one draw from the host's source.
    pub(crate) fn draw_seed(&self) -> u64 {
        match self.random.borrow_mut().as_mut() {
            Some(random) => random(),
            None => 0x5EED_5EED_5EED_5EED,
        }
    }
}
