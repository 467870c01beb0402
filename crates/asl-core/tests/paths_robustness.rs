//! Hostile text must give errors, never panics: a deterministic mutation fuzz over paths,
//! intrinsic calls and choice rules. Each mutant is parsed and, when it parses, evaluated.

use asl_core::choice::Rule;
use asl_core::intrinsics;
use asl_core::paths::{Path, ReferencePath, Scope};
use asl_core::Doc;
use serde_json::{json, Value};

const PATH_SEEDS: &[&str] = &[
    "$.store.book[?(@.price < 10 && @.category == 'fiction')].title",
    "$..book[-1:]['title','author']",
    "$['a b'][0,1][*]",
    "$$.Execution.Input.list[1:3]",
    "$var.field[?(!(@.x in [1, 'a']) || $.y >= 2)]",
];

const CALL_SEEDS: &[&str] = &[
    "States.Format('x {} \\{ \\' y', States.ArrayGetItem(States.StringSplit($.s, ','), 0))",
    "States.JsonMerge(States.StringToJson('{\"a\": 1}'), $.o, false)",
    "States.MathRandom(1, States.MathAdd(2, 3), 7)",
    "States.ArrayRange(1, 9, 2)",
    "States.Hash(States.Base64Encode($.s), 'SHA-256')",
];

/// A tiny deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ALPHABET: &[char] = &[
    '$',
    '.',
    '[',
    ']',
    '(',
    ')',
    '\'',
    '"',
    '\\',
    '*',
    '?',
    '@',
    ',',
    ':',
    '-',
    '0',
    '9',
    '!',
    '=',
    '<',
    '>',
    '&',
    '|',
    ' ',
    'a',
    'S',
    '{',
    '}',
    'é',
    '\u{1F600}',
];

fn mutate(seed: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 if at < chars.len() => chars[at] = ALPHABET[rng.below(ALPHABET.len())],
            _ => chars.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
        }
    }
    chars.into_iter().collect()
}

fn document() -> Value {
    json!({
        "store": {"book": [{"price": 8, "category": "fiction", "title": "t"}, {"price": 12}]},
        "a b": [[1, 2], {"x": 1}], "s": "a,b", "o": {"b": 2}, "y": 3, "list": [1, 2, 3, 4]
    })
}

#[test]
fn mutated_paths_and_calls_never_panic() {
    let doc = Doc::from(document());
    let context = Doc::from(json!({"Execution": {"Input": document()}}));
    let mut vars: std::collections::HashMap<String, Doc> = Default::default();
    vars.insert(
        "var".into(),
        Doc::from(json!({"field": [{"x": 1}, {"x": 2}]})),
    );
    let scope = Scope::new(&doc, &context, &vars);
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut parsed, mut total) = (0, 0);
    for _ in 0..4000 {
        let seed = PATH_SEEDS[rng.below(PATH_SEEDS.len())];
        let text = mutate(seed, &mut rng);
        total += 1;
        if let Ok(path) = Path::parse(&text) {
            parsed += 1;
            let _ = path.select(&scope);
        }
        let _ = ReferencePath::parse(&text);
    }
    for _ in 0..4000 {
        let seed = CALL_SEEDS[rng.below(CALL_SEEDS.len())];
        let text = mutate(seed, &mut rng);
        total += 1;
        if let Ok(call) = intrinsics::parse(&text) {
            parsed += 1;
            let _ = intrinsics::evaluate(&call, &scope, &mut || 42);
        }
    }
    // The mutations must leave a fair share parseable, or evaluation was never exercised.
    assert!(
        parsed > total / 20,
        "only {parsed} of {total} mutants parsed"
    );
}

#[test]
fn odd_choice_rules_never_panic() {
    let doc = Doc::from(document());
    let scope = Scope::new(&doc, &Doc::Null, &());
    let operands = [
        json!(1),
        json!("x"),
        json!(true),
        json!(null),
        json!([]),
        json!({}),
        json!("$.y"),
        json!("2016-03-14T01:59:00Z"),
    ];
    let operators = [
        "StringEquals",
        "NumericLessThanPath",
        "TimestampEquals",
        "BooleanEquals",
        "IsNull",
        "StringMatches",
        "And",
        "Not",
        "Nope",
    ];
    let variables = [json!("$.y"), json!("$.missing"), json!(5), json!("$[")];
    for op in operators {
        for operand in &operands {
            for variable in &variables {
                let rule = json!({"Variable": variable, op: operand});
                if let Ok(rule) = Rule::compile(&rule) {
                    let _ = rule.evaluate(&scope);
                }
            }
        }
    }
}
