//! `Doc`: the interpreter's JSON document, with shared subtrees.
//!
//! State documents flow through `InputPath`, `Parameters`, `ResultSelector`, `ResultPath` and
//! `OutputPath` at every transition, and the history keeps every version. With
//! `serde_json::Value` each of those steps copies whole subtrees; a `Doc` instead keeps
//! strings, arrays and objects behind `Rc`, so:
//!
//! - cloning a `Doc` is O(1) (one reference-count increment), whatever its size;
//! - a path selects a shared node (`Path::select` clones an `Rc`, never a subtree);
//! - editing is copy-on-write ([`Doc::as_array_mut`], [`Doc::as_object_mut`] go through
//!   `Rc::make_mut`): `ResultPath` copies only the spine of containers it rewrites, each a
//!   shallow copy whose other children stay shared;
//! - each array and object caches its compact-JSON byte length ([`Doc::json_size`]) on first
//!   use, and a mutable borrow resets it, so the 256 KiB payload checks cost O(what changed).
//!
//! Objects keep insertion order (an `IndexMap`), exactly like `serde_json` with
//! `preserve_order`, and [`serde::Serialize`] writes the same bytes `serde_json` writes for
//! the equivalent `Value`. Conversions to and from `Value` are for the boundaries: definition
//! literals, mock files, the `Host` trait and JSONata.

mod convert;
mod de;
mod size;

use std::cell::OnceCell;
use std::rc::Rc;

use indexmap::IndexMap;
pub use serde_json::Number;

/// The members of a JSON object, in insertion order. Keys are hashed with foldhash: SipHash
/// was a large part of building the small objects templates build at every transition, and
/// the order of members never depends on the hasher.
pub type DocMap = IndexMap<Rc<str>, Doc, KeyHasher>;

/// The hasher of [`DocMap`] keys. Seeded per map rather than fixed: documents come from
/// strangers' share links, and a fixed seed would let one craft keys that all collide.
pub type KeyHasher = foldhash::fast::RandomState;

/// A JSON value whose strings, arrays and objects are shared (see the module docs).
#[derive(Clone, Default)]
pub enum Doc {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as `serde_json` parsed it (so it prints the same).
    Number(Number),
    /// A string.
    String(Rc<str>),
    /// An array.
    Array(Rc<DocArray>),
    /// An object.
    Object(Rc<DocObject>),
}

/// An array's items and its cached serialized size and depth.
#[derive(Clone, Default)]
pub struct DocArray {
    items: Vec<Doc>,
    measure: OnceCell<size::Measure>,
}

/// An object's members and its cached serialized size and depth.
#[derive(Clone, Default)]
pub struct DocObject {
    members: DocMap,
    measure: OnceCell<size::Measure>,
}

impl DocArray {
    /// The items.
    pub fn items(&self) -> &[Doc] {
        &self.items
    }
}

impl DocObject {
    /// The members.
    pub fn members(&self) -> &DocMap {
        &self.members
    }

    /// Member `key`. Small objects (most state documents) are scanned rather than hashed:
    /// comparing a few short keys is several times cheaper than SipHash.
    pub fn get(&self, key: &str) -> Option<&Doc> {
        if self.members.len() <= SCAN_MEMBERS {
            self.members
                .iter()
                .find(|(k, _)| &***k == key)
                .map(|(_, v)| v)
        } else {
            self.members.get(key)
        }
    }
}

/// Objects with at most this many members are searched by scanning.
const SCAN_MEMBERS: usize = 8;

impl Doc {
    /// An array of `items`.
    pub fn array(items: Vec<Doc>) -> Doc {
        Doc::Array(Rc::new(DocArray {
            items,
            measure: OnceCell::new(),
        }))
    }

    /// An object of `members`.
    pub fn object(members: DocMap) -> Doc {
        Doc::Object(Rc::new(DocObject {
            members,
            measure: OnceCell::new(),
        }))
    }

    /// An object of these members, in this order (for objects whose keys are fixed in code).
    pub fn object_of<const N: usize>(members: [(&str, Doc); N]) -> Doc {
        Doc::object(members.into_iter().map(|(k, v)| (Rc::from(k), v)).collect())
    }

    /// `{}`: one shared node per thread (an edit copies it first, as any shared node), so
    /// events and defaults that carry `{}` allocate nothing.
    pub fn empty_object() -> Doc {
        thread_local! {
            static EMPTY: Doc = Doc::object(DocMap::default());
        }
        EMPTY.with(Doc::clone)
    }

