//! The text shown for a failed expectation: both values pretty-printed and a line diff
//! (longest common subsequence of lines; `-` expected, `+` actual).

use serde_json::Value;

/// Above this many line pairs the diff lists both sides whole instead of aligning them
/// (the alignment table is lines × lines).
const MAX_CELLS: usize = 4_000_000;

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A line diff of `expected` and `actual`, each line prefixed by `- `, `+ ` or two spaces.
pub fn diff(expected: &Value, actual: &Value) -> String {
    let (a, b) = (pretty(expected), pretty(actual));
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let mut out = String::new();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        for line in &a {
            out.push_str(&format!("- {line}\n"));
        }
        for line in &b {
            out.push_str(&format!("+ {line}\n"));
        }
        return out;
    }
    // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if i < a.len()
            && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
        {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn marks_the_changed_lines_only() {
        let d = diff(&json!({"a": 1, "b": 2}), &json!({"a": 1, "b": 3}));
        assert_eq!(d, "  {\n    \"a\": 1,\n-   \"b\": 2\n+   \"b\": 3\n  }\n");
    }
}
