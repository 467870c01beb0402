//! Parallel branches and Map iterations interleave in virtual time: durations overlap,
//! MaxConcurrency bounds the iterations in flight, events chain per branch, and the history
//! is deterministic however the run is sliced.

mod exec_support;

use asl_core::exec::{ExecOptions, Execution, RunResult};
use asl_core::mocks::MockConfig;
use exec_support::{mocks, run};
use serde_json::{json, Value};

const START_MS: i64 = 1_704_067_200_000;

/// A graph of one Wait state named `name`.
fn wait_then_end(name: &str, seconds: Value) -> Value {
    json!({"StartAt": name, "States": {name: {"Type": "Wait", "Seconds": seconds, "End": true}}})
}

fn parallel(waits: &[u64]) -> Value {
    let branches: Vec<Value> = waits
        .iter()
        .enumerate()
        .map(|(i, w)| wait_then_end(&format!("W{i}"), json!(w)))
        .collect();
    json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": branches, "End": true}}})
}

fn map(seconds: u64, concurrency: Value) -> Value {
    let mut state = json!({
        "Type": "Map",
        "ItemProcessor": wait_then_end("W", json!(seconds)),
        "End": true,
    });
    match concurrency {
        Value::String(path) => state["MaxConcurrencyPath"] = json!(path),
        other => state["MaxConcurrency"] = other,
    }
    json!({"StartAt": "M", "States": {"M": state}})
}

/// Virtual seconds the whole run took.
fn seconds(result: &RunResult) -> i64 {
    let events = result.execution.events();
    let last = events.last().map_or(START_MS, |e| e.timestamp_ms);
    (last - START_MS) / 1000
}

/// Timestamps never go back, and ids are 1..n.
fn assert_ordered(name: &str, result: &RunResult) {
    let events = result.execution.events();
    for (i, pair) in events.windows(2).enumerate() {
        assert!(
            pair[0].timestamp_ms <= pair[1].timestamp_ms,
            "{name}: event {} is earlier than event {}",
            i + 2,
            i + 1
        );
    }
    for (i, event) in events.iter().enumerate() {
        assert_eq!(event.id, i as u64 + 1, "{name}");
        assert!(event.previous_event_id < event.id, "{name}");
    }
}

#[test]
fn durations_overlap() {
    let five = json!([0, 1, 2, 3, 4]);
    // (name, definition, input, virtual seconds, status)
    let cases: Vec<(&str, Value, Value, i64, &str)> = vec![
        (
            "parallel equal",
            parallel(&[10, 10]),
            json!({}),
            10,
            "SUCCEEDED",
        ),
        (
            "parallel unequal",
            parallel(&[10, 25, 5]),
            json!({}),
            25,
            "SUCCEEDED",
        ),
        (
            "map unlimited",
            map(60, json!(0)),
            five.clone(),
            60,
            "SUCCEEDED",
        ),
        (
            "map one at a time",
            map(60, json!(1)),
            five.clone(),
            300,
            "SUCCEEDED",
        ),
        (
            "map two at a time",
            map(60, json!(2)),
            five.clone(),
            180,
            "SUCCEEDED",
        ),
        (
            "map more than items",
            map(60, json!(9)),
            five.clone(),
            60,
            "SUCCEEDED",
        ),
        (
            "map concurrency path",
            {
                let mut d = map(60, json!("$.c"));
                d["States"]["M"]["ItemsPath"] = json!("$.items");
                d
            },
            json!({"c": 2, "items": [0, 1, 2, 3, 4]}),
            180,
            "SUCCEEDED",
        ),
        (
            "map jsonata concurrency",
            json!({"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
                "Type": "Map", "Items": "{% $states.input %}", "MaxConcurrency": "{% 3 %}",
                "ItemProcessor": wait_then_end("W", json!(60)), "End": true}}}),
            five.clone(),
            120,
            "SUCCEEDED",
        ),
        (
            "machine timeout inside branches",
            {
                let mut d = parallel(&[10, 100]);
                d["TimeoutSeconds"] = json!(50);
                d
            },
            json!({}),
            50,
            "TIMED_OUT",
        ),
    ];
    for (name, definition, input, want_seconds, want_status) in cases {
        let result = run(&definition, &input, None);
        let summary = result.to_json(false, false);
        assert_eq!(summary["status"], json!(want_status), "{name}: {summary}");
        assert_eq!(seconds(&result), want_seconds, "{name}");
        assert_ordered(name, &result);
        if want_status == "SUCCEEDED" && name.starts_with("map") {
            // A Wait passes its input on, so the Map's output is its items, in index order.
            let items = input.get("items").unwrap_or(&input);
            assert_eq!(&summary["output"], items, "{name}");
        }
    }
}

