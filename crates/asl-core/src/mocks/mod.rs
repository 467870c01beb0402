//! Mocked Task responses in the Step Functions Local `MockConfigFile` format, and the hosts
//! that serve them.
//!
//! ```json
//! {
//!   "StateMachines": {
//!     "MyMachine": { "TestCases": { "HappyPath": { "LambdaState": "MockedLambdaSuccess" } } }
//!   },
//!   "MockedResponses": {
//!     "MockedLambdaSuccess": {
//!       "0":   { "Return": { "StatusCode": 200, "Payload": { "ok": true } } },
//!       "1-2": { "Throw": { "Error": "Lambda.TooManyRequestsException", "Cause": "slow down" },
//!                "x-asl-playground": { "durationSeconds": 30 } }
//!     }
//!   }
//! }
//! ```
//!
//! - Keys of a mocked response are zero-based invocation numbers of the state, single (`"0"`)
//!   or inclusive ranges (`"1-2"`). Invocations count per state over the whole execution,
//!   across retries, loops, Parallel branches and Map iterations.
//! - A state that the test case does not list is not mocked: it gets the
//!   [`DefaultHost`] response (flagged `unmocked` in the history), as Step Functions Local
//!   would call the real service.
//! - A listed state whose mocked response has no entry for an invocation fails that attempt
//!   with `States.TaskFailed` and a cause naming the state, response and invocation.
//! - **Extension** `"x-asl-playground": {"durationSeconds": N}` beside `Return`/`Throw`: the
//!   call takes `N` seconds of virtual time (default 0), so `TimeoutSeconds` and
//!   `HeartbeatSeconds` can be exercised. The key is ours, not Step Functions Local's.
//!   `"heartbeatsAtSeconds": [s, …]` (written by a saved live run, `exec::saved_case`) says
//!   when SendTaskHeartbeat reset the heartbeat clock.
//! - **Extension** `"x-asl-playground": {"s3": {bucket: {key: content}}}` at the top level:
//!   the run's virtual S3 objects (see [`crate::s3`]), which Step Functions Local ignores.

mod default;
#[cfg(feature = "debugger")]
mod live;

use std::collections::HashMap;

use crate::diagnostics::{escape_pointer_token, Diagnostic, Severity};
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::host::{Host, TaskCall, TaskOutcome};
use crate::s3::{S3Listing, S3Store};

pub use default::{DefaultHost, SplitMix64};
#[cfg(feature = "debugger")]
pub use live::{is_activity, LiveHost};

/// Name of the extension key inside a mocked response entry.
pub const EXTENSION_KEY: &str = "x-asl-playground";

/// One mocked outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum MockOutcome {
    /// `Return`: the task result, parsed once; every invocation it answers shares it.
    Return(Doc),
    /// `Throw`: the task error.
    Throw(StatesError),
}

/// An entry of a mocked response: an inclusive invocation range and what it does.
#[derive(Debug, Clone, PartialEq)]
pub struct MockEntry {
    /// First invocation (zero-based) this entry covers.
    pub first: u64,
    /// Last invocation covered (inclusive).
    pub last: u64,
    /// What the task does.
    pub outcome: MockOutcome,
    /// Virtual duration of the call (extension `durationSeconds`), milliseconds.
    pub duration_ms: u64,
    /// When `SendTaskHeartbeat` came, in ms after the call started (extension
    /// `heartbeatsAtSeconds`, written by a saved live run: see `exec::callback`).
    pub heartbeats_ms: Vec<u64>,
}

/// A test case: its name and (state name, mocked response name) pairs in file order.
pub type TestCase = (String, Vec<(String, String)>);

/// A parsed mock configuration file.
#[derive(Debug, Clone, Default)]
pub struct MockConfig {
    /// State machine → test case → state name → mocked response name, in file order.
    pub state_machines: Vec<(String, Vec<TestCase>)>,
    /// Mocked response name → entries.
    pub responses: HashMap<String, Vec<MockEntry>>,
    /// The virtual S3 objects under `"x-asl-playground": {"s3": …}` (see [`crate::s3`]).
    pub s3: S3Store,
}

