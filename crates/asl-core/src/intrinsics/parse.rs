//! Parser for intrinsic call text such as `States.Format('{} {}', $.a, States.UUID())`.

use serde_json::Value;

use super::functions::arity;
use super::{Arg, Call, Function, MAX_NESTING};
use crate::doc::Doc;
use crate::paths::Path;

type Error = (String, usize);

pub(super) fn parse_call(text: &str) -> Result<Call, Error> {
    let mut p = Parser { src: text, pos: 0 };
    p.skip_ws();
    let call = p.call(1)?;
    p.skip_ws();
    if p.pos < text.len() {
        return Err(p.error("unexpected text after the closing ')'"));
    }
    Ok(call)
}

struct Parser<'s> {
    src: &'s str,
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> Error {
        (message.to_string(), self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn call(&mut self, depth: usize) -> Result<Call, Error> {
        if depth > MAX_NESTING {
            return Err(self.error(&format!(
                "intrinsic functions can be nested at most {MAX_NESTING} deep"
            )));
        }
        let start = self.pos;
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        {
            self.pos += 1;
        }
        let name = &self.src[start..self.pos];
        let function = Function::from_name(name).ok_or_else(|| {
            (
                if name.is_empty() {
                    "expected an intrinsic function such as States.Format(...)".to_string()
                } else {
                    format!("unknown intrinsic function '{name}'")
                },
                start,
            )
        })?;
        self.skip_ws();
        if self.peek() != Some(b'(') {
            return Err(self.error(&format!("expected '(' after {name}")));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b')') {
            self.pos += 1;
        } else {
            loop {
                self.skip_ws();
                args.push(self.arg(depth)?);
                self.skip_ws();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b')') => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err(self.error("missing ')' at the end of the call")),
                    _ => return Err(self.error("expected ',' or ')' after an argument")),
                }
            }
        }
        let (min, max) = arity(function);
        let n = args.len();
        if n < min || max.is_some_and(|max| n > max) {
            let expected = match max {
                Some(max) if max == min => format!("{min}"),
                Some(max) => format!("{min} to {max}"),
                None => format!("at least {min}"),
            };
            return Err((
                format!("{name} takes {expected} argument(s), but {n} were given"),
                start,
            ));
        }
        Ok(Call { function, args })
    }

    fn arg(&mut self, depth: usize) -> Result<Arg, Error> {
        match self.peek() {
            Some(b'\'') => self.string(),
            Some(b'$') => self.path(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'S') if self.src[self.pos..].starts_with("States.") => {
                Ok(Arg::Call(self.call(depth + 1)?))
            }
            _ => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self.src[self.pos..].starts_with(word)
                        && !self
                            .src
                            .as_bytes()
                            .get(self.pos + word.len())
                            .is_some_and(|b| b.is_ascii_alphanumeric())
                    {
                        self.pos += word.len();
                        return Ok(Arg::Literal(Doc::from(value)));
                    }
                }
                Err(self.error(
                    "expected an argument: a 'string', number, true, false, null, path or States.* call",
                ))
            }
        }
    }

    fn string(&mut self) -> Result<Arg, Error> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        let mut value = String::new();
        let mut chunk = self.pos;
        loop {
            match self.peek() {
                None => return Err(("unterminated string literal".to_string(), open)),
                Some(b'\'') => {
                    value.push_str(&self.src[chunk..self.pos]);
                    let raw = self.src[start..self.pos].to_string();
                    self.pos += 1;
                    return Ok(Arg::String { value, raw });
                }
                Some(b'\\') => {
                    value.push_str(&self.src[chunk..self.pos]);
                    match self.src.as_bytes().get(self.pos + 1) {
                        Some(&c @ (b'\'' | b'{' | b'}' | b'\\')) => {
                            value.push(c as char);
                            self.pos += 2;
                        }
                        // The reference: "If an open escape backslash \ is found in the
                        // intrinsic invocation string, the interpreter will throw" an error.
                        _ => {
                            return Err((
                                "a backslash in a string literal must escape one of ' { } \\"
                                    .to_string(),
                                self.pos,
                            ))
                        }
                    }
                    chunk = self.pos;
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    fn number(&mut self) -> Result<Arg, Error> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
        ) {
            self.pos += 1;
        }
        serde_json::from_str::<serde_json::Number>(&self.src[start..self.pos])
            .map(|n| Arg::Literal(Doc::Number(n)))
            .map_err(|_| ("malformed number".to_string(), start))
    }

    /// A path runs to the next `,` or `)` outside brackets and quotes.
    fn path(&mut self) -> Result<Arg, Error> {
        let start = self.pos;
        let mut brackets = 0usize;
        let mut quote: Option<u8> = None;
        while let Some(b) = self.peek() {
            match quote {
                Some(q) => {
                    if b == b'\\' {
                        self.pos += 1;
                    } else if b == q {
                        quote = None;
                    }
                }
                None => match b {
                    b'\'' | b'"' if brackets > 0 => quote = Some(b),
                    b'[' => brackets += 1,
                    b']' => brackets = brackets.saturating_sub(1),
                    b',' | b')' | b' ' | b'\t' | b'\n' | b'\r' if brackets == 0 => break,
                    _ => {}
                },
            }
            self.pos += 1;
        }
        let end = self.pos.min(self.src.len());
        Path::parse(&self.src[start..end])
            .map(Arg::Path)
            .map_err(|e| (format!("invalid path: {}", e.message), start + e.offset))
    }
}
