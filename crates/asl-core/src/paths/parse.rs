//! Parser for Jayway-style JSONPath text into [`Path`].
//!
//! Works on bytes: every delimiter is ASCII, so slicing at delimiters always lands on UTF-8
//! character boundaries.

use serde_json::Value;

use crate::doc::Doc;

use super::filter::{CmpOp, Expr, Operand, OperandRoot};
use super::{Path, PathSyntaxError, Root, Segment, Selector};

/// Filter expressions nest through parentheses and `!`; bound the recursion on user text.
const MAX_FILTER_DEPTH: usize = crate::limits::MAX_FILTER_DEPTH;

pub(super) fn parse_path(text: &str) -> Result<Path, PathSyntaxError> {
    let mut p = Parser {
        src: text,
        pos: 0,
        depth: 0,
    };
    let root = p.root()?;
    let segments = p.segments(false)?;
    if p.pos < text.len() {
        return Err(p.error("unexpected character in path"));
    }
    let definite = is_definite(&segments);
    Ok(Path {
        text: text.to_string(),
        root,
        segments,
        definite,
    })
}

/// Jayway's definiteness: only names and single indexes, with a multi-name allowed as leaf.
pub(super) fn is_definite(segments: &[Segment]) -> bool {
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .all(|(i, segment)| match segment {
            Segment::Child(Selector::Name(_) | Selector::Index(_)) => true,
            Segment::Child(Selector::Names(_)) => i == last,
            _ => false,
        })
}

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    depth: usize,
}

impl<'s> Parser<'s> {
    fn error(&self, message: &str) -> PathSyntaxError {
        PathSyntaxError {
            message: message.to_string(),
            offset: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.src.as_bytes().get(self.pos + ahead).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.src[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), PathSyntaxError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn root(&mut self) -> Result<Root, PathSyntaxError> {
        if !self.eat(b'$') {
            return Err(self.error("a path must start with '$'"));
        }
        if self.eat(b'$') {
            return Ok(Root::Context);
        }
        let start = self.pos;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        if self.pos > start {
            Ok(Root::Variable(self.src[start..self.pos].to_string()))
        } else {
            Ok(Root::Input)
        }
    }

    /// Segments until the end of the text (or, inside a filter, until a character that cannot
    /// continue a path).
    fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>, PathSyntaxError> {
        let mut segments = Vec::new();
        loop {
            match self.peek() {
                Some(b'.') if self.peek_at(1) == Some(b'.') => {
                    self.pos += 2;
                    let selector = match self.peek() {
                        Some(b'[') => self.bracket()?,
                        Some(b'*') => {
                            self.pos += 1;
                            Selector::Wildcard
                        }
                        _ => Selector::Name(self.dot_name(in_filter)?),
                    };
                    segments.push(Segment::Descendant(selector));
                }
                Some(b'.') => {
                    self.pos += 1;
                    if self.eat(b'*') {
                        segments.push(Segment::Child(Selector::Wildcard));
                    } else if self.peek() == Some(b'[') {
                        // Jayway accepts `$.['a']` as `$['a']`.
                        segments.push(Segment::Child(self.bracket()?));
                    } else {
                        segments.push(Segment::Child(Selector::Name(self.dot_name(in_filter)?)));
                    }
                }
                Some(b'[') => segments.push(Segment::Child(self.bracket()?)),
                _ => return Ok(segments),
            }
        }
    }

    fn dot_name(&mut self, in_filter: bool) -> Result<String, PathSyntaxError> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            let stop = match b {
                b'.' | b'[' => true,
                b' ' | b'\t' | b'\n' | b'\r' | b')' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|'
                | b',' | b']' => in_filter,
                _ => false,
            };
            if stop {
                break;
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error("expected a field name"));
        }
        Ok(self.src[start..self.pos].to_string())
    }

