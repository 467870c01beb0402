//! Syntax of intrinsic function calls in `.$` fields: `States.Format('{} x', $.a)`. Checks
//! the function name against the 18 `States.*` functions, the arity, the argument syntax and
//! the nesting limit of 10. Evaluation lives in `crate::intrinsics`.

use super::paths_syntax::{check_path, split_top, ANY_ROOT};

/// Deepest nesting of intrinsic calls Step Functions accepts.
const MAX_NESTING: usize = crate::limits::MAX_INTRINSIC_NESTING;

/// The intrinsic functions with their minimum and maximum argument counts.
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("States.Format", 1, usize::MAX),
    ("States.StringToJson", 1, 1),
    ("States.JsonToString", 1, 1),
    ("States.Array", 0, usize::MAX),
    ("States.ArrayPartition", 2, 2),
    ("States.ArrayContains", 2, 2),
    ("States.ArrayRange", 3, 3),
    ("States.ArrayGetItem", 2, 2),
    ("States.ArrayLength", 1, 1),
    ("States.ArrayUnique", 1, 1),
    ("States.Base64Encode", 1, 1),
    ("States.Base64Decode", 1, 1),
    ("States.Hash", 2, 2),
    ("States.JsonMerge", 3, 3),
    ("States.MathRandom", 2, 3),
    ("States.MathAdd", 2, 2),
    ("States.StringSplit", 2, 2),
    ("States.UUID", 0, 0),
];

/// The functions allowed in a Fail state's `ErrorPath` and `CausePath`.
pub(crate) const FAIL_PATH_FUNCTIONS: &[&str] = &[
    "States.Format",
    "States.JsonToString",
    "States.ArrayGetItem",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.UUID",
];

/// True when `s` looks like an intrinsic call rather than a path.
pub(crate) fn looks_like_intrinsic(s: &str) -> bool {
    s.trim_start().starts_with("States.")
}

/// Checks a whole intrinsic call. `allowed` restricts the outermost function name.
pub(crate) fn check_intrinsic(s: &str, allowed: Option<&[&str]>) -> Result<(), String> {
    let s = s.trim();
    if let Some(allowed) = allowed {
        let name = s.split('(').next().unwrap_or("").trim();
        if !allowed.contains(&name) {
            return Err(format!(
                "`{name}` is not allowed here; use one of {}",
                allowed.join(", ")
            ));
        }
    }
    call(s, 1)
}

fn call(s: &str, depth: usize) -> Result<(), String> {
    if depth > MAX_NESTING {
        return Err(format!(
            "intrinsic functions can be nested at most {MAX_NESTING} deep"
        ));
    }
    let Some(open) = s.find('(') else {
        return Err("expected `(` after the function name".into());
    };
    let name = s[..open].trim();
    let Some(&(_, min, max)) = FUNCTIONS.iter().find(|(n, _, _)| *n == name) else {
        return Err(format!(
            "unknown function `{name}`; the intrinsic functions are {}",
            FUNCTIONS.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
        ));
    };
    if !s.ends_with(')') {
        return Err("expected `)` at the end of the call".into());
    }
    let inner = &s[open + 1..s.len() - 1];
    check_balanced(inner)?;
    let args: Vec<&str> = if inner.trim().is_empty() {
        Vec::new()
    } else {
        split_top(inner, ',')
    };
    if args.len() < min || args.len() > max {
        let expected = match (min, max) {
            (a, b) if a == b => format!("{a}"),
            (a, usize::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} to {b}"),
        };
        return Err(format!(
            "`{name}` takes {expected} argument(s), found {}",
            args.len()
        ));
    }
    for (i, arg) in args.iter().enumerate() {
        let arg = arg.trim();
        argument(arg, depth)?;
        literal_type(name, i, arg)?;
    }
    Ok(())
}

/// The JSON type a literal argument must have, per function and position (`None`: any).
/// Step Functions refuses a definition whose literal argument has the wrong type, such as
/// `States.MathAdd(1, '-1')`; paths and nested calls are only known at run time.
fn expected_type(name: &str, index: usize) -> Option<&'static str> {
    Some(match (name, index) {
        ("States.Format", 0)
        | ("States.StringToJson", 0)
        | ("States.Base64Encode", 0)
        | ("States.Base64Decode", 0)
        | ("States.StringSplit", _)
        | ("States.Hash", 1) => "string",
        ("States.ArrayPartition", 0)
        | ("States.ArrayContains", 0)
        | ("States.ArrayGetItem", 0)
        | ("States.ArrayLength", 0)
        | ("States.ArrayUnique", 0) => "array",
        ("States.JsonMerge", 0 | 1) => "object",
        ("States.JsonMerge", 2) => "boolean",
        ("States.ArrayPartition", 1)
        | ("States.ArrayGetItem", 1)
        | ("States.ArrayRange", _)
        | ("States.MathRandom", _)
        | ("States.MathAdd", _) => "number",
        _ => return None,
    })
}

