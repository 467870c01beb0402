//! The page's Map Run view and S3 list (feature `sources`, the second module, where
//! Distributed Maps run): the child executions of the run's Distributed Maps
//! (`exec::Execution::map_run_children`) a page at a time, one child with its history, and
//! the objects of the run's virtual S3 it read and wrote (`s3::S3Store`). Converts only.

use asl_core::exec::{format_iso, ChildExecution, Status};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{into_error, to_js};
use crate::execution::Execution;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A Map Run's children by status. */
export interface MapRunTotals { mapRunArn: string; children: number; succeeded: number; failed: number; timedOut: number; aborted: number; running: number }
/** One child execution as the Map Run view lists it. */
export interface MapRunChildRow { index: number; name: string; executionArn: string; mapRunArn: string; status: string; input: unknown; error?: string; cause?: string; startDate: string; stopDate?: string; durationMs?: number; eventCount: number }
export interface MapRunSummary { mapRuns: MapRunTotals[]; total: number; children: MapRunChildRow[] }
/** An object of the run's virtual S3 that the run read or wrote. */
export interface S3ObjectView { bucket: string; key: string; size: number; read: boolean; written: boolean; content: string; truncated: boolean }
"#;

/// Most children one `mapRunSummary` call returns (a Map Run may have 100,000).
const MAX_PAGE: usize = 1_000;

/// A child as the list shows it: `ChildExecution::to_json` without its events, plus its
/// event count and duration in virtual time.
fn child_row(child: &ChildExecution) -> Value {
    let mut row = json!({
        "index": child.index,
        "name": child.name,
        "executionArn": child.execution_arn,
        "mapRunArn": child.map_run_arn,
        "status": child.status.as_str(),
        "input": child.input.to_value(),
        "startDate": format_iso(child.start_ms),
        "eventCount": child.events.len(),
    });
    if let Some(error) = &child.error {
        row["error"] = error.error.clone().into();
        if let Some(cause) = &error.cause {
            row["cause"] = cause.clone().into();
        }
    }
    if let Some(stop) = child.stop_ms {
        row["stopDate"] = format_iso(stop).into();
        row["durationMs"] = (stop - child.start_ms).into();
    }
    row
}

/// Per Map Run (in the order its first child started): its ARN and its children by status.
fn map_runs(children: &[ChildExecution]) -> Vec<Value> {
    let mut runs: Vec<(&str, [usize; 5])> = Vec::new();
    for child in children {
        let at = match runs.iter().position(|(arn, _)| *arn == child.map_run_arn) {
            Some(at) => at,
            None => {
                runs.push((&child.map_run_arn, [0; 5]));
                runs.len() - 1
            }
        };
        let slot = match child.status {
            Status::Succeeded => 0,
            Status::Failed => 1,
            Status::TimedOut => 2,
            Status::Aborted => 3,
            _ => 4,
        };
        runs[at].1[slot] += 1;
    }
    runs.into_iter()
        .map(|(arn, [succeeded, failed, timed_out, aborted, running])| {
            json!({
                "mapRunArn": arn,
                "children": succeeded + failed + timed_out + aborted + running,
                "succeeded": succeeded,
                "failed": failed,
                "timedOut": timed_out,
                "aborted": aborted,
                "running": running,
            })
        })
        .collect()
}

#[wasm_bindgen]
impl Execution {
    /// The run's Map Runs (`{mapRunArn, children, succeeded, failed, timedOut, aborted,
    /// running}`) and children `start..start + count` of all of them in the order they
    /// started (each `{index, name, executionArn, mapRunArn, status, input, error?, cause?,
    /// startDate, stopDate?, durationMs?, eventCount}`), with `total` children.
    #[wasm_bindgen(js_name = mapRunSummary, unchecked_return_type = "MapRunSummary")]
    pub fn map_run_summary(&self, start: u32, count: u32) -> Result<JsValue, JsValue> {
        let children = self.inner.map_run_children();
        let start = (start as usize).min(children.len());
        let end = start
            .saturating_add((count as usize).min(MAX_PAGE))
            .min(children.len());
        let page: Vec<Value> = children[start..end].iter().map(child_row).collect();
        to_js(&json!({
            "mapRuns": map_runs(children),
            "total": children.len(),
            "children": page,
        }))
    }

    /// Child `position` (in the order they started) as `ChildExecution::to_json` gives it,
    /// with its own history under `events`.
    #[wasm_bindgen(js_name = mapRunChild, unchecked_return_type = "unknown")]
    pub fn map_run_child(&self, position: u32) -> Result<JsValue, JsValue> {
        let child = self
            .inner
            .map_run_children()
            .get(position as usize)
            .ok_or_else(|| {
                into_error(
                    "execution",
                    &format!("The run has no child execution {position}"),
                    &[],
                )
            })?;
        to_js(&child.to_json())
    }

    /// The objects of the run's virtual S3 that it read or wrote, read ones first, each
    /// `{bucket, key, size, read, written, content, truncated}`: `content` is at most
    /// `max_chars` characters of the object's text (`truncated` says when it holds less).
    #[wasm_bindgen(js_name = s3Objects, unchecked_return_type = "S3ObjectView[]")]
    pub fn s3_objects(&self, max_chars: u32) -> Result<JsValue, JsValue> {
        let Some(store) = self.inner.s3() else {
            return to_js(&Value::Array(Vec::new()));
        };
        let mut out: Vec<Map<String, Value>> = Vec::new();
        let read: Vec<(&str, &str)> = store.read_objects().map(|(b, k, _)| (b, k)).collect();
        for (bucket, key, body) in store.read_objects().chain(store.written()) {
            if out.iter().any(|o| o["bucket"] == bucket && o["key"] == key) {
                continue;
            }
            let content: String = body.chars().take(max_chars as usize).collect();
            let truncated = content.len() < body.len();
            let row = json!({
                "bucket": bucket,
                "key": key,
                "size": body.len(),
                "read": read.contains(&(bucket, key)),
                "written": store.was_written(bucket, key),
                "content": content,
                "truncated": truncated,
            });
            if let Value::Object(row) = row {
                out.push(row);
            }
        }
        to_js(&out)
    }
}
