//! Share links: the playground's state (definition, input, mocks, test case, options) packed
//! into a URL fragment, and unpacked again without trusting it.
//!
//! Format version 1 (documented for people in `docs/share-links.md`):
//!
//! ```text
//! #v1=<base64url-no-padding( deflate-raw( JSON ) )>
//! JSON = {"definition": "...", "input": "...", "mocks"?: "...",
//!         "testCase"?: {"stateMachine"?: "...", "testCase": "..."}, "options"?: {...}}
//! ```
//!
//! The editor texts travel as strings, byte for byte, so a link reopens exactly what was
//! shared (formatting and even unfinished, invalid JSON included). Other `&`-separated
//! parameters in the fragment (`view=`, `theme=`, `autoplay=`) are the page's business and are
//! ignored here. `#example=<id>` names a gallery example instead of carrying state.
//!
//! A link is hostile input: [`decode`] caps the encoded length, the decompressed size and the
//! size of the texts it hands out (all within [`MAX_DECODED_BYTES`]), never panics, and says
//! in plain words what is wrong. The texts are measured as they are built: a hand-made link
//! may give an editor text as a JSON value, which is pretty-printed, and indentation at depth
//! multiplies its size (a 2.8 KB link of a 100-deep array of zeros would print as 200 MB);
//! printing stops at the cap instead. Depth is bounded by serde_json's recursion limit
//! ([`crate::limits::MAX_JSON_DEPTH`] levels for the whole state).
//!
//! ```
//! use asl_core::share::{decode, encode, ShareState};
//! let state = ShareState::new(r#"{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}"#, "{}");
//! let fragment = encode(&state);
//! assert!(fragment.starts_with("v1="));
//! assert_eq!(decode(&format!("#{fragment}")).unwrap(), state);
//! ```

use std::fmt;
use std::io;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{alphabet, DecodeError, Engine as _};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The format version this crate writes, as it appears in the fragment (`v1=`).
pub const VERSION: &str = "v1";

/// Largest decompressed state accepted (2 MiB): far above any real definition, far below what
/// would hurt a browser tab. A link that inflates past it is refused, not truncated; so is one
/// whose editor texts (definition, input, mocks, test case names and options, as [`decode`]
/// returns them) add up to more.
pub const MAX_DECODED_BYTES: usize = 2 * 1024 * 1024;

/// Largest encoded payload accepted (characters after `v1=`). Browsers cap URLs near 2 MB;
/// checking first keeps base64 work bounded for absurd fragments.
pub const MAX_ENCODED_CHARS: usize = 2 * 1024 * 1024;

/// Longest gallery example id accepted in `#example=<id>`.
pub const MAX_EXAMPLE_ID_CHARS: usize = 64;

/// Deflate level: 9 is the strongest of the standard levels; states are small, so speed does
/// not matter and shorter links do.
const DEFLATE_LEVEL: u8 = 9;

/// Base64url without padding (padding is stripped before decoding).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// Which mock test case a shared state selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestCaseRef {
    /// State machine name in the mock file; `None` means "the one that has this test case".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_machine: Option<String>,
    /// Test case name under `StateMachines.<machine>.TestCases`.
    pub test_case: String,
}

/// Everything a share link carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShareState {
    /// The definition editor's text, exactly as typed.
    pub definition: String,
    /// The input editor's text.
    pub input: String,
    /// The mock file editor's text (Step Functions Local `MockConfigFile`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mocks: Option<String>,
    /// The chosen mock test case, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_case: Option<TestCaseRef>,
    /// Page options (`seed`, `startTime`, `speed`, …); readers ignore keys they do not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Map<String, Value>>,
}

impl ShareState {
    /// A state with just a definition and an input.
    pub fn new(definition: impl Into<String>, input: impl Into<String>) -> Self {
        ShareState {
            definition: definition.into(),
            input: input.into(),
            mocks: None,
            test_case: None,
            options: None,
        }
    }
}

/// What a URL fragment asks the page to open.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// `#v1=…`: a shared state.
    State(ShareState),
    /// `#example=<id>`: a gallery example by its id.
    Example(String),
    /// No share parameter at all (empty fragment, or only page parameters like `theme=`).
    None,
}

