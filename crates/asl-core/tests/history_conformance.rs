//! Runs every recorded AWS case that has a `history.json` (in `../shared/conformance`, read in
//! place) through `exec::run_texts`, the code path of `asl run --history`, and compares our
//! execution history with the one AWS recorded, at three levels:
//!
//! - **sequence**: the same events in the same order, by event `type` and the state `name` in
//!   the details (the README's "stricter check");
//! - **fields**: the sequence matches and every event has the same details object with the
//!   same field names (our `x-asl-playground` extension field aside);
//! - **values**: the fields match and so do the values, comparing JSON text fields as JSON,
//!   treating the recorder's placeholders (`<uuid:1>`, `<region>`, …) as wildcards and
//!   ignoring `roleArn` and `previousEventId` (redacted or recorder-specific).
//!
//! Parallel branches' events were sorted by the recorder, which also left out
//! `ParallelStateSucceeded`; [`mirror_recorder`] applies the same to our events first.
//!
//! The counts and the most frequent difference classes are written to
//! `tests/history-summary.txt`; the test fails when a count differs from the committed file
//! (`UPDATE_HISTORY=1 cargo test -p asl-core --test history_conformance` rewrites it after an
//! improvement). `HISTORY_VERBOSE=1` prints each differing case. Without the folder the test
//! says so and passes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use asl_core::exec::{run_texts, ExecOptions, RunRequest};
use serde_json::{Map, Value};

fn summary_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/history-summary.txt")
}

fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

/// How one case compares, and why it differs (one class per level that failed).
#[derive(Default)]
struct Compared {
    sequence: bool,
    fields: bool,
    values: bool,
    classes: Vec<String>,
    detail: String,
}

/// The details object of an event: its one `…EventDetails` member (name and value).
fn details(event: &Value) -> Option<(&str, &Map<String, Value>)> {
    event.as_object()?.iter().find_map(|(k, v)| {
        k.ends_with("EventDetails")
            .then(|| v.as_object().map(|o| (k.as_str(), o)))
            .flatten()
    })
}

fn event_type(event: &Value) -> &str {
    event.get("type").and_then(Value::as_str).unwrap_or("?")
}

/// `Type` or `Type(name)` for the sequence comparison.
fn step(event: &Value) -> String {
    let name = details(event).and_then(|(_, d)| d.get("name")?.as_str());
    match name {
        Some(n) => format!("{}({n})", event_type(event)),
        None => event_type(event).to_string(),
    }
}

/// True when `actual` matches `expected`, where `expected` may hold the recorder's
/// `<placeholder>` segments (each matches any text).
fn text_matches(expected: &str, actual: &str) -> bool {
    if !expected.contains('<') {
        return expected == actual;
    }
    let mut literals = Vec::new();
    let mut rest = expected;
    while let Some(open) = rest.find('<') {
        match rest[open..].find('>') {
            Some(close) => {
                literals.push(&rest[..open]);
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    literals.push(rest);
    let mut at = 0;
    for (i, lit) in literals.iter().enumerate() {
        if i == 0 {
            if !actual.starts_with(lit) {
                return false;
            }
            at = lit.len();
        } else if i == literals.len() - 1 {
            return actual.len() >= at + lit.len() && actual[at..].ends_with(lit);
        } else {
            match actual[at..].find(lit) {
                Some(found) => at += found + lit.len(),
                None => return false,
            }
        }
    }
    true
}

/// Values the recorder redacted without angle brackets: the whole string is a wildcard.
const BARE_PLACEHOLDERS: &[&str] = &["date", "timestamp", "snf_role_arn"];

/// The recorder's account id; ours is 123456789012.
const RECORDED_ACCOUNT: &str = "111111111111";

/// Two ARNs of the same service: the recorder redacted partition, region, account and
/// resource names (and the cases replaced function ARNs with `HoldoutFakeFunction`).
fn same_service_arn(expected: &str, actual: &str) -> bool {
    let service = |s: &str| {
        let parts: Vec<&str> = s.split(':').collect();
        (parts.len() >= 6 && parts[0] == "arn").then(|| parts[2].to_string())
    };
    let redacted = expected.contains('<') || expected.contains(RECORDED_ACCOUNT);
    redacted && service(expected).is_some() && service(expected) == service(actual)
}

/// Value equality with placeholders; a JSON text on our side equals a parsed value on theirs.
fn value_matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::String(e), Value::String(a)) => {
            BARE_PLACEHOLDERS.contains(&e.as_str())
                || text_matches(&e.replace(RECORDED_ACCOUNT, "<account>"), a)
                || same_service_arn(e, a)
                || serde_json::from_str::<Value>(a).is_ok_and(|parsed| {
                    !parsed.is_string() && value_matches(expected, &parsed)
                })
                // The recorder kept input texts as sent (with spaces); compare as JSON.
                || matches!(
                    (serde_json::from_str::<Value>(e), serde_json::from_str::<Value>(a)),
                    (Ok(x), Ok(y)) if !x.is_string() && value_matches(&x, &y)
                )
        }
        (e, Value::String(a)) if !e.is_string() => {
            serde_json::from_str::<Value>(a).is_ok_and(|parsed| value_matches(e, &parsed))
        }
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len()
                && e.iter()
                    .all(|(k, v)| a.get(k).is_some_and(|w| value_matches(v, w)))
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(v, w)| value_matches(v, w))
        }
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (e, a) => e == a,
    }
}

