//! `asl test`: runs test suites (files of test cases with expectations, JSON or YAML, see
//! docs/test-suite.schema.json) on all cores and reports per case, with a diff for every
//! failed expectation. The model, the checks and coverage are `asl_core::testing`; this
//! module finds and reads files (`load`), runs cases in threads (`exec`), prints reports
//! (`report`), and writes `--update` snapshots.
//!
//! Exit codes: 0 every case passed, 1 a case failed (or coverage is under `--min-coverage`),
//! 2 bad usage or an unreadable suite (with its line:column).

mod exec;
mod load;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use asl_core::testing::Coverage;
use serde_json::Value;

use crate::definition::{self, SourceFlags};
use crate::CliError;
use exec::Job;
use load::{Format, Loaded};
use report::Reporter;

const HELP: &str = "\
usage: asl test [PATH...] [options]
       asl test --mocks MockConfigFile.json DEFINITION [--input FILE] [options]

Runs every test suite in PATH (files, or folders searched for *.asl-test.json,
*.asl-test.yaml, *.asl-test.yml and example.json; default: .), cases in parallel on all cores.
The suite format: docs/test-suite.schema.json.

options:
  --reporter human|junit|json|tap
                           the report on stdout (default human)
  --filter TEXT            only cases whose name or suite file contains TEXT
  --update                 rewrite the expectations of cases marked \"snapshot\": true from
                           what they did (with --mocks: write a suite from the run)
  --update-all             rewrite the expectations of every case that runs
  --watch                  run again whenever a suite or a file it names changes
  --coverage               print which states and transitions no case reached
  --coverage-out FILE      write the coverage report as JSON (implies --coverage)
  --min-coverage PERCENT   fail (exit 1) when fewer states + transitions are covered
  --jobs N                 threads (default: all cores)
  --mocks FILE             Step Functions Local compatibility: run every test case of
                           this MockConfigFile on DEFINITION and report status, final state
                           and path (no suite needed)
  --state-machine NAME     with --mocks: its state machine (default: the only one)
  --input FILE             with --mocks: the execution input (default {})
  --out FILE               with --mocks --update: where to write the suite
                           (default: DEFINITION's name + .asl-test.yaml beside it)
{FLAGS}

exit status: 0 all passed, 1 a case failed or coverage is too low, 2 usage or unreadable suite";

#[derive(Default)]
struct Args {
    paths: Vec<String>,
    reporter: Option<Reporter>,
    filter: Option<String>,
    update: bool,
    update_all: bool,
    watch: bool,
    coverage: bool,
    coverage_out: Option<String>,
    min_coverage: Option<f64>,
    jobs: Option<usize>,
    mocks: Option<String>,
    state_machine: Option<String>,
    input: Option<String>,
    out: Option<String>,
    source: SourceFlags,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Option<Args>, CliError> {
    use lexopt::prelude::*;
    let mut args = Args::default();
    let text = crate::definition::text;
    while let Some(arg) = parser.next()? {
        if let Some(flag) = definition::shared_flag(&arg) {
            args.source.set(flag, parser.value()?)?;
            continue;
        }
        match arg {
            Long("help") | Short('h') => return Ok(None),
            Long("reporter") => {
                let v = text(parser.value()?)?;
                args.reporter = Some(Reporter::parse(&v).ok_or_else(|| {
                    CliError::Usage(format!(
                        "unknown reporter `{v}`; use human, junit, json or tap"
                    ))
                })?);
            }
            Long("filter") => args.filter = Some(text(parser.value()?)?),
            Long("update") => args.update = true,
            Long("update-all") => args.update_all = true,
            Long("watch") => args.watch = true,
            Long("coverage") => args.coverage = true,
            Long("coverage-out") => args.coverage_out = Some(text(parser.value()?)?),
            Long("min-coverage") => {
                let v = text(parser.value()?)?;
                let p: f64 = v
                    .trim_end_matches('%')
                    .parse()
                    .ok()
                    .filter(|p: &f64| (0.0..=100.0).contains(p))
                    .ok_or_else(|| {
                        CliError::Usage(format!(
                            "--min-coverage needs a percentage from 0 to 100, got '{v}'"
                        ))
                    })?;
                args.min_coverage = Some(p);
            }
            Long("jobs") | Short('j') => {
                let v = text(parser.value()?)?;
                args.jobs = Some(v.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                    CliError::Usage(format!("--jobs needs a positive integer, got '{v}'"))
                })?);
            }
            Long("mocks") => args.mocks = Some(text(parser.value()?)?),
            Long("state-machine") => args.state_machine = Some(text(parser.value()?)?),
            Long("input") | Short('i') => args.input = Some(text(parser.value()?)?),
            Long("out") => args.out = Some(text(parser.value()?)?),
            Value(v) => args.paths.push(text(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    if args.coverage_out.is_some() || args.min_coverage.is_some() {
        args.coverage = true;
    }
    if args.mocks.is_some() && args.paths.len() != 1 {
        return Err(CliError::Usage(
            "--mocks needs exactly one DEFINITION".into(),
        ));
    }
    if args.mocks.is_none() && (args.input.is_some() || args.out.is_some()) {
        return Err(CliError::Usage("--input and --out go with --mocks".into()));
    }
    if args.paths.is_empty() {
        args.paths.push(".".into());
    }
    Ok(Some(args))
}

/// Entry point of `asl test` (arguments after `test`).
pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let Some(args) = parse_args(parser)? else {
        println!("{}", HELP.replace("{FLAGS}", definition::FLAGS_HELP));
        return Ok(ExitCode::SUCCESS);
    };
    if !args.watch {
        return run(&args).map(|(code, _)| ExitCode::from(code));
    }
    // --watch: poll the modification times of every file the run read; run again on change.
    loop {
        let files = match run(&args) {
            Ok((_, files)) => files,
            Err(e) => {
                let (CliError::Input(m) | CliError::Usage(m)) = &e;
                eprintln!("asl test: {m}");
                args.paths.iter().map(PathBuf::from).collect()
            }
        };
        let stamp = |files: &[PathBuf]| -> Vec<Option<SystemTime>> {
            files
                .iter()
                .map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok())
                .collect()
        };
        let before = stamp(&files);
        eprintln!("\nwatching {} files (Ctrl-C to stop)", files.len());
        while stamp(&files) == before {
            std::thread::sleep(Duration::from_millis(300));
        }
    }
}

/// One run: the exit code and the files it read (for `--watch`).
fn run(args: &Args) -> Result<(u8, Vec<PathBuf>), CliError> {
    let started = Instant::now();
    let compat = args.mocks.is_some();
    let suites: Vec<Loaded> = match &args.mocks {
        Some(mocks) => vec![load::from_mock_file(
            &args.paths[0],
            mocks,
            args.state_machine.as_deref(),
            args.input.as_deref(),
            &args.source,
        )?],
        None => {
            let files = load::discover(&args.paths)?;
            if files.is_empty() {
                return Err(CliError::Input(format!(
                    "no test suites in {} (*.asl-test.json, *.asl-test.yaml, *.asl-test.yml, example.json)",
                    args.paths.join(", ")
                )));
            }
            files
                .iter()
                .map(|f| load::load(f, &args.source))
                .collect::<Result<_, _>>()?
        }
    };
    let mut watched: Vec<PathBuf> = Vec::new();
    for s in &suites {
        watched.push(s.file.clone());
        watched.push(PathBuf::from(&s.definition_name));
        watched.extend(s.mocks_name.iter().map(PathBuf::from));
    }
    let jobs: Vec<Job> = suites
        .iter()
        .enumerate()
        .flat_map(|(si, s)| {
            let file = s.file.to_string_lossy().into_owned();
            s.suite
                .test_cases
                .keys()
                .enumerate()
                .filter(move |(_, name)| match &args.filter {
                    Some(f) => name.contains(f.as_str()) || file.contains(f.as_str()),
                    None => true,
                })
                .map(move |(ci, _)| Job {
                    suite: si,
                    case: ci,
                })
        })
        .collect();
    // Suites of one definition share its coverage.
    let mut coverage: Vec<(String, Coverage)> = Vec::new();
    let mut slot_of: Vec<usize> = Vec::new();
    for s in &suites {
        let slot = coverage
            .iter()
            .position(|(n, _)| *n == s.definition_name)
            .unwrap_or_else(|| {
                coverage.push((s.definition_name.clone(), Coverage::of(&s.definition)));
                coverage.len() - 1
            });
        slot_of.push(slot);
    }
    let per_suite: Vec<Coverage> = slot_of.iter().map(|&i| coverage[i].1.clone()).collect();
    let threads = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let update = |job: Job| {
        args.update_all
            || (args.update
                && (compat
                    || suites[job.suite]
                        .suite
                        .test_cases
                        .get_index(job.case)
                        .is_some_and(|(_, c)| c.snapshot)))
    };
    let outcomes = exec::run_all(
        &suites,
        args.coverage.then_some(per_suite.as_slice()),
        &jobs,
        threads,
        &update,
    );
    for o in &outcomes {
        if let Some(h) = &o.hits {
            coverage[slot_of[o.job.suite]].1.add(h);
        }
    }
    let total = started.elapsed();
    let coverage_json = args.coverage.then(|| {
        Value::Array(
            coverage
                .iter()
                .map(|(name, c)| {
                    let mut v = c.to_json();
                    v["definition"] = Value::String(name.clone());
                    v
                })
                .collect(),
        )
    });
    let reporter = args.reporter.unwrap_or(Reporter::Human);
    let text = match reporter {
        Reporter::Human => report::human(&suites, &outcomes, total, compat),
        Reporter::Json => report::json(&suites, &outcomes, total, coverage_json.clone()),
        Reporter::Tap => report::tap(&suites, &outcomes),
        Reporter::Junit => report::junit(&suites, &outcomes, total),
    };
    print!("{text}");
    let mut coverage_ok = true;
    if args.coverage {
        let summary = report::coverage_summary(&coverage);
        // Machine-readable reports keep stdout to themselves.
        if reporter == Reporter::Human {
            print!("{summary}");
        } else {
            eprint!("{summary}");
        }
        if let (Some(file), Some(json)) = (&args.coverage_out, &coverage_json) {
            let text = serde_json::to_string_pretty(json).unwrap_or_default() + "\n";
            std::fs::write(file, text)
                .map_err(|e| CliError::Input(format!("cannot write {file}: {e}")))?;
        }
        if let Some(min) = args.min_coverage {
            let (mut hit, mut all) = (0, 0);
            for (_, c) in &coverage {
                let (s, st, t, tt) = c.totals();
                hit += s + t;
                all += st + tt;
            }
            let percent = if all == 0 {
                100.0
            } else {
                100.0 * hit as f64 / all as f64
            };
            if percent + 1e-9 < min {
                eprintln!("asl test: coverage {percent:.1} % is under --min-coverage {min} %");
                coverage_ok = false;
            }
        }
    }
    if (args.update || args.update_all) && write_updates(args, &suites, &outcomes)? == 0 && !compat
    {
        eprintln!("asl test: no case asks for updates (\"snapshot\": true); --update-all rewrites every case");
    }
    // A case whose expectations were just rewritten from its run holds them now.
    let cases_ok = outcomes
        .iter()
        .all(|o| o.passed() || (o.snapshot.is_some() && o.setup_error.is_none()));
    let code = if cases_ok && coverage_ok { 0 } else { 1 };
    Ok((code, watched))
}

/// Writes the snapshots of `outcomes` into their suite files (or, in the compatibility mode,
/// a new suite); returns how many cases were written.
fn write_updates(
    args: &Args,
    suites: &[Loaded],
    outcomes: &[exec::Outcome],
) -> Result<usize, CliError> {
    let mut written = 0;
    for (i, loaded) in suites.iter().enumerate() {
        let mut raw = loaded.raw.clone();
        let mut changed = 0;
        for o in outcomes.iter().filter(|o| o.job.suite == i) {
            let Some(case) = &o.snapshot else { continue };
            let value = serde_json::to_value(case).unwrap_or(Value::Null);
            if let Some(cases) = raw.get_mut("testCases").and_then(Value::as_object_mut) {
                cases.insert(o.name.clone(), value);
                changed += 1;
            }
        }
        if changed == 0 {
            continue;
        }
        let (target, format) = if args.mocks.is_some() {
            let out = args.out.clone().map(PathBuf::from).unwrap_or_else(|| {
                let def = Path::new(&args.paths[0]);
                let stem = def
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let stem = stem.split('.').next().unwrap_or("suite").to_owned();
                def.with_file_name(format!("{stem}.asl-test.yaml"))
            });
            relativize(&mut raw, &out, args);
            let format = if out.to_string_lossy().ends_with(".json") {
                Format::Json
            } else {
                Format::Yaml
            };
            (out, format)
        } else {
            (loaded.file.clone(), loaded.format)
        };
        let text = match format {
            Format::Json => serde_json::to_string_pretty(&raw).unwrap_or_default() + "\n",
            Format::Yaml => serde_norway::to_string(&raw)
                .map_err(|e| CliError::Input(format!("cannot write {}: {e}", target.display())))?,
        };
        std::fs::write(&target, text)
            .map_err(|e| CliError::Input(format!("cannot write {}: {e}", target.display())))?;
        eprintln!("asl test: wrote {changed} case(s) to {}", target.display());
        written += changed;
    }
    Ok(written)
}

/// The compatibility mode's suite names its files relative to where it is written.
fn relativize(raw: &mut Value, out: &Path, args: &Args) {
    let dir = std::fs::canonicalize(
        out.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
    )
    .unwrap_or_default();
    let rel = |file: &str| -> String {
        let abs = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
        relative(&dir, &abs).to_string_lossy().into_owned()
    };
    raw["definition"] = Value::String(rel(&args.paths[0]));
    if let Some(m) = &args.mocks {
        raw["mocks"] = Value::String(rel(m));
    }
    if let Some(i) = &args.input {
        raw["inputFile"] = Value::String(rel(i));
    }
}

/// `to` relative to the folder `from` (both absolute).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out
}
