//! Shared helpers for the interpreter tests: run a definition through `exec::run_texts` (the
//! code path of `asl run`) and compare with an expected outcome.
#![allow(dead_code)]

use asl_core::exec::{run_texts, ExecOptions, RunRequest, RunResult};
use serde_json::Value;

/// What a run should end with.
#[derive(Debug)]
pub enum Expect<'a> {
    /// SUCCEEDED with this output.
    Output(Value),
    /// FAILED with this error name ("" for none).
    Error(&'a str),
    /// FAILED with this error name and cause.
    ErrorCause(&'a str, &'a str),
    /// TIMED_OUT.
    TimedOut,
}

/// Runs `definition` on `input` (with an optional mock file) to the end.
pub fn run(definition: &Value, input: &Value, mocks: Option<&Value>) -> RunResult {
    run_with(definition, input, mocks, ExecOptions::default())
}

/// Like [`run`] with explicit options.
pub fn run_with(
    definition: &Value,
    input: &Value,
    mocks: Option<&Value>,
    options: ExecOptions,
) -> RunResult {
    let definition = definition.to_string();
    let input = input.to_string();
    let mocks = mocks.map(Value::to_string);
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: mocks.as_deref(),
        options,
        ..RunRequest::default()
    };
    match run_texts(&request) {
        Ok(result) => result,
        Err(problem) => panic!("setup failed: {:?}", problem.diagnostics),
    }
}

/// Runs and checks the outcome; returns the result for further checks.
pub fn check(
    name: &str,
    definition: &Value,
    input: &Value,
    mocks: Option<&Value>,
    expect: Expect<'_>,
) -> RunResult {
    let result = run(definition, input, mocks);
    let summary = result.to_json(false, false);
    let status = summary["status"].as_str().unwrap_or_default().to_owned();
    match &expect {
        Expect::Output(want) => {
            assert_eq!(status, "SUCCEEDED", "{name}: {summary}");
            assert_eq!(&summary["output"], want, "{name}");
        }
        Expect::Error(want) => {
            assert_eq!(status, "FAILED", "{name}: {summary}");
            assert_eq!(
                summary["error"].as_str().unwrap_or(""),
                *want,
                "{name}: {summary}"
            );
        }
        Expect::ErrorCause(error, cause) => {
            assert_eq!(status, "FAILED", "{name}: {summary}");
            assert_eq!(
                summary["error"].as_str().unwrap_or(""),
                *error,
                "{name}: {summary}"
            );
            assert_eq!(
                summary["cause"].as_str().unwrap_or(""),
                *cause,
                "{name}: {summary}"
            );
        }
        Expect::TimedOut => assert_eq!(status, "TIMED_OUT", "{name}: {summary}"),
    }
    result
}

/// A one-state-machine mock file for test case `T` of machine `M`.
pub fn mocks(states: Value, responses: Value) -> Value {
    serde_json::json!({
        "StateMachines": { "M": { "TestCases": { "T": states } } },
        "MockedResponses": responses,
    })
}

/// Event types of a run, in order.
pub fn event_types(result: &RunResult) -> Vec<&'static str> {
    result
        .execution
        .events()
        .iter()
        .map(|e| e.event_type)
        .collect()
}
