//! Callbacks and activities answered live (`exec::callback`), saved runs (`saved_case`) and
//! breakpoints (`exec::breakpoints`). The recorded AWS histories of the callback cases in
//! `../shared/conformance` (read in place) are the reference for the event sequences.

mod common;

use asl_core::exec::{
    prepare, prepare_live, BreakOn, Breakpoint, CallbackKind, Execution, RunRequest, Status,
};
use serde_json::{json, Value};

const START_MS: i64 = 1_704_067_200_000;

fn live(definition: &Value, input: &Value, mocks: Option<&str>, ask: &[&str]) -> Execution {
    let definition = definition.to_string();
    let input = input.to_string();
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks,
        ..RunRequest::default()
    };
    let ask: Vec<String> = ask.iter().map(|s| s.to_string()).collect();
    match prepare_live(&request, &ask) {
        Ok(e) => e,
        Err(e) => panic!("{e:?}"),
    }
}

fn replay(definition: &Value, input: &Value, mocks: &str) -> Execution {
    let definition = definition.to_string();
    let input = input.to_string();
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: Some(mocks),
        ..RunRequest::default()
    };
    let mut e = match prepare(&request) {
        Ok(e) => e,
        Err(e) => panic!("{e:?}"),
    };
    e.run_to_end();
    e
}

fn events(e: &Execution) -> Vec<Value> {
    e.events().iter().map(|e| e.to_json()).collect()
}

