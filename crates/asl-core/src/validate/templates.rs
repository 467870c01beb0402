//! Values that hold small languages: payload templates (`"key.$": "$.path"` or an intrinsic
//! call) in JSONPath states, `{% … %}` expressions in JSONata states, and path fields.

use super::ctx::{Ctx, Lang};
use super::intrinsic_syntax::{check_intrinsic, looks_like_intrinsic};
use super::messages as m;
use super::paths_syntax::{check_path, check_reference_path, ANY_ROOT};
use crate::json::{Member, Node, NodeKind};

/// Checks a JSONata expression string (`"{% … %}"`, the whole string value).
///
/// On error returns a message and the byte offset in `expr` where the problem is: the
/// `{% … %}` wrapper first, then a full parse by the JSONata layer (whose errors carry the
/// JSONata code and point at the offending token inside the expression).
pub fn check_jsonata_expression(expr: &str) -> Result<(), (String, usize)> {
    if !expr.starts_with("{%") {
        return Err(("a JSONata expression must start with `{%`".into(), 0));
    }
    if expr.len() < 4 || !expr.ends_with("%}") {
        return Err(("a JSONata expression must end with `%}`".into(), expr.len()));
    }
    let body = &expr[2..expr.len() - 2];
    if body.trim().is_empty() {
        return Err(("the expression between `{%` and `%}` is empty".into(), 2));
    }
    crate::jsonata::Expression::parse(expr)
        .map(|_| ())
        .map_err(|e| (e.message, e.offset.min(expr.len())))
}

/// A field whose string value must be a JSONata expression.
pub(crate) fn check_jsonata_string(ctx: &mut Ctx, ptr: &str, node: &Node) {
    let Some(s) = node.as_str() else { return };
    if let Err((why, offset)) = check_jsonata_expression(s) {
        let span = inner_span(ctx.text, node, offset);
        ctx.push(m::invalid_jsonata(ptr, span, &why));
    }
}

/// Maps an offset in a decoded string to the source; falls back to the whole string when
/// escapes make the decoded text differ from the source.
fn inner_span(text: &str, node: &Node, offset: usize) -> std::ops::Range<usize> {
    let raw = text.get(node.span.start + 1..node.span.end.saturating_sub(1));
    if raw == node.as_str() && node.span.len() >= 2 {
        let at = (node.span.start + 1 + offset).min(node.span.end - 1);
        // One character, not one byte: a span must never cut a multi-byte character.
        let len = text
            .get(at..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
        at..(at + len).min(node.span.end)
    } else {
        node.span.clone()
    }
}

/// In a JSONata state: every string starting with `{%` anywhere in the value is an
/// expression; keys ending in `.$` are JSONPath syntax and rejected.
pub(crate) fn check_jsonata_value(ctx: &mut Ctx, ptr: &str, node: &Node) {
    match &node.kind {
        NodeKind::String(s) if s.starts_with("{%") => check_jsonata_string(ctx, ptr, node),
        NodeKind::Object(members) => {
            for mem in members {
                let p = super::ctx::join(ptr, &mem.key);
                if mem.key.ends_with(".$") {
                    ctx.push(m::dollar_key_in_jsonata(&p, mem.key_span.clone(), &mem.key));
                }
                check_jsonata_value(ctx, &p, &mem.value);
            }
        }
        NodeKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_jsonata_value(ctx, &super::ctx::join(ptr, &i.to_string()), item);
            }
        }
        _ => {}
    }
}

/// A payload template (`Parameters`, `ItemSelector`, `ResultSelector`, `Assign`,
/// `Credentials`, `Arguments`) in the state's language.
pub(crate) fn check_template(ctx: &mut Ctx, lang: Lang, ptr: &str, node: &Node, _field: &str) {
    match lang {
        Lang::Jsonata => check_jsonata_value(ctx, ptr, node),
        Lang::JsonPath => check_payload(ctx, ptr, node),
    }
}

