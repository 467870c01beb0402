//! JSON with positions: every value and every object key keeps its byte span in the source
//! text, so diagnostics can point at the exact place (`serde_json::Value` drops positions).
//!
//! Duplicate keys are kept in [`NodeKind::Object`] in source order (the validator reports
//! them); [`Node::get`] and [`Node::to_value`] let the last occurrence win, as serde_json does.
//!
//! ```
//! let node = asl_core::json::parse(r#"{"States": {"A": {"Type": "Pass"}}}"#).unwrap();
//! let a = node.pointer("/States/A/Type").unwrap();
//! assert_eq!(a.as_str(), Some("Pass"));
//! assert_eq!(a.span, 26..32);
//! ```

mod parser;

use std::ops::Range;

use serde_json::{Map, Number, Value};

pub use parser::{parse, MAX_DEPTH};

/// A JSON value with the byte range it occupies in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the value is.
    pub kind: NodeKind,
    /// Byte range of the value (for strings, including the quotes).
    pub span: Range<usize>,
}

/// The JSON value kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number literal.
    Number(Number),
    /// A string, with escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object's members in source order, duplicates included.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The decoded key.
    pub key: String,
    /// Byte range of the key, including its quotes.
    pub key_span: Range<usize>,
    /// The value.
    pub value: Node,
}

impl Node {
    /// Converts to a `serde_json::Value` (for duplicate keys, the last one wins).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Number(n) => Value::Number(n.clone()),
            NodeKind::String(s) => Value::String(s.clone()),
            NodeKind::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            NodeKind::Object(members) => {
                let mut map = Map::new();
                for m in members {
                    map.insert(m.key.clone(), m.value.to_value());
                }
                Value::Object(map)
            }
        }
    }

    /// The members of an object (empty for other kinds), duplicates included.
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            NodeKind::Object(members) => members,
            _ => &[],
        }
    }

    /// The items of an array (empty for other kinds).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Array(items) => items,
            _ => &[],
        }
    }

    /// The member named `key` of an object (the last one if the key is duplicated).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members().iter().rev().find(|m| m.key == key)
    }

    /// The value of member `key` of an object (the last one if the key is duplicated).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The node at a JSON Pointer (RFC 6901), e.g. `/States/Train Model/Retry/0`.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut node = self;
        for raw in rest.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                NodeKind::Object(_) => node.get(&token)?,
                NodeKind::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The string value, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number as `f64`, if this is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            NodeKind::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The boolean value, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            NodeKind::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// True for objects.
    pub fn is_object(&self) -> bool {
        matches!(self.kind, NodeKind::Object(_))
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// The JSON type name, for messages: `null`, `boolean`, `number`, `string`, `array`, `object`.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "boolean",
            NodeKind::Number(_) => "number",
            NodeKind::String(_) => "string",
            NodeKind::Array(_) => "array",
            NodeKind::Object(_) => "object",
        }
    }
}