/// (type, state name) of each event, as the recorded histories are compared.
fn sequence(events: &[Value]) -> Vec<(String, Option<String>)> {
    events
        .iter()
        .map(|e| {
            let kind = e["type"].as_str().unwrap_or("?").to_owned();
            let name = e
                .as_object()
                .and_then(|o| o.iter().find(|(k, _)| k.ends_with("EventDetails")))
                .and_then(|(_, d)| d.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            (kind, name)
        })
        .collect()
}

/// The recorded history of a conformance case, or `None` (with a message) without the folder.
fn recorded(case: &str) -> Option<(Value, Value, Vec<Value>)> {
    let dir = common::files::conformance_dir().join("cases").join(case);
    let read = |f: &str| common::files::read_to_string(&dir.join(f));
    let (Some(d), Some(i), Some(h)) = (
        read("definition.json"),
        read("input.json"),
        read("history.json"),
    ) else {
        common::say(&format!("skipped: {} is not there", dir.display()));
        return None;
    };
    let parse = |t: &str| serde_json::from_str::<Value>(t).expect("recorded JSON");
    let history = match parse(&h) {
        Value::Array(a) => a,
        other => other["events"].as_array().cloned().unwrap_or_default(),
    };
    Some((parse(&d), parse(&i), history))
}

fn only_token(e: &Execution) -> String {
    let pending = e.pending_callbacks();
    assert_eq!(pending.len(), 1, "{pending:?}");
    pending[0].token.clone()
}

#[test]
fn callback_answered_with_success_matches_the_recorded_history() {
    let Some((definition, input, history)) =
        recorded("test_base_callbacks__test_sqs_wait_for_task_token__get_execution_history")
    else {
        return;
    };
    let mut e = live(&definition, &input, None, &[]);
    assert!(!e.step(100), "the run waits");
    assert!(e.is_waiting());
    let pending = e.pending_callbacks();
    assert_eq!(pending[0].kind, CallbackKind::Callback);
    assert_eq!(pending[0].state, "SendMessageWithWait");
    // The payload carries the token the host answers with.
    assert_eq!(
        pending[0].input["MessageBody"]["TaskToken"],
        json!(pending[0].token)
    );
    // Waiting records nothing more, however often the host steps.
    let before = e.events().len();
    assert!(!e.step(100));
    assert_eq!(e.events().len(), before);
    let token = only_token(&e);
    assert!(e.send_task_heartbeat("no-such-token").is_err());
    e.send_task_success(&token, json!("string-literal"))
        .expect("present");
    assert!(
        e.send_task_success(&token, json!(1)).is_err(),
        "answered once"
    );
    e.run_to_end();
    assert_eq!(e.status(), Status::Succeeded);
    assert_eq!(e.output(), Some(&json!("string-literal")));
    assert_eq!(sequence(&events(&e)), sequence(&history));
}

#[test]
fn callback_answered_with_failure_is_caught_as_recorded() {
    let Some((definition, input, history)) = recorded(
        "test_base_callbacks__test_sqs_wait_for_task_token_task_failure__get_execution_history",
    ) else {
        return;
    };
    let mut e = live(&definition, &input, None, &[]);
    e.step(100);
    let token = only_token(&e);
    e.send_task_failure(&token, Some("Failure error"), Some("Failure cause"))
        .expect("present");
    e.run_to_end();
    assert_eq!(e.status(), Status::Succeeded);
    let ours = events(&e);
    assert_eq!(sequence(&ours), sequence(&history));
    let failed = &ours[5]["taskFailedEventDetails"];
    assert_eq!(failed["error"], "Failure error");
    assert_eq!(failed["cause"], "Failure cause");
    assert_eq!(
        e.output().expect("present")["states_all_error"],
        json!({"Error": "Failure error", "Cause": "Failure cause"})
    );
}

fn heartbeat_machine() -> Value {
    json!({"StartAt": "Approve", "States": {"Approve": {
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "HeartbeatSeconds": 60, "TimeoutSeconds": 600,
        "Parameters": {"QueueUrl": "q", "MessageBody": {"TaskToken.$": "$$.Task.Token"}},
        "End": true}}})
}

#[test]
fn heartbeats_hold_off_the_heartbeat_timeout_until_time_passes() {
    let mut e = live(&heartbeat_machine(), &json!({}), None, &[]);
    e.step(100);
    let token = only_token(&e);
    let waiting = &e.pending_callbacks()[0];
    assert_eq!(waiting.heartbeat_deadline_ms, Some(START_MS + 60_000));
    assert_eq!(waiting.timeout_deadline_ms, Some(START_MS + 600_000));
    e.let_time_pass(Some(30_000));
    assert!(!e.step(100));
    assert!(e.is_waiting(), "30 s is within the heartbeat");
    assert_eq!(e.now_ms(), START_MS + 30_000);
    e.send_task_heartbeat(&token).expect("present");
    e.step(100);
    assert_eq!(
        e.pending_callbacks()[0].heartbeat_deadline_ms,
        Some(START_MS + 90_000)
    );
    assert_eq!(e.next_wake_ms(), Some(START_MS + 90_000));
    e.let_time_pass(None);
    e.run_to_end();
    assert_eq!(e.status(), Status::Failed);
    let ours = events(&e);
    let timed_out = ours
        .iter()
        .find(|v| v["type"] == "TaskTimedOut")
        .expect("present");
    assert_eq!(
        timed_out["taskTimedOutEventDetails"]["error"],
        "States.HeartbeatTimeout"
    );
    assert_eq!(timed_out["timestamp"], "2024-01-01T00:01:30.000Z");
    // Saved, the run replays event for event, timestamps included.
    let saved = e.saved_case(None, None, None).expect("present");
    let again = replay(&heartbeat_machine(), &json!({}), &saved.to_string());
    assert_eq!(events(&again), ours, "{saved}");
}

#[test]
fn a_task_timeout_fires_when_time_passes_without_heartbeats_configured() {
    let mut definition = heartbeat_machine();
    definition["States"]["Approve"]
        .as_object_mut()
        .expect("present")
        .remove("HeartbeatSeconds");
    let mut e = live(&definition, &json!({}), None, &[]);
    e.step(100);
    e.let_time_pass(None);
    e.run_to_end();
    let ours = events(&e);
    let timed_out = ours
        .iter()
        .find(|v| v["type"] == "TaskTimedOut")
        .expect("present");
    assert_eq!(
        timed_out["taskTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
    assert_eq!(timed_out["timestamp"], "2024-01-01T00:10:00.000Z");
}

fn activity_machine() -> Value {
    json!({"StartAt": "Review", "States": {
        "Review": {"Type": "Task",
            "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review",
            "HeartbeatSeconds": 60, "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
}

#[test]
fn an_activity_waits_for_its_worker_and_a_saved_run_replays_exactly() {
    let input = json!({"doc": 7});
    let mut e = live(&activity_machine(), &input, None, &[]);
    e.step(100);
    let pending = e.pending_callbacks();
    assert_eq!(pending[0].kind, CallbackKind::Activity);
    assert_eq!(pending[0].input, input, "the worker gets the state's input");
    let token = pending[0].token.clone();
    e.let_time_pass(Some(50_000));
    e.step(100);
    e.send_task_heartbeat(&token).expect("present");
    e.let_time_pass(Some(50_000));
    e.step(100);
    e.send_task_success(&token, json!({"approved": true}))
        .expect("present");
    e.run_to_end();
    assert_eq!(e.status(), Status::Succeeded);
    let ours = events(&e);
    let types: Vec<&str> = ours
        .iter()
        .map(|v| v["type"].as_str().expect("present"))
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "ActivityScheduled",
            "ActivityStarted",
            "ActivitySucceeded",
            "TaskStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(ours[4]["timestamp"], "2024-01-01T00:01:40.000Z");
    let saved = e.saved_case(None, None, None).expect("present");
    assert_eq!(
        saved["MockedResponses"]["ReviewSavedRun"]["0"]["x-asl-playground"],
        json!({"durationSeconds": 100, "heartbeatsAtSeconds": [50]})
    );
    let again = replay(&activity_machine(), &input, &saved.to_string());
    assert_eq!(events(&again), ours);
}

#[test]
fn mocked_callbacks_are_not_asked_and_runs_stay_deterministic() {
    let mocks = json!({
        "StateMachines": {"M": {"TestCases": {"Happy": {"Review": "R"}}}},
        "MockedResponses": {"R": {"0": {"Return": {"ok": 1}}}}
    })
    .to_string();
    let mut e = live(&activity_machine(), &json!({}), Some(&mocks), &[]);
    e.run_to_end();
    assert_eq!(e.status(), Status::Succeeded);
    let plain = replay(&activity_machine(), &json!({}), &mocks);
    assert_eq!(events(&e), events(&plain));
    // Asked by name although mocked: the saved case answers from the live answer only.
    let mut asked = live(&activity_machine(), &json!({}), Some(&mocks), &["Review"]);
    asked.step(100);
    let token = only_token(&asked);
    asked
        .send_task_success(&token, json!({"ok": 2}))
        .expect("present");
    asked.run_to_end();
    let saved = asked.saved_case(Some(&mocks), None, None).expect("present");
    assert_eq!(
        saved["StateMachines"]["M"]["TestCases"]["SavedRun"]["Review"],
        "ReviewSavedRun"
    );
    let again = replay(&activity_machine(), &json!({}), &saved.to_string());
    assert_eq!(again.output(), Some(&json!({"ok": 2})));
    assert_eq!(events(&again), events(&asked));
}

#[test]
fn other_branches_run_up_to_the_waiting_time_only() {
    let definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
    "Branches": [
        {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "f", "Payload": {"t.$": "$$.Task.Token"}},
            "End": true}}},
        {"StartAt": "Now", "States": {"Now": {"Type": "Pass", "Next": "Later"},
            "Later": {"Type": "Wait", "Seconds": 10, "End": true}}}
    ]}}});
    let mut e = live(&definition, &json!({}), None, &[]);
    e.step(1000);
    assert!(e.is_waiting());
    let names: Vec<String> = events(&e)
        .iter()
        .filter_map(|v| {
            v["stateEnteredEventDetails"]["name"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    assert!(names.contains(&"Later".to_string()));
    assert!(
        !events(&e).iter().any(|v| v["type"] == "WaitStateExited"),
        "the Wait does not end while the clock stands"
    );
    assert_eq!(e.next_wake_ms(), Some(START_MS + 10_000));
    e.let_time_pass(None);
    e.step(1000);
    assert!(events(&e).iter().any(|v| v["type"] == "WaitStateExited"));
    let token = only_token(&e);
    e.send_task_success(&token, json!({"Payload": 1}))
        .expect("present");
    e.run_to_end();
    assert_eq!(e.status(), Status::Succeeded);
}

fn map_machine() -> Value {
    json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "Work", "States": {
            "Work": {"Type": "Pass", "End": true}}}}}})
}

