//! The fields of each state type: which exist, in which query language, their types and
//! ranges, required and mutually exclusive fields, and `Next`/`End`.

use super::choice::check_choices;
use super::ctx::{as_integer, head, join, looks_like_path, Ctx, Lang, Transition};
use super::intrinsic_syntax::FAIL_PATH_FUNCTIONS;
use super::map;
use super::messages as m;
use super::paths_syntax::is_rfc3339;
use super::resource::resource_shape_ok;
use super::retry::{check_catch, check_retry};
use super::scope::check_scope;
use super::templates;
use crate::json::{Member, Node, NodeKind};
use crate::state_type::StateType;

/// What the scope needs to know about a state.
#[derive(Debug, Default)]
pub(crate) struct StateInfo {
    /// Every state this one may transition to.
    pub transitions: Vec<Transition>,
    /// Ends its scope (Succeed, Fail or `"End": true`), or is too broken to tell.
    pub terminal: bool,
}

/// In which query language a field exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldLang {
    Both,
    JsonPath,
    Jsonata,
}

/// Every state field of every type (for "did you mean" suggestions).
const ALL_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Arguments",
    "Output",
    "Assign",
    "Retry",
    "Catch",
    "Resource",
    "Credentials",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Result",
    "Choices",
    "Default",
    "Seconds",
    "SecondsPath",
    "Timestamp",
    "TimestampPath",
    "Error",
    "ErrorPath",
    "Cause",
    "CausePath",
    "Branches",
    "ItemProcessor",
    "Iterator",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
];

/// The fields of each state type, by query language (`Type`, `Comment` and `QueryLanguage`
/// are common to all).
fn field_lang(ty: StateType, field: &str) -> Option<FieldLang> {
    if matches!(field, "Type" | "Comment" | "QueryLanguage") {
        return Some(FieldLang::Both);
    }
    let (both, jsonpath, jsonata): (&[&str], &[&str], &[&str]) = match ty {
        StateType::Task => (
            &[
                "Next",
                "End",
                "Assign",
                "Retry",
                "Catch",
                "Resource",
                "Credentials",
                "TimeoutSeconds",
                "HeartbeatSeconds",
            ],
            &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultSelector",
                "ResultPath",
                "TimeoutSecondsPath",
                "HeartbeatSecondsPath",
            ],
            &["Arguments", "Output"],
        ),
        StateType::Pass => (
            &["Next", "End", "Assign"],
            &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultPath",
                "Result",
            ],
            &["Output"],
        ),
        StateType::Choice => (
            &["Choices", "Default", "Assign"],
            &["InputPath", "OutputPath"],
            &["Output"],
        ),
        StateType::Wait => (
            &["Next", "End", "Assign", "Seconds", "Timestamp"],
            &["InputPath", "OutputPath", "SecondsPath", "TimestampPath"],
            &["Output"],
        ),
        StateType::Succeed => (&[], &["InputPath", "OutputPath"], &["Output"]),
        StateType::Fail => (&["Error", "Cause"], &["ErrorPath", "CausePath"], &[]),
        StateType::Parallel => (
            &["Next", "End", "Assign", "Retry", "Catch", "Branches"],
            &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultSelector",
                "ResultPath",
            ],
            &["Arguments", "Output"],
        ),
        StateType::Map => (
            &[
                "Next",
                "End",
                "Assign",
                "Retry",
                "Catch",
                "ItemProcessor",
                "Iterator",
                "ItemSelector",
                "ItemReader",
                "ItemBatcher",
                "ResultWriter",
                "MaxConcurrency",
                "ToleratedFailurePercentage",
                "ToleratedFailureCount",
                "Label",
            ],
            &[
                "InputPath",
                "OutputPath",
                "Parameters",
                "ResultSelector",
                "ResultPath",
                "ItemsPath",
                "MaxConcurrencyPath",
                "ToleratedFailurePercentagePath",
                "ToleratedFailureCountPath",
            ],
            &["Items", "Output"],
        ),
    };
    if both.contains(&field) {
        Some(FieldLang::Both)
    } else if jsonpath.contains(&field) {
        Some(FieldLang::JsonPath)
    } else if jsonata.contains(&field) {
        Some(FieldLang::Jsonata)
    } else {
        None
    }
}

