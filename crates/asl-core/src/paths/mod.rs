//! JSONPath as Step Functions evaluates it in JSONPath-mode states.
//!
//! AWS evaluates paths with Jayway JsonPath, so this module follows Jayway's semantics and its
//! error texts (they appear verbatim in AWS causes such as
//! `Invalid path '$.x' : No results for path: $['x']`):
//!
//! - A path is parsed once into a [`Path`]; the interpreter caches compiled paths per state.
//! - A *definite* path (only names, single indexes, and a final multi-name such as
//!   `$['a','b']`) yields one value, or a [`PathMiss`] when nothing is there.
//! - An *indefinite* path (wildcards, slices, unions of indexes, filters, `..`) yields a list,
//!   which is empty rather than an error when nothing matches.
//! - Roots: `$` (the state's data), `$$` (the context object) and `$name` (a workflow
//!   variable, see [`Variables`]).
//! - Path functions such as `length()` are not supported by Step Functions: `$.a.length()`
//!   reads a field called `length()` and so finds nothing, as AWS reports.
//!
//! [`ReferencePath`] is the restricted form used by `ResultPath` (names and single indexes),
//! applied with [`apply_result_path`].

mod eval;
mod filter;
mod parse;
mod result_path;

use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use crate::doc::{Doc, DocMap};

use crate::error::{names, StatesError};

pub(crate) use filter::json_equal as filter_equal;
pub use result_path::{apply_result_path, ReferencePath};

/// Workflow variables visible to a state, looked up by name (without the `$`).
pub trait Variables {
    /// The value of variable `name`, if it is assigned.
    fn variable(&self, name: &str) -> Option<&Doc>;
}

/// No variables at all (states outside any `Assign` scope, or tests).
impl Variables for () {
    fn variable(&self, _name: &str) -> Option<&Doc> {
        None
    }
}

impl Variables for DocMap {
    fn variable(&self, name: &str) -> Option<&Doc> {
        self.get(name)
    }
}

impl Variables for HashMap<Rc<str>, Doc> {
    fn variable(&self, name: &str) -> Option<&Doc> {
        self.get(name)
    }
}

impl Variables for HashMap<String, Doc> {
    fn variable(&self, name: &str) -> Option<&Doc> {
        self.get(name)
    }
}

/// The documents a path can start from: `$` → `input`, `$$` → `context`, `$name` → `variables`.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// The document `$` refers to (the state input, or the task result in `ResultSelector`).
    pub input: &'a Doc,
    /// The context object `$$`.
    pub context: &'a Doc,
    /// Workflow variables, `$name`.
    pub variables: &'a dyn Variables,
}

impl<'a> Scope<'a> {
    /// A scope over `input` and `context` with the given variables.
    pub fn new(input: &'a Doc, context: &'a Doc, variables: &'a dyn Variables) -> Self {
        Self {
            input,
            context,
            variables,
        }
    }
}

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state's data.
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

/// A parse error: message and byte offset into the path text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSyntaxError {
    /// What is wrong, for a person to read.
    pub message: String,
    /// Byte offset in the path text where the problem was found.
    pub offset: usize,
}

impl fmt::Display for PathSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at offset {})", self.message, self.offset)
    }
}

/// A definite path found nothing. `message` is Jayway's text, e.g.
/// `No results for path: $['x']` or `Missing property in path $['no']`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathMiss {
    /// Jayway's description of where evaluation stopped.
    pub message: String,
}

/// A compiled JSONPath.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    text: String,
    root: Root,
    segments: Vec<Segment>,
    definite: bool,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    /// `.sel` or `[sel]`: applied to the current nodes.
    Child(Selector),
    /// `..sel`: applied to the current nodes and all their descendants.
    Descendant(Selector),
}

/// What a segment picks out of a node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Selector {
    /// `.name` or `['name']`.
    Name(String),
    /// `['a','b']`: on a leaf, an object with those members (Jayway's merge).
    Names(Vec<String>),
    /// `[3]` or `[-1]`.
    Index(i64),
    /// `[0,2]`.
    Indexes(Vec<i64>),
    /// `[start:end]` (either may be left out; negatives count from the end).
    Slice(Option<i64>, Option<i64>),
    /// `*` or `[*]`.
    Wildcard,
    /// `[?(expr)]`.
    Filter(Box<filter::Expr>),
}

impl Path {
    /// Parses a path (`$...`, `$$...` or `$name...`).
    pub fn parse(text: &str) -> Result<Path, PathSyntaxError> {
        parse::parse_path(text)
    }

    /// The path exactly as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What the path starts from.
    pub fn root(&self) -> &Root {
        &self.root
    }

    /// True when the path selects at most one value (no wildcard, slice, filter, `..`, or
    /// union of indexes).
    pub fn is_definite(&self) -> bool {
        self.definite
    }

    /// True for the bare root `$` (or `$$`, `$name`): selecting it never copies.
    pub fn is_root_only(&self) -> bool {
        self.segments.is_empty()
    }

    /// Evaluates the path. A definite path gives the node it finds (shared with the
    /// document: an O(1) clone, never a copy); an indefinite path gives a JSON array of
    /// every match (possibly empty). A definite path that finds nothing gives a [`PathMiss`].
    pub fn select(&self, scope: &Scope<'_>) -> Result<Doc, PathMiss> {
        let start = match &self.root {
            Root::Input => scope.input,
            Root::Context => scope.context,
            Root::Variable(name) => match scope.variables.variable(name) {
                Some(value) => value,
                None => {
                    return Err(PathMiss {
                        message: format!("No results for path: {}", self.text),
                    })
                }
            },
        };
        eval::select(self, start, scope)
    }

    /// Shorthand for [`Path::select`] over a single document as `$` (no context, no
    /// variables).
    pub fn select_in(&self, document: &Doc) -> Result<Doc, PathMiss> {
        self.select(&Scope::new(document, &Doc::Null, &()))
    }

    pub(crate) fn segments(&self) -> &[Segment] {
        &self.segments
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// `States.Runtime` for an `InputPath`, `OutputPath`, `ItemsPath` (or similar) that found
/// nothing. The cause is AWS's text without the state prefix, e.g.
/// `Invalid path '$.x' : No results for path: $['x']`; the interpreter prepends
/// `An error occurred while executing the state '…' (entered at the event id #N). `.
pub fn invalid_path_error(path: &Path, miss: &PathMiss) -> StatesError {
    StatesError::new(
        names::RUNTIME,
        format!("Invalid path '{}' : {}", path.text(), miss.message),
    )
}

/// `States.Runtime` for a `"field.$": "path"` in a payload template that found nothing, with
/// AWS's cause (state prefix left to the interpreter):
/// `The JSONPath '$.x' specified for the field 'x.$' could not be found in the input '{…}'`.
/// `field` is the key as written, including `.$`; `input` is the document the path was
/// evaluated against (for `$$` paths, the context object).
pub fn path_not_found_error(path_text: &str, field: &str, input: &Doc) -> StatesError {
    StatesError::new(
        names::RUNTIME,
        format!(
            "The JSONPath '{}' specified for the field '{}' could not be found in the input '{}'",
            path_text,
            field,
            compact_json(input)
        ),
    )
}

/// Compact JSON text as AWS prints documents in causes.
pub(crate) fn compact_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