fn diagnostic(code: &'static str, message: String, pointer: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: Severity::Error,
        message,
        pointer,
        span: 0..0,
    }
}

/// Byte offset of the member a JSON pointer names, found by looking for each key in turn
/// (`"key"` followed by `:`) after the previous one. Exact for the object-key pointers this
/// module reports, as long as keys are written without escapes.
// TODO(merge): the runner could take spans from asl_core::json::parse too.
pub(crate) fn locate(text: &str, pointer: &str) -> usize {
    let mut at = 0;
    for token in pointer.split('/').skip(1) {
        let key = format!("\"{}\"", token.replace("~1", "/").replace("~0", "~"));
        let mut from = at;
        let found = loop {
            let Some(i) = text.get(from..).and_then(|rest| rest.find(&key)) else {
                break None;
            };
            let start = from + i;
            let after = text[start + key.len()..].trim_start();
            if after.starts_with(':') {
                break Some(start);
            }
            from = start + key.len();
        };
        match found {
            Some(i) => at = i,
            None => return at,
        }
    }
    at
}

impl MockConfig {
    /// Parses a mock file. Every problem found is reported, each with a JSON pointer (and the
    /// byte position for malformed JSON).
    pub fn parse(text: &str) -> Result<MockConfig, Vec<Diagnostic>> {
        // serde_json first: the tree with positions (three times slower to build, with a
        // `String` per key) is only needed to place problems, and a replayed run's file holds
        // thousands of entries. Text serde_json refuses takes the positioned parser, as
        // before, for its diagnostic (or its answer where the two differ, e.g. a BOM).
        // Straight into a `Doc`: each `Return` then shares its part of the file.
        let (root, node) = match Doc::parse_json(text) {
            Ok(root) => (root, None),
            Err(_) => {
                let node = crate::json::parse(text).map_err(|d| {
                    vec![Diagnostic {
                        code: "MOCKS_INVALID_JSON",
                        message: format!("the mock file is not valid JSON: {}", d.message),
                        ..d
                    }]
                })?;
                (Doc::from(node.to_value()), Some(node))
            }
        };
        let mut problems = Vec::new();
        let mut config = MockConfig::default();
        let Some(root) = root.as_object() else {
            return Err(vec![diagnostic(
                "MOCKS_NOT_OBJECT",
                "the mock file must be a JSON object with StateMachines and MockedResponses".into(),
                String::new(),
            )]);
        };
        match root.get("StateMachines") {
            Some(Doc::Object(machines)) => {
                let machines = machines.members();
                for (machine, body) in machines {
                    let ptr = format!("/StateMachines/{}", escape_pointer_token(machine));
                    let Some(cases) = body.get("TestCases").and_then(Doc::as_object) else {
                        problems.push(diagnostic(
                            "MOCKS_TEST_CASES",
                            format!("state machine '{machine}' needs a TestCases object"),
                            format!("{ptr}/TestCases"),
                        ));
                        continue;
                    };
                    let mut parsed_cases = Vec::new();
                    for (case, states) in cases {
                        let cptr = format!("{ptr}/TestCases/{}", escape_pointer_token(case));
                        let Some(states) = states.as_object() else {
                            problems.push(diagnostic(
                                "MOCKS_TEST_CASE",
                                format!("test case '{case}' must map state names to mocked response names"),
                                cptr,
                            ));
                            continue;
                        };
                        let mut mapping = Vec::new();
                        for (state, response) in states {
                            match response.as_str() {
                                Some(r) => mapping.push((state.to_string(), r.to_owned())),
                                None => problems.push(diagnostic(
                                    "MOCKS_TEST_CASE",
                                    format!("the mocked response for state '{state}' must be a name (a string)"),
                                    format!("{cptr}/{}", escape_pointer_token(state)),
                                )),
                            }
                        }
                        parsed_cases.push((case.to_string(), mapping));
                    }
                    config
                        .state_machines
                        .push((machine.to_string(), parsed_cases));
                }
            }
            _ => problems.push(diagnostic(
                "MOCKS_STATE_MACHINES",
                "the mock file needs a StateMachines object".into(),
                "/StateMachines".into(),
            )),
        }
        match root.get("MockedResponses") {
            Some(Doc::Object(responses)) => {
                for (name, entries) in responses.members() {
                    let ptr = format!("/MockedResponses/{}", escape_pointer_token(name));
                    match parse_entries(entries, &ptr) {
                        Ok(list) => {
                            config.responses.insert(name.to_string(), list);
                        }
                        Err(mut e) => problems.append(&mut e),
                    }
                }
            }
            _ => problems.push(diagnostic(
                "MOCKS_RESPONSES",
                "the mock file needs a MockedResponses object".into(),
                "/MockedResponses".into(),
            )),
        }
        if let Some(ext) = root.get(EXTENSION_KEY) {
            match ext
                .get("s3")
                .map(|s3| S3Store::parse(s3, &format!("/{EXTENSION_KEY}/s3")))
            {
                Some(Ok(store)) => config.s3 = store,
                Some(Err(mut e)) => problems.append(&mut e),
                None => {}
            }
        }
        // Every response a test case names must exist.
        for (machine, cases) in &config.state_machines {
            for (case, mapping) in cases {
                for (state, response) in mapping {
                    if !config.responses.contains_key(response) {
                        problems.push(diagnostic(
                            "MOCKS_UNKNOWN_RESPONSE",
                            format!("test case '{case}' maps state '{state}' to '{response}', which MockedResponses does not define"),
                            format!(
                                "/StateMachines/{}/TestCases/{}/{}",
                                escape_pointer_token(machine),
                                escape_pointer_token(case),
                                escape_pointer_token(state)
                            ),
                        ));
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            let node = node.or_else(|| crate::json::parse(text).ok());
            for problem in &mut problems {
                // The value the pointer names, or the closest enclosing one that exists.
                let mut pointer = problem.pointer.as_str();
                problem.span = loop {
                    if let Some(found) = node.as_ref().and_then(|n| n.pointer(pointer)) {
                        break found.span.clone();
                    }
                    match pointer.rfind('/') {
                        Some(i) => pointer = &pointer[..i],
                        None => break 0..0,
                    }
                };
            }
            Err(problems)
        }
    }

    /// The host for one test case. With `None`, a file holding exactly one state machine (or
    /// test case) picks it; otherwise the names must be given.
    pub fn test_case(
        &self,
        state_machine: Option<&str>,
        test_case: Option<&str>,
    ) -> Result<MockHost, String> {
        let machine = match state_machine {
            Some(name) => self
                .state_machines
                .iter()
                .find(|(m, _)| m == name)
                .ok_or_else(|| format!("the mock file has no state machine '{name}'"))?,
            None => match self.state_machines.as_slice() {
                [only] => only,
                [] => return Err("the mock file defines no state machine".into()),
                _ => {
                    return Err(format!(
                        "the mock file defines several state machines ({}); choose one",
                        names_of(self.state_machines.iter().map(|(m, _)| m))
                    ))
                }
            },
        };
        let case = match test_case {
            Some(name) => machine.1.iter().find(|(c, _)| c == name).ok_or_else(|| {
                format!("state machine '{}' has no test case '{name}'", machine.0)
            })?,
            None => match machine.1.as_slice() {
                [only] => only,
                [] => return Err(format!("state machine '{}' has no test case", machine.0)),
                _ => {
                    return Err(format!(
                        "state machine '{}' has several test cases ({}); choose one",
                        machine.0,
                        names_of(machine.1.iter().map(|(c, _)| c))
                    ))
                }
            },
        };
        let mut states = HashMap::new();
        for (state, response) in &case.1 {
            let entries = self.responses.get(response).cloned().unwrap_or_default();
            let ordered = ordered(&entries);
            states.insert(state.clone(), (response.clone(), entries, ordered));
        }
        Ok(MockHost {
            test_case: case.0.clone(),
            states,
            fallback: DefaultHost::with_seed(0),
            s3: self.s3.clone(),
        })
    }
}

fn names_of<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_entries(value: &Doc, ptr: &str) -> Result<Vec<MockEntry>, Vec<Diagnostic>> {
    let Some(map) = value.as_object() else {
        return Err(vec![diagnostic(
            "MOCKS_RESPONSE",
            "a mocked response must be an object keyed by invocation numbers (\"0\", \"1-2\")"
                .into(),
            ptr.into(),
        )]);
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (key, entry) in map {
        let eptr = format!("{ptr}/{}", escape_pointer_token(key));
        let range = match key.split_once('-') {
            None => key.parse::<u64>().ok().map(|n| (n, n)),
            Some((a, b)) => match (a.parse::<u64>(), b.parse::<u64>()) {
                (Ok(a), Ok(b)) if a <= b => Some((a, b)),
                _ => None,
            },
        };
        let Some((first, last)) = range else {
            problems.push(diagnostic(
                "MOCKS_INVOCATION_KEY",
                format!(
                    "'{key}' is not an invocation number (\"0\") or an inclusive range (\"1-2\")"
                ),
                eptr,
            ));
            continue;
        };
        match parse_entry(entry, &eptr).and_then(|(o, d)| Ok((o, d, heartbeats(entry, &eptr)?))) {
            Ok((outcome, duration_ms, heartbeats_ms)) => out.push(MockEntry {
                first,
                last,
                outcome,
                duration_ms,
                heartbeats_ms,
            }),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The extension's `heartbeatsAtSeconds`: ascending non-negative seconds.
fn heartbeats(entry: &Doc, ptr: &str) -> Result<Vec<u64>, Diagnostic> {
    let Some(list) = entry
        .get(EXTENSION_KEY)
        .and_then(|e| e.get("heartbeatsAtSeconds"))
    else {
        return Ok(Vec::new());
    };
    let bad = || {
        diagnostic(
            "MOCKS_EXTENSION",
            "heartbeatsAtSeconds must be an array of ascending non-negative numbers".into(),
            format!("{ptr}/{EXTENSION_KEY}/heartbeatsAtSeconds"),
        )
    };
    let mut out = Vec::new();
    for v in list.as_array().ok_or_else(bad)? {
        match v.as_f64() {
            Some(s) if s >= 0.0 && s.is_finite() => {
                let ms = (s * 1000.0).round() as u64;
                if out.last().is_some_and(|&l| l > ms) {
                    return Err(bad());
                }
                out.push(ms);
            }
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

fn parse_entry(entry: &Doc, ptr: &str) -> Result<(MockOutcome, u64), Diagnostic> {
    let Some(map) = entry.as_object() else {
        return Err(diagnostic(
            "MOCKS_ENTRY",
            "a mocked response entry must be an object with Return or Throw".into(),
            ptr.into(),
        ));
    };
    let duration_ms = match map.get(EXTENSION_KEY) {
        None => 0,
        Some(ext) => match ext.get("durationSeconds").and_then(Doc::as_f64) {
            Some(s) if s >= 0.0 && s.is_finite() => (s * 1000.0).round() as u64,
            _ => {
                return Err(diagnostic(
                    "MOCKS_EXTENSION",
                    format!(
                        "{EXTENSION_KEY} must be {{\"durationSeconds\": <non-negative number>}}"
                    ),
                    format!("{ptr}/{EXTENSION_KEY}"),
                ))
            }
        },
    };
    let outcome = match (map.get("Return"), map.get("Throw")) {
        (Some(value), None) => MockOutcome::Return(value.clone()),
        (None, Some(Doc::Object(throw))) => {
            let text = |k: &str| throw.get(k).and_then(Doc::as_str).map(str::to_owned);
            MockOutcome::Throw(StatesError {
                error: text("Error").unwrap_or_default(),
                cause: text("Cause"),
            })
        }
        _ => {
            return Err(diagnostic(
                "MOCKS_ENTRY",
                "a mocked response entry needs exactly one of Return (any JSON) or Throw ({Error, Cause})".into(),
                ptr.into(),
            ))
        }
    };
    Ok((outcome, duration_ms))
}

/// Serves one test case's mocked responses; unlisted states get [`DefaultHost`] responses.
#[derive(Debug, Clone)]
pub struct MockHost {
    test_case: String,
    /// State name → (mocked response name, entries, whether they are [`ordered`]).
    states: HashMap<String, (String, Vec<MockEntry>, bool)>,
    fallback: DefaultHost,
    /// The run's virtual S3.
    s3: S3Store,
}

/// True when every entry's range is non-empty and ends before the next one starts, so a
/// binary search finds the same entry as the first-match scan (a replayed run's mock file
/// has one entry per invocation: thousands of them).
fn ordered(entries: &[MockEntry]) -> bool {
    entries.iter().all(|e| e.first <= e.last) && entries.windows(2).all(|w| w[0].last < w[1].first)
}

impl MockHost {
    /// True when the test case has an entry for this invocation of the state.
    pub fn covers(&self, state_name: &str, invocation: u64) -> bool {
        self.states.get(state_name).is_some_and(|(_, entries, _)| {
            entries
                .iter()
                .any(|e| e.first <= invocation && invocation <= e.last)
        })
    }

    /// Seeds the random numbers (`States.UUID`, jitter, default responses).
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.fallback = DefaultHost::with_seed(seed);
        self
    }
}

impl Host for MockHost {
    fn invoke(&mut self, call: &TaskCall<'_>) -> TaskOutcome {
        let Some((response, entries, ordered)) = self.states.get(call.state_name) else {
            if let Some(outcome) = crate::s3::answer_task(&mut self.s3, call) {
                return outcome;
            }
            return self.fallback.invoke(call);
        };
        let covers = |e: &&MockEntry| e.first <= call.invocation && call.invocation <= e.last;
        let entry = if *ordered {
            // The one entry that can cover the invocation: the first that does not end
            // before it.
            let i = entries.partition_point(|e| e.last < call.invocation);
            entries.get(i).filter(covers)
        } else {
            entries.iter().find(covers)
        };
        match entry {
            Some(e) if !e.heartbeats_ms.is_empty() => TaskOutcome::Heartbeats {
                answer: Box::new(match &e.outcome {
                    MockOutcome::Return(value) => TaskOutcome::Return {
                        output: value.clone(),
                        duration_ms: e.duration_ms,
                        unmocked: false,
                    },
                    MockOutcome::Throw(error) => TaskOutcome::Throw {
                        error: error.clone(),
                        duration_ms: e.duration_ms,
                    },
                }),
                heartbeats_ms: e.heartbeats_ms.clone(),
            },
            Some(MockEntry {
                outcome: MockOutcome::Return(value),
                duration_ms,
                ..
            }) => TaskOutcome::Return {
                output: value.clone(),
                duration_ms: *duration_ms,
                unmocked: false,
            },
            Some(MockEntry {
                outcome: MockOutcome::Throw(error),
                duration_ms,
                ..
            }) => TaskOutcome::Throw {
                error: error.clone(),
                duration_ms: *duration_ms,
            },
            None => TaskOutcome::Throw {
                error: StatesError::new(
                    names::TASK_FAILED,
                    format!(
                        "No mocked response for invocation {} of state '{}': mocked response '{}' of test case '{}' does not cover it",
                        call.invocation, call.state_name, response, self.test_case
                    ),
                ),
                duration_ms: 0,
            },
        }
    }

    fn random_u64(&mut self) -> u64 {
        self.fallback.next_u64()
    }

    fn s3_get_object(&mut self, bucket: &str, key: &str) -> Result<String, StatesError> {
        self.s3.read(bucket, key).map(str::to_owned)
    }

    fn s3_put_object(&mut self, bucket: &str, key: &str, body: String) -> Result<(), StatesError> {
        self.s3.put(bucket, key, body)
    }

    fn s3_list_objects(
        &mut self,
        bucket: &str,
        prefix: &str,
    ) -> Result<Vec<S3Listing>, StatesError> {
        self.s3.list(bucket, prefix)
    }

    fn s3_store(&self) -> Option<&S3Store> {
        Some(&self.s3)
    }
}
