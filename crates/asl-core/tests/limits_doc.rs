//! docs/limits.md cannot drift from the constants: every `pub const` of `limits.rs` and the
//! share-link caps of `share.rs` has a row naming it in "Where enforced", and that row's
//! "Value" shows the constant's value (as digits, with or without thousands separators, or in
//! KiB/MiB). A constant added without a row, or a row left behind by a changed value, fails.

use asl_core::{limits, share};

const DOC: &str = include_str!("../../../docs/limits.md");
const LIMITS_RS: &str = include_str!("../src/limits.rs");

/// Every constant the table must show, as (the name the table uses, value).
fn constants() -> Vec<(&'static str, u128)> {
    vec![
        (
            "limits::MAX_DEFINITION_BYTES",
            limits::MAX_DEFINITION_BYTES as u128,
        ),
        (
            "limits::MAX_PAYLOAD_BYTES",
            limits::MAX_PAYLOAD_BYTES as u128,
        ),
        (
            "limits::MAX_HISTORY_EVENTS",
            limits::MAX_HISTORY_EVENTS as u128,
        ),
        (
            "limits::MAX_HISTORY_DOCUMENT_BYTES",
            limits::MAX_HISTORY_DOCUMENT_BYTES as u128,
        ),
        ("limits::MAX_JSON_DEPTH", limits::MAX_JSON_DEPTH as u128),
        (
            "limits::MAX_DOCUMENT_DEPTH",
            limits::MAX_DOCUMENT_DEPTH as u128,
        ),
        (
            "limits::MAX_STATE_NESTING",
            limits::MAX_STATE_NESTING as u128,
        ),
        (
            "limits::MAX_GRAPH_SCOPE_DEPTH",
            limits::MAX_GRAPH_SCOPE_DEPTH as u128,
        ),
        (
            "limits::MAX_TEMPLATE_DEPTH",
            limits::MAX_TEMPLATE_DEPTH as u128,
        ),
        (
            "limits::MAX_CHOICE_RULE_DEPTH",
            limits::MAX_CHOICE_RULE_DEPTH as u128,
        ),
        ("limits::MAX_FILTER_DEPTH", limits::MAX_FILTER_DEPTH as u128),
        (
            "limits::MAX_INTRINSIC_NESTING",
            limits::MAX_INTRINSIC_NESTING as u128,
        ),
        (
            "limits::MAX_ARRAY_RANGE_ITEMS",
            limits::MAX_ARRAY_RANGE_ITEMS as u128,
        ),
        (
            "limits::MAX_INTRINSIC_TEXT_CHARS",
            limits::MAX_INTRINSIC_TEXT_CHARS as u128,
        ),
        (
            "limits::MAX_JSONATA_DEPTH",
            limits::MAX_JSONATA_DEPTH as u128,
        ),
        (
            "limits::MAX_JSONATA_CALLS",
            limits::MAX_JSONATA_CALLS as u128,
        ),
        (
            "limits::MAX_JSONATA_SEQUENCE_LENGTH",
            limits::MAX_JSONATA_SEQUENCE_LENGTH as u128,
        ),
        (
            "limits::MAX_JSONATA_ARGUMENT_SIZE",
            limits::MAX_JSONATA_ARGUMENT_SIZE as u128,
        ),
        (
            "limits::MAX_JSONATA_RANGE_ITEMS",
            limits::MAX_JSONATA_RANGE_ITEMS as u128,
        ),
        (
            "limits::MAX_JSONATA_BRACKET_DEPTH",
            limits::MAX_JSONATA_BRACKET_DEPTH as u128,
        ),
        (
            "limits::MAX_S3_OBJECT_BYTES",
            limits::MAX_S3_OBJECT_BYTES as u128,
        ),
        (
            "limits::MAX_MAP_RUN_EVENTS",
            limits::MAX_MAP_RUN_EVENTS as u128,
        ),
        ("share::MAX_DECODED_BYTES", share::MAX_DECODED_BYTES as u128),
        ("share::MAX_ENCODED_CHARS", share::MAX_ENCODED_CHARS as u128),
        (
            "share::MAX_EXAMPLE_ID_CHARS",
            share::MAX_EXAMPLE_ID_CHARS as u128,
        ),
    ]
}

/// The ways the table may write `value`.
fn spellings(value: u128) -> Vec<String> {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let mut out = vec![digits, grouped];
    for (unit, size) in [("MiB", 1u128 << 20), ("KiB", 1 << 10)] {
        if value >= size && value.is_multiple_of(size) {
            out.push(format!("{} {unit}", value / size));
        }
    }
    out
}

/// The table's rows as cells (header and separator left out).
fn rows() -> Vec<Vec<&'static str>> {
    DOC.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---") && !l.starts_with("| Limit |"))
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect()
}

/// True when `text` holds `word` not as part of a longer number (so "25,000" is not found
/// in "125,000" and "4 MiB" not in "64 MiB").
fn has_number(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && !after.is_some_and(|c| {
                c.is_ascii_digit()
                    || (c == ','
                        && text[at + word.len() + 1..].starts_with(|d: char| d.is_ascii_digit()))
            })
    })
}

#[test]
fn every_constant_of_limits_rs_is_checked_here() {
    let declared: Vec<&str> = LIMITS_RS
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert!(declared.len() >= 20, "{declared:?}");
    let checked: Vec<&str> = constants().iter().map(|(n, _)| *n).collect();
    for name in declared {
        assert!(
            checked.contains(&format!("limits::{name}").as_str()),
            "limits::{name} is not in limits_doc.rs (and so maybe not in docs/limits.md)"
        );
    }
}

#[test]
fn docs_limits_md_shows_every_constant_with_its_value() {
    let rows = rows();
    assert!(rows.len() >= 25, "{} rows", rows.len());
    let mut problems = Vec::new();
    for (name, value) in constants() {
        let quoted = format!("`{name}`");
        let matching: Vec<&Vec<&str>> = rows
            .iter()
            .filter(|cells| cells.len() == 5 && cells[3].contains(&quoted))
            .collect();
        if matching.is_empty() {
            problems.push(format!("no row names {quoted} in 'Where enforced'"));
        }
        for cells in matching {
            if !spellings(value).iter().any(|s| has_number(cells[1], s)) {
                problems.push(format!(
                    "row '{}' gives '{}' but {name} is {value} ({:?})",
                    cells[0],
                    cells[1],
                    spellings(value)
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "docs/limits.md drifted:\n{}",
        problems.join("\n")
    );
}
