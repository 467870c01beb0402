//! Setting up a run from texts: the one code path shared by `asl run`, the page (through
//! `asl-wasm`, which only converts), the conformance test and anyone else who has a
//! definition, an input and maybe a mock file as text. [`prepare`] checks and parses
//! everything and gives a ready [`Execution`] or one [`SetupError`]; [`run_texts`] also runs
//! it to the end.
//!
//! Choices made here, for every caller alike:
//! - A blank input (empty or only whitespace) is `{}`: AWS's `StartExecution` takes `input`
//!   as optional and an execution started without one has the input `{}`.
//! - A blank mock file is no mock file (tasks get [`DefaultHost`]'s answers).
//! - Execution and state machine names follow AWS's rules for names (1 to 80 characters, no
//!   whitespace, brackets, wildcards, special or control characters); others are refused.

use serde_json::{Map, Value};

use super::model::Program;
use super::{ExecOptions, Execution, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::doc::Doc;
use crate::host::Host;
use crate::mocks::DefaultHost;

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunRequest<'a> {
    /// Definition text (JSON).
    pub definition: &'a str,
    /// Execution input text (JSON).
    pub input: &'a str,
    /// Mock file text (Step Functions Local MockConfigFile), if any.
    pub mocks: Option<&'a str>,
    /// State machine in the mock file (optional when it holds only one).
    pub state_machine: Option<&'a str>,
    /// Test case in the mock file (optional when the state machine has only one).
    pub test_case: Option<&'a str>,
    /// Run options (start time, seed, names, history quota).
    pub options: ExecOptions,
}

/// Which part of the request a setup problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunFile {
    /// The definition.
    Definition,
    /// The input.
    Input,
    /// The mock file.
    Mocks,
    /// The choice of state machine and test case in the mock file (spans are into the mock
    /// file).
    TestCase,
    /// The run options (no text; spans are empty).
    Options,
}

/// Why a run could not start: a text is not JSON, the mock file is malformed, the test case
/// does not exist, an option is invalid, or the definition cannot be run.
#[derive(Debug, Clone)]
pub struct SetupError {
    /// The text the problems are in.
    pub file: RunFile,
    /// The problems (spans are byte offsets into that text).
    pub diagnostics: Vec<Diagnostic>,
}

/// A finished run.
#[derive(Debug)]
pub struct RunResult {
    /// The execution, run to its end.
    pub execution: Execution,
}

fn json_error(file: RunFile, text: &str, what: &str, e: &serde_json::Error) -> SetupError {
    let offset = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + e.column().saturating_sub(1);
    let offset = offset.min(text.len());
    SetupError {
        file,
        diagnostics: vec![Diagnostic {
            code: "INVALID_JSON",
            severity: Severity::Error,
            message: format!("the {what} is not valid JSON: {e}{}", nesting_hint(e)),
            pointer: String::new(),
            span: offset..offset,
        }],
    }
}

/// serde_json's "recursion limit exceeded" does not say what the limit is.
fn nesting_hint(e: &serde_json::Error) -> String {
    if e.to_string().contains("recursion limit") {
        format!(
            " (JSON may nest at most {} levels of arrays and objects): it is nested deeper than that",
            crate::limits::MAX_JSON_DEPTH
        )
    } else {
        String::new()
    }
}

fn setup(file: RunFile, code: &'static str, message: String) -> SetupError {
    SetupError {
        file,
        diagnostics: vec![Diagnostic {
            code,
            severity: Severity::Error,
            message,
            pointer: String::new(),
            span: 0..0,
        }],
    }
}

/// Validates the definition, parses the texts, checks the options and builds the host
/// (mocks, else [`DefaultHost`]): an execution ready to [`step`](Execution::step), with
/// `ExecutionStarted` recorded.
pub fn prepare(request: &RunRequest<'_>) -> Result<Execution, SetupError> {
    prepare_with(request, &mut |mocks, seed| match mocks {
        Some(host) => Box::new(host.with_seed(seed)),
        None => Box::new(DefaultHost::with_seed(seed)),
    })
}

