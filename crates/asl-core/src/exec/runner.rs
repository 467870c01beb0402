//! Running a case from texts: the one code path shared by `asl run`, the conformance test and
//! anyone else who has a definition, an input and maybe a mock file as text.

use serde_json::{Map, Value};

use super::{ExecOptions, Execution, Status};
use crate::diagnostics::{Diagnostic, Severity};
use crate::host::Host;
use crate::mocks::{DefaultHost, MockConfig};

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

/// Which of the request's texts a setup problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunFile {
    /// The definition.
    Definition,
    /// The input.
    Input,
    /// The mock file (or the choice of test case in it).
    Mocks,
}

/// Why a run could not start: a text is not JSON, the mock file is malformed, or the
/// definition cannot be run.
#[derive(Debug, Clone)]
pub struct RunSetupError {
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

fn json_error(file: RunFile, text: &str, what: &str, e: &serde_json::Error) -> RunSetupError {
    let offset = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + e.column().saturating_sub(1);
    let offset = offset.min(text.len());
    RunSetupError {
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
            " (JSON may nest at most {} levels of arrays and objects)",
            crate::limits::MAX_JSON_DEPTH
        )
    } else {
        String::new()
    }
}

fn setup(file: RunFile, code: &'static str, message: String) -> RunSetupError {
    RunSetupError {
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

/// Validates the definition, parses the texts, builds the host (mocks, else
/// [`DefaultHost`]) and runs to the end.
pub fn run_texts(request: &RunRequest<'_>) -> Result<RunResult, RunSetupError> {
    // Validate first: a definition AWS would refuse is reported with every problem, not run.
    let report = crate::validate::validate(request.definition);
    let definition = match report.definition {
        Some(definition)
            if report
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error) =>
        {
            definition
        }
        _ => {
            return Err(RunSetupError {
                file: RunFile::Definition,
                diagnostics: report
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect(),
            })
        }
    };
    let input: Value = serde_json::from_str(request.input)
        .map_err(|e| json_error(RunFile::Input, request.input, "input", &e))?;
    let seed = request.options.seed;
    let host: Box<dyn Host> = match request.mocks {
        Some(text) => {
            let config = MockConfig::parse(text).map_err(|diagnostics| RunSetupError {
                file: RunFile::Mocks,
                diagnostics,
            })?;
            let host = config
                .test_case(request.state_machine, request.test_case)
                .map_err(|message| setup(RunFile::Mocks, "MOCKS_TEST_CASE", message))?;
            Box::new(host.with_seed(seed))
        }
        None => Box::new(DefaultHost::with_seed(seed)),
    };
    let mut execution =
        Execution::new(&definition, input, request.options.clone(), host).map_err(|e| {
            let message = e.cause.unwrap_or(e.error);
            // Compile errors read "Invalid definition at '<pointer>': <message>".
            let pointer = message
                .strip_prefix("Invalid definition at '")
                .and_then(|rest| rest.split_once("': "))
                .map(|(pointer, _)| pointer.to_owned())
                .unwrap_or_default();
            let at = crate::mocks::locate(request.definition, &pointer);
            RunSetupError {
                file: RunFile::Definition,
                diagnostics: vec![Diagnostic {
                    code: "DEFINITION_NOT_RUNNABLE",
                    severity: Severity::Error,
                    message,
                    pointer,
                    span: at..at,
                }],
            }
        })?;
    execution.run_to_end();
    Ok(RunResult { execution })
}

impl RunResult {
    /// `{"status": …, "output": …}` or `{"status": …, "error": …, "cause": …}` (error and
    /// cause left out where AWS's DescribeExecution gives none, e.g. for TIMED_OUT), plus `events` and `inspection` arrays when asked.
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
        if with_events {
            let events = exec.events().iter().map(|e| e.to_json()).collect();
            out.insert("events".into(), Value::Array(events));
        }
        if with_inspection {
            let visits = exec.inspection().iter().map(|v| v.to_json()).collect();
            out.insert("inspection".into(), Value::Array(visits));
        }
        Value::Object(out)
    }
}
