//! A Distributed Map's children are executions of their own, as AWS runs them
//! (<https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html>):
//! each has its own history, `$$.Execution`, quota and times; the parent's history has only
//! the Map Run events.

mod common;

use asl_core::exec::{prepare, ExecOptions, Execution, RunRequest, Status};
use serde_json::{json, Value};

fn machine(map_fields: Value, processor: Value) -> Value {
    common::distributed_map(map_fields, Some(processor))
}

fn pass() -> Value {
    json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})
}

fn run_with(definition: &Value, input: Value, options: ExecOptions) -> Execution {
    let (definition, input) = (definition.to_string(), input.to_string());
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: None,
        state_machine: None,
        test_case: None,
        options,
    };
    let mut exec = match prepare(&request) {
        Ok(exec) => exec,
        Err(e) => panic!("setup failed: {:?}", e.diagnostics),
    };
    exec.run_to_end();
    exec
}

fn run(definition: &Value, input: Value) -> Execution {
    run_with(definition, input, ExecOptions::default())
}

fn types(events: &[asl_core::exec::HistoryEvent]) -> Vec<&'static str> {
    events.iter().map(|e| e.event_type).collect()
}

#[test]
fn the_parent_history_has_no_child_state_events() {
    let exec = run(&machine(json!({}), pass()), json!([1, 2, 3]));
    assert_eq!(exec.status(), Status::Succeeded);
    assert_eq!(
        types(exec.events()),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    // The parent's events chain among themselves.
    for (i, e) in exec.events().iter().enumerate() {
        assert_eq!(e.id, i as u64 + 1);
        assert_eq!(e.previous_event_id, i as u64);
    }
}

#[test]
fn each_child_has_its_own_history_from_event_one() {
    let exec = run(&machine(json!({}), pass()), json!(["a", "b"]));
    let children = exec.map_run_children();
    assert_eq!(children.len(), 2);
    let run_arn = exec.events()[3].to_json()["mapRunStartedEventDetails"]["mapRunArn"].clone();
    for (i, child) in children.iter().enumerate() {
        assert_eq!(child.index, i);
        assert_eq!(child.status, Status::Succeeded);
        assert_eq!(child.map_run_arn, run_arn.as_str().unwrap_or_default());
        assert_eq!(child.input.to_value(), json!(["a", "b"][i]));
        assert_eq!(
            child.output.as_ref().map(|o| o.to_value()),
            Some(json!(["a", "b"][i]))
        );
        assert_eq!(
            types(&child.events),
            [
                "ExecutionStarted",
                "PassStateEntered",
                "PassStateExited",
                "ExecutionSucceeded"
            ]
        );
        for (n, e) in child.events.iter().enumerate() {
            assert_eq!(e.id, n as u64 + 1);
            assert_eq!(e.previous_event_id, n as u64);
        }
        assert!(child
            .execution_arn
            .starts_with("arn:aws:states:us-east-1:123456789012:execution:StateMachine/Map:"));
        assert!(child.execution_arn.ends_with(&child.name));
        let json = child.to_json();
        assert_eq!(json["status"], "SUCCEEDED");
        assert_eq!(
            json["events"][0]["executionStartedEventDetails"]["input"],
            json!(["a", "b"][i]).to_string()
        );
    }
    assert_ne!(children[0].name, children[1].name);
}

#[test]
fn a_child_sees_itself_as_the_execution_in_the_context_object() {
    let processor = json!({"StartAt": "P", "States": {"P": {
        "Type": "Pass",
        "Parameters": {
            "id.$": "$$.Execution.Id",
            "name.$": "$$.Execution.Name",
            "input.$": "$$.Execution.Input",
            "start.$": "$$.Execution.StartTime",
            "machine.$": "$$.StateMachine.Name",
            "machineId.$": "$$.StateMachine.Id"
        },
        "End": true
    }}});
    let def = machine(json!({"Label": "Work"}), processor);
    let exec = run(&def, json!([{"n": 1}]));
    let output = exec.output().cloned().unwrap_or(Value::Null);
    let child = &exec.map_run_children()[0];
    assert_eq!(output[0]["id"], child.execution_arn.as_str());
    assert_eq!(output[0]["name"], child.name.as_str());
    assert_eq!(output[0]["input"], json!({"n": 1}));
    assert_eq!(output[0]["start"], "2024-01-01T00:00:00.000Z");
    assert_eq!(output[0]["machine"], "StateMachine/Work");
    assert_eq!(
        output[0]["machineId"],
        "arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine/Work"
    );
}

#[test]
fn children_have_their_own_times_in_virtual_time() {
    // Item n waits n seconds; MaxConcurrency 1 runs them one after another.
    let processor =
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": true}}});
    let def = machine(json!({"MaxConcurrency": 1}), processor);
    let exec = run(&def, json!([3, 5]));
    let children = exec.map_run_children();
    let start = 1_704_067_200_000;
    assert_eq!(
        (children[0].start_ms, children[0].stop_ms),
        (start, Some(start + 3000))
    );
    assert_eq!(
        (children[1].start_ms, children[1].stop_ms),
        (start + 3000, Some(start + 8000))
    );
    let json = children[1].to_json();
    assert_eq!(json["startDate"], "2024-01-01T00:00:03.000Z");
    assert_eq!(json["stopDate"], "2024-01-01T00:00:08.000Z");
    assert_eq!(
        json["events"][3]["timestamp"], "2024-01-01T00:00:08.000Z",
        "{json}"
    );
}

#[test]
fn the_result_writer_reports_each_childs_own_times() {
    let processor =
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$", "End": true}}});
    let def = machine(
        json!({"MaxConcurrency": 1, "ResultWriter": {"WriterConfig": {"Transformation": "NONE"}}}),
        processor,
    );
    let exec = run(&def, json!([2, 4]));
    let out = exec.output().cloned().unwrap_or(Value::Null);
    assert_eq!(out[0]["StartDate"], "2024-01-01T00:00:00.000Z", "{out}");
    assert_eq!(out[0]["StopDate"], "2024-01-01T00:00:02.000Z");
    assert_eq!(out[1]["StartDate"], "2024-01-01T00:00:02.000Z");
    assert_eq!(out[1]["StopDate"], "2024-01-01T00:00:06.000Z");
    assert_eq!(out[1]["Name"], exec.map_run_children()[1].name.as_str());
}

#[test]
fn children_do_not_count_toward_the_parents_quota() {
    // 10 children of 4 events each would pass a parent quota of 20 events.
    let options = ExecOptions {
        max_events: 20,
        ..ExecOptions::default()
    };
    let exec = run_with(
        &machine(json!({}), pass()),
        Value::from(vec![0; 10]),
        options,
    );
    assert_eq!(exec.status(), Status::Succeeded, "{:?}", exec.error());
    assert_eq!(exec.events().len(), 8);
    assert_eq!(exec.map_run_children().len(), 10);
}

#[test]
fn a_child_that_reaches_its_own_quota_fails_alone() {
    // A loop of Pass states never ends; its child reaches the quota and fails with
    // States.Runtime; the Map tolerates it, so the parent succeeds.
    let processor = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": -1, "Next": "Done"}], "Default": "A"},
        "Done": {"Type": "Succeed"}
    }});
    let options = ExecOptions {
        max_events: 50,
        ..ExecOptions::default()
    };
    let def = machine(json!({"ToleratedFailureCount": 1}), processor);
    let exec = run_with(&def, json!([1]), options);
    assert_eq!(exec.status(), Status::Succeeded, "{:?}", exec.error());
    let child = &exec.map_run_children()[0];
    assert_eq!(child.status, Status::Failed);
    assert_eq!(child.events.len(), 50);
    assert_eq!(child.events[49].event_type, "ExecutionFailed");
    let error = child.error.clone().unwrap_or_else(|| panic!("no error"));
    assert_eq!(error.error, "States.Runtime");
    assert_eq!(
        error.cause.as_deref(),
        Some("The execution reached the maximum number of history events (50).")
    );
    assert_eq!(
        exec.output().cloned(),
        Some(
            json!([{"Error": "States.Runtime", "Cause": "The execution reached the maximum number of history events (50)."}])
        )
    );
}

