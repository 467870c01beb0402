//! A recursive-descent JSON parser (RFC 8259) that records spans. Recursion is bounded by
//! [`MAX_DEPTH`], so hostile input gives a diagnostic instead of a stack overflow.

use serde_json::Number;

use super::{Member, Node, NodeKind};
use crate::diagnostics::{escape_pointer_token, Diagnostic, Severity};

/// Deepest nesting of arrays and objects accepted. The same limit as serde_json's, so a
/// document accepted here also loads there; it keeps every recursive consumer of a [`Node`]
/// (validator, `to_value`, drop) well inside a 1 MB wasm stack, and no real state machine
/// nests anywhere near it.
pub const MAX_DEPTH: usize = crate::limits::MAX_JSON_DEPTH;

const TRAILING_COMMA: &str =
    "trailing comma: JSON does not allow a ',' before a closing bracket; remove it";

/// Parses `text` as one JSON value. A leading byte order mark is skipped (spans still count
/// it). The error is an `INVALID_JSON` diagnostic at the offending byte, with the pointer of
/// the value being read.
pub fn parse(text: &str) -> Result<Node, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: start,
        path: Vec::new(),
    };
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Err(p.error_at(
            p.pos,
            "the document is empty: expected a JSON object".into(),
        ));
    }
    let node = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error_at(
            p.pos,
            format!(
                "unexpected {} after the end of the JSON value",
                p.describe(p.pos)
            ),
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Pointer tokens of the value being parsed, for error locations: kept as spans and
    /// indices, decoded only for an error (a `String` per member was a third of parsing).
    path: Vec<Token>,
}

/// One step of [`Parser::path`].
enum Token {
    /// An object member: the span of its key in the text, quotes included.
    Key(std::ops::Range<usize>),
    /// An array item.
    Index(usize),
}

