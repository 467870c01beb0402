//! `asl graph FILE [--format mermaid|json]`: the state machine as a Mermaid flowchart.
//! Draws whatever can be drawn, even for an invalid definition; only text that is not JSON
//! fails (exit 1).

use std::process::ExitCode;

use asl_core::{graph, json};
use serde_json::json;

use crate::definition::{self, LoadError};
use crate::{file_args, report, CliError, EXIT_INVALID};

pub(crate) fn main(parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    let args = file_args(parser, &["mermaid", "json"])?;
    let def = match definition::load(&args.file, &args.source) {
        Ok(def) => def,
        Err(LoadError::Cli(e)) => return Err(e),
        Err(LoadError::Problems {
            name,
            text,
            diagnostics,
        }) => {
            eprint!("{}", report::human(&name, &text, &diagnostics));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let node = match json::parse(&def.text) {
        Ok(node) => node,
        Err(d) => {
            let d = def.remap(vec![d]);
            eprint!(
                "{}",
                report::human(&def.display_name, &def.display_text, &d)
            );
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let m = graph::mermaid(&node.to_value());
    if args.format == "json" {
        // Each node's declaration in the file the user gave (the template line for a
        // template), as 1-based line and column.
        let source = def.resolved().map(|r| &r.definition).unwrap_or(&node);
        let positions = asl_core::source::state_positions(source);
        let index = asl_core::LineIndex::new(&def.display_text);
        let nodes: Vec<_> = m
            .nodes
            .iter()
            .map(|n| {
                let mut v = json!({"state": n.state, "id": n.id});
                if let Some((_, span)) = positions.iter().find(|(s, _)| *s == n.state) {
                    let p = index.position(&def.display_text, span.start);
                    v["line"] = json!(p.line);
                    v["column"] = json!(p.column);
                }
                v
            })
            .collect();
        println!("{:#}", json!({"text": m.text, "nodes": nodes}));
    } else {
        print!("{}", m.text);
    }
    Ok(ExitCode::SUCCESS)
}