#[cfg(feature = "debugger")]
/// [`prepare`] for a run answered by a person: callbacks and activities that the mock file
/// does not answer, and those of the states in `ask`, wait for a live answer
/// ([`crate::mocks::LiveHost`], `Execution::send_task_success`, …).
pub fn prepare_live(request: &RunRequest<'_>, ask: &[String]) -> Result<Execution, SetupError> {
    prepare_with(request, &mut |mocks, seed| {
        Box::new(crate::mocks::LiveHost::new(
            mocks,
            seed,
            ask.iter().cloned(),
        ))
    })
}

type MakeHost<'a> = &'a mut dyn FnMut(Option<crate::mocks::MockHost>, u64) -> Box<dyn Host>;

fn prepare_with(
    request: &RunRequest<'_>,
    make_host: MakeHost<'_>,
) -> Result<Execution, SetupError> {
    // Validation errors come first; a compile error keeps its place after the other texts'.
    let compiled = memo::compiled(request.definition)?;
    check_name("execution name", &request.options.execution_name)?;
    check_name("state machine name", &request.options.state_machine_name)?;
    // Straight into a `Doc`: through a `Value` every string and object was built twice.
    let input: Doc = if request.input.trim().is_empty() {
        Doc::empty_object()
    } else {
        Doc::parse_json(request.input)
            .map_err(|e| json_error(RunFile::Input, request.input, "input", &e))?
    };
    let seed = request.options.seed;
    let host: Box<dyn Host> = match request.mocks.filter(|text| !text.trim().is_empty()) {
        Some(text) => {
            let config = memo::mocks(text)?;
            let host = config
                .test_case(request.state_machine, request.test_case)
                .map_err(|message| setup(RunFile::TestCase, "MOCKS_TEST_CASE", message))?;
            make_host(Some(host), seed)
        }
        None => make_host(None, seed),
    };
    let machine = super::Machine { program: compiled? };
    Ok(Execution::start_doc(
        &machine,
        input,
        request.options.clone(),
        host,
    ))
}

/// Compiles a valid definition; a definition the interpreter cannot run is a setup error
/// located in its text.
fn compile(text: &str, definition: &Value) -> Result<Program, SetupError> {
    super::compile::compile(definition).map_err(|invalid| {
        let at = crate::mocks::locate(text, &invalid.pointer);
        let cause = crate::error::StatesError::from(invalid.clone()).cause;
        SetupError {
            file: RunFile::Definition,
            diagnostics: vec![Diagnostic {
                code: "DEFINITION_NOT_RUNNABLE",
                severity: Severity::Error,
                message: cause.unwrap_or(invalid.message),
                pointer: invalid.pointer,
                span: at..at,
            }],
        }
    })
}

/// [`prepare`], then runs to the end.
pub fn run_texts(request: &RunRequest<'_>) -> Result<RunResult, SetupError> {
    let mut execution = prepare(request)?;
    execution.run_to_end();
    Ok(RunResult { execution })
}

/// The definition as JSON when it has no error, with the positioned tree it was read from:
/// a definition AWS would refuse is reported with every problem, not run.
fn valid_definition(text: &str) -> Result<memo::Trees, SetupError> {
    let (report, tree) = crate::validate::validate_keeping_tree(text);
    match (report.definition, tree) {
        (Some(definition), Some(tree))
            if report
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error) =>
        {
            Ok((definition, tree))
        }
        _ => Err(SetupError {
            file: RunFile::Definition,
            diagnostics: report
                .diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect(),
        }),
    }
}

/// AWS's rules for execution and state machine names (`StartExecution`'s `name`).
fn check_name(what: &str, name: &str) -> Result<(), SetupError> {
    const FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";
    let bad = name.chars().find(|&c| {
        c.is_whitespace()
            || FORBIDDEN.contains(c)
            || ('\u{0}'..='\u{1f}').contains(&c)
            || ('\u{7f}'..='\u{9f}').contains(&c)
    });
    let count = name.chars().count();
    let problem = match bad {
        _ if count == 0 => "is empty".to_owned(),
        _ if count > 80 => format!("has {count} characters; at most 80 are allowed"),
        Some(c) => format!("contains {c:?}, which AWS does not allow in names"),
        None => return Ok(()),
    };
    Err(setup(
        RunFile::Options,
        "INVALID_OPTION",
        format!("the {what} {name:?} {problem}"),
    ))
}

