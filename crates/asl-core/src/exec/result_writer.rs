//! A Distributed Map's Map Run: its ARN and events, and what happens to the children's
//! results (`ResultWriter`), as AWS's developer guide describes it
//! (<https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html>):
//!
//! - Without a `ResultWriter` the result is the array of the children's outputs.
//! - `WriterConfig` alone reshapes that array inline: `COMPACT` (the outputs), `FLATTEN`
//!   (arrays among the outputs spread into the result), `NONE` (each child's execution
//!   metadata with its input and output as JSON text).
//! - `Resource` + `Parameters` (`Bucket`, `Prefix`) write `SUCCEEDED_0.json`,
//!   `FAILED_0.json` and `PENDING_0.json` (each only when it has entries) and `manifest.json`
//!   under `Prefix/<map run id>/` in the run's virtual S3 (default transformation NONE), and
//!   the result is `{"MapRunArn": …, "ResultWriterDetails": {"Bucket": …, "Key": …}}`.
//!   A failed write is `States.ResultWriterFailed`.
//!
//! A failed child's entry keeps its metadata whatever the transformation (AWS: "equivalent
//! to NONE"). Each entry has its child's own start and stop times in virtual time.

use super::clock::format_iso;
use super::distributed::{Distributed, OutputType, Payload, Transformation};
use super::query::States;
use super::Execution;
use crate::doc::Doc;
use crate::error::StatesError;

pub(crate) const WRITER_FAILED: &str = "States.ResultWriterFailed";

/// The Map Run of a running Distributed Map.
#[derive(Debug)]
pub(crate) struct MapRun {
    /// `arn:aws:states:…:mapRun:<machine>/<label>:<id>`.
    pub arn: String,
    pub id: String,
    /// `<machine>/<label>`, the children's state machine name.
    pub machine: String,
    pub started_ms: i64,
    /// Where the children's names come from (drawn with the run id).
    pub seed: u64,
    /// Per child: whether it failed.
    pub failed: Vec<bool>,
    /// `ProcessorConfig.ExecutionType: EXPRESS` (the children's ARNs say `express`).
    pub express: bool,
    /// Per child: its record in `Execution::children`, once started.
    pub children: Vec<Option<usize>>,
}

impl MapRun {
    /// Child `index`'s execution name, drawn from the run's seed.
    pub(crate) fn child_name(&self, index: usize) -> String {
        uuid(
            mix(self.seed ^ index as u64),
            mix(!self.seed ^ index as u64),
        )
    }

    /// Child `index`'s execution ARN.
    pub(crate) fn child_arn(&self, index: usize) -> String {
        let kind = if self.express { "express" } else { "execution" };
        format!(
            "arn:aws:states:us-east-1:123456789012:{kind}:{}:{}",
            self.machine,
            self.child_name(index)
        )
    }
}

fn object<'a>(members: impl IntoIterator<Item = (&'a str, Doc)>) -> Doc {
    Doc::object(
        members
            .into_iter()
            .map(|(k, v)| (std::rc::Rc::from(k), v))
            .collect(),
    )
}

