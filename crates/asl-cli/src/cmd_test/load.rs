//! Finding suite files, reading them (JSON or YAML, errors at line:column) and everything
//! they name: the definition, the mock file, input files. Also the suite the Step Functions
//! Local compatibility mode makes up from a mock file.

use std::path::{Path, PathBuf};

use asl_core::mocks::MockConfig;
use asl_core::testing::Suite;
use serde_json::Value;

use crate::definition::{self, SourceFlags};
use crate::{input, CliError};

/// File names that are suites when a folder is searched: `*.asl-test.json`,
/// `*.asl-test.yaml`, `*.asl-test.yml`, and the gallery's `example.json`.
pub(crate) fn is_suite_name(name: &str) -> bool {
    name == "example.json"
        || [".asl-test.json", ".asl-test.yaml", ".asl-test.yml"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Every suite file under `paths` (files as given, folders searched recursively, skipping
/// hidden folders, `target` and `node_modules`), sorted, without duplicates.
pub(crate) fn discover(paths: &[String]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        let path = PathBuf::from(p);
        let meta = std::fs::metadata(&path)
            .map_err(|e| CliError::Input(format!("cannot read {p}: {e}")))?;
        if meta.is_dir() {
            walk(&path, &mut out, 0)?;
        } else {
            out.push(path);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Folders nested deeper than this are not searched (a symlink loop ends here).
const MAX_DEPTH: usize = 32;

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), CliError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::Input(format!("cannot read {}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, out, depth + 1)?;
            }
        } else if is_suite_name(&name) {
            out.push(path);
        }
    }
    Ok(())
}

/// JSON or YAML, by the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Yaml,
}

/// A suite and what it names, read.
pub(crate) struct Loaded {
    pub file: PathBuf,
    pub format: Format,
    /// The file as a JSON value (what `--update` edits and writes back).
    pub raw: Value,
    pub suite: Suite,
    /// The definition, resolved to ASL JSON text, and as a value.
    pub definition_name: String,
    pub definition_text: String,
    pub definition: Value,
    pub mocks_name: Option<String>,
    pub mocks_text: Option<String>,
    /// Input text per case, in the suite's case order.
    pub inputs: Vec<String>,
    /// Per case, a TestState case's request (`testState`, or `testStateFile` read) with the
    /// suite's definition when it gives none; `None` for an execution case.
    pub requests: Vec<Option<Value>>,
}

/// An unreadable suite: `file:line:column: message` (exit 2).
pub(crate) fn unreadable(file: &Path, line: usize, column: usize, message: &str) -> CliError {
    // serde's messages end with the position again.
    let message = message.rsplit_once(" at line ").map_or(message, |(m, _)| m);
    CliError::Input(format!("{}:{line}:{column}: {message}", file.display()))
}

/// Parses a suite text; errors carry the line and column.
pub(crate) fn parse(file: &Path, text: &str) -> Result<(Format, Value, Suite), CliError> {
    let name = file.to_string_lossy();
    if name.ends_with(".yaml") || name.ends_with(".yml") {
        let err = |e: serde_norway::Error| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            unreadable(file, line, column, &e.to_string())
        };
        let suite: Suite = serde_norway::from_str(text).map_err(err)?;
        let raw: Value = serde_norway::from_str(text).map_err(err)?;
        Ok((Format::Yaml, raw, suite))
    } else {
        let err = |e: serde_json::Error| unreadable(file, e.line(), e.column(), &e.to_string());
        let suite: Suite = serde_json::from_str(text).map_err(err)?;
        let raw: Value = serde_json::from_str(text).map_err(err)?;
        Ok((Format::Json, raw, suite))
    }
}