/// JSONPath payload template: `.$` keys hold a path or an intrinsic call.
fn check_payload(ctx: &mut Ctx, ptr: &str, node: &Node) {
    match &node.kind {
        NodeKind::Object(members) => {
            for mem in members {
                let p = super::ctx::join(ptr, &mem.key);
                if mem.key.ends_with(".$") {
                    match mem.value.as_str() {
                        Some(s) => dollar_value(ctx, &p, &mem.value, &mem.key, s),
                        None => ctx.push(m::wrong_type(
                            &p,
                            mem.value.span.clone(),
                            &mem.key,
                            "a string (a path or an intrinsic function) because the key ends in `.$`",
                            mem.value.type_name(),
                        )),
                    }
                } else {
                    if let Some(s) = mem.value.as_str() {
                        if (s.starts_with("$.") || s.starts_with("$$."))
                            && check_path(s, ANY_ROOT).is_ok()
                        {
                            ctx.push(m::no_dollar(&p, mem.value.span.clone(), &mem.key));
                        }
                    }
                    check_payload(ctx, &p, &mem.value);
                }
            }
        }
        NodeKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_payload(ctx, &super::ctx::join(ptr, &i.to_string()), item);
            }
        }
        _ => {}
    }
}

/// The value of a `.$` key: a path, a context path, a variable or an intrinsic call.
fn dollar_value(ctx: &mut Ctx, ptr: &str, node: &Node, key: &str, s: &str) {
    if looks_like_intrinsic(s) {
        if let Err(why) = check_intrinsic(s, None) {
            ctx.push(m::invalid_intrinsic(ptr, node.span.clone(), s, &why));
        }
    } else if let Err(why) = check_path(s, ANY_ROOT) {
        let why = if s.starts_with('$') {
            why
        } else {
            "the value of a key ending in `.$` must be a path starting with `$`, or an intrinsic function such as States.Format(…)".into()
        };
        ctx.push(m::invalid_path(ptr, node.span.clone(), key, s, &why));
    }
}

/// `InputPath`/`OutputPath`: a path, or `null` (meaning `{}`).
pub(crate) fn path_or_null(ctx: &mut Ctx, ptr: &str, mem: &Member) {
    if !mem.value.is_null() {
        path_field(ctx, ptr, mem);
    }
}

/// A field holding a Path.
pub(crate) fn path_field(ctx: &mut Ctx, ptr: &str, mem: &Member) {
    let Some(s) = ctx.string(ptr, mem) else {
        return;
    };
    if looks_like_intrinsic(s) {
        ctx.push(m::invalid_path(
            ptr,
            mem.value.span.clone(),
            &mem.key,
            s,
            "intrinsic functions are only allowed in keys ending in `.$` (Parameters, ResultSelector, ItemSelector, Assign)",
        ));
    } else if let Err(why) = check_path(s, ANY_ROOT) {
        ctx.push(m::invalid_path(
            ptr,
            mem.value.span.clone(),
            &mem.key,
            s,
            &why,
        ));
    }
}

/// `ResultPath`: a reference path, or `null` (discard the result).
pub(crate) fn reference_path_or_null(ctx: &mut Ctx, ptr: &str, mem: &Member) {
    if mem.value.is_null() {
        return;
    }
    let Some(s) = ctx.string(ptr, mem) else {
        return;
    };
    if let Err(why) = check_path(s, ANY_ROOT) {
        ctx.push(m::invalid_path(
            ptr,
            mem.value.span.clone(),
            &mem.key,
            s,
            &why,
        ));
    } else if let Err(why) = check_reference_path(s) {
        ctx.push(m::invalid_reference_path(
            ptr,
            mem.value.span.clone(),
            &mem.key,
            s,
            &why,
        ));
    }
}

/// Fail `ErrorPath`/`CausePath`: a path or one of a few intrinsic functions.
pub(crate) fn path_or_intrinsic(ctx: &mut Ctx, ptr: &str, mem: &Member, allowed: &[&str]) {
    let Some(s) = ctx.string(ptr, mem) else {
        return;
    };
    if looks_like_intrinsic(s) {
        if let Err(why) = check_intrinsic(s, Some(allowed)) {
            ctx.push(m::invalid_intrinsic(ptr, mem.value.span.clone(), s, &why));
        }
    } else if let Err(why) = check_path(s, ANY_ROOT) {
        ctx.push(m::invalid_path(
            ptr,
            mem.value.span.clone(),
            &mem.key,
            s,
            &why,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::check_jsonata_expression;

    #[test]
    fn jsonata_wrapper() {
        assert_eq!(check_jsonata_expression("{% $states.input %}"), Ok(()));
        let cases = [
            ("{% 1 ", 5),
            ("{%%}", 2),
            ("$x %}", 0),
            ("{%", 2),
            ("{%   %}", 2),
            // Syntax errors point inside the expression (the offending token).
            ("{% [1, 2 %}", 9),
            ("{% $x + %}", 8),
        ];
        for (expr, offset) in cases {
            assert_eq!(
                check_jsonata_expression(expr).map_err(|e| e.1),
                Err(offset),
                "{expr}"
            );
        }
    }
}
