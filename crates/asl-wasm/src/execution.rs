//! A run of a state machine, driven from JavaScript a batch of events at a time (so a Worker
//! can report progress and answer Pause between batches). Setting it up is asl-core's
//! `exec::prepare`; this module converts the JavaScript arguments into its request and its
//! errors into `AslError`s.

use asl_core::exec::{self, ExecOptions, RunFile, RunRequest, SetupError};
use asl_core::{Doc, LineIndex};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::convert::{diagnostics_to_js, from_js, into_error, to_js};
use crate::history::write_events;

/// Options from JavaScript; numbers arrive as doubles.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct Options {
    /// `ExecOptions::seed`.
    pub seed: Option<f64>,
    /// `ExecOptions::start_time_ms`.
    pub start_time: Option<f64>,
    /// `ExecOptions::execution_name`.
    pub execution_name: Option<String>,
    /// `ExecOptions::state_machine_name`.
    pub state_machine_name: Option<String>,
    /// `ExecOptions::max_events`.
    pub max_events: Option<f64>,
}

/// A test case by name, or by state machine and name.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum TestCaseChoice {
    /// A test case of the mock file's only state machine.
    Name(String),
    /// A test case of a named state machine.
    #[serde(rename_all = "camelCase")]
    Full {
        /// The state machine (default: the only one).
        state_machine: Option<String>,
        /// The test case.
        test_case: String,
    },
}

/// What a `step` call reports besides its events (the events travel as JSON text), and
/// `output` when the execution has one (written from the text the events use, see
/// `advance`).
#[derive(Serialize)]
struct StepStatus {
    status: &'static str,
    done: bool,
    /// How many events this call recorded.
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<String>,
}

/// One execution of a definition with an input, tasks answered by a mock test case.
#[wasm_bindgen]
pub struct Execution {
    pub(crate) inner: exec::Execution,
    /// How many events earlier `step` calls already returned.
    pub(crate) events_sent: usize,
}

#[wasm_bindgen]
impl Execution {
    /// Starts an execution. Throws an `AslError` (`kind` = definition, input, mocks, testCase,
    /// options or execution) when any input is unusable. The setup itself is asl-core's
    /// [`exec::prepare`], as for `asl run`; this only converts.
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
        let request = request(
            definition,
            input,
            mocks.as_deref(),
            test_case.as_ref(),
            options,
        );
        let inner = exec::prepare(&request).map_err(|e| setup_error(&request, &e))?;
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
        // The output is in the status and in the last event: serialized once for both
        // (on map-1k's 77 KB output, the second serialization was a tenth of the run).
        let output: Option<(&Doc, String)> = self
            .inner
            .output_doc()
            .map(|doc| (doc, doc.to_json_string()));
        let mut events = Vec::new();
        let known = output.as_ref().map(|(doc, json)| (*doc, json.as_str()));
        write_events(new, known, &mut events)
            .map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        let events =
            String::from_utf8(events).map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        let count = new.len();
        self.events_sent = all.len();
        let error = self.inner.error();
        let mut status = serde_json::to_string(&StepStatus {
            status: self.inner.status().as_str(),
            done,
            count,
            error: error.map(|e| e.error.clone()),
            cause: error.and_then(|e| e.cause.clone()),
        })
        .map_err(|e| into_error("execution", &e.to_string(), &[]))?;
        if let Some((_, json)) = &output {
            // `{…}` → `{…,"output":JSON}`
            status.pop();
            status.push_str(",\"output\":");
            status.push_str(json);
            status.push('}');
        }
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

/// The page's run request as asl-core takes it (`asl run` builds the same from its flags).
pub fn request<'a>(
    definition: &'a str,
    input: &'a str,
    mocks: Option<&'a str>,
    test_case: Option<&'a TestCaseChoice>,
    options: Options,
) -> RunRequest<'a> {
    let (state_machine, case) = match test_case {
        None => (None, None),
        Some(TestCaseChoice::Name(name)) => (None, Some(name.as_str())),
        Some(TestCaseChoice::Full {
            state_machine,
            test_case,
        }) => (state_machine.as_deref(), Some(test_case.as_str())),
    };
    RunRequest {
        definition,
        input,
        mocks,
        state_machine,
        test_case: case,
        options: options.into_exec(),
    }
}

impl Options {
    fn into_exec(self) -> ExecOptions {
        let defaults = ExecOptions::default();
        ExecOptions {
            seed: self.seed.map_or(defaults.seed, |s| s as u64),
            start_time_ms: self.start_time.map_or(defaults.start_time_ms, |t| t as i64),
            execution_name: self.execution_name.unwrap_or(defaults.execution_name),
            state_machine_name: self
                .state_machine_name
                .unwrap_or(defaults.state_machine_name),
            max_events: self.max_events.map_or(defaults.max_events, |m| m as usize),
        }
    }
}

/// The `kind` an `AslError` gives for a setup problem in `part`.
pub fn error_kind(part: RunFile) -> &'static str {
    match part {
        RunFile::Definition => "definition",
        RunFile::Input => "input",
        RunFile::Mocks => "mocks",
        RunFile::TestCase => "testCase",
        RunFile::Options => "options",
    }
}

/// A setup problem as an `AslError` whose diagnostics are located in the text it is about.
pub(crate) fn setup_error(request: &RunRequest<'_>, error: &SetupError) -> JsValue {
    let text = match error.file {
        RunFile::Definition => request.definition,
        RunFile::Input => request.input,
        RunFile::Mocks | RunFile::TestCase => request.mocks.unwrap_or(""),
        RunFile::Options => "",
    };
    let diagnostics = diagnostics_to_js(text, &LineIndex::new(text), &error.diagnostics);
    let first = error
        .diagnostics
        .first()
        .map(|d| d.message.clone())
        .unwrap_or_default();
    let message = match error.file {
        RunFile::Definition => format!(
            "The definition has {} problem(s); fix them before running.",
            diagnostics.len()
        ),
        RunFile::Input => format!(
            "The input is not JSON: {}",
            diagnostics.first().map(|d| d.summary()).unwrap_or_default()
        ),
        RunFile::Mocks => "The mock configuration has problems.".to_owned(),
        RunFile::TestCase => first,
        RunFile::Options => format!("Bad options: {first}"),
    };
    into_error(error_kind(error.file), &message, &diagnostics)
}
