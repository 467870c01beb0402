//! Choice rules. JSONPath: `Variable` plus exactly one comparison operator, or one of the
//! combinators `And`/`Or` (non-empty arrays of rules) and `Not` (one rule); only top-level
//! rules have `Next` (and `Assign`). JSONata: a `Condition` expression.

use super::ctx::{head, join, Ctx, Lang, Transition};
use super::messages as m;
use super::paths_syntax::{check_path, is_rfc3339, ANY_ROOT};
use super::templates;
use crate::json::{Member, Node, NodeKind};

/// The operand a comparison operator takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operand {
    String,
    Number,
    Bool,
    Timestamp,
    Path,
}

const OPERATORS: &[(&str, Operand)] = {
    use Operand::*;
    &[
        ("StringEquals", String),
        ("StringEqualsPath", Path),
        ("StringLessThan", String),
        ("StringLessThanPath", Path),
        ("StringGreaterThan", String),
        ("StringGreaterThanPath", Path),
        ("StringLessThanEquals", String),
        ("StringLessThanEqualsPath", Path),
        ("StringGreaterThanEquals", String),
        ("StringGreaterThanEqualsPath", Path),
        ("StringMatches", String),
        ("NumericEquals", Number),
        ("NumericEqualsPath", Path),
        ("NumericLessThan", Number),
        ("NumericLessThanPath", Path),
        ("NumericGreaterThan", Number),
        ("NumericGreaterThanPath", Path),
        ("NumericLessThanEquals", Number),
        ("NumericLessThanEqualsPath", Path),
        ("NumericGreaterThanEquals", Number),
        ("NumericGreaterThanEqualsPath", Path),
        ("BooleanEquals", Bool),
        ("BooleanEqualsPath", Path),
        ("TimestampEquals", Timestamp),
        ("TimestampEqualsPath", Path),
        ("TimestampLessThan", Timestamp),
        ("TimestampLessThanPath", Path),
        ("TimestampGreaterThan", Timestamp),
        ("TimestampGreaterThanPath", Path),
        ("TimestampLessThanEquals", Timestamp),
        ("TimestampLessThanEqualsPath", Path),
        ("TimestampGreaterThanEquals", Timestamp),
        ("TimestampGreaterThanEqualsPath", Path),
        ("IsNull", Bool),
        ("IsPresent", Bool),
        ("IsNumeric", Bool),
        ("IsString", Bool),
        ("IsBoolean", Bool),
        ("IsTimestamp", Bool),
    ]
};

const COMBINATORS: &[&str] = &["And", "Or", "Not"];

