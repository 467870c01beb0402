//! The 256 KiB payload quota, measured as AWS does: bytes of the UTF-8 serialized JSON. Shared
//! documents measure themselves (`Doc::json_size` and `Doc::nesting`, cached per container).

/// Maximum size in bytes of a state's input or output, a task result or an execution input.
pub const MAX_PAYLOAD_BYTES: usize = crate::limits::MAX_PAYLOAD_BYTES;

/// Whether `doc` exceeds [`MAX_PAYLOAD_BYTES`] or [`MAX_DOCUMENT_DEPTH`]: O(1) for parts
/// measured before (sizes and depths are cached in each container, see `crate::doc`).
pub fn doc_too_large(doc: &crate::doc::Doc) -> bool {
    doc.nesting() > MAX_DOCUMENT_DEPTH || doc.json_size() > MAX_PAYLOAD_BYTES
}

/// Nesting deeper than this also counts as over the quota: templates (`{"a.$": "$"}` in a
/// loop) and `ResultPath` nest documents deeper at each pass, and serializing, cloning and
/// dropping JSON recurse once per level.
pub use crate::limits::MAX_DOCUMENT_DEPTH;
