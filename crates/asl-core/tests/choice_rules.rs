//! Choice rules: every operator (and Path twin), type tests with true/false operands,
//! combinators, the AWS "Choice state" page examples, and missing variables.

use asl_core::choice::{choose, evaluate_rule, parse_timestamp, Rule};
use std::collections::HashMap;

use asl_core::Doc;
use serde_json::{json, Value};

enum Expect {
    True,
    False,
    /// `States.Runtime` (condition path finds nothing).
    Runtime,
    /// The rule does not compile.
    Invalid,
}
use Expect::*;

fn check(rule: Value, input: &Value, expect: Expect) {
    let mut vars: HashMap<String, Doc> = HashMap::new();
    vars.insert("threshold".into(), Doc::from(10i64));
    let context = Doc::from(json!({"State": {"RetryCount": 2}}));
    if let Invalid = expect {
        assert!(Rule::compile(&rule).is_err(), "{rule} should not compile");
        return;
    }
    let got = evaluate_rule(&rule, &Doc::from(input), &context, &vars);
    match (got, expect) {
        (Ok(true), True) | (Ok(false), False) => {}
        (Err(e), Runtime) if e.error == "States.Runtime" => {}
        (got, _) => panic!("{rule} on {input}: got {got:?}"),
    }
}

fn input() -> Value {
    json!({
        "s": "beta", "n": 5, "f": 2.5, "b": true, "nul": null,
        "t": "2016-03-14T01:59:00Z", "t2": "2016-03-14T02:59:00+01:00", "tlate": "2016-03-14T02:00:00.5Z",
        "obj": {"k": 1}, "arr": [1], "file": "log-2023.txt", "star": "a*b", "bs": "a\\b",
        "s2": "beta", "n2": 5.0, "b2": false, "date": "2023-02-24"
    })
}

#[test]
fn comparison_operators() {
    let input = input();
    let r =
        |var: &str, op: &str, operand: Value| json!({"Variable": var, op: operand, "Next": "X"});
    let cases: Vec<(Value, Expect)> = vec![
        (r("$.s", "StringEquals", json!("beta")), True),
        (r("$.s", "StringEquals", json!("Beta")), False),
        (r("$.s", "StringLessThan", json!("gamma")), True),
        (r("$.s", "StringGreaterThan", json!("alpha")), True),
        (r("$.s", "StringLessThanEquals", json!("beta")), True),
        (r("$.s", "StringGreaterThanEquals", json!("betb")), False),
        (r("$.n", "StringEquals", json!("5")), False),
        (r("$.s", "StringEqualsPath", json!("$.s2")), True),
        (r("$.s", "StringLessThanPath", json!("$.s2")), False),
        (r("$.s", "StringGreaterThanEqualsPath", json!("$.s2")), True),
        (r("$.n", "NumericEquals", json!(5)), True),
        (r("$.n", "NumericEquals", json!(5.0)), True),
        (r("$.f", "NumericEquals", json!(2.5)), True),
        (r("$.n", "NumericLessThan", json!(5.5)), True),
        (r("$.n", "NumericGreaterThan", json!(4)), True),
        (r("$.n", "NumericLessThanEquals", json!(5)), True),
        (r("$.n", "NumericGreaterThanEquals", json!(6)), False),
        (r("$.s", "NumericEquals", json!(0)), False),
        (r("$.nul", "NumericEquals", json!(0)), False),
        (r("$.n", "NumericEqualsPath", json!("$.n2")), True),
        (
            r("$.n", "NumericGreaterThanPath", json!("$threshold")),
            False,
        ),
        (r("$.n", "NumericLessThanPath", json!("$threshold")), True),
        (r("$.n", "NumericEqualsPath", json!("$.s")), False),
        (
            r(
                "$.f",
                "NumericLessThanEqualsPath",
                json!("$$.State.RetryCount"),
            ),
            False,
        ),
        (r("$.b", "BooleanEquals", json!(true)), True),
        (r("$.b", "BooleanEquals", json!(false)), False),
        (r("$.s", "BooleanEquals", json!(true)), False),
        (r("$.b", "BooleanEqualsPath", json!("$.b2")), False),
        (
            r("$.t", "TimestampEquals", json!("2016-03-14T01:59:00Z")),
            True,
        ),
        (
            r("$.t2", "TimestampEquals", json!("2016-03-14T01:59:00Z")),
            True,
        ),
        (
            r(
                "$.t",
                "TimestampLessThan",
                json!("2016-03-14T01:59:00.001Z"),
            ),
            True,
        ),
        (
            r("$.t", "TimestampGreaterThan", json!("2001-01-01T00:00:00Z")),
            True,
        ),
        (
            r(
                "$.t",
                "TimestampLessThanEquals",
                json!("2016-03-14T01:59:00Z"),
            ),
            True,
        ),
        (
            r(
                "$.t",
                "TimestampGreaterThanEquals",
                json!("2016-03-15T00:00:00Z"),
            ),
            False,
        ),
        (
            r("$.s", "TimestampEquals", json!("2016-03-14T01:59:00Z")),
            False,
        ),
        (
            r("$.date", "TimestampEquals", json!("2023-02-24T00:00:00Z")),
            False,
        ),
        (r("$.t", "TimestampLessThanPath", json!("$.tlate")), True),
        (r("$.t", "TimestampEqualsPath", json!("$.t2")), True),
        (r("$.t", "TimestampEqualsPath", json!("$.s")), False),
    ];
    for (rule, expect) in cases {
        check(rule, &input, expect);
    }
}

