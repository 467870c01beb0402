//! JSONPath selection as AWS (Jayway) evaluates it: one table of (path, document, expected).

use std::collections::HashMap;

use asl_core::paths::{invalid_path_error, Path, Scope};
use asl_core::Doc;
use serde_json::{json, Value};

/// What a path should give.
enum Expect {
    /// The selected value (for indefinite paths, the array of matches).
    Value(Value),
    /// A definite path that finds nothing, with Jayway's message.
    Miss(&'static str),
    /// A path that does not parse; the error offset.
    Syntax(usize),
}
use Expect::*;

fn store() -> Value {
    json!({
        "store": {
            "book": [
                {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
                {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
                {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
                {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
            ],
            "bicycle": {"color": "red", "price": 19.95}
        },
        "expensive": 10
    })
}

fn check(path: &str, document: &Value, expect: Expect) {
    let parsed = Path::parse(path);
    match expect {
        Syntax(offset) => {
            let err = parsed.expect_err(path);
            assert_eq!(err.offset, offset, "{path}: {}", err.message);
        }
        Value(expected) => {
            let parsed = parsed.unwrap_or_else(|e| panic!("{path}: {e}"));
            let got = parsed
                .select(&Scope::new(&Doc::from(document), &Doc::Null, &()))
                .unwrap_or_else(|m| panic!("{path}: {}", m.message));
            assert_eq!(got, expected, "{path}");
        }
        Miss(message) => {
            let parsed = parsed.unwrap_or_else(|e| panic!("{path}: {e}"));
            let miss = parsed.select_in(&Doc::from(document)).expect_err(path);
            assert_eq!(miss.message, message, "{path}");
        }
    }
}

#[test]
fn selects_like_jayway() {
    let doc = store();
    let cases: Vec<(&str, Expect)> = vec![
        ("$", Value(doc.clone())),
        ("$.expensive", Value(json!(10))),
        ("$.store.bicycle.color", Value(json!("red"))),
        ("$['store']['bicycle']['color']", Value(json!("red"))),
        ("$[\"store\"].bicycle[\"price\"]", Value(json!(19.95))),
        ("$.store.book[0].author", Value(json!("Nigel Rees"))),
        ("$.store.book[-1].title", Value(json!("The Lord of the Rings"))),
        ("$.store.book[*].author", Value(json!(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]))),
        ("$..author", Value(json!(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]))),
        ("$.store.*.color", Value(json!(["red"]))),
        ("$.store..price", Value(json!([8.95, 12.99, 8.99, 22.99, 19.95]))),
        ("$..book[2].title", Value(json!(["Moby Dick"]))),
        ("$..book[-1:].title", Value(json!(["The Lord of the Rings"]))),
        ("$..book[:2].price", Value(json!([8.95, 12.99]))),
        ("$.store.book[1:3].price", Value(json!([12.99, 8.99]))),
        ("$.store.book[0,1].price", Value(json!([8.95, 12.99]))),
        ("$..book[?(@.isbn)].title", Value(json!(["Moby Dick", "The Lord of the Rings"]))),
        ("$.store.book[?(@.price < 10)].title", Value(json!(["Sayings of the Century", "Moby Dick"]))),
        ("$.store.book[?(@.price <= $['expensive'])].price", Value(json!([8.95, 8.99]))),
        ("$.store.book[?(@.category == 'fiction' && @.price > 20)].author", Value(json!(["J. R. R. Tolkien"]))),
        ("$.store.book[?(@.price > 20 || @.price < 9)].price", Value(json!([8.95, 8.99, 22.99]))),
        ("$.store.book[?(!(@.category == 'fiction'))].price", Value(json!([8.95]))),
        ("$.store.book[?(@.author != 'Nigel Rees')].price", Value(json!([12.99, 8.99, 22.99]))),
        ("$.store.book[?(@.category in ['reference'])].price", Value(json!([8.95]))),
        ("$.store.book[?(@.category nin ['fiction'])].price", Value(json!([8.95]))),
        ("$.store.book[?(@.missing == 1)]", Value(json!([]))),
        ("$.store.bicycle[?(@.color == 'red')].price", Value(json!([19.95]))),
        ("$.store['bicycle','missing']", Value(json!({"bicycle": {"color": "red", "price": 19.95}}))),
        ("$.store.bicycle['color','price']", Value(json!({"color": "red", "price": 19.95}))),
        // Indefinite paths over missing data give [] (recorded from AWS).
        ("$.items[*]", Value(json!([]))),
        ("$.items[1:]", Value(json!([]))),
        ("$..nothing", Value(json!([]))),
        ("$.store.book[10:20]", Value(json!([]))),
        // Definite misses carry Jayway's texts, as in AWS causes.
        ("$.NoSuchInputPath", Miss("No results for path: $['NoSuchInputPath']")),
        ("$.no.such.result.path", Miss("Missing property in path $['no']")),
        ("$.store.book[7]", Miss("No results for path: $['store']['book'][7]")),
        ("$.store.nothing[0]", Miss("Missing property in path $['store']['nothing']")),
        ("$.expensive.x", Miss("Expected to find an object with property ['x'] in path $['expensive'] but found 'java.lang.Integer'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.")),
        ("$.store.bicycle[0]", Miss("Filter: [0] can only be applied to arrays. Current context is: {\"color\":\"red\",\"price\":19.95}")),
        ("$.store['book','bicycle'].price", Miss("Multi properties can only be used as path leafs: $['store']['book', 'bicycle']")),
        // Path functions are not supported by Step Functions: `length()` is just a name.
        ("$.store.bicycle.length()", Miss("No results for path: $['store']['bicycle']['length()']")),
        ("", Syntax(0)),
        ("store", Syntax(0)),
        ("$.store[", Syntax(8)),
        ("$['a", Syntax(4)),
        ("$.a[?(@.b =~ /x/)]", Syntax(10)),
        ("$.a..", Syntax(5)),
    ];
    for (path, expect) in cases {
        check(path, &doc, expect);
    }
}

#[test]
fn quoted_names_and_odd_keys() {
    let doc = json!({"a b": 1, "it's": 2, "dot.ted": 3, "x-y": 4, "ünï": 5, "": 6, "back\\slash": 7, "Test\\\"\"Name\"": 8});
    let cases: Vec<(&str, Expect)> = vec![
        ("$['a b']", Value(json!(1))),
        ("$['it\\'s']", Value(json!(2))),
        ("$[\"it's\"]", Value(json!(2))),
        ("$['dot.ted']", Value(json!(3))),
        ("$.x-y", Value(json!(4))),
        ("$.ünï", Value(json!(5))),
        ("$['']", Value(json!(6))),
        ("$['back\\slash']", Value(json!(7))),
        ("$['Test\\\"\"Name\"']", Value(json!(8))),
    ];
    for (path, expect) in cases {
        check(path, &doc, expect);
    }
}

#[test]
fn roots_context_and_variables() {
    let input = Doc::from(json!({"a": 1}));
    let context = json!({"Execution": {"Id": "arn:x"}, "Map": {"Item": {"Index": 2}}});
    let mut vars: HashMap<String, Doc> = HashMap::new();
    vars.insert("myVar".into(), Doc::from(json!({"field": [10, 20]})));
    let context_doc = Doc::from(&context);
    let scope = Scope::new(&input, &context_doc, &vars);
    let cases = [
        ("$", json!({"a": 1})),
        ("$$", context.clone()),
        ("$$.Execution.Id", json!("arn:x")),
        ("$$.Map.Item.Index", json!(2)),
        ("$myVar", json!({"field": [10, 20]})),
        ("$myVar.field[1]", json!(20)),
        ("$myVar.field[*]", json!([10, 20])),
    ];
    for (path, expected) in cases {
        let got = Path::parse(path).expect(path).select(&scope).expect(path);
        assert_eq!(got, expected, "{path}");
    }
    assert!(Path::parse("$undefined")
        .expect("parses")
        .select(&scope)
        .is_err());
}

#[test]
fn selection_shares_nodes() {
    let doc = Doc::from(store());
    let path = Path::parse("$").expect("parses");
    assert!(path.is_root_only() && path.is_definite());
    let got = path
        .select(&Scope::new(&doc, &Doc::Null, &()))
        .expect("selects");
    assert!(got.ptr_eq(&doc));
    let nested = Path::parse("$.store.bicycle").expect("parses");
    let bicycle = doc.get("store").and_then(|s| s.get("bicycle"));
    let got = nested
        .select(&Scope::new(&doc, &Doc::Null, &()))
        .expect("selects");
    assert!(bicycle.is_some_and(|b| b.ptr_eq(&got)));
}

#[test]
fn runtime_error_cause_matches_aws() {
    let path = Path::parse("$.NoSuchInputPath").expect("parses");
    let miss = path
        .select_in(&Doc::from(&json!({"int-literal": 0})))
        .expect_err("misses");
    let error = invalid_path_error(&path, &miss);
    assert_eq!(error.error, "States.Runtime");
    assert_eq!(
        error.cause.as_deref(),
        Some("Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']")
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    let deep = "[".repeat(10_000);
    assert!(Path::parse(&format!("$.a{deep}")).is_err());
    let filter = format!("$.a[?({}@.b{})]", "(".repeat(500), ")".repeat(500));
    assert!(Path::parse(&filter).is_err());
    let bangs = format!("$.a[?({}@.b)]", "!".repeat(500));
    assert!(Path::parse(&bangs).is_err());
    // Documents parsed from JSON text nest at most 128 deep (serde_json's limit).
    let mut value = json!(1);
    for _ in 0..120 {
        value = json!({ "k": value });
    }
    let all = Path::parse("$..k")
        .expect("parses")
        .select_in(&Doc::from(&value))
        .expect("selects");
    assert_eq!(all.as_array().map(<[Doc]>::len), Some(120));
    for text in [
        "$[-9223372036854775808]",
        "$[:-9223372036854775808]",
        "$[99999999999999999999]",
    ] {
        if let Ok(path) = Path::parse(text) {
            let _ = path.select_in(&Doc::from(&json!([1, 2, 3])));
        }
    }
}
