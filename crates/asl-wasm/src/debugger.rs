//! The debugger's side of `Execution` (feature `debugger`, built into the second module with
//! `sources`): a run whose callbacks and activities are answered live, breakpoints, and the
//! run saved as a mock file test case. Each method converts and calls asl-core
//! (`exec::callback`, `exec::breakpoints`, `exec::saved_case`).

use asl_core::exec::{self, BreakOn, Breakpoint, CallbackKind};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, into_error, to_js};
use crate::execution::{request, setup_error, Execution, Options, TestCaseChoice};

/// A breakpoint from JavaScript: `{state, on: "enter"|"exit"|"error", condition?}`.
#[derive(Deserialize)]
struct JsBreakpoint {
    state: String,
    #[serde(default)]
    on: Option<String>,
    #[serde(default)]
    condition: Option<String>,
}

fn optional<T: serde::de::DeserializeOwned>(
    value: &JsValue,
    kind: &str,
) -> Result<Option<T>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    from_js(value)
        .map(Some)
        .map_err(|e| into_error(kind, &format!("Bad {kind}: {e}"), &[]))
}

fn answer_error(e: exec::AnswerError) -> JsValue {
    into_error("answer", &e.to_string(), &[])
}

#[wasm_bindgen]
impl Execution {
    /// Like `new`, but callbacks and activities that the mock file does not answer (and those
    /// of the states in `ask`) wait for `sendTaskSuccess`/`sendTaskFailure`.
    #[wasm_bindgen(js_name = startLive)]
    pub fn start_live(
        definition: &str,
        input: &str,
        mocks: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "TestCaseChoice | null | undefined")]
        test_case: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ExecutionOptions | null | undefined")]
        options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[] | null | undefined")] ask: JsValue,
    ) -> Result<Execution, JsValue> {
        let options: Options = optional(&options, "options")?.unwrap_or_default();
        let test_case: Option<TestCaseChoice> = optional(&test_case, "testCase")?;
        let ask: Vec<String> = optional(&ask, "options")?.unwrap_or_default();
        let request = request(
            definition,
            input,
            mocks.as_deref(),
            test_case.as_ref(),
            options,
        );
        let inner = exec::prepare_live(&request, &ask).map_err(|e| setup_error(&request, &e))?;
        Ok(Execution {
            inner,
            events_sent: 0,
        })
    }

    /// Sets the breakpoints: `[{state, on: "enter"|"exit"|"error", condition?}]`. Throws an
    /// `AslError` (kind `breakpoint`) naming the breakpoint whose condition does not parse.
    #[wasm_bindgen(js_name = setBreakpoints)]
    pub fn set_breakpoints(
        &mut self,
        #[wasm_bindgen(
            unchecked_param_type = "{state: string, on?: string, condition?: string}[]"
        )]
        list: JsValue,
    ) -> Result<(), JsValue> {
        let list: Vec<JsBreakpoint> = optional(&list, "breakpoint")?.unwrap_or_default();
        let breakpoints = list
            .into_iter()
            .map(|b| Breakpoint {
                state: b.state,
                on: b
                    .on
                    .as_deref()
                    .and_then(BreakOn::parse)
                    .unwrap_or(BreakOn::Enter),
                condition: b.condition,
            })
            .collect();
        self.inner
            .set_breakpoints(breakpoints)
            .map_err(|(i, message)| {
                into_error(
                    "breakpoint",
                    &format!("Breakpoint {}: {message}", i + 1),
                    &[],
                )
            })
    }

    /// Whether the run stopped at a breakpoint or waits for an answer, and what waits:
    /// `{stopped, waiting, breakHit?, pending: [...], nowMs, nextWakeMs?}`.
    #[wasm_bindgen(js_name = debugState, unchecked_return_type = "object")]
    pub fn debug_state(&self) -> Result<JsValue, JsValue> {
        let hit = self.inner.break_hit().map(|h| {
            json!({
                "index": h.index, "state": h.state, "on": h.on.as_str(), "eventId": h.event_id,
                "input": h.input,
                "error": h.error.as_ref().map(|e| json!({"error": e.error, "cause": e.cause})),
                "conditionError": h.condition_error,
            })
        });
        let pending: Vec<Value> = self
            .inner
            .pending_callbacks()
            .into_iter()
            .map(|p| {
                json!({
                    "token": p.token, "state": p.state, "resource": p.resource,
                    "kind": match p.kind { CallbackKind::Callback => "callback", CallbackKind::Activity => "activity" },
                    "input": p.input, "invocation": p.invocation, "sinceMs": p.since_ms,
                    "heartbeatDeadlineMs": p.heartbeat_deadline_ms,
                    "timeoutDeadlineMs": p.timeout_deadline_ms,
                })
            })
            .collect();
        let waiting = self.inner.is_waiting();
        to_js(&json!({
            "stopped": waiting || hit.is_some(),
            "waiting": waiting,
            "breakHit": hit,
            "pending": pending,
            "nowMs": self.inner.now_ms(),
            "nextWakeMs": self.inner.next_wake_ms(),
        }))
    }

    /// `SendTaskSuccess` with the output's JSON text.
    #[wasm_bindgen(js_name = sendTaskSuccess)]
    pub fn send_task_success(&mut self, token: &str, output: &str) -> Result<(), JsValue> {
        let output: Value = serde_json::from_str(output)
            .map_err(|e| into_error("answer", &format!("The output is not JSON: {e}"), &[]))?;
        self.inner
            .send_task_success(token, output)
            .map_err(answer_error)
    }

    /// `SendTaskFailure` with an optional error and cause.
    #[wasm_bindgen(js_name = sendTaskFailure)]
    pub fn send_task_failure(
        &mut self,
        token: &str,
        error: Option<String>,
        cause: Option<String>,
    ) -> Result<(), JsValue> {
        self.inner
            .send_task_failure(token, error.as_deref(), cause.as_deref())
            .map_err(answer_error)
    }

    /// `SendTaskHeartbeat`.
    #[wasm_bindgen(js_name = sendTaskHeartbeat)]
    pub fn send_task_heartbeat(&mut self, token: &str) -> Result<(), JsValue> {
        self.inner.send_task_heartbeat(token).map_err(answer_error)
    }

    /// Lets `ms` of virtual time pass (none: until the next thing that happens by itself).
    #[wasm_bindgen(js_name = letTimePass)]
    pub fn let_time_pass(&mut self, ms: Option<f64>) {
        self.inner.let_time_pass(ms.map(|m| m.max(0.0) as u64));
    }

    /// The run as a mock file (JSON text) whose test case `SavedRun` replays it, given the
    /// mock file and test case it ran with.
    #[wasm_bindgen(js_name = savedCase)]
    pub fn saved_case(
        &self,
        mocks: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "TestCaseChoice | null | undefined")]
        test_case: JsValue,
    ) -> Result<String, JsValue> {
        let test_case: Option<TestCaseChoice> = optional(&test_case, "testCase")?;
        let (machine, case) = match &test_case {
            None => (None, None),
            Some(TestCaseChoice::Name(n)) => (None, Some(n.as_str())),
            Some(TestCaseChoice::Full {
                state_machine,
                test_case,
            }) => (state_machine.as_deref(), Some(test_case.as_str())),
        };
        let value = self
            .inner
            .saved_case(mocks.as_deref(), machine, case)
            .map_err(|m| into_error("mocks", &m, &[]))?;
        serde_json::to_string_pretty(&value).map_err(|e| into_error("mocks", &e.to_string(), &[]))
    }
}
