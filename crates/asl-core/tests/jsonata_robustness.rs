//! No panics: random expressions, mangled templates and every built-in called with extreme
//! arguments all end in a value or an error value (a panic fails the test).

// On wasm32 the same `#[test]`s run under wasm-bindgen-test (in Node: scripts/test.sh).
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use asl_core::jsonata::{CompiledTemplate, Env, Expression, Limits};
use serde_json::{json, Value};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn input() -> Value {
    json!({"a": [1, 2, {"b": 3}], "b": {"c": "text"}, "n": 2, "s": "héllo"})
}

fn small_limits() -> Limits {
    Limits {
        max_calls: 200,
        max_sequence_length: 1000,
        ..Limits::default()
    }
}

/// Evaluates `template` if it parses; returns whether it produced a value.
fn run(template: &str, input: &Value) -> (bool, bool) {
    let Ok(expression) = Expression::parse(template) else {
        return (false, false);
    };
    let mut seed = 1u64;
    let mut random = || {
        seed += 1;
        seed
    };
    let env = Env::new(input)
        .with_limits(small_limits())
        .with_random(&mut random);
    (true, expression.evaluate(&env).is_ok())
}

const ATOMS: &[&str] = &[
    "$states.input",
    "$states.input.a",
    "$states.input.a.b",
    "$states.input.n",
    "$states.input.s",
    "$states.input.b.c",
    "$states.input.missing",
    "1",
    "0",
    "-1",
    "2.5",
    "1e300",
    "'x'",
    "''",
    "null",
    "true",
    "[1, 2, 3]",
    "[]",
    "{'k': 1}",
    "{}",
    "$x",
    "$f",
    "/a+/",
    "[1..5]",
];
const BINARY: &[&str] = &[
    "+", "-", "*", "/", "%", "&", "=", "!=", "<", ">=", "and", "or", "in", "..", "~>",
];
const CALLS: &[&str] = &[
    "$string",
    "$number",
    "$sum",
    "$count",
    "$map",
    "$filter",
    "$reduce",
    "$sort",
    "$keys",
    "$lookup",
    "$merge",
    "$append",
    "$reverse",
    "$distinct",
    "$join",
    "$split",
    "$substring",
    "$pad",
    "$uppercase",
    "$length",
    "$match",
    "$replace",
    "$contains",
    "$round",
    "$power",
    "$sqrt",
    "$abs",
    "$formatNumber",
    "$formatBase",
    "$fromMillis",
    "$toMillis",
    "$now",
    "$exists",
    "$type",
    "$boolean",
    "$not",
    "$each",
    "$spread",
    "$zip",
    "$single",
    "$sift",
    "$partition",
    "$range",
    "$hash",
    "$random",
    "$uuid",
    "$parse",
    "$shuffle",
    "$eval",
    "$f",
];

/// A random expression of bounded depth built from JSONata's grammar.
fn expression(rng: &mut Rng, depth: usize) -> String {
    if depth == 0 {
        return rng.pick(ATOMS).to_string();
    }
    let sub = |rng: &mut Rng| expression(rng, depth - 1);
    match rng.below(10) {
        0 => format!("{} {} {}", sub(rng), rng.pick(BINARY), sub(rng)),
        1 => format!("{}({})", rng.pick(CALLS), sub(rng)),
        2 => format!("{}({}, {})", rng.pick(CALLS), sub(rng), sub(rng)),
        3 => format!("{}[{}]", sub(rng), sub(rng)),
        4 => format!(
            "{}.{}",
            sub(rng),
            rng.pick(&["b", "c", "(x)", "*", "**", "%", "$"])
        ),
        5 => format!("({} ? {} : {})", sub(rng), sub(rng), sub(rng)),
        6 => format!(
            "($x := {}; $f := function($v){{ {} }}; {})",
            sub(rng),
            sub(rng),
            sub(rng)
        ),
        7 => format!("[{}, {}]", sub(rng), sub(rng)),
        8 => format!("{{'k': {}, 'l': {}}}", sub(rng), sub(rng)),
        _ => format!("{}^({})", sub(rng), sub(rng)),
    }
}

#[test]
fn random_expressions_never_panic() {
    let input = input();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut parsed, mut valued) = (0, 0);
    for _ in 0..1500 {
        let depth = 1 + rng.below(3);
        let (p, v) = run(&format!("{{% {} %}}", expression(&mut rng, depth)), &input);
        parsed += usize::from(p);
        valued += usize::from(v);
    }
    // The generator must reach the evaluator, and often get a value out of it.
    assert!(parsed > 1250, "only {parsed} parsed");
    assert!(valued > 250, "only {valued} produced a value");
}

