//! `Retry` (retriers) and `Catch` (catchers) of Task, Parallel and Map states.

use super::ctx::{head, join, Ctx, Lang, Transition};
use super::messages as m;
use super::templates;
use crate::error::names;
use crate::json::{Member, Node, NodeKind};

/// The predefined error names; other names starting with `States.` are reserved.
const PREDEFINED: &[&str] = &[
    names::ALL,
    names::DATA_LIMIT_EXCEEDED,
    names::RUNTIME,
    names::TIMEOUT,
    names::HEARTBEAT_TIMEOUT,
    names::TASK_FAILED,
    names::PERMISSIONS,
    names::RESULT_PATH_MATCH_FAILURE,
    names::PARAMETER_PATH_FAILURE,
    names::BRANCH_FAILED,
    names::NO_CHOICE_MATCHED,
    names::INTRINSIC_FAILURE,
    names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
    names::ITEM_READER_FAILED,
    names::RESULT_WRITER_FAILED,
    names::QUERY_EVALUATION_ERROR,
    "States.Http.Socket",
];

/// A name with the reserved `States.` prefix that is not predefined (the HTTP Task's
/// `States.Http.StatusCode.NNN` family is predefined).
pub(crate) fn is_unknown_states_error(name: &str) -> bool {
    name.starts_with("States.")
        && !PREDEFINED.contains(&name)
        && !name.starts_with("States.Http.StatusCode.")
}

const RETRIER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
];
const CATCHER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "Next",
    "ResultPath",
    "Output",
    "Assign",
    "Comment",
];

/// Checks a `Retry` array.
pub(crate) fn check_retry(ctx: &mut Ctx, mem: &Member, ptr: &str) {
    let Some(retriers) = array(ctx, mem, ptr, "Retry") else {
        return;
    };
    for (i, r) in retriers.iter().enumerate() {
        let rp = join(ptr, &i.to_string());
        if !r.is_object() {
            ctx.push(m::not_an_object(
                &rp,
                r.span.clone(),
                "a retrier",
                r.type_name(),
            ));
            continue;
        }
        let last = i + 1 == retriers.len();
        for f in r.members() {
            let p = join(&rp, &f.key);
            match f.key.as_str() {
                "ErrorEquals" => error_equals(ctx, f, &p, last, "Retry"),
                "IntervalSeconds" => {
                    ctx.integer(
                        &p,
                        f,
                        1.0,
                        99_999_999.0,
                        "an integer from 1 to 99999999 (seconds)",
                    );
                }
                "MaxAttempts" => {
                    ctx.integer(
                        &p,
                        f,
                        0.0,
                        99_999_999.0,
                        "an integer from 0 to 99999999 (0 means never retry)",
                    );
                }
                "BackoffRate" => {
                    ctx.number(&p, f, 1.0, f64::MAX, "a number >= 1.0");
                }
                "MaxDelaySeconds" => {
                    ctx.integer(
                        &p,
                        f,
                        1.0,
                        31_622_401.0,
                        "an integer from 1 to 31622401 (seconds)",
                    );
                }
                "JitterStrategy" => {
                    ctx.one_of(&p, f, &["FULL", "NONE"]);
                }
                "Comment" => {
                    ctx.string(&p, f);
                }
                k => ctx.push(m::unknown_field(
                    &p,
                    f.key_span.clone(),
                    "a retrier",
                    k,
                    RETRIER_FIELDS,
                )),
            }
        }
        if r.member("ErrorEquals").is_none() {
            ctx.push(m::missing_field(&rp, head(r), "a retrier", "ErrorEquals"));
        }
    }
}

/// Checks a `Catch` array and returns its transitions.
pub(crate) fn check_catch(ctx: &mut Ctx, mem: &Member, ptr: &str, lang: Lang) -> Vec<Transition> {
    let mut out = Vec::new();
    let Some(catchers) = array(ctx, mem, ptr, "Catch") else {
        return out;
    };
    for (i, c) in catchers.iter().enumerate() {
        let cp = join(ptr, &i.to_string());
        if !c.is_object() {
            ctx.push(m::not_an_object(
                &cp,
                c.span.clone(),
                "a catcher",
                c.type_name(),
            ));
            continue;
        }
        let last = i + 1 == catchers.len();
        for f in c.members() {
            let p = join(&cp, &f.key);
            match (f.key.as_str(), lang) {
                ("ErrorEquals", _) => error_equals(ctx, f, &p, last, "Catch"),
                ("Next", _) => {
                    if let Some(s) = ctx.string(&p, f) {
                        out.push(Transition {
                            target: s.to_string(),
                            pointer: p.clone(),
                            span: f.value.span.clone(),
                        });
                    }
                }
                ("Comment", _) => {
                    ctx.string(&p, f);
                }
                ("Assign", _) => {
                    if ctx.object(&p, f) {
                        templates::check_template(ctx, lang, &p, &f.value, "Assign");
                    }
                }
                ("ResultPath", Lang::JsonPath) => templates::reference_path_or_null(ctx, &p, f),
                ("Output", Lang::Jsonata) => templates::check_jsonata_value(ctx, &p, &f.value),
                ("ResultPath", Lang::Jsonata) => ctx.push(m::field_of_other_language(
                    &p,
                    f.key_span.clone(),
                    "ResultPath",
                    "JSONPath states",
                    "JSONata",
                )),
                ("Output", Lang::JsonPath) => ctx.push(m::field_of_other_language(
                    &p,
                    f.key_span.clone(),
                    "Output",
                    "JSONata states",
                    "JSONPath",
                )),
                (k, _) => ctx.push(m::unknown_field(
                    &p,
                    f.key_span.clone(),
                    "a catcher",
                    k,
                    CATCHER_FIELDS,
                )),
            }
        }
        for required in ["ErrorEquals", "Next"] {
            if c.member(required).is_none() {
                ctx.push(m::missing_field(&cp, head(c), "a catcher", required));
            }
        }
    }
    out
}

fn array<'n>(ctx: &mut Ctx, mem: &'n Member, ptr: &str, field: &str) -> Option<&'n [Node]> {
    match &mem.value.kind {
        NodeKind::Array(items) => Some(items),
        _ => {
            ctx.push(m::wrong_type(
                ptr,
                mem.value.span.clone(),
                field,
                "an array",
                mem.value.type_name(),
            ));
            None
        }
    }
}

/// `ErrorEquals`: a list of error names; `States.ALL` alone and only in the last entry.
fn error_equals(ctx: &mut Ctx, mem: &Member, ptr: &str, last: bool, field: &str) {
    let Some(names) = array(ctx, mem, ptr, "ErrorEquals") else {
        return;
    };
    if names.is_empty() {
        // AWS accepted an empty list in a recorded Catch, so this is only a warning.
        ctx.push(m::empty_error_equals(ptr, mem.value.span.clone()));
    }
    for (i, n) in names.iter().enumerate() {
        let p = join(ptr, &i.to_string());
        let Some(name) = n.as_str() else {
            ctx.push(m::wrong_type(
                &p,
                n.span.clone(),
                "ErrorEquals",
                "an array of error names (strings)",
                n.type_name(),
            ));
            continue;
        };
        if name == names::ALL {
            if names.len() > 1 {
                ctx.push(m::states_all_not_alone(&p, n.span.clone()));
            } else if !last {
                ctx.push(m::states_all_not_last(&p, n.span.clone(), field));
            }
        } else if is_unknown_states_error(name) {
            ctx.push(m::reserved_error_name(&p, n.span.clone(), name));
        }
    }
}
