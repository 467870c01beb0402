//! The virtual clock: Wait in all four forms, Task TimeoutSeconds/HeartbeatSeconds against
//! mocked durations, the machine-level TimeoutSeconds and the one-year limit.

mod common;
mod exec_support;

use exec_support::{check, mocks, Expect};
use serde_json::{json, Value};

fn wait(fields: Value) -> Value {
    let mut state = fields;
    state["Type"] = json!("Wait");
    state["Next"] = json!("Done");
    json!({"StartAt": "W", "States": {"W": state, "Done": {"Type": "Pass", "End": true}}})
}

/// Virtual milliseconds between the Wait's entered and exited events.
fn waited_ms(definition: &Value, input: &Value) -> i64 {
    let result = check(
        "wait",
        definition,
        input,
        None,
        Expect::Output(input.clone()),
    );
    let events = result.execution.events();
    let at = |t: &str| {
        events
            .iter()
            .find(|e| e.event_type == t)
            .map(|e| e.timestamp_ms)
    };
    at("WaitStateExited").unwrap_or(0) - at("WaitStateEntered").unwrap_or(0)
}

#[test]
fn wait_forms() {
    // Start time is 2024-01-01T00:00:00Z.
    let cases: Vec<(&str, Value, Value, i64)> = vec![
        ("seconds", json!({"Seconds": 10}), json!({}), 10_000),
        (
            "seconds path",
            json!({"SecondsPath": "$.s"}),
            json!({"s": 90}),
            90_000,
        ),
        (
            "timestamp",
            json!({"Timestamp": "2024-01-01T01:00:00Z"}),
            json!({}),
            3_600_000,
        ),
        (
            "timestamp with offset",
            json!({"Timestamp": "2024-01-01T02:00:00+01:00"}),
            json!({}),
            3_600_000,
        ),
        (
            "timestamp in the past",
            json!({"Timestamp": "2016-03-14T01:59:00Z"}),
            json!({}),
            0,
        ),
        (
            "timestamp path",
            json!({"TimestampPath": "$.t"}),
            json!({"t": "2024-01-02T00:00:00.500Z"}),
            86_400_500,
        ),
    ];
    for (name, fields, input, expected) in cases {
        assert_eq!(waited_ms(&wait(fields), &input), expected, "{name}");
    }
}

#[test]
fn wait_errors() {
    let cases: Vec<(&str, Value, Value, &str)> = vec![
        (
            "timestamp without zone",
            json!({"TimestampPath": "$.t"}),
            json!({"t": "2016-12-05T21:29:29"}),
            "An error occurred while executing the state 'W' (entered at the event id #2). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == 2016-12-05T21:29:29",
        ),
        (
            "seconds path not a number",
            json!({"SecondsPath": "$.s"}),
            json!({"s": "ten"}),
            "An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter does not reference a valid integer: $.s == ten",
        ),
    ];
    for (name, fields, input, cause) in cases {
        check(
            name,
            &wait(fields),
            &input,
            None,
            Expect::ErrorCause("States.Runtime", cause),
        );
    }
}

#[test]
fn one_year_wait_is_instant() {
    let def = wait(json!({"Seconds": 31_536_000}));
    // CPU time, not wall time: a loaded CI machine stretches the latter.
    let (result, cpu, wall) =
        common::clock::measure(|| check("year", &def, &json!({}), None, Expect::Output(json!({}))));
    assert!(cpu.as_millis() < 50, "took {cpu:?} of CPU ({wall:?} wall)");
    assert_eq!(
        result.execution.now_ms() - 1_704_067_200_000,
        31_536_000_000
    );
    // One second more than a year is past the execution limit.
    let def = wait(json!({"Seconds": 31_536_001}));
    check("past a year", &def, &json!({}), None, Expect::TimedOut);
}

#[test]
fn machine_timeout() {
    let mut def = wait(json!({"Seconds": 100}));
    def["TimeoutSeconds"] = json!(60);
    let result = check("timeout", &def, &json!({}), None, Expect::TimedOut);
    let last = result.execution.events().last().map(|e| e.to_json());
    assert_eq!(
        last,
        Some(json!({
            "id": 3, "previousEventId": 0, "timestamp": "2024-01-01T00:01:00.000Z",
            "type": "ExecutionTimedOut", "executionTimedOutEventDetails": {"error": "States.Timeout"}
        }))
    );
    assert_eq!(result.to_json(false, false), json!({"status": "TIMED_OUT"}));
    assert_eq!(
        result.execution.error().map(|e| e.error.as_str()),
        Some("States.Timeout")
    );
}

fn timed_task(fields: Value) -> Value {
    let mut state = json!({
        "Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
        "End": true
    });
    for (k, v) in fields.as_object().cloned().unwrap_or_default() {
        state[k] = v;
    }
    json!({"StartAt": "T", "States": {"T": state}})
}

fn taking(seconds: u64) -> Value {
    mocks(
        json!({"T": "R"}),
        json!({"R": {"0": {"Return": {"ok": true}, "x-asl-playground": {"durationSeconds": seconds}}}}),
    )
}

#[test]
fn task_timeouts_against_mocked_durations() {
    // (fields, input, duration, expected, virtual ms when the task ended)
    let cases: Vec<(Value, Value, u64, Expect, i64)> = vec![
        (
            json!({}),
            json!({}),
            30,
            Expect::Output(json!({"ok": true})),
            30_000,
        ),
        (
            json!({"TimeoutSeconds": 10}),
            json!({}),
            30,
            Expect::Error("States.Timeout"),
            10_000,
        ),
        (
            json!({"TimeoutSeconds": 60}),
            json!({}),
            30,
            Expect::Output(json!({"ok": true})),
            30_000,
        ),
        (
            json!({"TimeoutSeconds": 60, "HeartbeatSeconds": 5}),
            json!({}),
            30,
            Expect::Error("States.HeartbeatTimeout"),
            5_000,
        ),
        (
            json!({"TimeoutSecondsPath": "$.t"}),
            json!({"t": 7}),
            30,
            Expect::Error("States.Timeout"),
            7_000,
        ),
        (
            json!({"HeartbeatSecondsPath": "$.missing"}),
            json!({}),
            30,
            Expect::Error("States.Runtime"),
            0,
        ),
    ];
    for (fields, input, duration, expect, ended) in cases {
        let name = fields.to_string();
        let result = check(
            &name,
            &timed_task(fields),
            &input,
            Some(&taking(duration)),
            expect,
        );
        let end = result
            .execution
            .events()
            .last()
            .map_or(0, |e| e.timestamp_ms);
        assert_eq!(end - 1_704_067_200_000, ended, "{name}");
    }
}

#[test]
fn timeout_is_catchable_and_recorded_as_timed_out() {
    let mut def = timed_task(json!({
        "TimeoutSeconds": 1,
        "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "H"}]
    }));
    def["States"]["T"].as_object_mut().map(|s| s.remove("End"));
    def["States"]["T"]["Next"] = json!("H");
    def["States"]["H"] = json!({"Type": "Pass", "End": true});
    let result = check(
        "caught",
        &def,
        &json!({}),
        Some(&taking(5)),
        Expect::Output(json!({"Error": "States.Timeout", "Cause": ""})),
    );
    assert!(result
        .execution
        .events()
        .iter()
        .any(|e| e.event_type == "TaskTimedOut"));
}
