//! `asl run --interactive`: a person answers the run on the terminal. At each callback
//! (`.waitForTaskToken`) or activity the mock file does not answer, and at each `--break
//! STATE`, the run stops and shows the state, its input and the task token; the answer is
//! SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat or letting virtual time pass
//! (`asl_core::exec::callback`). Prompts go to stderr, the result to stdout as without
//! `--interactive`. Without a terminal on stdin it refuses at once instead of waiting.

use std::io::{BufRead, IsTerminal, Write};

use asl_core::exec::{
    prepare_live, BreakOn, Breakpoint, CallbackKind, Execution, PendingCallback, RunRequest,
    SetupError, Status,
};
use serde_json::Value;

use crate::CliError;

/// The message when stdin is no terminal.
pub(crate) const NO_TERMINAL: &str = "--interactive needs a terminal: standard input is not one, so nobody could answer the callbacks. Run it in a terminal, or answer the tasks with --mocks FILE";

/// Longest JSON shown for an input before it is cut.
const SHOW_BYTES: usize = 4000;

/// What `--interactive` was given.
#[derive(Debug, Default)]
pub(crate) struct Live {
    pub interactive: bool,
    /// `--break STATE`: stop when STATE is entered.
    pub breaks: Vec<String>,
    /// `--ask STATE`: ask for this state's callbacks even when a mock answers them.
    pub ask: Vec<String>,
}

/// Fails unless stdin is a terminal.
pub(crate) fn check_terminal() -> Result<(), CliError> {
    if std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(CliError::Input(NO_TERMINAL.into()))
    }
}

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.len() <= SHOW_BYTES {
        return text;
    }
    let mut cut = SHOW_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} bytes)", &text[..cut], text.len())
}

struct Terminal {
    lines: std::io::Lines<std::io::StdinLock<'static>>,
}

impl Terminal {
    /// Prompts on stderr and reads one line; `None` at end of input.
    fn ask(&mut self, prompt: &str) -> Option<String> {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
        self.lines.next()?.ok().map(|l| l.trim().to_owned())
    }
}

/// Runs the request, asking on the terminal; the execution ends (or is stopped by `q` or
/// the end of input, as `StopExecution` would).
pub(crate) fn run(request: &RunRequest<'_>, live: &Live) -> Result<Execution, SetupError> {
    let mut exec = prepare_live(request, &live.ask)?;
    let breakpoints = live
        .breaks
        .iter()
        .map(|state| Breakpoint {
            state: state.clone(),
            on: BreakOn::Enter,
            condition: None,
        })
        .collect();
    // Conditions are not offered here, so setting the breakpoints cannot fail.
    let _ = exec.set_breakpoints(breakpoints);
    let mut term = Terminal {
        lines: std::io::stdin().lock().lines(),
    };
    while exec.status() == Status::Running {
        exec.run_to_end();
        if exec.status() != Status::Running {
            break;
        }
        let go_on = if let Some(hit) = exec.break_hit().cloned() {
            eprintln!(
                "\n⏸ breakpoint: {} entered (event {})\n  input: {}",
                hit.state,
                hit.event_id,
                show(&hit.input)
            );
            at_break(&mut exec, &mut term)
        } else if let Some(first) = exec.pending_callbacks().into_iter().next() {
            at_callback(&mut exec, &mut term, &first)
        } else {
            // Neither a breakpoint nor a waiting task: nothing a person could do.
            false
        };
        if !go_on {
            exec.abort(None, Some("Stopped from asl run --interactive"));
        }
    }
    Ok(exec)
}

fn at_break(exec: &mut Execution, term: &mut Terminal) -> bool {
    loop {
        match term
            .ask("[c]ontinue, [s]tep one event, [q]uit > ")
            .as_deref()
        {
            None | Some("q") => return false,
            Some("" | "c") => return true,
            Some("s") => {
                exec.step(1);
                if let Some(e) = exec.events().last() {
                    eprintln!("  event {}: {}", e.id, e.event_type);
                }
                if exec.status() != Status::Running || exec.is_waiting() {
                    return true;
                }
            }
            Some(other) => eprintln!("  unknown answer `{other}`"),
        }
    }
}

fn at_callback(exec: &mut Execution, term: &mut Terminal, task: &PendingCallback) -> bool {
    let what = match task.kind {
        CallbackKind::Callback => "callback",
        CallbackKind::Activity => "activity",
    };
    eprintln!(
        "\n⏳ waiting for {what}: {} ({}), invocation {}\n  token: {}\n  input: {}",
        task.state,
        task.resource,
        task.invocation,
        task.token,
        show(&task.input)
    );
    let deadlines = [
        ("heartbeat", task.heartbeat_deadline_ms),
        ("timeout", task.timeout_deadline_ms),
    ];
    for (name, at) in deadlines {
        if let Some(at) = at {
            let left = at.saturating_sub(exec.now_ms()) / 1000;
            eprintln!("  {name} in {left} s of virtual time");
        }
    }
    loop {
        let line = term.ask(
            "[s]uccess JSON | [f]ailure ERROR [CAUSE] | [h]eartbeat | [t]ime [SECONDS] | [q]uit > ",
        );
        let Some(line) = line else {
            return false;
        };
        let (verb, rest) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        let rest = rest.trim();
        let result = match verb {
            "q" => return false,
            "s" => {
                let text = if rest.is_empty() {
                    match term.ask("  output JSON > ") {
                        Some(t) => t,
                        None => return false,
                    }
                } else {
                    rest.to_owned()
                };
                match serde_json::from_str::<Value>(&text) {
                    Ok(v) => exec
                        .send_task_success(&task.token, v)
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(format!("not JSON: {e}")),
                }
            }
            "f" => {
                let (error, cause) = rest.split_once(' ').unwrap_or((rest, ""));
                let error = Some(error).filter(|e| !e.is_empty());
                let cause = Some(cause.trim()).filter(|c| !c.is_empty());
                exec.send_task_failure(&task.token, error, cause)
                    .map_err(|e| e.to_string())
            }
            "h" => exec
                .send_task_heartbeat(&task.token)
                .map(|_| eprintln!("  heartbeat sent"))
                .map_err(|e| e.to_string()),
            "t" => match rest.parse::<f64>() {
                Ok(s) if s >= 0.0 && s.is_finite() => {
                    exec.let_time_pass(Some((s * 1000.0) as u64));
                    Ok(())
                }
                _ if rest.is_empty() => {
                    exec.let_time_pass(None);
                    Ok(())
                }
                _ => Err(format!("`{rest}` is not a number of seconds")),
            },
            other => Err(format!("unknown answer `{other}`")),
        };
        match result {
            Ok(()) => return true,
            Err(message) => eprintln!("  {message}"),
        }
    }
}
