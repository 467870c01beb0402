//! Share-link decoding (`asl_core::share`): never panics, and whatever it accepts stays within
//! its cap once turned into editor texts (the check issue 19 asked for: a small link must not
//! unfold into a huge definition), and encodes back to a link that decodes to the same state.
//!
//! The bytes are used twice: as the JSON a link carries (packed with `encode_raw`, so
//! mutations reach the JSON shapes, nesting and numbers rather than dying in base64), and as
//! a fragment as typed in the address bar.
#![no_main]

use asl_core::share::{self, Link, ShareError, ShareState, MAX_DECODED_BYTES};
use libfuzzer_sys::fuzz_target;

/// The bytes of the texts a decoded state hands the page.
fn text_bytes(state: &ShareState) -> usize {
    state.definition.len()
        + state.input.len()
        + state.mocks.as_ref().map_or(0, String::len)
        + state.test_case.as_ref().map_or(0, |t| {
            t.test_case.len() + t.state_machine.as_ref().map_or(0, String::len)
        })
        + state.options.as_ref().map_or(0, |o| {
            serde_json::to_string(o).map_or(usize::MAX, |text| text.len())
        })
}

fn check(result: Result<Link, ShareError>) {
    let state = match result {
        Ok(Link::State(state)) => state,
        Ok(Link::Example(id)) => {
            assert!(share::is_example_id(&id), "{id:?}");
            return;
        }
        Ok(Link::None) => return,
        Err(error) => {
            // Every error is a sentence for the page.
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    let size = text_bytes(&state);
    assert!(
        size <= MAX_DECODED_BYTES,
        "decoded texts are {size} bytes, over the {MAX_DECODED_BYTES} cap"
    );
    // What was accepted encodes to a link that reads back the same (when its JSON, escapes
    // included, is itself within the cap).
    let json_len = serde_json::to_vec(&state).map_or(usize::MAX, |v| v.len());
    if json_len <= MAX_DECODED_BYTES {
        assert_eq!(share::decode(&share::encode(&state)), Ok(state));
    }
}

fuzz_target!(|data: &[u8]| {
    check(share::parse_fragment(&share::encode_raw(data)));
    if let Ok(fragment) = std::str::from_utf8(data) {
        check(share::parse_fragment(fragment));
    }
});
