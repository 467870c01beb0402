//! The functions Step Functions adds to JSONata, and the built-ins it redirects to the
//! virtual clock and the seeded random source.

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use asl_core::jsonata::{Env, Expression};
use serde_json::{json, Value};

/// What a case expects: a value, undefined, or an error whose cause contains the text.
enum Want {
    Value(Value),
    Undefined,
    Error(&'static str),
}
use Want::*;

fn check(cases: &[(&str, Want)]) {
    let input = json!({"chunkSize": 2, "content": "abc", "json": "{\"k\":[1,2]}", "seed": 7});
    let mut failures = Vec::new();
    for (expr, want) in cases {
        let expression = match Expression::parse(&format!("{{% {expr} %}}")) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{expr}: does not parse: {e}"));
                continue;
            }
        };
        let got = expression.evaluate(&Env::new(&input).with_clock(0));
        let ok = match (want, &got) {
            (Value(v), Ok(Some(g))) => v == g,
            (Undefined, Ok(None)) => true,
            (Error(text), Err(e)) => {
                e.error == "States.QueryEvaluationError"
                    && e.cause.as_deref().unwrap_or("").contains(text)
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{expr}: got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

#[test]
fn partition() {
    check(&[
        (
            "$partition([1,2,3,4,5,6,7,8,9], 3)",
            Value(json!([[1, 2, 3], [4, 5, 6], [7, 8, 9]])),
        ),
        ("$partition([1,2,3,4], 3)", Value(json!([[1, 2, 3], [4]]))),
        (
            "$partition([1,2,3,4], $states.input.chunkSize)",
            Value(json!([[1, 2], [3, 4]])),
        ),
        ("$partition([0], 1)", Value(json!([[0]]))),
        ("$partition([1,2,3], 10)", Value(json!([[1, 2, 3]]))),
        // Non-integer sizes are truncated towards zero.
        (
            "$partition([1,2,3,4,5], 2.9)",
            Value(json!([[1, 2], [3, 4], [5]])),
        ),
        // A single value is a one-item array, as JSONata passes it.
        ("$partition('x', 1)", Value(json!([["x"]]))),
        ("$partition([1,2], 0)", Undefined),
        ("$partition([1,2], -1)", Undefined),
        ("$partition([], 2)", Undefined),
        ("$partition($states.input.missing, 2)", Undefined),
        (
            "$partition([1,2], 'a')",
            Error("T0410: Argument 2 of function \"partition\""),
        ),
        ("$partition([1], 1, 1)", Error("T0410: Argument 3")),
    ]);
}

#[test]
fn range() {
    check(&[
        ("$range(0, 10, 2)", Value(json!([0, 2, 4, 6, 8, 10]))),
        ("$range(1, 8, 2)", Value(json!([1, 3, 5, 7]))),
        ("$range(10, 0, -5)", Value(json!([10, 5, 0]))),
        ("$range(-1.7, 2, 1)", Value(json!([-1, 0, 1, 2]))),
        // A one-item range is the bare number (a JSONata singleton sequence).
        ("$range(3, 3, 1)", Value(json!(3))),
        ("$range(0, 4, 0)", Undefined),
        ("$range(1, 3, -1)", Undefined),
        ("$range(3, 1, 1)", Undefined),
        ("$range(0, 4)", Undefined),
        (
            "$range('0', 4, 1)",
            Error("T0410: Argument 1 of function \"range\""),
        ),
        ("$range(0, 4, 1, 2)", Error("T0410: Argument 4")),
        // AWS refuses more than 360,145 items; the default sequence limit is lower still.
        ("$count($range(1, 150000, 1))", Value(json!(150000))),
        (
            "$range(1, 150001, 1)",
            Error("Expression evaluation memory limit exceeded"),
        ),
        (
            "$range(1, 360146, 1)",
            Error("Expression evaluation memory limit exceeded"),
        ),
    ]);
}

#[test]
fn hash() {
    check(&[
        ("$hash('abc', 'MD5')", Value(json!("900150983cd24fb0d6963f7d28e17f72"))),
        ("$hash('abc', 'SHA-1')", Value(json!("a9993e364706816aba3e25717850c26c9cd0d89d"))),
        (
            "$hash($states.input.content, 'SHA-256')",
            Value(json!("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")),
        ),
        (
            "$hash('abc', 'SHA-384')",
            Value(json!("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")),
        ),
        (
            "$hash('abc', 'SHA-512')",
            Value(json!("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")),
        ),
        ("$hash('', 'MD5')", Value(json!("d41d8cd98f00b204e9800998ecf8427e"))),
        // Algorithm names are case-sensitive.
        ("$hash('abc', 'sha-256')", Error("'sha-256' is not supported")),
        ("$hash('abc')", Undefined),
        ("$hash(1, 'MD5')", Error("T0410: Argument 1 of function \"hash\"")),
    ]);
}

#[test]
fn parse_and_eval() {
    check(&[
        ("$parse($states.input.json)", Value(json!({"k": [1, 2]}))),
        ("$parse('\"s\"')", Value(json!("s"))),
        ("$parse('12.5')", Value(json!(12.5))),
        ("$parse('null')", Value(json!(null))),
        ("$parse('[1')", Error("not valid JSON")),
        ("$parse(1)", Error("T0410")),
        ("$eval('1 + 1')", Error("T1006")),
    ]);
}

/// The clock is the virtual one however the function is reached (`check` runs at time 0).
#[test]
fn clock_functions_read_the_virtual_clock() {
    check(&[
        ("$now()", Value(json!("1970-01-01T00:00:00.000Z"))),
        ("$millis()", Value(json!(0))),
        (
            "($f := $now; $f())",
            Value(json!("1970-01-01T00:00:00.000Z")),
        ),
        ("($f := $millis; $f())", Value(json!(0))),
        (
            "$map([1, 2], function($v){ $millis() + $v })",
            Value(json!([1, 2])),
        ),
        ("$now('[H01]:[m01]', '+0530')", Value(json!("05:30"))),
        (
            "$fromMillis($millis())",
            Value(json!("1970-01-01T00:00:00.000Z")),
        ),
    ]);
}

#[test]
fn random_and_uuid_shapes() {
    check(&[
        // Seeded: java.util.Random(seed).nextDouble().
        ("$random(42)", Value(json!(0.7275636800328681))),
        ("$random(42.9)", Value(json!(0.7275636800328681))),
        ("$random($states.input.seed) = $random(7)", Value(json!(true))),
        ("$random(1) != $random(2)", Value(json!(true))),
        ("($r := $random(); $r >= 0 and $r < 1)", Value(json!(true))),
        ("$random('x')", Error("T0410")),
        (
            "$match($uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) ~> $exists()",
            Value(json!(true)),
        ),
        ("$uuid() != $uuid()", Value(json!(true))),
        ("$uuid(1)", Error("T0410")),
        ("$sort($shuffle([1, 2, 3, 4, 5]))", Value(json!([1, 2, 3, 4, 5]))),
        ("$shuffle([])", Value(json!([]))),
    ]);
}

/// The same seed and clock give the same values; the host's source is read once per
/// evaluation that uses randomness, and not at all otherwise.
#[test]
fn clock_and_randomness_are_deterministic() {
    let input = json!({});
    let expression =
        Expression::parse("{% [$random(), $uuid(), $now(), $millis(), $shuffle([1..20])] %}")
            .expect("parses");
    let run = |seed: u64, clock: i64| {
        let mut draws = 0;
        let mut state = seed;
        let mut source = || {
            draws += 1;
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            state
        };
        let env = Env::new(&input).with_clock(clock).with_random(&mut source);
        let value = expression.evaluate(&env).expect("evaluates");
        drop(env);
        (value, draws)
    };
    let (first, draws) = run(1, 1_700_000_000_000);
    let (second, _) = run(1, 1_700_000_000_000);
    let (other_seed, _) = run(2, 1_700_000_000_000);
    assert_eq!(first, second);
    assert_eq!(draws, 1);
    let first = first.expect("a value");
    let other_seed = other_seed.expect("a value");
    assert_ne!(first[0], other_seed[0]);
    assert_ne!(first[1], other_seed[1]);
    assert_ne!(first[4], other_seed[4]);
    assert_eq!(first[2], json!("2023-11-14T22:13:20.000Z"));
    assert_eq!(first[3], json!(1_700_000_000_000_i64));
    assert_eq!(first[2], other_seed[2]);

    let plain = Expression::parse("{% $now() %}").expect("parses");
    let mut draws = 0;
    let mut source = || {
        draws += 1;
        0
    };
    let env = Env::new(&input).with_clock(0).with_random(&mut source);
    assert_eq!(
        plain.evaluate(&env).expect("evaluates"),
        Some(json!("1970-01-01T00:00:00.000Z"))
    );
    drop(env);
    assert_eq!(draws, 0, "no randomness used, none drawn");
}
