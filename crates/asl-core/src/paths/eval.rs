//! Path evaluation. Definite paths walk one node and borrow it; indefinite paths collect every
//! match and never fail for missing data (AWS: `$.items[*]` on `{}` is `[]`).

use std::fmt::Write as _;

use crate::doc::{Doc, DocMap};

use super::filter;
use super::{compact_json, Path, PathMiss, Scope, Segment, Selector};

pub(super) fn select(path: &Path, start: &Doc, scope: &Scope<'_>) -> Result<Doc, PathMiss> {
    if path.is_definite() {
        definite(path.segments(), start)
    } else {
        Ok(Doc::array(indefinite(path.segments(), start, scope)?))
    }
}

/// Walks a definite path; errors carry Jayway's messages.
pub(super) fn definite(segments: &[Segment], start: &Doc) -> Result<Doc, PathMiss> {
    let mut node = start;
    for (i, segment) in segments.iter().enumerate() {
        let leaf = i + 1 == segments.len();
        match segment {
            Segment::Child(Selector::Name(name)) => match node {
                Doc::Object(map) => match map.get(name) {
                    Some(next) => node = next,
                    None if leaf => return Err(no_results(segments)),
                    None => {
                        return Err(miss(format!(
                            "Missing property in path {}",
                            normalized(&segments[..=i])
                        )))
                    }
                },
                other => return Err(not_an_object(segment, &segments[..i], other)),
            },
            Segment::Child(Selector::Index(index)) => match node {
                Doc::Array(items) => match resolve_index(*index, items.items().len()) {
                    Some(k) => node = &items.items()[k],
                    None => return Err(no_results(segments)),
                },
                Doc::Null => {
                    return Err(miss(format!(
                        "The path {} is null",
                        normalized(&segments[..i])
                    )))
                }
                other => {
                    return Err(miss(format!(
                        "Filter: [{}] can only be applied to arrays. Current context is: {}",
                        index,
                        compact_json(other)
                    )))
                }
            },
            Segment::Child(Selector::Names(names)) if leaf => match node {
                Doc::Object(map) => return Ok(Doc::object(merge(map.members(), names))),
                other => return Err(not_an_object(segment, &segments[..i], other)),
            },
            _ => return Err(multi_not_leaf(&segments[..=i])),
        }
    }
    Ok(node.clone())
}

/// Collects every match of an indefinite path, in Jayway's order.
pub(super) fn indefinite(
    segments: &[Segment],
    start: &Doc,
    scope: &Scope<'_>,
) -> Result<Vec<Doc>, PathMiss> {
    let mut current: Vec<&Doc> = vec![start];
    for (i, segment) in segments.iter().enumerate() {
        let leaf = i + 1 == segments.len();
        let (descendant, selector) = match segment {
            Segment::Child(selector) => (false, selector),
            Segment::Descendant(selector) => (true, selector),
        };
        if let Selector::Names(names) = selector {
            if !leaf {
                return Err(multi_not_leaf(&segments[..=i]));
            }
            // A multi-name leaf merges each object's members into a new object.
            let targets = if descendant {
                containers(&current)
            } else {
                current
            };
            return Ok(targets
                .into_iter()
                .filter_map(|node| match node {
                    Doc::Object(map) => Some(Doc::object(merge(map.members(), names))),
                    _ => None,
                })
                .collect());
        }
        let targets = if descendant {
            containers(&current)
        } else {
            current
        };
        let mut next = Vec::new();
        for node in targets {
            apply(selector, node, scope, &mut next);
        }
        current = next;
    }
    Ok(current.into_iter().cloned().collect())
}

/// Every object and array reachable from `nodes`, each before its children (Jayway's scan
/// order). Iterative, so hostile nesting cannot overflow the stack.
fn containers<'a>(nodes: &[&'a Doc]) -> Vec<&'a Doc> {
    let mut out = Vec::new();
    let mut stack: Vec<&'a Doc> = nodes.iter().rev().copied().collect();
    while let Some(node) = stack.pop() {
        match node {
            Doc::Object(map) => {
                out.push(node);
                stack.extend(map.members().values().rev());
            }
            Doc::Array(items) => {
                out.push(node);
                stack.extend(items.items().iter().rev());
            }
            _ => {}
        }
    }
    out
}

