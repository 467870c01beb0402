//! Test suites for state machines (`asl test`, the page's Tests panel): the suite model,
//! what an execution did in the expectations' terms, the check of every kind of expectation
//! with a diff for each failure, snapshots for `--update`, and coverage across cases.
//!
//! Pure like the rest of the crate: callers read the suite file (serde, from JSON or YAML),
//! run each case through [`crate::exec::prepare`] and hand the finished execution here.
//!
//! ```
//! use asl_core::exec::{run_texts, RunRequest};
//! use asl_core::testing::{check, Case, Observed};
//! let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":1},"End":true}}}"#;
//! let run = run_texts(&RunRequest { definition: def, input: "{}", ..Default::default() }).unwrap();
//! let observed = Observed::from_execution(&run.execution, &serde_json::from_str(def).unwrap());
//! let case: Case = serde_json::from_str(r#"{"status":"SUCCEEDED","output":{"n":2}}"#).unwrap();
//! let failures = check(&case, &observed);
//! assert_eq!(failures.len(), 1);
//! assert!(failures[0].to_text().contains("+   \"n\": 1"));
//! ```

mod coverage;
mod diff;
mod expect;
mod observe;
mod run;
mod runner;
mod suite;
mod test_state_case;

pub use coverage::{Coverage, Hits, StateCoverage, TransitionCoverage, TransitionKind};
pub use diff::diff;
pub use expect::{check, count_events, json_equal, json_subset, snapshot, Failure};
pub use observe::{scope_label, Event, Observed, ScopeStep, Visit};
pub use run::{run_mock_file, CaseReport, MockFileReport};
pub use runner::CaseRunner;
pub use suite::{Case, EventCount, StateExpectation, Suite, TextMatch};
pub use test_state_case::{
    answer_test_state, check_test_state, response_status, snapshot_test_state, test_state_request,
    tested_state,
};
