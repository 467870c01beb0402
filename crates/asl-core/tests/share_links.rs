//! Share links: round trips, links made by other encoders (the browser's CompressionStream),
//! and hostile fragments, each of which must give its own clear error and never panic.

use asl_core::share::{
    decode, encode, encode_raw, parse_fragment, Link, ShareError, ShareState, TestCaseRef,
    MAX_DECODED_BYTES,
};
use serde_json::json;

const DEFINITION: &str = r#"{
  "Comment": "A tiny machine",
  "StartAt": "Hello",
  "States": { "Hello": { "Type": "Pass", "Result": "world", "End": true } }
}"#;

fn full_state() -> ShareState {
    let mut state = ShareState::new(DEFINITION, "{\n  \"name\": \"Zoë 😀\"\n}");
    state.mocks = Some(r#"{"StateMachines":{},"MockedResponses":{}}"#.into());
    state.test_case = Some(TestCaseRef {
        state_machine: Some("m".into()),
        test_case: "HappyPath".into(),
    });
    state.options = json!({ "seed": 7, "startTime": "2025-01-01T00:00:00Z" })
        .as_object()
        .cloned();
    state
}

#[test]
fn round_trips_keep_every_editor_byte_for_byte() {
    let cases = [
        ShareState::new(DEFINITION, "{}"),
        ShareState::new("", ""),
        // Unfinished drafts are shared as typed.
        ShareState::new("{\"StartAt\": ", "not json at all"),
        ShareState::new("<script>alert(1)</script>", "\u{0}\u{7f}\u{2028}"),
        ShareState::new("x".repeat(100_000), "y".repeat(10)),
        full_state(),
    ];
    for state in cases {
        let fragment = encode(&state);
        assert!(fragment.starts_with("v1="), "{fragment}");
        // Only URL-safe characters: nothing a browser or chat tool would escape.
        assert!(fragment[3..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&fragment).as_ref(), Ok(&state));
        assert_eq!(decode(&format!("#{fragment}")).as_ref(), Ok(&state));
        // Page parameters around the payload are ignored.
        let with_params = format!("#view=diagram&{fragment}&theme=dark&autoplay=1");
        assert_eq!(decode(&with_params).as_ref(), Ok(&state));
    }
}

#[test]
fn compression_keeps_links_short() {
    let state = ShareState::new(DEFINITION.repeat(20), "{}");
    let fragment = encode(&state);
    assert!(
        fragment.len() < DEFINITION.len() * 2,
        "20 copies of a definition should compress well, got {} chars",
        fragment.len()
    );
}

#[test]
fn reads_links_made_by_the_browser_compression_stream() {
    // Made by `CompressionStream('deflate-raw')` + base64url in Node (see docs/share-links.md).
    let fragment = "v1=VY0xCsJAEEXv8us0ttOJCGmEoJbTLGYkC7oumQkYlgWPYWftObyQR5DdVFYf3n-fn9DL2Qdv_hZASIyDudHWxiBG6xlNRSbKoLSgksc5SnU6p1qtveh0WXaf9_f1fFS6DT2DbJwk54wGPsTJlqc7g1aFmahtnAooQcvXzp0GHwSE61-N1sU4d84G5PwD";
    let state = decode(fragment).expect("decodes");
    assert_eq!(
        state.definition,
        r#"{"StartAt":"Hi","States":{"Hi":{"Type":"Pass","Result":"é😀","End":true}}}"#
    );
    assert_eq!(state.input, r#"{"x":1}"#);
    assert_eq!(
        state.test_case,
        Some(TestCaseRef {
            state_machine: Some("m".into()),
            test_case: "HappyPath".into()
        })
    );
    assert_eq!(state.mocks, None);
}

#[test]
fn lenient_shapes_from_hand_made_links() {
    // Editor texts may be JSON values; input defaults to {}; a test case may be a bare name;
    // unknown keys are ignored (later format additions stay readable).
    let raw = json!({
        "definition": { "StartAt": "A", "States": { "A": { "Type": "Succeed" } } },
        "testCase": "HappyPath",
        "future": [1, 2, 3]
    });
    let state = decode(&encode_raw(raw.to_string().as_bytes())).expect("decodes");
    let definition: serde_json::Value = serde_json::from_str(&state.definition).expect("json");
    assert_eq!(definition["StartAt"], "A");
    assert_eq!(state.input, "{}");
    assert_eq!(
        state.test_case.map(|t| t.test_case).as_deref(),
        Some("HappyPath")
    );
    // Trailing base64 padding added by some tools is tolerated.
    let fragment = encode(&ShareState::new("d", "i"));
    for pad in ["=", "=="] {
        assert_eq!(
            decode(&format!("{fragment}{pad}")).map(|s| s.definition),
            Ok("d".to_string())
        );
    }
}

#[test]
fn fragments_name_examples_or_nothing() {
    let cases: [(&str, Result<Link, ShareError>); 8] = [
        ("", Ok(Link::None)),
        ("#", Ok(Link::None)),
        ("#theme=dark&view=diagram", Ok(Link::None)),
        (
            "#example=ml-pipeline",
            Ok(Link::Example("ml-pipeline".into())),
        ),
        (
            "example=wait-one-year&theme=dark",
            Ok(Link::Example("wait-one-year".into())),
        ),
        ("#example=", Err(ShareError::BadExampleId(String::new()))),
        (
            "#example=<img>",
            Err(ShareError::BadExampleId("<img>".into())),
        ),
        (
            "#example=../../etc",
            Err(ShareError::BadExampleId("../../etc".into())),
        ),
    ];
    for (fragment, expected) in cases {
        assert_eq!(parse_fragment(fragment), expected, "{fragment:?}");
    }
    assert!(matches!(
        parse_fragment(&format!("#example={}", "a".repeat(65))),
        Err(ShareError::BadExampleId(id)) if id.chars().count() == 41
    ));
    assert_eq!(decode("#example=ml-pipeline"), Err(ShareError::Missing));
}

/// Which error a hostile fragment gives, and words its message must contain.
fn check_error(fragment: &str, expected: fn(&ShareError) -> bool, words: &[&str]) {
    let error = match decode(fragment) {
        Ok(state) => panic!("{fragment:.60}: decoded to {state:?}"),
        Err(e) => e,
    };
    assert!(expected(&error), "{fragment:.60}: got {error:?}");
    let message = error.to_string();
    for word in words {
        assert!(
            message.contains(word),
            "{fragment:.60}: '{message}' lacks '{word}'"
        );
    }
}

#[test]
fn hostile_fragments_give_clear_errors() {
    let valid = encode(&full_state());
    let truncated = &valid[..valid.len() / 2];
    let mut flipped = valid.clone().into_bytes();
    // Corrupt the block header: raw deflate block type 3 is invalid.
    let payload = base64_decode(&valid[3..]);
    let mut bad = payload.clone();
    bad[0] |= 0b110;
    let reserved_block = format!("v1={}", base64_encode(&bad));
    flipped[10] = b'*';
    let flipped = String::from_utf8(flipped).expect("ascii");
    let five_mb = json!({ "definition": "A".repeat(5 * 1024 * 1024), "input": "{}" }).to_string();
    let huge = encode_raw(five_mb.as_bytes());
    let just_over = encode_raw(&vec![b' '; MAX_DECODED_BYTES + 1]);

    check_error("", |e| *e == ShareError::Missing, &["#v1="]);
    check_error("#theme=dark", |e| *e == ShareError::Missing, &["#v1="]);
    check_error(
        "#v2=abcd",
        |e| matches!(e, ShareError::UnknownVersion(v) if v == "v2"),
        &["'v2'", "newer"],
    );
    check_error(
        "#v10=abcd&v1=x",
        |e| matches!(e, ShareError::UnknownVersion(_)),
        &["v10"],
    );
    check_error("#v1=", |e| *e == ShareError::Truncated, &["cut off"]);
    check_error(truncated, |e| *e == ShareError::Truncated, &["cut off"]);
    check_error(
        &flipped,
        |e| matches!(e, ShareError::Base64(_)),
        &["'*'", "position 7", "base64url"],
    );
    check_error("#v1=a", |e| *e == ShareError::Truncated, &["cut off"]);
    check_error(
        "#v1=%3Cscript%3E",
        |e| matches!(e, ShareError::Base64(_)),
        &["'%'"],
    );
    check_error(
        &reserved_block,
        |e| matches!(e, ShareError::Corrupted(_) | ShareError::Truncated),
        &["link"],
    );
    check_error(&huge, |e| *e == ShareError::TooLarge, &["2 MB", "refused"]);
    check_error(&just_over, |e| *e == ShareError::TooLarge, &["2 MB"]);
    check_error(
        &encode_raw(b"{not json"),
        |e| matches!(e, ShareError::Json(_)),
        &["not valid JSON", "line 1"],
    );
    check_error(
        &encode_raw(&[0xff, 0xfe, b'{']),
        |e| matches!(e, ShareError::Json(_)),
        &["UTF-8"],
    );
    check_error(
        &encode_raw(b"[1,2]"),
        |e| matches!(e, ShareError::Shape(_)),
        &["object"],
    );
    check_error(
        &encode_raw(b"{\"input\":\"{}\"}"),
        |e| matches!(e, ShareError::Shape(_)),
        &["'definition'"],
    );
    check_error(
        &encode_raw(b"{\"definition\":42}"),
        |e| matches!(e, ShareError::Shape(_)),
        &["'definition'"],
    );
    check_error(
        &encode_raw(b"{\"definition\":\"\",\"input\":true}"),
        |e| matches!(e, ShareError::Shape(_)),
        &["'input'"],
    );
    check_error(
        &encode_raw(b"{\"definition\":\"\",\"testCase\":7}"),
        |e| matches!(e, ShareError::Shape(_)),
        &["'testCase'"],
    );
    check_error(
        &encode_raw(b"{\"definition\":\"\",\"testCase\":{\"x\":1}}"),
        |e| matches!(e, ShareError::Shape(_)),
        &["'testCase'"],
    );
    check_error(
        &encode_raw(b"{\"definition\":\"\",\"options\":[]}"),
        |e| matches!(e, ShareError::Shape(_)),
        &["'options'"],
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    check_error(
        &encode_raw(deep.as_bytes()),
        |e| matches!(e, ShareError::Json(_)),
        &["recursion"],
    );
    let too_long = format!("v1={}", "A".repeat(asl_core::share::MAX_ENCODED_CHARS + 1));
    check_error(
        &too_long,
        |e| matches!(e, ShareError::EncodedTooLarge(_)),
        &["characters"],
    );
}

/// The editor texts a decoded state hands out, in bytes (what the page then holds).
fn text_bytes(state: &ShareState) -> usize {
    state.definition.len()
        + state.input.len()
        + state.mocks.as_ref().map_or(0, String::len)
        + state.test_case.as_ref().map_or(0, |t| {
            t.test_case.len() + t.state_machine.as_ref().map_or(0, String::len)
        })
        + state
            .options
            .as_ref()
            .map_or(0, |o| serde_json::to_string(o).expect("options").len())
}

#[test]
fn a_tiny_link_cannot_unfold_into_a_huge_definition() {
    // Issue 19: a 100-deep array of a million zeros is ~2 MB of JSON (under the cap) and a
    // ~2.8 KB link, but pretty-printed at depth 100 it is ~200 MB of editor text.
    let depth = 100;
    let zeros = vec!["0"; 1_000_000].join(",");
    let raw = format!(
        "{{\"definition\":{}{}{}}}",
        "[".repeat(depth),
        zeros,
        "]".repeat(depth)
    );
    assert!(
        raw.len() < MAX_DECODED_BYTES,
        "{} bytes inflated",
        raw.len()
    );
    let link = encode_raw(raw.as_bytes());
    assert!(link.len() < 4_000, "{} characters", link.len());
    assert_eq!(decode(&link), Err(ShareError::TooLarge));
    assert!(ShareError::TooLarge.to_string().contains("2 MB"));

    // The same for input and mocks, and for texts that only add up past the cap: a 1.5 MB
    // definition and an input array whose printed form is 1 MB (400 KB in the link).
    let input = format!("[{}]", vec!["0"; 200_000].join(","));
    for raw in [
        format!(
            "{{\"definition\":\"\",\"input\":{}{}{}}}",
            "[".repeat(depth),
            zeros,
            "]".repeat(depth)
        ),
        format!(
            "{{\"definition\":\"\",\"mocks\":{}{}{}}}",
            "[".repeat(depth),
            zeros,
            "]".repeat(depth)
        ),
        format!(
            "{{\"definition\":\"{}\",\"input\":{input}}}",
            "d".repeat(1_500_000)
        ),
    ] {
        assert!(
            raw.len() < MAX_DECODED_BYTES,
            "{} bytes inflated",
            raw.len()
        );
        assert_eq!(
            decode(&encode_raw(raw.as_bytes())),
            Err(ShareError::TooLarge)
        );
    }
    // Numbers print longer than they are written (1e15 -> 1000000000000000.0).
    let numbers = format!("{{\"definition\":[{}]}}", vec!["1e15"; 300_000].join(","));
    assert_eq!(
        decode(&encode_raw(numbers.as_bytes())),
        Err(ShareError::TooLarge)
    );
    // Options count too, even though they stay a value.
    let options = format!(
        "{{\"definition\":\"{}\",\"options\":{{\"x\":\"{}\"}}}}",
        "d".repeat(1_100_000),
        "o".repeat(1_000_000)
    );
    assert_eq!(
        decode(&encode_raw(options.as_bytes())),
        Err(ShareError::TooLarge)
    );
}

#[test]
fn hand_made_values_within_the_cap_still_open_and_stay_within_it() {
    // As deep as serde_json allows inside the state object (127 levels below the root), and a
    // big but printable value: both decode, and what they print to fits the cap.
    let deep = format!("{{\"definition\":{}1{}}}", "[".repeat(126), "]".repeat(126));
    let state = decode(&encode_raw(deep.as_bytes())).expect("126 levels decode");
    assert!(state.definition.starts_with("[\n  [\n    ["));
    assert!(text_bytes(&state) <= MAX_DECODED_BYTES);
    let too_deep = format!("{{\"definition\":{}1{}}}", "[".repeat(128), "]".repeat(128));
    check_error(
        &encode_raw(too_deep.as_bytes()),
        |e| matches!(e, ShareError::Json(_)),
        &["recursion"],
    );
    let big = format!(
        "{{\"definition\":[{}],\"input\":{{\"a\":1}}}}",
        vec!["0"; 100_000].join(",")
    );
    let state = decode(&encode_raw(big.as_bytes())).expect("decodes");
    assert_eq!(state.input, "{\n  \"a\": 1\n}");
    assert_eq!(state.definition.lines().count(), 100_002);
    assert!(text_bytes(&state) <= MAX_DECODED_BYTES);
    // A string definition of exactly the cap is fine; one byte more (with the rest) is not.
    let exact = format!(
        "{{\"definition\":\"{}\",\"input\":\"\"}}",
        "d".repeat(MAX_DECODED_BYTES - 40)
    );
    assert!(decode(&encode_raw(exact.as_bytes())).is_ok());
}

#[test]
fn every_prefix_and_every_single_character_change_is_handled() {
    // No panic for any cut of the link or any one-character edit: each gives Ok or an error.
    let valid = encode(&full_state());
    for end in 0..valid.len() {
        let prefix = &valid[..end];
        assert!(
            decode(prefix).is_err() || end == valid.len(),
            "prefix {end}"
        );
    }
    let alphabet = b"AZaz09-_";
    for i in 3..valid.len() {
        for &c in alphabet {
            let mut bytes = valid.clone().into_bytes();
            bytes[i] = c;
            let _ = decode(std::str::from_utf8(&bytes).expect("ascii"));
        }
    }
}

// Tiny base64url helpers for crafting corrupt payloads, independent of the crate under test.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_decode(text: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c).expect("alphabet") as u32;
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    out
}

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}
