//! Checking a case's expectations against what its execution did, and the reverse for
//! `--update`: the expectations that what happened satisfies.

use serde_json::Value;

use super::observe::{scope_label, Observed, Visit};
use super::suite::{Case, EventCount, StateExpectation, TextMatch};

/// One expectation that did not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Which expectation, e.g. `output`, `states[1] "Charge" visit 2: retries`.
    pub expectation: String,
    /// What the suite expects.
    pub expected: Value,
    /// What happened (`null` when there is nothing to show).
    pub actual: Value,
}

impl Failure {
    /// The failure as text: the expectation, then a diff of expected (`-`) and actual (`+`).
    pub fn to_text(&self) -> String {
        format!(
            "{}\n{}",
            self.expectation,
            super::diff::diff(&self.expected, &self.actual)
        )
    }
}

/// Equal as JSON values, numbers compared by value (`1` equals `1.0`).
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// `expected` is a subset of `actual`: objects match on the keys `expected` gives, arrays
/// element by element (same length), everything else exactly.
pub fn json_subset(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(x), Value::Object(y)) => x
            .iter()
            .all(|(k, v)| y.get(k).is_some_and(|w| json_subset(v, w))),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_subset(x, y))
        }
        _ => json_equal(expected, actual),
    }
}

impl TextMatch {
    /// Whether `text` satisfies the expectation; a pattern that does not compile is an error.
    pub fn matches(&self, text: Option<&str>) -> Result<bool, String> {
        match self {
            TextMatch::Exact(want) => Ok(text == Some(want.as_str())),
            TextMatch::Pattern { pattern } => {
                let re = regex_lite::Regex::new(pattern).map_err(|e| {
                    format!("the pattern {pattern:?} is not a regular expression: {e}")
                })?;
                Ok(text.is_some_and(|t| re.is_match(t)))
            }
        }
    }

    fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn opt_text(text: Option<&str>) -> Value {
    text.map_or(Value::Null, |t| Value::String(t.to_owned()))
}

struct Checker {
    failures: Vec<Failure>,
}

impl Checker {
    fn fail(&mut self, expectation: impl Into<String>, expected: Value, actual: Value) {
        self.failures.push(Failure {
            expectation: expectation.into(),
            expected,
            actual,
        });
    }

    fn text(&mut self, what: &str, want: &TextMatch, got: Option<&str>) {
        match want.matches(got) {
            Ok(true) => {}
            Ok(false) => self.fail(what, want.to_value(), opt_text(got)),
            Err(message) => self.fail(format!("{what}: {message}"), want.to_value(), opt_text(got)),
        }
    }

    fn equal(&mut self, what: &str, want: &Value, got: Option<Value>) {
        let got = got.unwrap_or(Value::Null);
        if !json_equal(want, &got) {
            self.fail(what, want.clone(), got);
        }
    }

    fn subset(&mut self, what: &str, want: &Value, got: Option<Value>) {
        let got = got.unwrap_or(Value::Null);
        if !json_subset(want, &got) {
            self.fail(format!("{what} (subset)"), want.clone(), got);
        }
    }
}

/// The visits a state expectation can mean: the state's, inside the scope `within` names.
fn candidates<'a>(observed: &'a Observed, want: &StateExpectation) -> Vec<&'a Visit> {
    observed
        .visits
        .iter()
        .filter(|v| *v.state == *want.state)
        .filter(|v| {
            v.scope.len() >= want.within.len()
                && want
                    .within
                    .iter()
                    .zip(v.scope.iter())
                    .all(|(w, (name, index))| *w == format!("{name}[{index}]"))
        })
        .collect()
}

fn describe(index: usize, want: &StateExpectation) -> String {
    let mut s = format!("states[{index}] {:?}", want.state);
    if !want.within.is_empty() {
        s.push_str(&format!(" in {}", want.within.join(" > ")));
    }
    s.push_str(&format!(" visit {}", want.visit.unwrap_or(1)));
    s
}

fn check_state(c: &mut Checker, index: usize, want: &StateExpectation, observed: &Observed) {
    let name = describe(index, want);
    let visits = candidates(observed, want);
    let n = want.visit.unwrap_or(1);
    let Some(visit) = n.checked_sub(1).and_then(|i| visits.get(i)) else {
        let ran: Vec<Value> = visits
            .iter()
            .map(|v| Value::String(format!("{} (in {})", v.state, scope_label(&v.scope))))
            .collect();
        c.fail(
            format!("{name}: the state has {} visit(s) there", visits.len()),
            Value::String(format!("visit {n}")),
            Value::Array(ran),
        );
        return;
    };
    let doc = |d: &Option<crate::Doc>| d.as_ref().map(crate::Doc::to_value);
    if let Some(v) = &want.input {
        c.equal(&format!("{name}: input"), v, doc(&visit.input));
    }
    if let Some(v) = &want.output {
        c.equal(&format!("{name}: output"), v, doc(&visit.output));
    }
    if let Some(v) = &want.output_subset {
        c.subset(&format!("{name}: output"), v, doc(&visit.output));
    }
    if let Some(v) = &want.variables {
        c.subset(&format!("{name}: variables"), v, visit.variables.clone());
    }
    if let Some(t) = &want.error {
        c.text(&format!("{name}: error"), t, visit.error.as_deref());
    }
    if let Some(t) = &want.cause {
        c.text(&format!("{name}: cause"), t, visit.cause.as_deref());
    }
    if let Some(r) = want.retries {
        if r != visit.retriers.len() {
            c.fail(
                format!("{name}: retries"),
                r.into(),
                visit.retriers.len().into(),
            );
        }
    }
    if let Some(next) = &want.next {
        let got = visit.next.as_deref();
        if got != Some(next.as_str()) {
            c.fail(format!("{name}: next"), next.as_str().into(), opt_text(got));
        }
    }
}

