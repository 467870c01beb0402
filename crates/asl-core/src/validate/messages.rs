//! Every validation message, as one named constructor each, so wording is reviewed in one
//! place (the style of oxc's `diagnostics.rs`). Codes follow AWS's
//! ValidateStateMachineDefinition and asl-validator where those have a name.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Severity};

/// The stable diagnostic codes.
pub mod codes {
    /// The text is not JSON (AWS: `INVALID_JSON_DESCRIPTION`).
    pub const INVALID_JSON: &str = "INVALID_JSON";
    /// A field is missing, unknown, of the wrong type or out of range.
    pub const SCHEMA_VALIDATION_FAILED: &str = "SCHEMA_VALIDATION_FAILED";
    /// The definition exceeds the 1 MB quota.
    pub const DEFINITION_TOO_LARGE: &str = "DEFINITION_TOO_LARGE";
    /// `Next`, `Default`, `StartAt` or a Catch `Next` names no state of its scope.
    pub const MISSING_TRANSITION_TARGET: &str = "MISSING_TRANSITION_TARGET";
    /// Two states share a name (AWS: `DUPLICATE_STATE_NAME`).
    pub const DUPLICATE_STATE_NAMES: &str = "DUPLICATE_STATE_NAMES";
    /// An object repeats a key (warning; the last value wins).
    pub const DUPLICATE_KEY: &str = "DUPLICATE_KEY";
    /// A state name is empty or longer than 80 characters.
    pub const INVALID_STATE_NAME: &str = "INVALID_STATE_NAME";
    /// No path leads to this state (AWS refuses it as `MISSING_TRANSITION_TARGET`).
    pub const UNREACHABLE_STATE: &str = "UNREACHABLE_STATE";
    /// A scope has no state that ends it (AWS: `MISSING_END_STATE`).
    pub const NO_TERMINAL_STATE: &str = "NO_TERMINAL_STATE";
    /// A JSONPath expression does not parse.
    pub const INVALID_JSON_PATH: &str = "INVALID_JSON_PATH";
    /// A path that must name a single node (a reference path) uses wildcards, filters or `$$`.
    pub const INVALID_REFERENCE_PATH: &str = "INVALID_REFERENCE_PATH";
    /// An intrinsic function call is malformed, unknown or has the wrong number of arguments.
    pub const INVALID_INTRINSIC: &str = "INVALID_INTRINSIC";
    /// A `{% … %}` JSONata expression is malformed.
    pub const INVALID_JSONATA: &str = "INVALID_JSONATA";
    /// A timestamp is not RFC 3339 (`2024-01-31T12:00:00Z`).
    pub const INVALID_TIMESTAMP: &str = "INVALID_TIMESTAMP";
    /// A Choice rule is malformed.
    pub const INVALID_CHOICE_RULE: &str = "INVALID_CHOICE_RULE";
    /// `States.ALL` is not alone or not in the last retrier/catcher.
    pub const INVALID_STATES_ALL: &str = "INVALID_STATES_ALL";
    /// A user error name starts with the reserved `States.` prefix (warning: AWS accepts it).
    pub const INVALID_ERROR_NAME: &str = "INVALID_ERROR_NAME";
    /// A Task `Resource` is not a recognised ARN shape.
    pub const INVALID_RESOURCE: &str = "INVALID_RESOURCE";
    /// A field name lacks `.$` although its value looks like a path (warning).
    pub const NO_DOLLAR: &str = "NO_DOLLAR";
    /// A Map `Label` is longer than 40 characters or uses a forbidden character (AWS code).
    pub const INVALID_LABEL_NAME: &str = "INVALID_LABEL_NAME";
    /// Two Map states share a `Label` (AWS code).
    pub const DUPLICATE_LABEL_NAME: &str = "DUPLICATE_LABEL_NAME";
    /// A Pass state's `Result` holds a `.$` key, which is not evaluated (warning; AWS code).
    pub const PASS_RESULT_IS_STATIC: &str = "PASS_RESULT_IS_STATIC";
    /// A value looks like a path, but the field name does not end in `Path` (warning; AWS
    /// code).
    pub const NO_PATH: &str = "NO_PATH";
    /// A field belongs to the other query language.
    pub const QUERY_LANGUAGE_MISMATCH: &str = "QUERY_LANGUAGE_MISMATCH";
    /// A `$name` is read but no `Assign` anywhere sets it (warning: AWS documents no such
    /// check, but the read fails at run time).
    pub const UNASSIGNED_VARIABLE: &str = "UNASSIGNED_VARIABLE";
}

use codes::*;