/// Checks `Choices` and returns the transitions of its rules.
pub(crate) fn check_choices(ctx: &mut Ctx, mem: &Member, ptr: &str, lang: Lang) -> Vec<Transition> {
    let mut out = Vec::new();
    let NodeKind::Array(rules) = &mem.value.kind else {
        ctx.push(m::wrong_type(
            ptr,
            mem.value.span.clone(),
            "Choices",
            "an array of rules",
            mem.value.type_name(),
        ));
        return out;
    };
    if rules.is_empty() {
        ctx.push(m::out_of_range(
            ptr,
            mem.value.span.clone(),
            "Choices",
            "a non-empty array of rules",
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        check_rule(ctx, rule, &join(ptr, &i.to_string()), lang, true, &mut out);
    }
    out
}

fn check_rule(
    ctx: &mut Ctx,
    rule: &Node,
    ptr: &str,
    lang: Lang,
    top: bool,
    out: &mut Vec<Transition>,
) {
    if !rule.is_object() {
        ctx.push(m::not_an_object(
            ptr,
            rule.span.clone(),
            "a Choice rule",
            rule.type_name(),
        ));
        return;
    }
    if top {
        match rule.member("Next") {
            None => ctx.push(m::choice_rule(
                ptr,
                head(rule),
                "a Choice rule needs `Next`, the state to go to when it matches".into(),
            )),
            Some(next) => {
                if let Some(s) = ctx.string(&join(ptr, "Next"), next) {
                    out.push(Transition {
                        target: s.to_string(),
                        pointer: join(ptr, "Next"),
                        span: next.value.span.clone(),
                    });
                }
            }
        }
    }
    match lang {
        Lang::Jsonata => check_jsonata_rule(ctx, rule, ptr, top),
        Lang::JsonPath => check_jsonpath_rule(ctx, rule, ptr, top, out),
    }
}

fn check_jsonata_rule(ctx: &mut Ctx, rule: &Node, ptr: &str, top: bool) {
    for mem in rule.members() {
        let p = join(ptr, &mem.key);
        match mem.key.as_str() {
            "Next" if top => {}
            "Comment" => {
                ctx.string(&p, mem);
            }
            "Assign" | "Output" if top => templates::check_jsonata_value(ctx, &p, &mem.value),
            "Condition" => match &mem.value.kind {
                NodeKind::Bool(_) => {}
                NodeKind::String(_) => templates::check_jsonata_string(ctx, &p, &mem.value),
                _ => ctx.push(m::wrong_type(
                    &p,
                    mem.value.span.clone(),
                    "Condition",
                    "a {% %} expression or a boolean",
                    mem.value.type_name(),
                )),
            },
            k if k == "Variable"
                || COMBINATORS.contains(&k)
                || OPERATORS.iter().any(|o| o.0 == k) =>
            {
                ctx.push(m::field_of_other_language(
                    &p,
                    mem.key_span.clone(),
                    k,
                    "JSONPath states",
                    "JSONata (write the test as a `Condition` expression)",
                ));
            }
            k => ctx.push(m::unknown_field(
                &p,
                mem.key_span.clone(),
                "a Choice rule",
                k,
                &["Condition", "Next", "Assign", "Output", "Comment"],
            )),
        }
    }
    if rule.member("Condition").is_none() {
        ctx.push(m::missing_field(
            ptr,
            head(rule),
            "a JSONata Choice rule",
            "Condition",
        ));
    }
}

fn check_jsonpath_rule(
    ctx: &mut Ctx,
    rule: &Node,
    ptr: &str,
    top: bool,
    out: &mut Vec<Transition>,
) {
    let mut tests: Vec<&Member> = Vec::new();
    for mem in rule.members() {
        let p = join(ptr, &mem.key);
        let key = mem.key.as_str();
        match key {
            "Next" if top => {}
            "Next" => ctx.push(m::choice_rule(&p, mem.key_span.clone(), "rules nested inside `And`, `Or` or `Not` cannot have `Next`; only the top-level rule chooses the next state".into())),
            "Assign" if top => {
                if ctx.object(&p, mem) {
                    templates::check_template(ctx, Lang::JsonPath, &p, &mem.value, "Assign");
                }
            }
            "Comment" => {
                ctx.string(&p, mem);
            }
            "Variable" => {
                if let Some(s) = ctx.string(&p, mem) {
                    if let Err(why) = check_path(s, ANY_ROOT) {
                        ctx.push(m::invalid_path(&p, mem.value.span.clone(), "Variable", s, &why));
                    }
                }
            }
            "Condition" | "Output" => ctx.push(m::field_of_other_language(&p, mem.key_span.clone(), key, "JSONata states", "JSONPath")),
            k if COMBINATORS.contains(&k) || OPERATORS.iter().any(|o| o.0 == k) => tests.push(mem),
            k => {
                let mut known = vec!["Variable", "Next", "Assign", "Comment", "And", "Or", "Not"];
                known.extend(OPERATORS.iter().map(|o| o.0));
                ctx.push(m::unknown_field(&p, mem.key_span.clone(), "a Choice rule", k, &known))
            }
        }
    }
    let Some(test) = tests.first() else {
        ctx.push(m::choice_rule(ptr, head(rule), "a Choice rule needs a comparison such as `\"Variable\": \"$.x\", \"NumericEquals\": 1`, or `And`, `Or` or `Not`".into()));
        return;
    };
    if let Some(second) = tests.get(1) {
        ctx.push(m::choice_rule(
            &join(ptr, &second.key),
            second.key_span.clone(),
            format!("a Choice rule can have only one comparison operator, but has `{}` and `{}`; combine them with `And`", test.key, second.key),
        ));
        return;
    }
    let p = join(ptr, &test.key);
    let v = &test.value;
    if COMBINATORS.contains(&test.key.as_str()) {
        if let Some(var) = rule.member("Variable") {
            ctx.push(m::choice_rule(
                &join(ptr, "Variable"),
                var.key_span.clone(),
                format!(
                    "`{}` rules combine other rules and cannot have `Variable`",
                    test.key
                ),
            ));
        }
        if test.key == "Not" {
            check_rule(ctx, v, &p, Lang::JsonPath, false, out);
        } else if !matches!(v.kind, NodeKind::Array(_)) || v.items().is_empty() {
            ctx.push(m::choice_rule(
                &p,
                v.span.clone(),
                format!("`{}` must be a non-empty array of rules", test.key),
            ));
        } else {
            for (i, r) in v.items().iter().enumerate() {
                check_rule(
                    ctx,
                    r,
                    &join(&p, &i.to_string()),
                    Lang::JsonPath,
                    false,
                    out,
                );
            }
        }
        return;
    }
    if rule.member("Variable").is_none() {
        ctx.push(m::choice_rule(
            ptr,
            head(rule),
            format!(
                "`{}` compares `Variable` with a value, but the rule has no `Variable`",
                test.key
            ),
        ));
    }
    let operand = OPERATORS.iter().find(|o| o.0 == test.key).map(|o| o.1);
    let (ok, expected) = match operand {
        Some(Operand::String) => (v.as_str().is_some(), "a string"),
        Some(Operand::Number) => (v.as_f64().is_some(), "a number"),
        Some(Operand::Bool) => (v.as_bool().is_some(), "true or false"),
        Some(Operand::Timestamp) => (v.as_str().is_some(), "a timestamp string"),
        Some(Operand::Path) | None => (v.as_str().is_some(), "a path string"),
    };
    if !ok {
        ctx.push(m::wrong_type(
            &p,
            v.span.clone(),
            &test.key,
            expected,
            v.type_name(),
        ));
        return;
    }
    let s = v.as_str().unwrap_or_default();
    if operand == Some(Operand::String)
        && test.key != "StringMatches"
        && super::ctx::looks_like_path(s)
    {
        ctx.push(m::no_path(
            &p,
            v.span.clone(),
            &test.key,
            &format!("{}Path", test.key),
        ));
    }
    match operand {
        Some(Operand::Timestamp) if !is_rfc3339(s) => {
            ctx.push(m::invalid_timestamp(&p, v.span.clone(), &test.key, s))
        }
        Some(Operand::Path) => {
            if let Err(why) = check_path(s, ANY_ROOT) {
                ctx.push(m::invalid_path(&p, v.span.clone(), &test.key, s, &why));
            }
        }
        _ => {}
    }
}
