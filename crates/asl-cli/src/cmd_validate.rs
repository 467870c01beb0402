//! `asl validate FILE [--format human|json]`: every problem of a definition.

use std::process::ExitCode;

use asl_core::validate::validate;

use crate::{file_args, input, report, CliError, EXIT_INVALID};

pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let args = file_args(parser, &["human", "json"])?;
    let (name, text) = input::read(&args.file)?;
    let result = validate(&text);
    if args.format == "json" {
        println!("{:#}", report::json(&text, &result.diagnostics));
    } else {
        print!("{}", report::human(&name, &text, &result.diagnostics));
    }
    Ok(if result.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    })
}
