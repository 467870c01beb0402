//! Reading JSON text straight into a [`Doc`] (`serde_json::from_str::<Doc>`), for the
//! execution input: parsing into a `serde_json::Value` first and converting it allocated
//! every string and object twice and dropped the `Value` after, about a fifth of a whole
//! `asl run` on an input of a thousand items (bench/README.md).
//!
//! The result is the `Doc` that `Doc::from(serde_json::from_str::<Value>(text)?)` gives:
//! numbers as `serde_json` parses them, members in text order, a repeated key keeps its first
//! position and its last value (as `preserve_order`'s map does), and serde_json's own nesting
//! limit applies.

use std::fmt;
use std::rc::Rc;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Doc, DocMap, Number};

impl Doc {
    /// JSON text into a `Doc`: natively straight through `Deserialize for Doc`; on wasm32
    /// through a `serde_json::Value`, whose deserializer the page's first module has anyway:
    /// a second one cost 1.6 KB gzipped of a module at its 500 KB budget
    /// (docs/wasm-size.md), and the input is read once per run there. Both give the same
    /// `Doc` (`tests_de.rs`).
    pub fn parse_json(text: &str) -> Result<Doc, serde_json::Error> {
        #[cfg(not(target_arch = "wasm32"))]
        return serde_json::from_str(text);
        #[cfg(target_arch = "wasm32")]
        return serde_json::from_str::<serde_json::Value>(text).map(Doc::from);
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Doc, D::Error> {
        deserializer.deserialize_any(DocVisitor)
    }
}

/// Object keys, borrowed from the text when they hold no escapes.
struct Key(Rc<str>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E>(self, s: &str) -> Result<Key, E> {
                Ok(Key(Rc::from(s)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Doc, E> {
        Ok(Doc::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Doc, E> {
        Ok(Doc::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Doc, E> {
        Ok(Doc::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Doc, E> {
        // As `Value`'s visitor: a non-finite number (not reachable from JSON text) is null.
        Ok(Number::from_f64(n).map_or(Doc::Null, Doc::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Doc, E> {
        Ok(Doc::string(s))
    }

    fn visit_string<E>(self, s: String) -> Result<Doc, E> {
        Ok(Doc::from(s))
    }

    fn visit_unit<E>(self) -> Result<Doc, E> {
        Ok(Doc::Null)
    }

    fn visit_none<E>(self) -> Result<Doc, E> {
        Ok(Doc::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Doc, D::Error> {
        Deserialize::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Doc>()? {
            items.push(item);
        }
        Ok(Doc::array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let mut members = DocMap::with_capacity_and_hasher(
            map.size_hint().unwrap_or(0),
            super::KeyHasher::default(),
        );
        while let Some(Key(key)) = map.next_key::<Key>()? {
            let value = map.next_value::<Doc>()?;
            members.insert(key, value);
        }
        Ok(Doc::object(members))
    }
}
