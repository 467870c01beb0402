//! Label text: escaping for Mermaid, Task resource short names, Wait durations and short
//! Choice condition labels.

use serde_json::Value;

use crate::state_type::StateType;

/// Longest second line of a node (Task resource, Wait duration) before it is cut with `…`.
const MAX_LABEL: usize = 48;
/// Longest edge label (Choice condition, Catch errors) before it is cut with `…`: the full
/// text is the edge's tooltip.
pub(crate) const MAX_EDGE_LABEL: usize = 40;

/// Escapes text for a double-quoted Mermaid label: every character outside
/// `[A-Za-z0-9 _.-]` becomes an entity code `#<decimal>;`, so quotes, brackets, `#`, `;`,
/// HTML, `%%{init}%%` and keywords like `end` cannot reach Mermaid's parser. `:` is encoded
/// too: Mermaid's pre-parse (`encodeEntities`) drops the last `;` of any line matching
/// `style.*:\S*#.*;`, which would break a code after a label like `style: a#b`.
///
/// Mermaid 11 turns the codes back into characters in node labels only; in edge labels and
/// subgraph titles it shows them as `&#36;`, and the page decodes those after rendering
/// (www/src/diagram.js). As `&` and `#` are always encoded, every `&#N;` there is one of
/// these codes.
pub fn escape_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-') {
            out.push(c);
        } else {
            out.push_str(&format!("#{};", c as u32));
        }
    }
    out
}

/// Cuts `s` to [`MAX_LABEL`] characters.
pub(crate) fn truncate(s: &str) -> String {
    truncate_to(s, MAX_LABEL)
}

