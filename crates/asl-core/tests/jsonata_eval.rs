//! The JSONata layer: jsonata-js semantics through jsonata-core, `$states` and variables,
//! error texts, syntax errors with offsets, and the bounds that stop hostile expressions.
//!
//! Runs natively and on wasm32 (time bounds through `common::clock`).

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

use asl_core::jsonata::{
    is_expression, is_malformed_expression, Env, Expression, Limits, ScopeChain,
};
use indexmap::IndexMap;
use serde_json::{json, Value};

/// What a case expects: a value, undefined, or an error whose cause contains the text.
enum Want {
    Value(Value),
    Undefined,
    Error(&'static str),
}
use Want::*;

fn input() -> Value {
    json!({
        "a": [{"b": 1}, {"b": 2}],
        "one": [{"b": 5}],
        "s": "text",
        "n": 3.5,
        "nil": null,
        "big": 12345678901234_i64,
        "nested": {"deep": {"x": [10, 20, 30]}}
    })
}

fn variables() -> IndexMap<String, Value> {
    let mut vars = IndexMap::new();
    vars.insert("customerName".to_string(), json!("María"));
    vars.insert("total".to_string(), json!(2));
    vars.insert("list".to_string(), json!([3, 1, 2]));
    vars
}

/// Evaluates each `{% expr %}` with the standard input and variables and compares.
fn check(cases: &[(&str, Want)]) {
    let input = input();
    let vars = variables();
    let result = json!({"Payload": {"ok": true}});
    let context = json!({"Execution": {"Name": "exec-1"}, "State": {"Name": "S", "RetryCount": 0}});
    let mut failures = Vec::new();
    for (expr, want) in cases {
        let template = format!("{{% {expr} %}}");
        let expression = match Expression::parse(&template) {
            Ok(e) => e,
            Err(e) => {
                failures.push(format!("{expr}: does not parse: {e}"));
                continue;
            }
        };
        let env = Env::new(&input)
            .with_result(&result)
            .with_context(&context)
            .with_variables(&vars)
            .with_clock(1_700_000_000_123);
        let got = expression.evaluate(&env);
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
fn jsonata_js_semantics() {
    check(&[
        // Path mapping over arrays, and singleton sequences collapsing to their item.
        ("$states.input.a.b", Value(json!([1, 2]))),
        ("$states.input.one.b", Value(json!(5))),
        ("$states.input.one", Value(json!([{"b": 5}]))),
        ("$states.input.a[b > 1]", Value(json!({"b": 2}))),
        ("$states.input.a[b > 1][]", Value(json!([{"b": 2}]))),
        ("$states.input.nested.deep.x[1]", Value(json!(20))),
        ("$states.input.nested.deep.x[-1]", Value(json!(30))),
        // Undefined.
        ("$states.input.missing", Undefined),
        ("$states.input.a[b > 5]", Undefined),
        ("$exists($states.input.missing)", Value(json!(false))),
        ("$exists($states.input.nil)", Value(json!(true))),
        ("$states.input.nil", Value(json!(null))),
        (
            "{'k': $states.input.missing, 'v': 1}",
            Value(json!({"v": 1})),
        ),
        ("[$states.input.missing, 1]", Value(json!([1]))),
        // Numbers and strings.
        ("$string(1)", Value(json!("1"))),
        ("$string(1.5)", Value(json!("1.5"))),
        ("$string(0.1 + 0.2)", Value(json!("0.3"))),
        ("$string(1e20)", Value(json!("100000000000000000000"))),
        ("$string(1e21)", Value(json!("1e+21"))),
        ("$string({'a': 1})", Value(json!("{\"a\":1}"))),
        ("$states.input.big + 1", Value(json!(12345678901235_i64))),
        ("7 / 2", Value(json!(3.5))),
        ("$states.input.s & '!'", Value(json!("text!"))),
        ("$number('12')", Value(json!(12))),
        ("1 / 0", Value(json!("Infinity"))),
        // Aggregation and higher-order functions.
        ("$sum($states.input.a.b)", Value(json!(3))),
        ("$max($list)", Value(json!(3))),
        ("$count($states.input.a)", Value(json!(2))),
        (
            "$map($states.input.a, function($v){ $v.b * 2 })",
            Value(json!([2, 4])),
        ),
        (
            "$filter($list, function($v){ $v > 1 })",
            Value(json!([3, 2])),
        ),
        (
            "$reduce($list, function($acc, $v){ $acc + $v })",
            Value(json!(6)),
        ),
        ("$sort($list)", Value(json!([1, 2, 3]))),
        (
            "$merge([{'a': 1}, {'b': 2}])",
            Value(json!({"a": 1, "b": 2})),
        ),
        ("$keys({'x': 1, 'y': 2})", Value(json!(["x", "y"]))),
        ("$zip([1, 2], [3, 4])", Value(json!([[1, 3], [2, 4]]))),
        // Regular expressions.
        ("$match('abc', /b/).match", Value(json!("b"))),
        ("$replace('aXbX', /X/, '-')", Value(json!("a-b-"))),
        ("$contains('hello', /l+/)", Value(json!(true))),
        ("$split('a,b,,c', ',')", Value(json!(["a", "b", "", "c"]))),
        // Functions: partial application, signatures, chaining, positional binding, sorting.
        (
            "$map(['abc', 'def'], $substring(?, 1))",
            Value(json!(["bc", "ef"])),
        ),
        ("$substring('hello', 1, 3)", Value(json!("ell"))),
        ("(function($x)<n:n>{ $x * 2 })(4)", Value(json!(8))),
        ("(function($x)<n:n>{ $x * 2 })('a')", Error("T0410")),
        (
            "($inc := function($x){ $x + 1 }; $dbl := function($x){ $x * 2 }; 3 ~> $inc ~> $dbl)",
            Value(json!(8)),
        ),
        (
            "$states.input.a#$i.{'i': $i, 'b': b}",
            Value(json!([{"i": 0, "b": 1}, {"i": 1, "b": 2}])),
        ),
        ("$states.input.a^(>b).b", Value(json!([2, 1]))),
        ("$states.input.a.b ~> $sum()", Value(json!(3))),
        // Blocks, bindings, conditionals.
        ("($x := 2; $y := 3; $x * $y)", Value(json!(6))),
        ("$total > 1 ? 'many' : 'few'", Value(json!("many"))),
        ("$states.input.s in ['text', 'x']", Value(json!(true))),
        // Dates read the virtual clock only.
        ("$now()", Value(json!("2023-11-14T22:13:20.123Z"))),
        ("$millis()", Value(json!(1_700_000_000_123_i64))),
        ("$now('[Y0001]-[M01]-[D01]')", Value(json!("2023-11-14"))),
        (
            "$fromMillis($millis() + 1000)",
            Value(json!("2023-11-14T22:13:21.123Z")),
        ),
        (
            "$toMillis('2020-01-01T00:00:00Z')",
            Value(json!(1_577_836_800_000_i64)),
        ),
    ]);
}

#[test]
fn states_and_variables() {
    check(&[
        ("$states.input.s", Value(json!("text"))),
        ("$states.result.Payload.ok", Value(json!(true))),
        ("$states.context.Execution.Name", Value(json!("exec-1"))),
        ("$states.context.State.RetryCount", Value(json!(0))),
        // errorOutput was not given: absent, not null.
        ("$states.errorOutput", Undefined),
        (
            "$keys($states)",
            Value(json!(["input", "result", "context"])),
        ),
        ("$customerName", Value(json!("María"))),
        ("'Hello ' & $customerName", Value(json!("Hello María"))),
        ("$total + 1", Value(json!(3))),
        ("$undefinedVariable", Undefined),
        // A local binding shadows a workflow variable inside the expression only.
        ("($total := 10; $total)", Value(json!(10))),
        // No context item at the top level: `$` and bare names see nothing.
        ("$", Undefined),
        ("s", Undefined),
    ]);
}

/// Inner scopes (a Map iteration) read outer variables and shadow them.
#[test]
fn scope_chains() {
    let mut outer = IndexMap::new();
    outer.insert("a".to_string(), json!("outer a"));
    outer.insert("b".to_string(), json!("outer b"));
    let mut inner = IndexMap::new();
    inner.insert("b".to_string(), json!("inner b"));
    let mut chain = ScopeChain::new();
    chain.push(&outer);
    chain.push(&inner);
    let input = json!({});
    let expression = Expression::parse("{% [$a, $b, $c] %}").expect("parses");
    let env = Env::new(&input).with_variables(&chain);
    assert_eq!(
        expression.evaluate(&env).expect("evaluates"),
        Some(json!(["outer a", "inner b"]))
    );
}

#[test]
fn error_output_is_visible_in_catch() {
    let input = json!({"x": 1});
    let error_output = json!({"Error": "Lambda.Unknown", "Cause": "boom"});
    let expression = Expression::parse("{% $states.errorOutput.Error & ':' & $states.input.x %}")
        .expect("parses");
    let env = Env::new(&input).with_error_output(&error_output);
    assert_eq!(
        expression.evaluate(&env).expect("evaluates"),
        Some(json!("Lambda.Unknown:1"))
    );
}

#[test]
fn runtime_errors_are_query_evaluation_errors() {
    check(&[
        (
            "$states.input.s + 1",
            Error("T2001: The left side of the + operator must evaluate to a number"),
        ),
        ("$states.input.n + 'x'", Error("T2002")),
        ("$eval('1 + 1')", Error("T1006")),
        ("$notAFunction(1)", Error("T1006")),
        ("$substring('abc', 'x')", Error("T0410")),
        ("$error('custom failure')", Error("custom failure")),
        ("$assert(false, 'assertion text')", Error("assertion text")),
    ]);
}

#[test]
fn field_errors_use_aws_wording() {
    let input = json!({});
    let env = Env::new(&input);
    let undefined = Expression::parse("{%  $doesNotExist  %}").expect("parses");
    let err = undefined
        .evaluate_field(&env, "Output")
        .expect_err("undefined fails");
    assert_eq!(err.location, "Output");
    assert_eq!(err.error.error, "States.QueryEvaluationError");
    assert_eq!(
        err.error.cause.as_deref(),
        Some("The JSONata expression '$doesNotExist' specified for the field 'Output' returned nothing (undefined).")
    );
    let throws = Expression::parse("{% 'a' + 1 %}").expect("parses");
    let err = throws
        .evaluate_field(&env, "Arguments/x")
        .expect_err("type error");
    assert_eq!(
        err.error.cause.as_deref(),
        Some("The JSONata expression ''a' + 1' specified for the field 'Arguments/x' threw an error during evaluation. T2001: The left side of the + operator must evaluate to a number")
    );
}

#[test]
fn expression_delimiters() {
    // (string, is an expression, is a malformed attempt at one)
    for (s, expression, malformed) in [
        ("{% 1 %}", true, false),
        ("{%1%}", true, false),
        (" {% 1 %}", false, true),
        ("{% 1 %} ", false, true),
        ("{% 1", false, true),
        ("1 %}", false, true),
        ("{%}", false, true),
        ("plain", false, false),
        ("100% sure {%", false, false),
    ] {
        assert_eq!(is_expression(s), expression, "{s:?}");
        assert_eq!(is_malformed_expression(s), malformed, "{s:?}");
    }
}

#[test]
fn syntax_errors_point_into_the_string() {
    // (template, expected offset of the offending character, text in the message)
    let cases: &[(&str, usize, &str)] = &[
        ("{% a[1,2) %}", 6, "S0202"),
        ("{% $states.input. %}", 18, ""),
        ("{% 1 + + ) %}", 7, "S0211"),
        ("{% 'unterminated %}", 17, "S0101"),
        ("{%  %}", 2, "empty"),
        ("not an expression", 0, "must start with"),
    ];
    for (template, offset, text) in cases {
        let err = Expression::parse(template).expect_err(template);
        assert_eq!(err.offset, *offset, "{template}: {err}");
        assert!(err.message.contains(text), "{template}: {err}");
        assert!(err.offset <= template.len());
    }
    let deep = format!("{{% {}1{} %}}", "(".repeat(300), ")".repeat(300));
    let err = Expression::parse(&deep).expect_err("too deep");
    assert!(err.message.contains("deeper than"), "{err}");
}

/// Hostile expressions end with a clear error, quickly, using counts rather than time.
/// "Quickly" is under a second of the thread's CPU time (a loaded machine stretches wall time
/// arbitrarily), with a generous wall-time bound on top to catch a real hang. On wasm32 both
/// are `Date.now()` time, and the one-second bound is asserted on release builds only.
#[test]
fn hostile_expressions_end_within_a_second() {
    let cases: &[(&str, &str)] = &[
        ("($f := function($x){ $f($x) }; $f(1))", "U1004"),
        ("($f := function($x){ 1 + $f($x) }; $f(1))", "D1011"),
        ("[1..100000000]", "D2014"),
        ("$count([1..5000000])", "D2015"),
        ("$map([1..100000], function($v){ $v })", "U1004"),
        (
            "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f('x', 64))",
            "memory limit",
        ),
        ("$range(0, 100000000, 1)", "memory limit"),
        (
            "($y := function($f){ function($x){ $f($f)($x) } }; $y($y)(1))",
            "",
        ),
    ];
    let input = json!({});
    for (expr, text) in cases {
        let expression = Expression::parse(&format!("{{% {expr} %}}")).expect(expr);
        let env = Env::new(&input);
        let (got, elapsed, wall) = common::clock::measure(|| expression.evaluate(&env));
        let Err(err) = got else {
            let text = format!("{got:?}");
            panic!("{expr} did not fail: {}", &text[..text.len().min(200)]);
        };
        assert!(
            elapsed.as_millis() < 1000 || !common::clock::BOUNDS_HOLD,
            "{expr} took {elapsed:?} of CPU time"
        );
        assert!(wall.as_secs() < 20, "{expr} took {wall:?}");
        assert_eq!(err.error, "States.QueryEvaluationError", "{expr}");
        assert!(
            err.cause.as_deref().unwrap_or("").contains(text),
            "{expr}: {err}"
        );
    }
}

/// What Step Functions was measured to accept still evaluates under the default limits.
#[test]
fn default_limits_accept_what_aws_accepts() {
    let input = json!({});
    let cases = [
        "{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(31)) %}".to_string(),
        format!("{{% {} %}}", vec!["1"; 100].join(" + ")),
        format!("{{% {}1{} %}}", "(".repeat(99), ")".repeat(99)),
        "{% ($f := function($n){ $n = 0 ? 'done' : $f($n - 1) }; $f(5000)) %}".to_string(),
        "{% $count($map([1..5000], function($v){ $v * 2 })) %}".to_string(),
        // AWS accepts a string doubled 22 times (2^22 characters)...
        "{% ($f := function($s, $n){ $n = 0 ? $length($s) : $f($s & $s, $n - 1) }; $f('x', 22)) %}"
            .to_string(),
    ];
    for template in &cases {
        let expression = Expression::parse(template).expect("parses");
        let got = expression.evaluate(&Env::new(&input));
        assert!(matches!(got, Ok(Some(_))), "{template}: {got:?}");
    }
    // ...and refuses the 23rd doubling.
    let doubled = Expression::parse(
        "{% ($f := function($s, $n){ $n = 0 ? $length($s) : $f($s & $s, $n - 1) }; $f('x', 23)) %}",
    )
    .expect("parses");
    let err = doubled.evaluate(&Env::new(&input)).expect_err("too big");
    assert!(err
        .cause
        .as_deref()
        .unwrap_or("")
        .contains("memory limit exceeded"));
    // And the limits are the caller's to tighten.
    let tight = Limits {
        max_calls: 10,
        ..Limits::default()
    };
    let expression = Expression::parse(&cases[3]).expect("parses");
    let err = expression
        .evaluate(&Env::new(&input).with_limits(tight))
        .expect_err("10 calls are not enough");
    assert!(err.cause.as_deref().unwrap_or("").contains("U1004"));
}
