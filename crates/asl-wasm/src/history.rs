//! History events written straight to JSON text, for `Execution.stepJson`.
//!
//! `HistoryEvent::to_json` builds a `serde_json::Value` tree per event (a map with hashed keys,
//! a string per document), which the boundary then serialized again and JavaScript parsed: on
//! a 25,000-event run that conversion cost about six times the interpreter itself. Here each
//! event is serialized once, from the event, into the text of one batch; documents are written
//! as JSON strings by escaping their serialization on the fly. The output is the same JSON as
//! `to_json` (a test compares the two on every event type the examples produce).

use asl_core::exec::{format_iso, Detail, HistoryEvent};
use asl_core::Doc;

/// Appends `events` as a JSON array to `out`. `known` is a document whose JSON text the
/// caller already has (the execution's output, which the step result carries too): written
/// from that text instead of being serialized a second time.
pub(crate) fn write_events(
    events: &[HistoryEvent],
    known: Option<(&Doc, &str)>,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let mut writer = EventWriter {
        known: known.map(|(doc, json)| (doc.clone(), json)),
        ..EventWriter::default()
    };
    // Most events are a few hundred bytes: one allocation for a batch of small ones.
    out.reserve(events.len() * 256);
    out.push(b'[');
    for (i, event) in events.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        writer.event(event, out)?;
    }
    out.push(b']');
    Ok(())
}

