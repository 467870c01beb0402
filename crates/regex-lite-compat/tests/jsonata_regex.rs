//! The JSONata regex functions as jsonata-core runs them on this crate (`regex-lite`), natively
//! and on wasm32 (the same cases: `cargo test -p regex`, and with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target
//! wasm32-unknown-unknown -p regex`).
//!
//! Step Functions evaluates JSONata with jsonata-js, where a regex is a JavaScript `RegExp`
//! without the `u` flag. Each table says what jsonata-js 2.2 gives and, where it differs, what
//! the full `regex` crate gave before this crate replaced it (docs/wasm-size.md).

use jsonata_core::evaluator::Evaluator;
use jsonata_core::value::JValue;
use serde_json::{json, Value};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// What an expression gives: a JSON value, no value (JSONata `undefined`), or an error whose
/// message contains the text.
enum Outcome {
    Is(Value),
    Undefined,
    Fails(&'static str),
}
use Outcome::{Fails, Is, Undefined};

fn check(cases: &[(&str, Outcome)]) {
    for (expression, expected) in cases {
        let got = jsonata_core::parser::parse(expression)
            .map_err(|e| e.to_string())
            .and_then(|ast| {
                Evaluator::new()
                    .evaluate(&ast, &JValue::Null)
                    .map_err(|e| e.to_string())
            });
        match (expected, got) {
            (Is(want), Ok(value)) => {
                let value = serde_json::to_value(&value).expect("a JSON result");
                assert_eq!(&value, want, "{expression}");
            }
            (Undefined, Ok(value)) => assert!(value.is_undefined(), "{expression}: {value:?}"),
            (Fails(text), Err(message)) => {
                assert!(message.contains(text), "{expression}: {message}");
            }
            (_, got) => panic!("{expression}: unexpected {got:?}"),
        }
    }
}

/// The everyday uses: the same results as jsonata-js, before and after the switch.
#[test]
fn regex_functions_match_jsonata_js() {
    check(&[
        (
            r#"$match("k1=v1 k2=v2", /(\w+)=(\w+)/)"#,
            Is(json!([
                {"match": "k1=v1", "index": 0, "groups": ["k1", "v1"]},
                {"match": "k2=v2", "index": 6, "groups": ["k2", "v2"]}
            ])),
        ),
        (r#"$match("abc", /x/)"#, Undefined),
        (
            r#"$match("line1\nline2", /^line\d$/m).match"#,
            Is(json!(["line1", "line2"])),
        ),
        (r#"$match("a\nb", /a.b/).match"#, Undefined),
        (r#"$match("ab12", /[[:alpha:]]+/).match"#, Is(json!("ab"))),
        (r#"$match("aXa", /\x58/).match"#, Is(json!("X"))),
        (
            r#"$replace("2020-01-02", /(\d+)-(\d+)-(\d+)/, "$3/$2/$1")"#,
            Is(json!("02/01/2020")),
        ),
        (
            r#"$replace("a1b22c333", /\d+/, function($m){ "<" & $m.match & ">" })"#,
            Is(json!("a<1>b<22>c<333>")),
        ),
        (
            r#"$split("a1b22c333d", /\d+/)"#,
            Is(json!(["a", "b", "c", "d"])),
        ),
        (
            r#"$split("one, two;three", /[,;] ?/, 2)"#,
            Is(json!(["one", "two"])),
        ),
        (r#"$contains("ABC", /b/i)"#, Is(json!(true))),
        (r#"$contains("tab\there", /\t/)"#, Is(json!(true))),
        (r#"$contains("é", /\u00e9/)"#, Is(json!(true))),
        (r#"/a(b)?/("xab").groups"#, Is(json!(["b"]))),
        (r#"/a(b)?/("xab").start"#, Is(json!(1))),
        (r#"$match("A_1-", /\W/).match"#, Is(json!("-"))),
        (r#"$match("é1", /\D/).match"#, Is(json!("é"))),
        // jsonata-core's own uses: signatures, ISO 8601 and picture parsing, number words.
        (r#"$uppercase(1)"#, Fails("T0410")),
        (r#"$sum([1, 2])"#, Is(json!(3))),
        (
            r#"$toMillis("2020-01-02T03:04:05Z")"#,
            Is(json!(1577934245000u64)),
        ),
        (
            r#"$toMillis("2020-3-4", "[Y]-[M]-[D]")"#,
            Is(json!(1583280000000u64)),
        ),
        (
            r#"$toMillis("Monday 2 March 2020", "[FNn] [D1] [MNn] [Y]")"#,
            Is(json!(1583107200000u64)),
        ),
        (
            r#"$parseInteger("twelve thousand, four hundred and six", "w")"#,
            Is(json!(12406)),
        ),
    ]);
}

/// Where `regex` followed Unicode and JavaScript does not: `\d`, `\w`, `\b` are ASCII and the
/// `i` flag does not fold the Kelvin sign or the long s. The full crate gave `true`,
/// `["café","crème"]`, `["naïve","x"]`, `true`, `true`, and panicked on the two timestamps
/// (its `\d` matched the non-ASCII digits that jsonata-core then failed to parse).
#[test]
fn ascii_classes_now_match_jsonata_js() {
    check(&[
        (r#"$contains("١٢٣", /\d/)"#, Is(json!(false))),
        (
            r#"$match("café crème", /\w+/).match"#,
            Is(json!(["caf", "cr", "me"])),
        ),
        (
            r#"$match("naïve x", /\b\w+\b/).match"#,
            Is(json!(["na", "ve", "x"])),
        ),
        (r#"$contains("\u212a", /k/i)"#, Is(json!(false))),
        (r#"$contains("\u017f", /s/i)"#, Is(json!(false))),
        (r#"$toMillis("٢٠٢٠")"#, Fails("D3110")),
        (r#"$toMillis("２０２０-01-01")"#, Fails("D3110")),
    ]);
}

/// Where the switch moves away from jsonata-js: its `\s` includes the Unicode spaces and its
/// `i` flag folds non-ASCII letters; here (as in the full crate before) `\s` is ASCII only and
/// `i` folds ASCII letters only. jsonata-js (and the full crate) give `true`,
/// `["a","b","c","d"]`, `true`, `true`.
#[test]
fn unicode_spaces_and_case_folding_are_not_matched() {
    check(&[
        (r#"$contains("a\u00a0b", /\s/)"#, Is(json!(false))),
        (
            r#"$split("a\u00a0b\u2003c d", /\s/)"#,
            Is(json!(["a\u{a0}b\u{2003}c", "d"])),
        ),
        (r#"$contains("ÉCOLE", /école/i)"#, Is(json!(false))),
        (r#"$contains("ΣΑΣ", /σας/i)"#, Is(json!(false))),
    ]);
}

/// Syntax that neither engine reads as JavaScript does. `\p{L}` is a Unicode class in the full
/// crate and the literal `p{L}` in jsonata-js; `&&` in a class is an intersection in the full
/// crate and a literal `&` in jsonata-js. Here both are errors. Back-references and
/// look-around are errors in both Rust engines (jsonata-js supports them), and counted
/// repetitions past the size limit are errors in all three.
#[test]
fn unsupported_syntax_is_an_error() {
    check(&[
        (r#"$match("p{L}x", /\p{L}/)"#, Fails("Invalid regex")),
        (r#"$contains("é", /\P{L}/)"#, Fails("Invalid regex")),
        (
            r#"$contains("b", /[a-z&&[^aeiou]]/)"#,
            Fails("Invalid regex"),
        ),
        (r#"$match("aa", /(a)\1/)"#, Fails("Invalid regex")),
        (r#"$match("ab", /a(?=b)/)"#, Fails("Invalid regex")),
        (r#"$contains("x", /a{1000}{1000}/)"#, Fails("Invalid regex")),
        (r#"$split("x", /(/)"#, Fails("Invalid regex")),
    ]);
}
