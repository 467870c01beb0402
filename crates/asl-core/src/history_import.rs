//! An execution recorded on AWS (`aws stepfunctions get-execution-history --output json`)
//! turned into a local regression test: the execution input, what the execution ended with,
//! and a Step Functions Local `MockConfigFile` test case that answers every Task invocation
//! with what AWS recorded for it (results and errors per invocation, so retries and Map
//! iterations replay), so `asl run --mocks` reproduces the execution.
//!
//! The history may be one `GetExecutionHistory` response (`{"events": […]}`), several
//! concatenated (pages), or a bare array of events. Inputs and outputs may be JSON text (as
//! AWS returns them) or JSON values. Without `--include-execution-data` AWS leaves task
//! outputs out: those states cannot be reproduced and are listed in [`Imported::missing`].
//!
//! Each task event is attributed to its state through `previousEventId` (a task's
//! `TaskScheduled` follows its `TaskStateEntered` or its previous attempt's failure); when
//! the link is missing, to the latest task state entered.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde_json::{json, Map, Value};

/// The state machine and test case names of the generated mock file.
pub const STATE_MACHINE: &str = "Imported";
/// See [`STATE_MACHINE`].
pub const TEST_CASE: &str = "FromHistory";

/// What a history holds, ready to run again.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The execution input (`null` when the history does not include it).
    pub input: Value,
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED` or `RUNNING` (no terminal event).
    pub status: String,
    /// The execution output, for `SUCCEEDED`.
    pub output: Option<Value>,
    /// The error of a failed execution.
    pub error: Option<String>,
    /// Its cause.
    pub cause: Option<String>,
    /// The generated MockConfigFile (one state machine, one test case).
    pub mocks: Value,
    /// Task invocations mocked.
    pub invocations: usize,
    /// States that could not be reproduced, and why.
    pub missing: Vec<(String, String)>,
}

impl Imported {
    /// `{"status": …, "output"|"error"/"cause": …}`, as `asl run` prints a result.
    pub fn expected(&self) -> Value {
        let mut m = Map::new();
        m.insert("status".into(), Value::String(self.status.clone()));
        if let Some(o) = &self.output {
            m.insert("output".into(), o.clone());
        }
        if let Some(e) = &self.error {
            m.insert("error".into(), Value::String(e.clone()));
        }
        if let Some(c) = &self.cause {
            m.insert("cause".into(), Value::String(c.clone()));
        }
        Value::Object(m)
    }
}

/// Reads the events of a history text (see the module documentation for the shapes).
pub fn parse_events(text: &str) -> Result<Vec<Value>, String> {
    let mut events = Vec::new();
    for doc in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let doc = doc.map_err(|e| format!("not a JSON history: {e}"))?;
        match doc {
            Value::Array(items) => events.extend(items),
            Value::Object(mut o) => match o.remove("events") {
                Some(Value::Array(items)) => events.extend(items),
                _ => return Err("expected {\"events\": [...]} (get-execution-history output) or an array of events".into()),
            },
            _ => return Err("expected {\"events\": [...]} or an array of events".into()),
        }
    }
    if events.is_empty() {
        return Err("the history has no events".into());
    }
    Ok(events)
}

/// AWS gives inputs and outputs as JSON text; recorders sometimes as values.
fn data(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::String(s) => {
            Some(serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone())))
        }
        other => Some(other.clone()),
    }
}

/// An error or cause: text, or (from recorders that parsed it) JSON written back as text.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn details<'a>(event: &'a Value, key: &str) -> Option<&'a Value> {
    event.get(key)
}

/// One task invocation's outcome as a mocked response entry, `None` when unknown.
#[derive(Debug, Clone)]
struct Invocation {
    entry: Option<Value>,
    why_missing: Option<String>,
}

/// Imports `events`; `definition` supplies each Task's `TimeoutSeconds` and
/// `HeartbeatSeconds` so a recorded timeout is replayed as one.
pub fn import(events: &[Value], definition: Option<&Value>) -> Imported {
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut last_task_state: Option<String> = None;
    let mut last_scheduled: Option<String> = None;
    let mut calls: BTreeMap<String, Vec<Invocation>> = BTreeMap::new();
    // Per state, the invocations waiting for their outcome (Map iterations overlap), and
    // the invocation each task event belongs to, through `previousEventId`.
    let mut open: HashMap<String, VecDeque<usize>> = HashMap::new();
    let mut invocation_of: HashMap<i64, (String, usize)> = HashMap::new();
    let mut imported = Imported {
        input: Value::Null,
        status: "RUNNING".into(),
        output: None,
        error: None,
        cause: None,
        mocks: Value::Null,
        invocations: 0,
        missing: Vec::new(),
    };
    let timeouts = task_timeouts(definition);
    for event in events {
        let kind = event
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let id = event.get("id").and_then(Value::as_i64);
        let previous = event.get("previousEventId").and_then(Value::as_i64);
        let entered = event
            .get("stateEnteredEventDetails")
            .or_else(|| event.get("stateExitedEventDetails"))
            .and_then(|d| d.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let name = entered
            .clone()
            .or_else(|| previous.and_then(|p| names.get(&p).cloned()));
        if kind == "TaskStateEntered" {
            last_task_state = entered.clone();
        }
        if let (Some(id), Some(n)) = (id, &name) {
            names.insert(id, n.clone());
        }
        let linked = previous.and_then(|p| invocation_of.get(&p).cloned());
        if let (Some(id), Some(l)) = (id, &linked) {
            invocation_of.insert(id, l.clone());
        }
        let scheduled = matches!(
            kind,
            "TaskScheduled" | "LambdaFunctionScheduled" | "ActivityScheduled"
        );
        if scheduled {
            let state = name.clone().or_else(|| last_task_state.clone());
            if let Some(state) = state {
                if let Some(id) = id {
                    names.insert(id, state.clone());
                }
                let list = calls.entry(state.clone()).or_default();
                list.push(Invocation {
                    entry: None,
                    why_missing: Some("the history does not say how it ended".into()),
                });
                let index = list.len() - 1;
                open.entry(state.clone()).or_default().push_back(index);
                if let Some(id) = id {
                    invocation_of.insert(id, (state.clone(), index));
                }
                last_scheduled = Some(state);
            }
            continue;
        }
        let outcome = task_outcome(kind, event, &name, &timeouts);
        if let Some((entry, why)) = outcome {
            let target = linked.or_else(|| {
                let state = name.clone().or_else(|| last_scheduled.clone())?;
                let index = *open.get(&state)?.front()?;
                Some((state, index))
            });
            if let Some((state, index)) = target {
                if let Some(queue) = open.get_mut(&state) {
                    queue.retain(|&i| i != index);
                }
                if let Some(slot) = calls.get_mut(&state).and_then(|l| l.get_mut(index)) {
                    *slot = Invocation {
                        entry,
                        why_missing: why,
                    };
                }
            }
            continue;
        }
        match kind {
            "ExecutionStarted" => {
                let d = details(event, "executionStartedEventDetails");
                imported.input = data(d.and_then(|d| d.get("input"))).unwrap_or(Value::Null);
            }
            "ExecutionSucceeded" => {
                imported.status = "SUCCEEDED".into();
                let d = details(event, "executionSucceededEventDetails");
                imported.output = data(d.and_then(|d| d.get("output")));
                if imported.output.is_none() {
                    imported.missing.push((
                        "(execution)".into(),
                        "the output is not in the history (export it with --include-execution-data)".into(),
                    ));
                }
            }
            "ExecutionFailed" | "ExecutionTimedOut" | "ExecutionAborted" => {
                imported.status = match kind {
                    "ExecutionFailed" => "FAILED",
                    "ExecutionTimedOut" => "TIMED_OUT",
                    _ => "ABORTED",
                }
                .into();
                let d = event
                    .get("executionFailedEventDetails")
                    .or_else(|| event.get("executionTimedOutEventDetails"))
                    .or_else(|| event.get("executionAbortedEventDetails"));
                imported.error = text(d.and_then(|d| d.get("error")));
                imported.cause = text(d.and_then(|d| d.get("cause")));
            }
            _ => {}
        }
    }
    imported.mocks = mock_file(&calls, &mut imported);
    imported
}

/// A task event that ends an invocation: its mocked entry (or why there is none).
fn task_outcome(
    kind: &str,
    event: &Value,
    name: &Option<String>,
    timeouts: &HashMap<String, Timeouts>,
) -> Option<(Option<Value>, Option<String>)> {
    let (key, failed) = match kind {
        "TaskSucceeded" => ("taskSucceededEventDetails", false),
        "LambdaFunctionSucceeded" => ("lambdaFunctionSucceededEventDetails", false),
        "ActivitySucceeded" => ("activitySucceededEventDetails", false),
        "TaskFailed" => ("taskFailedEventDetails", true),
        "TaskStartFailed" => ("taskStartFailedEventDetails", true),
        "TaskSubmitFailed" => ("taskSubmitFailedEventDetails", true),
        "LambdaFunctionFailed" => ("lambdaFunctionFailedEventDetails", true),
        "LambdaFunctionStartFailed" => ("lambdaFunctionStartFailedEventDetails", true),
        "ActivityFailed" => ("activityFailedEventDetails", true),
        "TaskTimedOut" => ("taskTimedOutEventDetails", true),
        "LambdaFunctionTimedOut" => ("lambdaFunctionTimedOutEventDetails", true),
        "ActivityTimedOut" => ("activityTimedOutEventDetails", true),
        _ => return None,
    };
    let d = event.get(key);
    if !failed {
        return Some(match data(d.and_then(|d| d.get("output"))) {
            Some(output) => (Some(json!({ "Return": output })), None),
            None => (
                None,
                Some(
                    "its result is not in the history (export it with --include-execution-data)"
                        .into(),
                ),
            ),
        });
    }
    let error = text(d.and_then(|d| d.get("error")));
    let cause = text(d.and_then(|d| d.get("cause")));
    // A timeout is replayed as one: the mocked call outlasts the state's own timeout (the
    // one the recorded error names, when the state has it).
    if kind.ends_with("TimedOut") {
        let t = name.as_ref().and_then(|n| timeouts.get(n));
        // Only where the replay ends with the recorded error: a heartbeat shorter than the
        // timeout fires first.
        let seconds = t.and_then(|t| match (error.as_deref(), t.heartbeat, t.timeout) {
            (Some("States.HeartbeatTimeout"), Some(h), _) => Some(h),
            (_, Some(h), Some(t)) if h < t => None,
            (_, None, Some(t)) | (_, Some(_), Some(t)) => Some(t),
            _ => None,
        });
        if let Some(seconds) = seconds {
            return Some((
                Some(json!({
                    "Return": {},
                    crate::mocks::EXTENSION_KEY: { "durationSeconds": seconds + 1 }
                })),
                None,
            ));
        }
    }
    // A failure recorded without an error stays without one (`"Throw": {}`): the Catch
    // output then has `null`s, as on AWS.
    let error = error.or_else(|| kind.ends_with("TimedOut").then(|| "States.Timeout".into()));
    let mut throw = Map::new();
    if let Some(e) = error {
        throw.insert("Error".into(), Value::String(e));
    }
    if let Some(c) = cause {
        throw.insert("Cause".into(), Value::String(c));
    }
    Some((Some(json!({ "Throw": throw })), None))
}

/// A Task state's literal `TimeoutSeconds` and `HeartbeatSeconds`.
#[derive(Debug, Clone, Copy)]
struct Timeouts {
    timeout: Option<u64>,
    heartbeat: Option<u64>,
}

/// Each Task state's timeouts, at any depth.
fn task_timeouts(definition: Option<&Value>) -> HashMap<String, Timeouts> {
    let mut out = HashMap::new();
    let mut scopes: Vec<&Value> = definition.into_iter().collect();
    while let Some(scope) = scopes.pop() {
        let Some(states) = scope.get("States").and_then(Value::as_object) else {
            continue;
        };
        for (name, state) in states {
            let t = Timeouts {
                timeout: state.get("TimeoutSeconds").and_then(Value::as_u64),
                heartbeat: state.get("HeartbeatSeconds").and_then(Value::as_u64),
            };
            if t.timeout.is_some() || t.heartbeat.is_some() {
                out.insert(name.clone(), t);
            }
            scopes.extend(
                state
                    .get("Branches")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
            scopes.extend(state.get("ItemProcessor"));
            scopes.extend(state.get("Iterator"));
        }
    }
    out
}

fn mock_file(calls: &BTreeMap<String, Vec<Invocation>>, imported: &mut Imported) -> Value {
    let mut case = Map::new();
    let mut responses = Map::new();
    for (state, list) in calls {
        if let Some(why) = list.iter().find_map(|i| i.why_missing.clone()) {
            imported.missing.push((state.clone(), why));
            continue;
        }
        let response = format!("{state}Responses");
        let mut entries = Map::new();
        for (i, call) in list.iter().enumerate() {
            if let Some(entry) = &call.entry {
                entries.insert(i.to_string(), entry.clone());
            }
        }
        imported.invocations += list.len();
        case.insert(state.clone(), Value::String(response.clone()));
        responses.insert(response, Value::Object(entries));
    }
    json!({
        "StateMachines": { STATE_MACHINE: { "TestCases": { TEST_CASE: case } } },
        "MockedResponses": responses
    })
}

/// An event reduced to what a comparison looks at: its type, and its state name or error.
pub fn event_summary(event: &Value) -> String {
    let kind = event.get("type").and_then(Value::as_str).unwrap_or("?");
    let details = event.as_object().and_then(|o| {
        o.iter()
            .find(|(k, _)| k.ends_with("EventDetails"))
            .map(|(_, v)| v)
    });
    let name = details.and_then(|d| d.get("name")).and_then(Value::as_str);
    let error = details.and_then(|d| text(d.get("error")));
    match (name, error) {
        (Some(n), _) => format!("{kind} \"{n}\""),
        (None, Some(e)) => format!("{kind} ({e})"),
        (None, None) => kind.to_string(),
    }
}

/// Where two histories first differ (0-based event index and each side's summary, `None`
/// past its end); `None` when they agree event for event.
pub fn first_difference(
    aws: &[Value],
    ours: &[Value],
) -> Option<(usize, Option<String>, Option<String>)> {
    let len = aws.len().max(ours.len());
    (0..len).find_map(|i| {
        let a = aws.get(i).map(event_summary);
        let o = ours.get(i).map(event_summary);
        (a != o).then_some((i, a, o))
    })
}
