//! Filter expressions `[?(…)]`, evaluated as Jayway does: a path operand that finds nothing
//! is "undefined", which equals nothing (so `!=` is true) and compares as neither smaller nor
//! greater.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::eval;
use super::{Root, Scope, Segment};

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `@.a` alone: true when the path finds something.
    Exists(Operand),
    Compare(Operand, CmpOp, Operand),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Nin,
}

/// Where a path operand starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OperandRoot {
    /// `@`: the node being filtered.
    Current,
    /// `$`, `$$` or `$name`.
    Absolute(Root),
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Path {
        root: OperandRoot,
        segments: Vec<Segment>,
        definite: bool,
    },
    Literal(Value),
}

pub(super) fn matches(expr: &Expr, current: &Value, scope: &Scope<'_>) -> bool {
    match expr {
        Expr::Or(a, b) => matches(a, current, scope) || matches(b, current, scope),
        Expr::And(a, b) => matches(a, current, scope) && matches(b, current, scope),
        Expr::Not(inner) => !matches(inner, current, scope),
        Expr::Exists(operand) => match operand_value(operand, current, scope) {
            Some(Cow::Owned(Value::Array(items))) => !items.is_empty(),
            Some(_) => true,
            None => false,
        },
        Expr::Compare(left, op, right) => {
            let left = operand_value(left, current, scope);
            let right = operand_value(right, current, scope);
            compare(left.as_deref(), *op, right.as_deref())
        }
    }
}

fn operand_value<'a>(
    operand: &'a Operand,
    current: &'a Value,
    scope: &Scope<'a>,
) -> Option<Cow<'a, Value>> {
    match operand {
        Operand::Literal(value) => Some(Cow::Borrowed(value)),
        Operand::Path {
            root,
            segments,
            definite,
        } => {
            let start = match root {
                OperandRoot::Current => current,
                OperandRoot::Absolute(Root::Input) => scope.input,
                OperandRoot::Absolute(Root::Context) => scope.context,
                OperandRoot::Absolute(Root::Variable(name)) => scope.variables.variable(name)?,
            };
            if *definite {
                eval::definite(segments, start).ok()
            } else {
                eval::indefinite(segments, start, scope).ok().map(|items| {
                    Cow::Owned(Value::Array(
                        items.into_iter().map(Cow::into_owned).collect(),
                    ))
                })
            }
        }
    }
}

fn compare(left: Option<&Value>, op: CmpOp, right: Option<&Value>) -> bool {
    match op {
        CmpOp::Eq => matches!((left, right), (Some(a), Some(b)) if json_equal(a, b)),
        CmpOp::Ne => !matches!((left, right), (Some(a), Some(b)) if json_equal(a, b)),
        CmpOp::Lt => order(left, right) == Some(Ordering::Less),
        CmpOp::Le => matches!(order(left, right), Some(Ordering::Less | Ordering::Equal)),
        CmpOp::Gt => order(left, right) == Some(Ordering::Greater),
        CmpOp::Ge => matches!(
            order(left, right),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CmpOp::In => contains(right, left),
        CmpOp::Nin => !contains(right, left),
    }
}

fn contains(haystack: Option<&Value>, needle: Option<&Value>) -> bool {
    match (haystack, needle) {
        (Some(Value::Array(items)), Some(needle)) => items.iter().any(|i| json_equal(i, needle)),
        _ => false,
    }
}

fn order(left: Option<&Value>, right: Option<&Value>) -> Option<Ordering> {
    match (left?, right?) {
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// JSON equality where numbers compare by value (`1 == 1.0`), as Jayway's BigDecimal does.
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(i), Some(j)) = (x.as_i64(), y.as_i64()) {
                i == j
            } else if let (Some(i), Some(j)) = (x.as_u64(), y.as_u64()) {
                i == j
            } else {
                x.as_f64() == y.as_f64()
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}
