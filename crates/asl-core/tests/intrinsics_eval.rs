//! Intrinsic functions: every example of the AWS "Intrinsic functions" page, behaviour recorded
//! from AWS (see ASL-CHECKLIST), and each function's error cases.

use asl_core::intrinsics::{self, EvalError, Function};
use asl_core::paths::Scope;
use std::collections::HashMap;

use asl_core::Doc;
use serde_json::{json, Value};

enum Expect {
    Value(Value),
    /// `States.IntrinsicFailure`.
    Fails,
    /// An argument path found nothing.
    PathMissing,
    /// The text does not parse; error offset.
    Parse(usize),
}
use Expect::*;

/// A fixed "random" source so UUID and MathRandom are reproducible.
fn counter() -> impl FnMut() -> u64 {
    let mut n = 0u64;
    move || {
        n = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
        n
    }
}

fn run(text: &str, input: &Value) -> Result<Value, EvalError> {
    let call = intrinsics::parse(text).unwrap_or_else(|(m, o)| panic!("{text}: {m} at {o}"));
    let context = Doc::from(json!({"Execution": {"Input": {"input_field": {"k": "v"}}}}));
    let mut vars: HashMap<String, Doc> = HashMap::new();
    vars.insert("greeting".into(), Doc::from("hi"));
    let input = Doc::from(input);
    let scope = Scope::new(&input, &context, &vars);
    intrinsics::evaluate(&call, &scope, &mut counter()).map(|d| d.to_value())
}

fn check(text: &str, input: Value, expect: Expect) {
    match expect {
        Parse(offset) => {
            let (message, at) = intrinsics::parse(text).expect_err(text);
            assert_eq!(at, offset, "{text}: {message}");
        }
        Value(expected) => match run(text, &input) {
            Ok(got) => assert_eq!(got, expected, "{text}"),
            Err(e) => panic!("{text}: {e:?}"),
        },
        Fails => match run(text, &input) {
            Err(EvalError::Failure(e)) => {
                assert_eq!(e.error, "States.IntrinsicFailure", "{text}");
                assert!(e.cause.is_some(), "{text}");
            }
            other => panic!("{text}: expected IntrinsicFailure, got {other:?}"),
        },
        PathMissing => assert!(
            matches!(run(text, &input), Err(EvalError::PathNotFound { .. })),
            "{text}"
        ),
    }
}

#[test]
fn documented_examples() {
    let nine = json!({"inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "lookingFor": 5, "index": 5});
    let cases: Vec<(&str, Value, Expect)> = vec![
        ("States.Array($.Id)", json!({"Id": 123456}), Value(json!([123456]))),
        ("States.ArrayPartition($.inputArray,4)", nine.clone(), Value(json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]]))),
        ("States.ArrayContains($.inputArray, $.lookingFor)", nine.clone(), Value(json!(true))),
        ("States.ArrayRange(1, 9, 2)", json!({}), Value(json!([1, 3, 5, 7, 9]))),
        ("States.ArrayGetItem($.inputArray, $.index)", nine.clone(), Value(json!(6))),
        ("States.ArrayLength($.inputArray)", nine.clone(), Value(json!(9))),
        ("States.ArrayUnique($.inputArray)", json!({"inputArray": [1, 2, 3, 3, 3, 3, 3, 3, 4]}), Value(json!([1, 2, 3, 4]))),
        ("States.Base64Encode($.input)", json!({"input": "Data to encode"}), Value(json!("RGF0YSB0byBlbmNvZGU="))),
        ("States.Base64Decode($.base64)", json!({"base64": "RGF0YSB0byBlbmNvZGU="}), Value(json!("Data to encode"))),
        ("States.Hash($.Data, $.Algorithm)", json!({"Data": "input data", "Algorithm": "SHA-1"}), Value(json!("aaff4a450a104cd177d28d18d74485e8cae074b7"))),
        ("States.JsonMerge($.json1, $.json2, false)",
            json!({"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}),
            Value(json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}))),
        ("States.StringToJson($.escapedJsonString)", json!({"escapedJsonString": "{\"foo\": \"bar\"}"}), Value(json!({"foo": "bar"}))),
        ("States.JsonToString($.unescapedJson)", json!({"unescapedJson": {"foo": "bar"}}), Value(json!("{\"foo\":\"bar\"}"))),
        ("States.MathAdd($.value1, $.step)", json!({"value1": 111, "step": -1}), Value(json!(110))),
        ("States.StringSplit($.inputString, $.splitter)", json!({"inputString": "1,2,3,4,5", "splitter": ","}), Value(json!(["1", "2", "3", "4", "5"]))),
        ("States.StringSplit($.inputString, $.splitter)", json!({"inputString": "This.is+a,test=string", "splitter": ".+,="}), Value(json!(["This", "is", "a", "test", "string"]))),
        ("States.Format('Hello, my name is {}.', $.name)", json!({"name": "Arnav"}), Value(json!("Hello, my name is Arnav."))),
        ("States.Format($.template, $.name)", json!({"name": "Arnav", "template": "Hello, my name is {}."}), Value(json!("Hello, my name is Arnav."))),
        ("States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), 'x')",
            json!({"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:1234:image-recipe/my.recipe/1.0.0"}}),
            Value(json!("1.0.x"))),
    ];
    for (text, input, expect) in cases {
        check(text, input, expect);
    }
}

