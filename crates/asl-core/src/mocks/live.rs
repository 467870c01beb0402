//! [`LiveHost`]: the host of a run answered by a person. Callbacks (`.waitForTaskToken`) and
//! activities that the mock file does not answer (or that are named to be asked) are
//! [`TaskOutcome::Pending`], so the execution waits for `SendTaskSuccess`/`SendTaskFailure`
//! (see `exec::callback`); every other task is answered as without it. Deciding to ask
//! draws no random number, so a live run and its saved replay draw the same ones.

use std::collections::BTreeSet;

use super::{DefaultHost, MockHost};
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

impl Host for LiveHost {
    fn invoke(&mut self, call: &TaskCall<'_>) -> TaskOutcome {
        if self.asks(call) {
            return TaskOutcome::Pending;
        }
        match self.mocks.as_mut() {
            Some(m) => m.invoke(call),
            None => self.default.invoke(call),
        }
    }

    fn random_u64(&mut self) -> u64 {
        match self.mocks.as_mut() {
            Some(m) => m.random_u64(),
            None => self.default.random_u64(),
        }
    }
}
