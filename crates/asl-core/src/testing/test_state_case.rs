//! Test cases of the TestState kind: a case holding a TestState request (`testState`, or a
//! request file the caller reads into it) is answered by [`crate::test_state`] instead of
//! running an execution, and checked with the same expectations and diffs as an execution
//! case: `response`/`responseSubset` on the whole response (a refused request's response is
//! `{"error": name, "message": message}`), `status`, `error`, `cause` on its fields, and
//! `output`/`outputSubset` on its `output` (a JSON text in AWS's shape, compared parsed).

use serde_json::Value;

use super::expect::{json_equal, json_subset, Failure};
use super::suite::{Case, TextMatch};

/// The expectations that describe a whole execution, which a TestState answer has not.
fn execution_only(case: &Case) -> Vec<&'static str> {
    let mut out = Vec::new();
    if case.path.is_some() {
        out.push("path");
    }
    if case.path_includes.is_some() {
        out.push("pathIncludes");
    }
    if !case.states.is_empty() {
        out.push("states");
    }
    if !case.history.is_empty() {
        out.push("history");
    }
    if case.mock_calls.is_some() {
        out.push("mockCalls");
    }
    if case.mocks.is_some() {
        out.push("mocks");
    }
    out
}

impl Case {
    /// A case of the TestState kind (its request inline or from a file).
    pub fn is_test_state(&self) -> bool {
        self.test_state.is_some() || self.test_state_file.is_some()
    }
}

/// The request a TestState case sends: `request` with the suite's definition text when it
/// gives none (so a suite's cases can test states of the suite's machine).
pub fn test_state_request(request: &Value, suite_definition: Option<&str>) -> Value {
    let mut request = request.clone();
    if let (Value::Object(body), Some(text)) = (&mut request, suite_definition) {
        if !body.contains_key("definition") && !text.trim().is_empty() {
            body.insert("definition".into(), Value::String(text.to_owned()));
        }
    }
    request
}

/// The answer to a TestState request as a case sees it: the response, or a refusal as
/// `{"error": name, "message": message}`.
pub fn answer_test_state(request: &Value) -> Value {
    crate::test_state::test_state(request).unwrap_or_else(|refused| refused.to_json())
}

/// The response's status (the refusal's error name for a refused request).
pub fn response_status(response: &Value) -> String {
    response
        .get("status")
        .or_else(|| response.get("error"))
        .and_then(Value::as_str)
        .unwrap_or("ERROR")
        .to_owned()
}

fn field<'a>(response: &'a Value, key: &str) -> Option<&'a str> {
    response.get(key).and_then(Value::as_str)
}

/// The response's `output`, parsed (AWS returns it as a JSON text).
fn output(response: &Value) -> Value {
    match response.get("output") {
        Some(Value::String(text)) => {
            serde_json::from_str(text).unwrap_or(Value::String(text.clone()))
        }
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

fn fail(out: &mut Vec<Failure>, expectation: impl Into<String>, expected: Value, actual: Value) {
    out.push(Failure {
        expectation: expectation.into(),
        expected,
        actual,
    });
}

fn text(out: &mut Vec<Failure>, what: &str, want: &TextMatch, got: Option<&str>) {
    let expected = serde_json::to_value(want).unwrap_or(Value::Null);
    let actual = got.map_or(Value::Null, |t| Value::String(t.to_owned()));
    match want.matches(got) {
        Ok(true) => {}
        Ok(false) => fail(out, what, expected, actual),
        Err(message) => fail(out, format!("{what}: {message}"), expected, actual),
    }
}

/// Every expectation of TestState case `case` that `response` does not meet.
pub fn check_test_state(case: &Case, response: &Value) -> Vec<Failure> {
    let mut out = Vec::new();
    for name in execution_only(case) {
        fail(
            &mut out,
            format!("{name}: applies to an execution, not to a testState case"),
            Value::Null,
            Value::Null,
        );
    }
    let status = response_status(response);
    if let Some(want) = &case.status {
        if *want != status {
            fail(&mut out, "status", want.as_str().into(), status.into());
        }
    }
    if let Some(want) = &case.response {
        if !json_equal(want, response) {
            fail(&mut out, "response", want.clone(), response.clone());
        }
    }
    if let Some(want) = &case.response_subset {
        if !json_subset(want, response) {
            fail(
                &mut out,
                "response (subset)",
                want.clone(),
                response.clone(),
            );
        }
    }
    let got = output(response);
    if let Some(want) = &case.output {
        if !json_equal(want, &got) {
            fail(&mut out, "output", want.clone(), got.clone());
        }
    }
    if let Some(want) = &case.output_subset {
        if !json_subset(want, &got) {
            fail(&mut out, "output (subset)", want.clone(), got);
        }
    }
    if let Some(want) = &case.error {
        text(&mut out, "error", want, field(response, "error"));
    }
    if let Some(want) = &case.cause {
        // A refusal's message is its cause.
        let cause = field(response, "cause").or_else(|| field(response, "message"));
        text(&mut out, "cause", want, cause);
    }
    out
}

/// TestState case `case` with its expectations rewritten from `response` (`--update`): the
/// whole response and its status always; the others it has take the answered values.
pub fn snapshot_test_state(case: &Case, response: &Value) -> Case {
    let mut out = case.clone();
    out.status = Some(response_status(response));
    out.response = Some(response.clone());
    if out.response_subset.is_some() {
        out.response_subset = Some(response.clone());
    }
    if out.output.is_some() {
        out.output = Some(output(response));
    }
    if out.output_subset.is_some() {
        out.output_subset = Some(output(response));
    }
    if out.error.is_some() {
        out.error = field(response, "error").map(|t| TextMatch::Exact(t.to_owned()));
    }
    if out.cause.is_some() {
        out.cause = field(response, "cause")
            .or_else(|| field(response, "message"))
            .map(|t| TextMatch::Exact(t.to_owned()));
    }
    out
}

/// The state a TestState case tests (`stateName`, else the definition's `StartAt`), for
/// reports.
pub fn tested_state(request: &Value) -> Option<String> {
    if let Some(name) = request.get("stateName").and_then(Value::as_str) {
        return Some(name.to_owned());
    }
    let definition: Value = match request.get("definition")? {
        Value::String(text) => serde_json::from_str(text).ok()?,
        other => other.clone(),
    };
    Some(definition.get("StartAt")?.as_str()?.to_owned())
}
