//! What the `asl` process tests share: running the built binary and reading what it printed.
#![allow(dead_code)]

use std::process::{Command, Stdio};

/// What one `asl` process printed, and its exit code.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the built `asl` with `args` and no standard input.
pub fn asl(args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot start asl: {e}"));
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
