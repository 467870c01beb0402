//! The span-keeping JSON parser against serde_json: never panics, and wherever both accept a
//! document they agree on its value (the parser's own contract: `to_value` equals serde_json).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = asl_core::json::parse(text);
    if let Err(d) = &ours {
        // Spans must lie inside the text and on character boundaries (editors slice by them).
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    if let (Ok(node), Ok(value)) = (&ours, &theirs) {
        assert_eq!(&node.to_value(), value, "parsers disagree on {text:?}");
    }
    if !text.starts_with('\u{feff}') {
        assert_eq!(
            ours.is_ok(),
            theirs.is_ok(),
            "only one parser accepts {text:?}: ours {:?}, serde_json {:?}",
            ours.as_ref().err(),
            theirs.as_ref().err()
        );
    }
});
