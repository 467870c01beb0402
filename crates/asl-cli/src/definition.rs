//! Loading a definition from wherever it lives, for every subcommand that takes one: ASL in
//! JSON or YAML, a CloudFormation/SAM/CDK template or a `serverless.yml`
//! (`asl_core::source`). This module adds the file system: it reads the file and a SAM
//! `DefinitionUri` (relative to the template), and parses the three shared flags.
//!
//! A bare ASL JSON file without `--substitution` is passed on byte for byte, so its
//! diagnostics are exactly what they were; anything else becomes the resolved JSON text,
//! and [`Definition::remap`] moves diagnostics about that text back to the original file.

use std::ffi::OsString;
use std::path::Path;

use asl_core::source::{self, Format, Origin, ResolveOptions, Resolved};
use asl_core::Diagnostic;

use crate::{input, CliError};

/// The help lines of the shared flags (each subcommand's help includes them).
pub(crate) const FLAGS_HELP: &str = "\
  --state-machine-resource NAME
                           the state machine of a template that declares several
  --substitution NAME=VALUE
                           a ${NAME} of the definition (overrides DefinitionSubstitutions)
  --parameter NAME=VALUE   Ref NAME / Fn::GetAtt NAME (Logical.Attribute) / Serverless
                           ${opt:stage} … of a template (overrides placeholders)";

/// `--state-machine-resource`, `--substitution`, `--parameter`.
#[derive(Debug, Default, Clone)]
pub(crate) struct SourceFlags {
    pub resource: Option<String>,
    pub options: ResolveOptions,
}

