//! Intrinsic functions of JSONPath-mode states (`States.Format(…)`, `States.Array(…)`, …).
//!
//! [`parse`] compiles the text of a `"field.$"` value once into a [`Call`] (with byte offsets
//! for parse errors, so the validator can point at them); [`evaluate`] runs it against a
//! [`Scope`]. Failures are `States.IntrinsicFailure`; an argument path that finds nothing is
//! reported by the caller's field (see [`EvalError`]).

mod functions;
mod java;
mod parse;

use std::fmt;

use crate::doc::Doc;
use crate::error::StatesError;
use crate::paths::{Path, PathMiss, Scope};

pub use java::java_string;

/// Maximum nesting of intrinsic calls inside one field (AWS: "up to 10").
pub const MAX_NESTING: usize = crate::limits::MAX_INTRINSIC_NESTING;

/// The 18 intrinsic functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Function {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayPartition,
    ArrayContains,
    ArrayRange,
    ArrayGetItem,
    ArrayLength,
    ArrayUnique,
    Base64Encode,
    Base64Decode,
    Hash,
    JsonMerge,
    MathRandom,
    MathAdd,
    StringSplit,
    Uuid,
}

impl Function {
    /// Every function, in the order of the AWS documentation's tables.
    pub const ALL: [Function; 18] = [
        Function::Format,
        Function::StringToJson,
        Function::JsonToString,
        Function::Array,
        Function::ArrayPartition,
        Function::ArrayContains,
        Function::ArrayRange,
        Function::ArrayGetItem,
        Function::ArrayLength,
        Function::ArrayUnique,
        Function::Base64Encode,
        Function::Base64Decode,
        Function::Hash,
        Function::JsonMerge,
        Function::MathRandom,
        Function::MathAdd,
        Function::StringSplit,
        Function::Uuid,
    ];

    /// The full name, e.g. `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Function::Format => "States.Format",
            Function::StringToJson => "States.StringToJson",
            Function::JsonToString => "States.JsonToString",
            Function::Array => "States.Array",
            Function::ArrayPartition => "States.ArrayPartition",
            Function::ArrayContains => "States.ArrayContains",
            Function::ArrayRange => "States.ArrayRange",
            Function::ArrayGetItem => "States.ArrayGetItem",
            Function::ArrayLength => "States.ArrayLength",
            Function::ArrayUnique => "States.ArrayUnique",
            Function::Base64Encode => "States.Base64Encode",
            Function::Base64Decode => "States.Base64Decode",
            Function::Hash => "States.Hash",
            Function::JsonMerge => "States.JsonMerge",
            Function::MathRandom => "States.MathRandom",
            Function::MathAdd => "States.MathAdd",
            Function::StringSplit => "States.StringSplit",
            Function::Uuid => "States.UUID",
        }
    }

    /// Looks a function up by its full name (`States.Format`).
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A parsed intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Which function.
    pub function: Function,
    /// Its arguments, in order.
    pub args: Vec<Arg>,
}

/// One argument of an intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A string literal: `value` has the escapes resolved; `raw` is the text between the
    /// quotes, which `States.Format` needs to tell `\{` from a placeholder `{}`.
    String {
        /// The string with `\'`, `\{`, `\}`, `\\` resolved.
        value: String,
        /// The literal text between the quotes.
        raw: String,
    },
    /// A number, `true`, `false` or `null`.
    Literal(Doc),
    /// `$…`, `$$…` or `$name…`.
    Path(Path),
    /// A nested call.
    Call(Call),
}

/// Why an evaluation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalError {
    /// An argument path found nothing. The caller reports it for its field (for payload
    /// templates: [`crate::paths::path_not_found_error`]).
    PathNotFound {
        /// The path text as written in the call.
        path: String,
        /// Jayway's description of the miss.
        miss: PathMiss,
    },
    /// The function itself failed (`States.IntrinsicFailure`).
    Failure(StatesError),
}

impl From<StatesError> for EvalError {
    fn from(error: StatesError) -> Self {
        EvalError::Failure(error)
    }
}

/// True when `text` looks like an intrinsic call rather than a path (it starts with
/// `States.`), which is how AWS tells the two apart in `"field.$"` values.
pub fn is_intrinsic(text: &str) -> bool {
    text.trim_start().starts_with("States.")
}

/// Parses an intrinsic call. Errors give a message and the byte offset in `text`.
pub fn parse(text: &str) -> Result<Call, (String, usize)> {
    parse::parse_call(text)
}

/// Evaluates a call. `random` supplies randomness for `States.MathRandom` (without a seed)
/// and `States.UUID`.
pub fn evaluate(
    call: &Call,
    scope: &Scope<'_>,
    random: &mut dyn FnMut() -> u64,
) -> Result<Doc, EvalError> {
    functions::evaluate(call, scope, random, 0)
}
