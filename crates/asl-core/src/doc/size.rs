//! The compact-JSON byte length of a [`Doc`], cached in each array and object.
//!
//! Measured as the 256 KiB payload quota is (bytes of the UTF-8 serialized JSON, escapes
//! included) without writing any text. Filling the caches is a loop over an explicit stack,
//! not recursion, so any nesting is safe; afterwards a document that shares most of its
//! subtrees with one measured before costs only its new containers.

use std::fmt::Write;

use super::Doc;

/// What is cached per container: serialized size and nesting depth.
#[derive(Clone, Copy, Default)]
pub(super) struct Measure {
    size: usize,
    depth: usize,
}

impl Doc {
    /// Serialized size in bytes (what `serde_json::to_string` would write).
    pub fn json_size(&self) -> usize {
        self.measure().size
    }

    /// How many levels arrays and objects nest (a scalar is 0, `[]` is 1, `[{}]` is 2).
    pub fn nesting(&self) -> usize {
        self.measure().depth
    }

    fn measure(&self) -> Measure {
        if let Some(m) = self.cached() {
            return m;
        }
        // A new container over measured (or scalar) children, the common case of a state's
        // output: measure it in place, without the work stack.
        if let Some(m) = shallow(self) {
            return m;
        }
        fill(self);
        self.cached().unwrap_or_default()
    }

    /// The cached measure of a container, if it has been measured (scalars always are).
    fn cached(&self) -> Option<Measure> {
        match self {
            Doc::Array(a) => a.measure.get().copied(),
            Doc::Object(o) => o.measure.get().copied(),
            scalar => Some(Measure {
                size: scalar_size(scalar),
                depth: 0,
            }),
        }
    }
}

/// Measures and caches `node` if all its children are measured already; `None` otherwise.
fn shallow(node: &Doc) -> Option<Measure> {
    let mut m = Measure::default();
    let add = |m: &mut Measure, child: &Doc| -> Option<()> {
        let c = child.cached()?;
        m.size += c.size;
        m.depth = m.depth.max(c.depth);
        Some(())
    };
    match node {
        Doc::Array(a) => {
            for item in &a.items {
                add(&mut m, item)?;
            }
            m.size += 2 + a.items.len().saturating_sub(1);
            m.depth += 1;
            let _ = a.measure.set(m);
        }
        Doc::Object(o) => {
            for (k, v) in &o.members {
                add(&mut m, v)?;
                m.size += string_len(k);
            }
            let n = o.members.len();
            m.size += 2 + n.saturating_sub(1) + n;
            m.depth += 1;
            let _ = o.measure.set(m);
        }
        _ => return None,
    }
    Some(m)
}

/// Measures every unmeasured container under `root`, children before parents.
fn fill(root: &Doc) {
    // (node, children already pushed)
    let mut stack: Vec<(&Doc, bool)> = vec![(root, false)];
    while let Some((node, expanded)) = stack.pop() {
        if node.cached().is_some() {
            continue;
        }
        let children: Box<dyn Iterator<Item = &Doc>> = match node {
            Doc::Array(a) => Box::new(a.items.iter()),
            Doc::Object(o) => Box::new(o.members.values()),
            _ => continue,
        };
        if !expanded {
            stack.push((node, true));
            stack.extend(
                children
                    .filter(|c| c.cached().is_none())
                    .map(|c| (c, false)),
            );
            continue;
        }
        let mut measure = Measure::default();
        for child in children {
            let m = child.cached().unwrap_or_default();
            measure.size += m.size;
            measure.depth = measure.depth.max(m.depth);
        }
        measure.depth += 1;
        match node {
            Doc::Array(a) => {
                // Brackets and commas.
                measure.size += 2 + a.items.len().saturating_sub(1);
                let _ = a.measure.set(measure);
            }
            Doc::Object(o) => {
                let n = o.members.len();
                // Braces, commas, colons and the quoted keys.
                measure.size += 2
                    + n.saturating_sub(1)
                    + n
                    + o.members.keys().map(|k| string_len(k)).sum::<usize>();
                let _ = o.measure.set(measure);
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

fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}
