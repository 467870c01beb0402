//! CloudFormation's intrinsic functions, evaluated locally over a positioned tree: `Ref`,
//! `Fn::GetAtt`, `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If`
//! (with the template's `Conditions`: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`,
//! `Condition`), `Fn::FindInMap`, `Fn::Base64`, `Fn::GetAZs`, `Fn::ToJsonString`,
//! `Fn::Length` and `Fn::ImportValue` (only through an override). The template's own
//! resources and the pseudo parameters answer with placeholders ([`super::placeholders`]);
//! `--parameter NAME=VALUE` overrides answer first. Whatever cannot be resolved is a
//! diagnostic at the expression, and evaluation goes on so every problem is reported.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use base64::Engine;
use serde_json::Value;

use super::placeholders::Pseudo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::json::{Member, Node, NodeKind};

/// A resource of the template: its type and the physical name its placeholders use.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub kind: String,
    pub name: String,
}

/// Everything intrinsic functions can refer to.
pub(crate) struct Resolver<'a> {
    pub pseudo: Pseudo,
    /// `--parameter NAME=VALUE`: a parameter, pseudo parameter, `Ref` name,
    /// `Logical.Attribute` or import name.
    pub overrides: &'a HashMap<String, String>,
    pub parameters: Option<&'a Node>,
    pub mappings: Option<&'a Node>,
    pub conditions: Option<&'a Node>,
    pub resources: HashMap<String, Resource>,
    pub errors: Vec<Diagnostic>,
    evaluating: HashSet<String>,
}

pub(crate) fn diagnostic(code: &'static str, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: Severity::Error,
        message,
        pointer: String::new(),
        span,
    }
}

fn string(s: impl Into<String>, span: Range<usize>) -> Node {
    Node {
        kind: NodeKind::String(s.into()),
        span,
    }
}

/// A node built from a computed value, every part at `span`.
pub(crate) fn from_value(value: &Value, span: Range<usize>) -> Node {
    let kind = match value {
        Value::Null => NodeKind::Null,
        Value::Bool(b) => NodeKind::Bool(*b),
        Value::Number(n) => NodeKind::Number(n.clone()),
        Value::String(s) => NodeKind::String(s.clone()),
        Value::Array(items) => {
            NodeKind::Array(items.iter().map(|v| from_value(v, span.clone())).collect())
        }
        Value::Object(map) => NodeKind::Object(
            map.iter()
                .map(|(k, v)| Member {
                    key: k.clone(),
                    key_span: span.clone(),
                    value: from_value(v, span.clone()),
                })
                .collect(),
        ),
    };
    Node { kind, span }
}