    fn bracket(&mut self) -> Result<Selector, PathSyntaxError> {
        self.expect(b'[', "'['")?;
        self.skip_ws();
        let selector = match self.peek() {
            Some(b'\'' | b'"') => {
                let mut names = vec![self.quoted()?];
                self.skip_ws();
                while self.eat(b',') {
                    self.skip_ws();
                    names.push(self.quoted()?);
                    self.skip_ws();
                }
                if names.len() == 1 {
                    Selector::Name(names.pop().unwrap_or_default())
                } else {
                    Selector::Names(names)
                }
            }
            Some(b'*') => {
                self.pos += 1;
                Selector::Wildcard
            }
            Some(b'?') => {
                self.pos += 1;
                self.skip_ws();
                self.expect(b'(', "'(' after '?'")?;
                let expr = self.or_expr()?;
                self.skip_ws();
                self.expect(b')', "')' closing the filter")?;
                Selector::Filter(Box::new(expr))
            }
            Some(b'-' | b'0'..=b'9' | b':') => self.indexes_or_slice()?,
            _ => return Err(self.error("expected a quoted name, index, slice, '*' or filter")),
        };
        self.skip_ws();
        self.expect(b']', "']'")?;
        Ok(selector)
    }

    fn quoted(&mut self) -> Result<String, PathSyntaxError> {
        let quote = match self.peek() {
            Some(q @ (b'\'' | b'"')) => q,
            _ => return Err(self.error("expected a quoted name")),
        };
        self.pos += 1;
        let mut out = String::new();
        let mut chunk_start = self.pos;
        loop {
            match self.peek() {
                None => return Err(self.error("unterminated quoted name")),
                Some(b) if b == quote => {
                    out.push_str(&self.src[chunk_start..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                // Only an escaped delimiter is unescaped; any other backslash stays, as AWS
                // matched `$['Test\""Name"']` against the key `Test\""Name"` (recorded).
                Some(b'\\') if self.peek_at(1) == Some(quote) => {
                    out.push_str(&self.src[chunk_start..self.pos]);
                    out.push(quote as char);
                    self.pos += 2;
                    chunk_start = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn integer(&mut self) -> Result<i64, PathSyntaxError> {
        let start = self.pos;
        self.eat(b'-');
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.src[start..self.pos]
            .parse()
            .map_err(|_| PathSyntaxError {
                message: "expected an integer".to_string(),
                offset: start,
            })
    }

    fn indexes_or_slice(&mut self) -> Result<Selector, PathSyntaxError> {
        let start = if self.peek() == Some(b':') {
            None
        } else {
            Some(self.integer()?)
        };
        self.skip_ws();
        if self.eat(b':') {
            self.skip_ws();
            let end = if matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
                Some(self.integer()?)
            } else {
                None
            };
            return Ok(Selector::Slice(start, end));
        }
        let first = start.ok_or_else(|| self.error("expected an index"))?;
        let mut indexes = vec![first];
        while self.eat(b',') {
            self.skip_ws();
            indexes.push(self.integer()?);
            self.skip_ws();
        }
        Ok(if indexes.len() == 1 {
            Selector::Index(first)
        } else {
            Selector::Indexes(indexes)
        })
    }

    fn enter(&mut self) -> Result<(), PathSyntaxError> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(self.error(&format!(
                "filter expression nested more than {MAX_FILTER_DEPTH} levels deep"
            )));
        }
        Ok(())
    }

    fn or_expr(&mut self) -> Result<Expr, PathSyntaxError> {
        self.enter()?;
        let mut left = self.and_expr()?;
        loop {
            self.skip_ws();
            if self.eat_str("||") {
                let right = self.and_expr()?;
                left = Expr::Or(Box::new(left), Box::new(right));
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, PathSyntaxError> {
        let mut left = self.unary()?;
        loop {
            self.skip_ws();
            if self.eat_str("&&") {
                let right = self.unary()?;
                left = Expr::And(Box::new(left), Box::new(right));
            } else {
                break;
            }
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, PathSyntaxError> {
        self.skip_ws();
        if self.peek() == Some(b'!') && self.peek_at(1) != Some(b'=') {
            self.pos += 1;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        if self.eat(b'(') {
            let inner = self.or_expr()?;
            self.skip_ws();
            self.expect(b')', "')'")?;
            return Ok(inner);
        }
        let left = self.operand()?;
        self.skip_ws();
        let op = if self.eat_str("==") {
            CmpOp::Eq
        } else if self.eat_str("!=") {
            CmpOp::Ne
        } else if self.eat_str("<=") {
            CmpOp::Le
        } else if self.eat_str(">=") {
            CmpOp::Ge
        } else if self.eat(b'<') {
            CmpOp::Lt
        } else if self.eat(b'>') {
            CmpOp::Gt
        } else if self.keyword("nin") {
            CmpOp::Nin
        } else if self.keyword("in") {
            CmpOp::In
        } else if self.src[self.pos..].starts_with("=~") {
            return Err(self.error("regular expressions in filters are not supported"));
        } else {
            return match left {
                Operand::Path { .. } => Ok(Expr::Exists(left)),
                Operand::Literal(_) => Err(self.error("expected a comparison operator")),
            };
        };
        self.skip_ws();
        let right = self.operand()?;
        Ok(Expr::Compare(left, op, right))
    }

    fn keyword(&mut self, word: &str) -> bool {
        let rest = &self.src[self.pos..];
        if rest.starts_with(word)
            && !rest[word.len()..]
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    fn operand(&mut self) -> Result<Operand, PathSyntaxError> {
        self.skip_ws();
        match self.peek() {
            Some(b'@') => {
                self.pos += 1;
                let segments = self.segments(true)?;
                Ok(Operand::Path {
                    root: OperandRoot::Current,
                    definite: is_definite(&segments),
                    segments,
                })
            }
            Some(b'$') => {
                let root = self.root()?;
                let segments = self.segments(true)?;
                Ok(Operand::Path {
                    root: OperandRoot::Absolute(root),
                    definite: is_definite(&segments),
                    segments,
                })
            }
            Some(b'\'' | b'"') => Ok(Operand::Literal(Doc::from(self.quoted()?))),
            Some(b'[') => self.list_literal(),
            Some(b'{') => self.json_literal(),
            _ => {
                if self.keyword("true") {
                    Ok(Operand::Literal(Doc::Bool(true)))
                } else if self.keyword("false") {
                    Ok(Operand::Literal(Doc::Bool(false)))
                } else if self.keyword("null") {
                    Ok(Operand::Literal(Doc::Null))
                } else {
                    self.number_literal()
                }
            }
        }
    }

    fn number_literal(&mut self) -> Result<Operand, PathSyntaxError> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        serde_json::from_str::<serde_json::Number>(text)
            .map(|n| Operand::Literal(Doc::Number(n)))
            .map_err(|_| PathSyntaxError {
                message: "expected a path, string, number, true, false or null".to_string(),
                offset: start,
            })
    }

    /// `[1, 'a', "b", true]`: Jayway accepts single-quoted strings in lists.
    fn list_literal(&mut self) -> Result<Operand, PathSyntaxError> {
        self.expect(b'[', "'['")?;
        let mut items = Vec::new();
        self.skip_ws();
        if !self.eat(b']') {
            loop {
                self.enter()?;
                let item = self.operand();
                self.depth -= 1;
                match item? {
                    Operand::Literal(value) => items.push(value),
                    Operand::Path { .. } => {
                        return Err(self.error("a list literal may only hold literals"))
                    }
                }
                self.skip_ws();
                if self.eat(b']') {
                    break;
                }
                self.expect(b',', "',' or ']' in a list")?;
                self.skip_ws();
            }
        }
        Ok(Operand::Literal(Doc::array(items)))
    }

    /// A JSON object literal (Jayway allows them on the right of `in`/`nin`/`==`).
    fn json_literal(&mut self) -> Result<Operand, PathSyntaxError> {
        let start = self.pos;
        let mut stream =
            serde_json::Deserializer::from_str(&self.src[start..]).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => {
                self.pos = start + stream.byte_offset();
                Ok(Operand::Literal(Doc::from(value)))
            }
            _ => Err(self.error("malformed JSON literal in filter")),
        }
    }
}
