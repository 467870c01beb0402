//! JSONata states in the interpreter: every JSONata field of every state type, `$states`
//! and its visibility rules, the Context object through `$states.context`, typed fields, and
//! `States.QueryEvaluationError` with its `EvaluationFailed` event.

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod exec_support;

use exec_support::{check, event_types, mocks, run, Expect};
use serde_json::{json, Value};

const LAMBDA: &str = "arn:aws:states:::lambda:invoke";

/// A JSONata machine from its states (the first one starts).
fn machine(states: Value) -> Value {
    let first = states
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    json!({"QueryLanguage": "JSONata", "StartAt": first, "States": states})
}

/// A mock file where state `T` returns `value` (invocation 0) and state `F` throws.
fn task_mocks(value: Value) -> Value {
    mocks(
        json!({"T": "Ok", "F": "Boom"}),
        json!({
            "Ok": {"0": {"Return": value}},
            "Boom": {"0": {"Throw": {"Error": "Custom.Err", "Cause": "it broke"}}}
        }),
    )
}

type Case = (&'static str, Value, Value, Expect<'static>);

fn run_cases(cases: Vec<Case>, mock: Option<&Value>) {
    for (name, states, input, expect) in cases {
        check(name, &machine(states), &input, mock, expect);
    }
}

#[test]
fn pass_succeed_and_output() {
    run_cases(
        vec![
            (
                "pass without Output passes its input",
                json!({"P": {"Type": "Pass", "End": true}}),
                json!({"a": 1}),
                Expect::Output(json!({"a": 1})),
            ),
            (
                "Output template with expressions at any depth",
                json!({"P": {"Type": "Pass", "Output": {"sum": "{% $states.input.a + 1 %}", "list": ["{% $states.input.a %}", "lit"]}, "End": true}}),
                json!({"a": 1}),
                Expect::Output(json!({"sum": 2, "list": [1, "lit"]})),
            ),
            (
                "Output as one expression",
                json!({"P": {"Type": "Pass", "Output": "{% $count($states.input.xs) %}", "End": true}}),
                json!({"xs": [1, 2, 3]}),
                Expect::Output(json!(3)),
            ),
            (
                "a string that is not exactly {% %} is literal",
                json!({"P": {"Type": "Pass", "Output": " {% 1 %}", "End": true}}),
                json!({}),
                Expect::Output(json!(" {% 1 %}")),
            ),
            (
                "Succeed Output",
                json!({"S": {"Type": "Succeed", "Output": {"done": "{% $states.input.x %}"}}}),
                json!({"x": true}),
                Expect::Output(json!({"done": true})),
            ),
            (
                "Output that is undefined fails",
                json!({"P": {"Type": "Pass", "Output": "{% $states.input.missing %}", "End": true}}),
                json!({}),
                Expect::ErrorCause(
                    "States.QueryEvaluationError",
                    "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$states.input.missing' specified for the field 'Output' returned nothing (undefined).",
                ),
            ),
            (
                "nested field named in the cause",
                json!({"P": {"Type": "Pass", "Output": {"a": {"b": "{% $nope %}"}}, "End": true}}),
                json!({}),
                Expect::ErrorCause(
                    "States.QueryEvaluationError",
                    "An error occurred while executing the state 'P' (entered at the event id #2). The JSONata expression '$nope' specified for the field 'Output/a/b' returned nothing (undefined).",
                ),
            ),
            (
                "runtime error in an expression",
                json!({"P": {"Type": "Pass", "Output": "{% 1 + 'a' %}", "End": true}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
        ],
        None,
    );
}

#[test]
fn context_through_states_context() {
    run_cases(
        vec![
            (
                "state name and execution input",
                json!({"P": {"Type": "Pass", "Output": {"state": "{% $states.context.State.Name %}", "input": "{% $states.context.Execution.Input.k %}"}, "End": true}}),
                json!({"k": "v"}),
                Expect::Output(json!({"state": "P", "input": "v"})),
            ),
            (
                "$states as a whole holds input and context",
                json!({"P": {"Type": "Pass", "Output": "{% $keys($states) %}", "Next": "Q"},
                       "Q": {"Type": "Pass", "Output": "{% $lookup($states, 'context').Execution.Input %}", "End": true}}),
                json!({"k": 1}),
                Expect::Output(json!({"k": 1})),
            ),
            (
                "Map item index and value in ItemSelector",
                json!({"M": {"Type": "Map", "Items": "{% $states.input.xs %}",
                    "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}", "all": "{% $count($states.input.xs) %}"},
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}),
                json!({"xs": ["a", "b"]}),
                Expect::Output(json!([{"i": 0, "v": "a", "all": 2}, {"i": 1, "v": "b", "all": 2}])),
            ),
        ],
        None,
    );
}

#[test]
fn task_arguments_result_and_output() {
    let mock = task_mocks(json!({"Payload": {"n": 41}}));
    run_cases(
        vec![
            (
                "default output is the result",
                json!({"T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"}, "End": true}}),
                json!({"x": 1}),
                Expect::Output(json!({"Payload": {"n": 41}})),
            ),
            (
                "Output sees result and input",
                json!({"T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "f"}, "Output": {"n": "{% $states.result.Payload.n + 1 %}", "x": "{% $states.input.x %}"}, "End": true}}),
                json!({"x": 1}),
                Expect::Output(json!({"n": 42, "x": 1})),
            ),
            (
                "Arguments cannot see the result",
                json!({"T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "{% $states.result %}"}, "End": true}}),
                json!({}),
                Expect::ErrorCause(
                    "States.QueryEvaluationError",
                    "An error occurred while executing the state 'T' (entered at the event id #2). The JSONata expression '$states.result' specified for the field 'Arguments/FunctionName' returned nothing (undefined).",
                ),
            ),
            (
                "TimeoutSeconds as an expression",
                json!({"T": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": "{% $states.input.t %}", "Arguments": {"FunctionName": "f"}, "Output": "{% $states.result.Payload.n %}", "End": true}}),
                json!({"t": 30}),
                Expect::Output(json!(41)),
            ),
            (
                "TimeoutSeconds of the wrong type",
                json!({"T": {"Type": "Task", "Resource": LAMBDA, "TimeoutSeconds": "{% 'soon' %}", "Arguments": {"FunctionName": "f"}, "End": true}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
            (
                "HeartbeatSeconds out of range",
                json!({"T": {"Type": "Task", "Resource": LAMBDA, "HeartbeatSeconds": "{% 0 %}", "Arguments": {"FunctionName": "f"}, "End": true}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
        ],
        Some(&mock),
    );
}

#[test]
fn catch_output_assign_and_error_output() {
    let mock = task_mocks(json!(null));
    run_cases(
        vec![
            (
                "default catcher output is the error output",
                json!({"F": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "f"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "End": true},
                    "Done": {"Type": "Succeed"}}),
                json!({}),
                Expect::Output(json!({"Error": "Custom.Err", "Cause": "it broke"})),
            ),
            (
                "catcher Output and Assign see errorOutput; Assign of the state is not applied",
                json!({"F": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "f"},
                    "Assign": {"who": "state"},
                    "Catch": [{"ErrorEquals": ["Custom.Err"], "Assign": {"who": "catcher", "err": "{% $states.errorOutput.Error %}"},
                        "Output": {"cause": "{% $states.errorOutput.Cause %}", "in": "{% $states.input.k %}"}, "Next": "Done"}], "End": true},
                    "Done": {"Type": "Pass", "Output": {"who": "{% $who %}", "err": "{% $err %}", "prev": "{% $states.input %}"}, "End": true}}),
                json!({"k": 7}),
                Expect::Output(
                    json!({"who": "catcher", "err": "Custom.Err", "prev": {"cause": "it broke", "in": 7}}),
                ),
            ),
            (
                "errorOutput is not visible outside a catcher",
                json!({"P": {"Type": "Pass", "Output": "{% $states.errorOutput %}", "End": true}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
        ],
        Some(&mock),
    );
}

#[test]
fn choice_conditions() {
    let choice = |input_field: &str| {
        json!({
            "C": {"Type": "Choice", "Choices": [
                {"Condition": format!("{{% $states.input.{input_field} %}}"), "Next": "Yes", "Assign": {"path": "rule"}, "Output": {"from": "rule"}}
            ], "Default": "No", "Assign": {"path": "default"}},
            "Yes": {"Type": "Pass", "Output": {"got": "{% $states.input %}", "path": "{% $path %}"}, "End": true},
            "No": {"Type": "Pass", "Output": {"got": "{% $states.input %}", "path": "{% $path %}"}, "End": true}
        })
    };
    run_cases(
        vec![
            (
                "true condition: rule Assign and Output",
                choice("ok"),
                json!({"ok": true}),
                Expect::Output(json!({"got": {"from": "rule"}, "path": "rule"})),
            ),
            (
                "false condition: Default with the state's Assign, input passes",
                choice("ok"),
                json!({"ok": false}),
                Expect::Output(json!({"got": {"ok": false}, "path": "default"})),
            ),
            (
                "non-boolean condition",
                choice("ok"),
                json!({"ok": "yes"}),
                Expect::Error("States.QueryEvaluationError"),
            ),
            (
                "no match and no Default",
                json!({"C": {"Type": "Choice", "Choices": [{"Condition": "{% false %}", "Next": "Y"}]}, "Y": {"Type": "Succeed"}}),
                json!({}),
                Expect::Error("States.NoChoiceMatched"),
            ),
        ],
        None,
    );
}

#[test]
fn wait_fields() {
    run_cases(
        vec![
            (
                "Seconds expression",
                json!({"W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Output": "{% $states.context.State.EnteredTime %}", "Next": "T"},
                       "T": {"Type": "Pass", "Output": "{% $states.context.State.EnteredTime %}", "End": true}}),
                json!({"s": 90}),
                Expect::Output(json!("2024-01-01T00:01:30.000Z")),
            ),
            (
                "Timestamp expression",
                json!({"W": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "Next": "T"},
                       "T": {"Type": "Pass", "Output": "{% $states.context.State.EnteredTime %}", "End": true}}),
                json!({"at": "2024-01-02T00:00:00Z"}),
                Expect::Output(json!("2024-01-02T00:00:00.000Z")),
            ),
            (
                "negative Seconds",
                json!({"W": {"Type": "Wait", "Seconds": "{% -1 %}", "End": true}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
            (
                "bad Timestamp",
                json!({"W": {"Type": "Wait", "Timestamp": "{% 'tomorrow' %}", "End": true}}),
                json!({}),
                Expect::ErrorCause(
                    "States.QueryEvaluationError",
                    "An error occurred while executing the state 'W' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: tomorrow",
                ),
            ),
        ],
        None,
    );
}

#[test]
fn fail_error_and_cause() {
    run_cases(
        vec![
            (
                "expressions",
                json!({"F": {"Type": "Fail", "Error": "{% 'E.' & $states.input.code %}", "Cause": "{% $string($states.input.n) %}"}}),
                json!({"code": "X", "n": 3}),
                Expect::ErrorCause("E.X", "3"),
            ),
            (
                "literal",
                json!({"F": {"Type": "Fail", "Error": "Plain", "Cause": "text"}}),
                json!({}),
                Expect::ErrorCause("Plain", "text"),
            ),
            (
                "non-string Error",
                json!({"F": {"Type": "Fail", "Error": "{% 42 %}"}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
        ],
        None,
    );
}

#[test]
fn map_and_parallel() {
    let inner = json!({"StartAt": "I", "States": {"I": {"Type": "Pass", "Output": "{% $states.input * 10 %}", "End": true}}});
    run_cases(
        vec![
            (
                "Map over Items with Output over the result",
                json!({"M": {"Type": "Map", "Items": "{% $states.input.xs %}", "MaxConcurrency": "{% 2 %}", "ItemProcessor": inner,
                    "Output": {"sum": "{% $sum($states.result) %}"}, "End": true}}),
                json!({"xs": [1, 2, 3]}),
                Expect::Output(json!({"sum": 60})),
            ),
            (
                "Map over the input by default",
                json!({"M": {"Type": "Map", "ItemProcessor": inner, "End": true}}),
                json!([1, 2]),
                Expect::Output(json!([10, 20])),
            ),
            (
                "Items that are not an array",
                json!({"M": {"Type": "Map", "Items": "{% $states.input.xs %}", "ItemProcessor": inner, "End": true}}),
                json!({"xs": {"a": 1}}),
                Expect::ErrorCause(
                    "States.QueryEvaluationError",
                    "An error occurred while executing the state 'M' (entered at the event id #2). Map state input must be an array but was: {\"a\":1}",
                ),
            ),
            (
                "ToleratedFailureCount as an expression",
                json!({"M": {"Type": "Map", "Items": [1, 2], "ToleratedFailureCount": "{% 'many' %}", "ItemProcessor": inner, "End": true}}),
                json!({}),
                Expect::Error("States.QueryEvaluationError"),
            ),
            (
                "Parallel Arguments reach every branch",
                json!({"P": {"Type": "Parallel", "Arguments": "{% $states.input.v %}", "Branches": [inner.clone(), json!({"StartAt": "J", "States": {"J": {"Type": "Pass", "Output": "{% $states.input + 1 %}", "End": true}}})],
                    "Output": "{% $states.result %}", "End": true}}),
                json!({"v": 4}),
                Expect::Output(json!([40, 5])),
            ),
        ],
        None,
    );
}

#[test]
fn jsonpath_machine_with_one_jsonata_state() {
    let definition = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "Next": "B"},
        "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"w": "{% $states.input.v * 2 %}"}, "Next": "C"},
        "C": {"Type": "Pass", "OutputPath": "$.w", "End": true}}});
    check(
        "mixed",
        &definition,
        &json!({"x": 5}),
        None,
        Expect::Output(json!(10)),
    );
}

#[test]
fn evaluation_failed_event_names_the_field() {
    // (states, the failing state's name, the location)
    let cases = [
        (
            json!({"P": {"Type": "Pass", "Output": {"a": "{% $x %}"}, "End": true}}),
            "P",
            "Output/a",
        ),
        (
            json!({"C": {"Type": "Choice", "Choices": [{"Condition": "{% 1 %}", "Next": "D"}]}, "D": {"Type": "Succeed"}}),
            "C",
            "Condition",
        ),
        (
            json!({"P": {"Type": "Pass", "Assign": {"v": "{% $undefinedVar %}"}, "End": true}}),
            "P",
            "Assign/v",
        ),
        (
            json!({"W": {"Type": "Wait", "Seconds": "{% 'x' %}", "End": true}}),
            "W",
            "Seconds",
        ),
    ];
    for (states, state, location) in cases {
        let result = run(&machine(states), &json!({}), None);
        let events: Vec<Value> = result
            .execution
            .events()
            .iter()
            .map(|e| e.to_json())
            .collect();
        let failed = events
            .iter()
            .find(|e| e["type"] == "EvaluationFailed")
            .unwrap_or_else(|| panic!("no EvaluationFailed for {location}: {events:?}"));
        let details = &failed["evaluationFailedEventDetails"];
        assert_eq!(details["error"], "States.QueryEvaluationError");
        assert_eq!(details["location"], location);
        assert_eq!(details["state"], state);
        assert!(details["cause"].as_str().is_some_and(|c| !c.is_empty()));
        assert_eq!(
            event_types(&result).last(),
            Some(&"ExecutionFailed"),
            "{location}"
        );
    }
}

#[test]
fn query_evaluation_error_can_be_caught() {
    let mock = task_mocks(json!({"bad": true}));
    let definition = machine(json!({
        "T": {"Type": "Task", "Resource": LAMBDA, "Arguments": {"FunctionName": "f"},
            "Output": "{% $states.result.missing %}",
            "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Output": "{% $states.errorOutput.Error %}", "Next": "D"}], "End": true},
        "D": {"Type": "Succeed"}}));
    check(
        "caught",
        &definition,
        &json!({}),
        Some(&mock),
        Expect::Output(json!("States.QueryEvaluationError")),
    );
}