#[test]
fn a_runtime_error_fails_the_child_and_then_the_map_run() {
    let processor = json!({"StartAt": "Bad", "States": {
        "Bad": {"Type": "Pass", "Parameters": {"x.$": "$.missing"}, "End": true}
    }});
    let def = machine(json!({}), processor);
    let exec = run(&def, json!([{}]));
    assert_eq!(exec.status(), Status::Failed);
    assert_eq!(
        exec.error().map(|e| e.error.as_str()),
        Some("States.Runtime")
    );
    let parent = types(exec.events());
    assert!(parent.contains(&"MapRunFailed"), "{parent:?}");
    let child = &exec.map_run_children()[0];
    assert_eq!(child.status, Status::Failed);
    assert_eq!(
        types(&child.events),
        ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]
    );
}

#[test]
fn children_still_running_when_the_map_run_fails_are_aborted() {
    // Child 0 fails at once; child 1 waits and is stopped with its Map Run.
    let processor = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 0, "Next": "F"}], "Default": "W"},
        "F": {"Type": "Fail", "Error": "Boom"},
        "W": {"Type": "Wait", "Seconds": 10, "End": true}
    }});
    let exec = run(&machine(json!({}), processor), json!([1, 0]));
    assert_eq!(exec.error().map(|e| e.error.as_str()), Some("Boom"));
    let children = exec.map_run_children();
    assert_eq!(children[1].status, Status::Failed);
    assert_eq!(children[0].status, Status::Aborted);
    assert_eq!(
        children[0].events.last().map(|e| e.event_type),
        Some("ExecutionAborted")
    );
}

