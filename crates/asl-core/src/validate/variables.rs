//! Workflow variables read but never assigned: every `$name` read in a JSONPath path or a
//! JSONata expression is compared with the names of every `Assign` in the definition.
//!
//! AWS documents no such check, so the finding is a warning. Scopes are ignored (a name
//! assigned anywhere counts), so the check never flags a read that could succeed.

use std::collections::HashSet;

use super::ctx::{join, Ctx};
use super::messages as m;
use crate::json::{Node, NodeKind};

/// JSONata's built-in functions: `$string` passed as a value is not a variable.
const BUILTINS: &[&str] = &[
    "string",
    "length",
    "substring",
    "substringBefore",
    "substringAfter",
    "uppercase",
    "lowercase",
    "trim",
    "pad",
    "contains",
    "split",
    "join",
    "match",
    "replace",
    "eval",
    "base64encode",
    "base64decode",
    "encodeUrlComponent",
    "encodeUrl",
    "decodeUrlComponent",
    "decodeUrl",
    "number",
    "abs",
    "floor",
    "ceil",
    "round",
    "power",
    "sqrt",
    "random",
    "formatNumber",
    "formatBase",
    "formatInteger",
    "parseInteger",
    "sum",
    "max",
    "min",
    "average",
    "boolean",
    "not",
    "exists",
    "count",
    "append",
    "sort",
    "reverse",
    "shuffle",
    "distinct",
    "zip",
    "keys",
    "lookup",
    "spread",
    "merge",
    "sift",
    "each",
    "error",
    "assert",
    "type",
    "map",
    "filter",
    "single",
    "reduce",
    "now",
    "millis",
    "fromMillis",
    "toMillis",
    "partition",
    "range",
    "hash",
    "uuid",
    "parse",
    "states",
];

/// Fields whose string value is a JSONPath path in JSONPath states.
fn is_path_field(key: &str) -> bool {
    key.ends_with(".$") || key.ends_with("Path") || key == "Variable"
}

/// Adds a warning for each variable read that no `Assign` sets.
pub(crate) fn check_references(ctx: &mut Ctx, root: &Node) {
    let mut assigned = HashSet::new();
    collect_assigned(root, &mut assigned);
    let mut reads = Vec::new();
    collect_reads(root, "", None, &mut reads);
    for (pointer, span, name) in reads {
        if !assigned.contains(&name) {
            ctx.push(m::unassigned_variable(&pointer, span, &name));
        }
    }
}

/// Names (without `.$`) of every member of every `Assign` object. Iterative: the tree can
/// be as deep as the JSON parser allows.
fn collect_assigned(root: &Node, out: &mut HashSet<String>) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.kind {
            NodeKind::Object(members) => {
                for member in members {
                    if member.key == "Assign" {
                        if let NodeKind::Object(vars) = &member.value.kind {
                            for var in vars {
                                let name = var.key.strip_suffix(".$").unwrap_or(&var.key);
                                out.insert(name.to_string());
                            }
                        }
                    }
                    stack.push(&member.value);
                }
            }
            NodeKind::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

type Read = (String, std::ops::Range<usize>, String);

fn collect_reads(root: &Node, pointer: &str, key: Option<&str>, out: &mut Vec<Read>) {
    let mut stack = vec![(root, pointer.to_string(), key.map(str::to_string))];
    while let Some((node, ptr, key)) = stack.pop() {
        match &node.kind {
            NodeKind::String(s) if crate::jsonata::is_expression(s) => {
                for name in jsonata_reads(&s[2..s.len() - 2]) {
                    out.push((ptr.clone(), node.span.clone(), name));
                }
            }
            NodeKind::String(s) if key.as_deref().is_some_and(is_path_field) => {
                if let Some(name) = path_variable(s) {
                    out.push((ptr.clone(), node.span.clone(), name));
                }
            }
            NodeKind::Object(members) => {
                for member in members {
                    let p = join(&ptr, &member.key);
                    stack.push((&member.value, p, Some(member.key.clone())));
                }
            }
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, join(&ptr, &i.to_string()), key.clone()));
                }
            }
            _ => {}
        }
    }
}

/// The variable a JSONPath path starts from (`$name.x` → `name`), if any.
fn path_variable(path: &str) -> Option<String> {
    let rest = path.strip_prefix('$')?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let first = name.chars().next()?;
    (first.is_alphabetic() || first == '_').then_some(name)
}

/// `$name`s an expression reads as variables: not calls, not names it binds itself
/// (`$x := …`, function parameters), not built-ins. Text in string literals is skipped.
fn jsonata_reads(expr: &str) -> Vec<String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut tokens: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == '\\' {
                i += 1;
            } else if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
            i += 1;
            continue;
        }
        if c == '$' {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            if end > start {
                tokens.push((chars[start..end].iter().collect(), end));
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    let next_non_space = |at: usize| chars[at..].iter().find(|c| !c.is_whitespace()).copied();
    let mut bound: HashSet<String> = HashSet::new();
    let compact: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
    for (name, end) in &tokens {
        let rest: String = chars[*end..]
            .iter()
            .filter(|c| !c.is_whitespace())
            .take(2)
            .collect();
        if rest == ":=" {
            bound.insert(name.clone());
        }
    }
    // Parameters: every `$p` inside `function(...)` / `λ(...)` parentheses.
    for opener in ["function(", "λ("] {
        let mut from = 0;
        while let Some(at) = compact[from..].find(opener) {
            let params_start = from + at + opener.len();
            let params_end = compact[params_start..]
                .find(')')
                .map_or(compact.len(), |e| params_start + e);
            for param in compact[params_start..params_end].split(',') {
                if let Some(p) = param.strip_prefix('$') {
                    bound.insert(p.to_string());
                }
            }
            from = params_end;
        }
    }
    let mut reads = Vec::new();
    for (name, end) in tokens {
        let called = next_non_space(end) == Some('(');
        if called
            || bound.contains(&name)
            || BUILTINS.contains(&name.as_str())
            || reads.contains(&name)
        {
            continue;
        }
        reads.push(name);
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::{jsonata_reads, path_variable};

    #[test]
    fn reads() {
        assert_eq!(jsonata_reads(" $a + $states.input.b "), ["a"]);
        assert_eq!(jsonata_reads("$count($xs) & '$notvar'"), ["xs"]);
        assert_eq!(
            jsonata_reads("($f := function($v){ $v * $k }; $f(1))"),
            ["k"]
        );
        assert_eq!(jsonata_reads("$map($xs, $string)"), ["xs"]);
        assert_eq!(path_variable("$x.y"), Some("x".into()));
        assert_eq!(path_variable("$.x"), None);
        assert_eq!(path_variable("$$.State"), None);
    }
}
