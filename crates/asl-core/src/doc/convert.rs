//! Conversions between [`Doc`] and `serde_json::Value` (at the boundaries: definition
//! literals, mocks, the `Host` trait, JSONata), and serialization, which writes the bytes
//! `serde_json` writes for the equivalent `Value`.

use std::rc::Rc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde_json::{Map, Value};

use super::{Doc, DocMap};

impl From<&Value> for Doc {
    fn from(value: &Value) -> Doc {
        match value {
            Value::Null => Doc::Null,
            Value::Bool(b) => Doc::Bool(*b),
            Value::Number(n) => Doc::Number(n.clone()),
            Value::String(s) => Doc::string(s),
            Value::Array(items) => Doc::array(items.iter().map(Doc::from).collect()),
            Value::Object(map) => Doc::object(
                map.iter()
                    .map(|(k, v)| (Rc::from(k.as_str()), Doc::from(v)))
                    .collect(),
            ),
        }
    }
}

impl From<Value> for Doc {
    fn from(value: Value) -> Doc {
        match value {
            Value::Null => Doc::Null,
            Value::Bool(b) => Doc::Bool(b),
            Value::Number(n) => Doc::Number(n),
            Value::String(s) => Doc::from(s),
            Value::Array(items) => Doc::array(items.into_iter().map(Doc::from).collect()),
            Value::Object(map) => Doc::object(
                map.into_iter()
                    .map(|(k, v)| (Rc::from(k), Doc::from(v)))
                    .collect::<DocMap>(),
            ),
        }
    }
}

impl From<&Doc> for Value {
    fn from(doc: &Doc) -> Value {
        doc.to_value()
    }
}

impl Doc {
    /// A deep copy as a `serde_json::Value` (for boundaries that speak `Value`).
    pub fn to_value(&self) -> Value {
        match self {
            Doc::Null => Value::Null,
            Doc::Bool(b) => Value::Bool(*b),
            Doc::Number(n) => Value::Number(n.clone()),
            Doc::String(s) => Value::String(s.to_string()),
            Doc::Array(a) => Value::Array(a.items.iter().map(Doc::to_value).collect()),
            Doc::Object(o) => Value::Object(
                o.members
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

impl PartialEq<Value> for Doc {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Doc::Null, Value::Null) => true,
            (Doc::Bool(a), Value::Bool(b)) => a == b,
            (Doc::Number(a), Value::Number(b)) => a == b,
            (Doc::String(a), Value::String(b)) => **a == **b,
            (Doc::Array(a), Value::Array(b)) => {
                a.items.len() == b.len() && a.items.iter().zip(b).all(|(x, y)| x == y)
            }
            (Doc::Object(a), Value::Object(b)) => {
                a.members.len() == b.len()
                    && a.members
                        .iter()
                        .all(|(k, v)| b.get(&**k).is_some_and(|w| v == w))
            }
            _ => false,
        }
    }
}

impl serde::Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Doc::Null => serializer.serialize_unit(),
            Doc::Bool(b) => serializer.serialize_bool(*b),
            Doc::Number(n) => n.serialize(serializer),
            Doc::String(s) => serializer.serialize_str(s),
            Doc::Array(a) => {
                let mut seq = serializer.serialize_seq(Some(a.items.len()))?;
                for item in &a.items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Doc::Object(o) => {
                let mut map = serializer.serialize_map(Some(o.members.len()))?;
                for (k, v) in &o.members {
                    map.serialize_entry(&**k, v)?;
                }
                map.end()
            }
        }
    }
}
