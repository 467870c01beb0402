//! Scopes: the machine itself, each Parallel branch and each Map processor. A scope has
//! `StartAt` and `States`; transitions stay inside it, every state should be reachable from
//! `StartAt`, and at least one state must end it.

use std::collections::{HashMap, VecDeque};

use super::ctx::{head, join, Ctx, Lang, Transition};
use super::messages as m;
use super::states::check_state;
use crate::json::Node;

/// Checks the top-level object.
pub(crate) fn check_definition(ctx: &mut Ctx, root: &Node) {
    if !root.is_object() {
        ctx.push(m::not_an_object(
            "",
            head(root),
            "the state machine definition",
            root.type_name(),
        ));
        return;
    }
    for mem in root.members() {
        let p = join("", &mem.key);
        match mem.key.as_str() {
            "QueryLanguage" => match ctx.one_of(&p, mem, &["JSONPath", "JSONata"]).as_deref() {
                Some("JSONata") => ctx.top_lang = Lang::Jsonata,
                _ => ctx.top_lang = Lang::JsonPath,
            },
            "Version" => {
                ctx.string(&p, mem);
            }
            "TimeoutSeconds" => {
                ctx.integer(&p, mem, 1.0, 99_999_999.0, "a positive integer (seconds)");
            }
            _ => {}
        }
    }
    check_scope(
        ctx,
        root,
        "",
        "the state machine",
        &["Version", "TimeoutSeconds", "QueryLanguage"],
    );
}

/// Checks one scope (`StartAt`, `States`, `Comment` plus `extra` keys) and its states.
pub(crate) fn check_scope(ctx: &mut Ctx, node: &Node, ptr: &str, owner: &str, extra: &[&str]) {
    let mut allowed = vec!["StartAt", "States", "Comment"];
    allowed.extend_from_slice(extra);
    ctx.known_keys(node, ptr, owner, &allowed);
    if let Some(c) = node.member("Comment") {
        ctx.string(&join(ptr, "Comment"), c);
    }
    let start = match node.member("StartAt") {
        None => {
            ctx.push(m::missing_field(ptr, head(node), owner, "StartAt"));
            None
        }
        Some(mem) => ctx.string(&join(ptr, "StartAt"), mem).map(|s| Transition {
            target: s.to_string(),
            pointer: join(ptr, "StartAt"),
            span: mem.value.span.clone(),
        }),
    };
    let Some(states) = node.member("States") else {
        ctx.push(m::missing_field(ptr, head(node), owner, "States"));
        return;
    };
    let states_ptr = join(ptr, "States");
    if !ctx.object(&states_ptr, states) {
        return;
    }
    ctx.states_objects.insert(states.value.span.start);
    if states.value.members().is_empty() {
        ctx.push(m::empty_states(&states_ptr, states.value.span.clone()));
        return;
    }

    // Check every state, collecting its outgoing transitions.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut edges: Vec<Vec<Transition>> = Vec::new();
    let mut any_terminal = false;
    for mem in states.value.members() {
        let state_ptr = join(&states_ptr, &mem.key);
        let len = mem.key.chars().count();
        if len == 0 || len > 80 {
            ctx.push(m::invalid_state_name(&state_ptr, mem.key_span.clone(), len));
        }
        if !ctx.state_names.insert(mem.key.clone()) {
            ctx.push(m::duplicate_state(
                &state_ptr,
                mem.key_span.clone(),
                &mem.key,
            ));
        }
        let info = check_state(ctx, &mem.value, &state_ptr);
        any_terminal |= info.terminal;
        if !index.contains_key(mem.key.as_str()) {
            index.insert(&mem.key, edges.len());
            edges.push(info.transitions);
        } else if let Some(&i) = index.get(mem.key.as_str()) {
            edges[i].extend(info.transitions);
        }
    }

    for t in edges.iter().flatten().chain(start.iter()) {
        if !index.contains_key(t.target.as_str()) {
            ctx.missing_target(t);
        }
    }
    if !any_terminal {
        ctx.push(m::no_terminal(&states_ptr, states.key_span.clone()));
    }

    // Reachability from StartAt (only meaningful when StartAt resolves).
    let Some(&first) = start.as_ref().and_then(|s| index.get(s.target.as_str())) else {
        return;
    };
    let mut reached = vec![false; edges.len()];
    let mut queue = VecDeque::from([first]);
    reached[first] = true;
    while let Some(i) = queue.pop_front() {
        for t in &edges[i] {
            if let Some(&j) = index.get(t.target.as_str()) {
                if !reached[j] {
                    reached[j] = true;
                    queue.push_back(j);
                }
            }
        }
    }
    let mut reported = std::collections::HashSet::new();
    for mem in states.value.members() {
        if let Some(&i) = index.get(mem.key.as_str()) {
            if !reached[i] && reported.insert(i) {
                ctx.push(m::unreachable(
                    &join(&states_ptr, &mem.key),
                    mem.key_span.clone(),
                    &mem.key,
                ));
            }
        }
    }
}