/// Cuts `s` to `max` characters, the last being `…` when it was longer.
pub(crate) fn truncate_to(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The second line of a state's label.
pub(crate) fn detail(state_type: Option<StateType>, state: &Value) -> Option<String> {
    let text = match state_type? {
        StateType::Task => resource_short_name(state.get("Resource")?.as_str()?),
        StateType::Wait => wait_duration(state)?,
        _ => return None,
    };
    Some(truncate(&text))
}

/// `arn:aws:states:::sagemaker:createTrainingJob.sync` → `sagemaker:createTrainingJob.sync`,
/// `arn:aws:lambda:…:function:Name` → `lambda:Name`.
pub(crate) fn resource_short_name(resource: &str) -> String {
    let parts: Vec<&str> = resource.splitn(7, ':').collect();
    match (parts.get(2), parts.get(5), parts.get(6)) {
        (Some(&"states"), Some(&"activity"), Some(name)) => format!("activity:{name}"),
        (Some(&"states"), Some(service), Some(api)) => format!("{service}:{api}"),
        (Some(&"lambda"), Some(&"function"), Some(name)) => {
            format!("lambda:{}", name.split(':').next().unwrap_or(name))
        }
        _ => resource.to_string(),
    }
}

fn wait_duration(state: &Value) -> Option<String> {
    if let Some(s) = state.get("Seconds") {
        return Some(match s {
            Value::Number(n) => format!("Wait {n}s"),
            Value::String(e) => format!("Wait {}", jsonata_body(e)),
            other => format!("Wait {other}"),
        });
    }
    if let Some(t) = state.get("Timestamp").and_then(Value::as_str) {
        return Some(format!("Wait until {}", jsonata_body(t)));
    }
    if let Some(p) = state.get("SecondsPath").and_then(Value::as_str) {
        return Some(format!("Wait {p}"));
    }
    state
        .get("TimestampPath")
        .and_then(Value::as_str)
        .map(|p| format!("Wait until {p}"))
}

/// The text inside `{% … %}`, trimmed (or the string itself).
fn jsonata_body(s: &str) -> &str {
    s.strip_prefix("{%")
        .and_then(|s| s.strip_suffix("%}"))
        .map(str::trim)
        .unwrap_or(s)
}

/// A compact form of a Choice rule: `$.x > 3`, `$.ok == true and $.n < 2`, a JSONata
/// condition's expression (the edge shows it cut to [`MAX_EDGE_LABEL`]).
pub(crate) fn condition(rule: &Value) -> String {
    describe(rule, 0)
}

fn describe(rule: &Value, depth: usize) -> String {
    if depth > 4 {
        return "…".into();
    }
    if let Some(c) = rule.get("Condition") {
        return match c {
            Value::String(s) => jsonata_body(s).to_string(),
            other => other.to_string(),
        };
    }
    for (op, joiner) in [("And", " and "), ("Or", " or ")] {
        if let Some(rules) = rule.get(op).and_then(Value::as_array) {
            let parts: Vec<String> = rules.iter().map(|r| describe(r, depth + 1)).collect();
            return if depth == 0 {
                parts.join(joiner)
            } else {
                format!("({})", parts.join(joiner))
            };
        }
    }
    if let Some(inner) = rule.get("Not") {
        return format!("not {}", describe(inner, depth + 1));
    }
    let var = rule.get("Variable").and_then(Value::as_str).unwrap_or("?");
    let Some((op, value)) = rule.as_object().and_then(|o| {
        o.iter()
            .find(|(k, _)| !matches!(k.as_str(), "Variable" | "Next" | "Comment" | "Assign"))
    }) else {
        return var.to_string();
    };
    let op_name = op.strip_suffix("Path").unwrap_or(op);
    let value_text = match value {
        Value::String(s) if !op.ends_with("Path") => format!("\"{s}\""),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(test) = op_name.strip_prefix("Is") {
        let test = test.to_lowercase();
        let not = if value == &Value::Bool(false) {
            "not "
        } else {
            ""
        };
        return format!("{var} is {not}{test}");
    }
    let symbol = [
        ("GreaterThanEquals", ">="),
        ("LessThanEquals", "<="),
        ("GreaterThan", ">"),
        ("LessThan", "<"),
        ("Equals", "=="),
        ("Matches", "matches"),
    ]
    .iter()
    .find(|(suffix, _)| op_name.ends_with(suffix))
    .map(|(_, s)| *s)
    .unwrap_or(op_name);
    format!("{var} {symbol} {value_text}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escaping() {
        assert_eq!(escape_label("a-b_c.d e 9"), "a-b_c.d e 9");
        assert_eq!(
            escape_label("\"x\"<y>#;&"),
            "#34;x#34;#60;y#62;#35;#59;#38;"
        );
        assert_eq!(escape_label("style: a"), "style#58; a");
        assert_eq!(escape_label("é😀"), "#233;#128512;");
    }

    #[test]
    fn resource_names() {
        let cases = [
            (
                "arn:aws:states:::sagemaker:createTrainingJob.sync",
                "sagemaker:createTrainingJob.sync",
            ),
            ("arn:aws:states:::lambda:invoke", "lambda:invoke"),
            (
                "arn:aws:states:::aws-sdk:s3:listBuckets",
                "aws-sdk:s3:listBuckets",
            ),
            (
                "arn:aws:lambda:us-east-1:123456789012:function:Fn:prod",
                "lambda:Fn",
            ),
            (
                "arn:aws:states:us-east-1:123456789012:activity:Act",
                "activity:Act",
            ),
            ("weird", "weird"),
        ];
        for (arn, short) in cases {
            assert_eq!(resource_short_name(arn), short);
        }
    }

    #[test]
    fn conditions() {
        let cases = [
            (
                json!({"Variable": "$.n", "NumericGreaterThan": 3}),
                "$.n > 3",
            ),
            (
                json!({"Variable": "$.s", "StringEquals": "ok"}),
                "$.s == \"ok\"",
            ),
            (
                json!({"Variable": "$.a", "NumericLessThanEqualsPath": "$.b"}),
                "$.a <= $.b",
            ),
            (
                json!({"Variable": "$.a", "IsPresent": false}),
                "$.a is not present",
            ),
            (
                json!({"And": [{"Variable": "$.a", "BooleanEquals": true}, {"Not": {"Variable": "$.b", "IsNull": true}}]}),
                "$.a == true and not $.b is null",
            ),
            (
                json!({"Condition": "{% $states.input.n > 1 %}"}),
                "$states.input.n > 1",
            ),
        ];
        for (rule, label) in cases {
            assert_eq!(condition(&rule), label);
        }
    }
}
