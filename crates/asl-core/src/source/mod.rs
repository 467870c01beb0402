//! Definitions from where people keep them: ASL in JSON or YAML, CloudFormation and SAM
//! templates (JSON or YAML with short tags), CDK output (`*.template.json`) and Serverless
//! Framework's `serverless.yml`. No I/O: a SAM `DefinitionUri` is read by the caller through
//! the `fetch` callback of [`Source::resolve`].
//!
//! ```
//! use asl_core::source::{open, ResolveOptions};
//! let template = "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition:\n        StartAt: Call\n        States:\n          Call: {Type: Task, Resource: !GetAtt Fn.Arn, End: true}\n";
//! let source = open(template, "template.yaml").unwrap();
//! let resolved = source.resolve(None, &ResolveOptions::default(), &mut |_| Err("no files".into())).unwrap();
//! assert_eq!(resolved.definition.pointer("/States/Call/Resource").unwrap().as_str(),
//!            Some("arn:aws:lambda:us-east-1:123456789012:function:Fn"));
//! ```
//!
//! Every resolved definition is a [`Node`] whose spans point into the file it came from, so
//! [`Resolved::remap`] can move a diagnostic about the generated JSON text back to the
//! template line (or, for a `DefinitionString`, to the string it was built from).

mod placeholders;
mod resolve;
mod serverless;
pub mod yaml;

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostics::{escape_pointer_token, Diagnostic};
use crate::json::{self, Node, NodeKind};
pub use placeholders::{Pseudo, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_STACK_NAME};
use resolve::{diagnostic, Resolver, Resource};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An ASL definition in JSON.
    AslJson,
    /// An ASL definition in YAML.
    AslYaml,
    /// A CloudFormation, SAM or CDK template (JSON or YAML).
    CloudFormation,
    /// A Serverless Framework `serverless.yml`.
    Serverless,
}

/// A state machine a template declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineInfo {
    /// Logical id (CloudFormation) or the key under `stepFunctions.stateMachines`.
    pub logical_id: String,
    /// `AWS::StepFunctions::StateMachine`, `AWS::Serverless::StateMachine` or
    /// `Serverless::StateMachine`.
    pub resource_type: String,
    /// Where it is declared (its key).
    pub span: Range<usize>,
}

/// `--substitution` and `--parameter` values.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// `${Name}` values for the definition; they override `DefinitionSubstitutions`.
    pub substitutions: Vec<(String, String)>,
    /// Values for `Ref NAME` (parameters, pseudo parameters such as `AWS::Region`,
    /// resources), `Logical.Attribute` for `Fn::GetAtt`, import names and Serverless
    /// variables (`opt:stage`).
    pub parameters: Vec<(String, String)>,
}

/// Where a resolved definition's spans point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Into the text given to [`open`].
    Source,
    /// Into another file, which a SAM `DefinitionUri` named.
    File {
        /// The path as the template wrote it.
        path: String,
        /// Its text.
        text: String,
    },
}

/// A definition ready to validate or run.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The chosen state machine (`None` for a bare ASL file).
    pub machine: Option<MachineInfo>,
    /// The definition, with spans into [`Resolved::origin`].
    pub definition: Node,
    /// Which text the spans refer to.
    pub origin: Origin,
    /// The definition as JSON text (what the validator and the interpreter read).
    pub text: String,
}

/// A parsed file, before a state machine is chosen.
#[derive(Debug, Clone)]
pub struct Source {
    text: String,
    format: Format,
    root: Node,
    machines: Vec<MachineInfo>,
}

fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '['])
}

/// Whether `text` is a JSON object naming `States` or `StartAt` at its top level: what [`open`]
/// calls [`Format::AslJson`] in a file that parses, found without building the positioned
/// tree (the validator builds its own; building both was a tenth of `asl run` on a small
/// machine, bench/README.md). `false` also for text serde_json refuses (a BOM, bad JSON):
/// callers then take the [`open`] path.
pub fn is_asl_json(text: &str) -> bool {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct TopKeys;
    impl<'de> Visitor<'de> for TopKeys {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut asl = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                asl |= key == "States" || key == "StartAt";
                map.next_value::<IgnoredAny>()?;
            }
            Ok(asl)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    de.deserialize_map(TopKeys).is_ok_and(|asl| asl) && de.end().is_ok()
}

