//! Every recorded definition draws: one node per state (nested ones included), unique
//! generated ids, and a Mermaid text whose every edge endpoint is a declared node.

mod common;

use std::collections::HashSet;

use asl_core::graph::mermaid;
use serde_json::Value;

/// Counts the states of a definition, nested scopes included.
fn count_states(scope: &Value) -> usize {
    let Some(states) = scope.get("States").and_then(Value::as_object) else {
        return 0;
    };
    states
        .values()
        .map(|s| {
            let branches: usize = s
                .get("Branches")
                .and_then(Value::as_array)
                .map(|b| b.iter().map(count_states).sum())
                .unwrap_or(0);
            let processor = s
                .get("ItemProcessor")
                .or_else(|| s.get("Iterator"))
                .map(count_states)
                .unwrap_or(0);
            1 + branches + processor
        })
        .sum()
}

#[test]
fn recorded_definitions_draw() {
    let dir = common::files::conformance_dir().join("cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: no conformance cases at {}", dir.display());
        return;
    };
    let mut drawn = 0;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path().join("definition.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let def: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let m = mermaid(&def);
        assert_eq!(m.nodes.len(), count_states(&def), "{}", path.display());
        let ids: HashSet<&str> = m.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids.len(),
            m.nodes.len(),
            "duplicate ids in {}",
            path.display()
        );
        for line in m
            .text
            .lines()
            .filter(|l| l.contains("-->") || l.contains("-.->"))
        {
            let words: Vec<&str> = line.split_whitespace().collect();
            let (from, to) = (words[0], words[words.len() - 1]);
            for end in [from, to] {
                assert!(
                    ids.contains(end) || end == "start0" || end == "stop0",
                    "{}: edge endpoint {end} is not a state node",
                    path.display()
                );
            }
        }
        drawn += 1;
    }
    println!("drew {drawn} recorded definitions");
    assert!(drawn > 0);
}
