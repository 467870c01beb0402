//! A run of a state machine, driven from JavaScript a batch of events at a time (so a Worker
//! can report progress and answer Pause between batches).

use asl_core::exec::{self, ExecOptions};
use asl_core::mocks::{DefaultHost, MockConfig};
use asl_core::Host;
use asl_core::{json, validate, LineIndex};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::convert::{diagnostics_to_js, from_js, into_error, to_js};
use crate::history::write_events;

/// Options from JavaScript; numbers arrive as doubles.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Options {
    seed: Option<f64>,
    start_time: Option<f64>,
    execution_name: Option<String>,
    state_machine_name: Option<String>,
    max_events: Option<f64>,
}

/// A test case by name, or by state machine and name.
#[derive(Deserialize)]
#[serde(untagged)]
enum TestCaseChoice {
    Name(String),
    #[serde(rename_all = "camelCase")]
    Full {
        state_machine: Option<String>,
        test_case: String,
    },
}

/// What a `step` call reports besides its events (the events travel as JSON text).
#[derive(Serialize)]
struct StepStatus {
    status: &'static str,
    done: bool,
    /// How many events this call recorded.
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<String>,
}

/// One execution of a definition with an input, tasks answered by a mock test case.
#[wasm_bindgen]
pub struct Execution {
    inner: exec::Execution,
    /// How many events earlier `step` calls already returned.
    events_sent: usize,
}

