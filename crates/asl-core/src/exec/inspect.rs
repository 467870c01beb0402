//! Per-state-visit records in the shape of TestState's `inspectionData`: the document after
//! each data-flow step, plus where the visit sits in the history and how it ended.

use std::rc::Rc;

use serde_json::{json, Map, Value};

use crate::doc::Doc;

/// One retry of a state: the error that triggered it and the wait before the next attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryAttempt {
    /// Error name that was retried.
    pub error: String,
    /// Its cause, if any.
    pub cause: Option<String>,
    /// Index of the retrier in `Retry` that matched.
    pub retrier: usize,
    /// Wait before the next attempt, milliseconds of virtual time.
    pub delay_ms: u64,
}

/// What happened in one visit of one state.
#[derive(Debug, Clone, Default)]
pub struct StateVisit {
    /// State name (shared with the compiled state).
    pub state: Rc<str>,
    /// Id of the `*StateEntered` event.
    pub entered_event_id: u64,
    /// Id of the `*StateExited` event (none for Fail states or failed visits).
    pub exited_event_id: Option<u64>,
    /// Raw state input.
    pub input: Option<Doc>,
    /// After `InputPath`.
    pub after_input_path: Option<Doc>,
    /// After `Parameters` (or `ItemSelector` for Map, per item not recorded).
    pub after_parameters: Option<Doc>,
    /// The task/Pass `Result`/branch results.
    pub result: Option<Doc>,
    /// After `ResultSelector`.
    pub after_result_selector: Option<Doc>,
    /// After `ResultPath`.
    pub after_result_path: Option<Doc>,
    /// State output (after `OutputPath`).
    pub output: Option<Doc>,
    /// Error name, when the visit failed (including caught errors).
    pub error: Option<String>,
    /// Error cause.
    pub cause: Option<String>,
    /// Retries made during this visit.
    pub retries: Vec<RetryAttempt>,
    /// Name of the state the visit moved to (`None` at the end of a graph or on failure).
    pub next: Option<Rc<str>>,
    /// The workflow variables visible after the state (set when it exited). Boxed: few
    /// visits have them, and a smaller record is cheaper to keep for every visit.
    pub variables: Option<Box<Map<String, Value>>>,
    /// Inside a Distributed Map: the child execution (its index in
    /// [`crate::exec::Execution::map_run_children`]) whose history the event ids count in.
    /// Every child's ids start at 1, so without it two children's visits look alike.
    pub map_run_child: Option<usize>,
}

impl StateVisit {
    /// The record as JSON: TestState's `inspectionData` fields (documents as JSON text, as
    /// AWS gives them) plus `stateName`, `enteredEventId`, `exitedEventId`, `error`, `cause`,
    /// `retries` and `nextState`. Absent steps are left out.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("stateName".into(), json!(&*self.state));
        out.insert("enteredEventId".into(), json!(self.entered_event_id));
        if let Some(id) = self.exited_event_id {
            out.insert("exitedEventId".into(), json!(id));
        }
        if let Some(child) = self.map_run_child {
            out.insert("mapRunChild".into(), json!(child));
        }
        let docs = [
            ("input", &self.input),
            ("afterInputPath", &self.after_input_path),
            ("afterParameters", &self.after_parameters),
            ("result", &self.result),
            ("afterResultSelector", &self.after_result_selector),
            ("afterResultPath", &self.after_result_path),
            ("output", &self.output),
        ];
        for (key, doc) in docs {
            if let Some(doc) = doc {
                out.insert(key.into(), Value::String(doc.to_json_string()));
            }
        }
        if let Some(error) = &self.error {
            out.insert("error".into(), json!(error));
        }
        if let Some(cause) = &self.cause {
            out.insert("cause".into(), json!(cause));
        }
        if !self.retries.is_empty() {
            let retries = self
                .retries
                .iter()
                .map(|r| {
                    let mut m = Map::new();
                    m.insert("error".into(), json!(r.error));
                    if let Some(c) = &r.cause {
                        m.insert("cause".into(), json!(c));
                    }
                    m.insert("retrier".into(), json!(r.retrier));
                    m.insert("delayMs".into(), json!(r.delay_ms));
                    Value::Object(m)
                })
                .collect();
            out.insert("retries".into(), Value::Array(retries));
        }
        if let Some(next) = &self.next {
            out.insert("nextState".into(), json!(&**next));
        }
        if let Some(variables) = &self.variables {
            // TestState gives variables as JSON text, like the documents.
            out.insert(
                "variables".into(),
                Value::String(Value::Object((**variables).clone()).to_string()),
            );
        }
        Value::Object(out)
    }
}