#[test]
fn a_conditional_breakpoint_stops_only_at_the_matching_iteration() {
    let input = json!([{"id": 1}, {"id": 2}, {"id": 3}]);
    let mut e = live(&map_machine(), &input, None, &[]);
    e.set_breakpoints(vec![Breakpoint {
        state: "Work".into(),
        on: BreakOn::Enter,
        condition: Some("$states.input.id = 2".into()),
    }])
    .expect("present");
    let unbroken = replay(&map_machine(), &input, "");
    assert!(!e.step(10_000));
    let hit = e.break_hit().expect("stopped").clone();
    assert_eq!(hit.state, "Work");
    assert_eq!(hit.input, json!({"id": 2}));
    let entered = &e.events()[hit.event_id as usize - 1];
    assert_eq!(entered.event_type, "PassStateEntered");
    // Continue: the run ends, with the history a run without breakpoints records.
    assert!(e.step(10_000));
    assert!(e.break_hit().is_none());
    assert_eq!(events(&e), events(&unbroken));
}

#[test]
fn breakpoints_on_exit_and_error_and_bad_conditions() {
    let definition = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Fail", "Error": "Boom"}}});
    let mut e = live(&definition, &json!({}), None, &[]);
    let bad = e.set_breakpoints(vec![Breakpoint {
        state: "A".into(),
        on: BreakOn::Enter,
        condition: Some("$states.input.(".into()),
    }]);
    assert_eq!(bad.map_err(|(i, _)| i), Err(0));
    e.set_breakpoints(vec![
        Breakpoint {
            state: "A".into(),
            on: BreakOn::Exit,
            condition: None,
        },
        Breakpoint {
            state: "A".into(),
            on: BreakOn::Enter,
            condition: Some("$states.context.State.Name = 'nope'".into()),
        },
    ])
    .expect("present");
    e.run_to_end();
    let hit = e.break_hit().expect("present");
    assert_eq!((hit.index, hit.on), (0, BreakOn::Exit));
    assert_eq!(
        e.events().last().expect("present").event_type,
        "PassStateExited"
    );
    e.run_to_end();
    assert_eq!(e.status(), Status::Failed);
}