impl Parser<'_> {
    fn error_at(&self, offset: usize, message: String) -> Diagnostic {
        let mut end = (offset + 1).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        let pointer: String = self
            .path
            .iter()
            .map(|t| match t {
                // The key parsed once already, so it decodes again.
                Token::Key(span) => {
                    let mut again = Parser {
                        text: self.text,
                        bytes: self.bytes,
                        pos: span.start,
                        path: Vec::new(),
                    };
                    let key = again.string().unwrap_or_default();
                    format!("/{}", escape_pointer_token(&key))
                }
                Token::Index(i) => format!("/{i}"),
            })
            .collect();
        Diagnostic {
            code: "INVALID_JSON",
            severity: Severity::Error,
            message,
            pointer,
            span: offset.min(self.text.len())..end,
        }
    }

    /// Describes the character at `offset` for a message.
    fn describe(&self, offset: usize) -> String {
        match self.text.get(offset..).and_then(|s| s.chars().next()) {
            None => "end of input".into(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("'{c}'"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Diagnostic> {
        let start = self.pos;
        let kind = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => NodeKind::String(self.string()?),
            Some(b't') => self.literal("true", NodeKind::Bool(true))?,
            Some(b'f') => self.literal("false", NodeKind::Bool(false))?,
            Some(b'n') => self.literal("null", NodeKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => {
                return Err(self.error_at(
                    self.pos,
                    format!("expected a JSON value, found {}", self.describe(self.pos)),
                ))
            }
        };
        Ok(Node {
            kind,
            span: start..self.pos,
        })
    }

    fn enter(&self, depth: usize) -> Result<(), Diagnostic> {
        if depth >= MAX_DEPTH {
            return Err(self.error_at(
                self.pos,
                format!("nesting is deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<NodeKind, Diagnostic> {
        self.enter(depth)?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(NodeKind::Object(members));
        }
        let mut comma = None;
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                if let (Some(comma), Some(b'}')) = (comma, self.bytes.get(self.pos)) {
                    return Err(self.error_at(comma, TRAILING_COMMA.into()));
                }
                return Err(self.error_at(
                    self.pos,
                    format!(
                        "expected a quoted object key, found {}",
                        self.describe(self.pos)
                    ),
                ));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = key_start..self.pos;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error_at(
                    self.pos,
                    format!(
                        "expected ':' after the key \"{key}\", found {}",
                        self.describe(self.pos)
                    ),
                ));
            }
            self.pos += 1;
            self.skip_ws();
            self.path.push(Token::Key(key_span.clone()));
            let value = self.value(depth + 1)?;
            self.path.pop();
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    comma = Some(self.pos);
                    self.pos += 1;
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(NodeKind::Object(members));
                }
                _ => {
                    return Err(self.error_at(
                        self.pos,
                        format!(
                            "expected ',' or '}}' in an object, found {}",
                            self.describe(self.pos)
                        ),
                    ))
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<NodeKind, Diagnostic> {
        self.enter(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(NodeKind::Array(items));
        }
        let mut comma = 0;
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) == Some(&b']') {
                return Err(self.error_at(comma, TRAILING_COMMA.into()));
            }
            self.path.push(Token::Index(items.len()));
            let item = self.value(depth + 1)?;
            self.path.pop();
            items.push(item);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => {
                    comma = self.pos;
                    self.pos += 1;
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(NodeKind::Array(items));
                }
                _ => {
                    return Err(self.error_at(
                        self.pos,
                        format!(
                            "expected ',' or ']' in an array, found {}",
                            self.describe(self.pos)
                        ),
                    ))
                }
            }
        }
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<NodeKind, Diagnostic> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error_at(
                self.pos,
                format!(
                    "expected a JSON value, found {} (did you mean `{word}`?)",
                    self.describe(self.pos)
                ),
            ))
        }
    }

    fn number(&mut self) -> Result<NodeKind, Diagnostic> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = b.get(i) {
                    i += 1;
                }
            }
            _ => return Err(self.error_at(i, "expected a digit in a number".into())),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.error_at(i, "expected a digit after the decimal point".into()));
            }
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.error_at(i, "expected a digit in the exponent".into()));
            }
            while let Some(b'0'..=b'9') = b.get(i) {
                i += 1;
            }
        }
        if let Some(b'0'..=b'9') = b.get(i) {
            return Err(self.error_at(i, "numbers cannot have leading zeros".into()));
        }
        self.pos = i;
        let literal = &self.text[start..i];
        serde_json::from_str::<Number>(literal)
            .map(NodeKind::Number)
            .map_err(|_| self.error_at(start, format!("the number {literal} is out of range")))
    }

    /// Reads a string starting at the opening quote; returns it decoded.
    fn string(&mut self) -> Result<String, Diagnostic> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(&c) = self.bytes.get(self.pos) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.bytes.get(self.pos) {
                None => {
                    return Err(self.error_at(self.pos, "unterminated string".into()));
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let esc = self.pos;
                    self.pos += 1;
                    let c = match self.bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            out.push(self.unicode_escape(esc)?);
                            continue;
                        }
                        _ => {
                            return Err(self.error_at(
                                esc,
                                format!("invalid escape sequence \\{}", {
                                    let d = self.describe(self.pos);
                                    d.trim_matches('\'').to_string()
                                }),
                            ))
                        }
                    };
                    self.pos += 1;
                    out.push(c);
                }
                Some(_) => {
                    return Err(self.error_at(
                        self.pos,
                        format!(
                            "{} inside a string must be escaped",
                            self.describe(self.pos)
                        ),
                    ))
                }
            }
        }
    }

    /// Reads the 4 hex digits after `\u` (and a low surrogate after a high one).
    fn unicode_escape(&mut self, esc: usize) -> Result<char, Diagnostic> {
        let first = self.hex4(esc)?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.pos) == Some(&b'\\')
                && self.bytes.get(self.pos + 1) == Some(&b'u')
            {
                self.pos += 2;
                let second = self.hex4(esc)?;
                if !(0xDC00..0xE000).contains(&second) {
                    return Err(self.error_at(esc, "invalid UTF-16 surrogate pair".into()));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else {
                return Err(self.error_at(esc, "lone UTF-16 surrogate in \\u escape".into()));
            }
        } else {
            first
        };
        char::from_u32(code)
            .ok_or_else(|| self.error_at(esc, "lone UTF-16 surrogate in \\u escape".into()))
    }

    fn hex4(&mut self, esc: usize) -> Result<u32, Diagnostic> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error_at(esc, "\\u must be followed by 4 hex digits".into()))?;
        self.pos += 4;
        u32::from_str_radix(digits, 16)
            .map_err(|_| self.error_at(esc, "\\u must be followed by 4 hex digits".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Ok(value as JSON text)` or `Err((offset, pointer, message fragment))`.
    type Expected = Result<&'static str, (usize, &'static str, &'static str)>;

    fn check(text: &str, expected: Expected) {
        match (parse(text), expected) {
            (Ok(node), Ok(json)) => assert_eq!(node.to_value().to_string(), json, "{text:?}"),
            (Err(d), Err((offset, pointer, fragment))) => {
                assert_eq!(d.code, "INVALID_JSON");
                assert_eq!(
                    (d.span.start, d.pointer.as_str()),
                    (offset, pointer),
                    "{text:?}"
                );
                assert!(
                    d.message.contains(fragment),
                    "{:?} lacks {fragment:?}",
                    d.message
                );
            }
            (got, want) => panic!("{text:?}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn parses_and_rejects() {
        let cases: &[(&str, Expected)] = &[
            (
                r#" {"a": [1, -2.5e3, true, null, "x\u00e9\ud83d\ude00\n"]} "#,
                Ok(r#"{"a":[1,-2500.0,true,null,"xé😀\n"]}"#),
            ),
            ("\u{feff}{}", Ok("{}")),
            (r#"{"a":1,"a":2}"#, Ok(r#"{"a":2}"#)),
            ("", Err((0, "", "empty"))),
            ("   ", Err((3, "", "empty"))),
            (r#"{"a": [1, 2,]}"#, Err((11, "/a", "trailing comma"))),
            (r#"{"a": {"b": tru}}"#, Err((12, "/a/b", "true"))),
            (r#"{"a": 1,}"#, Err((7, "", "trailing comma"))),
            (r#"{"a" 1}"#, Err((5, "", "expected ':'"))),
            (r#"{"a": 01}"#, Err((7, "/a", "leading zeros"))),
            (r#"{"a": "x"#, Err((8, "/a", "unterminated"))),
            ("{\"a\": \"x\ty\"}", Err((8, "/a", "must be escaped"))),
            (r#"{"a": "\q"}"#, Err((7, "/a", "invalid escape"))),
            (r#"{"a": "\ud800"}"#, Err((7, "/a", "surrogate"))),
            (r#"{} {}"#, Err((3, "", "after the end"))),
            (r#"{"a": 1e999}"#, Err((6, "/a", "out of range"))),
            (r#"{'a': 1}"#, Err((1, "", "quoted object key"))),
        ];
        for (text, expected) in cases {
            check(text, *expected);
        }
    }

    #[test]
    fn spans_cover_keys_and_values() {
        let text = r#"{"States": {"A": {"Type": "Pass"}}}"#;
        let node = parse(text).unwrap_or_else(|d| panic!("{d:?}"));
        let states = node.member("States").map(|m| m.key_span.clone());
        assert_eq!(states, Some(1..9));
        let ty = node
            .pointer("/States/A/Type")
            .map(|n| &text[n.span.clone()]);
        assert_eq!(ty, Some("\"Pass\""));
        assert!(node.pointer("/States/B").is_none());
        let tricky = parse(r#"{"a/b": {"c~d": [10, 20]}}"#).unwrap_or_else(|d| panic!("{d:?}"));
        let twenty = tricky.pointer("/a~1b/c~0d/1").and_then(|n| n.as_f64());
        assert_eq!(twenty, Some(20.0));
        assert!(tricky.pointer("/a~1b/c~0d/2").is_none());
        assert!(tricky.pointer("no-slash").is_none());
        assert_eq!(tricky.pointer("").map(|n| n.span.clone()), Some(0..26));
    }

    #[test]
    fn deep_nesting_is_a_diagnostic() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(100_000);
        let err = parse(&deep).err().map(|d| (d.span.start, d.message));
        assert_eq!(
            err,
            Some((
                MAX_DEPTH,
                format!("nesting is deeper than {MAX_DEPTH} levels")
            ))
        );
    }
}
