//! The 256 KiB payload quota, measured as AWS does: bytes of the UTF-8 serialized JSON. The
//! size is counted through a writer that only adds up lengths, so no text is allocated.
//!
//! A document nested deeper than [`MAX_DOCUMENT_DEPTH`] also counts as over the quota: such
//! documents are built by templates or `ResultPath` at each pass of a loop, and serializing
//! (or cloning) one recurses once per level, so the depth is measured first, without recursion.

use serde_json::Value;

pub use crate::limits::MAX_DOCUMENT_DEPTH;

/// Maximum size in bytes of a state's input or output, a task result or an execution input.
pub const MAX_PAYLOAD_BYTES: usize = crate::limits::MAX_PAYLOAD_BYTES;

struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Serialized size of `value` in bytes (compact JSON). Recurses once per nesting level: check
/// [`too_deep`] first on documents of unknown depth.
pub fn json_size(value: &Value) -> usize {
    let mut counter = Counter(0);
    // Writing to a counter cannot fail; a failure would only under-count.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

/// Whether `value` exceeds [`MAX_PAYLOAD_BYTES`] or nests deeper than [`MAX_DOCUMENT_DEPTH`].
pub fn too_large(value: &Value) -> bool {
    too_deep(value, MAX_DOCUMENT_DEPTH) || json_size(value) > MAX_PAYLOAD_BYTES
}

/// Whether arrays and objects in `value` nest more than `limit` levels (a scalar is level 0).
/// Iterative, so any depth is safe to measure.
pub fn too_deep(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth >= limit {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
}
