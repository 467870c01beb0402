//! `asl-bench`: times asl-core on the shared workloads, in-process, one JSON line per workload.
//!
//! ```text
//! asl-bench [WORKLOAD|all ...] [--samples N] [--workloads DIR] [--mocks DIR] [--count | --phases]
//! ```
//!
//! `--count` runs each workload once and reports its `StateEntered` events next to the
//! manifest's transition count instead of timing it; `--phases` times the phases of one
//! execution (validate, parse with spans, `Execution::new`, `run_to_end`, history to JSON). Exit status 1 when any workload errs or
//! gives a wrong output.

use std::path::PathBuf;
use std::process::ExitCode;

use asl_bench::{engine, measure, phases, workload};
use serde_json::json;

struct Args {
    names: Vec<String>,
    samples: usize,
    workloads: PathBuf,
    mocks: PathBuf,
    count: bool,
    phases: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        names: Vec::new(),
        samples: 5,
        workloads: workload::default_workloads_dir(),
        mocks: workload::default_mocks_dir(),
        count: false,
        phases: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |flag: &str| it.next().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--samples" => {
                args.samples = value("--samples")?
                    .parse()
                    .map_err(|e| format!("--samples: {e}"))?
            }
            "--workloads" => args.workloads = PathBuf::from(value("--workloads")?),
            "--mocks" => args.mocks = PathBuf::from(value("--mocks")?),
            "--count" => args.count = true,
            "--phases" => args.phases = true,
            "-h" | "--help" => {
                return Err(
                    "usage: asl-bench [WORKLOAD|all ...] [--samples N] [--workloads DIR] \
                            [--mocks DIR] [--count | --phases]"
                        .into(),
                )
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            name => args.names.push(name.to_owned()),
        }
    }
    if args.names.is_empty() || args.names.iter().any(|n| n == "all") {
        args.names = workload::names(&args.workloads)?;
    }
    Ok(args)
}

fn run(args: &Args, name: &str) -> Result<serde_json::Value, String> {
    let w = workload::load(&args.workloads, &args.mocks, name)?;
    let prepared = engine::prepare(&w)?;
    if args.count {
        let mut exec = prepared.start()?;
        exec.run_to_end();
        let out = engine::finish(name, &exec)?;
        return Ok(json!({
            "engine": "asl-core native",
            "workload": name,
            "state_entered_events": engine::state_entered(&exec),
            "manifest_transitions": w.transitions,
            "correct": workload::same_json(&out, &w.expected),
        }));
    }
    if args.phases {
        return phases::phases(&w, &prepared, args.samples);
    }
    let report = measure::bench(&w, args.samples, || prepared.run_once())?;
    Ok(report.to_json("asl-core native"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("asl-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let mut ok = true;
    for name in &args.names {
        let line = run(&args, name)
            .unwrap_or_else(|e| json!({"engine": "asl-core native", "workload": name, "error": e}));
        // A phases line has no `correct`; any line with an error or a wrong output fails.
        ok &= line.get("error").is_none()
            && line.get("correct").and_then(serde_json::Value::as_bool) != Some(false);
        println!("{line}");
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