#[test]
fn nested_map_runs_record_their_children_separately() {
    let inner = json!({"StartAt": "Inner", "States": {"Inner": {
        "Type": "Map",
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}
        },
        "End": true
    }}});
    let exec = run(&machine(json!({}), inner), json!([[1, 2], [3]]));
    assert_eq!(exec.status(), Status::Succeeded);
    assert_eq!(exec.output().cloned(), Some(json!([[1, 2], [3]])));
    let children = exec.map_run_children();
    // Two outer children, three inner ones.
    assert_eq!(children.len(), 5);
    let outer = &children[0];
    assert!(types(&outer.events).contains(&"MapRunStarted"));
    assert!(!types(&outer.events).contains(&"PassStateEntered"));
    let inner: Vec<_> = children
        .iter()
        .filter(|c| {
            c.execution_arn
                .contains(":execution:StateMachine/Map/Inner:")
        })
        .collect();
    assert_eq!(
        inner.len(),
        3,
        "{:?}",
        children
            .iter()
            .map(|c| &c.execution_arn)
            .collect::<Vec<_>>()
    );
}

#[test]
fn runs_are_deterministic() {
    let def = machine(json!({}), pass());
    let a = run(&def, json!([1, 2]));
    let b = run(&def, json!([1, 2]));
    let json = |e: &Execution| -> Vec<Value> {
        e.map_run_children().iter().map(|c| c.to_json()).collect()
    };
    assert_eq!(json(&a), json(&b));
}

#[test]
fn children_running_when_the_parent_times_out_are_aborted() {
    let processor =
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}});
    let mut def = machine(json!({}), processor);
    def["TimeoutSeconds"] = json!(5);
    let exec = run(&def, json!([1]));
    assert_eq!(exec.status(), Status::TimedOut);
    let child = &exec.map_run_children()[0];
    assert_eq!(child.status, Status::Aborted);
    assert_eq!(child.stop_ms, Some(1_704_067_205_000));
    assert_eq!(
        types(&child.events),
        ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]
    );
}

#[test]
fn stopping_the_parent_aborts_its_running_children() {
    let processor =
        json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": true}}});
    let def = machine(json!({}), processor);
    let (definition, input) = (def.to_string(), "[1]".to_owned());
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: None,
        state_machine: None,
        test_case: None,
        options: ExecOptions::default(),
    };
    let mut exec = prepare(&request).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    // Up to the child's WaitStateEntered (the parent's four events and two of the child's).
    exec.step(5);
    assert_eq!(exec.map_run_children()[0].events.len(), 2);
    exec.abort(Some("Stop"), None);
    let last = exec
        .events()
        .last()
        .cloned()
        .unwrap_or_else(|| panic!("no events"));
    assert_eq!(last.event_type, "ExecutionAborted");
    assert_eq!(last.previous_event_id, last.id - 1);
    let child = &exec.map_run_children()[0];
    assert_eq!(child.status, Status::Aborted);
}

/// Every child's event ids start at 1, so a visit inside a child says which child it belongs
/// to: the page's inspector shows one child's visits, and the parent's own visits have none.
#[test]
fn visits_inside_a_child_name_their_child() {
    let exec = run(&machine(json!({}), pass()), json!([10, 20, 30]));
    assert_eq!(exec.status(), Status::Succeeded);
    let visits: Vec<Value> = exec.inspection().iter().map(|v| v.to_json()).collect();
    let of = |name: &str| -> Vec<Option<u64>> {
        visits
            .iter()
            .filter(|v| v["stateName"] == name)
            .map(|v| v.get("mapRunChild").and_then(Value::as_u64))
            .collect()
    };
    assert_eq!(of("Map"), [None]);
    let mut children = of("P");
    children.sort();
    assert_eq!(children, [Some(0), Some(1), Some(2)]);
    // The index is the child's place in map_run_children, whose input is that item.
    for v in visits.iter().filter(|v| v["stateName"] == "P") {
        let index = v["mapRunChild"].as_u64().expect("a child's visit names it");
        let child = &exec.map_run_children()[index as usize];
        assert_eq!(
            v["input"].as_str().map(str::to_string),
            Some(child.input.to_json_string())
        );
        assert_eq!(
            v["enteredEventId"],
            json!(2),
            "ids count in the child's own history"
        );
    }
}
