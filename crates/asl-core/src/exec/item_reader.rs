//! A Distributed Map's `ItemReader`: the items, read from the run's virtual S3 through the
//! host (`Host::s3_*`), as AWS's developer guide describes them
//! (<https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>):
//!
//! - JSON: the file is an array (or `ItemsPointer` points at one); each element is an item.
//! - JSONL: each non-empty line is one JSON item.
//! - CSV: each row is an object from header to value; values are always strings (recorded:
//!   `true` and `1` stay `"true"` and `"1"`). With `FIRST_ROW` the first row names the
//!   columns; with `GIVEN` the `CSVHeaders` do. Fields past the headers are dropped and
//!   missing ones are `""` (recorded). Fields may be quoted (RFC 4180: `""` inside quotes is
//!   a quote; delimiters and line breaks inside quotes are data).
//! - MANIFEST: an S3 Inventory `manifest.json` (its `files` are CSV files in the
//!   `destinationBucket`, columns named by `fileSchema`), or an Athena data manifest (one
//!   `s3://bucket/key` per line; each file read as CSV with `CSVHeaders` or as JSONL).
//! - `s3:listObjectsV2`: each object under `Prefix` is `{Etag, Key, LastModified, Size,
//!   StorageClass}`.
//!
//! `MaxItems` 0 means no limit (recorded); a negative one fails with
//! `States.ItemReaderFailed` / `field MaxItems must be positive` (recorded). A test case may
//! mock the reader's call by the Map state's name, as Step Functions Local mocks any call.

use serde_json::Value;

use super::distributed::{InputType, ItemReader, ManifestType, Payload};
use super::errors::plain;
use super::model::NumberField;
use super::query::States;
use super::Execution;
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::host::{TaskCall, TaskOutcome};

pub(crate) const READER_FAILED: &str = "States.ItemReaderFailed";

fn failed(cause: impl Into<String>) -> StatesError {
    StatesError::new(READER_FAILED, cause.into())
}

/// Splits CSV text into rows of fields (RFC 4180 quoting, `\n` or `\r\n` line ends). An
/// empty line is no row; a line of spaces is a row.
pub(crate) fn csv_rows(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut quoted = false;
    let mut row_started = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                row_started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if row_started || !field.is_empty() || !row.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                row_started = false;
                line += 1;
            }
            c if c == delimiter => {
                row.push(std::mem::take(&mut field));
                row_started = true;
            }
            _ => {
                field.push(c);
                row_started = true;
            }
        }
    }
    if quoted {
        return Err(format!(
            "the CSV has a quoted field that is never closed (line {line})"
        ));
    }
    if row_started || !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// CSV rows as items: objects from header to value (strings).
pub(crate) fn csv_items(
    text: &str,
    delimiter: char,
    given: Option<&[String]>,
) -> Result<Vec<Doc>, String> {
    let mut rows = csv_rows(text, delimiter)?.into_iter();
    let headers: Vec<String> = match given {
        Some(h) => h.to_vec(),
        None => rows.next().unwrap_or_default(),
    };
    Ok(rows
        .map(|row| {
            let mut values = row.into_iter();
            let row: crate::doc::DocMap = headers
                .iter()
                .map(|h| {
                    (
                        std::rc::Rc::from(h.as_str()),
                        Doc::from(values.next().unwrap_or_default()),
                    )
                })
                .collect();
            Doc::object(row)
        })
        .collect())
}

/// JSONL text as items: one JSON value per non-empty line.
pub(crate) fn jsonl_items(text: &str) -> Result<Vec<Doc>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<Value>(l)
                .map(|v| Doc::from(&v))
                .map_err(|e| format!("line {} of the JSONL file is not JSON: {e}", i + 1))
        })
        .collect()
}

/// JSON text as items: the array itself or the one `pointer` names.
pub(crate) fn json_items(text: &str, pointer: Option<&str>) -> Result<Vec<Doc>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the JSON file is not valid JSON: {e}"))?;
    let target = match pointer {
        Some(p) => value
            .pointer(p)
            .ok_or_else(|| format!("ItemsPointer '{p}' points at nothing in the JSON file"))?,
        None => &value,
    };
    match target {
        Value::Array(items) => Ok(items.iter().map(Doc::from).collect()),
        other => Err(format!(
            "the JSON file must hold an array of items{}, found {}",
            pointer.map(|p| format!(" at '{p}'")).unwrap_or_default(),
            match other {
                Value::Object(_) => "an object",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            }
        )),
    }
}

/// `s3://bucket/key` → (bucket, key).
fn s3_uri(uri: &str) -> Option<(&str, &str)> {
    uri.trim().strip_prefix("s3://")?.split_once('/')
}