fn error(code: &'static str, pointer: &str, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: Severity::Error,
        message,
        pointer: pointer.to_string(),
        span,
    }
}

fn warning(code: &'static str, pointer: &str, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..error(code, pointer, span, message)
    }
}

pub(crate) fn too_large(len: usize) -> Diagnostic {
    error(
        DEFINITION_TOO_LARGE,
        "",
        0..0,
        format!("the definition is {len} bytes; Step Functions accepts at most 1,048,576 bytes (1 MB). Move large constants into the execution input or a task."),
    )
}

pub(crate) fn not_an_object(p: &str, s: Range<usize>, what: &str, found: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("{what} must be a JSON object, found {found}"),
    )
}

pub(crate) fn missing_field(p: &str, s: Range<usize>, owner: &str, field: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("{owner} is missing the required field `{field}`"),
    )
}

pub(crate) fn unknown_field(
    p: &str,
    s: Range<usize>,
    owner: &str,
    field: &str,
    known: &[&str],
) -> Diagnostic {
    let hint = match suggest(field, known) {
        Some(best) => format!("; did you mean `{best}`?"),
        None => "; check the spelling (field names are case-sensitive)".into(),
    };
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("`{field}` is not a field of {owner}{hint}"),
    )
}

/// The known name closest to `field` (case-insensitive edit distance of at most 2).
fn suggest<'k>(field: &str, known: &[&'k str]) -> Option<&'k str> {
    let field = field.to_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&field, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.min(k.len() / 2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

pub(crate) fn wrong_type(
    p: &str,
    s: Range<usize>,
    field: &str,
    expected: &str,
    found: &str,
) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("`{field}` must be {expected}, found {found}"),
    )
}

pub(crate) fn out_of_range(p: &str, s: Range<usize>, field: &str, rule: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("`{field}` must be {rule}"),
    )
}

pub(crate) fn invalid_enum(
    p: &str,
    s: Range<usize>,
    field: &str,
    found: &str,
    allowed: &[&str],
) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!(
            "`{field}` is \"{found}\"; it must be one of {}",
            quote_list(allowed)
        ),
    )
}

pub(crate) fn mutually_exclusive(p: &str, s: Range<usize>, a: &str, b: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("`{a}` and `{b}` cannot both be set; keep one"),
    )
}

pub(crate) fn exactly_one_of(
    p: &str,
    s: Range<usize>,
    owner: &str,
    fields: &[&str],
    found: usize,
) -> Diagnostic {
    let what = if found == 0 {
        "none is set"
    } else {
        "several are set"
    };
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!(
            "{owner} needs exactly one of {}; {what}",
            quote_list(fields)
        ),
    )
}

pub(crate) fn missing_one_of(p: &str, s: Range<usize>, owner: &str, fields: &[&str]) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("{owner} needs at least one of {}", quote_list(fields)),
    )
}

pub(crate) fn unknown_state_type(p: &str, s: Range<usize>, found: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("unknown state type \"{found}\"; use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map"),
    )
}

pub(crate) fn next_and_end(p: &str, s: Range<usize>) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        "a state cannot have both `Next` and `\"End\": true`; remove one".into(),
    )
}

pub(crate) fn no_next_nor_end(p: &str, s: Range<usize>, ty: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("a {ty} state needs either `Next` (the state to go to) or `\"End\": true`"),
    )
}

pub(crate) fn transition_not_allowed(
    p: &str,
    s: Range<usize>,
    ty: &str,
    field: &str,
) -> Diagnostic {
    let why = match ty {
        "Choice" => "a Choice state moves on through its `Choices` and `Default`",
        _ => "it is a terminal state",
    };
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("a {ty} state cannot have `{field}`: {why}"),
    )
}

pub(crate) fn missing_target(
    p: &str,
    s: Range<usize>,
    target: &str,
    elsewhere: bool,
) -> Diagnostic {
    let hint = if elsewhere {
        "; a state of that name exists, but in another scope: states inside a Parallel branch or a Map processor can only transition to states of the same branch or processor"
    } else {
        ""
    };
    error(
        MISSING_TRANSITION_TARGET,
        p,
        s,
        format!("no state named \"{target}\" in this scope{hint}"),
    )
}

pub(crate) fn duplicate_state(p: &str, s: Range<usize>, name: &str) -> Diagnostic {
    error(
        DUPLICATE_STATE_NAMES,
        p,
        s,
        format!("the state name \"{name}\" is already used; state names must be unique across the whole state machine, including branches and Map processors"),
    )
}

pub(crate) fn duplicate_key(p: &str, s: Range<usize>, key: &str) -> Diagnostic {
    warning(
        DUPLICATE_KEY,
        p,
        s,
        format!(
            "the key \"{key}\" appears more than once in this object; only the last value is used"
        ),
    )
}

