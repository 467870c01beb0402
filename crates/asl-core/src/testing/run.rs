//! Running the test cases of a mock file in one go, for callers without threads or files
//! (the page's Tests panel, through asl-wasm): every test case of the state machine, each
//! checked against the suite's expectations when a suite names it, and the coverage of all.

use serde::Serialize;

use super::CaseRunner;
use super::{
    answer_test_state, check_test_state, response_status, test_state_request, tested_state,
};
use super::{check, Case, Coverage, Observed, Suite};
use crate::exec::ExecOptions;
use crate::mocks::MockConfig;

/// What one test case did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseReport {
    /// The test case name.
    pub name: String,
    /// No setup problem and every expectation met.
    pub passed: bool,
    /// The execution status (`ERROR` when it could not start).
    pub status: String,
    /// The last top-level state entered.
    pub final_state: Option<String>,
    /// Every state entered, in order.
    pub path: Vec<String>,
    /// Why it could not start, or each failed expectation with its diff.
    pub failures: Vec<String>,
}

/// Every case of a mock file and the coverage of all.
#[derive(Debug, Clone, Serialize)]
pub struct MockFileReport {
    /// One per test case, in file order.
    pub cases: Vec<CaseReport>,
    /// `Coverage::to_json`.
    pub coverage: serde_json::Value,
}

/// A TestState case answered and checked; a request file cannot be read here.
fn test_state_report(name: &str, case: &Case, definition: &str) -> CaseReport {
    let mut report = CaseReport {
        name: name.to_owned(),
        passed: false,
        status: "ERROR".into(),
        final_state: None,
        path: Vec::new(),
        failures: Vec::new(),
    };
    let Some(body) = &case.test_state else {
        report.failures.push(
            "testStateFile: request files are not read here; put the request in testState".into(),
        );
        return report;
    };
    let request = test_state_request(body, Some(definition));
    let response = answer_test_state(&request);
    report.failures = check_test_state(case, &response)
        .iter()
        .map(|f| f.to_text())
        .collect();
    report.passed = report.failures.is_empty();
    report.status = response_status(&response);
    report.final_state = tested_state(&request);
    report.path = report.final_state.iter().cloned().collect();
    report
}

/// Runs every test case of `state_machine` (default: the only one) in `mocks` on
/// `definition` and `input`, checking each against `suite`'s case of the same name (or the
/// case whose `mockTestCase` names it), then answers `suite`'s TestState cases (after the
/// mock file's; with them, `mocks` may be blank). Setup problems of one case are that case's failure;
/// a mock file that cannot be read is an error.
pub fn run_mock_file(
    definition: &str,
    input: &str,
    mocks: &str,
    state_machine: Option<&str>,
    suite: Option<&Suite>,
) -> Result<MockFileReport, String> {
    let test_state_cases = suite.map_or(0, |s| {
        s.test_cases.values().filter(|c| c.is_test_state()).count()
    });
    // A suite of TestState cases needs no mock file.
    let config = if mocks.trim().is_empty() && test_state_cases > 0 {
        MockConfig::parse(
            r#"{"StateMachines": {"none": {"TestCases": {}}}, "MockedResponses": {}}"#,
        )
    } else {
        MockConfig::parse(mocks)
    };
    let config = config.map_err(|problems| {
        problems.first().map_or_else(
            || "the mock file cannot be read".to_owned(),
            |d| d.message.clone(),
        )
    })?;
    let (machine, cases) = match state_machine {
        Some(name) => config
            .state_machines
            .iter()
            .find(|(m, _)| m == name)
            .ok_or_else(|| format!("the mock file has no state machine '{name}'"))?,
        None => config
            .state_machines
            .first()
            .ok_or("the mock file defines no state machine")?,
    };
    let value: serde_json::Value = serde_json::from_str(definition).unwrap_or_default();
    // Read once for every case: a file of N cases parsed per case would be O(N²).
    let runner = CaseRunner::new(definition, Some(mocks));
    let mut coverage = Coverage::of(&value);
    let none = Case::default();
    let mut out = Vec::new();
    for (name, _) in cases {
        let case = suite
            .and_then(|s| {
                s.test_cases
                    .iter()
                    .find(|(n, c)| !c.is_test_state() && c.mock_test_case(n) == name)
                    .map(|(_, c)| c)
            })
            .unwrap_or(&none);
        let mut report = CaseReport {
            name: name.clone(),
            passed: false,
            status: "ERROR".into(),
            final_state: None,
            path: Vec::new(),
            failures: Vec::new(),
        };
        let started = runner
            .as_ref()
            .map_err(String::clone)
            .and_then(|r| r.start(input, Some(machine), Some(name), ExecOptions::default()));
        match started {
            Err(message) => report.failures.push(message),
            Ok(mut execution) => {
                execution.run_to_end();
                let observed = Observed::from_execution(&execution, &value);
                coverage.add(&coverage.hits(&observed));
                report.failures = check(case, &observed).iter().map(|f| f.to_text()).collect();
                report.passed = report.failures.is_empty();
                report.status = observed.status.to_owned();
                report.final_state = observed.final_state().map(str::to_owned);
                report.path = observed.path().iter().map(|s| s.to_string()).collect();
            }
        }
        out.push(report);
    }
    if let Some(suite) = suite {
        for (name, case) in suite.test_cases.iter().filter(|(_, c)| c.is_test_state()) {
            out.push(test_state_report(name, case, definition));
        }
    }
    Ok(MockFileReport {
        cases: out,
        coverage: coverage.to_json(),
    })
}
