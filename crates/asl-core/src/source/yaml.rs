//! YAML 1.2 into the positioned JSON tree ([`Node`]) the validator works on, so a diagnostic
//! about a YAML definition or template points at the YAML line and column.
//!
//! Scalars are resolved with YAML 1.2's core schema (`true`, `null`, `0x1F`, `1e3`, …; quoted
//! scalars are always strings). CloudFormation's short tags become the long form the
//! resolver reads: `!Ref X` → `{"Ref": "X"}`, `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`,
//! `!Condition C` → `{"Condition": "C"}`, any other `!Name v` → `{"Fn::Name": v}`.
//! Aliases copy their anchored node; the total node count is capped so a "billion laughs"
//! document ends with a diagnostic instead of exhausting memory.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::Number;

use crate::diagnostics::{Diagnostic, Severity};
use crate::json::{Member, Node, NodeKind, MAX_DEPTH};

/// Most nodes a document may expand to (aliases included): far above any real template.
pub const MAX_YAML_NODES: usize = 1_000_000;
/// Most string bytes aliases may copy (64 MiB, the CLI's largest file).
pub const MAX_YAML_BYTES: usize = 64 * 1024 * 1024;

/// Parses the first YAML document of `text` into a [`Node`] whose spans are byte ranges of
/// `text`. The error is an `INVALID_YAML` diagnostic.
pub fn parse(text: &str) -> Result<Node, Diagnostic> {
    let offsets = CharOffsets::new(text);
    let mut b = Builder {
        text,
        offsets: &offsets,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        bytes: 0,
        root: None,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let at = offsets.byte(e.marker().index());
            error(text, at, format!("not valid YAML: {}", e.info()))
        })?;
        if b.event(event, span)? {
            break;
        }
    }
    b.root
        .ok_or_else(|| error(text, 0, "the document is empty: expected a mapping".into()))
}

fn error(text: &str, at: usize, message: String) -> Diagnostic {
    let at = at.min(text.len());
    let mut end = (at + 1).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Diagnostic {
        code: "INVALID_YAML",
        severity: Severity::Error,
        message,
        pointer: String::new(),
        span: at..end,
    }
}

/// saphyr counts characters; spans are bytes.
struct CharOffsets {
    /// Byte offset of each character (empty when the text is ASCII: identity).
    bytes: Vec<usize>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        CharOffsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, index: usize) -> usize {
        if self.bytes.is_empty() {
            index.min(self.len)
        } else {
            self.bytes.get(index).copied().unwrap_or(self.len)
        }
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
        tag: Option<Tag>,
    },
    Map {
        members: Vec<Member>,
        key: Option<(String, Range<usize>)>,
        start: usize,
        anchor: usize,
        tag: Option<Tag>,
    },
}

struct Builder<'a> {
    text: &'a str,
    offsets: &'a CharOffsets,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    bytes: usize,
    root: Option<Node>,
}