const OURS_ONLY: &str = "x-asl-playground";
const IGNORED_VALUES: &[&str] = &["roleArn"];

/// The recorder's treatment of Parallel branches, applied to our events. Their events are
/// concurrent, so the recorder replaced their ids with `[0]` and sorted them (by type, then
/// state name), and it left out the `ParallelStateSucceeded` that AWS writes after them:
/// the ids around the block leave room for one more event (`ParallelStateExited` is id
/// N + 2 after a last branch event N, as `MapStateExited` follows `MapStateSucceeded`
/// N + 1). So where `expected` has a block of events without an integer id between ids
/// `p` and `q`, our `q - p - 1` events in that place are put in the recorded block's order,
/// and the `ParallelStateSucceeded` the recorder left out is dropped, provided every
/// recorded event of the block has a counterpart here and nothing else is left over. Anything else is left as it is (and compares unequal).
fn mirror_recorder(expected: &[Value], actual: &[Value]) -> Vec<Value> {
    let id = |e: &Value| e.get("id").and_then(Value::as_u64);
    let mut out = actual.to_vec();
    let mut i = 0;
    while i < expected.len() {
        if id(&expected[i]).is_some() || i == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < expected.len() && id(&expected[i]).is_none() {
            i += 1;
        }
        let block = &expected[start..i];
        let (Some(p), Some(q)) = (id(&expected[start - 1]), expected.get(i).and_then(id)) else {
            continue;
        };
        let span = (q.saturating_sub(p + 1)) as usize;
        if span < block.len() || start + span > out.len() {
            continue;
        }
        let mut ours: Vec<Option<Value>> =
            out[start..start + span].iter().cloned().map(Some).collect();
        let mut ordered = Vec::with_capacity(block.len());
        for e in block {
            let want = step(e);
            let found = ours
                .iter_mut()
                .find(|o| o.as_ref().is_some_and(|o| step(o) == want))
                .and_then(Option::take);
            match found {
                Some(event) => ordered.push(event),
                None => break,
            }
        }
        let left_out_succeeded = ours
            .iter()
            .flatten()
            .all(|o| event_type(o) == "ParallelStateSucceeded");
        if ordered.len() == block.len() && left_out_succeeded {
            out.splice(start..start + span, ordered);
        }
    }
    out
}

fn compare(expected: &[Value], actual: &[Value]) -> Compared {
    let actual = &mirror_recorder(expected, actual)[..];
    let mut out = Compared::default();
    let want: Vec<String> = expected.iter().map(step).collect();
    let got: Vec<String> = actual.iter().map(step).collect();
    if want != got {
        let i = want
            .iter()
            .zip(&got)
            .position(|(a, b)| a != b)
            .unwrap_or(want.len().min(got.len()));
        let kind = |events: &[Value]| events.get(i).map_or("(end)", event_type).to_string();
        let (e, a) = (kind(expected), kind(actual));
        out.classes.push(if e == a {
            format!("sequence: state names differ at a {e}")
        } else {
            format!("sequence: AWS has {e} where we have {a}")
        });
        out.detail = format!(
            "at event {}: AWS {:?}, ours {:?}",
            i + 1,
            want.get(i),
            got.get(i)
        );
        return out;
    }
    out.sequence = true;
    let mut fields_ok = true;
    let mut values_ok = true;
    let empty = Map::new();
    for (e, a) in expected.iter().zip(actual) {
        let ty = event_type(e);
        let (ek, ed) = details(e).unwrap_or(("", &empty));
        let (ak, ad) = details(a).unwrap_or(("", &empty));
        if ek != ak {
            fields_ok = false;
            out.classes.push(format!(
                "fields: {ty} details are `{ek}` at AWS, `{ak}` here"
            ));
            continue;
        }
        for k in ed.keys().filter(|k| !ad.contains_key(*k)) {
            fields_ok = false;
            out.classes
                .push(format!("fields: {ty} lacks `{k}` (AWS has it)"));
        }
        for k in ad
            .keys()
            .filter(|k| k.as_str() != OURS_ONLY && !ed.contains_key(*k))
        {
            fields_ok = false;
            out.classes
                .push(format!("fields: {ty} has `{k}` (AWS has not)"));
        }
        for (k, v) in ed {
            if IGNORED_VALUES.contains(&k.as_str()) {
                continue;
            }
            if let Some(w) = ad.get(k) {
                if !value_matches(v, w) {
                    values_ok = false;
                    out.classes.push(format!("values: {ty}.{k}"));
                    if out.detail.is_empty() {
                        out.detail = format!("{ty}.{k}: AWS {v}, ours {w}");
                    }
                }
            }
        }
    }
    out.classes.sort();
    out.classes.dedup();
    out.fields = fields_ok;
    out.values = fields_ok && values_ok;
    if !fields_ok {
        out.classes.retain(|c| !c.starts_with("values:"));
    }
    out
}