/// How many events `want` counts.
pub fn count_events(want: &EventCount, observed: &Observed) -> u64 {
    observed
        .events
        .iter()
        .filter(|e| e.event_type == want.event_type)
        .filter(|e| want.state.is_none() || e.state.as_deref() == want.state.as_deref())
        .filter(|e| want.error.is_none() || e.error.as_deref() == want.error.as_deref())
        .count() as u64
}

fn describe_count(want: &EventCount) -> String {
    let mut s = format!("history: {}", want.event_type);
    if let Some(state) = &want.state {
        s.push_str(&format!(" of {state:?}"));
    }
    if let Some(error) = &want.error {
        s.push_str(&format!(" with error {error:?}"));
    }
    s
}

/// Every expectation of `case` that `observed` does not meet (empty: the case passes).
pub fn check(case: &Case, observed: &Observed) -> Vec<Failure> {
    let mut c = Checker {
        failures: Vec::new(),
    };
    if let Some(status) = &case.status {
        if status != observed.status {
            c.fail("status", status.as_str().into(), observed.status.into());
        }
    }
    if let Some(v) = &case.output {
        c.equal("output", v, observed.output.clone());
    }
    if let Some(v) = &case.output_subset {
        c.subset("output", v, observed.output.clone());
    }
    if let Some(t) = &case.error {
        c.text("error", t, observed.error.as_deref());
    }
    if let Some(t) = &case.cause {
        c.text("cause", t, observed.cause.as_deref());
    }
    let path = observed.path();
    if let Some(want) = &case.path {
        if want.iter().map(String::as_str).ne(path.iter().copied()) {
            c.fail("path", serde_json::json!(want), serde_json::json!(path));
        }
    }
    if let Some(want) = &case.path_includes {
        let mut rest = path.iter();
        let missing = want
            .iter()
            .find(|w| !rest.any(|p| p == w))
            .map(String::as_str);
        if let Some(missing) = missing {
            c.fail(
                format!("pathIncludes: {missing:?} is not entered in this order"),
                serde_json::json!(want),
                serde_json::json!(path),
            );
        }
    }
    for (i, want) in case.states.iter().enumerate() {
        check_state(&mut c, i, want, observed);
    }
    for want in &case.history {
        let got = count_events(want, observed);
        if got != want.count {
            c.fail(describe_count(want), want.count.into(), got.into());
        }
    }
    if let Some(want) = &case.mock_calls {
        let calls = observed.task_calls();
        for (state, count) in want {
            let got = calls.get(state).copied().unwrap_or(0);
            if got != *count {
                c.fail(format!("mockCalls: {state:?}"), (*count).into(), got.into());
            }
        }
    }
    c.failures
}

/// `case` with its expectations rewritten from what happened: status, output or error and
/// cause, and the path always; the expectations it already has (states, history counts, mock
/// calls) keep their selection and take the observed values.
pub fn snapshot(case: &Case, observed: &Observed) -> Case {
    let mut out = case.clone();
    out.status = Some(observed.status.to_owned());
    out.output = observed.output.clone();
    if out.output_subset.is_some() {
        out.output_subset = observed.output.clone();
    }
    out.error = observed.error.clone().map(TextMatch::Exact);
    out.cause = observed.cause.clone().map(TextMatch::Exact);
    let path: Vec<String> = observed.path().iter().map(|s| s.to_string()).collect();
    if out.path_includes.is_some() {
        out.path_includes = Some(path.clone());
    }
    out.path = Some(path);
    for want in &mut out.states {
        let visits = candidates(observed, want);
        let Some(visit) = want
            .visit
            .unwrap_or(1)
            .checked_sub(1)
            .and_then(|i| visits.get(i))
        else {
            continue;
        };
        let doc = |d: &Option<crate::Doc>| d.as_ref().map(crate::Doc::to_value);
        if want.input.is_some() {
            want.input = doc(&visit.input);
        }
        if want.output.is_some() {
            want.output = doc(&visit.output);
        }
        if want.output_subset.is_some() {
            want.output_subset = doc(&visit.output);
        }
        if want.variables.is_some() {
            want.variables = visit.variables.clone();
        }
        if want.error.is_some() {
            want.error = visit.error.clone().map(TextMatch::Exact);
        }
        if want.cause.is_some() {
            want.cause = visit.cause.clone().map(TextMatch::Exact);
        }
        if want.retries.is_some() {
            want.retries = Some(visit.retriers.len());
        }
        if want.next.is_some() {
            want.next = visit.next.as_deref().map(str::to_owned);
        }
    }
    let counts: Vec<u64> = out
        .history
        .iter()
        .map(|w| count_events(w, observed))
        .collect();
    for (want, count) in out.history.iter_mut().zip(counts) {
        want.count = count;
    }
    if out.mock_calls.is_some() {
        out.mock_calls = Some(observed.task_calls());
    }
    out
}
