//! `asl extract TEMPLATE [--out DIR]`: every state machine of a CloudFormation/SAM/CDK
//! template or serverless.yml, resolved, written as `DIR/<LogicalId>.asl.json`, with a table
//! of logical ids, types and state counts on stdout.
//!
//! Exit codes: 0 all extracted, 1 some could not be resolved (their problems on stderr),
//! 2 usage or unreadable file.

use std::path::PathBuf;
use std::process::ExitCode;

use asl_core::json::Node;
use asl_core::source::{self, Format};

use crate::definition::{self, LoadError, SourceFlags};
use crate::{input, report, CliError, EXIT_INVALID};

const HELP: &str = "\
usage: asl extract TEMPLATE [--out DIR] [--substitution NAME=VALUE] [--parameter NAME=VALUE]

Writes each state machine of TEMPLATE (CloudFormation, SAM, CDK *.template.json or
serverless.yml) as DIR/<LogicalId>.asl.json, its substitutions resolved, and prints a table
of logical ids, types and state counts. DIR defaults to the current directory.";

pub(crate) fn main(mut parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    use lexopt::prelude::*;
    let mut file = None;
    let mut out = PathBuf::from(".");
    let mut flags = SourceFlags::default();
    while let Some(arg) = parser.next()? {
        if let Some(flag) = definition::shared_flag(&arg) {
            flags.set(flag, parser.value()?)?;
            continue;
        }
        match arg {
            Long("help") | Short('h') => {
                println!("{HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            Long("out") | Short('o') => out = PathBuf::from(parser.value()?),
            Value(v) if file.is_none() => file = Some(v.to_string_lossy().into_owned()),
            other => return Err(other.unexpected().into()),
        }
    }
    let file = file.ok_or_else(|| CliError::Usage("missing TEMPLATE".into()))?;
    let (name, text) = input::read(&file)?;
    let src = match source::open(&text, &name) {
        Ok(s) => s,
        Err(d) => {
            eprint!("{}", report::human(&name, &text, &[d]));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    if !matches!(src.format(), Format::CloudFormation | Format::Serverless) {
        return Err(CliError::Usage(format!(
            "{name} is a state machine definition, not a template"
        )));
    }
    std::fs::create_dir_all(&out)
        .map_err(|e| CliError::Input(format!("cannot create {}: {e}", out.display())))?;
    let mut rows = vec![[
        "LOGICAL ID".to_string(),
        "TYPE".into(),
        "STATES".into(),
        "FILE".into(),
    ]];
    let mut failed = false;
    for machine in src.machines() {
        let mut machine_flags = flags.clone();
        machine_flags.resource = Some(machine.logical_id.clone());
        match definition::load_text(&file, name.clone(), text.clone(), &machine_flags) {
            Ok(def) => {
                // A serverless.yml key may hold any character: keep the file name plain.
                let stem: String = machine
                    .logical_id
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let path = out.join(format!("{stem}.asl.json"));
                let states = def
                    .resolved()
                    .map(|r| count_states(&r.definition))
                    .unwrap_or(0);
                std::fs::write(&path, format!("{}\n", def.text)).map_err(|e| {
                    CliError::Input(format!("cannot write {}: {e}", path.display()))
                })?;
                rows.push([
                    machine.logical_id.clone(),
                    machine.resource_type.clone(),
                    states.to_string(),
                    path.display().to_string(),
                ]);
            }
            Err(LoadError::Cli(e)) => return Err(e),
            Err(LoadError::Problems {
                name,
                text,
                diagnostics,
            }) => {
                failed = true;
                eprint!("{}", report::human(&name, &text, &diagnostics));
                rows.push([
                    machine.logical_id.clone(),
                    machine.resource_type.clone(),
                    "-".into(),
                    "(not resolved, see above)".into(),
                ]);
            }
        }
    }
    print!("{}", table(&rows));
    Ok(if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    })
}

/// States of the machine and of every Parallel branch and Map processor inside it.
fn count_states(definition: &Node) -> usize {
    let mut count = 0;
    let mut scopes = vec![definition];
    while let Some(scope) = scopes.pop() {
        for state in scope.get("States").map(Node::members).unwrap_or(&[]) {
            count += 1;
            let s = &state.value;
            scopes.extend(s.get("Branches").map(Node::items).unwrap_or(&[]));
            scopes.extend(s.get("ItemProcessor"));
            scopes.extend(s.get("Iterator"));
        }
    }
    count
}

fn table(rows: &[[String; 4]]) -> String {
    let mut widths = [0usize; 4];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
