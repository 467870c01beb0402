//! The validation context: collects diagnostics and offers typed field checks shared by
//! every part of the walk.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::messages as m;
use crate::diagnostics::{escape_pointer_token, Diagnostic};
use crate::json::{Member, Node, NodeKind};

/// The query language in force for a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    JsonPath,
    Jsonata,
}

/// A transition target found in a state, checked against its scope.
#[derive(Debug, Clone)]
pub(crate) struct Transition {
    pub target: String,
    pub pointer: String,
    pub span: Range<usize>,
}

/// A transition to a state that is not in the scope; reported once all names are known.
struct Missing {
    target: String,
    pointer: String,
    span: Range<usize>,
}

pub(crate) struct Ctx<'t> {
    /// The source text (to map offsets inside strings to the source).
    pub text: &'t str,
    pub diags: Vec<Diagnostic>,
    /// The top-level `QueryLanguage` (the default for every state).
    pub top_lang: Lang,
    /// Every state name in the machine.
    pub state_names: HashSet<String>,
    missing: Vec<Missing>,
    /// Span starts of `States` objects (their duplicate keys are duplicate state names).
    pub states_objects: HashSet<usize>,
    /// Every Map `Label` seen so far (labels are unique across the machine).
    pub labels: HashSet<String>,
}

/// `ptr` extended by one token.
pub(crate) fn join(ptr: &str, token: &str) -> String {
    let mut out = String::with_capacity(ptr.len() + 1 + token.len());
    out.push_str(ptr);
    push_token(&mut out, token);
    out
}

/// Appends `/token` (escaped) to `ptr`.
fn push_token(ptr: &mut String, token: &str) {
    ptr.push('/');
    // Bytes, not a `char` pattern: that is a decoding loop per call in the size-optimized wasm.
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        ptr.push_str(&escape_pointer_token(token));
    } else {
        ptr.push_str(token);
    }
}

/// Objects with at most this many members are checked for repeated keys by comparing each
/// key with the ones before it, cheaper than hashing them.
const SCAN_KEYS: usize = 16;

/// One step of a JSON pointer: a member's key or an item's index.
#[derive(Clone, Copy)]
enum Token<'n> {
    Key(&'n str),
    Index(usize),
}

