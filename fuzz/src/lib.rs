//! Shared helpers of the fuzz targets: how a target's bytes are split into its parts.
//!
//! Multi-part targets take the parts separated by the ASCII record separator (0x1E), which
//! never occurs in JSON text unescaped, so `scripts/fuzz.sh` can build seeds by joining real
//! files with it and libFuzzer's mutations still reach every part.

/// The separator between parts of a fuzz input.
pub const SEPARATOR: char = '\u{1e}';

/// Splits `data` (which must be UTF-8, else `None`) into exactly `N` parts; missing parts are
/// empty strings, surplus separators stay in the last part.
pub fn parts<const N: usize>(data: &[u8]) -> Option<[&str; N]> {
    let text = std::str::from_utf8(data).ok()?;
    let mut out = [""; N];
    let mut rest = text;
    for slot in out.iter_mut().take(N - 1) {
        match rest.split_once(SEPARATOR) {
            Some((head, tail)) => {
                *slot = head;
                rest = tail;
            }
            None => {
                *slot = rest;
                rest = "";
            }
        }
    }
    out[N - 1] = rest;
    Some(out)
}

/// Parses a JSON part, treating an empty or invalid part as `{}` so the other parts still
/// get exercised.
pub fn json_or_empty(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::Object(Default::default()))
}
