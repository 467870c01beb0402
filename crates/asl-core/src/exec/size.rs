//! The 256 KiB payload quota, measured as AWS does: bytes of the UTF-8 serialized JSON. The
//! size is counted through a writer that only adds up lengths, so no text is allocated.

use serde_json::Value;

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

/// Serialized size of `value` in bytes (compact JSON).
pub fn json_size(value: &Value) -> usize {
    let mut counter = Counter(0);
    // Writing to a counter cannot fail; a failure would only under-count.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

/// Whether `value` exceeds [`MAX_PAYLOAD_BYTES`].
pub fn too_large(value: &Value) -> bool {
    json_size(value) > MAX_PAYLOAD_BYTES
}