#[test]
fn recorded_aws_behaviour() {
    let cases: Vec<(&str, Value, Expect)> = vec![
        // MathAdd rounds half up (Java Math.round) before adding.
        ("States.MathAdd($.a, $.b)", json!({"a": 1.49, "b": 1.5}), Value(json!(3))),
        ("States.MathAdd($.a, $.b)", json!({"a": -2.5, "b": 0}), Value(json!(-2))),
        ("States.MathAdd($.a, $.b)", json!({"a": -0.5, "b": 0.5}), Value(json!(1))),
        ("States.MathAdd($.a, $.b)", json!({"a": -1.51, "b": 0}), Value(json!(-2))),
        ("States.MathAdd(-9, 3)", json!({}), Value(json!(-6))),
        // StringSplit splits on each delimiter character and drops empty pieces.
        ("States.StringSplit('a,,b;c', ',;')", json!({}), Value(json!(["a", "b", "c"]))),
        ("States.StringSplit($$.Execution.Input.input_field.k, ',')", json!({}), Value(json!(["v"]))),
        // StringToJson of blank text is null.
        ("States.StringToJson($.s)", json!({"s": ""}), Value(Value::Null)),
        ("States.StringToJson($.s)", json!({"s": " "}), Value(Value::Null)),
        ("States.StringToJson($.s)", json!({"s": "-0"}), Value(json!(0))),
        ("States.StringToJson($.s)", json!({"s": "[1, 2, \"HelloWorld\"]"}), Value(json!([1, 2, "HelloWorld"]))),
        // Format prints objects and arrays as Java maps and lists.
        ("States.Format('Formatting argument {}.', $.a)", json!({"a": {"Arg1": 1, "Arg2": []}}), Value(json!("Formatting argument {Arg1=1, Arg2=[]}."))),
        ("States.Format('{} {} {} {}', $.a, $.b, $.c, $.d)", json!({"a": null, "b": 1.1, "c": true, "d": ["x", {"y": "z"}]}), Value(json!("null 1.1 true [x, {y=z}]"))),
        ("States.Format('{}', $.a)", json!({"a": "{\"Arg1\": 1}"}), Value(json!("{\"Arg1\": 1}"))),
        ("States.JsonToString($.a)", json!({"a": "HelloWorld"}), Value(json!("\"HelloWorld\""))),
        ("States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)", json!({}),
            Value(json!({"constant_in_literal": "false", "k": "v"}))),
        ("States.Hash('input data', 'MD5')", json!({}), Value(json!("812f45842bc6d66ee14572ce20db8e86"))),
        ("States.Hash('input data', 'SHA-256')", json!({}), Value(json!("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"))),
        ("States.Hash('input data', 'SHA-384')", json!({}), Value(json!("d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"))),
        ("States.Hash('input data', 'SHA-512')", json!({}), Value(json!("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"))),
        ("States.Base64Encode('')", json!({}), Value(json!(""))),
    ];
    for (text, input, expect) in cases {
        check(text, input, expect);
    }
}

#[test]
fn literals_escapes_and_variables() {
    let cases: Vec<(&str, Expect)> = vec![
        (
            "States.Format('it\\'s {} \\{literal\\} \\\\ done', 'x')",
            Value(json!("it's x {literal} \\ done")),
        ),
        ("States.Format('\\{}')", Value(json!("{}"))),
        (
            "States.Array('a', 1, -2.5, true, false, null)",
            Value(json!(["a", 1, -2.5, true, false, null])),
        ),
        ("States.Array()", Value(json!([]))),
        ("States.Array( 1 ,  2 )", Value(json!([1, 2]))),
        (
            "States.Format('{} there', $greeting)",
            Value(json!("hi there")),
        ),
        (
            "States.Array($$.Execution.Input.input_field)",
            Value(json!([{"k": "v"}])),
        ),
        ("States.Array($.list[*])", Value(json!([[1, 2]]))),
        (
            "States.ArrayLength(States.StringSplit('a b', ' '))",
            Value(json!(2)),
        ),
        (
            "States.Format('x{}y', States.MathAdd(1, 2))",
            Value(json!("x3y")),
        ),
    ];
    for (text, expect) in cases {
        check(text, json!({"list": [1, 2]}), expect);
    }
}

