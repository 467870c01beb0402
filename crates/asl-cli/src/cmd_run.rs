//! `asl run`: run a definition on an input, optionally with a Step Functions Local mock file,
//! and print one JSON object on stdout.
//!
//! Exit codes: 0 SUCCEEDED, 1 FAILED or TIMED_OUT, 2 bad usage, unreadable file or a
//! definition/input/mock file that cannot be used (diagnostics on stderr with line:column).

use std::ffi::OsString;
use std::process::ExitCode;

use asl_core::exec::{parse_iso, run_texts, ExecOptions, RunFile, RunRequest, Status};
use asl_core::LineIndex;

const HELP: &str = "\
usage: asl run DEFINITION --input FILE|- [options]

Runs DEFINITION (an ASL JSON file) on the input and prints one JSON object:
  {\"status\":\"SUCCEEDED\",\"output\":...}  or  {\"status\":\"FAILED\",\"error\":...,\"cause\":...}

options:
  --input FILE|-           execution input (JSON); - reads stdin
  --mocks FILE             Step Functions Local MockConfigFile with mocked Task responses
  --state-machine NAME     state machine in the mock file (default: the only one)
  --test-case NAME         test case in the mock file (default: the only one)
  --seed N                 seed for States.UUID, States.MathRandom, jitter (default 0)
  --start-time RFC3339     virtual start time (default 2024-01-01T00:00:00Z)
  --execution-name NAME    execution name ($$.Execution.Name; default \"execution\")
  --history                include the execution history as \"events\"
  --inspect                include per-state data flow as \"inspection\"

exit status: 0 succeeded, 1 failed or timed out, 2 usage or input problems";

struct Args {
    definition: String,
    input: String,
    mocks: Option<String>,
    state_machine: Option<String>,
    test_case: Option<String>,
    seed: u64,
    start_time_ms: Option<i64>,
    execution_name: Option<String>,
    history: bool,
    inspect: bool,
}

fn parse_args(args: Vec<OsString>) -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut definition = None;
    let mut input = None;
    let mut args = Args {
        definition: String::new(),
        input: String::new(),
        mocks: None,
        state_machine: None,
        test_case: None,
        seed: 0,
        start_time_ms: None,
        execution_name: None,
        history: false,
        inspect: false,
    };
    let text = |v: OsString| {
        v.into_string()
            .map_err(|_| "arguments must be UTF-8".to_string())
    };
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("help") | Short('h') => return Ok(None),
            Long("input") | Short('i') => {
                input = Some(text(parser.value().map_err(|e| e.to_string())?)?)
            }
            Long("mocks") => args.mocks = Some(text(parser.value().map_err(|e| e.to_string())?)?),
            Long("state-machine") => {
                args.state_machine = Some(text(parser.value().map_err(|e| e.to_string())?)?)
            }
            Long("test-case") => {
                args.test_case = Some(text(parser.value().map_err(|e| e.to_string())?)?)
            }
            Long("seed") => {
                args.seed = parse_seed(&text(parser.value().map_err(|e| e.to_string())?)?)?
            }
            Long("start-time") => {
                let v = text(parser.value().map_err(|e| e.to_string())?)?;
                args.start_time_ms = Some(parse_start_time(&v)?);
            }
            Long("execution-name") => {
                args.execution_name = Some(text(parser.value().map_err(|e| e.to_string())?)?)
            }
            Long("history") => args.history = true,
            Long("inspect") => args.inspect = true,
            Value(v) if definition.is_none() => definition = Some(text(v)?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    args.definition = definition.ok_or("missing DEFINITION file")?;
    args.input = input.ok_or("missing --input FILE (use - for stdin)")?;
    Ok(Some(args))
}

/// The value of `--seed` (shared with `asl share`, so both accept and word it alike).
pub(crate) fn parse_seed(v: &str) -> Result<u64, String> {
    v.parse()
        .map_err(|_| format!("--seed needs a non-negative integer, got '{v}'"))
}

/// The value of `--start-time` as epoch milliseconds (shared with `asl share`).
pub(crate) fn parse_start_time(v: &str) -> Result<i64, String> {
    parse_iso(v).ok_or_else(|| {
        format!("--start-time needs an RFC 3339 time such as 2024-01-01T00:00:00Z, got '{v}'")
    })
}

fn read(path: &str) -> Result<String, String> {
    // The shared reader: size cap before reading, UTF-8 check with the offending offset.
    match crate::input::read(path) {
        Ok((_, text)) => Ok(text),
        Err(crate::CliError::Input(message) | crate::CliError::Usage(message)) => Err(message),
    }
}

/// Entry point of `asl run` (arguments after `run`).
pub fn main(args: Vec<OsString>) -> ExitCode {
    let args = match parse_args(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("asl run: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    let texts = (|| -> Result<_, String> {
        let definition = read(&args.definition)?;
        let input = read(&args.input)?;
        let mocks = args.mocks.as_deref().map(read).transpose()?;
        Ok((definition, input, mocks))
    })();
    let (definition, input, mocks) = match texts {
        Ok(t) => t,
        Err(message) => {
            eprintln!("asl run: {message}");
            return ExitCode::from(2);
        }
    };
    let mut options = ExecOptions {
        seed: args.seed,
        ..ExecOptions::default()
    };
    if let Some(start) = args.start_time_ms {
        options.start_time_ms = start;
    }
    if let Some(name) = &args.execution_name {
        options.execution_name = name.clone();
    }
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: mocks.as_deref(),
        state_machine: args.state_machine.as_deref(),
        test_case: args.test_case.as_deref(),
        options,
    };
    match run_texts(&request) {
        Ok(result) => {
            println!("{}", result.to_json(args.history, args.inspect));
            match result.execution.status() {
                Status::Succeeded => ExitCode::SUCCESS,
                _ => ExitCode::from(1),
            }
        }
        Err(problem) => {
            let (path, text) = match problem.file {
                RunFile::Definition => (args.definition.as_str(), definition.as_str()),
                RunFile::Input => (args.input.as_str(), input.as_str()),
                RunFile::Mocks | RunFile::TestCase => (
                    args.mocks.as_deref().unwrap_or("mocks"),
                    mocks.as_deref().unwrap_or(""),
                ),
                RunFile::Options => {
                    for d in &problem.diagnostics {
                        eprintln!(
                            "asl run: {} [{}]: {}",
                            d.severity.as_str(),
                            d.code,
                            d.message
                        );
                    }
                    return ExitCode::from(2);
                }
            };
            let index = LineIndex::new(text);
            for d in &problem.diagnostics {
                let pos = index.position(text, d.span.start);
                let pointer = if d.pointer.is_empty() {
                    String::new()
                } else {
                    format!(" at {}", d.pointer)
                };
                eprintln!(
                    "{path}:{}:{}: {} [{}]{pointer}: {}",
                    pos.line,
                    pos.column,
                    d.severity.as_str(),
                    d.code,
                    d.message
                );
            }
            ExitCode::from(2)
        }
    }
}
