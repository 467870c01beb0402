//! Execution history in the shape of `GetExecutionHistory`.
//!
//! Events keep documents as shared [`Doc`]s (an O(1) clone); the JSON *strings* AWS puts in `input`,
//! `output` and `parameters` are produced only when [`HistoryEvent::to_json`] is called, so a
//! run that nobody inspects never serializes its documents.

use std::rc::Rc;

use serde_json::{json, Map, Value};

use crate::doc::Doc;

use super::clock::format_iso;

/// A field of an event's `*EventDetails` object.
#[derive(Debug, Clone)]
pub enum Detail {
    /// A plain string (shared: state names are recorded at every visit).
    Str(Rc<str>),
    /// A JSON document, rendered as JSON text (AWS's `input`/`output` fields).
    Doc(Doc),
    /// A document that was not kept because the run's history outgrew its memory budget
    /// (rendered as `""`; the neighbouring `*Details` says `"truncated": true`).
    Truncated,
    /// A JSON value rendered as itself (boxed: it is rare, and the other variants are small
    /// enough to keep an event's details inline).
    Json(Box<Value>),
    /// An integer.
    Int(i64),
    /// A payload's `*Details` object, `{"truncated": <flag>}`. A variant of its own so that
    /// recording an event allocates no map (every payload-carrying event has one).
    Truncation(bool),
    /// `{"unmocked": true}`: the marker of a result the host made up (under the extension key
    /// `x-asl-playground`). A variant of its own: every unmocked or submitted task has one.
    Unmocked,
}

/// One history event.
#[derive(Debug, Clone)]
pub struct HistoryEvent {
    /// 1-based event id.
    pub id: u64,
    /// Id of the event before this one (0 for the first).
    pub previous_event_id: u64,
    /// Virtual time of the event, epoch milliseconds.
    pub timestamp_ms: i64,
    /// The `HistoryEventType`, e.g. `TaskStateEntered`.
    pub event_type: &'static str,
    /// The `*EventDetails` fields in order.
    pub details: Details,
}

/// An event's detail fields: up to three inline (a state's entered and exited events carry
/// three), so recording an event allocates nothing but what its details hold.
pub type Details = smallvec::SmallVec<[(&'static str, Detail); 3]>;

/// Name of the details object for an event type (`TaskStateEntered` → `stateEnteredEventDetails`,
/// `TaskScheduled` → `taskScheduledEventDetails`), or `None` for an empty type name.
pub fn details_key(event_type: &str) -> Option<String> {
    if event_type.ends_with("StateEntered") {
        return Some("stateEnteredEventDetails".into());
    }
    if event_type.ends_with("StateExited") {
        return Some("stateExitedEventDetails".into());
    }
    let mut chars = event_type.chars();
    let first = chars.next()?;
    Some(format!(
        "{}{}EventDetails",
        first.to_ascii_lowercase(),
        chars.as_str()
    ))
}

impl HistoryEvent {
    /// The event as `GetExecutionHistory` returns it (timestamp as ISO-8601 text).
    pub fn to_json(&self) -> Value {
        let mut event = Map::new();
        event.insert("id".into(), json!(self.id));
        event.insert("previousEventId".into(), json!(self.previous_event_id));
        event.insert("timestamp".into(), json!(format_iso(self.timestamp_ms)));
        event.insert("type".into(), json!(self.event_type));
        if let Some(key) = self.details_key() {
            let mut details = Map::new();
            for (name, detail) in &self.details {
                let value = match detail {
                    Detail::Str(s) => Value::String(s.to_string()),
                    Detail::Doc(doc) => Value::String(doc.to_json_string()),
                    Detail::Truncated => Value::String(String::new()),
                    Detail::Json(v) => (**v).clone(),
                    Detail::Int(n) => json!(n),
                    Detail::Truncation(flag) => json!({ "truncated": flag }),
                    Detail::Unmocked => json!({ "unmocked": true }),
                };
                details.insert((*name).into(), value);
            }
            event.insert(key, Value::Object(details));
        }
        Value::Object(event)
    }

    /// Name of the event's details object, or `None` when the event has none: an event
    /// without detail fields has no details object, except `ExecutionFailed`, which AWS
    /// records as `"executionFailedEventDetails": {}` for a Fail state with neither `Error`
    /// nor `Cause`.
    pub fn details_key(&self) -> Option<String> {
        if self.details.is_empty() && self.event_type != "ExecutionFailed" {
            return None;
        }
        details_key(self.event_type)
    }

    /// A detail field by name.
    pub fn detail(&self, name: &str) -> Option<&Detail> {
        self.details
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, d)| d)
    }
}

/// `{"truncated": false}`, the `inputDetails`/`outputDetails` of a payload kept in full.
pub(crate) fn not_truncated() -> Detail {
    Detail::Truncation(false)
}

/// A payload field and its `*Details` companion, e.g. `input` + `inputDetails`.
pub(crate) fn payload(
    field: &'static str,
    details: &'static str,
    doc: Option<&Doc>,
) -> [(&'static str, Detail); 2] {
    match doc {
        Some(doc) => [
            (field, Detail::Doc(doc.clone())),
            (details, not_truncated()),
        ],
        None => [
            (field, Detail::Truncated),
            (details, Detail::Truncation(true)),
        ],
    }
}