impl Execution {
    /// `MaxItems`/`MaxItemsPath`, checked as AWS checks it when the state starts: a path
    /// value must be an integer (a string of one is accepted, recorded).
    pub(crate) fn reader_max_items(
        &mut self,
        reader: &ItemReader,
        effective: &Doc,
        context: &Doc,
    ) -> Result<Option<i64>, StatesError> {
        match &reader.max_items {
            None => Ok(None),
            Some(NumberField::Literal(n)) => Ok(Some(*n as i64)),
            Some(NumberField::Path(path)) => {
                let value = super::data::select_path(path, effective, context, &self.vars())?;
                let n = value
                    .as_i64()
                    .or_else(|| value.as_str().and_then(|t| t.trim().parse::<i64>().ok()));
                n.map(Some).ok_or_else(|| {
                    StatesError::new(
                        names::RUNTIME,
                        format!(
                            "The MaxItemsPath field refers to value \"{}\" which is not a valid integer: {path}",
                            plain(&value)
                        ),
                    )
                })
            }
            Some(NumberField::Expr(template)) => {
                let input = self.raw_input()?;
                let value = self.eval(
                    template,
                    super::query::Field::Arguments,
                    &States::new(&input, context),
                )?;
                match value.as_f64() {
                    Some(n) if n.fract() == 0.0 => Ok(Some(n as i64)),
                    _ => Err(failed(format!(
                        "field MaxItems must be an integer, but was {value}"
                    ))),
                }
            }
        }
    }

    /// The items of a Distributed Map with an `ItemReader` (`ItemsPath` does not apply,
    /// recorded).
    pub(crate) fn read_items(
        &mut self,
        state_name: &str,
        reader: &ItemReader,
        effective: &Doc,
        context: &Doc,
        max_items: Option<i64>,
    ) -> Result<Vec<Doc>, StatesError> {
        let params = match &reader.payload {
            Payload::JsonPath(Some(t)) => self.eval_template(t, effective, context)?,
            Payload::JsonAta(Some(t)) => {
                let input = self.raw_input()?;
                Doc::from(self.eval(
                    t,
                    super::query::Field::Arguments,
                    &States::new(&input, context),
                )?)
            }
            _ => Doc::empty_object(),
        };
        let text = |d: &Doc, k: &str| d.get(k).and_then(Doc::as_str).map(str::to_owned);
        let bucket = text(&params, "Bucket")
            .ok_or_else(|| failed("the ItemReader's parameters must give a Bucket (a string)"))?;
        let limit = match max_items {
            Some(n) if n < 0 => return Err(failed("field MaxItems must be positive")),
            Some(0) | None => usize::MAX,
            Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
        };
        let mocked = self.mocked_reader(state_name, reader, &params)?;
        let mut items = if reader.list {
            let prefix = text(&params, "Prefix").unwrap_or_default();
            let listing = match mocked {
                Some(m) => m
                    .get("Contents")
                    .and_then(Doc::as_array)
                    .map(<[Doc]>::to_vec)
                    .unwrap_or_default(),
                None => self.list_items(&bucket, &prefix)?,
            };
            listing
        } else {
            let key = text(&params, "Key")
                .ok_or_else(|| failed("the ItemReader's parameters must give a Key (a string)"))?;
            let body = match mocked {
                Some(m) => match m.get("Body").unwrap_or(&m) {
                    Doc::String(s) => s.to_string(),
                    other => other.to_value().to_string(),
                },
                None => self.s3_text(&bucket, &key)?,
            };
            self.file_items(reader, &body)?
        };
        items.truncate(limit);
        Ok(items)
    }

    fn s3_text(&mut self, bucket: &str, key: &str) -> Result<String, StatesError> {
        self.host
            .s3_get_object(bucket, key)
            .map_err(|e| failed(format!("{}: {}", e.error, e.cause.unwrap_or_default())))
    }

    fn list_items(&mut self, bucket: &str, prefix: &str) -> Result<Vec<Doc>, StatesError> {
        let listing = self
            .host
            .s3_list_objects(bucket, prefix)
            .map_err(|e| failed(format!("{}: {}", e.error, e.cause.unwrap_or_default())))?;
        // The virtual objects were all "modified" when the run started.
        let modified = self.options.start_time_ms.div_euclid(1000);
        Ok(listing
            .into_iter()
            .map(|o| {
                Doc::object_of([
                    ("Etag", Doc::from(o.etag)),
                    ("Key", Doc::from(o.key)),
                    ("LastModified", Doc::from(modified)),
                    ("Size", Doc::from(o.size)),
                    ("StorageClass", Doc::from("STANDARD")),
                ])
            })
            .collect())
    }