/// Map fields AWS accepts only on a Distributed Map (`ItemProcessor.ProcessorConfig.Mode`
/// `DISTRIBUTED`): they read items from S3, batch them, or write the Map Run's results,
/// which an inline Map has no Map Run for (AWS developer guide, "Distributed Map state
/// fields" in state-map-distributed; the inline page lists none of them). Not here:
/// `ToleratedFailure*` and `Label`, which AWS deploys and runs on an inline Map
/// (conformance-dmap `inline-jsonata-tolerated-count-expr`, recorded on AWS).
const DISTRIBUTED_ONLY: &[&str] = &["ItemReader", "ItemBatcher", "ResultWriter"];

fn article(ty: &str) -> &'static str {
    if ty.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// Checks one state and returns its transitions.
pub(crate) fn check_state(ctx: &mut Ctx, node: &Node, ptr: &str) -> StateInfo {
    let mut info = StateInfo::default();
    if !node.is_object() {
        ctx.push(m::not_an_object(
            ptr,
            node.span.clone(),
            "a state",
            node.type_name(),
        ));
        info.terminal = true;
        return info;
    }
    let ty = match node.member("Type") {
        None => {
            ctx.push(m::missing_field(ptr, head(node), "a state", "Type"));
            None
        }
        Some(mem) => match ctx.string(&join(ptr, "Type"), mem) {
            Some(t) if StateType::parse(t).is_some() => StateType::parse(t),
            Some(t) => {
                ctx.push(m::unknown_state_type(
                    &join(ptr, "Type"),
                    mem.value.span.clone(),
                    t,
                ));
                None
            }
            None => None,
        },
    };
    let Some(ty) = ty else {
        // Too broken to check fields; still follow `Next` so targets are not "unreachable".
        if let Some(next) = node.get("Next").and_then(Node::as_str) {
            info.transitions.push(Transition {
                target: next.to_string(),
                pointer: join(ptr, "Next"),
                span: node.get("Next").map(|n| n.span.clone()).unwrap_or_default(),
            });
        }
        info.terminal = true;
        return info;
    };

    let lang = state_lang(ctx, node, ptr);
    let owner = format!("{} {ty} state", article(ty.as_str()));
    for mem in node.members() {
        let p = join(ptr, &mem.key);
        match field_lang(ty, &mem.key) {
            None if matches!(mem.key.as_str(), "Next" | "End") => {
                ctx.push(m::transition_not_allowed(
                    &p,
                    mem.key_span.clone(),
                    ty.as_str(),
                    &mem.key,
                ));
            }
            None => {
                let known: Vec<&str> = ALL_FIELDS
                    .iter()
                    .copied()
                    .filter(|f| field_lang(ty, f).is_some())
                    .collect();
                ctx.push(m::unknown_field(
                    &p,
                    mem.key_span.clone(),
                    &owner,
                    &mem.key,
                    &known,
                ))
            }
            Some(FieldLang::JsonPath) if lang == Lang::Jsonata => {
                ctx.push(m::field_of_other_language(
                    &p,
                    mem.key_span.clone(),
                    &mem.key,
                    "JSONPath states",
                    "JSONata",
                ))
            }
            Some(FieldLang::Jsonata) if lang == Lang::JsonPath => {
                ctx.push(m::field_of_other_language(
                    &p,
                    mem.key_span.clone(),
                    &mem.key,
                    "JSONata states",
                    "JSONPath (the default; set \"QueryLanguage\": \"JSONata\" to switch)",
                ))
            }
            Some(_) => {
                check_field(ctx, ty, lang, mem, &p, &mut info);
                if ty == StateType::Map
                    && DISTRIBUTED_ONLY.contains(&mem.key.as_str())
                    && map::is_distributed(node) == Some(false)
                {
                    ctx.push(m::distributed_only(&p, mem.key_span.clone(), &mem.key));
                }
            }
        }
    }
    check_required(ctx, ty, node, ptr, &owner);
    info.terminal |= matches!(ty, StateType::Succeed | StateType::Fail)
        || node.get("End").and_then(Node::as_bool) == Some(true);
    info
}

