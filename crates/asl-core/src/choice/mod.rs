//! Choice rules of JSONPath-mode Choice states.
//!
//! A rule is either a boolean combination (`And`, `Or`, `Not`) or a test of the value at
//! `Variable` against one comparison operator. Comparisons of mismatched types are false, not
//! errors (recorded from AWS: `"NumericEquals": 0` on a string is false). Type tests with a
//! `false` operand are the negated test (`"IsNull": false` is true for `""`). A `Variable`
//! (or `…Path` operand) that finds nothing is false for `IsPresent: true` and true for
//! `IsPresent: false`; for any other operator it raises `States.Runtime`.
//!
//! [`Rule::compile`] parses a rule once (paths included); [`Rule::evaluate`] tests it.

mod timestamp;

use std::cmp::Ordering;

use serde_json::Value;

use crate::doc::Doc;

use crate::error::{names, StatesError};
use crate::paths::{Path, Scope, Variables};

pub use timestamp::parse_timestamp;

/// Rules nest through `And`/`Or`/`Not`; bound the recursion on user data.
const MAX_DEPTH: usize = crate::limits::MAX_CHOICE_RULE_DEPTH;

/// A compiled Choice rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    And(Vec<Rule>),
    Or(Vec<Rule>),
    Not(Box<Rule>),
    Test { variable: Path, test: Test },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

