//! Retry and Catch: which errors they handle, how many attempts, how long between them (in
//! virtual time), and what a catcher passes on.

mod exec_support;

use exec_support::{check, event_types, mocks, Expect};
use serde_json::{json, Value};

/// A Task `T` that throws `error` on every invocation, with the given Retry/Catch.
fn failing_task(retry: Value, catch: Value) -> Value {
    // Without a catcher, `Handler` is unreachable, which Step Functions refuses.
    let uncaught = catch.as_array().is_some_and(Vec::is_empty);
    let mut def = json!({
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"},
                "Retry": retry,
                "Catch": catch,
                "End": true
            },
            "Handler": {"Type": "Pass", "End": true}
        }
    });
    if uncaught {
        if let Some(states) = def["States"].as_object_mut() {
            states.remove("Handler");
        }
    }
    def
}

fn throwing(error: &str) -> Value {
    mocks(
        json!({"T": "R"}),
        json!({"R": {"0-1000": {"Throw": {"Error": error, "Cause": "boom"}}}}),
    )
}

fn count(types: &[&str], wanted: &str) -> usize {
    types.iter().filter(|t| **t == wanted).count()
}

#[test]
fn catch_matching() {
    // (ErrorEquals of the only catcher, thrown error, caught?)
    let cases: &[(Value, &str, bool)] = &[
        (json!(["States.ALL"]), "Custom.Error", true),
        (json!(["States.ALL"]), "States.Timeout", true),
        (json!(["States.TaskFailed"]), "Lambda.Unknown", true),
        (json!(["States.TaskFailed"]), "States.Timeout", false),
        (json!(["Other", "Custom.Error"]), "Custom.Error", true),
        (json!(["Other"]), "Custom.Error", false),
        (json!([]), "Custom.Error", true),
    ];
    for (equals, error, caught) in cases {
        let def = failing_task(
            json!([]),
            json!([{"ErrorEquals": equals, "Next": "Handler", "ResultPath": "$.err"}]),
        );
        let expect = if *caught {
            Expect::Output(json!({"err": {"Error": error, "Cause": "boom"}}))
        } else {
            Expect::Error(error)
        };
        check(
            &format!("{equals} vs {error}"),
            &def,
            &json!({}),
            Some(&throwing(error)),
            expect,
        );
    }
}

#[test]
fn runtime_errors_are_not_caught() {
    let def = json!({
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "InputPath": "$.missing",
                "Retry": [{"ErrorEquals": ["States.ALL"]}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}],
                "End": true
            },
            "H": {"Type": "Succeed"}
        }
    });
    let result = check(
        "runtime",
        &def,
        &json!({}),
        None,
        Expect::Error("States.Runtime"),
    );
    let cause = result
        .execution
        .error()
        .and_then(|e| e.cause.clone())
        .unwrap_or_default();
    assert_eq!(
        cause,
        "An error occurred while executing the state 'T' (entered at the event id #2). Invalid path '$.missing' : No results for path: $['missing']"
    );
}