impl RunResult {
    /// [`RunResult::to_json`] as compact text (the same bytes), written straight from the
    /// interpreter's documents: converting the output `Doc` to a `Value`, formatting that and
    /// dropping both cost more than the execution itself on a large output (map-1k,
    /// bench/README.md).
    pub fn to_json_text(&self, with_events: bool, with_inspection: bool) -> String {
        let exec = &self.execution;
        let mut out = Vec::with_capacity(exec.output_doc().map_or(0, |d| d.json_size()) + 64);
        // Writing to a Vec cannot fail, and every value here serializes.
        let write = |key: &str, value: &dyn erased::Json, out: &mut Vec<u8>| {
            out.push(if out.is_empty() { b'{' } else { b',' });
            let _ = serde_json::to_writer(&mut *out, key);
            out.push(b':');
            value.write(out);
        };
        write("status", &exec.status().as_str(), &mut out);
        if exec.status() == Status::Succeeded {
            match exec.output_doc() {
                Some(doc) => write("output", doc, &mut out),
                None => write("output", &Value::Null, &mut out),
            }
        }
        if let Some(error) = exec.error().filter(|_| exec.status() != Status::TimedOut) {
            if !error.error.is_empty() {
                write("error", &error.error.as_str(), &mut out);
            }
            if let Some(cause) = &error.cause {
                write("cause", &cause.as_str(), &mut out);
            }
        }
        if let Some(written) = exec.s3().and_then(crate::s3::S3Store::written_json) {
            write(crate::mocks::EXTENSION_KEY, &written, &mut out);
        }
        if with_events {
            let events: Vec<Value> = exec.events().iter().map(|e| e.to_json()).collect();
            write("events", &events, &mut out);
            if !exec.map_run_children().is_empty() {
                write(MAP_RUN_CHILDREN_KEY, &children_json(exec), &mut out);
            }
        }
        if with_inspection {
            let visits: Vec<Value> = exec.inspection().iter().map(|v| v.to_json()).collect();
            write("inspection", &visits, &mut out);
        }
        out.push(b'}');
        String::from_utf8(out).unwrap_or_default()
    }

    /// `{"status": …, "output": …}` or `{"status": …, "error": …, "cause": …}` (error and
    /// cause left out where AWS's DescribeExecution gives none, e.g. for TIMED_OUT), plus `events` and `inspection` arrays when asked.
    /// With the events, a run with Distributed Maps adds their child executions under
    /// [`MAP_RUN_CHILDREN_KEY`].
    /// A run that wrote to its virtual S3 (a Distributed Map's `ResultWriter`) adds
    /// `"x-asl-playground": {"s3": {bucket: {key: content}}}`: the objects it wrote, in the
    /// mock file's own format.
    pub fn to_json(&self, with_events: bool, with_inspection: bool) -> Value {
        let exec = &self.execution;
        let mut out = Map::new();
        out.insert(
            "status".into(),
            Value::String(exec.status().as_str().into()),
        );
        if exec.status() == Status::Succeeded {
            out.insert(
                "output".into(),
                exec.output().cloned().unwrap_or(Value::Null),
            );
        }
        // DescribeExecution of a TIMED_OUT execution has no error or cause; States.Timeout
        // appears only in the ExecutionTimedOut event.
        if let Some(error) = exec.error().filter(|_| exec.status() != Status::TimedOut) {
            if !error.error.is_empty() {
                out.insert("error".into(), Value::String(error.error.clone()));
            }
            if let Some(cause) = &error.cause {
                out.insert("cause".into(), Value::String(cause.clone()));
            }
        }
        if let Some(written) = exec.s3().and_then(crate::s3::S3Store::written_json) {
            out.insert(crate::mocks::EXTENSION_KEY.into(), written);
        }
        if with_events {
            let events = exec.events().iter().map(|e| e.to_json()).collect();
            out.insert("events".into(), Value::Array(events));
            if !exec.map_run_children().is_empty() {
                out.insert(MAP_RUN_CHILDREN_KEY.into(), children_json(exec));
            }
        }
        if with_inspection {
            let visits = exec.inspection().iter().map(|v| v.to_json()).collect();
            out.insert("inspection".into(), Value::Array(visits));
        }
        Value::Object(out)
    }
}