impl Cmp {
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Cmp::Equals => ordering == Ordering::Equal,
            Cmp::LessThan => ordering == Ordering::Less,
            Cmp::GreaterThan => ordering == Ordering::Greater,
            Cmp::LessThanEquals => ordering != Ordering::Greater,
            Cmp::GreaterThanEquals => ordering != Ordering::Less,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    String,
    Numeric,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Literal(Doc),
    Path(Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TypeTest {
    Null,
    Present,
    Numeric,
    String,
    Boolean,
    Timestamp,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Compare(Family, Cmp, Operand),
    Matches(String),
    Is(TypeTest, bool),
}

/// Every comparison operator name with its meaning (Path twins included).
const COMPARISONS: &[(&str, Family, Cmp)] = &[
    ("StringEquals", Family::String, Cmp::Equals),
    ("StringLessThan", Family::String, Cmp::LessThan),
    ("StringGreaterThan", Family::String, Cmp::GreaterThan),
    ("StringLessThanEquals", Family::String, Cmp::LessThanEquals),
    (
        "StringGreaterThanEquals",
        Family::String,
        Cmp::GreaterThanEquals,
    ),
    ("NumericEquals", Family::Numeric, Cmp::Equals),
    ("NumericLessThan", Family::Numeric, Cmp::LessThan),
    ("NumericGreaterThan", Family::Numeric, Cmp::GreaterThan),
    (
        "NumericLessThanEquals",
        Family::Numeric,
        Cmp::LessThanEquals,
    ),
    (
        "NumericGreaterThanEquals",
        Family::Numeric,
        Cmp::GreaterThanEquals,
    ),
    ("BooleanEquals", Family::Boolean, Cmp::Equals),
    ("TimestampEquals", Family::Timestamp, Cmp::Equals),
    ("TimestampLessThan", Family::Timestamp, Cmp::LessThan),
    ("TimestampGreaterThan", Family::Timestamp, Cmp::GreaterThan),
    (
        "TimestampLessThanEquals",
        Family::Timestamp,
        Cmp::LessThanEquals,
    ),
    (
        "TimestampGreaterThanEquals",
        Family::Timestamp,
        Cmp::GreaterThanEquals,
    ),
];

const TYPE_TESTS: &[(&str, TypeTest)] = &[
    ("IsNull", TypeTest::Null),
    ("IsPresent", TypeTest::Present),
    ("IsNumeric", TypeTest::Numeric),
    ("IsString", TypeTest::String),
    ("IsBoolean", TypeTest::Boolean),
    ("IsTimestamp", TypeTest::Timestamp),
];

/// Fields of a rule that are not part of the condition.
const NON_CONDITION_FIELDS: &[&str] = &["Next", "Comment", "Assign", "Output"];

/// True when `name` is a comparison operator of JSONPath Choice rules (including `…Path`
/// twins, `StringMatches`, the `Is…` tests and `And`/`Or`/`Not`).
pub fn is_operator(name: &str) -> bool {
    matches!(name, "And" | "Or" | "Not" | "StringMatches")
        || TYPE_TESTS.iter().any(|(n, _)| *n == name)
        || COMPARISONS
            .iter()
            .any(|(n, _, _)| *n == name || name.strip_suffix("Path").is_some_and(|base| base == *n))
}

impl Rule {
    /// Compiles a rule (an element of `Choices`, or a nested rule). Errors are messages for
    /// a person, naming the offending field.
    pub fn compile(rule: &Value) -> Result<Rule, String> {
        compile(rule, 0)
    }

    /// Tests the rule.
    pub fn evaluate(&self, scope: &Scope<'_>) -> Result<bool, StatesError> {
        evaluate(self, scope)
    }
}

/// Compiles and tests one rule (prefer [`Rule::compile`] once per state).
pub fn evaluate_rule(
    rule: &Value,
    input: &Doc,
    context: &Doc,
    variables: &dyn Variables,
) -> Result<bool, StatesError> {
    let rule = Rule::compile(rule).map_err(|m| StatesError::new(names::RUNTIME, m))?;
    rule.evaluate(&Scope::new(input, context, variables))
}

/// Index of the first rule in `choices` that matches, or `None` (the caller then takes
/// `Default` or raises `States.NoChoiceMatched`).
pub fn choose(
    choices: &[Value],
    input: &Doc,
    context: &Doc,
    variables: &dyn Variables,
) -> Result<Option<usize>, StatesError> {
    let scope = Scope::new(input, context, variables);
    for (i, rule) in choices.iter().enumerate() {
        let rule = Rule::compile(rule).map_err(|m| StatesError::new(names::RUNTIME, m))?;
        if rule.evaluate(&scope)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// [`choose`] over rules compiled in advance.
pub fn choose_compiled(rules: &[Rule], scope: &Scope<'_>) -> Result<Option<usize>, StatesError> {
    for (i, rule) in rules.iter().enumerate() {
        if rule.evaluate(scope)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn compile(rule: &Value, depth: usize) -> Result<Rule, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "Choice rule nested more than {MAX_DEPTH} levels deep (And/Or/Not)"
        ));
    }
    let Value::Object(map) = rule else {
        return Err("a Choice rule must be a JSON object".to_string());
    };
    let mut operators = map
        .iter()
        .filter(|(k, _)| k.as_str() != "Variable" && !NON_CONDITION_FIELDS.contains(&k.as_str()));
    let Some((name, operand)) = operators.next() else {
        return Err("a Choice rule needs a comparison operator, And, Or or Not".to_string());
    };
    if let Some((other, _)) = operators.next() {
        return Err(format!(
            "a Choice rule has exactly one operator, but both '{name}' and '{other}' are given"
        ));
    }
    let kind = match name.as_str() {
        "And" | "Or" => {
            let Value::Array(items) = operand else {
                return Err(format!("'{name}' must be a non-empty array of rules"));
            };
            if items.is_empty() {
                return Err(format!("'{name}' must be a non-empty array of rules"));
            }
            let rules = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    compile(item, depth + 1).map_err(|m| nested(&format!("/{name}/{i}"), m))
                })
                .collect::<Result<Vec<_>, _>>()?;
            if name == "And" {
                Kind::And(rules)
            } else {
                Kind::Or(rules)
            }
        }
        "Not" => Kind::Not(Box::new(
            compile(operand, depth + 1).map_err(|m| nested("/Not", m))?,
        )),
        _ => {
            let variable = match map.get("Variable") {
                Some(Value::String(text)) => Path::parse(text)
                    .map_err(|e| format!("'Variable' is not a valid path: {}", e.message))?,
                Some(_) => return Err("'Variable' must be a string path".to_string()),
                None => return Err(format!("'{name}' needs a 'Variable' field")),
            };
            Kind::Test {
                variable,
                test: compile_test(name, operand)?,
            }
        }
    };
    Ok(Rule { kind })
}

/// Prefixes a nested rule's error with where it is, e.g. `(at /And/1/Not)`, so a message
/// about a deep rule can be found (the validator adds the rule's own pointer).
fn nested(prefix: &str, message: String) -> String {
    match message.rsplit_once(" (at ") {
        Some((text, rest)) if rest.ends_with(')') => {
            format!("{text} (at {prefix}{}", rest)
        }
        _ => format!("{message} (at {prefix})"),
    }
}