#[test]
fn token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "$states.input",
        "a",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "1",
        "'x'",
        "\"y\"",
        "`q`",
        "+",
        "-",
        "*",
        "/",
        "%",
        "&",
        "=",
        "!=",
        "<",
        "and",
        "?",
        ":",
        "?:",
        "??",
        ";",
        ",",
        ".",
        "$f",
        ":=",
        "function($x){",
        "λ($x){",
        "$map(",
        "~>",
        "#$i",
        "@$v",
        "^(",
        "**",
        "..",
        "in",
        "/ab+/i",
        "|",
        "$",
        "$$",
        "true",
        "null",
        "'\\u",
        "/*",
        "*/",
        "\\",
        "'\\uD800'",
    ];
    let input = input();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let len = 1 + rng.below(12);
        let body: Vec<&str> = (0..len).map(|_| rng.pick(TOKENS)).collect();
        let template = format!("{{%{}%}}", body.join(" "));
        if let Err(e) = Expression::parse(&template) {
            assert!(e.offset <= template.len(), "{template}: {e}");
        } else {
            run(&template, &input);
        }
    }
}

/// Every built-in and Step Functions function, with each argument in turn replaced by an
/// extreme or ill-typed value.
#[test]
fn builtins_with_extreme_arguments_never_panic() {
    const FUNCTIONS: &[(&str, usize)] = &[
        ("abs", 1),
        ("append", 2),
        ("assert", 2),
        ("average", 1),
        ("boolean", 1),
        ("ceil", 1),
        ("contains", 2),
        ("count", 1),
        ("decodeUrl", 1),
        ("decodeUrlComponent", 1),
        ("distinct", 1),
        ("encodeUrl", 1),
        ("encodeUrlComponent", 1),
        ("exists", 1),
        ("floor", 1),
        ("formatBase", 2),
        ("formatInteger", 2),
        ("formatNumber", 3),
        ("fromMillis", 3),
        ("join", 2),
        ("keys", 1),
        ("length", 1),
        ("lookup", 2),
        ("lowercase", 1),
        ("match", 3),
        ("max", 1),
        ("merge", 1),
        ("min", 1),
        ("not", 1),
        ("now", 2),
        ("number", 1),
        ("pad", 3),
        ("parseInteger", 2),
        ("power", 2),
        ("replace", 4),
        ("reverse", 1),
        ("round", 2),
        ("shuffle", 1),
        ("single", 2),
        ("sort", 2),
        ("split", 3),
        ("spread", 1),
        ("sqrt", 1),
        ("string", 1),
        ("substring", 3),
        ("substringAfter", 2),
        ("substringBefore", 2),
        ("sum", 1),
        ("toMillis", 2),
        ("trim", 1),
        ("type", 1),
        ("uppercase", 1),
        ("zip", 2),
        ("partition", 2),
        ("range", 3),
        ("hash", 2),
        ("random", 1),
        ("parse", 1),
        ("uuid", 0),
        ("millis", 0),
    ];
    const VALUES: &[&str] = &[
        "1e300",
        "-1e300",
        "9.3e18",
        "-9.3e18",
        "1e9",
        "-1e9",
        "0.5",
        "-1",
        "0",
        "'abc'",
        "'[Y0001]'",
        "'#,##0.00'",
        "''",
        "[1, 2]",
        "{'a': 1}",
        "null",
        "true",
        "/a/",
        "'%'",
        "'9'",
        "$states.input.missing",
        "1/0",
    ];
    let input = input();
    for (name, arity) in FUNCTIONS {
        for position in 0..(*arity).max(1) {
            for value in VALUES {
                let args: Vec<&str> = (0..*arity)
                    .map(|i| match i {
                        _ if i == position => *value,
                        0 => "'abc'",
                        _ => "2",
                    })
                    .collect();
                run(&format!("{{% ${name}({}) %}}", args.join(", ")), &input);
            }
        }
    }
}

#[test]
fn mangled_templates_never_panic() {
    let samples = [
        "{%",
        "%}",
        "{%%}",
        "{% %}",
        "{%{%}%}",
        "{% '%}",
        "{% \"\\u12 %}",
        "{% /* %}",
        "{% $states.input.` %}",
        "{% é %}",
        "{% 'é' & 'ü' %}",
        "{% $états %}",
        "{% \u{0} %}",
        "{% 1e999 %}",
        "{% -1e309 %}",
        "{% 0x10 %}",
        "{% [1..2.5] %}",
        "{% $pad('x', -1e9) %}",
        "{% $pad('x', 1e9, '#') %}",
        "{% $substring('abc', 1e300, 9.3e18) %}",
    ];
    let input = json!({});
    for sample in samples {
        if let Ok(template) = CompiledTemplate::compile(&json!({"v": sample, "w": [sample]})) {
            let _ = template.evaluate(&Env::new(&input), "Output");
        }
    }
}