impl Builder<'_> {
    fn span(&self, span: &Span) -> Range<usize> {
        self.offsets.byte(span.start.index())..self.offsets.byte(span.end.index())
    }

    /// Handles one event; true once the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, Diagnostic> {
        let range = self.span(&span);
        match event {
            Event::DocumentStart(_) if self.root.is_some() => return Ok(true),
            Event::Scalar(value, style, anchor, tag) => {
                self.count(range.start)?;
                let node = scalar(&value, style, tag.as_deref(), range.clone())
                    .map_err(|m| error(self.text, range.start, m))?;
                let node = self.short_tag(node, tag.as_deref(), range.clone())?;
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node)?;
            }
            Event::Alias(anchor) => {
                let anchored = self.anchors.get(&anchor).ok_or_else(|| {
                    error(self.text, range.start, "alias to an unknown anchor".into())
                })?;
                // Measured before it is copied: an alias may not grow the document past the
                // node, byte or depth limits.
                let w = weight(anchored);
                self.nodes += w.nodes;
                self.bytes += w.bytes;
                if self.nodes > MAX_YAML_NODES || self.bytes > MAX_YAML_BYTES {
                    return Err(self.too_many(range.start));
                }
                if self.stack.len() + w.depth > MAX_DEPTH {
                    return Err(error(
                        self.text,
                        range.start,
                        format!("nesting deeper than {MAX_DEPTH} levels (through an alias)"),
                    ));
                }
                let node = anchored.clone();
                self.push(node)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(range.start)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: range.start,
                    anchor,
                    tag: tag.map(|t| t.into_owned()),
                });
            }
            Event::MappingStart(anchor, tag) => {
                self.open(range.start)?;
                self.stack.push(Frame::Map {
                    members: Vec::new(),
                    key: None,
                    start: range.start,
                    anchor,
                    tag: tag.map(|t| t.into_owned()),
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (kind, start, anchor, tag) = match self.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        start,
                        anchor,
                        tag,
                    }) => (NodeKind::Array(items), start, anchor, tag),
                    Some(Frame::Map {
                        members,
                        start,
                        anchor,
                        tag,
                        ..
                    }) => (NodeKind::Object(merge_keys(members)), start, anchor, tag),
                    None => return Ok(false),
                };
                let end = range.end.max(start);
                let node = Node {
                    kind,
                    span: start..trim_end(self.text, start, end),
                };
                let span = node.span.clone();
                let node = self.short_tag(node, tag.as_ref(), span)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, node.clone());
                }
                self.push(node)?;
            }
            _ => {}
        }
        Ok(false)
    }

    fn too_many(&self, at: usize) -> Diagnostic {
        error(
            self.text,
            at,
            format!("the document expands to more than {MAX_YAML_NODES} values or {MAX_YAML_BYTES} bytes (through aliases)"),
        )
    }

    fn count(&mut self, at: usize) -> Result<(), Diagnostic> {
        self.nodes += 1;
        if self.nodes > MAX_YAML_NODES {
            return Err(self.too_many(at));
        }
        Ok(())
    }

    fn open(&mut self, at: usize) -> Result<(), Diagnostic> {
        self.count(at)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err(error(
                self.text,
                at,
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    /// Places a finished node in its parent (or as the root).
    fn push(&mut self, node: Node) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { members, key, .. }) => match key.take() {
                Some((name, key_span)) => members.push(Member {
                    key: name,
                    key_span,
                    value: node,
                }),
                None => {
                    let name = match &node.kind {
                        NodeKind::String(s) => s.clone(),
                        NodeKind::Number(n) => n.to_string(),
                        NodeKind::Bool(b) => b.to_string(),
                        NodeKind::Null => "null".into(),
                        _ => {
                            return Err(error(
                                self.text,
                                node.span.start,
                                "a mapping key must be a scalar (JSON keys are strings)".into(),
                            ))
                        }
                    };
                    *key = Some((name, node.span));
                }
            },
        }
        Ok(())
    }

    /// CloudFormation's short-form intrinsic functions, rewritten into their long form.
    fn short_tag(
        &self,
        node: Node,
        tag: Option<&Tag>,
        span: Range<usize>,
    ) -> Result<Node, Diagnostic> {
        let Some(tag) = tag else { return Ok(node) };
        if tag.handle != "!" {
            return Ok(node);
        }
        let name = tag.suffix.as_str();
        let (key, value) = match name {
            "Ref" | "Condition" => (name.to_string(), node),
            "GetAtt" => {
                let value = match &node.kind {
                    NodeKind::String(s) => {
                        let (resource, attribute) = s.split_once('.').ok_or_else(|| {
                            error(
                                self.text,
                                span.start,
                                format!("!GetAtt needs LogicalId.Attribute, got '{s}'"),
                            )
                        })?;
                        Node {
                            kind: NodeKind::Array(vec![
                                string(resource, node.span.clone()),
                                string(attribute, node.span.clone()),
                            ]),
                            span: node.span.clone(),
                        }
                    }
                    _ => node,
                };
                ("Fn::GetAtt".to_string(), value)
            }
            _ => (format!("Fn::{name}"), node),
        };
        Ok(Node {
            kind: NodeKind::Object(vec![Member {
                key,
                key_span: span.clone(),
                value,
            }]),
            span,
        })
    }
}

