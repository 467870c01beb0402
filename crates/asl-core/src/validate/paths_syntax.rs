//! Syntax of the paths in JSONPath states: Paths (`$.a[*]`, `$..b`, filters), Reference
//! Paths (a single node: `$.a.b[0]`), context paths (`$$.Execution.Id`) and variable
//! references (`$var.field`). This only checks syntax; evaluation lives in `crate::paths`.

/// Where a path may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Roots {
    /// `$$…` (the context object) is allowed.
    pub context: bool,
    /// `$name…` (a workflow variable) is allowed.
    pub variables: bool,
}

/// Roots allowed in fields that read data: state input, context object and variables.
pub(crate) const ANY_ROOT: Roots = Roots {
    context: true,
    variables: true,
};

/// Checks a Path (JSONPath as Step Functions accepts it, lenient about names).
pub(crate) fn check_path(path: &str, roots: Roots) -> Result<(), String> {
    let rest = root(path, roots)?;
    segments(rest, false)
}

/// Checks a Reference Path: `$` followed by `.name`, `['name']` or `[index]` only.
pub(crate) fn check_reference_path(path: &str) -> Result<(), String> {
    if path.starts_with("$$") {
        return Err("the context object (`$$`) cannot be written to".into());
    }
    let rest = root(
        path,
        Roots {
            context: false,
            variables: false,
        },
    )?;
    segments(rest, true)
}

/// Strips the root (`$`, `$$` or `$name`) and returns the rest.
fn root(path: &str, roots: Roots) -> Result<&str, String> {
    let Some(rest) = path.strip_prefix('$') else {
        return Err(if path.is_empty() {
            "a path cannot be empty; use \"$\" for the whole input".into()
        } else {
            "a path must start with `$`".into()
        });
    };
    if let Some(after) = rest.strip_prefix('$') {
        if !roots.context {
            return Err("the context object (`$$`) is not available here".into());
        }
        return Ok(after);
    }
    let name_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if name_len > 0 {
        if !roots.variables {
            return Err("variables (`$name`) are not available here".into());
        }
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err("a variable name cannot start with a digit".into());
        }
    }
    Ok(&rest[name_len..])
}

/// Checks the segments after the root. `reference` restricts them to single-node selectors.
fn segments(mut rest: &str, reference: bool) -> Result<(), String> {
    while let Some(c) = rest.chars().next() {
        match c {
            '.' => {
                rest = &rest[1..];
                if let Some(after) = rest.strip_prefix('.') {
                    if reference {
                        return Err("`..` (deep scan) selects many nodes".into());
                    }
                    rest = after;
                }
                // Jayway reads `.[` as `[` (`$.[0]`, `$.a.['b']`, `$.[?(@.x)]`), and AWS
                // runs definitions written that way.
                if rest.starts_with('[') {
                    continue;
                }
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                let name = &rest[..end];
                if name.is_empty() {
                    return Err("expected a field name after `.`".into());
                }
                if name.contains(']') {
                    return Err("unbalanced `]`".into());
                }
                if reference && name == "*" {
                    return Err("`*` selects many nodes".into());
                }
                if reference && name.contains(['(', ')', '@', ',', ':', '?', '*']) {
                    return Err(format!("`{name}` is not a plain field name"));
                }
                rest = &rest[end..];
            }
            '[' => {
                let close = matching_bracket(rest)?;
                let inner = rest[1..close].trim();
                check_bracket(inner, reference)?;
                rest = &rest[close + 1..];
            }
            _ => {
                return Err(format!(
                    "unexpected `{c}`; after the root, use `.field` or `[…]`"
                ))
            }
        }
    }
    Ok(())
}

/// The index of the `]` closing the `[` at the start of `s` (quotes and nesting respected).
fn matching_bracket(s: &str) -> Result<usize, String> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return if c == ']' {
                        Ok(i)
                    } else {
                        Err("unbalanced `)`".into())
                    };
                }
            }
            _ => {}
        }
    }
    Err(if quote.is_some() {
        "unterminated quoted name".into()
    } else {
        "missing `]`".into()
    })
}

