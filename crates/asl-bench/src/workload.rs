//! The shared workloads: `manifest.json` plus one folder per workload holding
//! `definition.json`, `input.json`, `expected-output.json` and optionally `context.json`,
//! and the generated MockConfigFile for workloads with Task states (`bench/gen-mocks.mjs`).

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The MockConfigFile test case that `bench/gen-mocks.mjs` writes for every workload.
pub const TEST_CASE: &str = "bench";

/// One workload, loaded and parsed.
#[derive(Debug, Clone)]
pub struct Workload {
    /// Folder name, e.g. `loop-10k`; also the state machine name in its mock file.
    pub name: String,
    /// State transitions of one execution, per the manifest (StateEntered events).
    pub transitions: u64,
    /// Sequential executions per timed sample.
    pub repeat: u32,
    /// Task invocations of one execution, per the manifest.
    pub task_invocations: u64,
    /// The state machine definition.
    pub definition: Value,
    /// The execution input.
    pub input: Value,
    /// The output every correct interpreter produces.
    pub expected: Value,
    /// The Context object the peers are given (`$$.Execution…`), if any.
    pub context: Option<Value>,
    /// MockConfigFile text for the Task states, if the workload has any.
    pub mocks: Option<String>,
}

/// `../shared/bench/workloads` relative to the repository root, or `ASL_BENCH_WORKLOADS`.
pub fn default_workloads_dir() -> PathBuf {
    match std::env::var_os("ASL_BENCH_WORKLOADS") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("../shared/bench/workloads"),
    }
}

/// `target/bench/mocks` in the repository, where `bench/gen-mocks.mjs` writes by default.
pub fn default_mocks_dir() -> PathBuf {
    match std::env::var_os("ASL_BENCH_MOCKS") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("target/bench/mocks"),
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn field_u64(entry: &Value, key: &str) -> Result<u64, String> {
    entry
        .get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("manifest entry {entry} has no numeric {key:?}"))
}

/// Names of the workloads in manifest order.
pub fn names(workloads_dir: &Path) -> Result<Vec<String>, String> {
    let manifest = read_json(&workloads_dir.join("manifest.json"))?;
    let entries = manifest.as_array().ok_or("manifest.json is not an array")?;
    entries
        .iter()
        .map(|e| {
            e.get("name")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("manifest entry {e} has no name"))
        })
        .collect()
}

/// Loads one workload. A workload with Task invocations needs `<mocks_dir>/<name>.json`.
pub fn load(workloads_dir: &Path, mocks_dir: &Path, name: &str) -> Result<Workload, String> {
    let manifest = read_json(&workloads_dir.join("manifest.json"))?;
    let entry = manifest
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|e| e.get("name").and_then(Value::as_str) == Some(name))
        })
        .ok_or_else(|| format!("workload {name:?} is not in {}", workloads_dir.display()))?;
    let dir = workloads_dir.join(name);
    let context_path = dir.join("context.json");
    let task_invocations = field_u64(entry, "taskInvocations")?;
    let mocks = if task_invocations > 0 {
        let path = mocks_dir.join(format!("{name}.json"));
        Some(fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: {e} (generate it with `node bench/gen-mocks.mjs`)",
                path.display()
            )
        })?)
    } else {
        None
    };
    Ok(Workload {
        name: name.to_owned(),
        transitions: field_u64(entry, "transitions")?,
        repeat: u32::try_from(field_u64(entry, "repeat")?).map_err(|e| e.to_string())?,
        task_invocations,
        definition: read_json(&dir.join("definition.json"))?,
        input: read_json(&dir.join("input.json"))?,
        expected: read_json(&dir.join("expected-output.json"))?,
        context: if context_path.exists() {
            Some(read_json(&context_path)?)
        } else {
            None
        },
        mocks,
    })
}

/// JSON equality as the peers check it: object key order ignored, numbers compared by value
/// (so `3` equals `3.0`, as in JavaScript).
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Milliseconds since the Unix epoch of an RFC 3339 UTC timestamp such as
/// `2024-01-01T00:00:00.000Z` (the Context object's `StartTime`); None for other shapes.
pub fn parse_utc_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || !text.ends_with('Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let frac = text.get(19..text.len() - 1)?;
    let ms = match frac.strip_prefix('.') {
        None if frac.is_empty() => 0,
        Some(digits) if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) => {
            format!("{digits:0<3}").get(..3)?.parse::<i64>().ok()?
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant's algorithm), valid for the proleptic Gregorian calendar.
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((mo + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn utc_timestamps() {
        let cases = [
            ("1970-01-01T00:00:00Z", Some(0)),
            ("2024-01-01T00:00:00.000Z", Some(1_704_067_200_000)),
            ("2000-02-29T12:34:56.7Z", Some(951_827_696_700)),
            ("2024-01-01 00:00:00Z", None),
            ("2024-01-01T00:00:00+01:00", None),
            ("2024-01-01T00:00:00.Z", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_utc_ms(text), want, "{text}");
        }
    }

    #[test]
    fn json_equality_ignores_key_order_and_number_spelling() {
        let cases = [
            (
                json!({"a": 1, "b": [1, 2]}),
                json!({"b": [1, 2.0], "a": 1}),
                true,
            ),
            (json!({"a": 1}), json!({"a": 1, "b": null}), false),
            (json!([1, 2]), json!([2, 1]), false),
            (json!("1"), json!(1), false),
        ];
        for (a, b, want) in cases {
            assert_eq!(same_json(&a, &b), want, "{a} vs {b}");
        }
    }
}