/// The state's effective query language (its own `QueryLanguage`, else the machine's).
fn state_lang(ctx: &mut Ctx, node: &Node, ptr: &str) -> Lang {
    let Some(mem) = node.member("QueryLanguage") else {
        return ctx.top_lang;
    };
    let p = join(ptr, "QueryLanguage");
    match ctx.one_of(&p, mem, &["JSONPath", "JSONata"]).as_deref() {
        Some("JSONata") => Lang::Jsonata,
        Some(_) if ctx.top_lang == Lang::Jsonata => {
            ctx.push(m::jsonpath_state_in_jsonata_machine(
                &p,
                mem.value.span.clone(),
            ));
            Lang::Jsonata
        }
        Some(_) => Lang::JsonPath,
        None => ctx.top_lang,
    }
}

fn check_field(
    ctx: &mut Ctx,
    ty: StateType,
    lang: Lang,
    mem: &Member,
    p: &str,
    info: &mut StateInfo,
) {
    let v = &mem.value;
    match mem.key.as_str() {
        "Type" | "QueryLanguage" => {}
        "Result" => static_result(ctx, p, v),
        "Comment" => {
            ctx.string(p, mem);
        }
        "Label" => {
            if let Some(label) = ctx.string(p, mem) {
                check_label(ctx, p, v, label);
            }
        }
        "Next" | "Default" => {
            if let Some(s) = ctx.string(p, mem) {
                info.transitions.push(Transition {
                    target: s.to_string(),
                    pointer: p.to_string(),
                    span: v.span.clone(),
                });
            }
        }
        "End" => {
            ctx.boolean(p, mem);
        }
        "InputPath" | "OutputPath" => templates::path_or_null(ctx, p, mem),
        "ResultPath" => templates::reference_path_or_null(ctx, p, mem),
        "ItemsPath"
        | "SecondsPath"
        | "TimestampPath"
        | "TimeoutSecondsPath"
        | "HeartbeatSecondsPath"
        | "MaxConcurrencyPath"
        | "ToleratedFailurePercentagePath"
        | "ToleratedFailureCountPath" => {
            templates::path_field(ctx, p, mem);
        }
        "ErrorPath" | "CausePath" => templates::path_or_intrinsic(ctx, p, mem, FAIL_PATH_FUNCTIONS),
        "Parameters" | "ItemSelector" | "Credentials" | "Arguments" => {
            templates::check_template(ctx, lang, p, v, &mem.key)
        }
        "ResultSelector" | "Assign" => {
            if ctx.object(p, mem) {
                templates::check_template(ctx, lang, p, v, &mem.key);
            }
        }
        "Output" => templates::check_jsonata_value(ctx, p, v),
        "Resource" => {
            if let Some(r) = ctx.string(p, mem) {
                if !resource_shape_ok(r) {
                    ctx.push(m::unusual_resource(p, v.span.clone(), r));
                }
            }
        }
        "TimeoutSeconds" | "HeartbeatSeconds" => {
            int_or_jsonata(ctx, lang, p, mem, 1.0, "a positive integer (seconds)")
        }
        "Seconds" => int_or_jsonata(ctx, lang, p, mem, 0.0, "an integer >= 0 (seconds)"),
        "MaxConcurrency" | "ToleratedFailureCount" => {
            int_or_jsonata(ctx, lang, p, mem, 0.0, "an integer >= 0")
        }
        "ToleratedFailurePercentage" => {
            if !jsonata_string(ctx, lang, p, v) {
                ctx.number(p, mem, 0.0, 100.0, "a number from 0 to 100");
            }
        }
        "Timestamp" => {
            if !jsonata_string(ctx, lang, p, v) {
                if let Some(t) = ctx.string(p, mem) {
                    if !is_rfc3339(t) {
                        ctx.push(m::invalid_timestamp(p, v.span.clone(), "Timestamp", t));
                    }
                }
            }
        }
        "Error" | "Cause" => {
            if !jsonata_string(ctx, lang, p, v) {
                let text = ctx.string(p, mem);
                if let Some(name) =
                    text.filter(|n| mem.key == "Error" && super::retry::is_unknown_states_error(n))
                {
                    ctx.push(m::reserved_error_name(p, v.span.clone(), name));
                }
                if lang == Lang::JsonPath && text.is_some_and(looks_like_path) {
                    let instead = format!("{}Path", mem.key);
                    ctx.push(m::no_path(p, v.span.clone(), &mem.key, &instead));
                }
            }
        }
        "Choices" => info.transitions.extend(check_choices(ctx, mem, p, lang)),
        "Branches" => {
            let items = v.items();
            if !matches!(v.kind, NodeKind::Array(_)) {
                ctx.push(m::wrong_type(
                    p,
                    v.span.clone(),
                    "Branches",
                    "an array",
                    v.type_name(),
                ));
            } else if items.is_empty() {
                ctx.push(m::out_of_range(
                    p,
                    v.span.clone(),
                    "Branches",
                    "a non-empty array of branches",
                ));
            }
            for (i, branch) in items.iter().enumerate() {
                let bp = join(p, &i.to_string());
                if branch.is_object() {
                    check_scope(ctx, branch, &bp, "a Parallel branch", &[]);
                } else {
                    ctx.push(m::not_an_object(
                        &bp,
                        branch.span.clone(),
                        "a branch",
                        branch.type_name(),
                    ));
                }
            }
        }
        "ItemProcessor" | "Iterator" => map::check_processor(ctx, mem, p),
        "Items" => {
            if !jsonata_string(ctx, lang, p, v) && !matches!(v.kind, NodeKind::Array(_)) {
                ctx.push(m::wrong_type(
                    p,
                    v.span.clone(),
                    "Items",
                    "an array or a {% %} expression",
                    v.type_name(),
                ));
            } else {
                templates::check_jsonata_value(ctx, p, v);
            }
        }
        "ItemReader" => map::check_item_reader(ctx, mem, p, lang),
        "ItemBatcher" => map::check_item_batcher(ctx, mem, p, lang),
        "ResultWriter" => map::check_result_writer(ctx, mem, p, lang),
        "Retry" => check_retry(ctx, mem, p),
        "Catch" => info.transitions.extend(check_catch(ctx, mem, p, lang)),
        other => debug_assert!(false, "field {other} of {ty} has no check"),
    }
}