/// Checks what is inside `[…]`.
fn check_bracket(inner: &str, reference: bool) -> Result<(), String> {
    if inner.is_empty() {
        return Err("empty `[]`".into());
    }
    if let Some(filter) = inner.strip_prefix('?') {
        if reference {
            return Err("a filter `[?(…)]` can select many nodes".into());
        }
        let filter = filter.trim();
        return if filter.starts_with('(') && filter.ends_with(')') && filter.len() > 2 {
            Ok(())
        } else {
            Err("a filter must look like `[?(@.price > 10)]`".into())
        };
    }
    if inner.starts_with('\'') || inner.starts_with('"') {
        // One quoted name or a union of them.
        let names = split_top(inner, ',');
        if reference && names.len() > 1 {
            return Err("a union `[…, …]` selects many nodes".into());
        }
        for name in names {
            let name = name.trim();
            let q = name.chars().next().unwrap_or('\'');
            if name.len() < 2 || !name.ends_with(q) || !(q == '\'' || q == '"') {
                return Err(format!("`{name}` is not a quoted name"));
            }
        }
        return Ok(());
    }
    if inner == "*" {
        return if reference {
            Err("`[*]` selects many nodes".into())
        } else {
            Ok(())
        };
    }
    if inner.starts_with('(') && inner.ends_with(')') {
        // Script expression such as `[(@.length-1)]`.
        return if reference {
            Err("a script expression is not a single index".into())
        } else {
            Ok(())
        };
    }
    let is_int = |s: &str| {
        let s = s.trim();
        let digits = s.strip_prefix('-').unwrap_or(s);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    if is_int(inner) {
        return Ok(());
    }
    if reference {
        return Err(format!("`[{inner}]` is not a single index or quoted name"));
    }
    if inner.contains(':') {
        let parts: Vec<&str> = inner.split(':').collect();
        if parts.len() <= 3 && parts.iter().all(|p| p.trim().is_empty() || is_int(p)) {
            return Ok(());
        }
        return Err(format!("`[{inner}]` is not a valid slice like `[1:3]`"));
    }
    if inner.split(',').all(is_int) {
        return Ok(());
    }
    Err(format!(
        "`[{inner}]` must be an index, a quoted name, `*`, a slice or a filter"
    ))
}

/// Splits `s` on `sep` outside quotes and brackets.
pub(crate) fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// An RFC 3339 timestamp as Step Functions accepts it: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`
/// with an uppercase `T` and `Z`.
pub(crate) fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(range)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let (Some(_year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i + 6 == b.len()
                && b[i + 3] == b':'
                && num(i + 1..i + 3).is_some_and(|h| h <= 23)
                && num(i + 4..i + 6).is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let ok = [
            "$",
            "$.a",
            "$.a.b[0]",
            "$['a b']",
            "$.a[*].b",
            "$..name",
            "$..[0]",
            "$.a[1:3]",
            "$.a[-1:]",
            "$.a[?(@.x > 1)]",
            "$.a[0,2]",
            "$$.Execution.Id",
            "$$",
            "$var",
            "$var.x[0]",
            "$.a-b",
            "$.a.length()",
            "$.résumé",
            "$['a','b']",
        ];
        for p in ok {
            assert_eq!(check_path(p, ANY_ROOT), Ok(()), "{p}");
        }
        let bad = [
            "",
            "a.b",
            "$.",
            "$.a[",
            "$.a]",
            "$[]",
            "$.a..",
            "$x y",
            "$.a[foo]",
            "$.a[?@.x]",
            "$['a]",
            "$1",
            "$.a[1:2:3:4]",
        ];
        for p in bad {
            assert!(check_path(p, ANY_ROOT).is_err(), "{p} should be rejected");
        }
    }

    #[test]
    fn reference_paths() {
        for p in ["$", "$.a", "$.a.b[0]", "$['a b'].c", "$.a[-1]"] {
            assert_eq!(check_reference_path(p), Ok(()), "{p}");
        }
        for p in [
            "$$.a",
            "$.a[*]",
            "$..a",
            "$.a[?(@.x)]",
            "$.a[0:1]",
            "$.*",
            "$['a','b']",
            "$var",
            "a",
        ] {
            assert!(check_reference_path(p).is_err(), "{p} should be rejected");
        }
    }

    #[test]
    fn timestamps() {
        for t in [
            "2016-03-14T01:59:00Z",
            "2016-03-14T01:59:00.123Z",
            "2016-03-14T01:59:00+05:30",
        ] {
            assert!(is_rfc3339(t), "{t}");
        }
        for t in [
            "2016-03-14",
            "2016-03-14t01:59:00z",
            "2016-13-14T01:59:00Z",
            "2016-03-14T01:59:00",
            "2016-03-14T01:59:00+0530",
            "x016-03-14T01:59:00Z",
        ] {
            assert!(!is_rfc3339(t), "{t}");
        }
    }
}