/// Why a fragment could not be opened. `Display` is a complete sentence for the page.
#[derive(Debug, Clone, PartialEq)]
pub enum ShareError {
    /// The fragment has no `v1=` (or other version) parameter.
    Missing,
    /// A `vN=` parameter for a version this build does not read.
    UnknownVersion(String),
    /// The payload is longer than [`MAX_ENCODED_CHARS`].
    EncodedTooLarge(usize),
    /// The payload is not base64url; `detail` says where.
    Base64(String),
    /// The payload is not a complete raw-deflate stream.
    Truncated,
    /// The payload is not raw deflate data at all.
    Corrupted(String),
    /// The payload inflates past [`MAX_DECODED_BYTES`].
    TooLarge,
    /// The inflated payload is not UTF-8 JSON.
    Json(String),
    /// The JSON is not a share state; the text names the offending field.
    Shape(String),
    /// `#example=` names an id that cannot be an example id.
    BadExampleId(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Missing => f.write_str(
                "the link carries no playground state: expected '#v1=…' or '#example=…'",
            ),
            ShareError::UnknownVersion(v) => write!(
                f,
                "the link uses share format '{v}', which this playground does not read (it reads {VERSION}); \
                 it may come from a newer version of the playground"
            ),
            ShareError::EncodedTooLarge(n) => write!(
                f,
                "the link's data is {n} characters long, more than the {MAX_ENCODED_CHARS} accepted"
            ),
            ShareError::Base64(detail) => write!(
                f,
                "the link's data is not valid base64url ({detail}); was the link cut or altered?"
            ),
            ShareError::Truncated => f.write_str(
                "the link's data ends too early: the link was probably cut off when it was copied",
            ),
            ShareError::Corrupted(detail) => write!(
                f,
                "the link's data is corrupted: it is not compressed playground state ({detail})"
            ),
            ShareError::TooLarge => write!(
                f,
                "the link's state is larger than {} MB once decompressed; links this large are refused",
                MAX_DECODED_BYTES / (1024 * 1024)
            ),
            ShareError::Json(detail) => write!(f, "the link's state is not valid JSON: {detail}"),
            ShareError::Shape(detail) => write!(f, "the link's state is malformed: {detail}"),
            ShareError::BadExampleId(id) => write!(
                f,
                "'{id}' is not an example id: ids are 1 to {MAX_EXAMPLE_ID_CHARS} lowercase letters, digits and dashes"
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// The state as the link's JSON, the text [`encode`] compresses. The page compresses it with
/// the browser's own `CompressionStream("deflate-raw")` and writes `v1=` and base64url
/// without padding itself (`www/src/share.js`): miniz's encoder cost about 6 KB gzipped of
/// the page's first wasm module (docs/wasm-size.md). Any raw deflate stream decodes, so both
/// links open everywhere through [`parse_fragment`].
pub fn payload(state: &ShareState) -> Vec<u8> {
    // Serializing plain strings and maps cannot fail; fall back to an empty object anyway.
    serde_json::to_vec(state).unwrap_or_else(|_| b"{}".to_vec())
}

/// Packs a state into a fragment parameter, `v1=<payload>` (no leading `#`).
pub fn encode(state: &ShareState) -> String {
    let json = payload(state);
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, DEFLATE_LEVEL);
    format!("{VERSION}={}", BASE64.encode(compressed))
}

/// Unpacks the state in a fragment (with or without the leading `#`, other parameters
/// ignored). `#example=` fragments are not states: use [`parse_fragment`] for those.
pub fn decode(fragment: &str) -> Result<ShareState, ShareError> {
    match parse_fragment(fragment)? {
        Link::State(state) => Ok(state),
        Link::Example(_) | Link::None => Err(ShareError::Missing),
    }
}

/// Reads what a fragment asks for: a shared state, a gallery example, or nothing.
pub fn parse_fragment(fragment: &str) -> Result<Link, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut example = None;
    for param in fragment.split('&') {
        let (key, value) = param.split_once('=').unwrap_or((param, ""));
        if key == VERSION {
            return decode_payload(value).map(Link::State);
        }
        if is_version_key(key) {
            return Err(ShareError::UnknownVersion(key.to_string()));
        }
        if key == "example" && example.is_none() {
            example = Some(value);
        }
    }
    match example {
        Some(id) if is_example_id(id) => Ok(Link::Example(id.to_string())),
        Some(id) => Err(ShareError::BadExampleId(shorten(id))),
        None => Ok(Link::None),
    }
}

/// `v` followed by digits: a share payload of some version.
fn is_version_key(key: &str) -> bool {
    key.len() > 1 && key.starts_with('v') && key[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Gallery ids are readable slugs: `[a-z0-9-]{1,64}`.
pub fn is_example_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_EXAMPLE_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A hostile id can be long; quote only its start in messages.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn decode_payload(payload: &str) -> Result<ShareState, ShareError> {
    if payload.len() > MAX_ENCODED_CHARS {
        return Err(ShareError::EncodedTooLarge(payload.len()));
    }
    if payload.is_empty() {
        return Err(ShareError::Truncated);
    }
    // Some chat tools append base64 padding; we never write it, so drop it.
    let compressed = BASE64
        .decode(payload.trim_end_matches('='))
        .map_err(|e| match e {
            // A length no base64 text can have: the link lost its last characters.
            DecodeError::InvalidLength(_) => ShareError::Truncated,
            e => ShareError::Base64(describe_base64(&e)),
        })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_DECODED_BYTES)
        .map_err(|e| match e.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            ShareError::Truncated
        }
        _ => ShareError::Corrupted(e.to_string().to_lowercase()),
    })?;
    let text = std::str::from_utf8(&json)
        .map_err(|e| ShareError::Json(format!("it is not UTF-8 text ({e})")))?;
    let value: Value = serde_json::from_str(text).map_err(|e| ShareError::Json(e.to_string()))?;
    state_from_value(value)
}

