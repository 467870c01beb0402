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
use crate::state_type::StateType;
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
    /// `Assign` of the catcher (sees the error output).
    pub assign: Option<Assign>,
    pub output: CatchOutput,
}

/// How a catcher turns the error output into the next state's input.
#[derive(Debug, Clone)]
pub(crate) enum CatchOutput {
    /// JSONPath: `ResultPath` places the error output into the state input.
    JsonPath(ResultPathField),
    /// JSONata: `Output` (default: the error output).
    JsonAta(Option<CompiledTemplate>),
}

/// `Assign`: workflow variables set by a state, a Choice rule or a catcher.
#[derive(Debug, Clone)]
pub(crate) enum Assign {
    /// JSONPath state: a payload template (`"name.$": "$.path"` keys, intrinsics, `$var`).
    JsonPath(Template),
    /// JSONata state: a template of `{% %}` expressions.
    JsonAta(CompiledTemplate),
}

/// A number given literally, through a reference path (`TimeoutSeconds` /
/// `TimeoutSecondsPath` and friends) or, in a JSONata state, as an expression.
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
    pub next: Option<StateId>,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    /// `Assign` (both query languages).
    pub assign: Option<Assign>,
}

/// The data-flow fields of a state, in its query language. This enum is what says which
/// language a state uses; the per-type parts that differ by language are enums of their own
/// ([`Wait`], [`Fail`], [`MapItems`], [`Test`], [`CatchOutput`]), so a JSONPath field in a
/// JSONata state cannot be written.
#[derive(Debug)]
pub(crate) enum Query {
    JsonPath(PathIo),
    JsonAta(AtaIo),
}

/// JSONPath: `InputPath` → `Parameters` → result → `ResultSelector` → `ResultPath` →
/// `OutputPath`.
#[derive(Debug)]
pub(crate) struct PathIo {
    pub input_path: PathField,
    pub output_path: PathField,
    pub result_path: ResultPathField,
    pub parameters: Option<Template>,
    pub result_selector: Option<Template>,
}

/// JSONata: `Arguments` → result → `Output`.
#[derive(Debug)]
pub(crate) struct AtaIo {
    /// `Arguments` (Task, Parallel).
    pub arguments: Option<CompiledTemplate>,
    pub output: Option<CompiledTemplate>,
}

/// Wait duration source.
#[derive(Debug)]
pub(crate) enum Wait {
    JsonPath(PathWait),
    JsonAta(AtaWait),
}

#[derive(Debug)]
pub(crate) enum PathWait {
    Seconds(f64),
    SecondsPath(Path),
    Timestamp(String),
    TimestampPath(Path),
}

#[derive(Debug)]
pub(crate) enum AtaWait {
    Seconds(f64),
    Timestamp(String),
    SecondsExpr(CompiledTemplate),
    TimestampExpr(CompiledTemplate),
}

/// The test of a Choice rule.
#[derive(Debug)]
pub(crate) enum Test {
    /// JSONPath rule (`Variable` + operator, `And`/`Or`/`Not`).
    Rule(Rule),
    /// JSONata `Condition`, with the rule's `Output` (used instead of the state's when the
    /// rule matches).
    Condition {
        condition: CompiledTemplate,
        output: Option<CompiledTemplate>,
    },
}

/// A rule of `Choices`.
#[derive(Debug)]
pub(crate) struct ChoiceRule {
    pub test: Test,
    pub next: StateId,
    pub assign: Option<Assign>,
}

/// A Fail state's `Error` and `Cause`.
#[derive(Debug)]
pub(crate) enum Fail {
    JsonPath {
        error: Option<String>,
        error_path: Option<String>,
        cause: Option<String>,
        cause_path: Option<String>,
    },
    JsonAta {
        error: Option<Text>,
        cause: Option<Text>,
    },
}

/// A JSONata string field: a literal or an expression.
#[derive(Debug)]
pub(crate) enum Text {
    Literal(String),
    Expr(CompiledTemplate),
}

/// Where a Map's items come from and what each iteration receives.
#[derive(Debug)]
pub(crate) enum MapItems {
    JsonPath {
        items_path: PathField,
        /// `ItemSelector` or legacy `Parameters`.
        item_selector: Option<Template>,
    },
    JsonAta {
        /// `Items` (default: the state input).
        items: Option<CompiledTemplate>,
        item_selector: Option<CompiledTemplate>,
    },
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

/// A Task state's own fields.
#[derive(Debug)]
pub(crate) struct Task {
    /// Index among all Task states (for mock invocation counting).
    pub task_index: usize,
    pub resource: String,
    pub resource_kind: ResourceKind,
    /// `resourceType` and `resource` as history events show them.
    pub event_resource_type: String,
    pub event_resource: String,
    pub region: String,
    pub wait_for_token: bool,
    /// A `.sync` integration whose fields may read `$$.Task.Token`.
    pub sync_reads_token: bool,
    pub timeout: Option<NumberField>,
    pub heartbeat: Option<NumberField>,
    /// `Credentials` (the role to assume), in the state's query language.
    pub credentials: Option<Credentials>,
}

/// A Task's `Credentials` object: a payload template (JSONPath) or a JSONata template.
#[derive(Debug)]
pub(crate) enum Credentials {
    JsonPath(Template),
    JsonAta(CompiledTemplate),
}

/// A Map state's own fields.
#[derive(Debug)]
pub(crate) struct Map {
    pub processor: GraphId,
    pub items: MapItems,
    pub max_concurrency: Option<NumberField>,
    pub tolerated_percentage: Option<NumberField>,
    pub tolerated_count: Option<NumberField>,
    /// `ItemReader`, `ItemBatcher`, `ResultWriter`…: `Some` for a Distributed Map.
    pub distributed: Option<Box<super::distributed::Distributed>>,
}

/// Type-specific part of a state.
#[derive(Debug)]
pub(crate) enum Kind {
    Pass {
        /// `Result` (JSONPath only).
        result: Option<crate::doc::Doc>,
    },
    Task(Task),
    Choice {
        choices: Vec<ChoiceRule>,
        default: Option<StateId>,
    },
    Wait(Wait),
    Succeed,
    Fail(Fail),
    Parallel {
        branches: Vec<GraphId>,
    },
    Map(Map),
}

/// A compiled state.
#[derive(Debug)]
pub(crate) struct State {
    pub name: std::rc::Rc<str>,
    pub state_type: StateType,
    pub query: Query,
    pub kind: Kind,
    pub common: Common,
    /// The state (or its fields) mentions `$$`, so the context object must be built.
    pub uses_context: bool,
    /// The state may read `$$.Execution.Input` (sharing it is free, but JSONata states convert
    /// the context object to a `Value`, which copies it, so it is left out otherwise).
    pub context_input: bool,
}