fn check_case(dir: &Path) -> Option<Compared> {
    let history = read(&dir.join("history.json"))?;
    let expected: Vec<Value> = serde_json::from_str(&history).unwrap_or_default();
    let fail = |class: &str, detail: String| Compared {
        classes: vec![class.to_string()],
        detail,
        ..Compared::default()
    };
    let (Some(definition), Some(input)) = (
        read(&dir.join("definition.json")),
        read(&dir.join("input.json")),
    ) else {
        return Some(fail("case files missing", String::new()));
    };
    let mocks = read(&dir.join("mocks.json"));
    let request = RunRequest {
        definition: &definition,
        input: &input,
        mocks: mocks.as_deref(),
        state_machine: None,
        test_case: mocks.as_ref().map(|_| "HoldoutCase"),
        options: ExecOptions::default(),
    };
    let actual = match run_texts(&request) {
        Ok(result) => result.to_json(true, false),
        Err(problem) => {
            let why: Vec<_> = problem
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect();
            return Some(fail("setup error", why.join("; ")));
        }
    };
    let events = actual
        .get("events")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Some(compare(&expected, &events))
}

#[test]
fn history_conformance() {
    let dir = common::files::conformance_dir().join("cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("history conformance: {} not found, skipping", dir.display());
        return;
    };
    let mut ids: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("history.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    let verbose = std::env::var_os("HISTORY_VERBOSE").is_some();
    let (mut sequence, mut fields, mut values) = (0usize, 0usize, 0usize);
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    for id in &ids {
        let Some(c) = check_case(&dir.join(id)) else {
            continue;
        };
        sequence += usize::from(c.sequence);
        fields += usize::from(c.fields);
        values += usize::from(c.values);
        for class in &c.classes {
            *classes.entry(class.clone()).or_default() += 1;
        }
        if verbose && !c.values {
            println!("DIFF {id}\n    {:?}\n    {}", c.classes, c.detail);
        }
    }
    let n = ids.len();
    let mut summary = format!(
        "cases with a recorded history: {n}\nsequence identical: {sequence}/{n}\n\
         fields identical: {fields}/{n}\nvalues identical: {values}/{n}\n"
    );
    let mut ranked: Vec<(&String, &usize)> = classes.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    summary.push_str("difference classes (cases), most frequent first:\n");
    for (class, count) in ranked.iter().take(40) {
        summary.push_str(&format!("  {count:>4}  {class}\n"));
    }
    print!("{summary}");
    assert!(n > 0, "no case has a history.json");

    let path = summary_path();
    if std::env::var_os("UPDATE_HISTORY").is_some() {
        std::fs::write(&path, &summary).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
        return;
    }
    // Only the counts are held to the committed file; the class list is for reading.
    let counts = |text: &str| -> Vec<String> {
        text.lines()
            .take_while(|l| !l.starts_with("difference classes"))
            .map(str::to_string)
            .collect()
    };
    let committed = read(&path).unwrap_or_default();
    assert_eq!(
        counts(&committed),
        counts(&summary),
        "history counts differ from {}; if this is an improvement, rerun with UPDATE_HISTORY=1 \
         and commit the file",
        path.display()
    );
}

#[test]
fn placeholders_match_any_text() {
    assert!(text_matches("<uuid:1>", "0b5c"));
    assert!(text_matches(
        "arn:aws:lambda:<region>:111:function:<fn>",
        "arn:aws:lambda:us-east-1:111:function:F"
    ));
    assert!(!text_matches("a<x>b", "ac"));
    assert!(!text_matches("plain", "other"));
    assert!(same_service_arn(
        "arn:<partition>:lambda:<region>:111111111111:function:lambda_function_name",
        "arn:aws:lambda:us-east-1:123456789012:function:HoldoutFakeFunction"
    ));
    assert!(!same_service_arn(
        "arn:aws:lambda:us-east-1:111111111111:function:f",
        "arn:aws:sqs:us-east-1:123456789012:q"
    ));
    assert!(value_matches(
        &serde_json::json!({"a": [1, "<id>"]}),
        &Value::String("{\"a\":[1,\"z\"]}".into())
    ));
    assert!(!value_matches(
        &serde_json::json!({"a": 1}),
        &Value::String("{\"a\":2}".into())
    ));
}