/// The JSON pointer of `path`.
fn pointer(path: &[Token<'_>]) -> String {
    let mut out = String::new();
    for token in path {
        match token {
            Token::Key(key) => push_token(&mut out, key),
            Token::Index(i) => push_token(&mut out, &i.to_string()),
        }
    }
    out
}

/// The first byte of a node (to point at an object without underlining all of it).
pub(crate) fn head(node: &Node) -> Range<usize> {
    node.span.start..node.span.start + 1
}

/// Integers only (`3`, `3.0` is accepted as AWS's JSON parser does for integral doubles).
pub(crate) fn as_integer(node: &Node) -> Option<f64> {
    let n = node.as_f64()?;
    (n.fract() == 0.0).then_some(n)
}

impl<'t> Ctx<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            diags: Vec::new(),
            top_lang: Lang::JsonPath,
            state_names: HashSet::new(),
            missing: Vec::new(),
            states_objects: HashSet::new(),
            labels: HashSet::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn missing_target(&mut self, t: &Transition) {
        self.missing.push(Missing {
            target: t.target.clone(),
            pointer: t.pointer.clone(),
            span: t.span.clone(),
        });
    }

    /// Reports what can only be reported at the end, and returns all diagnostics.
    pub fn finish(mut self, root: &Node) -> Vec<Diagnostic> {
        for miss in std::mem::take(&mut self.missing) {
            let elsewhere = self.state_names.contains(&miss.target);
            self.diags.push(m::missing_target(
                &miss.pointer,
                miss.span,
                &miss.target,
                elsewhere,
            ));
        }
        self.duplicate_keys(root, &mut Vec::new());
        self.diags
    }

    /// Warns about repeated keys in every object except `States` maps (handled as
    /// duplicate state names). `path` holds the keys and indices down to `node`; the pointer
    /// text is built only for a repeated key (building it for every member was a fifth of
    /// `asl run` on a definition of a hundred states, bench/README.md).
    fn duplicate_keys<'n>(&mut self, node: &'n Node, path: &mut Vec<Token<'n>>) {
        match &node.kind {
            NodeKind::Object(members) => {
                if !self.states_objects.contains(&node.span.start) {
                    let mut seen: HashMap<&str, ()> = HashMap::new();
                    for (i, mem) in members.iter().enumerate() {
                        let repeated = if members.len() <= SCAN_KEYS {
                            members[..i].iter().any(|m| m.key == mem.key)
                        } else {
                            seen.insert(&mem.key, ()).is_some()
                        };
                        if repeated {
                            let mut p = pointer(path);
                            push_token(&mut p, &mem.key);
                            self.diags
                                .push(m::duplicate_key(&p, mem.key_span.clone(), &mem.key));
                        }
                    }
                }
                for mem in members {
                    path.push(Token::Key(&mem.key));
                    self.duplicate_keys(&mem.value, path);
                    path.pop();
                }
            }
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Token::Index(i));
                    self.duplicate_keys(item, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    pub fn string<'n>(&mut self, ptr: &str, mem: &'n Member) -> Option<&'n str> {
        let s = mem.value.as_str();
        if s.is_none() {
            self.push(m::wrong_type(
                ptr,
                mem.value.span.clone(),
                &mem.key,
                "a string",
                mem.value.type_name(),
            ));
        }
        s
    }

    pub fn boolean(&mut self, ptr: &str, mem: &Member) -> Option<bool> {
        let b = mem.value.as_bool();
        if b.is_none() {
            self.push(m::wrong_type(
                ptr,
                mem.value.span.clone(),
                &mem.key,
                "true or false",
                mem.value.type_name(),
            ));
        }
        b
    }

    pub fn object(&mut self, ptr: &str, mem: &Member) -> bool {
        let ok = mem.value.is_object();
        if !ok {
            self.push(m::wrong_type(
                ptr,
                mem.value.span.clone(),
                &mem.key,
                "an object",
                mem.value.type_name(),
            ));
        }
        ok
    }

    /// An integer in `min..=max`; `rule` describes the range for the message.
    pub fn integer(
        &mut self,
        ptr: &str,
        mem: &Member,
        min: f64,
        max: f64,
        rule: &str,
    ) -> Option<f64> {
        let Some(n) = as_integer(&mem.value) else {
            let found = match mem.value.as_f64() {
                Some(_) => "a fractional number",
                None => mem.value.type_name(),
            };
            self.push(m::wrong_type(
                ptr,
                mem.value.span.clone(),
                &mem.key,
                "an integer",
                found,
            ));
            return None;
        };
        if n < min || n > max {
            self.push(m::out_of_range(ptr, mem.value.span.clone(), &mem.key, rule));
            return None;
        }
        Some(n)
    }

    /// A number in `min..=max`.
    pub fn number(
        &mut self,
        ptr: &str,
        mem: &Member,
        min: f64,
        max: f64,
        rule: &str,
    ) -> Option<f64> {
        let Some(n) = mem.value.as_f64() else {
            self.push(m::wrong_type(
                ptr,
                mem.value.span.clone(),
                &mem.key,
                "a number",
                mem.value.type_name(),
            ));
            return None;
        };
        if n < min || n > max {
            self.push(m::out_of_range(ptr, mem.value.span.clone(), &mem.key, rule));
            return None;
        }
        Some(n)
    }

    /// A string from a fixed set.
    pub fn one_of(&mut self, ptr: &str, mem: &Member, allowed: &[&str]) -> Option<String> {
        let s = self.string(ptr, mem)?;
        if allowed.contains(&s) {
            Some(s.to_string())
        } else {
            self.push(m::invalid_enum(
                ptr,
                mem.value.span.clone(),
                &mem.key,
                s,
                allowed,
            ));
            None
        }
    }

    /// Reports members of `node` whose keys are not in `allowed`.
    pub fn known_keys(&mut self, node: &Node, ptr: &str, owner: &str, allowed: &[&str]) {
        for mem in node.members() {
            if !allowed.contains(&mem.key.as_str()) {
                self.push(m::unknown_field(
                    &join(ptr, &mem.key),
                    mem.key_span.clone(),
                    owner,
                    &mem.key,
                    allowed,
                ));
            }
        }
    }
}

/// True when `s` reads as a JSONPath (`$`, `$.…`, `$$.…`, `$[…]`) that parses.
pub(crate) fn looks_like_path(s: &str) -> bool {
    (s == "$" || s.starts_with("$.") || s.starts_with("$$.") || s.starts_with("$["))
        && super::paths_syntax::check_path(s, super::paths_syntax::ANY_ROOT).is_ok()
}