#[test]
fn string_matches() {
    let input = input();
    let r = |var: &str, pattern: &str| json!({"Variable": var, "StringMatches": pattern});
    let cases: Vec<(Value, Expect)> = vec![
        (r("$.file", "log-*.txt"), True),
        (r("$.file", "*.txt"), True),
        (r("$.file", "log-*"), True),
        (r("$.file", "*"), True),
        (r("$.file", "log-*.csv"), False),
        (r("$.file", "*2023*"), True),
        (r("$.file", "l*g*3.t*t"), True),
        (r("$.file", "log-2023.txt"), True),
        (r("$.file", "log"), False),
        (r("$.star", "a\\*b"), True),
        (r("$.file", "log\\*"), False),
        (r("$.bs", "a\\\\b"), True),
        (r("$.n", "*"), False),
    ];
    for (rule, expect) in cases {
        check(rule, &input, expect);
    }
}

#[test]
fn type_tests_and_negations() {
    let input = input();
    let r = |var: &str, op: &str, b: bool| json!({"Variable": var, op: b});
    let cases: Vec<(Value, Expect)> = vec![
        (r("$.nul", "IsNull", true), True),
        (r("$.nul", "IsNull", false), False),
        (r("$.s", "IsNull", false), True),
        (r("$.s", "IsNull", true), False),
        (r("$.s", "IsPresent", true), True),
        (r("$.nul", "IsPresent", true), True),
        (r("$.missing", "IsPresent", true), False),
        (r("$.missing", "IsPresent", false), True),
        (r("$.s", "IsPresent", false), False),
        (r("$.n", "IsNumeric", true), True),
        (r("$.f", "IsNumeric", true), True),
        (r("$.s", "IsNumeric", false), True),
        (r("$.s", "IsString", true), True),
        (r("$.n", "IsString", true), False),
        (r("$.arr", "IsString", false), True),
        (r("$.b", "IsBoolean", true), True),
        (r("$.obj", "IsBoolean", false), True),
        (r("$.t", "IsTimestamp", true), True),
        (r("$.t2", "IsTimestamp", true), True),
        (r("$.date", "IsTimestamp", true), False),
        (r("$.date", "IsTimestamp", false), True),
        (r("$.s", "IsTimestamp", false), True),
        // A missing variable is an error for everything but IsPresent.
        (r("$.missing", "IsNull", true), Runtime),
        (
            json!({"Variable": "$.missing", "StringEquals": "x"}),
            Runtime,
        ),
        (
            json!({"Variable": "$.s", "StringEqualsPath": "$.missing"}),
            Runtime,
        ),
    ];
    for (rule, expect) in cases {
        check(rule, &input, expect);
    }
}