pub(crate) fn invalid_state_name(p: &str, s: Range<usize>, len: usize) -> Diagnostic {
    let why = if len == 0 {
        "is empty".to_string()
    } else {
        format!("is {len} characters long")
    };
    error(
        INVALID_STATE_NAME,
        p,
        s,
        format!("the state name {why}; state names must have 1 to 80 characters"),
    )
}

pub(crate) fn unreachable(p: &str, s: Range<usize>, name: &str) -> Diagnostic {
    error(
        UNREACHABLE_STATE,
        p,
        s,
        format!("no transition leads to \"{name}\" from `StartAt`, so it never runs; Step Functions refuses unreachable states (it reports \"State is not reachable\"): remove the state or add a transition to it"),
    )
}

pub(crate) fn no_terminal(p: &str, s: Range<usize>) -> Diagnostic {
    error(
        NO_TERMINAL_STATE,
        p,
        s,
        "this scope has no terminal state: add a Succeed or Fail state, or `\"End\": true` on a state".into(),
    )
}

pub(crate) fn empty_states(p: &str, s: Range<usize>) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        "`States` must contain at least one state".into(),
    )
}

pub(crate) fn invalid_path(
    p: &str,
    s: Range<usize>,
    field: &str,
    path: &str,
    why: &str,
) -> Diagnostic {
    error(
        INVALID_JSON_PATH,
        p,
        s,
        format!("`{field}` is not a valid JSONPath (\"{path}\"): {why}"),
    )
}

pub(crate) fn invalid_reference_path(
    p: &str,
    s: Range<usize>,
    field: &str,
    path: &str,
    why: &str,
) -> Diagnostic {
    error(
        INVALID_REFERENCE_PATH,
        p,
        s,
        format!("`{field}` must be a reference path naming a single node, like `$.result` or `$.items[0]` (\"{path}\"): {why}"),
    )
}

pub(crate) fn invalid_intrinsic(p: &str, s: Range<usize>, text: &str, why: &str) -> Diagnostic {
    error(
        INVALID_INTRINSIC,
        p,
        s,
        format!("invalid intrinsic function call \"{text}\": {why}"),
    )
}

pub(crate) fn invalid_jsonata(p: &str, s: Range<usize>, why: &str) -> Diagnostic {
    error(
        INVALID_JSONATA,
        p,
        s,
        format!("invalid JSONata expression: {why}"),
    )
}

pub(crate) fn invalid_timestamp(p: &str, s: Range<usize>, field: &str, found: &str) -> Diagnostic {
    error(
        INVALID_TIMESTAMP,
        p,
        s,
        format!("`{field}` \"{found}\" is not an RFC 3339 timestamp; write it like 2024-03-01T12:00:00Z (uppercase T and Z)"),
    )
}

pub(crate) fn choice_rule(p: &str, s: Range<usize>, why: String) -> Diagnostic {
    error(INVALID_CHOICE_RULE, p, s, why)
}

pub(crate) fn states_all_not_alone(p: &str, s: Range<usize>) -> Diagnostic {
    error(
        INVALID_STATES_ALL,
        p,
        s,
        "`States.ALL` must appear alone in `ErrorEquals`".into(),
    )
}

pub(crate) fn states_all_not_last(p: &str, s: Range<usize>, field: &str) -> Diagnostic {
    error(
        INVALID_STATES_ALL,
        p,
        s,
        format!(
            "`States.ALL` must be in the last entry of `{field}`; entries after it can never match"
        ),
    )
}

pub(crate) fn reserved_error_name(p: &str, s: Range<usize>, name: &str) -> Diagnostic {
    warning(
        INVALID_ERROR_NAME,
        p,
        s,
        format!("\"{name}\" is not a predefined error; the ASL specification reserves the `States.` prefix for predefined errors, so prefer a name of your own (Step Functions accepts it nonetheless)"),
    )
}

pub(crate) fn empty_error_equals(p: &str, s: Range<usize>) -> Diagnostic {
    warning(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        "`ErrorEquals` is empty; list at least one error name (e.g. \"States.ALL\")".into(),
    )
}

pub(crate) fn unusual_resource(p: &str, s: Range<usize>, resource: &str) -> Diagnostic {
    warning(
        INVALID_RESOURCE,
        p,
        s,
        format!("\"{resource}\" is not a known Resource shape: expected arn:aws:states:::service:api[.sync|.waitForTaskToken], arn:aws:states:::aws-sdk:service:action, a Lambda function ARN or an activity ARN"),
    )
}

