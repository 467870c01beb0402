//! `asl history import HISTORY.json --definition DEF [--out DIR]`: an execution recorded on
//! AWS (`aws stepfunctions get-execution-history --output json`, pages concatenated) becomes
//! a local test case (`asl_core::history_import`): `DIR/mocks.json` (a MockConfigFile
//! answering every Task invocation as AWS recorded it), `DIR/input.json` and
//! `DIR/expected.json`. Without `--out` the mock file goes to stdout. States whose results
//! the history lacks are listed on stderr.
//!
//! Exit codes: 0 imported (even with states missing), 2 usage or unreadable files.

use std::path::PathBuf;
use std::process::ExitCode;

use asl_core::exec::{run_texts, ExecOptions, RunRequest};
use asl_core::history_import::{first_difference, import, parse_events, TEST_CASE};

use crate::definition::{self, SourceFlags};
use crate::{input, CliError};

const HELP: &str = "\
usage: asl history import HISTORY.json --definition DEF [--out DIR]
                          [--state-machine-resource NAME] [--substitution N=V] [--parameter N=V]

Turns an execution history from AWS (aws stepfunctions get-execution-history --output json
[--include-execution-data]; several pages may be concatenated) into a local test case:
  DIR/mocks.json     MockConfigFile whose test case FromHistory returns what each Task
                     returned (or threw) on AWS, per invocation (retries, Map iterations)
  DIR/input.json     the execution input
  DIR/expected.json  the recorded outcome: {\"status\":…, \"output\"|\"error\",\"cause\":…}
Without --out, the mock file is printed. Then:
  asl run DEF --input DIR/input.json --mocks DIR/mocks.json

usage: asl history compare HISTORY.json --definition DEF [--mocks FILE [--test-case NAME]]

Runs DEF on the history's input (with FILE's mocks, or the mocks imported from the history)
and reports the first event where the local run differs from AWS's (type, state name or
error). Exit status: 0 the same events, 1 a difference, 2 usage or unreadable files.";

pub(crate) fn main(mut parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    use lexopt::prelude::*;
    let compare = match parser.next()? {
        Some(Value(v)) if v == "import" => false,
        Some(Value(v)) if v == "compare" => true,
        Some(Long("help") | Short('h')) => {
            println!("{HELP}");
            return Ok(ExitCode::SUCCESS);
        }
        _ => {
            return Err(CliError::Usage(
                "use `asl history import|compare HISTORY.json --definition DEF`".into(),
            ))
        }
    };
    let mut history = None;
    let mut def_file = None;
    let mut out: Option<PathBuf> = None;
    let mut mocks_file: Option<String> = None;
    let mut test_case: Option<String> = None;
    let mut flags = SourceFlags::default();
    while let Some(arg) = parser.next()? {
        if let Some(flag) = definition::shared_flag(&arg) {
            flags.set(flag, parser.value()?)?;
            continue;
        }
        match arg {
            Long("help") | Short('h') => {
                println!("{HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            Long("definition") | Short('d') => {
                def_file = Some(parser.value()?.to_string_lossy().into_owned())
            }
            Long("out") | Short('o') if !compare => out = Some(PathBuf::from(parser.value()?)),
            Long("mocks") if compare => {
                mocks_file = Some(parser.value()?.to_string_lossy().into_owned())
            }
            Long("test-case") if compare => {
                test_case = Some(parser.value()?.to_string_lossy().into_owned())
            }
            Value(v) if history.is_none() => history = Some(v.to_string_lossy().into_owned()),
            other => return Err(other.unexpected().into()),
        }
    }
    let history = history.ok_or_else(|| CliError::Usage("missing HISTORY.json".into()))?;
    let def_file = def_file.ok_or_else(|| {
        CliError::Usage("missing --definition DEF (the state machine the history ran)".into())
    })?;
    let (history_name, history_text) = input::read(&history)?;
    let events =
        parse_events(&history_text).map_err(|m| CliError::Input(format!("{history_name}: {m}")))?;
    let def = definition::load(&def_file, &flags).map_err(|e| e.into_cli_error())?;
    let def_value: serde_json::Value = serde_json::from_str(&def.text)
        .map_err(|e| CliError::Input(format!("{def_file}: not JSON: {e}")))?;
    let imported = import(&events, Some(&def_value));
    if compare {
        let mocks = match &mocks_file {
            Some(f) => input::read(f)?.1,
            None => imported.mocks.to_string(),
        };
        return compare_run(
            &def.text,
            &events,
            &imported,
            &mocks,
            test_case.as_deref(),
            mocks_file.is_some(),
        );
    }

    let mocks = format!("{:#}\n", imported.mocks);
    match &out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::Input(format!("cannot create {}: {e}", dir.display())))?;
            for (name, text) in [
                ("mocks.json", mocks.clone()),
                ("input.json", format!("{:#}\n", imported.input)),
                ("expected.json", format!("{:#}\n", imported.expected())),
            ] {
                let path = dir.join(name);
                std::fs::write(&path, text).map_err(|e| {
                    CliError::Input(format!("cannot write {}: {e}", path.display()))
                })?;
            }
        }
        None => print!("{mocks}"),
    }
    eprintln!(
        "{history_name}: {} events, execution {}; {} task invocations mocked (test case {TEST_CASE})",
        events.len(),
        imported.status,
        imported.invocations
    );
    for (state, why) in &imported.missing {
        eprintln!("  not reproducible: {state}: {why}");
    }
    if let Some(dir) = &out {
        let d = dir.display();
        eprintln!("run it: asl run {def_file} --input {d}/input.json --mocks {d}/mocks.json");
    }
    Ok(ExitCode::SUCCESS)
}

/// `asl history compare`: runs and reports the first differing event.
fn compare_run(
    definition: &str,
    events: &[serde_json::Value],
    imported: &asl_core::history_import::Imported,
    mocks: &str,
    test_case: Option<&str>,
    own_mocks: bool,
) -> Result<ExitCode, CliError> {
    let input = imported.input.to_string();
    let request = RunRequest {
        definition,
        input: &input,
        mocks: Some(mocks),
        state_machine: None,
        test_case: if own_mocks {
            test_case
        } else {
            Some(TEST_CASE)
        },
        options: ExecOptions::default(),
    };
    let result = run_texts(&request).map_err(|e| {
        let messages: Vec<_> = e.diagnostics.iter().map(|d| d.message.clone()).collect();
        CliError::Input(format!("the run could not start: {}", messages.join("; ")))
    })?;
    let ours = result.to_json(true, false);
    let our_events = ours["events"].as_array().cloned().unwrap_or_default();
    let status = ours["status"].as_str().unwrap_or("?");
    match first_difference(events, &our_events) {
        None => {
            println!(
                "same {} events; AWS {}, local {status}",
                events.len(),
                imported.status
            );
            Ok(ExitCode::SUCCESS)
        }
        Some((i, aws, local)) => {
            let show = |s: Option<String>| s.unwrap_or_else(|| "(no more events)".into());
            println!("first difference at event {} of {}:", i + 1, events.len());
            println!("  AWS:   {}", show(aws));
            println!("  local: {}", show(local));
            println!("AWS {}, local {status}", imported.status);
            Ok(ExitCode::from(crate::EXIT_INVALID))
        }
    }
}
