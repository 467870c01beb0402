//! The one door to the outside world. The CLI, the wasm crate and the tests each implement
//! [`Host`]; the interpreter never reaches past it, which keeps runs deterministic and lets
//! the core build for `wasm32-unknown-unknown` without feature flags.

use crate::doc::Doc;
use crate::error::StatesError;

/// One invocation of a Task state's resource.
#[derive(Debug, Clone)]
pub struct TaskCall<'a> {
    /// Name of the Task state (unique in the whole machine, as ASL requires).
    pub state_name: &'a str,
    /// The `Resource` ARN exactly as written in the definition.
    pub resource: &'a str,
    /// The effective input after `InputPath`/`Parameters` (or `Arguments`), shared with the
    /// execution's own copy (documents are immutable; a host that keeps it pays nothing).
    pub input: &'a Doc,
    /// Zero-based count of invocations of this state so far in the execution, across retries,
    /// loops, Parallel branches and Map iterations (the MockConfigFile key).
    pub invocation: u64,
    /// The task token, for `.waitForTaskToken` resources.
    pub task_token: Option<&'a str>,
}

/// What a task did.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskOutcome {
    /// The task returned this result after `duration_ms` of virtual time.
    Return {
        /// The task's result. A host that returns the same result many times (a mock file)
        /// hands out clones of one document, which share it.
        output: Doc,
        /// Virtual time the task took (0 unless a mock says otherwise).
        duration_ms: u64,
        /// No mock covered this call and the host made up a default response.
        unmocked: bool,
    },
    /// The task failed with this error after `duration_ms` of virtual time.
    Throw {
        /// The error and cause.
        error: StatesError,
        /// Virtual time before the failure.
        duration_ms: u64,
    },
    /// The answer is not known yet: a person (or a program) answers later. Only for
    /// `.waitForTaskToken` integrations and activities, which AWS answers through
    /// `SendTaskSuccess`/`SendTaskFailure`/`SendTaskHeartbeat`: the execution then waits in
    /// virtual time (see [`crate::exec::Execution::pending_callbacks`]) without passing the
    /// time at which the answer comes. A host whose every answer is a mock never returns it,
    /// so its runs stay deterministic.
    Pending,
    /// A callback answered with heartbeats in between, as a live run recorded it (see
    /// [`crate::exec::Execution::saved_case`]): `answer` (a `Return` or `Throw`, with its
    /// duration) and the times, in milliseconds after the task started, at which
    /// `SendTaskHeartbeat` reset the `HeartbeatSeconds` clock.
    Heartbeats {
        /// The final answer and its duration.
        answer: Box<TaskOutcome>,
        /// Heartbeat times, ascending, in ms after the task started.
        heartbeats_ms: Vec<u64>,
    },
}

/// The outside world, as the interpreter sees it.
pub trait Host {
    /// Runs a task and reports what it did.
    fn invoke(&mut self, call: &TaskCall<'_>) -> TaskOutcome;
    /// A uniformly distributed random number (seeded by the host, so runs are reproducible).
    fn random_u64(&mut self) -> u64;

    /// The run's virtual S3 (see [`crate::s3`]), which a Distributed Map's `ItemReader`
    /// reads and its `ResultWriter` writes. A host without one answers as S3 answers for a
    /// bucket that does not exist.
    fn s3_get_object(&mut self, bucket: &str, key: &str) -> Result<String, StatesError> {
        crate::s3::S3Store::default()
            .get(bucket, key)
            .map(str::to_owned)
    }

    /// Stores an object in the run's virtual S3 (see [`Host::s3_get_object`]).
    fn s3_put_object(&mut self, bucket: &str, key: &str, body: String) -> Result<(), StatesError> {
        let _ = body;
        crate::s3::S3Store::default().get(bucket, key).map(|_| ())
    }

    /// Lists the objects under `prefix` in the run's virtual S3, in key order.
    fn s3_list_objects(
        &mut self,
        bucket: &str,
        prefix: &str,
    ) -> Result<Vec<crate::s3::S3Listing>, StatesError> {
        crate::s3::S3Store::default().list(bucket, prefix)
    }

    /// The run's virtual S3 as it is now, for reporting what the run read and wrote.
    fn s3_store(&self) -> Option<&crate::s3::S3Store> {
        None
    }
}