#[test]
fn branch_events_interleave_and_chain() {
    let result = run(&parallel(&[20, 10]), &json!({}), None);
    let events = result.execution.events();
    let types: Vec<&str> = events.iter().map(|e| e.event_type).collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "WaitStateEntered",
            "WaitStateEntered",
            "WaitStateExited",
            "WaitStateExited",
            "ParallelStateSucceeded",
            "ParallelStateExited",
            "ExecutionSucceeded",
        ]
    );
    // Branch 0 entered its Wait at event 4, branch 1 at event 5; branch 1 exits first (10 s).
    let chain: Vec<(u64, u64, i64)> = events
        .iter()
        .map(|e| {
            (
                e.id,
                e.previous_event_id,
                (e.timestamp_ms - START_MS) / 1000,
            )
        })
        .collect();
    assert_eq!(
        chain,
        [
            (1, 0, 0),
            (2, 1, 0),
            (3, 2, 0),
            (4, 3, 0),
            (5, 3, 0),
            (6, 5, 10),
            (7, 4, 20),
            (8, 7, 20),
            (9, 8, 20),
            (10, 9, 20),
        ]
    );
}

fn mocked_run(definition: &Value, input: &Value, mock: &Value) -> RunResult {
    run(definition, input, Some(mock))
}

#[test]
fn mocked_durations_overlap_and_invocations_follow_virtual_time() {
    let task = |name: &str| {
        json!({"StartAt": name, "States": {name: {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true}}})
    };
    let definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel",
        "Branches": [task("A"), task("B")], "End": true}}});
    let mock = mocks(
        json!({"A": "SlowA", "B": "FastB"}),
        json!({
            "SlowA": {"0": {"Return": {"Payload": "a"}, "x-asl-playground": {"durationSeconds": 30}}},
            "FastB": {"0": {"Return": {"Payload": "b"}, "x-asl-playground": {"durationSeconds": 10}}},
        }),
    );
    let result = mocked_run(&definition, &json!({}), &mock);
    let summary = result.to_json(false, false);
    assert_eq!(summary["output"], json!(["a", "b"]), "{summary}");
    assert_eq!(seconds(&result), 30);
    assert_ordered("mocked", &result);
    let succeeded: Vec<i64> = result
        .execution
        .events()
        .iter()
        .filter(|e| e.event_type == "TaskSucceeded")
        .map(|e| (e.timestamp_ms - START_MS) / 1000)
        .collect();
    assert_eq!(succeeded, [10, 30]);

    // One Task state in a Map: invocation n goes to the n-th attempt in virtual time; with
    // equal times the lower index goes first.
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2,
        "ItemProcessor": task("T"), "End": true}}});
    let mock = mocks(
        json!({"T": "R"}),
        json!({"R": {
            "0": {"Return": {"Payload": 0}, "x-asl-playground": {"durationSeconds": 50}},
            "1": {"Return": {"Payload": 1}, "x-asl-playground": {"durationSeconds": 10}},
            "2": {"Return": {"Payload": 2}, "x-asl-playground": {"durationSeconds": 10}},
            "3": {"Return": {"Payload": 3}, "x-asl-playground": {"durationSeconds": 10}},
        }}),
    );
    let result = mocked_run(&definition, &json!(["i0", "i1", "i2", "i3"]), &mock);
    let summary = result.to_json(false, false);
    // Item 0 takes invocation 0 (50 s); item 1 takes 1 (10 s); item 2 starts at 10 s with
    // invocation 2; item 3 at 20 s with invocation 3. Everything ends at 50 s.
    assert_eq!(summary["output"], json!([0, 1, 2, 3]), "{summary}");
    assert_eq!(seconds(&result), 50);
}

/// (name, Map fields, status, error or output, virtual seconds, aborted iterations)
type ToleranceCase = (&'static str, Value, &'static str, Value, i64, Vec<i64>);

