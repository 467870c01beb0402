//! `sharePayload` / `encodeShare` / `decodeShare`: the share-link codec of `asl_core::share` for the page, so
//! the CLI and the browser read and write links with the same code.

use asl_core::share::{self, Link, ShareState, TestCaseRef};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, into_error, to_js};

/// What the page passes in: the editors (and test case, options) to share.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShareInput {
    definition: String,
    #[serde(default)]
    input: String,
    #[serde(default)]
    mocks: Option<String>,
    #[serde(default)]
    test_case: Option<TestCaseRef>,
    #[serde(default)]
    options: Option<Map<String, Value>>,
}

/// What a fragment asks for, as the page sees it.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum ShareLink {
    State { state: ShareState },
    Example { id: String },
    None,
}

impl ShareInput {
    fn from_js(state: &JsValue) -> Result<ShareState, JsValue> {
        let input: ShareInput = from_js(state)
            .map_err(|e| into_error("share", &format!("cannot share this state: {e}"), &[]))?;
        Ok(ShareState {
            definition: input.definition,
            input: input.input,
            mocks: input.mocks,
            test_case: input.test_case,
            options: input.options,
        })
    }
}

/// The editors as the link's JSON text (`asl_core::share::payload`): the page compresses it
/// and writes the fragment itself, with the browser's deflate (www/src/share.js), so the
/// first module carries no deflate encoder.
#[wasm_bindgen(js_name = sharePayload)]
pub fn share_payload(
    #[wasm_bindgen(unchecked_param_type = "ShareState")] state: JsValue,
) -> Result<String, JsValue> {
    let json = share::payload(&ShareInput::from_js(&state)?);
    Ok(String::from_utf8(json).unwrap_or_default())
}

/// Packs the editors into a fragment parameter, `v1=<payload>` (no leading `#`), as
/// `asl share` does. Only in the second module: the page itself uses [`share_payload`].
#[cfg(feature = "sources")]
#[wasm_bindgen(js_name = encodeShare)]
pub fn encode_share(
    #[wasm_bindgen(unchecked_param_type = "ShareState")] state: JsValue,
) -> Result<String, JsValue> {
    Ok(share::encode(&ShareInput::from_js(&state)?))
}

/// Reads a URL fragment: a shared state, a gallery example id, or nothing. Throws an
/// `AslError` of kind "share" whose message says what is wrong with the link.
#[wasm_bindgen(js_name = decodeShare, unchecked_return_type = "ShareLink")]
pub fn decode_share(fragment: &str) -> Result<JsValue, JsValue> {
    let link = match share::parse_fragment(fragment) {
        Ok(Link::State(state)) => ShareLink::State { state },
        Ok(Link::Example(id)) => ShareLink::Example { id },
        Ok(Link::None) => ShareLink::None,
        Err(e) => return Err(into_error("share", &e.to_string(), &[])),
    };
    to_js(&link)
}
