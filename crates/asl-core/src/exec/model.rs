//! The definition compiled once into a typed model: states by index, `Next` resolved to
//! indices, paths and templates kept ready for evaluation. The engine never looks a state up by
//! name or re-reads the definition JSON while running.
//!
//! Built by [`compile`](super::compile).
//!
//! Nested state machines (Parallel branches, Map item processors) live in one flat arena of
//! [`Graph`]s so the engine can refer to them by index.

use crate::choice::Rule;
use crate::jsonata::CompiledTemplate;
use crate::paths::{Path, ReferencePath};
use crate::template::Template;

/// Index of a [`Graph`] in [`Program::graphs`].
pub(crate) type GraphId = usize;
/// Index of a [`State`] in [`Graph::states`].
pub(crate) type StateId = usize;

/// A whole definition. Cloning shares the compiled graphs (see [`super::Machine`]).
#[derive(Debug, Clone)]
pub(crate) struct Program {
    /// All state graphs; index 0 is the top-level machine. Shared: executions of one
    /// compiled machine never copy it.
    pub graphs: std::rc::Rc<[Graph]>,
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
    /// `Assign` of the catcher (sees the error output).
    pub assign: Option<Assign>,
    /// JSONata `Output` of the catcher (default: the error output).
    pub output: Option<CompiledTemplate>,
}

/// `Assign`: workflow variables set by a state, a Choice rule or a catcher.
#[derive(Debug, Clone)]
pub(crate) enum Assign {
    /// JSONPath state: a payload template (`"name.$": "$.path"` keys, intrinsics, `$var`).
    JsonPath(Template),
    /// JSONata state: a template of `{% %}` expressions.
    Jsonata(CompiledTemplate),
}

/// A number given either literally or through a reference path (`TimeoutSeconds` /
/// `TimeoutSecondsPath` and friends).
#[derive(Debug, Clone)]
pub(crate) enum NumberField {
    Literal(f64),
    Path(Path),
    /// JSONata state: a `{% %}` expression.
    Expr(CompiledTemplate),
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
    /// `Assign` (both query languages).
    pub assign: Option<Assign>,
    /// JSONata `Output`.
    pub output: Option<CompiledTemplate>,
    /// JSONata `Arguments` (Task, Parallel).
    pub arguments: Option<CompiledTemplate>,
}

/// Wait duration source.
#[derive(Debug)]
pub(crate) enum WaitFor {
    Seconds(f64),
    SecondsPath(Path),
    Timestamp(String),
    TimestampPath(Path),
    /// JSONata `Seconds` given as an expression.
    SecondsExpr(CompiledTemplate),
    /// JSONata `Timestamp` given as an expression.
    TimestampExpr(CompiledTemplate),
}

/// The test of a Choice rule.
#[derive(Debug)]
pub(crate) enum Test {
    /// JSONPath rule (`Variable` + operator, `And`/`Or`/`Not`).
    Rule(Rule),
    /// JSONata `Condition`.
    Condition(CompiledTemplate),
}

/// A rule of `Choices`.
#[derive(Debug)]
pub(crate) struct ChoiceRule {
    pub test: Test,
    pub next: StateId,
    pub assign: Option<Assign>,
    /// JSONata `Output` of the rule (used instead of the state's when the rule matches).
    pub output: Option<CompiledTemplate>,
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
        result: Option<crate::doc::Doc>,
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
        choices: Vec<ChoiceRule>,
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
        /// JSONata `Error` given as an expression.
        error_expr: Option<CompiledTemplate>,
        /// JSONata `Cause` given as an expression.
        cause_expr: Option<CompiledTemplate>,
    },
    Parallel {
        branches: Vec<GraphId>,
    },
    Map {
        processor: GraphId,
        items_path: PathField,
        /// `ItemSelector` or legacy `Parameters`.
        item_selector: Option<Template>,
        /// JSONata `Items` (default: the state input).
        items: Option<CompiledTemplate>,
        /// JSONata `ItemSelector`.
        item_selector_jsonata: Option<CompiledTemplate>,
        max_concurrency: Option<NumberField>,
        tolerated_percentage: Option<NumberField>,
        tolerated_count: Option<NumberField>,
    },
}

/// A compiled state.
#[derive(Debug)]
pub(crate) struct State {
    pub name: std::rc::Rc<str>,
    /// The state runs in JSONata (its own or the machine's `QueryLanguage`).
    pub jsonata: bool,
    /// The `Type` as written (history event names are built from it).
    pub type_name: &'static str,
    pub kind: Kind,
    pub common: Common,
    /// The state (or its fields) mentions `$$`, so the context object must be built.
    pub uses_context: bool,
    /// The state may read `$$.Execution.Input` (sharing it is free, but JSONata states convert
    /// the context object to a `Value`, which copies it, so it is left out otherwise).
    pub context_input: bool,
}