#[test]
fn randomness_comes_from_the_source() {
    let input = json!({});
    let uuid = run("States.UUID()", &input).expect("uuid");
    let uuid = uuid.as_str().expect("string");
    assert_eq!(uuid.len(), 36);
    assert_eq!(&uuid[14..15], "4", "version 4: {uuid}");
    assert!(
        matches!(&uuid[19..20], "8" | "9" | "a" | "b"),
        "variant: {uuid}"
    );
    assert_eq!(
        run("States.UUID()", &input).expect("uuid").as_str(),
        Some(uuid),
        "same source, same UUID"
    );
    for _ in 0..3 {
        let n = run("States.MathRandom(1, 999)", &input).expect("random");
        let n = n.as_i64().expect("integer");
        assert!((1..999).contains(&n), "{n}");
    }
    let seeded = run("States.MathRandom(0, 100, 7)", &input).expect("seeded");
    let again = run("States.MathRandom(0, 100, 7)", &input).expect("seeded");
    assert_eq!(seeded, again);
    assert!((0..100).contains(&seeded.as_i64().expect("integer")));
    // Seeded draws follow java.util.Random: new Random(42).nextInt(10) == 0, nextInt(100) == 30.
    for (call, expected) in [
        ("States.MathRandom(5, 15, 42)", 5),
        ("States.MathRandom(0, 100, 42)", 30),
        ("States.MathRandom(-50, 50, 7)", -14),
    ] {
        assert_eq!(run(call, &input).expect(call), json!(expected), "{call}");
    }
}

#[test]
fn failures() {
    let long = "x".repeat(10_001);
    let input = json!({"long": long, "arr": [1, 2], "obj": {"a": 1}, "s": "text"});
    let cases: Vec<(&str, Expect)> = vec![
        ("States.Format('{} {}', 'only one')", Fails),
        ("States.Format('{}', 'a', 'b')", Fails),
        ("States.Format($.arr)", Fails),
        ("States.StringToJson('{not json')", Fails),
        ("States.StringToJson($.arr)", Fails),
        ("States.ArrayPartition($.arr, 0)", Fails),
        ("States.ArrayPartition($.arr, 1.5)", Fails),
        ("States.ArrayPartition($.obj, 1)", Fails),
        ("States.ArrayContains($.s, 1)", Fails),
        ("States.ArrayRange(1, 1001, 1)", Fails),
        ("States.ArrayRange(1, 2, 0)", Fails),
        ("States.ArrayRange(1.5, 2, 1)", Fails),
        ("States.ArrayGetItem($.arr, 2)", Fails),
        ("States.ArrayGetItem($.arr, -1)", Fails),
        ("States.ArrayLength($.obj)", Fails),
        ("States.ArrayUnique($.s)", Fails),
        ("States.Base64Encode($.long)", Fails),
        ("States.Base64Encode($.arr)", Fails),
        ("States.Base64Decode('%%%')", Fails),
        ("States.Base64Decode($.long)", Fails),
        ("States.Hash($.long, 'MD5')", Fails),
        ("States.Hash('x', 'SHA-3')", Fails),
        ("States.JsonMerge($.obj, $.obj, true)", Fails),
        ("States.JsonMerge($.obj, $.arr, false)", Fails),
        ("States.JsonMerge($.obj, $.obj, 'false')", Fails),
        ("States.MathRandom(5, 5)", Fails),
        ("States.MathRandom('a', 5)", Fails),
        ("States.MathAdd($.s, 1)", Fails),
        ("States.StringSplit($.arr, ',')", Fails),
        ("States.StringSplit('a', 1)", Fails),
        ("States.Array($.missing)", PathMissing),
        ("States.Format('{}', $.nope.deeper)", PathMissing),
    ];
    for (text, expect) in cases {
        check(text, input.clone(), expect);
    }
    // ArrayRange's limit is 1000 items inclusive.
    check(
        "States.ArrayLength(States.ArrayRange(1, 1000, 1))",
        json!({}),
        Value(json!(1000)),
    );
    check(
        "States.ArrayRange(5, 1, -2)",
        json!({}),
        Value(json!([5, 3, 1])),
    );
    check("States.ArrayRange(1, 5, -1)", json!({}), Value(json!([])));
}

#[test]
fn parse_errors_point_at_the_problem() {
    let nested_10 = format!("{}1{}", "States.Array(".repeat(10), ")".repeat(10));
    let nested_11 = format!("{}1{}", "States.Array(".repeat(11), ")".repeat(11));
    assert!(intrinsics::parse(&nested_10).is_ok());
    let cases: Vec<(&str, Expect)> = vec![
        ("States.Nope(1)", Parse(0)),
        ("States.Format", Parse(13)),
        ("States.Format('a'", Parse(17)),
        ("States.Format('a' 'b')", Parse(18)),
        ("States.Format('abc)", Parse(14)),
        ("States.Array(1,)", Parse(15)),
        ("States.Array(foo)", Parse(13)),
        ("States.Array($.a[)", Parse(17)),
        ("States.UUID(1)", Parse(0)),
        ("States.ArrayGetItem($.a)", Parse(0)),
        ("States.MathRandom(1, 2, 3, 4)", Parse(0)),
        ("States.Array(1) trailing", Parse(16)),
        ("States.Format('a\\nb')", Parse(16)),
        ("$.notacall", Parse(0)),
        (&nested_11, Parse(130)),
    ];
    for (text, expect) in cases {
        check(text, json!({}), expect);
    }
    assert!(intrinsics::is_intrinsic("States.Array(1)"));
    assert!(!intrinsics::is_intrinsic("$.States"));
    assert_eq!(Function::ALL.len(), 18);
    for f in Function::ALL {
        assert_eq!(Function::from_name(f.name()), Some(f));
    }
}
