//! `encodeShare` / `decodeShare` as JavaScript sees them (run like api.rs, in Node by
//! `wasm-bindgen-test-runner`). `encodeShare` is in the second module: needs `--features sources`.
#![cfg(all(target_arch = "wasm32", feature = "sources"))]

use asl_wasm::{decode_share, encode_share, share_payload};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// Plain objects, as the page passes them (the default serializer would make `Map`s).
fn to_js(value: &Value) -> JsValue {
    use serde::Serialize;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

fn from_js(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap_or(Value::Null)
}

fn error_of(value: JsValue) -> (String, String) {
    let get = |key: &str| js_sys::Reflect::get(&value, &key.into()).unwrap_or(JsValue::UNDEFINED);
    (
        get("kind").as_string().unwrap_or_default(),
        get("message").as_string().unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
fn a_state_round_trips_through_a_fragment() {
    let state = json!({
        "definition": "{\"StartAt\": \"A\"}",
        "input": "{}",
        "mocks": "{}",
        "testCase": { "stateMachine": "m", "testCase": "HappyPath" },
        "options": { "speed": 2 }
    });
    let fragment = encode_share(to_js(&state)).unwrap_or_default();
    assert!(fragment.starts_with("v1="), "{fragment}");
    let link = from_js(decode_share(&format!("#{fragment}&theme=dark")).unwrap_or(JsValue::NULL));
    assert_eq!(link, json!({ "kind": "state", "state": state }));
}

#[wasm_bindgen_test]
fn examples_nothing_and_errors() {
    let example = from_js(decode_share("#example=batch-job").unwrap_or(JsValue::NULL));
    assert_eq!(example, json!({ "kind": "example", "id": "batch-job" }));
    let none = from_js(decode_share("").unwrap_or(JsValue::NULL));
    assert_eq!(none, json!({ "kind": "none" }));
    let (kind, message) = error_of(decode_share("#v9=abc").err().unwrap_or(JsValue::NULL));
    assert_eq!(kind, "share");
    assert!(message.contains("'v9'"), "{message}");
    let (kind, message) = error_of(
        encode_share(JsValue::from(3))
            .err()
            .unwrap_or(JsValue::NULL),
    );
    assert_eq!(kind, "share");
    assert!(message.contains("cannot share"), "{message}");
}

/// The state is read through `JSON.stringify`: a lone UTF-16 surrogate in an editor's text
/// becomes U+FFFD (as wasm-bindgen's string conversion makes it), not an error.
#[wasm_bindgen_test]
fn lone_surrogates_in_a_state_become_replacement_characters() {
    let state = js_sys::JSON::parse(
        r#"{"definition": "a\ud800b\\ud800", "input": "\udc00", "testCase": {"testCase": "T"}}"#,
    )
    .unwrap_or(JsValue::NULL);
    let fragment = encode_share(state).unwrap_or_default();
    let link = from_js(decode_share(&fragment).unwrap_or(JsValue::NULL));
    assert_eq!(link["state"]["definition"], json!("a\u{fffd}b\\ud800"));
    assert_eq!(link["state"]["input"], json!("\u{fffd}"));
    assert_eq!(link["state"]["testCase"], json!({ "testCase": "T" }));
}

#[wasm_bindgen_test]
fn the_payload_is_the_json_encode_share_compresses() {
    let state = json!({
        "definition": "{\"StartAt\": \"A\"}",
        "input": "{}",
        "testCase": { "testCase": "HappyPath" },
        "options": { "seed": 7 }
    });
    let payload = share_payload(to_js(&state)).unwrap_or_default();
    let fragment = encode_share(to_js(&state)).unwrap_or_default();
    let decoded = from_js(decode_share(&fragment).unwrap_or(JsValue::NULL));
    let payload: Value = serde_json::from_str(&payload).unwrap_or(Value::Null);
    assert_eq!(decoded["state"], payload, "{fragment}");
    assert_eq!(payload["testCase"]["testCase"], "HappyPath");
}
