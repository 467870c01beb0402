//! `testState` as JavaScript sees it (run in Node by `wasm-bindgen-test-runner`): a request
//! text in, `{"response": …}` or `{"refused": …}` out. Needs the `sources` feature.
#![cfg(all(target_arch = "wasm32", feature = "sources"))]

use asl_wasm::test_state;
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

fn answer(request: Value) -> Value {
    serde_json::from_str(&test_state(&request.to_string())).unwrap_or(Value::Null)
}

#[wasm_bindgen_test]
fn answers_and_refuses() {
    let choice = r#"{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":1,"Next":"Big"}],"Default":"Small"}"#;
    let r = answer(json!({"definition": choice, "input": "{\"n\":2}"}));
    assert_eq!(r["response"]["status"], "SUCCEEDED");
    assert_eq!(r["response"]["nextState"], "Big");
    let r = answer(json!({"definition": choice, "mock": {"result": "{}"}}));
    assert_eq!(r["refused"]["error"], "ValidationException");
    let r: Value = serde_json::from_str(&test_state("{not json")).unwrap_or(Value::Null);
    assert_eq!(r["refused"]["error"], "ValidationException");
}