/// The text of a scalar as `Fn::Join`/`Fn::Sub` write it.
fn scalar_text(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::String(s) => Some(s.clone()),
        NodeKind::Number(n) => Some(n.to_string()),
        NodeKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The intrinsic function an object is, if it is one: its single key is `Ref` or `Fn::…`.
fn intrinsic(node: &Node) -> Option<&Member> {
    match node.members() {
        [m] if m.key == "Ref" || m.key.starts_with("Fn::") => Some(m),
        _ => None,
    }
}

impl<'a> Resolver<'a> {
    pub fn new(overrides: &'a HashMap<String, String>, template: Option<&'a Node>) -> Self {
        let mut pseudo = Pseudo::default();
        if let Some(r) = overrides.get("AWS::Region") {
            pseudo.region = r.clone();
        }
        if let Some(a) = overrides.get("AWS::AccountId") {
            pseudo.account = a.clone();
        }
        if let Some(s) = overrides.get("AWS::StackName") {
            pseudo.stack = s.clone();
        }
        Resolver {
            pseudo,
            overrides,
            parameters: template.and_then(|t| t.get("Parameters")),
            mappings: template.and_then(|t| t.get("Mappings")),
            conditions: template.and_then(|t| t.get("Conditions")),
            resources: HashMap::new(),
            errors: Vec::new(),
            evaluating: HashSet::new(),
        }
    }

    fn fail(&mut self, span: Range<usize>, message: String) -> Node {
        self.errors
            .push(diagnostic("UNRESOLVED_EXPRESSION", span.clone(), message));
        string("", span)
    }

    /// Evaluates every intrinsic function in `node`; `None` is `AWS::NoValue` (the member or
    /// item disappears).
    pub fn eval(&mut self, node: &Node) -> Option<Node> {
        if let Some(m) = intrinsic(node) {
            return self.function(&m.key, &m.value, node.span.clone());
        }
        let kind = match &node.kind {
            NodeKind::Array(items) => {
                NodeKind::Array(items.iter().filter_map(|i| self.eval(i)).collect())
            }
            NodeKind::Object(members) => NodeKind::Object(
                members
                    .iter()
                    .filter_map(|m| {
                        Some(Member {
                            key: m.key.clone(),
                            key_span: m.key_span.clone(),
                            value: self.eval(&m.value)?,
                        })
                    })
                    .collect(),
            ),
            other => other.clone(),
        };
        Some(Node {
            kind,
            span: node.span.clone(),
        })
    }

    fn eval_or_null(&mut self, node: &Node) -> Node {
        self.eval(node).unwrap_or(Node {
            kind: NodeKind::Null,
            span: node.span.clone(),
        })
    }

    fn eval_text(&mut self, node: &Node, what: &str) -> String {
        let v = self.eval_or_null(node);
        match scalar_text(&v) {
            Some(s) => s,
            None => {
                self.fail(node.span.clone(), format!("{what} must be a string"));
                String::new()
            }
        }
    }

    fn function(&mut self, name: &str, arg: &Node, span: Range<usize>) -> Option<Node> {
        let args = arg.items();
        Some(match name {
            "Ref" => {
                let target = self.eval_text(arg, "Ref's argument");
                return self.reference(&target, span);
            }
            "Fn::GetAtt" => {
                let (resource, attribute) = match (&arg.kind, args) {
                    (NodeKind::String(s), _) => match s.split_once('.') {
                        Some((r, a)) => (r.to_string(), a.to_string()),
                        None => return Some(self.fail(span, format!("Fn::GetAtt needs LogicalId.Attribute, got '{s}'"))),
                    },
                    (_, [r, a]) => (
                        self.eval_text(r, "Fn::GetAtt's logical id"),
                        self.eval_text(a, "Fn::GetAtt's attribute"),
                    ),
                    _ => return Some(self.fail(span, "Fn::GetAtt needs [LogicalId, Attribute]".into())),
                };
                self.attribute(&resource, &attribute, span)
            }
            "Fn::Sub" => {
                let (template, vars) = match (&arg.kind, args) {
                    (NodeKind::String(s), _) => (s.clone(), None),
                    (_, [t, vars]) => (self.eval_text(t, "Fn::Sub's string"), Some(vars)),
                    _ => return Some(self.fail(span, "Fn::Sub needs a string or [string, {variables}]".into())),
                };
                let mut values = HashMap::new();
                if let Some(vars) = vars {
                    for m in vars.members() {
                        let v = self.eval_text(&m.value, "an Fn::Sub variable");
                        values.insert(m.key.clone(), v);
                    }
                }
                let out = self.sub(&template, &values, span.clone());
                string(out, span)
            }
            "Fn::Join" => {
                let [delimiter, list] = args else {
                    return Some(self.fail(span, "Fn::Join needs [delimiter, [values]]".into()));
                };
                let delimiter = self.eval_text(delimiter, "Fn::Join's delimiter");
                let list = self.eval_or_null(list);
                let mut parts = Vec::new();
                for item in list.items() {
                    match scalar_text(item) {
                        Some(s) => parts.push(s),
                        None => {
                            self.fail(item.span.clone(), "Fn::Join's values must be strings".into());
                        }
                    }
                }
                string(parts.join(&delimiter), span)
            }
            "Fn::Select" => {
                let [index, list] = args else {
                    return Some(self.fail(span, "Fn::Select needs [index, [values]]".into()));
                };
                let index = self.eval_or_null(index);
                let i = index
                    .as_f64()
                    .or_else(|| index.as_str().and_then(|s| s.parse().ok()));
                let list = self.eval_or_null(list);
                match i.and_then(|i| list.items().get(i as usize)) {
                    Some(item) => item.clone(),
                    None => return Some(self.fail(span, "Fn::Select's index is outside the list".into())),
                }
            }
            "Fn::Split" => {
                let [delimiter, source] = args else {
                    return Some(self.fail(span, "Fn::Split needs [delimiter, string]".into()));
                };
                let delimiter = self.eval_text(delimiter, "Fn::Split's delimiter");
                let source = self.eval_text(source, "Fn::Split's string");
                let items = if delimiter.is_empty() {
                    vec![string(source, span.clone())]
                } else {
                    source
                        .split(delimiter.as_str())
                        .map(|s| string(s, span.clone()))
                        .collect()
                };
                Node {
                    kind: NodeKind::Array(items),
                    span,
                }
            }
            "Fn::If" => {
                let [condition, yes, no] = args else {
                    return Some(self.fail(span, "Fn::If needs [condition, value if true, value if false]".into()));
                };
                let name = condition.as_str().unwrap_or_default().to_string();
                return if self.condition(&name, condition.span.clone()) {
                    self.eval(yes)
                } else {
                    self.eval(no)
                };
            }
            "Fn::FindInMap" => {
                let (names, default) = match args {
                    [m, a, b] => ([m, a, b], None),
                    [m, a, b, d] => ([m, a, b], Some(d)),
                    _ => return Some(self.fail(span, "Fn::FindInMap needs [map, top key, second key]".into())),
                };
                let keys: Vec<String> = names.iter().map(|n| self.eval_text(n, "a Fn::FindInMap key")).collect();
                let found = self
                    .mappings
                    .and_then(|m| m.get(&keys[0]))
                    .and_then(|m| m.get(&keys[1]))
                    .and_then(|m| m.get(&keys[2]))
                    .cloned();
                match (found, default) {
                    (Some(v), _) => return self.eval(&v),
                    (None, Some(d)) => return self.eval(d.get("DefaultValue").unwrap_or(d)),
                    (None, None) => {
                        return Some(self.fail(span, format!("Mappings has no {}/{}/{}", keys[0], keys[1], keys[2])))
                    }
                }
            }
            "Fn::Base64" => {
                let text = self.eval_text(arg, "Fn::Base64's argument");
                string(base64::engine::general_purpose::STANDARD.encode(text), span)
            }
            "Fn::GetAZs" => {
                let region = self.eval_text(arg, "Fn::GetAZs's region");
                let region = if region.is_empty() { self.pseudo.region.clone() } else { region };
                let items = ["a", "b", "c"]
                    .iter()
                    .map(|z| string(format!("{region}{z}"), span.clone()))
                    .collect();
                Node { kind: NodeKind::Array(items), span }
            }
            "Fn::ToJsonString" => {
                let v = self.eval_or_null(arg).to_value();
                string(v.to_string(), span)
            }
            "Fn::Length" => {
                let v = self.eval_or_null(arg);
                from_value(&Value::from(v.items().len()), span)
            }
            "Fn::ImportValue" => {
                let export = self.eval_text(arg, "Fn::ImportValue's name");
                match self.overrides.get(&export) {
                    Some(v) => string(v.clone(), span),
                    None => return Some(self.fail(span, format!(
                        "Fn::ImportValue '{export}' is another stack's export, unknown here; pass --parameter {export}=VALUE"
                    ))),
                }
            }
            other => return Some(self.fail(span, format!("{other} is not supported locally; replace it with a value or pass --substitution"))),
        })
    }

    /// `Ref NAME`: an override, a pseudo parameter, a parameter, or a resource.
    fn reference(&mut self, name: &str, span: Range<usize>) -> Option<Node> {
        if let Some(v) = self.overrides.get(name) {
            return Some(string(v.clone(), span));
        }
        if name == "AWS::NoValue" {
            return None;
        }
        if let Some(v) = self.pseudo.get(name) {
            return Some(from_value(&v, span));
        }
        if let Some(p) = self.parameters.and_then(|p| p.get(name)) {
            let list = p
                .get("Type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.starts_with("List<") || t == "CommaDelimitedList");
            return Some(match p.get("Default") {
                Some(d) if list => match scalar_text(d) {
                    Some(s) => Node {
                        kind: NodeKind::Array(
                            s.split(',')
                                .map(|i| string(i.trim(), d.span.clone()))
                                .collect(),
                        ),
                        span,
                    },
                    None => d.clone(),
                },
                Some(d) => Node {
                    kind: d.kind.clone(),
                    span,
                },
                None => self.fail(
                    span,
                    format!("parameter '{name}' has no Default; pass --parameter {name}=VALUE"),
                ),
            });
        }
        if let Some(r) = self.resources.get(name) {
            return Some(string(self.pseudo.reference(&r.kind, &r.name), span));
        }
        Some(self.fail(span, format!("Ref '{name}': no parameter or resource of that name in the template; pass --parameter {name}=VALUE")))
    }

    fn attribute(&mut self, resource: &str, attribute: &str, span: Range<usize>) -> Node {
        if let Some(v) = self.overrides.get(&format!("{resource}.{attribute}")) {
            return string(v.clone(), span);
        }
        let Some(r) = self.resources.get(resource) else {
            return self.fail(span, format!("Fn::GetAtt '{resource}.{attribute}': no resource '{resource}' in the template; pass --parameter {resource}.{attribute}=VALUE"));
        };
        match self.pseudo.attribute(&r.kind, &r.name, attribute) {
            Some(v) => string(v, span),
            None => {
                let kind = r.kind.clone();
                self.fail(span, format!("Fn::GetAtt '{resource}.{attribute}': no local placeholder for attribute {attribute} of {kind}; pass --parameter {resource}.{attribute}=VALUE"))
            }
        }
    }

    /// `Fn::Sub`'s `${Name}`, `${Logical.Attribute}`, `${AWS::Region}` and `${!Literal}`.
    fn sub(
        &mut self,
        template: &str,
        vars: &HashMap<String, String>,
        span: Range<usize>,
    ) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            if let Some(literal) = after.strip_prefix('!') {
                out.push_str("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                self.fail(span.clone(), "Fn::Sub: '${' without a closing '}'".into());
                return out;
            };
            let name = after[..end].trim();
            let value = if let Some(v) = vars.get(name) {
                v.clone()
            } else if let Some((r, a)) = name.split_once('.').filter(|_| !name.starts_with("AWS::"))
            {
                let n = self.attribute(r, a, span.clone());
                scalar_text(&n).unwrap_or_default()
            } else {
                match self.reference(name, span.clone()) {
                    Some(n) => match scalar_text(&n) {
                        Some(s) => s,
                        None => {
                            self.fail(
                                span.clone(),
                                format!("Fn::Sub: ${{{name}}} is a list, not a string"),
                            );
                            String::new()
                        }
                    },
                    None => String::new(),
                }
            };
            out.push_str(&value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The value of a named condition of the template's `Conditions`.
    fn condition(&mut self, name: &str, span: Range<usize>) -> bool {
        let Some(def) = self.conditions.and_then(|c| c.get(name)) else {
            self.fail(span, format!("no condition '{name}' in Conditions"));
            return false;
        };
        if !self.evaluating.insert(name.to_string()) {
            self.fail(span, format!("condition '{name}' refers to itself"));
            return false;
        }
        let v = self.condition_value(def);
        self.evaluating.remove(name);
        v
    }

    fn condition_value(&mut self, node: &Node) -> bool {
        let Some(m) = node.members().first().filter(|_| node.members().len() == 1) else {
            self.fail(
                node.span.clone(),
                "a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition".into(),
            );
            return false;
        };
        let args = m.value.items();
        match m.key.as_str() {
            "Condition" => {
                let name = m.value.as_str().unwrap_or_default().to_string();
                self.condition(&name, m.value.span.clone())
            }
            "Fn::Equals" => match args {
                [a, b] => {
                    let a = self.eval_or_null(a).to_value();
                    let b = self.eval_or_null(b).to_value();
                    let text = |v: &Value| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    };
                    text(&a) == text(&b)
                }
                _ => {
                    self.fail(node.span.clone(), "Fn::Equals needs [a, b]".into());
                    false
                }
            },
            "Fn::Not" => match args {
                [c] => !self.condition_value(c),
                _ => {
                    self.fail(node.span.clone(), "Fn::Not needs [condition]".into());
                    false
                }
            },
            // Every operand is evaluated (not short-circuited) so all their problems are reported.
            "Fn::And" | "Fn::Or" => {
                let values: Vec<bool> = args.iter().map(|c| self.condition_value(c)).collect();
                if m.key == "Fn::And" {
                    values.iter().all(|v| *v)
                } else {
                    values.iter().any(|v| *v)
                }
            }
            other => {
                self.fail(
                    node.span.clone(),
                    format!("{other} is not a condition function"),
                );
                false
            }
        }
    }
}

/// Replaces `${Name}` in every string of a definition with its substitution; an unknown name
/// is a diagnostic at that string when `strict` (templates), and left as is otherwise (a
/// bare ASL file, where `${…}` is ordinary text).
pub(crate) fn substitute(
    node: &mut Node,
    values: &HashMap<String, String>,
    strict: bool,
    errors: &mut Vec<Diagnostic>,
) {
    match &mut node.kind {
        NodeKind::String(s) if s.contains("${") => {
            let span = node.span.clone();
            *s = substitute_text(s, values, strict, &span, errors);
        }
        NodeKind::Array(items) => {
            for i in items {
                substitute(i, values, strict, errors);
            }
        }
        NodeKind::Object(members) => {
            for m in members {
                substitute(&mut m.value, values, strict, errors);
            }
        }
        _ => {}
    }
}

pub(crate) fn substitute_text(
    text: &str,
    values: &HashMap<String, String>,
    strict: bool,
    span: &Range<usize>,
    errors: &mut Vec<Diagnostic>,
) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(end) if values.contains_key(after[..end].trim()) => {
                out.push_str(&values[after[..end].trim()]);
                rest = &after[end + 1..];
            }
            Some(end) => {
                if strict {
                    let name = &after[..end];
                    errors.push(diagnostic(
                        "UNRESOLVED_SUBSTITUTION",
                        span.clone(),
                        format!("${{{name}}} has no value: add it to DefinitionSubstitutions or pass --substitution {name}=VALUE"),
                    ));
                }
                out.push_str(&rest[i..i + 2 + end + 1]);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
