//! The JSONata test set on wasm32-unknown-unknown, where `std::time::Instant` panics and the
//! stack is 1 MiB: the same tests as natively (the modules below), plus checks of its own
//! that hostile expressions still end quickly with an error value, and that the clock and
//! randomness come only from the `Env`.
//!
//! Run with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test
//! --profile wasm-release --target wasm32-unknown-unknown -p asl-core --test jsonata_wasm`
//! (needs Node.js; in a debug build the one-second bounds are not asserted).
#![cfg(target_arch = "wasm32")]
// Each included file declares its own `mod common;` / `mod exec_support;` so that it also
// builds as a test binary of its own; here those helper modules are loaded more than once.
#![allow(clippy::duplicate_mod)]

// The native test files, compiled into this one binary: a release build links each test
// binary with fat LTO, so one link instead of eight keeps the CI step short. Each file runs
// its `#[test]`s here through its wasm-bindgen-test alias; nothing is cfg'd out.
#[path = "exec_jsonata.rs"]
mod exec_jsonata;
#[path = "exec_variables.rs"]
mod exec_variables;
#[path = "jsonata_conformance.rs"]
mod jsonata_conformance;
#[path = "jsonata_eval.rs"]
mod jsonata_eval;
#[path = "jsonata_functions.rs"]
mod jsonata_functions;
#[path = "jsonata_robustness.rs"]
mod jsonata_robustness;
#[path = "jsonata_template.rs"]
mod jsonata_template;

use asl_core::jsonata::{Env, Expression};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn hostile_expressions_end_within_a_second() {
    let cases: &[(&str, &str)] = &[
        ("($f := function($x){ $f($x) }; $f(1))", "U1004"),
        ("($f := function($x){ 1 + $f($x) }; $f(1))", "D1011"),
        ("[1..100000000]", "D2014"),
        ("$map([1..100000], function($v){ $v })", "U1004"),
        (
            "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f('x', 64))",
            "memory limit",
        ),
        ("$pad('x', 1e9)", "memory limit"),
        (
            "($y := function($f){ function($x){ $f($f)($x) } }; $y($y)(1))",
            "",
        ),
    ];
    let input = json!({});
    for (expr, text) in cases {
        let expression = Expression::parse(&format!("{{% {expr} %}}")).expect(expr);
        let start = js_sys::Date::now();
        let got = expression.evaluate(&Env::new(&input));
        let elapsed = js_sys::Date::now() - start;
        // Unoptimized wasm is several times slower than what the playground ships; the
        // bound is asserted on optimized builds (`--profile wasm-release`, what the page ships).
        if !cfg!(debug_assertions) {
            assert!(elapsed < 1000.0, "{expr} took {elapsed} ms");
        }
        let err = got.expect_err(expr);
        assert_eq!(err.error, "States.QueryEvaluationError", "{expr}");
        assert!(
            err.cause.as_deref().unwrap_or("").contains(text),
            "{expr}: {err}"
        );
    }
}

#[wasm_bindgen_test]
fn deep_but_allowed_recursion_fits_the_stack() {
    let input = json!({});
    for template in [
        "{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(31)) %}".to_string(),
        format!("{{% {}1{} %}}", "(".repeat(99), ")".repeat(99)),
        format!("{{% {}1{} %}}", "[".repeat(150), "]".repeat(150)),
    ] {
        let got = Expression::parse(&template)
            .expect("parses")
            .evaluate(&Env::new(&input));
        assert!(got.is_ok() || got.is_err(), "ended");
    }
}

#[wasm_bindgen_test]
fn clock_and_randomness_come_from_the_env() {
    let input = json!({});
    let expression = Expression::parse(
        "{% [$now(), $millis(), $random(), $uuid(), $random(42), $toMillis('2020-01-01T00:00:00Z'), $shuffle([1,2,3])] %}",
    )
    .expect("parses");
    let run = || {
        let mut state = 9u64;
        let mut source = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            state
        };
        let env = Env::new(&input)
            .with_clock(1_700_000_000_000)
            .with_random(&mut source);
        expression
            .evaluate(&env)
            .expect("evaluates")
            .expect("a value")
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(first[0], json!("2023-11-14T22:13:20.000Z"));
    assert_eq!(first[1], json!(1_700_000_000_000_i64));
    assert_eq!(first[4], json!(0.7275636800328681));
    assert_eq!(first[5], json!(1_577_836_800_000_i64));
}
