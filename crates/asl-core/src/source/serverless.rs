//! Serverless Framework (`serverless.yml` with the serverless-step-functions plugin):
//! `stepFunctions.stateMachines.<name>.definition`, the framework's own variables
//! (`${self:…}`, `${opt:stage, 'dev'}`, `${sls:stage}`, `${aws:region}`, `${env:…}`) and
//! `Fn::GetAtt: [hello, Arn]` naming a function of `functions:` (or its CloudFormation
//! logical id, `HelloLambdaFunction`).

use std::collections::HashMap;

use super::resolve::{diagnostic, Resource};
use crate::diagnostics::Diagnostic;
use crate::json::{Node, NodeKind};

/// Variable sources the framework resolves itself; `${…}` with another prefix is left to
/// CloudFormation or the plugin's definition substitutions.
const SOURCES: &[&str] = &[
    "self:", "opt:", "sls:", "env:", "aws:", "file(", "ssm:", "cf:", "s3:", "param:",
];

/// Longest string variables may expand to: `${self:a}` referring to `${self:b}${self:b}`
/// and so on would otherwise double at each level.
const MAX_EXPANDED_BYTES: usize = 1024 * 1024;

/// The stage: `--parameter opt:stage=…`, else `provider.stage`, else `dev`.
pub(crate) fn stage(root: &Node, overrides: &HashMap<String, String>) -> String {
    overrides
        .get("opt:stage")
        .cloned()
        .or_else(|| {
            root.pointer("/provider/stage")
                .and_then(Node::as_str)
                .filter(|s| !s.contains("${"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "dev".into())
}

/// Resolves the framework's variables in every string of `node` (the whole document).
pub(crate) fn resolve_variables(
    node: &mut Node,
    root: &Node,
    overrides: &HashMap<String, String>,
    region: &str,
    account: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let stage = stage(root, overrides);
    let ctx = Ctx {
        root,
        overrides,
        stage: &stage,
        region,
        account,
    };
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &mut n.kind {
            NodeKind::String(s) if s.contains("${") => {
                let span = n.span.clone();
                match ctx.text(s, 0) {
                    Ok(v) => *s = v,
                    Err(message) => errors.push(diagnostic("UNRESOLVED_EXPRESSION", span, message)),
                }
            }
            NodeKind::Array(items) => stack.extend(items.iter_mut()),
            NodeKind::Object(members) => stack.extend(members.iter_mut().map(|m| &mut m.value)),
            _ => {}
        }
    }
}

struct Ctx<'a> {
    root: &'a Node,
    overrides: &'a HashMap<String, String>,
    stage: &'a str,
    region: &'a str,
    account: &'a str,
}

impl Ctx<'_> {
    /// Replaces framework variables in `text` (nested ones first).
    fn text(&self, text: &str, depth: usize) -> Result<String, String> {
        if depth > 10 {
            return Err("Serverless variables nest (or refer to each other) too deeply".into());
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let end = closing(after).ok_or("'${' without a closing '}'")?;
            let inner = &after[..end];
            if SOURCES.iter().any(|p| inner.trim_start().starts_with(p)) {
                out.push_str(&self.variable(inner, depth)?);
            } else {
                out.push_str(&rest[i..i + 3 + end]);
            }
            rest = &after[end + 1..];
            if out.len() > MAX_EXPANDED_BYTES {
                return Err("Serverless variables expand to more than 1 MiB".into());
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    /// One `${source:address, fallback}`.
    fn variable(&self, inner: &str, depth: usize) -> Result<String, String> {
        let inner = self.text(inner, depth + 1)?;
        let (main, fallback) = match top_level_comma(&inner) {
            Some(i) => (inner[..i].trim(), Some(inner[i + 1..].trim())),
            None => (inner.trim(), None),
        };
        if let Some(v) = self.overrides.get(main) {
            return Ok(v.clone());
        }
        let found = match main.split_once(':') {
            Some(("self", path)) => {
                let pointer: String = path.split('.').map(|p| format!("/{p}")).collect();
                self.root
                    .pointer(&pointer)
                    .and_then(|n| match &n.kind {
                        NodeKind::String(s) => Some(s.clone()),
                        NodeKind::Number(n) => Some(n.to_string()),
                        NodeKind::Bool(b) => Some(b.to_string()),
                        _ => None,
                    })
                    .map(|s| self.text(&s, depth + 1))
                    .transpose()?
            }
            Some(("opt", "stage")) | Some(("sls", "stage")) => Some(self.stage.to_string()),
            Some(("opt", "region")) | Some(("aws", "region")) => Some(self.region.to_string()),
            Some(("aws", "accountId")) => Some(self.account.to_string()),
            _ => None,
        };
        match (found, fallback) {
            (Some(v), _) => Ok(v),
            (None, Some(f)) => Ok(f.trim_matches(|c| c == '\'' || c == '"').to_string()),
            (None, None) => Err(format!(
                "Serverless variable ${{{main}}} is not known locally; pass --parameter {main}=VALUE"
            )),
        }
    }
}

fn closing(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'{' if i > 0 && bytes[i - 1] == b'$' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn top_level_comma(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The functions of `functions:` as Lambda resources, under their name and their
/// CloudFormation logical id (`hello` → `HelloLambdaFunction`), named
/// `<service>-<stage>-<function>` as the framework deploys them.
pub(crate) fn functions(root: &Node, stage: &str) -> HashMap<String, Resource> {
    let service = root
        .get("service")
        .and_then(|s| s.as_str().or_else(|| s.get("name").and_then(Node::as_str)))
        .unwrap_or("service");
    let mut out = HashMap::new();
    for f in root.get("functions").map(Node::members).unwrap_or(&[]) {
        let name = f
            .value
            .get("name")
            .and_then(Node::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{service}-{stage}-{}", f.key));
        let resource = Resource {
            kind: "AWS::Lambda::Function".into(),
            name,
        };
        out.insert(logical_id(&f.key), resource.clone());
        out.insert(f.key.clone(), resource);
    }
    out
}

/// The framework's normalised logical id of a function: first letter upper-cased, `-` and
/// `_` spelled out, `LambdaFunction` appended.
fn logical_id(name: &str) -> String {
    let mut chars = name.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    let rest: String = chars
        .as_str()
        .replace('-', "Dash")
        .replace('_', "Underscore");
    format!("{first}{rest}LambdaFunction")
}
