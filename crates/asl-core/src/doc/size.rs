//! The compact-JSON byte length of a [`Doc`], cached in each array and object.
//!
//! Measured as the 256 KiB payload quota is (bytes of the UTF-8 serialized JSON, escapes
//! included) without writing any text. Filling the caches is a loop over an explicit stack,
//! not recursion, so any nesting is safe; afterwards a document that shares most of its
//! subtrees with one measured before costs only its new containers.

use std::fmt::Write;

use super::Doc;

impl Doc {
    /// Serialized size in bytes (what `serde_json::to_string` would write).
    pub fn json_size(&self) -> usize {
        match self {
            Doc::Array(a) => {
                if let Some(size) = a.size.get() {
                    return *size;
                }
            }
            Doc::Object(o) => {
                if let Some(size) = o.size.get() {
                    return *size;
                }
            }
            scalar => return scalar_size(scalar),
        }
        fill(self);
        match self {
            Doc::Array(a) => a.size.get().copied().unwrap_or_default(),
            Doc::Object(o) => o.size.get().copied().unwrap_or_default(),
            _ => 0,
        }
    }

    /// The cached size of a container, if it has been measured.
    fn cached_size(&self) -> Option<usize> {
        match self {
            Doc::Array(a) => a.size.get().copied(),
            Doc::Object(o) => o.size.get().copied(),
            scalar => Some(scalar_size(scalar)),
        }
    }
}

/// Measures every unmeasured container under `root`, children before parents.
fn fill(root: &Doc) {
    // (node, children already pushed)
    let mut stack: Vec<(&Doc, bool)> = vec![(root, false)];
    while let Some((node, expanded)) = stack.pop() {
        if node.cached_size().is_some() {
            continue;
        }
        if !expanded {
            stack.push((node, true));
            match node {
                Doc::Array(a) => stack.extend(
                    a.items
                        .iter()
                        .filter(|c| c.cached_size().is_none())
                        .map(|c| (c, false)),
                ),
                Doc::Object(o) => stack.extend(
                    o.members
                        .values()
                        .filter(|c| c.cached_size().is_none())
                        .map(|c| (c, false)),
                ),
                _ => {}
            }
            continue;
        }
        let children = |c: &Doc| c.cached_size().unwrap_or_default();
        match node {
            Doc::Array(a) => {
                // Brackets and commas.
                let size = 2
                    + a.items.len().saturating_sub(1)
                    + a.items.iter().map(children).sum::<usize>();
                let _ = a.size.set(size);
            }
            Doc::Object(o) => {
                let n = o.members.len();
                // Braces, commas, colons, the quoted keys and the values.
                let size = 2
                    + n.saturating_sub(1)
                    + n
                    + o.members
                        .iter()
                        .map(|(k, v)| string_len(k) + children(v))
                        .sum::<usize>();
                let _ = o.size.set(size);
            }
            _ => {}
        }
    }
}

fn scalar_size(doc: &Doc) -> usize {
    match doc {
        Doc::Null | Doc::Bool(true) => 4,
        Doc::Bool(false) => 5,
        Doc::Number(n) => number_len(n),
        Doc::String(s) => string_len(s),
        Doc::Array(_) | Doc::Object(_) => 0,
    }
}

/// Length of a JSON string literal: quotes, bytes, and the extra bytes of escapes
/// (`\"`, `\\`, `\n`-style short escapes, `\u00XX` for other control characters).
pub(crate) fn string_len(s: &str) -> usize {
    // Most strings need no escapes: check that first with branch-free ORs over chunks, which
    // the compiler turns into SIMD (a per-byte `filter().count()` stays scalar).
    let needs_escape = s.as_bytes().chunks(64).any(|chunk| {
        let mut flag = 0u8;
        for &b in chunk {
            flag |= u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\');
        }
        flag != 0
    });
    if !needs_escape {
        return s.len() + 2;
    }
    let extra: usize = s
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 1,
            0x00..=0x1f => 5,
            _ => 0,
        })
        .sum();
    s.len() + 2 + extra
}

struct Count(usize);

impl Write for Count {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// Length of a number as serialization writes it.
pub(crate) fn number_len(n: &serde_json::Number) -> usize {
    if let Some(u) = n.as_u64() {
        return digits(u);
    }
    if let Some(i) = n.as_i64() {
        return 1 + digits(i.unsigned_abs());
    }
    // Floats: `Number`'s Display writes what serialization writes.
    let mut count = Count(0);
    let _ = write!(count, "{n}");
    count.0
}

fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}
