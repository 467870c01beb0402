//! `testState`: AWS's TestState API answered by `asl_core::test_state`, for the inspector's
//! "Test this state". Built only with the `sources` feature (the page's second, lazily
//! loaded module): the page's own module has no room left in its size budget.

use serde_json::json;
use wasm_bindgen::prelude::*;

/// Answers a TestState request body (JSON text). Returns JSON text: `{"response": …}` in the
/// API's shape, or `{"refused": {"error": name, "message": …}}` for a request AWS would
/// refuse.
#[wasm_bindgen(js_name = testState)]
pub fn test_state(request: &str) -> String {
    match asl_core::test_state::test_state_text(request) {
        Ok(response) => json!({ "response": response }).to_string(),
        Err(refused) => json!({ "refused": refused.to_json() }).to_string(),
    }
}