/// A Pass `Result` is not a template: warns about `.$` keys anywhere inside it.
fn static_result(ctx: &mut Ctx, ptr: &str, node: &Node) {
    match &node.kind {
        NodeKind::Object(members) => {
            for mem in members {
                let p = join(ptr, &mem.key);
                if mem.key.ends_with(".$") {
                    ctx.push(m::pass_result_is_static(&p, mem.key_span.clone(), &mem.key));
                }
                static_result(ctx, &p, &mem.value);
            }
        }
        NodeKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                static_result(ctx, &join(ptr, &i.to_string()), item);
            }
        }
        _ => {}
    }
}

/// Characters a Map `Label` cannot contain (those of Step Functions resource names).
const LABEL_FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";

/// A Map `Label`: 1 to 40 characters, no forbidden character, unique in the machine.
fn check_label(ctx: &mut Ctx, p: &str, v: &Node, label: &str) {
    let len = label.chars().count();
    let why = if len == 0 {
        Some("is empty".to_string())
    } else if len > 40 {
        Some(format!("is {len} characters long"))
    } else {
        label
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || LABEL_FORBIDDEN.contains(*c))
            .map(|c| format!("contains {c:?}"))
    };
    if let Some(why) = why {
        ctx.push(m::invalid_label(p, v.span.clone(), label, &why));
    } else if !ctx.labels.insert(label.to_string()) {
        ctx.push(m::duplicate_label(p, v.span.clone(), label));
    }
}

