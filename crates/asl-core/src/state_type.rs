//! The eight state types of the Amazon States Language, in one enum shared by the validator,
//! the compiler, the graph model and the history, so that a state's `Type` is read from the
//! definition in one place and every later `match` is checked for completeness.

use std::fmt;

/// A state's `Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateType {
    /// Passes its input (or `Result`) on.
    Pass,
    /// Runs a resource (an integration, a Lambda function, an activity).
    Task,
    /// Picks the next state by rules.
    Choice,
    /// Waits a time or until a timestamp.
    Wait,
    /// Ends its graph successfully.
    Succeed,
    /// Ends its graph with an error.
    Fail,
    /// Runs branches concurrently.
    Parallel,
    /// Runs an item processor per item.
    Map,
}

impl StateType {
    /// Every type, in the order the specification lists them.
    pub const ALL: [StateType; 8] = [
        StateType::Task,
        StateType::Pass,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    /// The type named `name` exactly as a definition writes it (`"Task"`), if any.
    pub fn parse(name: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The name as a definition writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Pass => "Pass",
            StateType::Task => "Task",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    /// The `…StateEntered` history event type.
    pub fn entered_event(self) -> &'static str {
        match self {
            StateType::Pass => "PassStateEntered",
            StateType::Task => "TaskStateEntered",
            StateType::Choice => "ChoiceStateEntered",
            StateType::Wait => "WaitStateEntered",
            StateType::Succeed => "SucceedStateEntered",
            StateType::Fail => "FailStateEntered",
            StateType::Parallel => "ParallelStateEntered",
            StateType::Map => "MapStateEntered",
        }
    }

    /// The `…StateExited` history event type; `None` for Fail, which never exits.
    pub fn exited_event(self) -> Option<&'static str> {
        Some(match self {
            StateType::Pass => "PassStateExited",
            StateType::Task => "TaskStateExited",
            StateType::Choice => "ChoiceStateExited",
            StateType::Wait => "WaitStateExited",
            StateType::Succeed => "SucceedStateExited",
            StateType::Fail => return None,
            StateType::Parallel => "ParallelStateExited",
            StateType::Map => "MapStateExited",
        })
    }

    /// Whether states of this type may have `Retry` and `Catch`.
    pub fn handles_errors(self) -> bool {
        matches!(self, StateType::Task | StateType::Parallel | StateType::Map)
    }

    /// Whether states of this type hold nested state machines (`Branches`, `ItemProcessor`).
    pub fn has_children(self) -> bool {
        matches!(self, StateType::Parallel | StateType::Map)
    }
}

impl fmt::Display for StateType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::StateType;

    #[test]
    fn parse_is_the_inverse_of_as_str() {
        for t in StateType::ALL {
            assert_eq!(StateType::parse(t.as_str()), Some(t));
        }
        assert_eq!(StateType::parse("task"), None);
        assert_eq!(StateType::parse("MapStateEntered"), None);
    }

    #[test]
    fn only_fail_has_no_exit_event() {
        for t in StateType::ALL {
            assert_eq!(t.exited_event().is_none(), t == StateType::Fail);
            assert!(t.entered_event().starts_with(t.as_str()));
        }
    }
}
