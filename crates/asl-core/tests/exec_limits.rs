//! Quotas: 256 KiB payloads (States.DataLimitExceeded) and 25,000 history events (a `Next`
//! loop without end stops there, quickly).

mod common;
mod exec_support;

use asl_core::exec::{ExecOptions, Execution, Status};
use asl_core::mocks::DefaultHost;
use exec_support::{check, mocks, run_with, Expect};
use serde_json::json;

#[test]
fn large_output_exceeds_the_data_limit() {
    let big = "x".repeat(300 * 1024);
    let def =
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": big, "End": true}}});
    check(
        "300 KiB",
        &def,
        &json!({}),
        None,
        Expect::ErrorCause(
            "States.DataLimitExceeded",
            "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.",
        ),
    );
    // Just under the limit is fine: 262,144 bytes including the two quotes.
    let fits = "x".repeat(262_142);
    let def =
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": fits, "End": true}}});
    let result = check("fits", &def, &json!({}), None, Expect::Output(json!(fits)));
    assert_eq!(result.execution.status(), Status::Succeeded);
}

#[test]
fn a_task_result_over_the_limit_can_be_caught() {
    // Recorded AWS runs catch States.DataLimitExceeded from a task result.
    let def = json!({
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "H"}],
                "End": true
            },
            "H": {"Type": "Pass", "End": true}
        }
    });
    // 140 Ki characters, 280 KiB of UTF-8: the limit counts bytes, not characters.
    let big = "é".repeat(140 * 1024);
    let m = mocks(
        json!({"T": "R"}),
        json!({"R": {"0": {"Return": {"big": big}}}}),
    );
    let result = check(
        "caught",
        &def,
        &json!({}),
        Some(&m),
        Expect::Output(json!({
            "Error": "States.DataLimitExceeded",
            "Cause": "The state/task 'T' returned a result with a size exceeding the maximum number of bytes service limit."
        })),
    );
    assert!(result
        .execution
        .events()
        .iter()
        .any(|e| e.event_type == "LambdaFunctionScheduled"));
}

#[test]
fn endless_loop_stops_at_the_history_limit() {
    // A loop whose exit is never taken (a machine without any terminal state is refused by
    // validation before it runs).
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.done", "IsPresent": true, "Next": "Done"}], "Default": "A"},
        "Done": {"Type": "Succeed"}
    }});
    // CPU time, not wall time: a loaded CI machine stretches the latter.
    let (result, cpu, wall) =
        common::clock::measure(|| run_with(&def, &json!({"n": 1}), None, ExecOptions::default()));
    assert!(
        cpu.as_millis() < 1000,
        "took {cpu:?} of CPU ({wall:?} wall)"
    );
    let exec = &result.execution;
    assert_eq!(exec.status(), Status::Failed);
    assert_eq!(exec.events().len(), 25_000);
    let last = exec.events().last().map(|e| e.to_json());
    assert_eq!(
        last.map(|e| e["executionFailedEventDetails"].clone()),
        Some(json!({
            "error": "States.Runtime",
            "cause": "The execution reached the maximum number of history events (25000)."
        }))
    );
}

#[test]
fn stepping_in_batches_matches_running_to_the_end() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 5, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}
    }});
    let input = json!({"items": [1, 2, 3]});
    let build = || {
        Execution::new(
            &def,
            input.clone(),
            ExecOptions::default(),
            Box::new(DefaultHost::with_seed(0)),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let mut whole = build();
    whole.run_to_end();
    let mut stepped = build();
    let mut batches = 0;
    while !stepped.step(2) {
        batches += 1;
        assert!(batches < 1000);
    }
    assert!(batches > 3, "small batches should take several steps");
    let json = |e: &Execution| e.events().iter().map(|ev| ev.to_json()).collect::<Vec<_>>();
    assert_eq!(json(&whole), json(&stepped));
    assert_eq!(stepped.output(), Some(&json!([1, 2, 3])));
}

#[test]
fn abort_stops_a_running_execution() {
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let mut exec = Execution::new(
        &def,
        json!({}),
        ExecOptions::default(),
        Box::new(DefaultHost::with_seed(0)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!exec.step(10));
    exec.abort(Some("User.Stop"), Some("enough"));
    assert_eq!(exec.status(), Status::Aborted);
    assert!(exec.step(10), "an aborted execution is finished");
    let last = exec.events().last().map(|e| e.to_json());
    assert_eq!(
        last.map(|e| (e["type"].clone(), e["executionAbortedEventDetails"].clone())),
        Some((
            json!("ExecutionAborted"),
            json!({"error": "User.Stop", "cause": "enough"})
        ))
    );
    let count = exec.events().len();
    exec.abort(None, None);
    assert_eq!(exec.events().len(), count, "aborting twice records nothing");
}

#[test]
fn long_loops_over_large_documents_stop_keeping_payloads() {
    // Each visit of A rewrites a ~20 KiB document; past the history budget (1 MiB here) the
    // history stops keeping payloads and says "truncated".
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"big.$": "$.big", "n.$": "States.MathAdd($.n, 1)"}, "Next": "B"},
        "B": {"Type": "Pass", "Next": "A"}
    }});
    let input = json!({"big": "y".repeat(20 * 1024), "n": 0});
    let options = ExecOptions {
        max_events: 1000,
        ..ExecOptions::default()
    };
    let mut exec = Execution::new(&def, input, options, Box::new(DefaultHost::with_seed(0)))
        .unwrap_or_else(|e| panic!("{e}"));
    exec.set_history_budget(1024 * 1024);
    exec.run_to_end();
    let events: Vec<serde_json::Value> = exec.events().iter().map(|e| e.to_json()).collect();
    let truncated = |e: &serde_json::Value| {
        e["stateExitedEventDetails"]["outputDetails"]["truncated"] == json!(true)
    };
    // The input and ~50 rewritten versions fit in 1 MiB; each A-B round is four events.
    let first = events.iter().position(truncated);
    assert!(
        first.is_some_and(|i| (190..=220).contains(&i)),
        "first truncated at {first:?}"
    );
    let last_exit = events.iter().rev().find(|e| e["type"] == "PassStateExited");
    assert_eq!(
        last_exit.map(|e| e["stateExitedEventDetails"]["output"].clone()),
        Some(json!(""))
    );
    assert!(exec.inspection().last().is_some_and(|v| v.output.is_none()));
    // The run itself is unaffected: it still reaches the history limit.
    assert_eq!(events.len(), 1000);
    assert!(events.iter().take(100).all(|e| !truncated(e)));
}
