//! Graph and Mermaid properties: generated ids, escaped labels, nested scopes, edges, and
//! robustness on values that are not valid definitions.

use asl_core::graph::{build, mermaid, EdgeKind};
use serde_json::{json, Value};

/// Every quoted label in the Mermaid text uses only safe characters and entity codes.
fn assert_labels_safe(text: &str) {
    for (i, part) in text.split('"').enumerate() {
        if i % 2 == 1 {
            let unescaped = part.replace("<br/>", "");
            assert!(
                unescaped
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _.-#;".contains(c)),
                "unsafe label {part:?}"
            );
        }
    }
}

#[test]
fn ids_are_generated_and_labels_escaped() {
    let names = [
        "end",
        "say \"hi\"",
        "a;b",
        "<b>x</b>",
        "%%{init}%%",
        "click",
        "😀",
        "graph TD",
    ];
    let mut states = serde_json::Map::new();
    for (i, n) in names.iter().enumerate() {
        let next = names.get(i + 1);
        let state = match next {
            Some(next) => json!({"Type": "Pass", "Next": next}),
            None => json!({"Type": "Succeed"}),
        };
        states.insert(n.to_string(), state);
    }
    let m = mermaid(&json!({"StartAt": "end", "States": states}));
    assert_labels_safe(&m.text);
    let ids: Vec<&str> = m.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"]);
    assert!(m.text.contains("    s0(\"end\")\n"));
    assert!(m.text.contains("    s1(\"say #34;hi#34;\")\n"));
    assert!(m.text.contains("start0 --> s0\n"));
    assert!(m.text.contains("s7 --> stop0\n"));
    for line in m.text.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        assert!(
            !names.contains(&first),
            "a state name used as a token: {line}"
        );
    }
}

#[test]
fn nested_scopes_have_node_refs_and_subgraphs() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}}}}},
        {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 3, "End": true}}}
    ]}}});
    let m = mermaid(&def);
    let refs: Vec<(&str, &str)> = m
        .nodes
        .iter()
        .map(|n| (n.state.as_str(), n.id.as_str()))
        .collect();
    assert_eq!(
        refs,
        [("P", "s0"), ("M", "s1"), ("Inner", "s2"), ("B", "s3")]
    );
    for expected in [
        "subgraph s0 [\"P #40;Parallel#41;\"]",
        "subgraph s0_b0 [\"Branch 1\"]",
        "subgraph s0_b1 [\"Branch 2\"]",
        "subgraph s1 [\"M #40;Map#41;\"]",
        "s2(\"Inner\")",
        "s3(\"B<br/>Wait 3s\")",
        "s0 --> stop0",
    ] {
        assert!(
            m.text.contains(expected),
            "missing {expected:?} in\n{}",
            m.text
        );
    }
    // Only top-level states connect to the End circle.
    assert!(!m.text.contains("s2 --> stop0"));
}

#[test]
fn edges_cover_choice_default_and_catch() {
    let def = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:Fn", "Next": "C",
              "Catch": [{"ErrorEquals": ["A.Err", "B.Err"], "Next": "F"}]},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "T"}], "Default": "S"},
        "S": {"Type": "Succeed"}, "F": {"Type": "Fail"}}});
    let g = build(&def);
    let kinds: Vec<(String, EdgeKind)> = g
        .root
        .states
        .iter()
        .flat_map(|s| {
            s.edges
                .iter()
                .map(|e| (format!("{}->{}", s.name, e.target), e.kind.clone()))
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("T->C".to_string(), EdgeKind::Next),
            ("T->F".to_string(), EdgeKind::Catch("A.Err, B.Err".into())),
            ("C->T".to_string(), EdgeKind::Choice("$.n < 3".into())),
            ("C->S".to_string(), EdgeKind::Default),
        ]
    );
    let m = mermaid(&def);
    assert!(m.text.contains("s0[\"T<br/>lambda#58;Fn\"]"));
    assert!(m.text.contains("s1{\"C\"}"));
    assert!(m.text.contains("s2([\"S\"])"));
    assert!(m.text.contains("s3(((\"F\")))"));
    assert!(m.text.contains("s0 e0@-.->|\"A.Err#44; B.Err\"| s3"));
    assert!(m.text.contains("s1 e1@-->|\"#36;.n #60; 3\"| s0"));
    assert!(m.text.contains("s1 e2@-->|\"Default\"| s2"));
    let labels: Vec<(&str, &str)> = m
        .edges
        .iter()
        .map(|e| (e.id.as_str(), e.label.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            ("L_s0_s1_0", ""),
            ("e0", "A.Err, B.Err"),
            ("e1", "$.n < 3"),
            ("e2", "Default")
        ]
    );
    // Each edge names the transition it draws, as coverage reports name transitions.
    let transitions: Vec<(&str, &str, &str, usize)> = m
        .edges
        .iter()
        .map(|e| (e.from.as_str(), e.kind, e.to.as_str(), e.index))
        .collect();
    assert_eq!(
        transitions,
        [
            ("T", "Next", "C", 0),
            ("T", "Catch", "F", 0),
            ("C", "Choice", "T", 0),
            ("C", "Default", "S", 0)
        ]
    );
    for class in asl_core::graph::STATUS_CLASSES {
        assert_eq!(
            m.text.matches(&format!("classDef {class} ")).count(),
            1,
            "{class}"
        );
    }
}