fn describe_base64(error: &DecodeError) -> String {
    match error {
        DecodeError::InvalidByte(at, byte) => {
            format!("character {:?} at position {at}", char::from(*byte))
        }
        DecodeError::InvalidLength(_) => "its length is impossible for base64".to_string(),
        DecodeError::InvalidLastSymbol(at, _) => format!("bad final character at position {at}"),
        DecodeError::InvalidPadding => "bad padding".to_string(),
    }
}

/// Checks the JSON shape field by field, so the message names what is wrong. Editor texts may
/// also arrive as JSON values (hand-made links); those are pretty-printed into text.
fn state_from_value(value: Value) -> Result<ShareState, ShareError> {
    let Value::Object(mut root) = value else {
        return Err(ShareError::Shape(
            "it must be a JSON object with a 'definition'".into(),
        ));
    };
    // Every text handed out counts against one budget, measured as it is built.
    let mut budget = MAX_DECODED_BYTES;
    let definition = match root.remove("definition") {
        Some(v) => document(v, "definition", &mut budget)?,
        None => return Err(ShareError::Shape("it has no 'definition'".into())),
    };
    let input = match root.remove("input") {
        Some(Value::Null) | None => "{}".to_string(),
        Some(v) => document(v, "input", &mut budget)?,
    };
    let mocks = match root.remove("mocks") {
        Some(Value::Null) | None => None,
        Some(v) => Some(document(v, "mocks", &mut budget)?),
    };
    let test_case = match root.remove("testCase") {
        Some(Value::Null) | None => None,
        Some(Value::String(name)) => Some(TestCaseRef {
            state_machine: None,
            test_case: name,
        }),
        Some(v @ Value::Object(_)) => Some(serde_json::from_value(v).map_err(|e| {
            ShareError::Shape(format!(
                "'testCase' must be {{\"stateMachine\"?: string, \"testCase\": string}} ({e})"
            ))
        })?),
        Some(_) => {
            return Err(ShareError::Shape(
                "'testCase' must be a name or an object".into(),
            ))
        }
    };
    let options = match root.remove("options") {
        Some(Value::Null) | None => None,
        Some(Value::Object(map)) => Some(map),
        Some(_) => return Err(ShareError::Shape("'options' must be an object".into())),
    };
    if let Some(t) = &test_case {
        spend(
            &mut budget,
            t.test_case.len() + t.state_machine.as_ref().map_or(0, String::len),
        )?;
    }
    if let Some(map) = &options {
        // Options stay a value (the page keeps only the keys it knows); count them compactly.
        let mut counter = Bounded::new(budget);
        serde_json::to_writer(&mut counter, map).map_err(|_| ShareError::TooLarge)?;
        spend(&mut budget, counter.written)?;
    }
    Ok(ShareState {
        definition,
        input,
        mocks,
        test_case,
        options,
    })
}

/// Takes `bytes` from what is left of the budget, or refuses the link.
fn spend(budget: &mut usize, bytes: usize) -> Result<(), ShareError> {
    *budget = budget.checked_sub(bytes).ok_or(ShareError::TooLarge)?;
    Ok(())
}

/// An editor text: given as a string, or as a JSON value that is pretty-printed, within the
/// budget (printing stops as soon as the text would not fit).
fn document(value: Value, field: &str, budget: &mut usize) -> Result<String, ShareError> {
    let text = match value {
        Value::String(text) => text,
        v @ (Value::Object(_) | Value::Array(_)) => {
            let mut out = Bounded::new(*budget);
            serde_json::to_writer_pretty(&mut out, &v).map_err(|e| {
                if e.is_io() {
                    ShareError::TooLarge
                } else {
                    ShareError::Shape(format!("'{field}' cannot be printed ({e})"))
                }
            })?;
            // serde_json writes only UTF-8.
            String::from_utf8(out.bytes)
                .map_err(|e| ShareError::Shape(format!("'{field}' cannot be printed ({e})")))?
        }
        _ => {
            return Err(ShareError::Shape(format!(
                "'{field}' must be the editor text (a string) or a JSON object"
            )))
        }
    };
    spend(budget, text.len())?;
    Ok(text)
}

/// A writer that keeps at most `limit` bytes and fails past it, so printing a hostile value
/// stops early instead of allocating its whole text; `written` counts what was accepted.
struct Bounded {
    bytes: Vec<u8>,
    written: usize,
    limit: usize,
}

impl Bounded {
    fn new(limit: usize) -> Self {
        Bounded {
            bytes: Vec::new(),
            written: 0,
            limit,
        }
    }
}

impl io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() > self.limit - self.written {
            return Err(io::Error::other("over the share-link budget"));
        }
        self.bytes.extend_from_slice(buf);
        self.written += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Encodes arbitrary JSON bytes the way [`encode`] does. For tests and tools that need to
/// build links with unusual content (wrong shapes, huge payloads).
pub fn encode_raw(json: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(json, DEFLATE_LEVEL);
    format!("{VERSION}={}", BASE64.encode(compressed))
}
