//! Every limit in `asl_core::limits` crossed once, checking the exact message a user sees
//! (docs/limits.md quotes these). One `check` per case: what was run, the text produced, and
//! the text expected in it.

use asl_core::exec::{run_texts, ExecOptions, Execution, RunRequest};
use asl_core::limits;
use asl_core::mocks::DefaultHost;
use serde_json::{json, Value};

fn check(name: &str, actual: &str, expected: &str) {
    assert!(
        actual.contains(expected),
        "{name}:\n  expected: {expected}\n  actual:   {actual}"
    );
}

/// Runs texts the way `asl run` does; the outcome as `ERROR: CAUSE`, or the setup
/// diagnostics.
fn run(definition: &str, input: &str) -> String {
    let request = RunRequest {
        definition,
        input,
        options: ExecOptions::default(),
        ..RunRequest::default()
    };
    match run_texts(&request) {
        Ok(result) => match result.execution.error() {
            Some(e) => format!("{}: {}", e.error, e.cause.clone().unwrap_or_default()),
            None => format!("{:?}", result.execution.status()),
        },
        Err(e) => e
            .diagnostics
            .iter()
            .map(|d| format!("[{}] {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// A one-state machine: `state` (a Pass by default fields) ending the execution.
fn one_state(state: Value) -> String {
    json!({"StartAt": "A", "States": {"A": state}}).to_string()
}

fn validate_messages(text: &str) -> String {
    asl_core::validate::validate(text)
        .diagnostics
        .iter()
        .map(|d| format!("[{}] {}", d.code, d.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn definition_size() {
    let text = format!(
        "{}{}",
        one_state(json!({"Type": "Succeed"})),
        " ".repeat(limits::MAX_DEFINITION_BYTES)
    );
    let expected = format!(
        "[DEFINITION_TOO_LARGE] the definition is {} bytes; Step Functions accepts at most 1,048,576 bytes (1 MB).",
        text.len()
    );
    check("validate", &validate_messages(&text), &expected);
    check("run", &run(&text, "{}"), &expected);
}

#[test]
fn json_depth() {
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    check(
        "definition",
        &validate_messages(&deep),
        "[INVALID_JSON] nesting is deeper than 128 levels",
    );
    let pass = one_state(json!({"Type": "Pass", "End": true}));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    check(
        "input",
        &run(&pass, &deep),
        "[INVALID_JSON] the input is not valid JSON: recursion limit exceeded at line 1 column 128 (JSON may nest at most 128 levels of arrays and objects)",
    );
}

#[test]
fn payload_size() {
    let pass = one_state(json!({"Type": "Pass", "End": true}));
    let big = format!(r#"{{"a": "{}"}}"#, "x".repeat(limits::MAX_PAYLOAD_BYTES));
    check(
        "execution input",
        &run(&pass, &big),
        "States.DataLimitExceeded: The execution input exceeds the maximum number of bytes service limit.",
    );
    let result = one_state(
        json!({"Type": "Pass", "Result": "x".repeat(limits::MAX_PAYLOAD_BYTES), "End": true}),
    );
    check(
        "state output",
        &run(&result, "{}"),
        "States.DataLimitExceeded: The state/task 'A' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
    let fields: serde_json::Map<String, Value> =
        (0..8).map(|i| (format!("k{i}.$"), json!("$"))).collect();
    let copies = one_state(json!({"Type": "Pass", "Parameters": fields, "End": true}));
    let input = format!(r#"{{"a": "{}"}}"#, "x".repeat(100_000));
    check(
        "payload template",
        &run(&copies, &input),
        "States.DataLimitExceeded: The payload template builds a result larger than the maximum number of bytes service limit (262144 bytes).",
    );
}

#[test]
fn history_length() {
    let looping = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "A"},
        "Done": {"Type": "Succeed"}}});
    check(
        "loop",
        &run(&looping.to_string(), "{}"),
        "States.Runtime: The execution reached the maximum number of history events (25000).",
    );
}

#[test]
fn document_depth() {
    let wrap = json!({"StartAt": "W", "States": {
        "W": {"Type": "Pass", "Parameters": {"a.$": "$"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.stop", "IsPresent": true, "Next": "Done"}], "Default": "W"},
        "Done": {"Type": "Succeed"}}});
    check(
        "template in a loop",
        &run(&wrap.to_string(), "{}"),
        "States.DataLimitExceeded: The state/task 'W' returned a result with a size exceeding the maximum number of bytes service limit.",
    );
    let path = format!("${}", ".a".repeat(limits::MAX_DOCUMENT_DEPTH + 1));
    check(
        "ResultPath",
        &run(&one_state(json!({"Type": "Pass", "ResultPath": path, "End": true})), "{}"),
        "States.DataLimitExceeded: The ResultPath has 257 fields; with the result's own nesting the document would be deeper than 256 levels",
    );
}

#[test]
fn state_nesting() {
    // Built as a value: through JSON text the 128-level parser limit comes first.
    let mut machine = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}});
    for _ in 0..=limits::MAX_STATE_NESTING {
        machine = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [machine], "End": true}}});
    }
    let host = Box::new(DefaultHost::with_seed(0));
    let error = Execution::new(&machine, json!({}), ExecOptions::default(), host)
        .err()
        .map(|e| e.cause.unwrap_or_default())
        .unwrap_or_default();
    check(
        "Parallel in Parallel",
        &error,
        "Parallel/Map states are nested more than 64 deep",
    );
}

#[test]
fn intrinsic_limits() {
    let call = |expr: &str| {
        run(
            &one_state(json!({"Type": "Pass", "Parameters": {"v.$": expr}, "End": true})),
            r#"{"s": "abc"}"#,
        )
    };
    check(
        "ArrayRange",
        &call("States.ArrayRange(1, 1001, 1)"),
        "States.IntrinsicFailure: Invalid arguments in States.ArrayRange: the range must not have more than 1000 items",
    );
    let long = format!("States.Base64Encode('{}')", "x".repeat(10_001));
    check(
        "Base64Encode",
        &call(&long),
        "States.IntrinsicFailure: Invalid arguments in States.Base64Encode: the input string must not exceed 10000 characters",
    );
    let array = format!("States.Array({})", vec!["$"; 40_000].join(", "));
    check(
        "Array",
        &call(&array),
        "States.IntrinsicFailure: Invalid arguments in States.Array: the result would exceed the maximum payload size of 262144 bytes",
    );
    let nested = format!("{}1{}", "States.MathAdd(".repeat(11), ", 1)".repeat(11));
    let definition = one_state(json!({"Type": "Pass", "Parameters": {"v.$": nested}, "End": true}));
    check(
        "nesting (validate)",
        &validate_messages(&definition),
        "intrinsic functions can be nested at most 10 deep",
    );
}

#[test]
fn nesting_of_rules_templates_and_filters() {
    let mut rule = json!({"Variable": "$.a", "IsPresent": true});
    for _ in 0..=limits::MAX_CHOICE_RULE_DEPTH {
        rule = json!({"Not": rule});
    }
    let error = asl_core::choice::evaluate_rule(
        &rule,
        &asl_core::Doc::empty_object(),
        &asl_core::Doc::Null,
        &(),
    )
    .err()
    .map(|e| e.cause.unwrap_or_default())
    .unwrap_or_default();
    check(
        "Choice rule",
        &error,
        "Choice rule nested more than 256 levels deep (And/Or/Not)",
    );

    let mut template = json!({"x.$": "$"});
    for _ in 0..=limits::MAX_TEMPLATE_DEPTH {
        template = json!({ "t": template });
    }
    let error = asl_core::template::Template::compile(&template)
        .err()
        .map(|e| e.message)
        .unwrap_or_default();
    check(
        "template",
        &error,
        "template nested more than 512 levels deep",
    );

    let filter = format!(
        "$[?({}@.a == 1{})]",
        "(".repeat(limits::MAX_FILTER_DEPTH + 1),
        ")".repeat(limits::MAX_FILTER_DEPTH + 1)
    );
    let error = asl_core::paths::Path::parse(&filter)
        .err()
        .map(|e| e.message)
        .unwrap_or_default();
    check(
        "filter",
        &error,
        "filter expression nested more than 64 levels deep",
    );
}

/// JSONata through its own API (the interpreter does not run JSONata states yet).
#[test]
fn jsonata_limits() {
    let output = |expr: &str| {
        let input = json!({});
        let outcome = asl_core::jsonata::Expression::parse(&format!("{{% {expr} %}}"))
            .map_err(|e| format!("{e:?}"))
            .and_then(|x| {
                x.evaluate(&asl_core::jsonata::Env::new(&input))
                    .map_err(|e| format!("{}: {}", e.error, e.cause.unwrap_or_default()))
            });
        format!("{outcome:?}")
    };
    check(
        "sequence",
        &output("[1..200000]"),
        "States.QueryEvaluationError: The JSONata expression '[1..200000]' threw an error during evaluation. D2015: The maximum sequence length of 150000 was exceeded.",
    );
    check(
        "range",
        &output("$range(0, 400000, 1)"),
        "threw an error during evaluation. Expression evaluation memory limit exceeded",
    );
    check(
        "calls",
        &output("($f := function($x){ $f($x) }; $f(1))"),
        "U1004: Evaluation stopped after 10000 function calls. Check for infinite recursion",
    );
    check(
        "depth",
        &output(&format!("{}1{}", "(".repeat(150), ")".repeat(150))),
        "D1011: Stack overflow. Check for non-terminating recursive function.",
    );
    check(
        "brackets",
        &output(&format!("{}1{}", "[".repeat(250), "]".repeat(250))),
        "The JSONata expression nests brackets deeper than 200 levels",
    );
}
