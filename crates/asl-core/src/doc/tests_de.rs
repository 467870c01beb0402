//! Parsing text straight into a `Doc` gives what parsing into a `Value` and converting gives.

use serde_json::Value;

use super::Doc;

/// The same document, the same text when written back, or the same error.
fn check(text: &str) {
    let direct = serde_json::from_str::<Doc>(text);
    let via_value = serde_json::from_str::<Value>(text).map(Doc::from);
    match (direct, via_value) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b, "{text}");
            assert_eq!(a.to_json_string(), b.to_json_string(), "{text}");
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
        (a, b) => panic!("{text}: direct {a:?}, via Value {b:?}"),
    }
}

#[test]
fn scalars_numbers_and_strings() {
    for text in [
        "null",
        "true",
        "false",
        "0",
        "-7",
        "18446744073709551615",
        "-9223372036854775808",
        "1.5",
        "-0.0",
        "1e300",
        "0.1",
        "1E2",
        "\"\"",
        "\"plain\"",
        r#""esc\"aped\n\u00e9\ud83d\ude00""#,
        " [ ] ",
        "{}",
    ] {
        check(text);
    }
}

#[test]
fn containers_keep_order_and_repeated_keys_as_value_does() {
    check(r#"{"b":1,"a":[1,{"z":null,"y":"s"}],"c":{"k\"ey":2}}"#);
    // A repeated key: first position, last value.
    check(r#"{"a":1,"b":2,"a":3}"#);
    let doc: Doc = serde_json::from_str(r#"{"a":1,"b":2,"a":3}"#).unwrap_or_default();
    assert_eq!(doc.to_json_string(), r#"{"a":3,"b":2}"#);
}

#[test]
fn errors_and_nesting_limit_as_value() {
    for text in [
        "",
        "{",
        "[1,]",
        "{\"a\" 1}",
        "nul",
        "\"\\x\"",
        "1 2",
        "[1e999]",
    ] {
        check(text);
    }
    // serde_json's recursion limit (128) applies to both.
    check(&format!("{}{}", "[".repeat(127), "]".repeat(127)));
    check(&format!("{}{}", "[".repeat(200), "]".repeat(200)));
}