    /// A string.
    pub fn string(s: &str) -> Doc {
        Doc::String(Rc::from(s))
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Doc::Null)
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Doc::Object(_))
    }

    /// True for an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Doc::Array(_))
    }

    /// True for a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Doc::String(_))
    }

    /// True for a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Doc::Number(_))
    }

    /// True for a boolean.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Doc::Bool(_))
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Doc::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Doc::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Doc::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The number as `f64`, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().and_then(Number::as_f64)
    }

    /// The number as `i64`, if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number().and_then(Number::as_i64)
    }

    /// The number as `u64`, if it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number().and_then(Number::as_u64)
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Doc]> {
        match self {
            Doc::Array(a) => Some(&a.items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&DocMap> {
        match self {
            Doc::Object(o) => Some(&o.members),
            _ => None,
        }
    }

    /// Member `key` of an object (`None` for a missing key or a non-object).
    pub fn get(&self, key: &str) -> Option<&Doc> {
        match self {
            Doc::Object(o) => o.get(key),
            _ => None,
        }
    }

    /// The items for editing: copies this array's item list (not the items) if it is
    /// shared, and forgets its cached size.
    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Doc>> {
        match self {
            Doc::Array(a) => {
                let a = Rc::make_mut(a);
                a.measure.take();
                Some(&mut a.items)
            }
            _ => None,
        }
    }

    /// The members for editing: copies this object's member table (not the members) if it
    /// is shared, and forgets its cached size.
    pub fn as_object_mut(&mut self) -> Option<&mut DocMap> {
        match self {
            Doc::Object(o) => {
                let o = Rc::make_mut(o);
                o.measure.take();
                Some(&mut o.members)
            }
            _ => None,
        }
    }

    /// True when both are the same shared node (or equal scalars without a heap part).
    pub fn ptr_eq(&self, other: &Doc) -> bool {
        match (self, other) {
            (Doc::Array(a), Doc::Array(b)) => Rc::ptr_eq(a, b),
            (Doc::Object(a), Doc::Object(b)) => Rc::ptr_eq(a, b),
            (Doc::String(a), Doc::String(b)) => Rc::ptr_eq(a, b),
            (Doc::Null, Doc::Null) => true,
            _ => false,
        }
    }

    /// Compact JSON text, as AWS prints documents.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Structural equality, as `serde_json::Value`'s: numbers by representation, objects
/// regardless of member order. Shared nodes compare in O(1).
impl PartialEq for Doc {
    fn eq(&self, other: &Doc) -> bool {
        match (self, other) {
            (Doc::Null, Doc::Null) => true,
            (Doc::Bool(a), Doc::Bool(b)) => a == b,
            (Doc::Number(a), Doc::Number(b)) => a == b,
            (Doc::String(a), Doc::String(b)) => a == b,
            (Doc::Array(a), Doc::Array(b)) => Rc::ptr_eq(a, b) || a.items == b.items,
            (Doc::Object(a), Doc::Object(b)) => Rc::ptr_eq(a, b) || a.members == b.members,
            _ => false,
        }
    }
}

impl std::fmt::Debug for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

/// Compact JSON text (what `serde_json::Value`'s `Display` writes).
impl std::fmt::Display for Doc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_json_string())
    }
}

impl From<&str> for Doc {
    fn from(s: &str) -> Doc {
        Doc::string(s)
    }
}

impl From<String> for Doc {
    fn from(s: String) -> Doc {
        Doc::String(Rc::from(s))
    }
}

impl From<bool> for Doc {
    fn from(b: bool) -> Doc {
        Doc::Bool(b)
    }
}

impl From<i64> for Doc {
    fn from(n: i64) -> Doc {
        Doc::Number(n.into())
    }
}

impl From<u64> for Doc {
    fn from(n: u64) -> Doc {
        Doc::Number(n.into())
    }
}

impl From<Vec<Doc>> for Doc {
    fn from(items: Vec<Doc>) -> Doc {
        Doc::array(items)
    }
}

impl From<DocMap> for Doc {
    fn from(members: DocMap) -> Doc {
        Doc::object(members)
    }
}

impl FromIterator<Doc> for Doc {
    fn from_iter<I: IntoIterator<Item = Doc>>(iter: I) -> Doc {
        Doc::array(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_de;
