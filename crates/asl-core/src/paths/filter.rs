//! Filter expressions `[?(…)]`, evaluated as Jayway does: a path operand that finds nothing
//! is "undefined", which equals nothing (so `!=` is true) and compares as neither smaller nor
//! greater.

use std::cmp::Ordering;

use crate::doc::Doc;

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
    Literal(Doc),
}

pub(super) fn matches(expr: &Expr, current: &Doc, scope: &Scope<'_>) -> bool {
    match expr {
        Expr::Or(a, b) => matches(a, current, scope) || matches(b, current, scope),
        Expr::And(a, b) => matches(a, current, scope) && matches(b, current, scope),
        Expr::Not(inner) => !matches(inner, current, scope),
        Expr::Exists(operand) => match operand_value(operand, current, scope) {
            // An indefinite path finds something when its list is not empty.
            Some(Doc::Array(items)) if is_indefinite_path(operand) => !items.items().is_empty(),
            Some(_) => true,
            None => false,
        },
        Expr::Compare(left, op, right) => {
            let left = operand_value(left, current, scope);
            let right = operand_value(right, current, scope);
            compare(left.as_ref(), *op, right.as_ref())
        }
    }
}

fn is_indefinite_path(operand: &Operand) -> bool {
    matches!(
        operand,
        Operand::Path {
            definite: false,
            ..
        }
    )
}

fn operand_value(operand: &Operand, current: &Doc, scope: &Scope<'_>) -> Option<Doc> {
    match operand {
        Operand::Literal(value) => Some(value.clone()),
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
                eval::indefinite(segments, start, scope)
                    .ok()
                    .map(Doc::array)
            }
        }
    }
}

fn compare(left: Option<&Doc>, op: CmpOp, right: Option<&Doc>) -> bool {
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

fn contains(haystack: Option<&Doc>, needle: Option<&Doc>) -> bool {
    match (haystack, needle) {
        (Some(Doc::Array(items)), Some(needle)) => {
            items.items().iter().any(|i| json_equal(i, needle))
        }
        _ => false,
    }
}

fn order(left: Option<&Doc>, right: Option<&Doc>) -> Option<Ordering> {
    match (left?, right?) {
        (Doc::Number(a), Doc::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Doc::String(a), Doc::String(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// JSON equality where numbers compare by value (`1 == 1.0`), as Jayway's BigDecimal does.
pub(crate) fn json_equal(a: &Doc, b: &Doc) -> bool {
    match (a, b) {
        (Doc::Number(x), Doc::Number(y)) => {
            if let (Some(i), Some(j)) = (x.as_i64(), y.as_i64()) {
                i == j
            } else if let (Some(i), Some(j)) = (x.as_u64(), y.as_u64()) {
                i == j
            } else {
                x.as_f64() == y.as_f64()
            }
        }
        (Doc::Array(x), Doc::Array(y)) => {
            let (x, y) = (x.items(), y.items());
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Doc::Object(x), Doc::Object(y)) => {
            let (x, y) = (x.members(), y.members());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}
