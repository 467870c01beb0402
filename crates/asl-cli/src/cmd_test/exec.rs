//! Running the cases of every suite on all cores: each thread takes the next case, runs it
//! through `exec::prepare` and checks it with `asl_core::testing`, and hands back only plain
//! data (documents are reference-counted and stay on their thread).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use asl_core::exec::{prepare, ExecOptions, RunFile, RunRequest};
use std::collections::HashMap;

use asl_core::testing::{
    answer_test_state, check, check_test_state, response_status, snapshot, snapshot_test_state,
    tested_state, Case, CaseRunner, Coverage, Failure, Hits, Observed,
};

use super::load::Loaded;
use crate::run_flags;

/// One case to run: suite index and case index in it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Job {
    pub suite: usize,
    pub case: usize,
}

/// What one case did.
pub(crate) struct Outcome {
    pub job: Job,
    pub name: String,
    /// Why it could not run (a definition, input or mock problem), already formatted.
    pub setup_error: Option<String>,
    pub failures: Vec<Failure>,
    pub status: String,
    pub final_state: Option<String>,
    pub path: Vec<String>,
    pub duration: Duration,
    pub hits: Option<Hits>,
    /// The case's expectations rewritten from this run (when updating).
    pub snapshot: Option<Case>,
}

impl Outcome {
    pub(crate) fn passed(&self) -> bool {
        self.setup_error.is_none() && self.failures.is_empty()
    }
}

/// Runs `jobs` on `threads` threads; outcomes in the order of `jobs`.
pub(crate) fn run_all(
    suites: &[Loaded],
    coverage: Option<&[Coverage]>,
    jobs: &[Job],
    threads: usize,
    update: &(dyn Fn(Job) -> bool + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let threads = threads.clamp(1, jobs.len().max(1));
    let mut outcomes: Vec<Option<Outcome>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    // Each thread reads a suite's definition and mock file once (documents
                    // are reference-counted, so they cannot be shared between threads).
                    let mut runners = HashMap::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&job) = jobs.get(i) else { break };
                        let cov = coverage.and_then(|c| c.get(job.suite));
                        done.push((
                            i,
                            run_one(&suites[job.suite], &mut runners, cov, job, update(job)),
                        ));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            // A panicking case would be a bug in the core; its slot stays empty and is
            // reported below rather than taking the whole run down.
            if let Ok(done) = worker.join() {
                for (i, outcome) in done {
                    outcomes[i] = Some(outcome);
                }
            }
        }
    });
    outcomes
        .into_iter()
        .zip(jobs)
        .map(|(o, &job)| {
            o.unwrap_or_else(|| Outcome {
                job,
                name: suites[job.suite]
                    .suite
                    .test_cases
                    .get_index(job.case)
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default(),
                setup_error: Some("the run stopped unexpectedly (internal error)".into()),
                failures: Vec::new(),
                status: "ERROR".into(),
                final_state: None,
                path: Vec::new(),
                duration: Duration::ZERO,
                hits: None,
                snapshot: None,
            })
        })
        .collect()
}

fn run_one(
    loaded: &Loaded,
    runners: &mut HashMap<usize, Result<CaseRunner, String>>,
    coverage: Option<&Coverage>,
    job: Job,
    update: bool,
) -> Outcome {
    let started = Instant::now();
    let (name, case) = loaded
        .suite
        .test_cases
        .get_index(job.case)
        .expect("jobs index existing cases");
    let mut outcome = Outcome {
        job,
        name: name.clone(),
        setup_error: None,
        failures: Vec::new(),
        status: "ERROR".into(),
        final_state: None,
        path: Vec::new(),
        duration: Duration::ZERO,
        hits: None,
        snapshot: None,
    };
    if let Some(request) = &loaded.requests[job.case] {
        let response = answer_test_state(request);
        outcome.failures = check_test_state(case, &response);
        outcome.status = response_status(&response);
        outcome.final_state = tested_state(request);
        outcome.path = outcome.final_state.iter().cloned().collect();
        if update {
            outcome.snapshot = Some(snapshot_test_state(case, &response));
        }
        outcome.duration = started.elapsed();
        return outcome;
    }
    let mut options = ExecOptions::default();
    if let Some(seed) = case.seed.or(loaded.suite.seed) {
        options.seed = seed;
    }
    if let Some(t) = case
        .start_time
        .as_ref()
        .or(loaded.suite.start_time.as_ref())
    {
        match run_flags::parse_start_time(t) {
            Ok(ms) => options.start_time_ms = ms,
            Err(_) => {
                outcome.setup_error = Some(format!(
                    "startTime needs an RFC 3339 time such as 2024-01-01T00:00:00Z, got '{t}'"
                ));
                return outcome;
            }
        }
    }
    let inline = case.inline_mock_file();
    let (mocks, state_machine, test_case) = match &inline {
        Some(text) => (Some(text.as_str()), Some("inline"), Some("inline")),
        None => (
            loaded.mocks_text.as_deref(),
            loaded.suite.state_machine.as_deref(),
            loaded
                .mocks_text
                .as_ref()
                .map(|_| case.mock_test_case(name)),
        ),
    };
    let input = &loaded.inputs[job.case];
    let request = RunRequest {
        definition: &loaded.definition_text,
        input,
        mocks,
        state_machine,
        test_case,
        options,
    };
    let fast = match inline {
        Some(_) => None,
        None => runners
            .entry(job.suite)
            .or_insert_with(|| {
                CaseRunner::new(&loaded.definition_text, loaded.mocks_text.as_deref())
            })
            .as_ref()
            .ok()
            .and_then(|r| {
                r.start(input, state_machine, test_case, request.options.clone())
                    .ok()
            }),
    };
    // A case that cannot start goes through `prepare` for its positioned diagnostics.
    let prepared = match fast {
        Some(execution) => Ok(execution),
        None => prepare(&request),
    };
    let mut execution = match prepared {
        Ok(e) => e,
        Err(e) => {
            let (file, text) = match e.file {
                RunFile::Definition => (
                    loaded.definition_name.as_str(),
                    loaded.definition_text.as_str(),
                ),
                RunFile::Input => ("input", input.as_str()),
                RunFile::Mocks | RunFile::TestCase => (
                    if inline.is_some() {
                        "inline mocks"
                    } else {
                        loaded.mocks_name.as_deref().unwrap_or("mocks")
                    },
                    mocks.unwrap_or(""),
                ),
                RunFile::Options => ("options", ""),
            };
            outcome.setup_error = Some(crate::report::human(file, text, &e.diagnostics));
            outcome.duration = started.elapsed();
            return outcome;
        }
    };
    execution.run_to_end();
    let observed = Observed::from_execution(&execution, &loaded.definition);
    outcome.failures = check(case, &observed);
    outcome.status = observed.status.to_owned();
    outcome.final_state = observed.final_state().map(str::to_owned);
    outcome.path = observed.path().iter().map(|s| s.to_string()).collect();
    outcome.hits = coverage.map(|c| c.hits(&observed));
    if update {
        outcome.snapshot = Some(snapshot(case, &observed));
    }
    outcome.duration = started.elapsed();
    outcome
}
