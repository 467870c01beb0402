//! `asl validate FILE [--format human|json]`: every problem of a definition.

use std::process::ExitCode;

use asl_core::validate::validate;

use crate::definition::{self, LoadError};
use crate::{file_args, report, CliError, EXIT_INVALID};

pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let args = file_args(parser, &["human", "json"])?;
    // Templates and YAML resolve to JSON first; diagnostics point back into the file.
    let (name, text, diagnostics) = match definition::load(&args.file, &args.source) {
        Ok(def) => {
            let result = validate(&def.text);
            let diagnostics = def.remap(result.diagnostics);
            (def.display_name, def.display_text, diagnostics)
        }
        Err(LoadError::Cli(e)) => return Err(e),
        Err(LoadError::Problems {
            name,
            text,
            diagnostics,
        }) => (name, text, diagnostics),
    };
    if args.format == "json" {
        println!("{:#}", report::json(&text, &diagnostics));
    } else {
        print!("{}", report::human(&name, &text, &diagnostics));
    }
    let valid = diagnostics
        .iter()
        .all(|d| d.severity != asl_core::Severity::Error);
    Ok(if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    })
}
