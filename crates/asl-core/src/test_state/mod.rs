//! AWS Step Functions' `TestState` API, answered offline: one state of a definition run
//! with a mocked result or error, a given input, context and variables, by the same
//! interpreter that runs whole executions (module `exec`), and the answer in the API's
//! response shape (`output`, `error`, `cause`, `nextState`, `status`, `inspectionData`).
//!
//! # How a request is answered
//!
//! - The state is run as the first state of a machine (`StartAt` set to it; a definition of a
//!   single state is wrapped, its transition targets stubbed) whose Task host returns the
//!   mock; the run stops as soon as the state has exited or failed.
//! - `Retry` is decided here, not by the engine: TestState never retries, it answers
//!   `RETRIABLE` with the backoff the matching retrier would wait after
//!   `stateConfiguration.retrierRetryCount` retries (`IntervalSeconds × BackoffRate^count`,
//!   capped at `MaxDelaySeconds`), or goes on to `Catch` once that retrier is exhausted.
//!   `Catch` is the engine's (`CAUGHT_ERROR` with the catcher's output and `nextState`).
//! - A Map or Parallel state does not run its iterations or branches: its mock stands for
//!   the whole result (an array; an object with a `ResultWriter`), and
//!   `mapIterationFailureCount` above the tolerated count or percentage fails it with
//!   `States.ExceedToleratedFailureThreshold`, as measured on AWS.
//!   Its `afterItemSelector`/`afterItemBatcher` come from running it with a pass-through
//!   item processor (module `map_inputs`).
//! - The request's refusals (`ValidationException`, `InvalidDefinition`,
//!   `InvalidExecutionInput`) carry AWS's messages where they were recorded
//!   (LocalStack's AWS-validated TestState snapshots, November 2025 – February 2026).
//!
//! # Offline differences
//!
//! A Task without a mock would call the service: refused (`OfflineMockRequired`). TRACE
//! adds nothing to DEBUG (it shows HTTP Task requests, which are never made). A retrier with
//! `JitterStrategy: FULL` reports the backoff before jitter.

mod map_config;
mod map_inputs;
mod request;
mod response;
mod run;
pub mod schema;

use serde_json::{json, Value};

pub use request::{FieldValidationMode, InspectionLevel, Mock, Request};

/// `ValidationException`.
pub const VALIDATION: &str = "ValidationException";
/// `InvalidDefinition`.
pub const INVALID_DEFINITION: &str = "InvalidDefinition";
/// `InvalidExecutionInput`.
pub const INVALID_EXECUTION_INPUT: &str = "InvalidExecutionInput";
/// Not an AWS error: a request AWS would run against a real service, which an offline
/// answer cannot.
pub const OFFLINE_MOCK_REQUIRED: &str = "OfflineMockRequired";

/// A request AWS would refuse: the error name (`ValidationException`, …) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest {
    /// AWS's error name.
    pub name: &'static str,
    /// AWS's message.
    pub message: String,
}

impl BadRequest {
    pub(crate) fn new(name: &'static str, message: impl Into<String>) -> Self {
        BadRequest {
            name,
            message: message.into(),
        }
    }

    /// `{"error": name, "message": message}`.
    pub fn to_json(&self) -> Value {
        json!({ "error": self.name, "message": self.message })
    }
}

impl std::fmt::Display for BadRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

/// Answers a TestState request body (the JSON `aws stepfunctions test-state
/// --cli-input-json` takes; `definition` may also be an object): the response, or the
/// error AWS would return instead.
pub fn test_state(body: &Value) -> Result<Value, BadRequest> {
    let request = Request::parse(body)?;
    run::answer(&request)
}

/// [`test_state`] on a request text.
pub fn test_state_text(text: &str) -> Result<Value, BadRequest> {
    let body: Value = serde_json::from_str(text).map_err(|e| {
        BadRequest::new(
            VALIDATION,
            format!("The request body is not valid JSON: {e}"),
        )
    })?;
    test_state(&body)
}