#[test]
fn a_waiting_branch_cut_short_by_a_failing_sibling_does_not_hold_the_run() {
    let definition = json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Later",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Later"}],
            "Branches": [
                {"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
                    "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                    "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}},
                    "End": true}}},
                {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom"}}}
            ]},
        "Later": {"Type": "Wait", "Seconds": 10, "End": true}}});
    let mut e = live(&definition, &json!({}), None, &[]);
    e.run_to_end();
    assert_eq!(e.status(), Status::Succeeded, "{:?}", events(&e));
    assert!(!e.is_waiting());
    assert!(e.pending_callbacks().is_empty());
}

#[test]
fn pending_is_refused_for_a_task_that_takes_no_callback() {
    struct Asks;
    impl asl_core::Host for Asks {
        fn invoke(&mut self, _: &asl_core::host::TaskCall<'_>) -> asl_core::host::TaskOutcome {
            asl_core::host::TaskOutcome::Pending
        }
        fn random_u64(&mut self) -> u64 {
            4
        }
    }
    let definition = json!({"StartAt": "L", "States": {"L": {"Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke", "End": true}}});
    let machine = asl_core::exec::Machine::compile(&definition).expect("compiles");
    let mut e = Execution::start(
        &machine,
        json!({}),
        asl_core::exec::ExecOptions::default(),
        Box::new(Asks),
    );
    e.run_to_end();
    assert_eq!(e.status(), Status::Failed);
    assert_eq!(e.error().map(|e| e.error.as_str()), Some("States.Runtime"));
}