/// In JSONata states, a `{% … %}` string is an expression: check it and return true.
fn jsonata_string(ctx: &mut Ctx, lang: Lang, p: &str, v: &Node) -> bool {
    if lang == Lang::Jsonata && v.as_str().is_some_and(|s| s.starts_with("{%")) {
        templates::check_jsonata_string(ctx, p, v);
        true
    } else {
        false
    }
}

fn int_or_jsonata(ctx: &mut Ctx, lang: Lang, p: &str, mem: &Member, min: f64, rule: &str) {
    if !jsonata_string(ctx, lang, p, &mem.value) {
        ctx.integer(p, mem, min, 99_999_999.0, rule);
    }
}

/// Required and mutually exclusive fields, and `Next`/`End`.
fn check_required(ctx: &mut Ctx, ty: StateType, node: &Node, ptr: &str, owner: &str) {
    let has = |f: &str| node.member(f).is_some();
    let at = head(node);
    let exclusive = |ctx: &mut Ctx, a: &str, b: &str| {
        if let (Some(_), Some(mb)) = (node.member(a), node.member(b)) {
            ctx.push(m::mutually_exclusive(
                &join(ptr, b),
                mb.key_span.clone(),
                a,
                b,
            ));
        }
    };
    match ty {
        StateType::Task => {
            if !has("Resource") {
                ctx.push(m::missing_field(ptr, at.clone(), owner, "Resource"));
            }
            exclusive(ctx, "TimeoutSeconds", "TimeoutSecondsPath");
            exclusive(ctx, "HeartbeatSeconds", "HeartbeatSecondsPath");
            let timeout = node.get("TimeoutSeconds").and_then(as_integer);
            if let (Some(t), Some(hb)) = (timeout, node.member("HeartbeatSeconds")) {
                // The specification says "smaller", but AWS deploys and runs definitions with
                // equal values, so equality is only a warning.
                match as_integer(&hb.value) {
                    Some(h) if h > t => ctx.push(m::heartbeat_too_long(
                        &join(ptr, "HeartbeatSeconds"),
                        hb.value.span.clone(),
                    )),
                    Some(h) if h == t => ctx.push(m::heartbeat_equals_timeout(
                        &join(ptr, "HeartbeatSeconds"),
                        hb.value.span.clone(),
                    )),
                    _ => {}
                }
            }
        }
        StateType::Choice if !has("Choices") => {
            ctx.push(m::missing_field(ptr, at.clone(), owner, "Choices"));
        }
        StateType::Wait => {
            let fields = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
            let found = fields.iter().filter(|f| has(f)).count();
            if found != 1 {
                ctx.push(m::exactly_one_of(ptr, at.clone(), owner, &fields, found));
            }
        }
        StateType::Fail => {
            exclusive(ctx, "Error", "ErrorPath");
            exclusive(ctx, "Cause", "CausePath");
        }
        StateType::Parallel if !has("Branches") => {
            ctx.push(m::missing_field(ptr, at.clone(), owner, "Branches"));
        }
        StateType::Map => {
            let found = usize::from(has("ItemProcessor")) + usize::from(has("Iterator"));
            if found != 1 {
                ctx.push(m::exactly_one_of(
                    ptr,
                    at.clone(),
                    owner,
                    &["ItemProcessor", "Iterator"],
                    found,
                ));
            }
            exclusive(ctx, "Parameters", "ItemSelector");
            exclusive(ctx, "MaxConcurrency", "MaxConcurrencyPath");
            exclusive(
                ctx,
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
            );
            exclusive(ctx, "ToleratedFailureCount", "ToleratedFailureCountPath");
        }
        _ => {}
    }
    if matches!(
        ty,
        StateType::Task | StateType::Pass | StateType::Wait | StateType::Parallel | StateType::Map
    ) {
        let end = node.get("End").and_then(Node::as_bool) == Some(true);
        match (node.member("Next"), end) {
            (Some(next), true) => {
                ctx.push(m::next_and_end(&join(ptr, "Next"), next.key_span.clone()))
            }
            (None, false) => ctx.push(m::no_next_nor_end(ptr, at, ty.as_str())),
            _ => {}
        }
    }
}
