//! `asl share`: print a playground link that opens a definition (with its input, mock file
//! and test case). The link format is `asl_core::share` (see docs/share-links.md); the page
//! decodes it with the same code compiled to wasm.
//!
//! `--seed` and `--start-time` go into the link's `options` (parsed as `asl run` parses them),
//! so the page runs exactly what `asl run` with the same flags runs.
//!
//! The link is printed even for an invalid definition (sharing a broken draft to ask for help
//! is a use), with a warning on stderr.

use std::process::ExitCode;

use asl_core::mocks::MockConfig;
use asl_core::share::{self, ShareState, TestCaseRef};
use asl_core::validate;
use serde_json::{Map, Value};

use crate::{input, run_flags, CliError};

/// Where the playground is served by `scripts/serve.sh`.
const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// The largest seed a link can carry: the page reads JSON numbers as doubles, which hold
/// integers exactly only up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`).
const MAX_LINK_SEED: u64 = (1 << 53) - 1;

const HELP: &str = "\
usage: asl share DEFINITION [--input FILE] [--mocks FILE] [--test-case NAME]
                 [--seed N] [--start-time RFC3339] [--base URL] [--embed]

Prints a playground link that opens DEFINITION with its input, mock file and test case.

options:
  --input FILE        execution input (default: {})
  --mocks FILE        Step Functions Local MockConfigFile
  --test-case NAME    test case in the mock file to select
  --seed N            seed for States.UUID, States.MathRandom, jitter (default 0, as asl run)
  --start-time RFC3339
                      virtual start time (default 2024-01-01T00:00:00Z, as asl run)
  --base URL          where the playground is served (default http://127.0.0.1:8080/)
  --embed             link to the embeddable page (embed.html) instead of the playground
  --state-machine-resource NAME, --substitution NAME=VALUE, --parameter NAME=VALUE
                      for a template or YAML file: the link carries the resolved JSON";

struct Args {
    definition: String,
    input: Option<String>,
    mocks: Option<String>,
    test_case: Option<String>,
    seed: Option<u64>,
    /// The text given (the link carries it as written), already checked to parse.
    start_time: Option<String>,
    base: String,
    embed: bool,
    source: crate::definition::SourceFlags,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Option<Args>, CliError> {
    use lexopt::prelude::*;
    let mut definition = None;
    let mut args = Args {
        definition: String::new(),
        input: None,
        mocks: None,
        test_case: None,
        seed: None,
        start_time: None,
        base: DEFAULT_BASE.to_string(),
        embed: false,
        source: Default::default(),
    };
    let text = crate::definition::text;
    while let Some(arg) = parser.next()? {
        if let Some(flag) = crate::definition::shared_flag(&arg) {
            args.source.set(flag, parser.value()?)?;
            continue;
        }
        match arg {
            Long("help") | Short('h') => return Ok(None),
            Long("input") | Short('i') => args.input = Some(text(parser.value()?)?),
            Long("mocks") => args.mocks = Some(text(parser.value()?)?),
            Long("test-case") => args.test_case = Some(text(parser.value()?)?),
            Long("seed") => {
                let v = text(parser.value()?)?;
                let seed = run_flags::parse_seed(&v)?;
                if seed > MAX_LINK_SEED {
                    return Err(CliError::Usage(format!(
                        "--seed {seed} is too large for a link: the page reads numbers exactly only up to {MAX_LINK_SEED}"
                    )));
                }
                args.seed = Some(seed);
            }
            Long("start-time") => {
                let v = text(parser.value()?)?;
                run_flags::parse_start_time(&v)?;
                args.start_time = Some(v);
            }
            Long("base") => args.base = text(parser.value()?)?,
            Long("embed") => args.embed = true,
            Value(v) if definition.is_none() => definition = Some(text(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    args.definition = definition.ok_or_else(|| CliError::Usage("missing DEFINITION".into()))?;
    if args.test_case.is_some() && args.mocks.is_none() {
        return Err(CliError::Usage("--test-case needs --mocks".into()));
    }
    Ok(Some(args))
}

/// Runs `asl share`; prints the link on stdout.
pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let Some(args) = parse_args(parser)? else {
        println!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    };
    let loaded =
        crate::definition::load(&args.definition, &args.source).map_err(|e| e.into_cli_error())?;
    let (name, definition) = (loaded.display_name, loaded.text);
    let report = validate::validate(&definition);
    if !report.is_valid() {
        eprintln!(
            "asl share: warning: {name} is not a valid definition (see `asl validate {name}`); sharing it as it is"
        );
    }
    let input = match &args.input {
        Some(file) => input::read(file)?.1,
        None => "{}".to_string(),
    };
    let mut state = ShareState::new(definition, input);
    if let Some(file) = &args.mocks {
        let (mocks_name, text) = input::read(file)?;
        if let Some(case) = &args.test_case {
            state.test_case = Some(find_test_case(&mocks_name, &text, case)?);
        }
        state.mocks = Some(text);
    }
    state.options = run_options(&args);
    println!("{}", link(&args.base, args.embed, &share::encode(&state)));
    Ok(ExitCode::SUCCESS)
}

/// The link's `options`: only what was given, so the page's (and `asl run`'s) defaults apply
/// to the rest.
fn run_options(args: &Args) -> Option<Map<String, Value>> {
    let mut options = Map::new();
    if let Some(seed) = args.seed {
        options.insert("seed".into(), seed.into());
    }
    if let Some(start) = &args.start_time {
        options.insert("startTime".into(), start.clone().into());
    }
    (!options.is_empty()).then_some(options)
}

/// The state machine in the mock file that has test case `case` (the first, if several do).
fn find_test_case(name: &str, text: &str, case: &str) -> Result<TestCaseRef, CliError> {
    let config = MockConfig::parse(text).map_err(|problems| {
        let first = problems.first().map(|d| d.message.as_str()).unwrap_or("");
        CliError::Input(format!("{name} is not a usable mock file: {first}"))
    })?;
    config
        .state_machines
        .iter()
        .find(|(_, cases)| cases.iter().any(|(c, _)| c == case))
        .map(|(machine, _)| TestCaseRef {
            state_machine: Some(machine.clone()),
            test_case: case.to_string(),
        })
        .ok_or_else(|| CliError::Input(format!("{name} has no test case named `{case}`")))
}

/// `base` + (`embed.html` when embedding) + `#` + fragment. A base naming a page
/// (`…/index.html`) has its page replaced by `embed.html`.
fn link(base: &str, embed: bool, fragment: &str) -> String {
    let base = base.split('#').next().unwrap_or(base);
    let page = if !embed {
        base.to_string()
    } else if base.ends_with('/') {
        format!("{base}embed.html")
    } else {
        match base.rsplit_once('/') {
            Some((dir, last)) if last.ends_with(".html") && !dir.ends_with('/') => {
                format!("{dir}/embed.html")
            }
            _ => format!("{base}/embed.html"),
        }
    };
    format!("{page}#{fragment}")
}

#[cfg(test)]
mod tests {
    use super::link;

    #[test]
    fn links_point_at_the_playground_or_the_embed_page() {
        let cases = [
            (
                "http://127.0.0.1:8080/",
                false,
                "http://127.0.0.1:8080/#v1=x",
            ),
            (
                "http://127.0.0.1:8080/",
                true,
                "http://127.0.0.1:8080/embed.html#v1=x",
            ),
            (
                "https://a.example/play/index.html",
                true,
                "https://a.example/play/embed.html#v1=x",
            ),
            (
                "https://a.example/play",
                true,
                "https://a.example/play/embed.html#v1=x",
            ),
            (
                "https://a.example/play/#old",
                false,
                "https://a.example/play/#v1=x",
            ),
        ];
        for (base, embed, expected) in cases {
            assert_eq!(link(base, embed, "v1=x"), expected, "{base} {embed}");
        }
    }
}
