//! The `asl` command: validate, draw, run and share Amazon States Language state machines.
//! One module per subcommand, each returning `Result<ExitCode, CliError>`; `report` renders
//! diagnostics, `input` reads files, `run_flags` parses the run options `run` and `share`
//! share.
//!
//! Exit codes: 0 success (a valid definition; warnings allowed), 1 invalid definition,
//! 2 usage error or unreadable input.

mod cmd_extract;
mod cmd_graph;
mod cmd_history;
mod cmd_run;
mod cmd_share;
mod cmd_test;
mod cmd_test_state;
mod cmd_validate;
mod definition;
mod input;
mod interactive;
mod report;
mod run_flags;
mod s3_out;

use std::process::ExitCode;

/// Exit code for an invalid definition.
pub(crate) const EXIT_INVALID: u8 = 1;
/// Exit code for a usage error or unreadable input.
pub(crate) const EXIT_USAGE: u8 = 2;

const USAGE: &str = "\
asl: Amazon States Language tools

Usage:
  asl validate FILE [--format human|json]   check a definition, report every problem
  asl graph FILE [--format mermaid|json]    print the state machine as a Mermaid flowchart
  asl run FILE --input FILE [options]       run a definition (asl run --help)
  asl share FILE [options]                  print a playground link (asl share --help)
  asl extract TEMPLATE [--out DIR]          write a template's state machines as ASL JSON
  asl history import HISTORY --definition DEF [--out DIR]
                                            an AWS execution history as a mocked test case
  asl history compare HISTORY --definition DEF
                                            the first event where a local run differs
  asl test [PATH...] [options]              run test suites (asl test --help)
  asl test-state REQUEST.json               answer an AWS TestState request offline
  asl help                                  show this help

FILE may be `-` to read standard input. A definition may be ASL in JSON or YAML, a
CloudFormation/SAM/CDK template or a serverless.yml; with a template:
  --state-machine-resource NAME   the state machine (when it declares several)
  --substitution NAME=VALUE       a ${NAME} of the definition
  --parameter NAME=VALUE          a Ref / Fn::GetAtt (Logical.Attribute) / Serverless variable
Exit status: 0 valid, 1 invalid definition, 2 usage error or unreadable input.
";

fn main() -> ExitCode {
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next() {
        Ok(Some(lexopt::Arg::Value(v))) => v.to_string_lossy().into_owned(),
        Ok(Some(lexopt::Arg::Long("version"))) => {
            println!("asl {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        // Asking for help is not an error: usage on stdout, exit 0.
        Ok(Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) => return help(),
        _ => return usage(None),
    };
    let result = match command.as_str() {
        "validate" => cmd_validate::main(parser),
        "graph" => cmd_graph::main(parser),
        "run" => cmd_run::main(parser),
        "share" => cmd_share::main(parser),
        "extract" => cmd_extract::main(parser),
        "history" => cmd_history::main(parser),
        "test" => cmd_test::main(parser),
        "test-state" => cmd_test_state::main(parser),
        "help" => return help(),
        other => return usage(Some(&format!("unknown command `{other}`"))),
    };
    match result {
        Ok(code) => code,
        Err(CliError::Usage(message)) => usage(Some(&format!("asl {command}: {message}"))),
        Err(CliError::Input(message)) => {
            eprintln!("asl {command}: {message}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Prints the usage on stdout; exit status 0.
fn help() -> ExitCode {
    print!("{USAGE}");
    ExitCode::SUCCESS
}

/// Prints the usage (and a problem, if any) on stderr; exit status 2.
fn usage(problem: Option<&str>) -> ExitCode {
    if let Some(p) = problem {
        eprintln!("error: {p}\n");
    }
    eprint!("{USAGE}");
    ExitCode::from(EXIT_USAGE)
}

/// Why a subcommand could not do its work (both exit with status 2).
#[derive(Debug)]
pub(crate) enum CliError {
    /// Bad arguments: printed with the usage.
    Usage(String),
    /// The input could not be read.
    Input(String),
}

impl From<lexopt::Error> for CliError {
    fn from(e: lexopt::Error) -> Self {
        CliError::Usage(e.to_string())
    }
}

/// The arguments shared by `validate` and `graph`: one FILE and an optional `--format`.
pub(crate) struct FileArgs {
    pub file: String,
    pub format: String,
    /// `--state-machine-resource`, `--substitution`, `--parameter`.
    pub source: definition::SourceFlags,
}

/// Parses `FILE [--format F]` where F is one of `formats` (the first is the default).
pub(crate) fn file_args(
    mut parser: lexopt::Parser,
    formats: &[&str],
) -> Result<FileArgs, CliError> {
    use lexopt::prelude::*;
    let mut file = None;
    let mut format = formats[0].to_string();
    let mut source = definition::SourceFlags::default();
    while let Some(arg) = parser.next()? {
        if let Some(flag) = definition::shared_flag(&arg) {
            source.set(flag, parser.value()?)?;
            continue;
        }
        match arg {
            Long("format") | Short('f') => {
                format = parser.value()?.to_string_lossy().into_owned();
                if !formats.contains(&format.as_str()) {
                    return Err(CliError::Usage(format!(
                        "unknown format `{format}`; use one of {}",
                        formats.join(", ")
                    )));
                }
            }
            Long("help") | Short('h') => return Err(CliError::Usage("help requested".into())),
            Value(v) if file.is_none() => file = Some(v.to_string_lossy().into_owned()),
            other => return Err(other.unexpected().into()),
        }
    }
    let file =
        file.ok_or_else(|| CliError::Usage("missing FILE (use `-` for standard input)".into()))?;
    Ok(FileArgs {
        file,
        format,
        source,
    })
}