#[wasm_bindgen]
impl Execution {
    /// Starts an execution. Throws an `AslError` (`kind` = definition, input, mocks, testCase,
    /// options or execution) when any input is unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(
        definition: &str,
        input: &str,
        mocks: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "TestCaseChoice | null | undefined")]
        test_case: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExecutionOptions | null | undefined")]
        options: JsValue,
    ) -> Result<Execution, JsValue> {
        let options: Options = if options.is_undefined() || options.is_null() {
            Options::default()
        } else {
            from_js(&options)
                .map_err(|e| into_error("options", &format!("Bad options: {e}"), &[]))?
        };
        let test_case: Option<TestCaseChoice> = if test_case.is_undefined() || test_case.is_null() {
            None
        } else {
            Some(from_js(&test_case).map_err(|e| {
                into_error(
                    "testCase",
                    &format!("Bad test case (expected a name): {e}"),
                    &[],
                )
            })?)
        };

        let report = validate::validate(definition);
        let Some(definition_value) = report.definition.as_ref().filter(|_| report.is_valid())
        else {
            let index = LineIndex::new(definition);
            let diagnostics = diagnostics_to_js(definition, &index, &report.diagnostics);
            let message = format!(
                "The definition has {} problem(s); fix them before running.",
                diagnostics.len()
            );
            return Err(into_error("definition", &message, &diagnostics));
        };

        let input_value = if input.trim().is_empty() {
            Value::Object(Default::default())
        } else {
            json::parse(input)
                .map(|node| node.to_value())
                .map_err(|d| {
                    let diagnostics = diagnostics_to_js(input, &LineIndex::new(input), &[d]);
                    let message = format!(
                        "The input is not JSON: {}",
                        diagnostics_message(&diagnostics)
                    );
                    into_error("input", &message, &diagnostics)
                })?
        };

        let seed = options.seed.map(|s| s as u64).unwrap_or(0);
        let host: Box<dyn Host> = match mocks.as_deref().filter(|t| !t.trim().is_empty()) {
            // Without a mock file, tasks get the core's default responses.
            None => Box::new(DefaultHost::with_seed(seed)),
            Some(text) => {
                let config = MockConfig::parse(text).map_err(|d| {
                    let diagnostics = diagnostics_to_js(text, &LineIndex::new(text), &d);
                    into_error(
                        "mocks",
                        "The mock configuration has problems.",
                        &diagnostics,
                    )
                })?;
                let (state_machine, case) = match &test_case {
                    None => (None, None),
                    Some(TestCaseChoice::Name(name)) => (None, Some(name.as_str())),
                    Some(TestCaseChoice::Full {
                        state_machine,
                        test_case,
                    }) => (state_machine.as_deref(), Some(test_case.as_str())),
                };
                let host = config
                    .test_case(state_machine, case)
                    .map_err(|message| into_error("testCase", &message, &[]))?;
                Box::new(host.with_seed(seed))
            }
        };

        let mut exec_options = ExecOptions {
            seed,
            ..ExecOptions::default()
        };
        if let Some(start) = options.start_time {
            exec_options.start_time_ms = start as i64;
        }
        if let Some(name) = options.execution_name {
            exec_options.execution_name = name;
        }
        if let Some(name) = options.state_machine_name {
            exec_options.state_machine_name = name;
        }
        if let Some(max) = options.max_events {
            exec_options.max_events = max as usize;
        }
        let inner = exec::Execution::new(definition_value, input_value, exec_options, host)
            .map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        Ok(Execution {
            inner,
            events_sent: 0,
        })
    }

    /// Runs until `max_events` more events are recorded or the execution ends; returns only
    /// the new events.
    #[wasm_bindgen(unchecked_return_type = "StepResult")]
    pub fn step(&mut self, max_events: u32) -> Result<JsValue, JsValue> {
        let (events, status) = self.advance(max_events)?;
        // `{"events":[…],` + the status object's fields: one text, one `JSON.parse`.
        let mut text = String::with_capacity(events.len() + status.len() + 12);
        text.push_str("{\"events\":");
        text.push_str(&events);
        text.push(',');
        text.push_str(status.get(1..).unwrap_or("}"));
        js_sys::JSON::parse(&text)
    }

    /// Like `step`, but the new events come as the text of one JSON array (`eventsJson`):
    /// a Worker can post the text on, and the page parse it once, instead of every event
    /// becoming JavaScript objects here and being copied again by `postMessage`.
    #[wasm_bindgen(js_name = stepJson, unchecked_return_type = "StepJsonResult")]
    pub fn step_json(&mut self, max_events: u32) -> Result<JsValue, JsValue> {
        let (events, status) = self.advance(max_events)?;
        let result = js_sys::JSON::parse(&status)?;
        js_sys::Reflect::set(&result, &"eventsJson".into(), &events.into())?;
        Ok(result)
    }

    /// Steps the interpreter; returns the new events as a JSON array and the `StepStatus` as
    /// a JSON object.
    fn advance(&mut self, max_events: u32) -> Result<(String, String), JsValue> {
        let done = self.inner.step(max_events.max(1) as usize);
        let all = self.inner.events();
        let new = all.get(self.events_sent..).unwrap_or_default();
        let mut events = Vec::new();
        write_events(new, &mut events).map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        let events =
            String::from_utf8(events).map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        let count = new.len();
        self.events_sent = all.len();
        let error = self.inner.error();
        let status = serde_json::to_string(&StepStatus {
            status: self.inner.status().as_str(),
            done,
            count,
            output: self.inner.output().cloned(),
            error: error.map(|e| e.error.clone()),
            cause: error.and_then(|e| e.cause.clone()),
        })
        .map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        Ok((events, status))
    }

    /// Every state visit so far, with its inspection data (TestState's `inspectionData`
    /// shape plus state name, event ids, variables, error and retry details).
    #[wasm_bindgen(unchecked_return_type = "unknown[]")]
    pub fn inspection(&self) -> Result<JsValue, JsValue> {
        let visits: Vec<Value> = self
            .inner
            .inspection()
            .iter()
            .map(|v| v.to_json())
            .collect();
        to_js(&visits)
    }

    /// The status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
    pub fn status(&self) -> String {
        self.inner.status().as_str().to_string()
    }
}

fn diagnostics_message(diagnostics: &[crate::convert::JsDiagnostic]) -> String {
    diagnostics.first().map(|d| d.summary()).unwrap_or_default()
}