fn apply<'a>(selector: &Selector, node: &'a Doc, scope: &Scope<'_>, out: &mut Vec<&'a Doc>) {
    match selector {
        Selector::Name(name) => {
            if let Some(v) = node.get(name) {
                out.push(v);
            }
        }
        Selector::Names(_) => {}
        Selector::Index(index) => {
            if let Some(items) = node.as_array() {
                if let Some(k) = resolve_index(*index, items.len()) {
                    out.push(&items[k]);
                }
            }
        }
        Selector::Indexes(indexes) => {
            if let Some(items) = node.as_array() {
                for index in indexes {
                    if let Some(k) = resolve_index(*index, items.len()) {
                        out.push(&items[k]);
                    }
                }
            }
        }
        Selector::Slice(from, to) => {
            if let Some(items) = node.as_array() {
                let (from, to) = slice_bounds(*from, *to, items.len());
                out.extend(items[from..to].iter());
            }
        }
        Selector::Wildcard => match node {
            Doc::Object(map) => out.extend(map.members().values()),
            Doc::Array(items) => out.extend(items.items().iter()),
            _ => {}
        },
        Selector::Filter(expr) => match node {
            Doc::Array(items) => out.extend(
                items
                    .items()
                    .iter()
                    .filter(|item| filter::matches(expr, item, scope)),
            ),
            // Jayway applies a filter on an object to the object itself.
            Doc::Object(_) if filter::matches(expr, node, scope) => out.push(node),
            _ => {}
        },
    }
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let k = if index < 0 { len + index } else { index };
    if (0..len).contains(&k) {
        usize::try_from(k).ok()
    } else {
        None
    }
}

fn slice_bounds(from: Option<i64>, to: Option<i64>, len: usize) -> (usize, usize) {
    let n = i64::try_from(len).unwrap_or(i64::MAX);
    let clamp = |i: i64| -> i64 {
        let i = if i < 0 { n.saturating_add(i) } else { i };
        i.clamp(0, n)
    };
    let from = clamp(from.unwrap_or(0));
    let to = clamp(to.unwrap_or(n));
    let from = usize::try_from(from).unwrap_or(0);
    let to = usize::try_from(to).unwrap_or(0);
    (from.min(to), to)
}

fn merge(map: &DocMap, names: &[String]) -> DocMap {
    names
        .iter()
        .filter_map(|name| map.get_key_value(name.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn miss(message: String) -> PathMiss {
    PathMiss { message }
}

fn no_results(segments: &[Segment]) -> PathMiss {
    miss(format!("No results for path: {}", normalized(segments)))
}

fn multi_not_leaf(prefix: &[Segment]) -> PathMiss {
    miss(format!(
        "Multi properties can only be used as path leafs: {}",
        normalized(prefix)
    ))
}

/// Jayway's message for a property read on something that is not an object. The Java class
/// names are those of Jayway's default (json-smart) provider.
fn not_an_object(segment: &Segment, prefix: &[Segment], found: &Doc) -> PathMiss {
    let class = match found {
        Doc::Null => "null",
        Doc::Bool(_) => "java.lang.Boolean",
        Doc::Number(n) if n.is_i64() || n.is_u64() => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => "java.lang.Integer",
            _ => "java.lang.Long",
        },
        Doc::Number(_) => "java.lang.Double",
        Doc::String(_) => "java.lang.String",
        Doc::Array(_) => "net.minidev.json.JSONArray",
        Doc::Object(_) => "net.minidev.json.JSONObject",
    };
    let mut fragment = String::new();
    write_segment(&mut fragment, segment);
    miss(format!(
        "Expected to find an object with property {} in path {} but found '{}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
        fragment,
        normalized(prefix),
        class
    ))
}

/// Jayway's normalized form of a path prefix, e.g. `$['a'][0]`.
fn normalized(segments: &[Segment]) -> String {
    let mut out = String::from("$");
    for segment in segments {
        write_segment(&mut out, segment);
    }
    out
}

fn write_segment(out: &mut String, segment: &Segment) {
    let selector = match segment {
        Segment::Child(s) => s,
        Segment::Descendant(s) => {
            out.push_str("..");
            s
        }
    };
    match selector {
        Selector::Name(name) => {
            let _ = write!(out, "['{name}']");
        }
        Selector::Names(names) => {
            let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            let _ = write!(out, "[{}]", quoted.join(", "));
        }
        Selector::Index(i) => {
            let _ = write!(out, "[{i}]");
        }
        Selector::Indexes(list) => {
            let list: Vec<String> = list.iter().map(i64::to_string).collect();
            let _ = write!(out, "[{}]", list.join(","));
        }
        Selector::Slice(from, to) => {
            let from = from.map(|i| i.to_string()).unwrap_or_default();
            let to = to.map(|i| i.to_string()).unwrap_or_default();
            let _ = write!(out, "[{from}:{to}]");
        }
        Selector::Wildcard => out.push_str("[*]"),
        Selector::Filter(_) => out.push_str("[?]"),
    }
}