/// Two unlabelled edges between the same nodes get Mermaid's own ids (`_0`, then `_2`: it
/// counts the edges before plus one), and rules past a dangling one keep their index.
#[test]
fn edge_ids_and_indexes_follow_mermaid_and_the_definition() {
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Variable": "$.a", "IsPresent": true, "Next": "missing"},
            {"Variable": "$.b", "IsPresent": true, "Next": "T"}], "Default": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:Fn", "Next": "S",
              "Catch": [{"ErrorEquals": ["X"], "Next": "S"}, {"ErrorEquals": ["Y"], "Next": "S"}]},
        "S": {"Type": "Succeed"}}});
    let m = mermaid(&def);
    let got: Vec<(&str, &str, usize)> = m
        .edges
        .iter()
        .map(|e| (e.id.as_str(), e.kind, e.index))
        .collect();
    assert_eq!(
        got,
        [
            ("e0", "Choice", 1),
            ("e1", "Default", 0),
            ("L_s1_s2_0", "Next", 0),
            ("e2", "Catch", 0),
            ("e3", "Catch", 1)
        ]
    );
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "S"}, "S": {"Type": "Succeed"}}});
    assert_eq!(mermaid(&def).edges[0].id, "L_s0_s1_0");
}

#[test]
fn hostile_values_never_panic() {
    let mut deep = json!({"StartAt": "X", "States": {"X": {"Type": "Succeed"}}});
    for _ in 0..100 {
        deep = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [deep]}}});
    }
    let cases: Vec<Value> = vec![
        json!(null),
        json!([1, 2]),
        json!({"States": []}),
        json!({"StartAt": 5, "States": {"A": 1, "B": {"Type": 7, "Next": ["x"]}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "missing"}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": "nope"}}}),
        json!({"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [1, {"Next": 3}, {"And": "x", "Next": "A"}]}}}),
        deep,
    ];
    for case in cases {
        let m = mermaid(&case);
        assert!(m.text.starts_with("flowchart TD\n"));
        assert_labels_safe(&m.text);
    }
}

#[test]
fn long_edge_labels_are_cut_and_kept_whole_in_the_edge_list() {
    let rule = json!({"And": [
        {"Variable": "$.validation.valid", "BooleanEquals": true},
        {"Variable": "$.validation.total", "NumericGreaterThan": 0}
    ], "Next": "S"});
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [rule], "Default": "S"},
        "S": {"Type": "Succeed"}}});
    let m = mermaid(&def);
    let full = "$.validation.valid == true and $.validation.total > 0";
    assert_eq!(m.edges[0].label, full);
    assert_eq!((m.edges[0].kind, m.edges[0].index), ("Choice", 0));
    let shown: String = full.chars().take(39).collect::<String>() + "…";
    assert!(
        m.text.contains(&format!(
            "s0 e0@-->|\"{}\"| s1",
            asl_core::graph::escape_label(&shown)
        )),
        "{}",
        m.text
    );
}