/// A UUID-shaped text from two random numbers.
fn uuid(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0x0FFF,
        (b >> 48) & 0x3FFF | 0x8000,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// SplitMix64's finalizer: a child's name from the run's seed and its index, so a Map Run
/// draws two random numbers whatever its number of children.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Execution {
    /// Starts the Map Run of the current Map state (`label`: its `Label`, else its name).
    pub(crate) fn start_map_run(&mut self, label: &str, children: usize, express: bool) -> MapRun {
        let (a, b) = (self.host.random_u64(), self.host.random_u64());
        let id = uuid(a, b);
        // Inside a child, the child's own machine (`<machine>/<label>`) is the parent.
        let parent = match self.frame().and_then(|f| f.exec_child()) {
            Some(c) => self.children.get(c).map(|ch| ch.machine.as_str()),
            None => None,
        };
        let parent = parent.unwrap_or(&self.options.state_machine_name);
        let machine = format!("{parent}/{label}");
        MapRun {
            arn: format!("arn:aws:states:us-east-1:123456789012:mapRun:{machine}:{id}"),
            id,
            machine,
            started_ms: self.now_ms,
            seed: mix(a ^ b),
            failed: vec![false; children],
            express,
            children: match super::distributed::ENABLED {
                true => vec![None; children],
                false => Vec::new(),
            },
        }
    }

    /// The Map state's result from its children's, after `MapRunSucceeded`.
    pub(crate) fn map_run_result(
        &mut self,
        dist: &Distributed,
        run: &MapRun,
        inputs: &[Doc],
        results: Vec<Doc>,
        effective: &Doc,
    ) -> Result<Doc, StatesError> {
        let Some(writer) = dist.writer.as_ref().filter(|_| super::distributed::ENABLED) else {
            return Ok(results.into_iter().collect());
        };
        let entry = |index: usize, output: &Doc| -> Doc {
            let name = run.child_name(index);
            let failed = run.failed.get(index).copied().unwrap_or(false);
            let input = inputs.get(index).cloned().unwrap_or(Doc::Null);
            // Each child's own times (module `children`).
            let child = run
                .children
                .get(index)
                .copied()
                .flatten()
                .and_then(|c| self.children.get(c));
            let start = child.map_or(run.started_ms, |c| c.start_ms);
            let stop = child.and_then(|c| c.stop_ms).unwrap_or(self.now_ms);
            let mut fields = vec![
                ("ExecutionArn", Doc::from(run.child_arn(index))),
                ("Input", Doc::from(input.to_value().to_string())),
                (
                    "InputDetails",
                    Doc::object_of([("Included", Doc::Bool(true))]),
                ),
                ("Name", Doc::from(name.clone())),
            ];
            if failed {
                let text = |k: &str| output.get(k).cloned().unwrap_or(Doc::Null);
                fields.push(("Error", text("Error")));
                fields.push(("Cause", text("Cause")));
            } else {
                fields.push(("Output", Doc::from(output.to_value().to_string())));
                fields.push((
                    "OutputDetails",
                    Doc::object_of([("Included", Doc::Bool(true))]),
                ));
            }
            let status = if failed { "FAILED" } else { "SUCCEEDED" };
            fields.extend([
                ("RedriveCount", Doc::from(0u64)),
                (
                    "RedriveStatus",
                    Doc::from(if failed {
                        "REDRIVABLE"
                    } else {
                        "NOT_REDRIVABLE"
                    }),
                ),
                ("StartDate", Doc::from(format_iso(start))),
                (
                    "StateMachineArn",
                    Doc::from(format!(
                        "arn:aws:states:us-east-1:123456789012:stateMachine:{}",
                        run.machine
                    )),
                ),
                ("Status", Doc::from(status)),
                ("StopDate", Doc::from(format_iso(stop))),
            ]);
            object(fields)
        };
        let mut succeeded = Vec::new();
        let mut failed = Vec::new();
        for (index, output) in results.iter().enumerate() {
            if run.failed.get(index).copied().unwrap_or(false) {
                failed.push(entry(index, output));
                continue;
            }
            match writer.transformation {
                Transformation::None => succeeded.push(entry(index, output)),
                Transformation::Compact => succeeded.push(output.clone()),
                Transformation::Flatten => match output.as_array() {
                    Some(items) => succeeded.extend(items.iter().cloned()),
                    None => succeeded.push(output.clone()),
                },
            }
        }
        let Some(payload) = &writer.export else {
            succeeded.append(&mut failed);
            return Ok(succeeded.into_iter().collect());
        };
        let params = match payload {
            Payload::JsonPath(Some(t)) => {
                let context = self.context(None, None);
                self.eval_template(t, effective, &context)?
            }
            Payload::JsonAta(Some(t)) => {
                let input = self.raw_input()?;
                let context = self.context(None, None);
                Doc::from(self.eval(
                    t,
                    super::query::Field::Arguments,
                    &States::new(&input, &context),
                )?)
            }
            _ => Doc::empty_object(),
        };
        let text = |k: &str| params.get(k).and_then(Doc::as_str).map(str::to_owned);
        let bucket = text("Bucket").ok_or_else(|| {
            StatesError::new(
                WRITER_FAILED,
                "the ResultWriter's parameters must give a Bucket (a string)",
            )
        })?;
        let prefix = text("Prefix").unwrap_or_default();
        let folder = match prefix.trim_end_matches('/') {
            "" => run.id.clone(),
            p => format!("{p}/{}", run.id),
        };
        let extension = match writer.output_type {
            OutputType::Json => "json",
            OutputType::Jsonl => "jsonl",
        };
        let mut files = Vec::new();
        for (status, entries) in [
            ("SUCCEEDED", succeeded),
            ("FAILED", failed),
            ("PENDING", Vec::new()),
        ] {
            if entries.is_empty() {
                files.push((status, Vec::new()));
                continue;
            }
            let body = match writer.output_type {
                OutputType::Json => Doc::array(entries).to_value().to_string(),
                OutputType::Jsonl => entries
                    .iter()
                    .map(|e| e.to_value().to_string() + "\n")
                    .collect(),
            };
            let key = format!("{folder}/{status}_0.{extension}");
            let size = body.len() as u64;
            self.put(&bucket, &key, body)?;
            files.push((
                status,
                vec![Doc::object_of([
                    ("Key", Doc::from(key)),
                    ("Size", Doc::from(size)),
                ])],
            ));
        }
        let manifest = Doc::object_of([
            ("DestinationBucket", Doc::from(bucket.clone())),
            ("MapRunArn", Doc::from(run.arn.clone())),
            (
                "ResultFiles",
                object(files.into_iter().map(|(s, f)| (s, Doc::array(f)))),
            ),
        ]);
        let key = format!("{folder}/manifest.json");
        self.put(&bucket, &key, manifest.to_value().to_string())?;
        Ok(Doc::object_of([
            ("MapRunArn", Doc::from(run.arn.clone())),
            (
                "ResultWriterDetails",
                Doc::object_of([("Bucket", Doc::from(bucket)), ("Key", Doc::from(key))]),
            ),
        ]))
    }

    fn put(&mut self, bucket: &str, key: &str, body: String) -> Result<(), StatesError> {
        self.host.s3_put_object(bucket, key, body).map_err(|e| {
            StatesError::new(
                WRITER_FAILED,
                format!("{}: {}", e.error, e.cause.unwrap_or_default()),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuids_have_the_version_and_variant_digits() {
        let id = super::uuid(u64::MAX, 0);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_eq!(&id[19..20], "8");
    }
}
