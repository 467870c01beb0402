//! [`LiveHost`]: the host of a run answered by a person. Callbacks (`.waitForTaskToken`) and
//! activities that the mock file does not answer (or that are named to be asked) are
//! [`TaskOutcome::Pending`], so the execution waits for `SendTaskSuccess`/`SendTaskFailure`
//! (see `exec::callback`); every other task is answered as without it. Deciding to ask
//! draws no random number, so a live run and its saved replay draw the same ones.

use std::collections::BTreeSet;

use super::{DefaultHost, MockHost};
use crate::error::StatesError;
use crate::host::{Host, TaskCall, TaskOutcome};

/// Asks for callbacks and activities; answers the rest from mocks or defaults.
#[derive(Debug, Clone)]
pub struct LiveHost {
    mocks: Option<MockHost>,
    default: DefaultHost,
    ask: BTreeSet<String>,
}

/// True for an activity ARN (`arn:aws:states:REGION:ACCOUNT:activity:NAME`).
pub fn is_activity(resource: &str) -> bool {
    let parts: Vec<&str> = resource.split(':').collect();
    parts.len() >= 7 && parts[2] == "states" && parts[5] == "activity"
}

impl LiveHost {
    /// A live host over an optional mock test case, with the run's seed; `ask` names states
    /// asked even when a mock answers them.
    pub fn new(mocks: Option<MockHost>, seed: u64, ask: impl IntoIterator<Item = String>) -> Self {
        LiveHost {
            mocks: mocks.map(|m| m.with_seed(seed)),
            default: DefaultHost::with_seed(seed),
            ask: ask.into_iter().collect(),
        }
    }

    fn asks(&self, call: &TaskCall<'_>) -> bool {
        let waits = call.task_token.is_some() || is_activity(call.resource);
        waits
            && (self.ask.contains(call.state_name)
                || !self
                    .mocks
                    .as_ref()
                    .is_some_and(|m| m.covers(call.state_name, call.invocation)))
    }
}

impl LiveHost {
    /// The host that answers whatever is not asked: the mocks, else the defaults.
    fn answering(&mut self) -> &mut dyn Host {
        match self.mocks.as_mut() {
            Some(m) => m,
            None => &mut self.default,
        }
    }
}

impl Host for LiveHost {
    fn invoke(&mut self, call: &TaskCall<'_>) -> TaskOutcome {
        if self.asks(call) {
            return TaskOutcome::Pending;
        }
        self.answering().invoke(call)
    }

    fn random_u64(&mut self) -> u64 {
        self.answering().random_u64()
    }

    // The mock file's virtual S3 serves a live run as it serves a mocked one.
    fn s3_get_object(&mut self, bucket: &str, key: &str) -> Result<String, StatesError> {
        self.answering().s3_get_object(bucket, key)
    }

    fn s3_put_object(&mut self, bucket: &str, key: &str, body: String) -> Result<(), StatesError> {
        self.answering().s3_put_object(bucket, key, body)
    }

    fn s3_list_objects(
        &mut self,
        bucket: &str,
        prefix: &str,
    ) -> Result<Vec<crate::s3::S3Listing>, StatesError> {
        self.answering().s3_list_objects(bucket, prefix)
    }

    fn s3_store(&self) -> Option<&crate::s3::S3Store> {
        match &self.mocks {
            Some(m) => m.s3_store(),
            None => self.default.s3_store(),
        }
    }
}