fn compile_test(name: &str, operand: &Value) -> Result<Test, String> {
    if name == "StringMatches" {
        return match operand {
            Value::String(pattern) => Ok(Test::Matches(pattern.clone())),
            _ => Err("'StringMatches' needs a string pattern".to_string()),
        };
    }
    if let Some((_, test)) = TYPE_TESTS.iter().find(|(n, _)| *n == name) {
        return match operand {
            Value::Bool(expected) => Ok(Test::Is(*test, *expected)),
            _ => Err(format!("'{name}' needs true or false")),
        };
    }
    if let Some(base) = name.strip_suffix("Path") {
        if let Some((_, kind, cmp)) = COMPARISONS.iter().find(|(n, _, _)| *n == base) {
            let Value::String(text) = operand else {
                return Err(format!("'{name}' needs a path string"));
            };
            let path = Path::parse(text)
                .map_err(|e| format!("'{name}' is not a valid path: {}", e.message))?;
            return Ok(Test::Compare(*kind, *cmp, Operand::Path(path)));
        }
    }
    let Some((_, kind, cmp)) = COMPARISONS.iter().find(|(n, _, _)| *n == name) else {
        return Err(format!("unknown Choice operator '{name}'"));
    };
    let fits = match kind {
        Family::String => operand.is_string(),
        Family::Numeric => operand.is_number(),
        Family::Boolean => operand.is_boolean(),
        Family::Timestamp => operand.as_str().and_then(parse_timestamp).is_some(),
    };
    if !fits {
        return Err(format!("'{name}' has an operand of the wrong type"));
    }
    Ok(Test::Compare(
        *kind,
        *cmp,
        Operand::Literal(Doc::from(operand)),
    ))
}

fn evaluate(rule: &Rule, scope: &Scope<'_>) -> Result<bool, StatesError> {
    match &rule.kind {
        Kind::And(rules) => {
            for rule in rules {
                if !evaluate(rule, scope)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Kind::Or(rules) => {
            for rule in rules {
                if evaluate(rule, scope)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Kind::Not(rule) => Ok(!evaluate(rule, scope)?),
        Kind::Test { variable, test } => {
            let value = variable.select(scope).ok();
            if let Test::Is(TypeTest::Present, expected) = test {
                return Ok(value.is_some() == *expected);
            }
            let Some(value) = value else {
                return Err(invalid_path(variable));
            };
            let value = &value;
            Ok(match test {
                Test::Is(test, expected) => type_test(*test, value) == *expected,
                Test::Matches(pattern) => value.as_str().is_some_and(|s| matches(pattern, s)),
                Test::Compare(kind, cmp, operand) => {
                    let operand = match operand {
                        Operand::Literal(v) => v.clone(),
                        Operand::Path(path) => {
                            path.select(scope).map_err(|_| invalid_path(path))?
                        }
                    };
                    compare(*kind, value, &operand).is_some_and(|o| cmp.holds(o))
                }
            })
        }
    }
}

/// AWS's cause for a condition path that finds nothing (state prefix left to the caller).
fn invalid_path(path: &Path) -> StatesError {
    StatesError::new(
        names::RUNTIME,
        format!(
            "Invalid path '{}': The choice state's condition path references an invalid value.",
            path.text()
        ),
    )
}

fn type_test(test: TypeTest, value: &Doc) -> bool {
    match test {
        TypeTest::Null => value.is_null(),
        TypeTest::Present => true,
        TypeTest::Numeric => value.is_number(),
        TypeTest::String => value.is_string(),
        TypeTest::Boolean => value.is_boolean(),
        TypeTest::Timestamp => value.as_str().and_then(parse_timestamp).is_some(),
    }
}

/// Orders `value` against `operand` for a comparison of `kind`; `None` when either is not of
/// that kind (the comparison is then false).
fn compare(kind: Family, value: &Doc, operand: &Doc) -> Option<Ordering> {
    match kind {
        Family::String => {
            let (a, b) = (value.as_str()?, operand.as_str()?);
            // Java compares strings by UTF-16 code units.
            Some(a.encode_utf16().cmp(b.encode_utf16()))
        }
        Family::Numeric => {
            let (a, b) = (value.as_number()?, operand.as_number()?);
            match (a.as_i64(), b.as_i64()) {
                (Some(x), Some(y)) => Some(x.cmp(&y)),
                _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
            }
        }
        Family::Boolean => Some(value.as_bool()?.cmp(&operand.as_bool()?)),
        Family::Timestamp => {
            let a = parse_timestamp(value.as_str()?)?;
            let b = parse_timestamp(operand.as_str()?)?;
            Some(a.cmp(&b))
        }
    }
}

/// `StringMatches`: `*` matches any run of characters; `\*` is a literal star and `\\` a
/// literal backslash. Iterative with backtracking to the last star (linear-ish, no regex).
fn matches(pattern: &str, text: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Tok {
        Star,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) => tokens.push(Tok::Char(e)),
                None => tokens.push(Tok::Char('\\')),
            },
            '*' => tokens.push(Tok::Star),
            c => tokens.push(Tok::Char(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Tok::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p..].iter().all(|t| *t == Tok::Star)
}