#[test]
fn tolerance_counts_concurrent_failures() {
    // Each item waits `w` seconds, then fails when `f` is true.
    let processor = json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "SecondsPath": "$.w", "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.f", "BooleanEquals": true, "Next": "F"}], "Default": "Ok"},
        "F": {"Type": "Fail", "Error": "Boom", "Cause": "item failed"},
        "Ok": {"Type": "Pass", "Result": "ok", "End": true}}});
    let items = json!([
        {"w": 30, "f": true}, {"w": 10, "f": true}, {"w": 20, "f": false}, {"w": 40, "f": false}
    ]);
    let with = |fields: Value| {
        let mut state = json!({"Type": "Map", "ItemProcessor": processor.clone(), "End": true});
        for (k, v) in fields.as_object().cloned().unwrap_or_default() {
            state[k] = v;
        }
        json!({"StartAt": "M", "States": {"M": state}})
    };
    // (name, fields, status, error or output, virtual seconds, aborted iterations)
    let cases: Vec<ToleranceCase> = vec![
        (
            "no tolerance",
            json!({}),
            "FAILED",
            json!("Boom"),
            10,
            vec![0, 2, 3],
        ),
        (
            "one tolerated",
            json!({"ToleratedFailureCount": 1}),
            "FAILED",
            json!("States.ExceedToleratedFailureThreshold"),
            30,
            vec![3],
        ),
        (
            "two tolerated",
            json!({"ToleratedFailureCount": 2}),
            "SUCCEEDED",
            json!([
                {"Error": "Boom", "Cause": "item failed"},
                {"Error": "Boom", "Cause": "item failed"},
                "ok",
                "ok"
            ]),
            40,
            vec![],
        ),
        (
            "percentage",
            json!({"ToleratedFailurePercentage": 25}),
            "FAILED",
            json!("States.ExceedToleratedFailureThreshold"),
            30,
            vec![3],
        ),
    ];
    for (name, fields, status, want, want_seconds, want_aborted) in cases {
        let result = run(&with(fields), &items, None);
        let summary = result.to_json(false, false);
        assert_eq!(summary["status"], json!(status), "{name}: {summary}");
        if status == "FAILED" {
            assert_eq!(summary["error"], want, "{name}");
        } else {
            assert_eq!(summary["output"], want, "{name}");
        }
        assert_eq!(seconds(&result), want_seconds, "{name}");
        let aborted: Vec<i64> = result
            .execution
            .events()
            .iter()
            .filter(|e| e.event_type == "MapIterationAborted")
            .filter_map(|e| e.to_json()["mapIterationAbortedEventDetails"]["index"].as_i64())
            .collect();
        assert_eq!(aborted, want_aborted, "{name}");
        assert_ordered(name, &result);
    }
}

fn history(execution: &Execution) -> Value {
    Value::Array(execution.events().iter().map(|e| e.to_json()).collect())
}

fn execution(definition: &Value, input: &Value, mock: &str) -> Execution {
    let host = MockConfig::parse(mock)
        .ok()
        .and_then(|c| c.test_case(Some("M"), Some("T")).ok());
    let Some(host) = host else {
        panic!("mock setup failed");
    };
    match Execution::new(
        definition,
        input.clone(),
        ExecOptions::default(),
        Box::new(host.with_seed(7)),
    ) {
        Ok(e) => e,
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn deterministic_and_independent_of_slicing() {
    let inner = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 3, "MaxAttempts": 2}],
              "Next": "U"},
        "U": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": true}}});
    let definition = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
    "Branches": [
        {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2,
            "ItemProcessor": inner, "End": true}}},
        wait_then_end("W", json!(7)),
    ]}}});
    let mock = mocks(
        json!({"T": "R"}),
        json!({"R": {
            "0": {"Throw": {"Error": "E"}, "x-asl-playground": {"durationSeconds": 4}},
            "1-9": {"Return": {"Payload": 1}, "x-asl-playground": {"durationSeconds": 2}},
        }}),
    )
    .to_string();
    let input = json!([1, 2, 3]);
    let mut whole = execution(&definition, &input, &mock);
    whole.run_to_end();
    assert_eq!(whole.status().as_str(), "SUCCEEDED");
    let reference = history(&whole);
    let mut again = execution(&definition, &input, &mock);
    again.run_to_end();
    assert_eq!(history(&again), reference, "same inputs, same history");
    for batch in [1, 2, 5] {
        let mut sliced = execution(&definition, &input, &mock);
        let mut slices = 0;
        while !sliced.step(batch) {
            slices += 1;
            assert!(slices < 10_000, "batch {batch} does not finish");
        }
        assert_eq!(history(&sliced), reference, "batch {batch}");
    }
}

#[test]
fn thousands_of_concurrent_iterations() {
    // Every iteration is in flight at once; each scheduling step costs O(log n), so this runs
    // in well under a second in release builds (and a few in debug builds).
    let processor = json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 1, "Next": "P"}, "P": {"Type": "Pass", "End": true}}});
    let definition = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemProcessor": processor, "End": true}}});
    let items: Vec<usize> = (0..3000).collect();
    let started = std::time::Instant::now();
    let result = run(&definition, &json!(items), None);
    let elapsed = started.elapsed();
    let summary = result.to_json(false, false);
    assert_eq!(summary["status"], json!("SUCCEEDED"), "{summary}");
    assert_eq!(seconds(&result), 1);
    // Per iteration: started, Wait entered/exited, Pass entered/exited, succeeded; around
    // them the execution and Map events (started, entered, started, succeeded, exited, succeeded).
    assert_eq!(result.execution.events().len(), 3000 * 6 + 6);
    assert_ordered("thousands", &result);
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}
