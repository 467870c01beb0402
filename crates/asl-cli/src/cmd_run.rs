//! `asl run`: run a definition on an input, optionally with a Step Functions Local mock file,
//! and print one JSON object on stdout.
//!
//! Exit codes: 0 SUCCEEDED, 1 FAILED or TIMED_OUT, 2 bad usage, unreadable file or a
//! definition/input/mock file that cannot be used (diagnostics on stderr with line:column).

use std::io::Write;
use std::process::ExitCode;

use asl_core::exec::{run_texts, ExecOptions, RunFile, RunRequest, RunResult, Status};

use crate::interactive::{self, Live};

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
  --interactive            ask on the terminal at callbacks and activities no mock answers
  --break STATE            with --interactive: stop when STATE is entered (repeatable)
  --ask STATE              with --interactive: ask for STATE's callbacks even when mocked
  --save-case FILE         write the run (live answers included) as a mock file test case
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
    live: Live,
    save_case: Option<String>,
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
        live: Live::default(),
        save_case: None,
    };
    let text = crate::definition::text;
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
            Long("interactive") => args.live.interactive = true,
            Long("break") => args.live.breaks.push(text(parser.value()?)?),
            Long("ask") => args.live.ask.push(text(parser.value()?)?),
            Long("save-case") => args.save_case = Some(text(parser.value()?)?),
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
    let live_flags = !args.live.breaks.is_empty() || !args.live.ask.is_empty();
    if live_flags && !args.live.interactive {
        return Err(usage("--break and --ask need --interactive"));
    }
    if args.live.interactive && args.input == "-" {
        return Err(usage(
            "--interactive reads answers from stdin: give --input a file",
        ));
    }
    Ok(Some(args))
}

/// Entry point of `asl run` (arguments after `run`).
pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let Some(args) = parse_args(parser)? else {
        println!("{}", help());
        return Ok(ExitCode::SUCCESS);
    };
    if args.live.interactive {
        interactive::check_terminal()?;
    }
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
    let outcome = if args.live.interactive {
        interactive::run(&request, &args.live).map(|execution| RunResult { execution })
    } else {
        run_texts(&request)
    };
    let problem = match outcome {
        Ok(result) => {
            if let Some(file) = &args.save_case {
                save_case(file, &result, &request)?;
            }
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

/// `--save-case FILE`: the run as a mock file whose test case replays it.
fn save_case(file: &str, result: &RunResult, request: &RunRequest<'_>) -> Result<(), CliError> {
    let case = result
        .execution
        .saved_case(request.mocks, request.state_machine, request.test_case)
        .map_err(CliError::Input)?;
    let text = serde_json::to_string_pretty(&case).unwrap_or_default() + "\n";
    std::fs::write(file, text).map_err(|e| CliError::Input(format!("cannot write {file}: {e}")))
}
