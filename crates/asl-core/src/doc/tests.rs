//! Unit tests of `Doc`: serialization and sizes match `serde_json`, sharing and
//! copy-on-write behave as documented.

use serde_json::{json, Value};

use super::Doc;

/// Whether (independently of `Doc`'s cached measure) arrays and objects in `value` nest more than `limit` levels (a scalar is level 0).
/// Iterative, so any depth is safe to measure.
fn too_deep(value: &Value, limit: usize) -> bool {
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if depth >= limit {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
}

fn samples() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-7),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1.5),
        json!(-0.0),
        json!(1e300),
        json!(0.1),
        json!(""),
        json!("plain"),
        json!("quote \" backslash \\ newline \n tab \t bell \u{7} del \u{7f} é 😀 \u{2028}"),
        json!([]),
        json!({}),
        json!([1, [2, [3, {}]], {"a": {"b": [null, "x"]}}]),
        json!({"z": 1, "a": 2, "k\"ey": 1, "second": [true, false], "": ""}),
    ]
}

#[test]
fn serializes_and_measures_like_serde_json() {
    for value in samples() {
        let text = serde_json::to_string(&value).unwrap_or_default();
        let doc = Doc::from(&value);
        assert_eq!(doc.to_json_string(), text);
        assert_eq!(doc.json_size(), text.len(), "{text}");
        // Measured twice: the second answer comes from the cache.
        assert_eq!(doc.json_size(), text.len(), "{text}");
        assert_eq!(doc.to_value(), value);
        assert_eq!(doc.nesting() > 1, too_deep(&value, 1), "{text}");
        assert!(doc == value);
        assert_eq!(doc, Doc::from(value.clone()));
    }
}

#[test]
fn clone_shares_and_edit_copies_only_the_spine() {
    let original = Doc::from(json!({"big": {"records": [1, 2, 3]}, "other": {"x": "y"}}));
    let mut edited = original.clone();
    assert!(edited.ptr_eq(&original));
    let before = original.json_size();
    edited
        .as_object_mut()
        .and_then(|m| m.get_mut("big"))
        .and_then(Doc::as_object_mut)
        .map(|m| m.insert("added".into(), Doc::from(true)));
    // The original is unchanged, with its cached size.
    assert_eq!(
        original.to_value(),
        json!({"big": {"records": [1, 2, 3]}, "other": {"x": "y"}})
    );
    assert_eq!(original.json_size(), before);
    // The edited copy is measured afresh.
    let expected = json!({"big": {"records": [1, 2, 3], "added": true}, "other": {"x": "y"}});
    assert_eq!(edited.to_value(), expected);
    assert_eq!(edited.json_size(), expected.to_string().len());
    // Untouched subtrees are still shared.
    let (Some(a), Some(b)) = (original.get("other"), edited.get("other")) else {
        panic!("members missing");
    };
    assert!(a.ptr_eq(b));
    let (Some(a), Some(b)) = (
        original.get("big").and_then(|d| d.get("records")),
        edited.get("big").and_then(|d| d.get("records")),
    ) else {
        panic!("members missing");
    };
    assert!(a.ptr_eq(b));
}

#[test]
fn measures_deep_nesting_without_recursion() {
    let mut doc = Doc::Null;
    for _ in 0..100_000 {
        doc = Doc::array(vec![doc]);
    }
    assert_eq!(doc.json_size(), 4 + 2 * 100_000);
    assert_eq!(doc.nesting(), 100_000);
    // Unwind iteratively so the test's own drop does not overflow the stack.
    while let Doc::Array(a) = doc {
        doc = match std::rc::Rc::try_unwrap(a) {
            Ok(mut a) => a.items.pop().unwrap_or_default(),
            Err(_) => Doc::Null,
        };
    }
}

proptest::proptest! {
    #[test]
    fn matches_serde_json_on_random_values(
        strings in proptest::collection::vec(".*", 0..6),
        ints in proptest::collection::vec(proptest::num::i64::ANY, 0..6),
        floats in proptest::collection::vec(proptest::num::f64::NORMAL, 0..6),
    ) {
        let v = json!({"s": strings, "i": ints, "f": floats, "nested": {"k": strings.first()}});
        let text = serde_json::to_string(&v).unwrap_or_default();
        let doc = Doc::from(&v);
        proptest::prop_assert_eq!(doc.json_size(), text.len());
        proptest::prop_assert_eq!(doc.to_json_string(), text);
    }
}

#[test]
fn new_containers_over_measured_children_measure_like_serde_json() {
    let child = Doc::from(json!({"records": [1, "two", {"3": null}], "s": "q\"uote"}));
    let _ = child.json_size();
    let mut members = super::DocMap::default();
    members.insert("a\nb".into(), child.clone());
    members.insert("n".into(), Doc::from(-12i64));
    let parent = Doc::object(members);
    let list = Doc::array(vec![parent.clone(), child, Doc::Null]);
    for doc in [&parent, &list] {
        let text = doc.to_json_string();
        assert_eq!(doc.json_size(), text.len(), "{text}");
    }
    assert_eq!(parent.nesting(), 4);
    assert_eq!(list.nesting(), 5);
}

#[test]
fn lookups_find_members_in_small_and_large_objects() {
    for n in [1usize, 8, 9, 40] {
        let members: super::DocMap = (0..n)
            .map(|i| {
                (
                    std::rc::Rc::from(format!("k{i}").as_str()),
                    Doc::from(i as u64),
                )
            })
            .collect();
        let doc = Doc::object(members);
        for i in 0..n {
            assert_eq!(
                doc.get(&format!("k{i}")).and_then(Doc::as_u64),
                Some(i as u64)
            );
        }
        assert!(doc.get("missing").is_none());
    }
}
