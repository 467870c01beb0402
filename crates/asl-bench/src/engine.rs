//! Runs a workload on asl-core in-process: one [`Execution`] per run, Task states answered by
//! the workload's MockConfigFile (the same [`MockConfig`] path `asl run --mocks` takes).

use asl_core::exec::{ExecOptions, Execution, Machine, Status};
use asl_core::host::{TaskCall, TaskOutcome};
use asl_core::mocks::MockConfig;
use asl_core::{Doc, Host, StatesError};
use serde_json::Value;

use crate::workload::{parse_utc_ms, Workload, TEST_CASE};

/// Far above any workload's history: the bench measures speed, not AWS's 25,000-event quota
/// (loop-10k alone makes about 40,000 events).
pub const MAX_EVENTS: usize = 10_000_000;

/// Seed of every host, so runs are reproducible.
const SEED: u64 = 0x5eed;

/// A workload ready to run many times: definition compiled and mocks parsed once (as the
/// peers construct their state machine once), options fixed.
pub struct Prepared<'w> {
    workload: &'w Workload,
    machine: Machine,
    /// The input, converted once: each execution starts from an O(1) clone of it.
    input: Doc,
    mocks: Option<MockConfig>,
    execution_name: String,
    start_time_ms: i64,
}

/// Parses the workload's mocks and reads its Context object.
pub fn prepare(workload: &Workload) -> Result<Prepared<'_>, String> {
    let mocks = match &workload.mocks {
        Some(text) => Some(MockConfig::parse(text).map_err(|diags| {
            let first = diags.first().map(|d| d.message.clone()).unwrap_or_default();
            format!(
                "{}: mock file rejected ({} problems): {first}",
                workload.name,
                diags.len()
            )
        })?),
        None => None,
    };
    let execution = workload.context.as_ref().and_then(|c| c.get("Execution"));
    let execution_name = execution
        .and_then(|e| e.get("Name"))
        .and_then(Value::as_str)
        .unwrap_or("bench")
        .to_owned();
    let start_time_ms = execution
        .and_then(|e| e.get("StartTime"))
        .and_then(Value::as_str)
        .and_then(parse_utc_ms)
        .unwrap_or(0);
    let machine = Machine::compile(&workload.definition)
        .map_err(|e| format!("{}: cannot compile: {}", workload.name, describe(&e)))?;
    Ok(Prepared {
        workload,
        machine,
        input: Doc::from(&workload.input),
        mocks,
        execution_name,
        start_time_ms,
    })
}

impl Prepared<'_> {
    /// Options of every execution: the Context object's name and start time, no event quota.
    pub fn options(&self) -> ExecOptions {
        ExecOptions {
            start_time_ms: self.start_time_ms,
            seed: SEED,
            execution_name: self.execution_name.clone(),
            state_machine_name: self.workload.name.clone(),
            max_events: MAX_EVENTS,
        }
    }

    /// A fresh host (mock invocation counters start at 0 for every execution).
    pub fn host(&self) -> Result<Box<dyn Host>, String> {
        match &self.mocks {
            Some(mocks) => {
                let host = mocks.test_case(Some(&self.workload.name), Some(TEST_CASE))?;
                Ok(Box::new(host.with_seed(SEED)))
            }
            None => Ok(Box::new(NoTasks)),
        }
    }

    /// A new execution of the workload, not yet run.
    pub fn start(&self) -> Result<Execution, String> {
        Ok(Execution::start_doc(
            &self.machine,
            self.input.clone(),
            self.options(),
            self.host()?,
        ))
    }

    /// Runs one execution to its end and returns its output; a failed run is an error.
    pub fn run_once(&self) -> Result<Value, String> {
        let mut exec = self.start()?;
        exec.run_to_end();
        finish(&self.workload.name, &exec)
    }
}

/// The output of a finished execution, or why there is none.
pub fn finish(name: &str, exec: &Execution) -> Result<Value, String> {
    match (exec.status(), exec.output_doc()) {
        // One conversion to `Value` (for comparing with the expected output).
        (Status::Succeeded, Some(out)) => Ok(out.to_value()),
        (status, _) => Err(format!(
            "{name}: execution {}{}",
            status.as_str(),
            exec.error()
                .map(|e| format!(": {}", describe(e)))
                .unwrap_or_default()
        )),
    }
}

/// `StateEntered` events in the history: the transitions the peers count.
pub fn state_entered(exec: &Execution) -> usize {
    exec.events()
        .iter()
        .filter(|e| {
            e.to_json()
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.ends_with("StateEntered"))
        })
        .count()
}

fn describe(e: &StatesError) -> String {
    match &e.cause {
        Some(cause) => format!("{} ({cause})", e.error),
        None => e.error.clone(),
    }
}

/// Host for workloads without Task states: any task call fails loudly.
struct NoTasks;

impl Host for NoTasks {
    fn invoke(&mut self, call: &TaskCall<'_>) -> TaskOutcome {
        TaskOutcome::Throw {
            error: StatesError {
                error: "Bench.NoMock".into(),
                cause: Some(format!(
                    "no mocked response for Task state '{}'",
                    call.state_name
                )),
            },
            duration_ms: 0,
        }
    }

    fn random_u64(&mut self) -> u64 {
        SEED
    }
}