fn beside(file: &Path, name: &str) -> String {
    file.parent()
        .unwrap_or(Path::new(""))
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Reads `file` and what it names.
pub(crate) fn load(file: &Path, flags: &SourceFlags) -> Result<Loaded, CliError> {
    let (_, text) = input::read(&file.to_string_lossy())?;
    let (format, raw, mut suite) = parse(file, &text)?;
    // A gallery folder's example.json names its files by convention when it does not say.
    if file.file_name().is_some_and(|n| n == "example.json") && suite.definition.is_none() {
        let exists = |name: &str| {
            Path::new(&beside(file, name))
                .exists()
                .then(|| name.to_owned())
        };
        suite.definition = exists("definition.asl.json");
        suite.mocks = suite.mocks.take().or_else(|| exists("mocks.json"));
        if suite.input.is_none() {
            suite.input_file = suite.input_file.take().or_else(|| exists("input.json"));
        }
    }
    let missing =
        |what: &str| CliError::Input(format!("{}: the suite names no {what}", file.display()));
    // A suite of TestState cases only may leave the definition to its requests.
    let loaded = match suite.definition.as_deref() {
        None if !suite.test_cases.is_empty()
            && suite.test_cases.values().all(|c| c.is_test_state()) =>
        {
            None
        }
        None => return Err(missing("definition")),
        Some(name) => {
            let mut flags = flags.clone();
            if let Some(resource) = &suite.state_machine_resource {
                flags.resource = Some(resource.clone());
            }
            Some(definition::load(&beside(file, name), &flags).map_err(|e| e.into_cli_error())?)
        }
    };
    let (definition_name, definition_text) =
        loaded.map_or((String::new(), String::new()), |l| (l.display_name, l.text));
    let definition: Value = serde_json::from_str(&definition_text).unwrap_or(Value::Null);
    let mocks_name = suite.mocks.as_deref().map(|m| beside(file, m));
    let mocks_text = match &mocks_name {
        Some(name) => Some(input::read(name)?.1),
        None => None,
    };
    let read_input =
        |inline: &Option<Value>, path: &Option<String>| -> Result<Option<String>, CliError> {
            Ok(match (inline, path) {
                (Some(v), _) => Some(v.to_string()),
                (None, Some(p)) => Some(input::read(&beside(file, p))?.1),
                (None, None) => None,
            })
        };
    let default_input = read_input(&suite.input, &suite.input_file)?;
    let mut inputs = Vec::with_capacity(suite.test_cases.len());
    let mut requests = Vec::with_capacity(suite.test_cases.len());
    for case in suite.test_cases.values() {
        let own = read_input(&case.input, &case.input_file)?;
        inputs.push(own.or_else(|| default_input.clone()).unwrap_or_default());
        requests.push(request(file, case, &definition_text)?);
    }
    Ok(Loaded {
        file: file.to_path_buf(),
        format,
        raw,
        suite,
        definition_name,
        definition_text,
        definition,
        mocks_name,
        mocks_text,
        inputs,
        requests,
    })
}

/// A TestState case's request: inline, or its file read (errors at line:column).
fn request(
    file: &Path,
    case: &asl_core::testing::Case,
    definition: &str,
) -> Result<Option<Value>, CliError> {
    let body = match (&case.test_state, &case.test_state_file) {
        (Some(inline), _) => inline.clone(),
        (None, Some(name)) => {
            let path = beside(file, name);
            let (_, text) = input::read(&path)?;
            serde_json::from_str(&text)
                .map_err(|e| unreadable(Path::new(&path), e.line(), e.column(), &e.to_string()))?
        }
        (None, None) => return Ok(None),
    };
    let suite_definition = Some(definition).filter(|d| !d.is_empty());
    Ok(Some(asl_core::testing::test_state_request(
        &body,
        suite_definition,
    )))
}

/// The compatibility mode's suite: every test case of the mock file's state machine, no
/// expectations, run on `input` (or `{}`).
pub(crate) fn from_mock_file(
    definition_file: &str,
    mocks_file: &str,
    state_machine: Option<&str>,
    input_file: Option<&str>,
    flags: &SourceFlags,
) -> Result<Loaded, CliError> {
    let loaded = definition::load(definition_file, flags).map_err(|e| e.into_cli_error())?;
    let (_, mocks) = input::read(mocks_file)?;
    let config = MockConfig::parse(&mocks).map_err(|problems| {
        eprint!("{}", crate::report::human(mocks_file, &mocks, &problems));
        CliError::Input(format!("{mocks_file}: not a usable mock file"))
    })?;
    let (machine, cases) = match state_machine {
        Some(name) => config
            .state_machines
            .iter()
            .find(|(m, _)| m == name)
            .ok_or_else(|| {
                CliError::Input(format!("{mocks_file} has no state machine '{name}'"))
            })?,
        None => match config.state_machines.as_slice() {
            [only] => only,
            [] => {
                return Err(CliError::Input(format!(
                    "{mocks_file} defines no state machine"
                )))
            }
            _ => {
                return Err(CliError::Usage(format!(
                    "{mocks_file} defines several state machines; choose one with --state-machine"
                )))
            }
        },
    };
    let input_text = match input_file {
        Some(f) => input::read(f)?.1,
        None => String::new(),
    };
    let mut suite = Suite {
        definition: Some(definition_file.to_owned()),
        mocks: Some(mocks_file.to_owned()),
        state_machine: Some(machine.clone()),
        input_file: input_file.map(str::to_owned),
        ..Suite::default()
    };
    for (case, _) in cases {
        suite.test_cases.insert(case.clone(), Default::default());
    }
    let raw = serde_json::to_value(&suite).unwrap_or(Value::Null);
    Ok(Loaded {
        file: PathBuf::from(mocks_file),
        format: Format::Yaml,
        raw,
        definition: serde_json::from_str(&loaded.text).unwrap_or(Value::Null),
        definition_name: loaded.display_name,
        definition_text: loaded.text,
        mocks_name: Some(mocks_file.to_owned()),
        mocks_text: Some(mocks),
        inputs: vec![input_text; suite.test_cases.len()],
        requests: vec![None; suite.test_cases.len()],
        suite,
    })
}