/// Writes events, remembering the last timestamp and document it wrote: consecutive events
/// mostly share both (a state's entered and exited events, the next state's input), and a
/// document is the costly part of an event.
#[derive(Default)]
struct EventWriter<'a> {
    /// Epoch milliseconds and their ISO text.
    time: Option<(i64, String)>,
    /// A document (kept alive, so the pointer cannot be reused) and where its quoted JSON
    /// text is in the batch's output.
    doc: Option<(Doc, std::ops::Range<usize>)>,
    /// A document whose JSON text the caller already has.
    known: Option<(Doc, &'a str)>,
    /// `HistoryEvent::details_key` by event type and whether the details are empty (all it
    /// depends on): a batch has a few types, and the key is a new `String` each time.
    keys: Vec<((&'static str, bool), Option<String>)>,
}

impl EventWriter<'_> {
    /// One event in `GetExecutionHistory` shape, as `HistoryEvent::to_json` renders it.
    fn event(&mut self, event: &HistoryEvent, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(br#"{"id":"#);
        serde_json::to_writer(&mut *out, &event.id)?;
        out.extend_from_slice(br#","previousEventId":"#);
        serde_json::to_writer(&mut *out, &event.previous_event_id)?;
        out.extend_from_slice(br#","timestamp":"#);
        let time = match &self.time {
            Some((ms, text)) if *ms == event.timestamp_ms => text,
            _ => {
                &self
                    .time
                    .insert((event.timestamp_ms, format_iso(event.timestamp_ms)))
                    .1
            }
        };
        quote(time, out);
        out.extend_from_slice(br#","type":"#);
        quote(event.event_type, out);
        if let Some(key) = self.details_key(event) {
            out.push(b',');
            quote(key, out);
            out.extend_from_slice(b":{");
            for (i, (name, detail)) in event.details.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                quote(name, out);
                out.push(b':');
                match detail {
                    Detail::Str(s) => string(s, out)?,
                    Detail::Doc(doc) => self.doc(doc, out),
                    Detail::Truncated => out.extend_from_slice(b"\"\""),
                    Detail::Json(value) => serde_json::to_writer(&mut *out, value)?,
                    Detail::Int(n) => serde_json::to_writer(&mut *out, n)?,
                    Detail::Unmocked => out.extend_from_slice(br#"{"unmocked":true}"#),
                    Detail::Truncation(flag) => {
                        out.extend_from_slice(br#"{"truncated":"#);
                        serde_json::to_writer(&mut *out, flag)?;
                        out.push(b'}');
                    }
                }
            }
            out.push(b'}');
        }
        out.push(b'}');
        Ok(())
    }

    fn details_key(&mut self, event: &HistoryEvent) -> Option<&str> {
        let id = (event.event_type, event.details.is_empty());
        let at = match self.keys.iter().position(|(k, _)| *k == id) {
            Some(at) => at,
            None => {
                self.keys.push((id, event.details_key()));
                self.keys.len() - 1
            }
        };
        self.keys.get(at).and_then(|(_, key)| key.as_deref())
    }

    /// A document as a JSON string holding its JSON text (AWS's `input`, `output`, …).
    fn doc(&mut self, doc: &Doc, out: &mut Vec<u8>) {
        if let Some((last, range)) = &self.doc {
            if last.ptr_eq(doc) {
                out.extend_from_within(range.clone());
                return;
            }
        }
        let start = out.len();
        match &self.known {
            Some((known, json)) if known.ptr_eq(doc) => {
                out.push(b'"');
                escape_quotes(json.as_bytes(), out);
                out.push(b'"');
            }
            _ => {
                out.push(b'"');
                doc_quoted(doc, out);
                out.push(b'"');
            }
        }
        self.doc = Some((doc.clone(), start..out.len()));
    }
}

/// `doc`'s compact JSON text (serde_json's bytes) escaped as the contents of a JSON string,
/// in one pass: through serde_json into a `String`, then escaped and copied, documents were
/// most of writing the events (a fifth of map-1k's run in the page's wasm, bench/README.md).
fn doc_quoted(doc: &Doc, out: &mut Vec<u8>) {
    match doc {
        Doc::Null => out.extend_from_slice(b"null"),
        Doc::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        // Digits, signs, `.` and `e`: nothing to escape.
        Doc::Number(n) => {
            let _ = serde_json::to_writer(&mut *out, n);
        }
        Doc::String(s) => string_quoted(s, out),
        Doc::Array(a) => {
            out.push(b'[');
            for (i, item) in a.items().iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                doc_quoted(item, out);
            }
            out.push(b']');
        }
        Doc::Object(o) => {
            out.push(b'{');
            for (i, (key, value)) in o.members().iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string_quoted(key, out);
                out.push(b':');
                doc_quoted(value, out);
            }
            out.push(b'}');
        }
    }
}

/// A string of a document, as serde_json writes it (`"`, `\` and control characters
/// escaped), escaped once more for the JSON string around the document.
fn string_quoted(s: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(br#"\""#);
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'"' => br#"\\\""#,
            b'\\' => br"\\\\",
            b'\n' => br"\\n",
            b'\r' => br"\\r",
            b'\t' => br"\\t",
            0x08 => br"\\b",
            0x0c => br"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(br"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escaped);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.extend_from_slice(br#"\""#);
}

/// A JSON string that may need escaping (state names, errors and causes are user data).
/// Most need none and are copied as they are: much cheaper than serde_json's escaping loop
/// at the size-optimized opt-level the wasm is built with.
fn string(s: &str, out: &mut Vec<u8>) -> serde_json::Result<()> {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        return serde_json::to_writer(out, s);
    }
    quote(s, out);
    Ok(())
}

/// A JSON string known to need no escaping: the core's own names (event types, detail
/// names) and ISO timestamps, never user data.
fn quote(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

/// Appends `bytes` with `"` and `\` escaped.
fn escape_quotes(bytes: &[u8], out: &mut Vec<u8>) {
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' || b == b'\\' {
            out.extend_from_slice(&bytes[start..i]);
            out.extend_from_slice(&[b'\\', b]);
            start = i + 1;
        }
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use asl_core::exec::{run_texts, ExecOptions, RunRequest};
    use serde_json::{json, Value};
    use std::path::Path;

    /// Every test case of every gallery example, plus documents with characters that need
    /// escaping: `write_events` must produce exactly `to_json`'s events.
    #[test]
    fn events_text_matches_to_json() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut runs = Vec::new();
        let Ok(entries) = std::fs::read_dir(&examples) else {
            panic!("examples/ is missing at {}", examples.display());
        };
        for entry in entries.flatten() {
            let read = |name: &str| std::fs::read_to_string(entry.path().join(name)).ok();
            let (Some(definition), Some(meta)) =
                (read("definition.asl.json"), read("example.json"))
            else {
                continue;
            };
            let meta: Value = serde_json::from_str(&meta).unwrap_or(Value::Null);
            let cases: Vec<String> = meta["testCases"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for case in cases {
                runs.push((
                    definition.clone(),
                    read("input.json").unwrap_or_default(),
                    read("mocks.json"),
                    Some(case),
                ));
            }
        }
        assert!(
            runs.len() >= 20,
            "found only {} example test cases",
            runs.len()
        );
        let tricky = json!({"quote\"": "back\\slash \n tab\t é 😀 \u{1} \r \u{8} \u{c} \u{1f} \u{7f}", "n": [1.5, -0.0, 1e300, null], "b": [true, false, {}, []]});
        let definition = json!({"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Result": tricky, "ResultPath": "$.r", "Next": "F"},
            "F": {"Type": "Fail", "Error": "E\"rr", "Cause": "c\\ause"}}});
        runs.push((definition.to_string(), tricky.to_string(), None, None));
        // A Fail with neither Error nor Cause: `executionFailedEventDetails` is `{}`.
        let bare_fail = json!({"StartAt": "F", "States": {"F": {"Type": "Fail"}}});
        runs.push((bare_fail.to_string(), "{}".into(), None, None));

        let mut types = std::collections::BTreeSet::new();
        for (definition, input, mocks, case) in &runs {
            let request = RunRequest {
                definition,
                input,
                mocks: mocks.as_deref(),
                state_machine: None,
                test_case: case.as_deref(),
                options: ExecOptions::default(),
            };
            let result = match run_texts(&request) {
                Ok(result) => result,
                Err(e) => panic!("{case:?} did not start: {e:?}"),
            };
            let events = result.execution.events();
            let mut text = Vec::new();
            assert!(write_events(events, None, &mut text).is_ok());
            // The output's text given as known writes the same bytes.
            if let Some(doc) = result.execution.output_doc() {
                let mut again = Vec::new();
                let json = doc.to_json_string();
                assert!(write_events(events, Some((doc, &json)), &mut again).is_ok());
                assert_eq!(again, text, "{case:?}");
            }
            let ours: Value = serde_json::from_slice(&text).unwrap_or(Value::Null);
            let theirs: Vec<Value> = events.iter().map(HistoryEvent::to_json).collect();
            assert_eq!(ours, Value::Array(theirs), "{case:?}");
            // Key order too (serde_json keeps it): compare the texts.
            let theirs_text = serde_json::to_string(
                &events.iter().map(HistoryEvent::to_json).collect::<Vec<_>>(),
            );
            assert_eq!(String::from_utf8(text).ok(), theirs_text.ok(), "{case:?}");
            types.extend(events.iter().map(|e| e.event_type));
        }
        assert!(
            types.len() >= 20,
            "only {} event types covered: {types:?}",
            types.len()
        );
    }
}
