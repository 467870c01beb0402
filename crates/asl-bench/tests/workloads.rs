//! Every shared workload, run once (untimed) on the interpreter: the output must equal
//! `expected-output.json` and the history must hold as many `StateEntered` events as the
//! manifest counts transitions, so the timed figures measure a correct run of the same work.
//!
//! Workloads with Task states need the MockConfigFiles that `bench/gen-mocks.mjs` records
//! (bench/run.sh writes them to target/bench/mocks); without them those cases are skipped
//! with a printed message, as is everything when `../shared` is missing.

use asl_bench::{engine, workload};

fn check(name: &str) {
    let dir = workload::default_workloads_dir();
    if !dir.join("manifest.json").exists() {
        println!(
            "skipped {name}: no workloads at {} (../shared is missing)",
            dir.display()
        );
        return;
    }
    let mocks = workload::default_mocks_dir();
    let w = match workload::load(&dir, &mocks, name) {
        Ok(w) => w,
        Err(e) if e.contains("gen-mocks") => {
            println!("skipped {name}: {e}");
            return;
        }
        Err(e) => panic!("{name}: {e}"),
    };
    let prepared = engine::prepare(&w).unwrap_or_else(|e| panic!("{e}"));
    let mut exec = prepared.start().unwrap_or_else(|e| panic!("{e}"));
    exec.run_to_end();
    let out = engine::finish(name, &exec).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        workload::same_json(&out, &w.expected),
        "{name}: output differs from expected-output.json: {}",
        out.to_string().chars().take(400).collect::<String>()
    );
    let entered = engine::state_entered(&exec) as u64;
    assert_eq!(
        entered, w.transitions,
        "{name}: StateEntered events vs manifest transitions"
    );
    // The recorded mocks return fixed results, so the output alone cannot show that
    // `$$.Execution.Name` reached the tasks: look for it in the scheduled tasks' parameters.
    if let Some(execution_name) = w
        .context
        .as_ref()
        .and_then(|c| c["Execution"]["Name"].as_str())
    {
        let scheduled: Vec<String> = exec
            .events()
            .iter()
            .map(|e| e.to_json())
            .filter(|e| e["type"] == "TaskScheduled")
            .map(|e| e.to_string())
            .collect();
        assert!(
            scheduled.iter().any(|e| e.contains(execution_name)),
            "{name}: no TaskScheduled event carries the execution name {execution_name:?}: {scheduled:?}"
        );
    }
}

#[test]
fn loop_10k() {
    check("loop-10k");
}

#[test]
fn map_1k() {
    check("map-1k");
}

#[test]
fn parallel_fanout() {
    check("parallel-fanout");
}

#[test]
fn task_retry() {
    check("task-retry");
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "seconds in release, minutes in debug: run with `cargo test --release`"
)]
fn payload_heavy() {
    check("payload-heavy");
}

#[test]
fn ml_pipeline() {
    check("ml-pipeline");
}