pub(crate) fn heartbeat_too_long(p: &str, s: Range<usize>) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        "`HeartbeatSeconds` must not be larger than `TimeoutSeconds`".into(),
    )
}

pub(crate) fn heartbeat_equals_timeout(p: &str, s: Range<usize>) -> Diagnostic {
    warning(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        "`HeartbeatSeconds` equals `TimeoutSeconds`, so the heartbeat never times out before the task does; the ASL specification asks for a smaller value (Step Functions accepts it)".into(),
    )
}

pub(crate) fn no_dollar(p: &str, s: Range<usize>, key: &str) -> Diagnostic {
    warning(
        NO_DOLLAR,
        p,
        s,
        format!("the value looks like a path, but the key \"{key}\" does not end in `.$`, so it is passed as a literal string; rename it to \"{key}.$\" to select from the input"),
    )
}

pub(crate) fn dollar_key_in_jsonata(p: &str, s: Range<usize>, key: &str) -> Diagnostic {
    warning(
        QUERY_LANGUAGE_MISMATCH,
        p,
        s,
        format!("\"{key}\": keys ending in `.$` are JSONPath syntax; in a JSONata state this key is kept as written and its value is a literal, so write the value as \"{{% expression %}}\" under a plain key to compute it"),
    )
}

pub(crate) fn field_of_other_language(
    p: &str,
    s: Range<usize>,
    field: &str,
    field_lang: &str,
    state_lang: &str,
) -> Diagnostic {
    let hint = match field {
        "InputPath" | "Parameters" => "; use `Arguments` instead",
        "ResultSelector" | "ResultPath" | "OutputPath" => "; use `Output` (and `Assign`) instead",
        "ItemsPath" => "; use `Items` instead",
        "Arguments" | "Output" | "Items" | "Condition" => {
            "; set \"QueryLanguage\": \"JSONata\" on the state or the state machine"
        }
        f if f.ends_with("Path") => {
            "; in JSONata write the base field with a {% %} expression instead"
        }
        _ => "",
    };
    error(
        QUERY_LANGUAGE_MISMATCH,
        p,
        s,
        format!("`{field}` is only available in {field_lang}, but this uses {state_lang}{hint}"),
    )
}

pub(crate) fn jsonpath_state_in_jsonata_machine(p: &str, s: Range<usize>) -> Diagnostic {
    error(
        QUERY_LANGUAGE_MISMATCH,
        p,
        s,
        "the state machine sets \"QueryLanguage\": \"JSONata\", so a state cannot switch back to JSONPath; set JSONPath at the top level and JSONata per state instead".into(),
    )
}

fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn unassigned_variable(p: &str, s: Range<usize>, name: &str) -> Diagnostic {
    warning(
        UNASSIGNED_VARIABLE,
        p,
        s,
        format!("the variable `${name}` is read here, but no `Assign` in this state machine sets it, so the read fails at run time; assign it in an earlier state or fix the name"),
    )
}

pub(crate) fn invalid_label(p: &str, s: Range<usize>, label: &str, why: &str) -> Diagnostic {
    error(
        INVALID_LABEL_NAME,
        p,
        s,
        format!("the Map `Label` \"{label}\" {why}; a label has 1 to 40 characters and no whitespace, brackets, wildcards, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /"),
    )
}

pub(crate) fn duplicate_label(p: &str, s: Range<usize>, label: &str) -> Diagnostic {
    error(
        DUPLICATE_LABEL_NAME,
        p,
        s,
        format!("the Map `Label` \"{label}\" is already used; labels must be unique within the state machine"),
    )
}

pub(crate) fn distributed_only(p: &str, s: Range<usize>, field: &str) -> Diagnostic {
    error(
        SCHEMA_VALIDATION_FAILED,
        p,
        s,
        format!("`{field}` is a field of a Distributed Map, but this Map runs inline; set \"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\"}} in its `ItemProcessor`, or remove `{field}`"),
    )
}

pub(crate) fn pass_result_is_static(p: &str, s: Range<usize>, key: &str) -> Diagnostic {
    warning(
        PASS_RESULT_IS_STATIC,
        p,
        s,
        format!("\"{key}\": a Pass state's `Result` is used as written, so this `.$` key is not evaluated; use `Parameters` to select from the input"),
    )
}

pub(crate) fn no_path(p: &str, s: Range<usize>, field: &str, instead: &str) -> Diagnostic {
    warning(
        NO_PATH,
        p,
        s,
        format!("the value of `{field}` looks like a path, but `{field}` takes it as a literal string; use `{instead}` to read the value at that path"),
    )
}