#[test]
fn retry_attempts_and_backoff_in_virtual_time() {
    // (retrier, expected number of TaskScheduled, expected gaps between attempts in ms)
    let cases: Vec<(Value, usize, Vec<i64>)> = vec![
        (
            json!({"ErrorEquals": ["States.ALL"]}),
            4,
            vec![1000, 2000, 4000],
        ),
        (
            json!({"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}),
            1,
            vec![],
        ),
        (
            json!({"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "BackoffRate": 1.5, "MaxAttempts": 2}),
            3,
            vec![3000, 4500],
        ),
        (
            json!({"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxDelaySeconds": 5, "MaxAttempts": 4}),
            5,
            vec![2000, 4000, 5000, 5000],
        ),
        (json!({"ErrorEquals": ["Nope"]}), 1, vec![]),
    ];
    for (retrier, attempts, gaps) in cases {
        let def = failing_task(json!([retrier]), json!([]));
        let result = check(
            &retrier.to_string(),
            &def,
            &json!({}),
            Some(&throwing("E")),
            Expect::Error("E"),
        );
        let scheduled: Vec<i64> = result
            .execution
            .events()
            .iter()
            .filter(|e| e.event_type == "TaskScheduled")
            .map(|e| e.timestamp_ms)
            .collect();
        assert_eq!(scheduled.len(), attempts, "{retrier}");
        let got: Vec<i64> = scheduled.windows(2).map(|w| w[1] - w[0]).collect();
        assert_eq!(got, gaps, "{retrier}");
        let visit = &result.execution.inspection()[0];
        assert_eq!(visit.retries.len(), attempts - 1, "{retrier}");
    }
}

#[test]
fn full_jitter_stays_within_the_backoff() {
    let def = failing_task(
        json!([{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}]),
        json!([]),
    );
    let result = check(
        "jitter",
        &def,
        &json!({}),
        Some(&throwing("E")),
        Expect::Error("E"),
    );
    let delays: Vec<u64> = result.execution.inspection()[0]
        .retries
        .iter()
        .map(|r| r.delay_ms)
        .collect();
    assert_eq!(delays.len(), 3);
    for (i, delay) in delays.iter().enumerate() {
        assert!(*delay <= 10_000 * 2u64.pow(i as u32), "retry {i}: {delay}");
    }
    assert!(
        delays.iter().any(|d| *d % 1000 != 0),
        "jitter should not give whole seconds: {delays:?}"
    );
}

#[test]
fn retry_then_succeed_and_retry_count() {
    let def = json!({
        "StartAt": "T",
        "States": { "T": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload": {"attempt.$": "$$.State.RetryCount"}},
            "OutputPath": "$.Payload",
            "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 5}],
            "End": true
        }}
    });
    let m = mocks(
        json!({"T": "R"}),
        json!({"R": {
            "0-1": {"Throw": {"Error": "Flaky"}},
            "2": {"Return": {"Payload": {"done": true}}}
        }}),
    );
    let result = check(
        "flaky",
        &def,
        &json!({}),
        Some(&m),
        Expect::Output(json!({"done": true})),
    );
    let types = event_types(&result);
    assert_eq!(count(&types, "TaskFailed"), 2);
    assert_eq!(count(&types, "TaskSucceeded"), 1);
    assert_eq!(
        count(&types, "TaskStateEntered"),
        1,
        "retries do not re-enter the state"
    );
    // The third attempt saw RetryCount 2 in its parameters.
    let last_scheduled = result
        .execution
        .events()
        .iter()
        .rev()
        .find(|e| e.event_type == "TaskScheduled");
    let params =
        last_scheduled.map(|e| e.to_json()["taskScheduledEventDetails"]["parameters"].clone());
    assert_eq!(
        params,
        Some(json!(r#"{"FunctionName":"f","Payload":{"attempt":2}}"#))
    );
}

#[test]
fn fail_state_variants() {
    let fail = |fields: Value| {
        let mut state = fields;
        state["Type"] = json!("Fail");
        json!({"StartAt": "F", "States": {"F": state}})
    };
    let input = json!({"e": "MyError", "c": "my cause", "n": 3});
    check(
        "literal",
        &fail(json!({"Error": "E", "Cause": "C"})),
        &input,
        None,
        Expect::ErrorCause("E", "C"),
    );
    check(
        "paths",
        &fail(json!({"ErrorPath": "$.e", "CausePath": "$.c"})),
        &input,
        None,
        Expect::ErrorCause("MyError", "my cause"),
    );
    check(
        "intrinsic",
        &fail(json!({"Error": "E", "CausePath": "States.Format('n is {}', $.n)"})),
        &input,
        None,
        Expect::ErrorCause("E", "n is 3"),
    );
    let result = check("bare", &fail(json!({})), &input, None, Expect::Error(""));
    assert!(result.execution.error().is_none());
    let summary = result.to_json(false, false);
    assert_eq!(summary, json!({"status": "FAILED"}));
}

#[test]
fn catcher_result_path_and_next() {
    let def = failing_task(
        json!([{"ErrorEquals": ["E"], "MaxAttempts": 1, "IntervalSeconds": 1}]),
        json!([
            {"ErrorEquals": ["Other"], "Next": "Handler"},
            {"ErrorEquals": ["States.ALL"], "Next": "Handler", "ResultPath": null}
        ]),
    );
    let result = check(
        "catch keeps input",
        &def,
        &json!({"keep": true}),
        Some(&throwing("E")),
        Expect::Output(json!({"keep": true})),
    );
    let types = event_types(&result);
    assert_eq!(count(&types, "TaskScheduled"), 2);
    assert_eq!(types.last(), Some(&"ExecutionSucceeded"));
}

/// A Fail state with neither `Error` nor `Cause` ends the execution with an empty
/// `executionFailedEventDetails` object, as AWS records it (other events without details
/// have no details object).
#[test]
fn bare_fail_records_empty_failed_details() {
    let def = json!({"StartAt": "F", "States": {"F": {"Type": "Fail"}}});
    let result = exec_support::run(&def, &json!({}), None);
    let Some(last) = result.execution.events().last() else {
        panic!("no events");
    };
    let event = last.to_json();
    assert_eq!(event["type"], "ExecutionFailed");
    assert_eq!(event["executionFailedEventDetails"], json!({}));
}