/// Which shared flag `arg` is, if any (`'static` so the parser's borrow ends here).
pub(crate) fn shared_flag(arg: &lexopt::Arg<'_>) -> Option<&'static str> {
    match arg {
        lexopt::Arg::Long("state-machine-resource") => Some("state-machine-resource"),
        lexopt::Arg::Long("substitution") => Some("substitution"),
        lexopt::Arg::Long("parameter") => Some("parameter"),
        _ => None,
    }
}

impl SourceFlags {
    /// Records the value of the shared flag `name` (from [`shared_flag`]).
    pub(crate) fn set(&mut self, name: &str, value: OsString) -> Result<(), CliError> {
        let value = text(value)?;
        match name {
            "state-machine-resource" => self.resource = Some(value),
            _ => {
                let (k, v) = value.split_once('=').ok_or_else(|| {
                    CliError::Usage(format!("--{name} needs NAME=VALUE, got '{value}'"))
                })?;
                let pair = (k.to_string(), v.to_string());
                if name == "substitution" {
                    self.options.substitutions.push(pair);
                } else {
                    self.options.parameters.push(pair);
                }
            }
        }
        Ok(())
    }
}

/// A flag's value or a positional argument as text (every subcommand's arguments are UTF-8).
pub(crate) fn text(v: OsString) -> Result<String, CliError> {
    v.into_string()
        .map_err(|_| CliError::Usage("arguments must be UTF-8".into()))
}

/// Largest template or YAML file read as such (CloudFormation's own template limit is 1 MB);
/// anything larger goes to the validator as JSON, which reports its size.
const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// A definition ready for the core.
pub(crate) struct Definition {
    /// ASL JSON text: what the validator and the interpreter read.
    pub text: String,
    /// The file diagnostics point into (the template, or a `DefinitionUri` file).
    pub display_name: String,
    /// That file's text.
    pub display_text: String,
    resolved: Option<Resolved>,
}

/// Why a definition could not be loaded.
pub(crate) enum LoadError {
    /// Unreadable file or bad flags.
    Cli(CliError),
    /// Problems in the file (YAML syntax, unresolvable expressions, no such state machine).
    Problems {
        name: String,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl From<CliError> for LoadError {
    fn from(e: CliError) -> Self {
        LoadError::Cli(e)
    }
}

impl LoadError {
    /// For subcommands that treat any load failure as unusable input (exit 2): prints the
    /// problems as code frames on stderr.
    pub(crate) fn into_cli_error(self) -> CliError {
        match self {
            LoadError::Cli(e) => e,
            LoadError::Problems {
                name,
                text,
                diagnostics,
            } => {
                eprint!("{}", crate::report::human(&name, &text, &diagnostics));
                CliError::Input(format!("{name}: the definition could not be loaded"))
            }
        }
    }
}

impl Definition {
    /// Diagnostics about [`Definition::text`], moved to [`Definition::display_text`].
    pub(crate) fn remap(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        match &self.resolved {
            Some(r) => r.remap(diagnostics),
            None => diagnostics,
        }
    }

    /// The chosen state machine's logical id, for templates.
    pub(crate) fn resolved(&self) -> Option<&Resolved> {
        self.resolved.as_ref()
    }
}

/// Reads and resolves `file` (`-` is standard input).
pub(crate) fn load(file: &str, flags: &SourceFlags) -> Result<Definition, LoadError> {
    let (name, text) = input::read(file)?;
    load_text(file, name, text, flags)
}

/// Resolves a file already read.
pub(crate) fn load_text(
    file: &str,
    name: String,
    text: String,
    flags: &SourceFlags,
) -> Result<Definition, LoadError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let json = trimmed.starts_with(['{', '[']);
    let yaml_name = [".yaml", ".yml"].iter().any(|e| name.ends_with(e));
    // Empty, huge, or not JSON and not YAML-named: the validator reports it as it always has
    // (INVALID_JSON, DEFINITION_TOO_LARGE) without a YAML parse of 50 MB of garbage.
    if trimmed.is_empty() || text.len() > MAX_SOURCE_BYTES {
        return Ok(plain(name, text));
    }
    // A plain ASL JSON file (the usual case) goes to the validator as it is, without
    // `source::open` parsing it once more into a tree only to say so.
    if json && flags.options.substitutions.is_empty() && source::is_asl_json(&text) {
        return match flags.resource {
            Some(_) => Err(not_a_template(&name)),
            None => Ok(plain(name, text)),
        };
    }
    let source = match source::open(&text, &name) {
        Ok(s) if !json && !yaml_name && !s.root().is_object() => return Ok(plain(name, text)),
        Ok(s) => s,
        Err(_) if json || !yaml_name => return Ok(plain(name, text)),
        Err(d) => {
            return Err(LoadError::Problems {
                name,
                text,
                diagnostics: vec![d],
            })
        }
    };
    let plain_json = source.format() == Format::AslJson && flags.options.substitutions.is_empty();
    if plain_json {
        if flags.resource.is_some() {
            return Err(not_a_template(&name));
        }
        return Ok(plain(name, text));
    }
    let base = Path::new(file).parent().map(Path::to_path_buf);
    let mut fetch = |path: &str| -> Result<String, String> {
        let full = match &base {
            Some(dir) if file != "-" => dir.join(path),
            _ => Path::new(path).to_path_buf(),
        };
        input::read(&full.to_string_lossy())
            .map(|(_, t)| t)
            .map_err(|e| match e {
                CliError::Input(m) | CliError::Usage(m) => m,
            })
    };
    match source.resolve(flags.resource.as_deref(), &flags.options, &mut fetch) {
        Ok(resolved) => {
            let (display_name, display_text) = match &resolved.origin {
                Origin::Source => (name, text),
                Origin::File { path, text } => {
                    let shown = match &base {
                        Some(dir) if file != "-" && !dir.as_os_str().is_empty() => {
                            dir.join(path).to_string_lossy().into_owned()
                        }
                        _ => path.clone(),
                    };
                    (shown, text.clone())
                }
            };
            Ok(Definition {
                text: resolved.text.clone(),
                display_name,
                display_text,
                resolved: Some(resolved),
            })
        }
        Err(diagnostics) => Err(LoadError::Problems {
            name,
            text,
            diagnostics,
        }),
    }
}

fn not_a_template(name: &str) -> LoadError {
    LoadError::Cli(CliError::Usage(format!(
        "--state-machine-resource: {name} is a state machine definition, not a template"
    )))
}

fn plain(name: String, text: String) -> Definition {
    Definition {
        text: text.clone(),
        display_name: name,
        display_text: text,
        resolved: None,
    }
}