#[test]
fn combinators_and_documented_example() {
    // The "Choice state" page example.
    let choices = vec![
        json!({"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"}),
        json!({"Variable": "$.value", "NumericEquals": 0, "Next": "ValueIsZero"}),
        json!({"And": [
            {"Variable": "$.value", "NumericGreaterThanEquals": 20},
            {"Variable": "$.value", "NumericLessThan": 30}
        ], "Next": "ValueInTwenties"}),
    ];
    let cases = [
        (json!({"type": "Public", "value": 0}), Some(0)),
        (json!({"type": "Private", "value": 0}), Some(1)),
        (json!({"type": "Private", "value": 25}), Some(2)),
        (json!({"type": "Private", "value": 30}), None),
        (json!({"type": "Private", "value": "25"}), None),
    ];
    for (input, expected) in cases {
        let got = choose(&choices, &Doc::from(&input), &Doc::Null, &()).expect("evaluates");
        assert_eq!(got, expected, "{input}");
    }
    let input = input();
    let cases: Vec<(Value, Expect)> = vec![
        (
            json!({"Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.s", "StringEquals": "beta"}]}),
            True,
        ),
        (
            json!({"Or": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.s", "StringEquals": "x"}]}),
            False,
        ),
        (
            json!({"And": [{"Variable": "$.n", "NumericEquals": 5}, {"Not": {"Variable": "$.b", "BooleanEquals": false}}]}),
            True,
        ),
        // And stops at the first false rule, so a later missing path is not reached.
        (
            json!({"And": [{"Variable": "$.n", "NumericEquals": 1}, {"Variable": "$.missing", "NumericEquals": 1}]}),
            False,
        ),
        (
            json!({"Not": {"Variable": "$.missing", "IsPresent": true}}),
            True,
        ),
    ];
    for (rule, expect) in cases {
        check(rule, &input, expect);
    }
}

#[test]
fn malformed_rules_do_not_compile() {
    let input = input();
    let cases = [
        json!({"Variable": "$.n"}),
        json!({"Variable": "$.n", "NumericEquals": 1, "StringEquals": "a"}),
        json!({"Variable": "$.n", "NumericEquals": "1"}),
        json!({"Variable": "$.n", "TimestampEquals": "yesterday"}),
        json!({"Variable": "$.n", "IsNull": "yes"}),
        json!({"Variable": "n", "IsNull": true}),
        json!({"NumericEquals": 1}),
        json!({"And": []}),
        json!({"Or": {"Variable": "$.n", "IsNull": true}}),
        json!({"Variable": "$.n", "Frobnicate": 1}),
        json!({"Variable": "$.n", "StringMatchesPath": "$.s"}),
        json!("not an object"),
    ];
    for rule in cases {
        check(rule, &input, Invalid);
    }
    // Errors inside combinators say where they are.
    let error = Rule::compile(&json!({"And": [
        {"Variable": "$.n", "IsNull": true},
        {"Not": {"Variable": "$.n", "NumericEquals": "1"}}
    ]}))
    .expect_err("wrong operand type");
    assert_eq!(
        error,
        "'NumericEquals' has an operand of the wrong type (at /And/1/Not)"
    );
    // Deep nesting is refused, not a stack overflow.
    let mut rule = json!({"Variable": "$.n", "IsNull": true});
    for _ in 0..300 {
        rule = json!({ "Not": rule });
    }
    assert!(Rule::compile(&rule).is_err());
}

#[test]
fn timestamps_as_aws_parses_them() {
    let valid = [
        ("2016-03-14T01:59:00Z", 1_457_920_740_000_000_000i128),
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T01:00:00+01:00", 0),
        ("1969-12-31T23:00:00-01:00", 0),
        ("1970-01-01T00:00:00.123456789Z", 123_456_789),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000_000_000),
    ];
    for (text, nanos) in valid {
        assert_eq!(parse_timestamp(text), Some(nanos), "{text}");
    }
    // The invalid forms AWS rejected in recorded Wait runs, and a few more.
    for text in [
        "2016-13-05T21:29:29Z",
        "2016-12-05T25:29:29Z",
        "2016-12-05T21:29:29",
        "2016-12-05 21:29:29Z",
        "05-12-2016T21:29:29Z",
        "2023-02-29T00:00:00Z",
        "2016-12-05t21:29:29z",
        "2016-12-05T21:29:29.Z",
        "2016-12-05T21:29:29+0100",
        "2023-02-24",
        "",
        "２０１６-12-05T21:29:29Z",
    ] {
        assert_eq!(parse_timestamp(text), None, "{text}");
    }
}
