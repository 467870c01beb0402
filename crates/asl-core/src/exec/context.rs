//! The context object `$$`: the parts fixed for the whole run (`Execution`,
//! `StateMachine`), built once, and the per-state parts (`State`, `Task`, `Map`).

use super::{clock, Execution};
use crate::doc::{Doc, DocMap};

/// `$$.Execution` and `$$.StateMachine`, which stay the same for the whole run.
#[derive(Default)]
pub(crate) struct ContextFixed {
    execution: Doc,
    /// For states that cannot read `$$.Execution.Input`: JSONata states convert the whole
    /// context to a `Value`, so an input nobody reads is left out (null).
    execution_without_input: Doc,
    state_machine: Doc,
    /// Members that replace the generated ones (TestState's `context`), set by `test_hooks`.
    pub(crate) overlay: Option<Doc>,
}

impl ContextFixed {
    pub(crate) fn new(exec: &Execution) -> ContextFixed {
        // Built once for both objects below (documents share their strings).
        let id = Doc::from(exec.execution_arn());
        let name = Doc::string(&exec.options.execution_name);
        let role = Doc::from(exec.role_arn());
        let start = Doc::from(clock::format_iso(exec.options.start_time_ms));
        let execution = |input: Doc| {
            Doc::object_of([
                ("Id", id.clone()),
                // Shared with the execution's input: no copy.
                ("Input", input),
                ("Name", name.clone()),
                ("RoleArn", role.clone()),
                ("StartTime", start.clone()),
                ("RedriveCount", Doc::from(0u64)),
            ])
        };
        ContextFixed {
            execution: execution(exec.input.clone()),
            execution_without_input: execution(Doc::Null),
            state_machine: Doc::object_of([
                ("Id", Doc::from(exec.state_machine_arn())),
                ("Name", Doc::string(&exec.options.state_machine_name)),
            ]),
            overlay: None,
        }
    }
}

impl Execution {
    /// The context object `$$` for the current state: the fixed parts are shared, only
    /// `State` (and `Task`, `Map`) are new.
    pub(crate) fn context(&self, task_token: Option<&str>, map_item: Option<(usize, &Doc)>) -> Doc {
        let Some((frame, state)) = self.current() else {
            return Doc::Null;
        };
        let fixed = &self.context_fixed;
        let mut ctx = DocMap::default();
        // A Distributed Map's child sees itself as the execution (module `children`).
        let child = frame
            .exec_child()
            .and_then(|c| self.children.get(c))
            .map(|c| c.context(state.context_input, self.role_arn()));
        let (execution, state_machine) = match child {
            Some(pair) => pair,
            None if state.context_input => (fixed.execution.clone(), fixed.state_machine.clone()),
            None => (
                fixed.execution_without_input.clone(),
                fixed.state_machine.clone(),
            ),
        };
        ctx.insert("Execution".into(), execution);
        let entered = (
            "EnteredTime",
            Doc::from(clock::format_iso(frame.entered_ms)),
        );
        let name = ("Name", Doc::string(&state.name));
        // Only states that can retry (Task, Parallel, Map) have `RetryCount`: AWS's context
        // object for a Pass state has none.
        let state_ctx = if state.state_type.handles_errors() {
            Doc::object_of([entered, name, ("RetryCount", Doc::from(frame.retry_count))])
        } else {
            Doc::object_of([entered, name])
        };
        ctx.insert("State".into(), state_ctx);
        ctx.insert("StateMachine".into(), state_machine);
        if let Some(token) = task_token {
            ctx.insert(
                "Task".into(),
                Doc::object_of([("Token", Doc::string(token))]),
            );
        }
        if let Some((index, value)) = map_item {
            ctx.insert(
                "Map".into(),
                Doc::object_of([(
                    "Item",
                    Doc::object_of([("Index", Doc::from(index as u64)), ("Value", value.clone())]),
                )]),
            );
        }
        if let Some(overlay) = self.context_fixed.overlay.as_ref().and_then(Doc::as_object) {
            for (key, value) in overlay {
                ctx.insert(key.clone(), value.clone());
            }
        }
        Doc::object(ctx)
    }

    pub(crate) fn execution_arn(&self) -> String {
        format!(
            "arn:aws:states:us-east-1:123456789012:execution:{}:{}",
            self.options.state_machine_name, self.options.execution_name
        )
    }

    fn state_machine_arn(&self) -> String {
        format!(
            "arn:aws:states:us-east-1:123456789012:stateMachine:{}",
            self.options.state_machine_name
        )
    }

    pub(crate) fn role_arn(&self) -> String {
        "arn:aws:iam::123456789012:role/StepFunctionsRole".into()
    }
}
