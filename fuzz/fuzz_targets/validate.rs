//! Validation of arbitrary text: never panics, diagnostics point inside the text, and the
//! graph of any JSON definition can be drawn.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = asl_core::validate::validate(text);
    for d in &report.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    if let Some(definition) = &report.definition {
        let _ = asl_core::graph::mermaid(definition);
    }
});