    fn file_items(&mut self, reader: &ItemReader, body: &str) -> Result<Vec<Doc>, StatesError> {
        let given = reader.csv_headers.as_deref();
        match reader.input_type.unwrap_or(InputType::Json) {
            InputType::Json => json_items(body, reader.items_pointer.as_deref()).map_err(failed),
            InputType::Jsonl => jsonl_items(body).map_err(failed),
            InputType::Csv => csv_items(body, reader.delimiter, given).map_err(failed),
            InputType::Parquet => Err(failed(
                "PARQUET input is not supported by the playground (no small Parquet reader that builds for the browser); convert the file to CSV or JSONL",
            )),
            InputType::Manifest => match reader.manifest_type {
                ManifestType::S3Inventory => self.inventory_items(body),
                ManifestType::AthenaData => {
                    let mut items = Vec::new();
                    for uri in body.lines().filter(|l| !l.trim().is_empty()) {
                        let (b, k) = s3_uri(uri).ok_or_else(|| {
                            failed(format!("the Athena manifest line '{uri}' is not an s3://bucket/key URI"))
                        })?;
                        let text = self.s3_text(b, k)?;
                        let mut more = match given {
                            Some(_) => csv_items(&text, reader.delimiter, given),
                            None => jsonl_items(&text),
                        }
                        .map_err(failed)?;
                        items.append(&mut more);
                    }
                    Ok(items)
                }
            },
        }
    }

    /// An S3 Inventory manifest: the rows of its CSV `files`, named by `fileSchema`.
    fn inventory_items(&mut self, body: &str) -> Result<Vec<Doc>, StatesError> {
        let manifest: Value = serde_json::from_str(body)
            .map_err(|e| failed(format!("the S3 inventory manifest is not valid JSON: {e}")))?;
        let field = |k: &str| manifest.get(k).and_then(Value::as_str);
        if field("fileFormat").is_some_and(|f| f != "CSV") {
            return Err(failed(
                "only CSV S3 inventory files can be read (fileFormat must be CSV)",
            ));
        }
        let schema: Vec<String> = field("fileSchema")
            .ok_or_else(|| failed("the S3 inventory manifest has no fileSchema"))?
            .split(',')
            .map(|s| s.trim().to_owned())
            .collect();
        let bucket = field("destinationBucket")
            .map(|b| b.strip_prefix("arn:aws:s3:::").unwrap_or(b).to_owned())
            .ok_or_else(|| failed("the S3 inventory manifest has no destinationBucket"))?;
        let files = manifest
            .get("files")
            .and_then(Value::as_array)
            .ok_or_else(|| failed("the S3 inventory manifest has no files array"))?;
        let mut items = Vec::new();
        for file in files {
            let key = file
                .get("key")
                .and_then(Value::as_str)
                .ok_or_else(|| failed("an entry of the manifest's files has no key"))?;
            if key.ends_with(".gz") {
                return Err(failed(format!(
                    "'{key}' is gzip-compressed; the virtual S3 holds text, so store the inventory file uncompressed under that key"
                )));
            }
            let text = self.s3_text(&bucket, key)?;
            items.append(&mut csv_items(&text, ',', Some(&schema)).map_err(failed)?);
        }
        Ok(items)
    }

    /// The reader's call when the test case mocks it by the Map state's name: the mocked
    /// response (`{"Body": …}` for getObject, `{"Contents": […]}` for listObjectsV2), or the
    /// mocked error as `States.ItemReaderFailed`.
    fn mocked_reader(
        &mut self,
        state_name: &str,
        reader: &ItemReader,
        params: &Doc,
    ) -> Result<Option<Doc>, StatesError> {
        let resource = match reader.list {
            true => "arn:aws:states:::s3:listObjectsV2",
            false => "arn:aws:states:::s3:getObject",
        };
        let outcome = self.host.invoke(&TaskCall {
            state_name,
            resource,
            input: params,
            invocation: 0,
            task_token: None,
        });
        // A reader's call has no task token, so nothing answers it later: a mocked answer
        // recorded with heartbeats is its answer, and "pending" means no mock answered.
        let outcome = match outcome {
            TaskOutcome::Heartbeats { answer, .. } => *answer,
            other => other,
        };
        match outcome {
            TaskOutcome::Return { unmocked: true, .. }
            | TaskOutcome::Pending
            | TaskOutcome::Heartbeats { .. } => Ok(None),
            TaskOutcome::Return { output, .. } => Ok(Some(output)),
            TaskOutcome::Throw { error, .. } => Err(failed(format!(
                "{}: {}",
                error.error,
                error.cause.unwrap_or_default()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
        rows
    }

    #[test]
    fn quoted_fields_hold_delimiters_quotes_and_line_breaks() {
        // RFC 4180, section 2, rules 5 to 7.
        let rows = strings(
            csv_rows("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"x\ny\",2,3\n", ',').expect("works"),
        );
        assert_eq!(
            rows,
            vec![vec!["a", "b,c", "say \"hi\""], vec!["x\ny", "2", "3"]]
        );
        assert!(csv_rows("a,\"open\n", ',').is_err());
    }

    #[test]
    fn delimiters_and_blank_lines() {
        let rows = csv_rows("a|b\n\n1|2\n", '|').expect("works");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "2"]]);
        let rows = csv_rows("a\tb\n   \n", '\t').expect("works");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["   "]]);
    }
}
