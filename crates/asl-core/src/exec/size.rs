//! The 256 KiB payload quota, measured as AWS does: bytes of the UTF-8 serialized JSON.
//!
//! The size is computed by walking the value and adding up what `serde_json` would write
//! (escapes included) without producing any text: a loop over an explicit stack (no recursion
//! on user data) that scans strings byte by byte. It is several times faster than serializing
//! into a counting writer, which matters because every state whose output changed is measured.

use serde_json::Value;

use crate::doc::{number_len, string_len};

/// Maximum size in bytes of a state's input or output, a task result or an execution input.
pub const MAX_PAYLOAD_BYTES: usize = crate::limits::MAX_PAYLOAD_BYTES;

/// Serialized size of `value` in bytes (compact JSON, as `serde_json::to_string` writes it).
pub fn json_size(value: &Value) -> usize {
    let mut total = 0usize;
    let mut stack: Vec<&Value> = vec![value];
    while let Some(v) = stack.pop() {
        total += match v {
            Value::Null => 4,
            Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(n) => number_len(n),
            Value::String(s) => string_len(s),
            Value::Array(items) => {
                stack.extend(items);
                // Brackets and commas.
                2 + items.len().saturating_sub(1)
            }
            Value::Object(map) => {
                stack.extend(map.values());
                // Braces, commas, colons and the quoted keys.
                2 + map.len().saturating_sub(1)
                    + map.len()
                    + map.keys().map(|k| string_len(k)).sum::<usize>()
            }
        };
    }
    total
}

/// Whether `value` exceeds [`MAX_PAYLOAD_BYTES`].
pub fn too_large(value: &Value) -> bool {
    too_deep(value, MAX_DOCUMENT_DEPTH) || json_size(value) > MAX_PAYLOAD_BYTES
}

/// [`too_large`] for a shared document: O(1) for parts measured before (sizes and depths
/// are cached in each container).
pub fn doc_too_large(doc: &crate::doc::Doc) -> bool {
    doc.nesting() > MAX_DOCUMENT_DEPTH || doc.json_size() > MAX_PAYLOAD_BYTES
}

/// Nesting deeper than this also counts as over the quota: templates (`{"a.$": "$"}` in a
/// loop) and `ResultPath` nest documents deeper at each pass, and serializing, cloning and
/// dropping JSON recurse once per level.
pub use crate::limits::MAX_DOCUMENT_DEPTH;

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn matches_serde_json() {
        let values = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-7),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1.5),
            json!(-0.0),
            json!(1e300),
            json!(0.1),
            json!(""),
            json!("plain"),
            json!("quote \" backslash \\ newline \n tab \t bell \u{7} del \u{7f} é 😀"),
            json!([]),
            json!({}),
            json!([1, [2, [3, {}]], {"a": {"b": [null, "x"]}}]),
            json!({"k\"ey": 1, "second": [true, false], "": ""}),
        ];
        for v in values {
            let text = serde_json::to_string(&v).unwrap_or_default();
            assert_eq!(json_size(&v), text.len(), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_serde_json_on_random_values(
            strings in proptest::collection::vec(".*", 0..6),
            ints in proptest::collection::vec(proptest::num::i64::ANY, 0..6),
            floats in proptest::collection::vec(proptest::num::f64::NORMAL, 0..6),
        ) {
            let v = json!({"s": strings, "i": ints, "f": floats, "nested": {"k": strings.first()}});
            let text = serde_json::to_string(&v).unwrap_or_default();
            proptest::prop_assert_eq!(json_size(&v), text.len());
        }
    }
}
