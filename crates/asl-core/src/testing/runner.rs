//! A definition and its mock file read once, for many cases: validating, compiling and
//! parsing a mock file of N test cases once per case would make a suite of N cases O(N²).
//! What it accepts and refuses is what `exec::prepare` does; callers that want its
//! positioned diagnostics call `prepare` on the error path.

use serde_json::{Map, Value};

use crate::diagnostics::Severity;
use crate::exec::{ExecOptions, Execution, Machine};
use crate::host::Host;
use crate::mocks::{DefaultHost, MockConfig};

/// A compiled definition and a parsed mock file.
#[derive(Debug)]
pub struct CaseRunner {
    machine: Machine,
    mocks: Option<MockConfig>,
}

fn first_error(diagnostics: &[crate::Diagnostic]) -> String {
    diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map_or_else(|| "cannot be used".to_owned(), |d| d.message.clone())
}

impl CaseRunner {
    /// Validates and compiles `definition`, parses `mocks` (a blank text is none).
    pub fn new(definition: &str, mocks: Option<&str>) -> Result<CaseRunner, String> {
        let report = crate::validate::validate(definition);
        let value = match report.definition {
            Some(v)
                if report
                    .diagnostics
                    .iter()
                    .all(|d| d.severity != Severity::Error) =>
            {
                v
            }
            _ => {
                return Err(format!(
                    "the definition: {}",
                    first_error(&report.diagnostics)
                ))
            }
        };
        let machine = Machine::compile(&value)
            .map_err(|e| format!("the definition: {}", e.cause.unwrap_or(e.error)))?;
        let mocks = match mocks.filter(|t| !t.trim().is_empty()) {
            Some(text) => Some(
                MockConfig::parse(text)
                    .map_err(|d| format!("the mock file: {}", first_error(&d)))?,
            ),
            None => None,
        };
        Ok(CaseRunner { machine, mocks })
    }

    /// Starts a run of test case `test_case` of `state_machine` (or, without a mock file, of
    /// the default host) on `input` (blank: `{}`).
    pub fn start(
        &self,
        input: &str,
        state_machine: Option<&str>,
        test_case: Option<&str>,
        options: ExecOptions,
    ) -> Result<Execution, String> {
        let input: Value = if input.trim().is_empty() {
            Value::Object(Map::new())
        } else {
            serde_json::from_str(input).map_err(|e| format!("the input is not valid JSON: {e}"))?
        };
        let seed = options.seed;
        let host: Box<dyn Host> = match &self.mocks {
            Some(config) => Box::new(config.test_case(state_machine, test_case)?.with_seed(seed)),
            None => Box::new(DefaultHost::with_seed(seed)),
        };
        Ok(Execution::start(&self.machine, input, options, host))
    }
}
