//! Locating syntax errors. jsonata-core's parser errors carry no position, so the offset is
//! recovered by parsing growing prefixes of the expression: the first prefix that fails for a
//! reason other than "the expression ended too early" ends at the offending token.

use jsonata_core::parser::{self, ParserError};

/// Longer expressions are not scanned (each probe is a full parse); their errors point at the
/// end of the expression.
const MAX_SCANNED_BYTES: usize = 4096;

/// Deepest bracket nesting accepted before parsing. Step Functions evaluates at most about 100
/// levels (it accepts 99 nested parentheses); refusing much deeper text up front also keeps
/// jsonata-core's recursive parser away from small stacks such as wasm's.
pub(crate) const MAX_BRACKET_DEPTH: usize = crate::limits::MAX_JSONATA_BRACKET_DEPTH;

/// True when `error` only says that more input was expected.
fn is_incomplete(error: &ParserError) -> bool {
    match error {
        ParserError::UnexpectedEnd
        | ParserError::UnclosedString
        | ParserError::UnclosedComment
        | ParserError::UnclosedBacktick => true,
        ParserError::Expected { found, .. } => found == "Eof",
        other => other.to_string().contains("end of expression"),
    }
}

/// Byte offset within `expr` of the token where parsing fails.
pub(crate) fn error_offset(expr: &str) -> usize {
    if expr.len() > MAX_SCANNED_BYTES {
        return expr.len();
    }
    for (index, ch) in expr.char_indices() {
        let end = index + ch.len_utf8();
        if let Err(error) = parser::parse(&expr[..end]) {
            if !is_incomplete(&error) {
                return index;
            }
        }
    }
    expr.len()
}

/// The offset of the first bracket nested deeper than [`MAX_BRACKET_DEPTH`], if any. String
/// literals, backquoted names and comments are skipped.
pub(crate) fn too_deep_at(expr: &str) -> Option<usize> {
    let bytes = expr.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Names used as `$name` in `expr`: the variables (and functions) it may read. Over-approximate
/// on purpose (a `$` inside a string literal counts too); only these names are bound.
pub(crate) fn referenced_names(expr: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut chars = expr.char_indices().peekable();
    while let Some((_, ch)) = chars.next() {
        if ch != '$' {
            continue;
        }
        let mut name = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() || c == '_' {
                name.push(c);
                chars.next();
            } else {
                break;
            }
        }
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_offending_token() {
        assert_eq!(error_offset("a[1,2)"), 3);
        assert_eq!(error_offset("1 + + )"), 4);
        assert_eq!(error_offset("foo("), 4);
    }

    #[test]
    fn names() {
        assert_eq!(
            referenced_names("$states.input.x + $y1 + $$ + $f($z)"),
            vec!["states", "y1", "f", "z"]
        );
    }

    #[test]
    fn nesting() {
        assert_eq!(too_deep_at("((1))"), None);
        let deep = "(".repeat(MAX_BRACKET_DEPTH + 1);
        assert_eq!(too_deep_at(&deep), Some(MAX_BRACKET_DEPTH));
        assert_eq!(too_deep_at(&format!("'{deep}'")), None);
    }
}