/// Parses `text` (JSON or YAML, told apart by its first character, not by `name`) and
/// finds what it holds. A JSON syntax error is `INVALID_JSON`, a YAML one `INVALID_YAML`.
pub fn open(text: &str, _name: &str) -> Result<Source, Diagnostic> {
    let json = looks_like_json(text);
    let root = if json {
        json::parse(text)?
    } else {
        yaml::parse(text)?
    };
    let format = if root.get("States").is_some() || root.get("StartAt").is_some() {
        if json {
            Format::AslJson
        } else {
            Format::AslYaml
        }
    } else if root.get("Resources").is_some() || root.get("AWSTemplateFormatVersion").is_some() {
        Format::CloudFormation
    } else if root.get("stepFunctions").is_some() {
        Format::Serverless
    } else if json {
        Format::AslJson
    } else {
        Format::AslYaml
    };
    let machines = match format {
        Format::CloudFormation => root
            .get("Resources")
            .map(Node::members)
            .unwrap_or(&[])
            .iter()
            .filter_map(|m| {
                let kind = m.value.get("Type")?.as_str()?;
                matches!(
                    kind,
                    "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine"
                )
                .then(|| MachineInfo {
                    logical_id: m.key.clone(),
                    resource_type: kind.to_string(),
                    span: m.key_span.clone(),
                })
            })
            .collect(),
        Format::Serverless => root
            .pointer("/stepFunctions/stateMachines")
            .map(Node::members)
            .unwrap_or(&[])
            .iter()
            .map(|m| MachineInfo {
                logical_id: m.key.clone(),
                resource_type: "Serverless::StateMachine".into(),
                span: m.key_span.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Source {
        text: text.to_string(),
        format,
        root,
        machines,
    })
}

impl Source {
    /// What the file holds.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The state machines a template declares (empty for a bare ASL file).
    pub fn machines(&self) -> &[MachineInfo] {
        &self.machines
    }

    /// The parsed document.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// Resolves one state machine's definition. `pick` names it (required when there are
    /// several); `fetch` reads a SAM `DefinitionUri` (a path relative to the template).
    pub fn resolve(
        &self,
        pick: Option<&str>,
        options: &ResolveOptions,
        fetch: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<Resolved, Vec<Diagnostic>> {
        let substitutions: HashMap<String, String> =
            options.substitutions.iter().cloned().collect();
        let overrides: HashMap<String, String> = options.parameters.iter().cloned().collect();
        if matches!(self.format, Format::AslJson | Format::AslYaml) {
            let mut definition = self.root.clone();
            let mut errors = Vec::new();
            resolve::substitute(&mut definition, &substitutions, false, &mut errors);
            return Ok(finish(None, definition, Origin::Source));
        }
        let machine = self.pick(pick).map_err(|d| vec![d])?;
        match self.format {
            Format::Serverless => self.serverless(machine, &overrides, &substitutions),
            _ => self.cloudformation(&self.text, machine, &overrides, &substitutions, fetch),
        }
    }

    fn pick(&self, pick: Option<&str>) -> Result<&MachineInfo, Diagnostic> {
        let names = || {
            self.machines
                .iter()
                .map(|m| m.logical_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (pick, self.machines.as_slice()) {
            (_, []) => Err(diagnostic(
                "NO_STATE_MACHINE",
                self.root.span.start..self.root.span.start,
                "the template declares no state machine (AWS::StepFunctions::StateMachine, AWS::Serverless::StateMachine or stepFunctions.stateMachines)".into(),
            )),
            (None, [only]) => Ok(only),
            (None, _) => Err(diagnostic(
                "SEVERAL_STATE_MACHINES",
                self.root.span.start..self.root.span.start,
                format!("the template declares several state machines; pick one with --state-machine-resource NAME: {}", names()),
            )),
            (Some(name), all) => all.iter().find(|m| m.logical_id == name).ok_or_else(|| {
                diagnostic(
                    "UNKNOWN_STATE_MACHINE",
                    self.root.span.start..self.root.span.start,
                    format!("no state machine '{name}' in the template; it declares: {}", names()),
                )
            }),
        }
    }

    fn resolver<'a>(
        &'a self,
        overrides: &'a HashMap<String, String>,
        template: Option<&'a Node>,
    ) -> Resolver<'a> {
        let mut r = Resolver::new(overrides, template);
        let resources = template
            .and_then(|t| t.get("Resources"))
            .map(Node::members)
            .unwrap_or(&[]);
        for m in resources {
            let kind = m
                .value
                .get("Type")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string();
            let name = placeholders::name_property(&kind)
                .and_then(|p| m.value.get("Properties")?.get(p)?.as_str())
                .unwrap_or(&m.key)
                .to_string();
            r.resources.insert(m.key.clone(), Resource { kind, name });
        }
        // Names built with intrinsics (`FunctionName: !Sub "charge-${Stage}"`), evaluated once
        // every resource has a name; one that does not resolve keeps the logical id.
        for m in resources {
            let kind = m
                .value
                .get("Type")
                .and_then(Node::as_str)
                .unwrap_or_default();
            let Some(expr) = placeholders::name_property(kind)
                .and_then(|p| m.value.get("Properties")?.get(p))
                .filter(|n| n.is_object())
            else {
                continue;
            };
            let before = r.errors.len();
            let name = r.eval(expr).and_then(|n| n.as_str().map(str::to_string));
            let failed = r.errors.len() > before;
            r.errors.truncate(before);
            if let (Some(name), false) = (name, failed) {
                if let Some(res) = r.resources.get_mut(&m.key) {
                    res.name = name;
                }
            }
        }
        r
    }

    fn cloudformation(
        &self,
        source_text: &str,
        machine: &MachineInfo,
        overrides: &HashMap<String, String>,
        cli_substitutions: &HashMap<String, String>,
        fetch: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<Resolved, Vec<Diagnostic>> {
        let mut r = self.resolver(overrides, Some(&self.root));
        let resource = self
            .root
            .get("Resources")
            .and_then(|rs| rs.get(&machine.logical_id))
            .cloned()
            .unwrap_or(Node {
                kind: NodeKind::Null,
                span: machine.span.clone(),
            });
        let properties = resource.get("Properties");
        let prop = |name: &str| properties.and_then(|p| p.get(name));
        let mut substitutions = HashMap::new();
        for m in prop("DefinitionSubstitutions")
            .map(Node::members)
            .unwrap_or(&[])
        {
            if let Some(v) = r.eval(&m.value) {
                match &v.kind {
                    NodeKind::String(s) => substitutions.insert(m.key.clone(), s.clone()),
                    NodeKind::Number(_) | NodeKind::Bool(_) => {
                        substitutions.insert(m.key.clone(), v.to_value().to_string())
                    }
                    _ => {
                        r.errors.push(diagnostic(
                            "UNRESOLVED_EXPRESSION",
                            m.value.span.clone(),
                            format!(
                                "DefinitionSubstitutions.{} must be a string, number or boolean",
                                m.key
                            ),
                        ));
                        None
                    }
                };
            }
        }
        substitutions.extend(cli_substitutions.clone());
        let mut errors = Vec::new();
        let (definition, origin) = if let Some(d) = prop("Definition") {
            let mut d = r.eval(d).unwrap_or(Node {
                kind: NodeKind::Null,
                span: d.span.clone(),
            });
            resolve::substitute(&mut d, &substitutions, true, &mut errors);
            (d, Origin::Source)
        } else if let Some(d) = prop("DefinitionString") {
            let text = r.eval(d).and_then(|n| n.as_str().map(str::to_string));
            let Some(text) = text else {
                r.errors.push(diagnostic(
                    "UNRESOLVED_EXPRESSION",
                    d.span.clone(),
                    "DefinitionString must resolve to a string".into(),
                ));
                return Err(r.errors);
            };
            let text = resolve::substitute_text(&text, &substitutions, true, &d.span, &mut errors);
            match json::parse(&text) {
                Ok(node) => {
                    let lines = literal_string(d).and_then(|n| block_lines(source_text, &n.span));
                    let node = match lines {
                        Some(lines) => relocate(node, &text, &lines, d.span.end),
                        None => at_span(node, &d.span),
                    };
                    (node, Origin::Source)
                }
                Err(mut e) => {
                    e.message =
                        format!("DefinitionString is not JSON once resolved: {}", e.message);
                    e.span = d.span.clone();
                    r.errors.push(e);
                    return Err(r.errors);
                }
            }
        } else if let Some(uri) = prop("DefinitionUri").or(prop("DefinitionS3Location")) {
            let Some(path) = uri.as_str() else {
                r.errors.push(diagnostic(
                    "UNRESOLVED_EXPRESSION",
                    uri.span.clone(),
                    "the definition is in S3; download it and point DefinitionUri at the local file".into(),
                ));
                return Err(r.errors);
            };
            let text = match fetch(path) {
                Ok(t) => t,
                Err(message) => {
                    r.errors.push(diagnostic(
                        "UNREADABLE_DEFINITION_URI",
                        uri.span.clone(),
                        message,
                    ));
                    return Err(r.errors);
                }
            };
            // The file's own problems point into the file.
            let mut d = match open(&text, path) {
                Ok(s) => s.root,
                Err(e) => {
                    r.errors.push(diagnostic(
                        "UNREADABLE_DEFINITION_URI",
                        uri.span.clone(),
                        format!("{path}: {}", e.message),
                    ));
                    return Err(r.errors);
                }
            };
            let mut file_errors = Vec::new();
            resolve::substitute(&mut d, &substitutions, true, &mut file_errors);
            // A placeholder in the file is reported at DefinitionUri, naming the file.
            for mut e in file_errors {
                e.message = format!("{path}: {}", e.message);
                e.span = uri.span.clone();
                errors.push(e);
            }
            (
                d,
                Origin::File {
                    path: path.to_string(),
                    text,
                },
            )
        } else {
            r.errors.push(diagnostic(
                "NO_DEFINITION",
                machine.span.clone(),
                format!(
                    "{} has no Definition, DefinitionString or DefinitionUri",
                    machine.logical_id
                ),
            ));
            return Err(r.errors);
        };
        errors.splice(0..0, r.errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(finish(Some(machine.clone()), definition, origin))
    }

    fn serverless(
        &self,
        machine: &MachineInfo,
        overrides: &HashMap<String, String>,
        substitutions: &HashMap<String, String>,
    ) -> Result<Resolved, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let region = overrides
            .get("AWS::Region")
            .cloned()
            .or_else(|| {
                self.root
                    .pointer("/provider/region")
                    .and_then(Node::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| DEFAULT_REGION.into());
        let account = overrides
            .get("AWS::AccountId")
            .cloned()
            .unwrap_or_else(|| DEFAULT_ACCOUNT_ID.into());
        let mut root = self.root.clone();
        serverless::resolve_variables(
            &mut root,
            &self.root,
            overrides,
            &region,
            &account,
            &mut errors,
        );
        let mut with_region = overrides.clone();
        with_region.entry("AWS::Region".into()).or_insert(region);
        let resources_template = root.get("resources").cloned();
        let mut r = self.resolver(&with_region, resources_template.as_ref());
        let stage = serverless::stage(&self.root, overrides);
        r.resources.extend(serverless::functions(&root, &stage));
        let definition = root
            .pointer("/stepFunctions/stateMachines")
            .and_then(|m| m.get(&machine.logical_id))
            .and_then(|m| m.get("definition"))
            .cloned();
        let Some(definition) = definition else {
            errors.push(diagnostic(
                "NO_DEFINITION",
                machine.span.clone(),
                format!("state machine {} has no definition", machine.logical_id),
            ));
            return Err(errors);
        };
        let mut d = r.eval(&definition).unwrap_or(definition);
        resolve::substitute(&mut d, substitutions, true, &mut errors);
        errors.splice(0..0, r.errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(finish(Some(machine.clone()), d, Origin::Source))
    }
}

fn finish(machine: Option<MachineInfo>, definition: Node, origin: Origin) -> Resolved {
    let text = serde_json::to_string_pretty(&definition.to_value()).unwrap_or_default();
    Resolved {
        machine,
        definition,
        origin,
        text,
    }
}

/// The string literal a `DefinitionString` is written as: itself, or `Fn::Sub`'s template.
fn literal_string(d: &Node) -> Option<&Node> {
    if d.as_str().is_some() {
        return Some(d);
    }
    let sub = d.get("Fn::Sub").filter(|_| d.members().len() == 1)?;
    let s = sub.items().first().unwrap_or(sub);
    s.as_str().map(|_| s)
}

/// For a YAML literal block scalar (`|`), the source offset where each content line
/// starts: its lines are the string's lines, so a position in the string maps back.
fn block_lines(text: &str, span: &Range<usize>) -> Option<Vec<usize>> {
    let slice = text.get(span.clone())?;
    // The header line: an optional tag (`!Sub`), then `|` with optional indicators.
    let header = &slice[..slice.find('\n')?];
    let last = header.split_whitespace().last()?;
    if !last.starts_with('|') {
        return None;
    }
    let body_start = span.start + header.len() + 1;
    let body = text.get(body_start..span.end.max(body_start))?;
    let indent = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())?;
    let mut starts = Vec::new();
    let mut offset = body_start;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        starts.push(offset + indent.min(content.len()));
        offset += line.len();
    }
    Some(starts)
}

/// Every span of a definition parsed out of `string` moved to the same line (and column,
/// up to substitutions earlier on the line) of the block scalar whose lines are `lines`.
fn relocate(mut node: Node, string: &str, lines: &[usize], end: usize) -> Node {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(string.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let last = lines.last().copied().unwrap_or(0);
    let map = |span: &Range<usize>| -> Range<usize> {
        let line = line_starts
            .partition_point(|&s| s <= span.start)
            .saturating_sub(1);
        let column = span.start - line_starts[line];
        let start = lines.get(line).map_or(last, |l| l + column).min(end);
        start..(start + span.len()).min(end)
    };
    let mut stack = vec![&mut node];
    while let Some(n) = stack.pop() {
        n.span = map(&n.span);
        match &mut n.kind {
            NodeKind::Array(items) => stack.extend(items.iter_mut()),
            NodeKind::Object(members) => {
                for m in members {
                    m.key_span = map(&m.key_span);
                    stack.push(&mut m.value);
                }
            }
            _ => {}
        }
    }
    node
}

/// Every span of `node` set to `span` (a definition parsed out of a string).
fn at_span(mut node: Node, span: &Range<usize>) -> Node {
    let mut stack = vec![&mut node];
    while let Some(n) = stack.pop() {
        n.span = span.clone();
        match &mut n.kind {
            NodeKind::Array(items) => stack.extend(items.iter_mut()),
            NodeKind::Object(members) => {
                for m in members {
                    m.key_span = span.clone();
                    stack.push(&mut m.value);
                }
            }
            _ => {}
        }
    }
    node
}

impl Resolved {
    /// Moves diagnostics about [`Resolved::text`] to the original file: each goes to the
    /// value (or key) it is about there. The JSON pointer is kept.
    pub fn remap(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let Ok(generated) = json::parse(&self.text) else {
            return diagnostics;
        };
        diagnostics
            .into_iter()
            .map(|mut d| {
                d.span = locate(&generated, &self.definition, d.span.start)
                    .unwrap_or_else(|| self.definition.span.clone());
                d
            })
            .collect()
    }

    /// The JSON pointer of the deepest value at `offset` of [`Resolved::text`].
    pub fn pointer_at(&self, offset: usize) -> String {
        let Ok(generated) = json::parse(&self.text) else {
            return String::new();
        };
        let mut pointer = String::new();
        let mut node = &generated;
        'walk: loop {
            match &node.kind {
                NodeKind::Object(members) => {
                    for m in members {
                        if m.value.span.contains(&offset) || m.key_span.contains(&offset) {
                            pointer.push('/');
                            pointer.push_str(&escape_pointer_token(&m.key));
                            node = &m.value;
                            continue 'walk;
                        }
                    }
                }
                NodeKind::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if item.span.contains(&offset) {
                            pointer.push_str(&format!("/{i}"));
                            node = item;
                            continue 'walk;
                        }
                    }
                }
                _ => {}
            }
            return pointer;
        }
    }
}

/// Where each state is declared (its key), in every scope: the machine, Parallel branches
/// and Map processors, in document order. For a resolved definition the spans point into
/// its origin file, so a diagram node can be traced to the template line.
pub fn state_positions(definition: &Node) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut scopes = vec![definition];
    while let Some(scope) = scopes.pop() {
        let states = scope.get("States").map(Node::members).unwrap_or(&[]);
        for m in states {
            out.push((m.key.clone(), m.key_span.clone()));
        }
        // Inner scopes after this one, first state first.
        for m in states.iter().rev() {
            let s = &m.value;
            scopes.extend(s.get("Iterator"));
            scopes.extend(s.get("ItemProcessor"));
            scopes.extend(
                s.get("Branches")
                    .map(Node::items)
                    .unwrap_or(&[])
                    .iter()
                    .rev(),
            );
        }
    }
    out
}

/// The span in `original` of what holds byte `offset` in `generated` (same shape).
fn locate(generated: &Node, original: &Node, offset: usize) -> Option<Range<usize>> {
    let (mut g, mut o) = (generated, original);
    loop {
        let next = match (&g.kind, &o.kind) {
            (NodeKind::Object(gm), NodeKind::Object(_)) => {
                let Some(m) = gm
                    .iter()
                    .find(|m| m.key_span.contains(&offset) || m.value.span.contains(&offset))
                else {
                    return Some(o.span.clone());
                };
                let om = o.member(&m.key)?;
                if m.key_span.contains(&offset) {
                    return Some(om.key_span.clone());
                }
                (&m.value, &om.value)
            }
            (NodeKind::Array(gi), NodeKind::Array(oi)) => {
                let Some(i) = gi.iter().position(|i| i.span.contains(&offset)) else {
                    return Some(o.span.clone());
                };
                (&gi[i], oi.get(i)?)
            }
            _ => return Some(o.span.clone()),
        };
        g = next.0;
        o = next.1;
    }
}

#[cfg(test)]
mod is_asl_json_tests {
    use super::{is_asl_json, open, Format};

    /// Whatever the text, `is_asl_json` never says yes where `open` would not find ASL JSON.
    #[test]
    fn agrees_with_open() {
        let texts = [
            r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
            r#"{"Comment": "x", "States": {}}"#,
            r#"{"StartAt": "A"}"#,
            r#"{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine"}}}"#,
            r#"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}"#,
            r#"{"stepFunctions": {"stateMachines": {}}}"#,
            r#"{"Sta\u0074es": {}}"#,
            r#"{"States": {}} trailing"#,
            r#"["States"]"#,
            "\u{feff}{\"States\": {}}",
            "StartAt: A\nStates: {}\n",
            r#"{"States": "#,
        ];
        for text in texts {
            let open_says = open(text, "x.json").is_ok_and(|s| s.format() == Format::AslJson);
            if is_asl_json(text) {
                assert!(open_says, "{text:?}");
            }
        }
        assert!(is_asl_json(texts[0]) && is_asl_json(texts[6]));
        assert!(!is_asl_json(texts[3]) && !is_asl_json(texts[5]));
    }
}