/// YAML 1.1's merge key (`<<: *defaults`, or a list of them), which the Serverless
/// Framework's YAML reader applies: the merged mappings' members that the mapping does not
/// set itself are added. (Merged nodes were already counted when their aliases were.)
fn merge_keys(members: Vec<Member>) -> Vec<Member> {
    if !members.iter().any(|m| m.key == "<<") {
        return members;
    }
    let (merges, mut own): (Vec<Member>, Vec<Member>) =
        members.into_iter().partition(|m| m.key == "<<");
    for merge in merges {
        let sources: Vec<&Node> = match &merge.value.kind {
            NodeKind::Object(_) => vec![&merge.value],
            NodeKind::Array(items) => items.iter().filter(|i| i.is_object()).collect(),
            _ => {
                own.push(merge);
                continue;
            }
        };
        for source in sources {
            for m in source.members() {
                if !own.iter().any(|o| o.key == m.key) {
                    own.push(m.clone());
                }
            }
        }
    }
    own
}

/// Block collections end after trailing line breaks and comments; end at the last content.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let slice = text.get(start..end).unwrap_or("");
    start + slice.trim_end().len()
}

struct Weight {
    nodes: usize,
    bytes: usize,
    depth: usize,
}

/// Values, string bytes and nesting depth of a node (iteratively).
fn weight(node: &Node) -> Weight {
    let mut w = Weight {
        nodes: 0,
        bytes: 0,
        depth: 0,
    };
    let mut stack = vec![(node, 1usize)];
    while let Some((n, depth)) = stack.pop() {
        w.nodes += 1;
        w.depth = w.depth.max(depth);
        match &n.kind {
            NodeKind::String(s) => w.bytes += s.len(),
            NodeKind::Array(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            NodeKind::Object(members) => {
                for m in members {
                    w.bytes += m.key.len();
                    stack.push((&m.value, depth + 1));
                }
            }
            _ => {}
        }
    }
    w
}

fn string(s: &str, span: Range<usize>) -> Node {
    Node {
        kind: NodeKind::String(s.to_string()),
        span,
    }
}

/// A scalar's value under YAML 1.2's core schema (or its explicit `!!` tag).
fn scalar(
    value: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    span: Range<usize>,
) -> Result<Node, String> {
    let core = tag.filter(|t| t.is_yaml_core_schema());
    let kind = match core.map(|t| t.suffix.as_str()) {
        Some("str") | Some("binary") => NodeKind::String(value.to_string()),
        Some("null") => NodeKind::Null,
        Some("bool") => match bool_of(value) {
            Some(b) => NodeKind::Bool(b),
            None => return Err(format!("'{value}' is not a !!bool")),
        },
        Some("int") | Some("float") => match number_of(value) {
            Some(n) => NodeKind::Number(n),
            None => return Err(format!("'{value}' is not a number")),
        },
        Some(other) if other != "map" && other != "seq" => {
            return Err(format!("unsupported tag !!{other}"))
        }
        _ if style != ScalarStyle::Plain || tag.is_some() => NodeKind::String(value.to_string()),
        _ => plain(value),
    };
    Ok(Node { kind, span })
}

fn bool_of(value: &str) -> Option<bool> {
    match value {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn plain(value: &str) -> NodeKind {
    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
        return NodeKind::Null;
    }
    if let Some(b) = bool_of(value) {
        return NodeKind::Bool(b);
    }
    match number_of(value) {
        Some(n) => NodeKind::Number(n),
        None => NodeKind::String(value.to_string()),
    }
}

/// Core-schema integers (decimal, `0o`, `0x`) and floats; `.inf`/`.nan` have no JSON form,
/// so they stay strings.
fn number_of(value: &str) -> Option<Number> {
    if let Some(hex) = value.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if let Some(oct) = value.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(Number::from);
    }
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = value.parse::<i64>() {
            return Some(Number::from(i));
        }
        if let Ok(u) = digits.parse::<u64>() {
            if !value.starts_with('-') {
                return Some(Number::from(u));
            }
        }
    }
    let float_chars = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if !float_chars || digits == "." {
        return None;
    }
    value
        .trim_start_matches('+')
        .parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
}
