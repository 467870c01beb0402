//! Stand-ins for exports whose core modules have not landed on main yet. Each throws an
//! `AslError` with kind "unavailable", so the page can say so instead of failing obscurely.
#![allow(dead_code, unused_imports)]

use wasm_bindgen::prelude::*;

use crate::convert::into_error;

fn unavailable(what: &str) -> JsValue {
    into_error(
        "unavailable",
        &format!("{what} is not available in this build (asl-core module missing)."),
        &[],
    )
}

/// Stand-in for `loadDefinition`.
#[cfg(not(feature = "foundation"))]
#[wasm_bindgen(js_name = loadDefinition, unchecked_return_type = "LoadResult")]
pub fn load_definition(_text: &str) -> Result<JsValue, JsValue> {
    Err(unavailable("loadDefinition"))
}

/// Stand-in for `parseMocks`.
#[cfg(not(feature = "interp"))]
#[wasm_bindgen(js_name = parseMocks, unchecked_return_type = "MocksResult")]
pub fn parse_mocks(_text: &str) -> Result<JsValue, JsValue> {
    Err(unavailable("parseMocks"))
}

/// Stand-in for `Execution`.
#[cfg(not(feature = "interp"))]
#[wasm_bindgen]
pub struct Execution;

#[cfg(not(feature = "interp"))]
#[wasm_bindgen]
impl Execution {
    /// Always throws: the interpreter is not in this build.
    #[wasm_bindgen(constructor)]
    pub fn new(
        _definition: &str,
        _input: &str,
        _mocks: Option<String>,
        _test_case: JsValue,
        _options: JsValue,
    ) -> Result<Execution, JsValue> {
        Err(unavailable("Execution"))
    }
}