/// The JSON type of a literal argument, `None` for paths and calls.
fn literal_kind(arg: &str) -> Option<&'static str> {
    if arg.starts_with('\'') {
        Some("string")
    } else if arg.starts_with('$') || looks_like_intrinsic(arg) {
        None
    } else if arg == "null" {
        Some("null")
    } else if arg == "true" || arg == "false" {
        Some("boolean")
    } else {
        Some("number")
    }
}

fn literal_type(name: &str, index: usize, arg: &str) -> Result<(), String> {
    let (Some(expected), Some(found)) = (expected_type(name, index), literal_kind(arg)) else {
        return Ok(());
    };
    if expected == found {
        return Ok(());
    }
    Err(format!(
        "argument {} of `{name}` must be {} {expected}, but `{arg}` is {} {found}",
        index + 1,
        article(expected),
        article(found)
    ))
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'o']) {
        "an"
    } else {
        "a"
    }
}

fn argument(arg: &str, depth: usize) -> Result<(), String> {
    if arg.is_empty() {
        return Err("empty argument".into());
    }
    if arg.starts_with('\'') {
        return string_literal(arg);
    }
    if arg.starts_with('$') {
        return check_path(arg, ANY_ROOT).map_err(|e| format!("argument `{arg}`: {e}"));
    }
    if looks_like_intrinsic(arg) {
        return call(arg, depth + 1);
    }
    if matches!(arg, "true" | "false" | "null") || serde_json::from_str::<f64>(arg).is_ok() {
        return Ok(());
    }
    Err(format!(
        "argument `{arg}` must be a 'quoted string', a number, true, false, null, a path or a call"
    ))
}

fn string_literal(arg: &str) -> Result<(), String> {
    let mut chars = arg.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\'' => {
                return if i + 1 == arg.len() {
                    Ok(())
                } else {
                    Err(format!("unexpected text after the string in `{arg}`"))
                }
            }
            _ => {}
        }
    }
    Err(format!("unterminated string `{arg}`"))
}

/// Rejects unbalanced quotes and parentheses, which would make argument splitting wrong.
fn check_balanced(inner: &str) -> Result<(), String> {
    let mut depth = 0i64;
    let mut in_quote = false;
    let mut escaped = false;
    for c in inner.chars() {
        if in_quote {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '\'') => in_quote = false,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' => in_quote = true,
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return Err("unbalanced `)`".into());
                }
            }
            _ => {}
        }
    }
    if in_quote {
        return Err("unterminated string".into());
    }
    if depth != 0 {
        return Err("unbalanced parentheses".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls() {
        let ok = [
            "States.Format('Hello, {}!', $.name)",
            "States.Format('a\\'b {}', States.UUID())",
            "States.Array()",
            "States.Array(1, 'two', true, null, $.x, $$.Execution.Id, $var)",
            "States.MathRandom(1, 10)",
            "States.MathRandom(1, 10, 42)",
            "States.JsonMerge($.a, $.b, false)",
            "States.StringToJson(States.JsonToString($.a[0,1]))",
            "States.Format('{}', 'a, (b)')",
            "States.MathAdd(-1.5, 2e3)",
        ];
        for c in ok {
            assert_eq!(check_intrinsic(c, None), Ok(()), "{c}");
        }
        let bad = [
            ("States.Nope(1)", "unknown function"),
            ("States.UUID(1)", "takes 0"),
            ("States.MathAdd(1)", "takes 2"),
            ("States.Format()", "at least 1"),
            ("States.Format('x)", "unterminated"),
            ("States.Format('x', )", "empty argument"),
            ("States.Format('x', foo)", "must be a 'quoted string'"),
            ("States.Array(1", "expected `)`"),
            ("States.Array(1))", "unbalanced"),
            ("States.Format('{}', $.a[)", "unbalanced"),
            (
                "States.MathAdd(1, '-1')",
                "argument 2 of `States.MathAdd` must be a number",
            ),
            ("States.ArrayGetItem($.a, 'x')", "must be a number"),
            ("States.ArrayLength(3)", "must be an array"),
            ("States.StringSplit($.a, 1)", "must be a string"),
            ("States.JsonMerge($.a, $.b, 'false')", "must be a boolean"),
            (
                "States.Hash($.a, null)",
                "must be a string, but `null` is a null",
            ),
            ("States.Format(1)", "must be a string"),
        ];
        for (c, fragment) in bad {
            let err = check_intrinsic(c, None).err().unwrap_or_default();
            assert!(err.contains(fragment), "{c}: {err:?} lacks {fragment:?}");
        }
        let deep = format!("{}1{}", "States.Array(".repeat(11), ")".repeat(11));
        assert!(check_intrinsic(&deep, None).is_err_and(|e| e.contains("nested")));
        assert!(check_intrinsic("States.Array(1)", Some(FAIL_PATH_FUNCTIONS)).is_err());
    }
}
