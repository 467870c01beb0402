//! Conversions at the boundary: diagnostics with byte spans become 1-based lines and UTF-16
//! columns and offsets (what CodeMirror counts), Rust values become plain JavaScript objects,
//! and every failure becomes one kind of JavaScript error.

use asl_core::{Diagnostic, LineIndex};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// A diagnostic as JavaScript sees it (see `Diagnostic` in the TypeScript section).
#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub(crate) struct JsDiagnostic {
    code: &'static str,
    severity: &'static str,
    message: String,
    pointer: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    from: usize,
    to: usize,
}

impl JsDiagnostic {
    /// "line 3, column 7: message", for error messages.
    pub(crate) fn summary(&self) -> String {
        format!(
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Locates every diagnostic in `text` (one pass over the text for all UTF-16 offsets).
pub(crate) fn diagnostics_to_js(
    text: &str,
    index: &LineIndex,
    diagnostics: &[Diagnostic],
) -> Vec<JsDiagnostic> {
    let mut byte_offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| [d.span.start, d.span.end.max(d.span.start)])
        .collect();
    let utf16 = Utf16Offsets::new(text, &mut byte_offsets);
    diagnostics
        .iter()
        .map(|d| {
            let end = d.span.end.max(d.span.start);
            let start_pos = index.position(text, d.span.start);
            let end_pos = index.position(text, end);
            JsDiagnostic {
                code: d.code,
                severity: d.severity.as_str(),
                message: d.message.clone(),
                pointer: d.pointer.clone(),
                line: start_pos.line,
                column: start_pos.column_utf16,
                end_line: end_pos.line,
                end_column: end_pos.column_utf16,
                from: utf16.get(d.span.start),
                to: utf16.get(end),
            }
        })
        .collect()
}

/// Byte offset → UTF-16 offset for a known set of offsets, computed in one walk of the text
/// so that many diagnostics in a large document stay linear.
struct Utf16Offsets {
    pairs: Vec<(usize, usize)>,
}

impl Utf16Offsets {
    fn new(text: &str, offsets: &mut [usize]) -> Self {
        offsets.sort_unstable();
        let mut pairs = Vec::with_capacity(offsets.len());
        let mut chars = text.char_indices().peekable();
        let mut units = 0;
        for &offset in offsets.iter() {
            // Offsets inside a character or past the end count up to the character's start.
            while let Some(&(at, c)) = chars.peek() {
                if at + c.len_utf8() > offset {
                    break;
                }
                units += c.len_utf16();
                chars.next();
            }
            pairs.push((offset, units));
        }
        Self { pairs }
    }

    fn get(&self, offset: usize) -> usize {
        match self.pairs.binary_search_by_key(&offset, |&(byte, _)| byte) {
            Ok(i) => self.pairs[i].1,
            Err(_) => 0,
        }
    }
}

/// Serializes a result into plain JavaScript objects (maps as objects, not `Map`s).
///
/// Goes through JSON text and `JSON.parse`: building objects key by key would make a
/// `"__proto__"` key of user data set the object's prototype (and vanish from the output),
/// while `JSON.parse` always creates an own property.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text =
        serde_json::to_string(value).map_err(|e| into_error("execution", &e.to_string(), &[]))?;
    js_sys::JSON::parse(&text)
}

/// Reads a JavaScript value as `T` through its JSON text (`JSON.stringify`, then
/// serde_json): the serde_json deserializer is in the wasm anyway, and a second one that walks
/// JavaScript objects (`serde-wasm-bindgen`) cost several KB. Values JSON cannot express fail
/// (`undefined` or a function as the whole value, a `BigInt`) or become what `JSON.stringify`
/// makes of them (`NaN` becomes `null`, an `undefined` member is left out).
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| "not a JSON value".to_string())?;
    serde_json::from_str(&lone_surrogates_replaced(text)).map_err(|e| e.to_string())
}

/// `JSON.stringify` writes a lone UTF-16 surrogate as an escape (`\udc00`; a valid pair is
/// written as the character itself), which serde_json rejects. Like wasm-bindgen's own string
/// conversion (and so serde-wasm-bindgen before), each becomes U+FFFD.
fn lone_surrogates_replaced(text: String) -> String {
    if !text.contains("\\ud") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = &rest[i..];
        let lone = matches!(
            escape.as_bytes(),
            [b'\\', b'u', b'd', b'8'..=b'9' | b'a'..=b'f', a, b, ..]
                if a.is_ascii_hexdigit() && b.is_ascii_hexdigit()
        );
        // Otherwise the backslash and the character it escapes go through unchanged.
        let len = if lone {
            6
        } else {
            1 + escape[1..].chars().next().map_or(0, char::len_utf8)
        };
        let (head, tail) = escape.split_at(len);
        out.push_str(if lone { "\\ufffd" } else { head });
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The one way this crate reports failure: a JavaScript `Error` whose `kind` says which input
/// was wrong and whose `diagnostics` locate the problems, when there are any.
pub(crate) fn into_error(kind: &str, message: &str, diagnostics: &[JsDiagnostic]) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name("AslError");
    let diagnostics = to_js(diagnostics).unwrap_or_else(|_| js_sys::Array::new().into());
    // Setting properties on a fresh Error object cannot fail; ignore the Result all the same.
    let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.into());
    let _ = js_sys::Reflect::set(&error, &"diagnostics".into(), &diagnostics);
    error.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let cases = [
            (r#""a\ud800b""#, r#""a\ufffdb""#),
            (r#""\udfff""#, r#""\ufffd""#),
            // An escaped backslash before `ud800` is text, not an escape.
            (r#""\\ud800""#, r#""\\ud800""#),
            (r#""\\\udc00\n""#, r#""\\\ufffd\n""#),
            (r#""\u00e9 😀""#, r#""\u00e9 😀""#),
        ];
        for (text, expected) in cases {
            assert_eq!(
                lone_surrogates_replaced(text.to_string()),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs_and_clamp() {
        let text = "a😀é\nb";
        let mut offsets = vec![0, 1, 5, 7, 8, 9, 100, 3];
        let map = Utf16Offsets::new(text, &mut offsets);
        // 'a' = 1 unit, '😀' = 2 units (4 bytes), 'é' = 1 unit (2 bytes), '\n', 'b'.
        let cases = [
            (0, 0),
            (1, 1),
            (5, 3),
            (7, 4),
            (8, 5),
            (9, 6),
            (100, 6),
            (3, 1),
        ];
        for (byte, units) in cases {
            assert_eq!(map.get(byte), units, "byte offset {byte}");
        }
    }
}
