//! Problems in a definition (or a mock file), for a person to read. Each carries a stable
//! code, a severity, a message that says how to fix it, a byte range in the source text and
//! a JSON Pointer into the document.

use std::ops::Range;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The definition would be rejected by AWS (or cannot run).
    Error,
    /// Accepted, but probably not what was meant.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `MISSING_TRANSITION_TARGET` (names follow AWS's
    /// ValidateStateMachineDefinition and asl-validator where they exist).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub message: String,
    /// JSON Pointer (RFC 6901) of the offending value, e.g. `/States/Train Model/Next`.
    pub pointer: String,
    /// Byte range of the offending value in the source text.
    pub span: Range<usize>,
}

/// Converts byte offsets into 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 1-based position in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column counted in Unicode scalar values (characters).
    pub column: usize,
    /// 1-based column counted in UTF-16 code units (what browser editors use).
    pub column_utf16: usize,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { line_starts }
    }

    /// The position of byte `offset` in `text` (clamped to the text, and to a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let prefix = &text[start..offset];
        Position {
            line,
            column: prefix.chars().count() + 1,
            column_utf16: prefix.encode_utf16().count() + 1,
        }
    }
}

/// Escapes one JSON Pointer reference token (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    // Most tokens need no escape: one copy instead of two `replace` passes.
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_utf16_columns() {
        let text = "{\n  \"é😀\": 1\n}";
        let index = LineIndex::new(text);
        let offset = text.find('1').unwrap_or(0);
        let pos = index.position(text, offset);
        assert_eq!((pos.line, pos.column, pos.column_utf16), (2, 9, 10));
        assert_eq!(index.position(text, 0).line, 1);
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
    }
}
