//! The `asl` command. This file is a minimal dispatcher so `run` can be used and tested on the
//! interpreter branch; the full CLI skeleton (lexopt, `validate`, `graph`) lives on another
//! branch and the two are merged by hand.
// TODO(merge): replace with the CLI skeleton's main.rs and keep `run` → cmd_run::main.

mod cmd_run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    match args.next().as_ref().and_then(|a| a.to_str()) {
        Some("run") => cmd_run::main(args.collect()),
        _ => {
            eprintln!("usage: asl run DEFINITION --input FILE|- [options]  (asl run --help)");
            ExitCode::from(2)
        }
    }
}
