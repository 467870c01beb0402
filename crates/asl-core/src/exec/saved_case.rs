//! "Save this run as a test case": a run whose callbacks and activities were answered live
//! becomes a `MockConfigFile` test case that answers every invocation the same way, at the
//! same virtual time, so `asl run --mocks` (and the page, and `asl test`) replays the run
//! event for event. The test case keeps the run's own mocks and adds one entry per live
//! answer, with the extension `"x-asl-playground": {"durationSeconds": …,
//! "heartbeatsAtSeconds": […]}` for its timing. A timeout of a waiting task is saved as a
//! `Throw` of `States.Timeout`/`States.HeartbeatTimeout` at the time it happened.

use serde_json::{json, Map, Value};

use super::callback::{LiveAnswer, LiveOutcome};
use super::Execution;
use crate::mocks::MockConfig;

/// The test case name a saved run gets.
pub const SAVED_TEST_CASE: &str = "SavedRun";
/// The state machine name when the run had no mock file.
pub const SAVED_STATE_MACHINE: &str = "StateMachine";

fn seconds(ms: u64) -> Value {
    if ms.is_multiple_of(1000) {
        json!(ms / 1000)
    } else {
        json!(ms as f64 / 1000.0)
    }
}

fn entry(answer: &LiveAnswer) -> Value {
    let mut entry = Map::new();
    match &answer.outcome {
        LiveOutcome::Success(v) => {
            entry.insert("Return".into(), v.clone());
        }
        LiveOutcome::Failure(e) => {
            let mut throw = Map::new();
            if !e.error.is_empty() {
                throw.insert("Error".into(), Value::String(e.error.clone()));
            }
            if let Some(c) = &e.cause {
                throw.insert("Cause".into(), Value::String(c.clone()));
            }
            entry.insert("Throw".into(), Value::Object(throw));
        }
    }
    let mut ext = Map::new();
    ext.insert("durationSeconds".into(), seconds(answer.duration_ms));
    if !answer.heartbeats_ms.is_empty() {
        let beats = answer.heartbeats_ms.iter().map(|&ms| seconds(ms)).collect();
        ext.insert("heartbeatsAtSeconds".into(), Value::Array(beats));
    }
    entry.insert(crate::mocks::EXTENSION_KEY.into(), Value::Object(ext));
    Value::Object(entry)
}

/// Picks `wanted`, or the only name there is.
fn pick<'a>(names: &'a [String], wanted: Option<&str>, what: &str) -> Result<&'a str, String> {
    match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .map(String::as_str)
            .ok_or_else(|| format!("the mock file has no {what} '{w}'")),
        None if names.len() == 1 => Ok(&names[0]),
        None => Err(format!("the mock file has several {what}s: name one")),
    }
}

/// The mock file of a run: `mocks` (the run's own mock file, if any, and its chosen state
/// machine and test case) plus the live `answers`, as one state machine with the test case
/// [`SAVED_TEST_CASE`].
pub fn saved_case(
    answers: &[LiveAnswer],
    mocks: Option<&str>,
    state_machine: Option<&str>,
    test_case: Option<&str>,
) -> Result<Value, String> {
    let mut mapping = Map::new();
    let mut responses = Map::new();
    let mut machine = SAVED_STATE_MACHINE.to_owned();
    let mut config = MockConfig::default();
    if let Some(text) = mocks.filter(|t| !t.trim().is_empty()) {
        config = MockConfig::parse(text).map_err(|d| {
            d.first()
                .map_or("the mock file is invalid".into(), |d| d.message.clone())
        })?;
        let raw: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let machines: Vec<String> = config.state_machines.iter().map(|m| m.0.clone()).collect();
        machine = pick(&machines, state_machine, "state machine")?.to_owned();
        let cases = &config
            .state_machines
            .iter()
            .find(|m| m.0 == machine)
            .into_iter()
            .flat_map(|m| &m.1)
            .collect::<Vec<_>>();
        let names: Vec<String> = cases.iter().map(|c| c.0.clone()).collect();
        let case = pick(&names, test_case, "test case")?;
        for (state, response) in cases.iter().filter(|c| c.0 == case).flat_map(|c| &c.1) {
            mapping.insert(state.clone(), Value::String(response.clone()));
            if let Some(r) = raw.pointer(&format!(
                "/MockedResponses/{}",
                crate::diagnostics::escape_pointer_token(response)
            )) {
                responses.insert(response.clone(), r.clone());
            }
        }
    }
    let mut states: Vec<&str> = answers.iter().map(|a| a.state.as_str()).collect();
    states.sort_unstable();
    states.dedup();
    for state in states {
        let live: Vec<&LiveAnswer> = answers.iter().filter(|a| a.state == state).collect();
        let original = mapping
            .get(state)
            .and_then(Value::as_str)
            .map(str::to_owned);
        // A state asked although mocked was answered live at every invocation: its mocked
        // entries would shadow the live ones.
        let overlaps = original.as_deref().is_some_and(|r| {
            config.responses.get(r).is_some_and(|entries| {
                entries.iter().any(|e| {
                    live.iter()
                        .any(|a| e.first <= a.invocation && a.invocation <= e.last)
                })
            })
        });
        let mut entries = match (&original, overlaps) {
            (Some(r), false) => responses
                .get(r)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            _ => Map::new(),
        };
        for answer in live {
            entries.insert(answer.invocation.to_string(), entry(answer));
        }
        let mut name = format!("{state}{SAVED_TEST_CASE}");
        while responses.contains_key(&name) {
            name.push('_');
        }
        responses.insert(name.clone(), Value::Object(entries));
        mapping.insert(state.to_owned(), Value::String(name));
    }
    Ok(json!({
        "StateMachines": { machine: { "TestCases": { SAVED_TEST_CASE: mapping } } },
        "MockedResponses": responses,
    }))
}

impl Execution {
    /// This run as a mock file test case (see [`saved_case`]), given the mock file it ran
    /// with.
    pub fn saved_case(
        &self,
        mocks: Option<&str>,
        state_machine: Option<&str>,
        test_case: Option<&str>,
    ) -> Result<Value, String> {
        saved_case(&self.live_answers, mocks, state_machine, test_case)
    }
}