/// The key under which [`RunResult::to_json`] puts, with the events, the child executions of
/// the run's Distributed Maps (each [`super::ChildExecution::to_json`], with its own
/// `events`), in the order they started.
pub const MAP_RUN_CHILDREN_KEY: &str = "mapRunChildren";

fn children_json(exec: &Execution) -> Value {
    exec.map_run_children()
        .iter()
        .map(super::ChildExecution::to_json)
        .collect()
}

/// Values [`RunResult::to_json_text`] writes, behind one `dyn` type.
mod erased {
    pub(super) trait Json {
        fn write(&self, out: &mut Vec<u8>);
    }

    impl<T: serde::Serialize + ?Sized> Json for T {
        fn write(&self, out: &mut Vec<u8>) {
            let _ = serde_json::to_writer(out, self);
        }
    }
}

/// The last definition and mock file prepared on this thread, by their exact text: whoever
/// runs one definition many times (`asl test`'s cases, a benchmark, the page's Worker between
/// runs) validates, compiles and parses it once, as the peers construct their state machine
/// once. Validation and compilation depend on nothing but the text, so a hit gives what a
/// new pass would; one entry each keeps memory to one definition and one mock file.
///
/// The definition's two trees (the validator's positioned one and the `Value` compiled from)
/// stay with the entry and are freed when another definition replaces it, not at the thread's
/// end: freeing them one node at a time was a fifth of `asl run` on parallel-fanout, work a
/// process about to exit need not do (bench/README.md).
mod memo {
    use std::cell::RefCell;
    use std::mem::ManuallyDrop;
    use std::rc::Rc;

    use super::{compile, valid_definition, Program, RunFile, SetupError};
    use crate::json::Node;
    use crate::mocks::MockConfig;

    /// A definition as a value and as the positioned tree it was read from.
    pub(super) type Trees = (serde_json::Value, Node);

    /// A valid definition's text and its compilation (`Err`: it cannot run).
    type Compiled = (String, Result<Program, SetupError>);

    thread_local! {
        static DEFINITION: RefCell<Option<Compiled>> = const { RefCell::new(None) };
        /// The trees of the definition in `DEFINITION` (see the module's comment).
        static TREES: RefCell<Option<ManuallyDrop<Trees>>> = const { RefCell::new(None) };
        static MOCKS: RefCell<Option<(String, Rc<MockConfig>)>> = const { RefCell::new(None) };
    }

    /// Validation problems as the outer error; the compilation's outcome inside.
    pub(super) fn compiled(text: &str) -> Result<Result<Program, SetupError>, SetupError> {
        let hit = DEFINITION.with_borrow(|last| match last {
            Some((t, compiled)) if t == text => Some(compiled.clone()),
            _ => None,
        });
        if let Some(compiled) = hit {
            return Ok(compiled);
        }
        let trees = valid_definition(text)?;
        let compiled = compile(text, &trees.0);
        DEFINITION.set(Some((text.to_owned(), compiled.clone())));
        if let Some(old) = TREES.replace(Some(ManuallyDrop::new(trees))) {
            drop(ManuallyDrop::into_inner(old));
        }
        Ok(compiled)
    }

    /// A parsed mock file (only files without problems are kept).
    pub(super) fn mocks(text: &str) -> Result<Rc<MockConfig>, SetupError> {
        let hit = MOCKS.with_borrow(|last| match last {
            Some((t, config)) if t == text => Some(Rc::clone(config)),
            _ => None,
        });
        if let Some(config) = hit {
            return Ok(config);
        }
        let config = Rc::new(MockConfig::parse(text).map_err(|diagnostics| SetupError {
            file: RunFile::Mocks,
            diagnostics,
        })?);
        MOCKS.set(Some((text.to_owned(), Rc::clone(&config))));
        Ok(config)
    }
}
