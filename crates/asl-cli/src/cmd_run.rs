//! `asl run`: run a definition on an input, optionally with a Step Functions Local mock file,
//! and print one JSON object on stdout.
//!
//! Exit codes: 0 SUCCEEDED, 1 FAILED or TIMED_OUT, 2 bad usage, unreadable file or a
//! definition/input/mock file that cannot be used (diagnostics on stderr with line:column).

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use asl_core::exec::{run_texts, ExecOptions, RunFile, RunRequest, Status};

use crate::definition::{self, SourceFlags};
use crate::{input, report, run_flags, CliError, EXIT_USAGE};

fn help() -> String {
    HELP.replace("{FLAGS}", definition::FLAGS_HELP)
}

const HELP: &str = "\
usage: asl run DEFINITION --input FILE|- [options]

Runs DEFINITION (ASL JSON or YAML, or a template holding it) on the input and prints one JSON object:
  {\"status\":\"SUCCEEDED\",\"output\":...}  or  {\"status\":\"FAILED\",\"error\":...,\"cause\":...}

options:
  --input FILE|-           execution input (JSON); - reads stdin
  --mocks FILE             Step Functions Local MockConfigFile with mocked Task responses
  --state-machine NAME     state machine in the mock file (default: the only one)
  --test-case NAME         test case in the mock file (default: the only one)
  --seed N                 seed for States.UUID, States.MathRandom, jitter (default 0)
  --start-time RFC3339     virtual start time (default 2024-01-01T00:00:00Z)
  --execution-name NAME    execution name ($$.Execution.Name; default \"execution\")
  --history                include the execution history as \"events\", and the child executions
                           of Distributed Maps (each with its own \"events\") as \"mapRunChildren\"
  --map-run-child N        print only Distributed Map child execution N (0-based, in the order
                           they started): its status, input, output, times and \"events\"
  --inspect                include per-state data flow as \"inspection\"
  --s3-out DIR             save the objects the run wrote to its virtual S3 as DIR/BUCKET/KEY
                           (they are also printed under \"x-asl-playground\": {\"s3\": ...})
{FLAGS}

exit status: 0 succeeded, 1 failed or timed out, 2 usage or input problems";

struct Args {
    definition: String,
    input: String,
    mocks: Option<String>,
    state_machine: Option<String>,
    test_case: Option<String>,
    options: ExecOptions,
    history: bool,
    inspect: bool,
    s3_out: Option<String>,
    map_run_child: Option<usize>,
    source: SourceFlags,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Option<Args>, CliError> {
    use lexopt::prelude::*;
    let mut definition = None;
    let mut input = None;
    let mut args = Args {
        definition: String::new(),
        input: String::new(),
        mocks: None,
        state_machine: None,
        test_case: None,
        options: ExecOptions::default(),
        history: false,
        inspect: false,
        s3_out: None,
        map_run_child: None,
        source: SourceFlags::default(),
    };
    let text = |v: OsString| {
        v.into_string()
            .map_err(|_| CliError::Usage("arguments must be UTF-8".into()))
    };
    while let Some(arg) = parser.next()? {
        if let Some(flag) = definition::shared_flag(&arg) {
            args.source.set(flag, parser.value()?)?;
            continue;
        }
        match arg {
            Long("help") | Short('h') => return Ok(None),
            Long("input") | Short('i') => input = Some(text(parser.value()?)?),
            Long("mocks") => args.mocks = Some(text(parser.value()?)?),
            Long("state-machine") => args.state_machine = Some(text(parser.value()?)?),
            Long("test-case") => args.test_case = Some(text(parser.value()?)?),
            Long("seed") => args.options.seed = run_flags::parse_seed(&text(parser.value()?)?)?,
            Long("start-time") => {
                let v = text(parser.value()?)?;
                args.options.start_time_ms = run_flags::parse_start_time(&v)?;
            }
            Long("execution-name") => args.options.execution_name = text(parser.value()?)?,
            Long("history") => args.history = true,
            Long("inspect") => args.inspect = true,
            Long("s3-out") => args.s3_out = Some(text(parser.value()?)?),
            Long("map-run-child") => {
                let v = text(parser.value()?)?;
                let n = v.parse().map_err(|_| {
                    CliError::Usage(format!(
                        "--map-run-child takes a child's index (0, 1, …), not {v:?}"
                    ))
                })?;
                args.map_run_child = Some(n);
            }
            Value(v) if definition.is_none() => definition = Some(text(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    let usage = |m: &str| CliError::Usage(m.to_owned());
    args.definition = definition.ok_or_else(|| usage("missing DEFINITION file"))?;
    args.input = input.ok_or_else(|| usage("missing --input FILE (use - for stdin)"))?;
    Ok(Some(args))
}

/// Entry point of `asl run` (arguments after `run`).
pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let Some(args) = parse_args(parser)? else {
        println!("{}", help());
        return Ok(ExitCode::SUCCESS);
    };
    // A template or YAML file resolves to JSON; its problems are shown in the file.
    let loaded =
        definition::load(&args.definition, &args.source).map_err(|e| e.into_cli_error())?;
    let definition = loaded.text.clone();
    let (_, input) = input::read(&args.input)?;
    let mocks = match args.mocks.as_deref() {
        Some(file) => Some(input::read(file)?.1),
        None => None,
    };
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: mocks.as_deref(),
        state_machine: args.state_machine.as_deref(),
        test_case: args.test_case.as_deref(),
        options: args.options.clone(),
    };
    let problem = match run_texts(&request) {
        Ok(result) => {
            let mut text = match args.map_run_child {
                None => result.to_json_text(args.history, args.inspect),
                Some(n) => match result.execution.map_run_children().get(n) {
                    Some(child) => child.to_json().to_string(),
                    None => {
                        return Err(CliError::Usage(format!(
                        "--map-run-child {n}: the run started {} Distributed Map child executions",
                        result.execution.map_run_children().len()
                    )))
                    }
                },
            };
            text.push('\n');
            // One write: `println!` of a formatted value went through the line-buffered
            // stdout in hundreds of small pieces, each searched for a newline.
            let written = std::io::stdout().lock().write_all(text.as_bytes());
            if let (Some(dir), Some(store)) = (&args.s3_out, result.execution.s3()) {
                crate::s3_out::write(std::path::Path::new(dir), store)?;
            }
            let code = match result.execution.status() {
                Status::Succeeded => ExitCode::SUCCESS,
                _ => ExitCode::from(1),
            };
            // The process ends here: freeing the history and every document one by one
            // only delays the exit (an eighth of the process on map-1k, bench/README.md).
            std::mem::forget(result);
            if let Err(e) = written {
                // A closed pipe (`asl run … | head`) is the reader's choice, not an error.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(CliError::Input(format!("cannot write the result: {e}")));
                }
            }
            return Ok(code);
        }
        Err(mut problem) => {
            if problem.file == RunFile::Definition {
                problem.diagnostics = loaded.remap(problem.diagnostics);
            }
            problem
        }
    };
    let (path, text) = match problem.file {
        RunFile::Definition => (loaded.display_name.as_str(), loaded.display_text.as_str()),
        RunFile::Input => (args.input.as_str(), input.as_str()),
        RunFile::Mocks | RunFile::TestCase => (
            args.mocks.as_deref().unwrap_or("mocks"),
            mocks.as_deref().unwrap_or(""),
        ),
        // Options are no file: the lines name the command instead.
        RunFile::Options => ("asl run", ""),
    };
    eprint!("{}", report::lines(path, text, &problem.diagnostics));
    Ok(ExitCode::from(EXIT_USAGE))
}
