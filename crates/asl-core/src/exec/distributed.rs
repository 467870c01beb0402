//! What a Distributed Map (`ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED`) adds to an
//! inline one, compiled once: `ItemReader` (items from the run's virtual S3, read by
//! `item_reader`), `ItemBatcher` (children receive `{"Items": […]}` batches),
//! `ResultWriter` (results written back to S3 or reshaped, by `result_writer`), `Label`
//! and the children's `ExecutionType`.
//!
//! Field names and values follow AWS's developer guide:
//! <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html>,
//! <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html>,
//! <https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html>.

use serde_json::{Map, Value};

use super::compile_fields::{jsonata_field, number_in, opt_str, template_field};
use super::errors::{invalid, Invalid};
use super::model::NumberField;
use crate::jsonata::CompiledTemplate;
use crate::template::Template;

/// Whether this build runs `ItemReader`, `ItemBatcher` and `ResultWriter` (the
/// `distributed` feature, on by default; the page's first-load wasm module leaves it out).
/// Being a constant, it lets the compiler drop their code from builds without the feature:
/// the run-time paths that reach them test it.
pub(crate) const ENABLED: bool = cfg!(feature = "distributed");

/// A request payload in the state's query language: JSONPath `Parameters` or JSONata
/// `Arguments`.
#[derive(Debug)]
pub(crate) enum Payload {
    JsonPath(Option<Template>),
    JsonAta(Option<CompiledTemplate>),
}

impl Payload {
    fn compile(obj: &Map<String, Value>, ptr: &str, jsonata: bool) -> Result<Payload, Invalid> {
        Ok(match jsonata {
            true => Payload::JsonAta(jsonata_field(obj, "Arguments", ptr)?),
            false => Payload::JsonPath(template_field(obj, "Parameters", ptr)?),
        })
    }
}

/// `ReaderConfig.InputType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputType {
    Json,
    Jsonl,
    Csv,
    Manifest,
    Parquet,
}

/// `ReaderConfig.ManifestType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ManifestType {
    S3Inventory,
    AthenaData,
}

/// `ItemReader`.
#[derive(Debug)]
pub(crate) struct ItemReader {
    /// `s3:listObjectsV2` (items are the listing's objects) rather than `s3:getObject`.
    pub list: bool,
    pub payload: Payload,
    /// `None` for a listing; a file reader without `InputType` reads JSON.
    pub input_type: Option<InputType>,
    /// `CSVHeaderLocation: GIVEN` with these `CSVHeaders`; `None` is `FIRST_ROW`.
    pub csv_headers: Option<Vec<String>>,
    /// `CSVDelimiter` (default COMMA).
    pub delimiter: char,
    pub manifest_type: ManifestType,
    /// `MaxItems` / `MaxItemsPath`.
    pub max_items: Option<NumberField>,
    /// `ItemsPointer`: a JSON Pointer to the array inside a JSON file.
    pub items_pointer: Option<String>,
}

/// `ItemBatcher`.
#[derive(Debug)]
pub(crate) struct ItemBatcher {
    pub max_items: Option<NumberField>,
    pub max_bytes: Option<NumberField>,
    /// `BatchInput`: added to every batch as `"BatchInput"` only when declared.
    pub batch_input: Option<Payload>,
}

/// `WriterConfig.OutputType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutputType {
    Json,
    Jsonl,
}

/// `WriterConfig.Transformation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transformation {
    /// Each child's metadata with its input and output (default when exporting to S3).
    None,
    /// The children's outputs (default without a `ResultWriter`).
    Compact,
    /// The outputs, arrays among them spread into the result.
    Flatten,
}

/// `ResultWriter`.
#[derive(Debug)]
pub(crate) struct ResultWriter {
    /// `Resource` + `Parameters`/`Arguments` (Bucket, Prefix): results go to S3.
    pub export: Option<Payload>,
    pub output_type: OutputType,
    pub transformation: Transformation,
}

/// The Distributed Map part of a Map state.
#[derive(Debug)]
pub(crate) struct Distributed {
    pub reader: Option<ItemReader>,
    pub batcher: Option<ItemBatcher>,
    pub writer: Option<ResultWriter>,
    /// `Label` (default: the state's name), part of the Map Run and child ARNs.
    pub label: Option<String>,
    /// `ProcessorConfig.ExecutionType: EXPRESS`.
    pub express: bool,
}

fn object<'a>(value: &'a Value, ptr: &str) -> Result<&'a Map<String, Value>, Invalid> {
    value
        .as_object()
        .ok_or_else(|| invalid(ptr, "must be an object"))
}

fn choice<T: Copy>(
    obj: &Map<String, Value>,
    key: &str,
    ptr: &str,
    table: &[(&str, T)],
) -> Result<Option<T>, Invalid> {
    let Some(text) = opt_str(obj, key, ptr)? else {
        return Ok(None);
    };
    match table.iter().find(|(name, _)| *name == text) {
        Some((_, value)) => Ok(Some(*value)),
        None => Err(invalid(
            &format!("{ptr}/{key}"),
            &format!(
                "must be one of {}",
                table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// The Distributed Map fields of a Map state, or `None` for an inline Map.
pub(crate) fn compile(
    obj: &Map<String, Value>,
    ptr: &str,
    processor_key: &str,
    jsonata: bool,
) -> Result<Option<Box<Distributed>>, Invalid> {
    let config = obj
        .get(processor_key)
        .and_then(|p| p.get("ProcessorConfig"));
    let mode = config.and_then(|c| c.get("Mode")).and_then(Value::as_str);
    if mode != Some("DISTRIBUTED") {
        return Ok(None);
    }
    let express = config
        .and_then(|c| c.get("ExecutionType"))
        .and_then(Value::as_str)
        == Some("EXPRESS");
    if !ENABLED {
        if let Some(key) = ["ItemReader", "ItemBatcher", "ResultWriter"]
            .into_iter()
            .find(|k| obj.contains_key(*k))
        {
            return Err(invalid(
                &format!("{ptr}/{key}"),
                "is run only by builds with the `distributed` feature (the CLI, and the page's second module)",
            ));
        }
        return Ok(Some(Box::new(Distributed {
            reader: None,
            batcher: None,
            writer: None,
            label: opt_str(obj, "Label", ptr)?.map(str::to_owned),
            express,
        })));
    }
    let reader = match obj.get("ItemReader") {
        Some(v) => Some(reader(
            object(v, &format!("{ptr}/ItemReader"))?,
            &format!("{ptr}/ItemReader"),
            jsonata,
        )?),
        None => None,
    };
    let batcher = match obj.get("ItemBatcher") {
        Some(v) => {
            let bptr = format!("{ptr}/ItemBatcher");
            let b = object(v, &bptr)?;
            let batch_input = match (jsonata, b.get("BatchInput")) {
                (_, None) => None,
                (true, Some(_)) => Some(Payload::JsonAta(jsonata_field(b, "BatchInput", &bptr)?)),
                (false, Some(_)) => {
                    Some(Payload::JsonPath(template_field(b, "BatchInput", &bptr)?))
                }
            };
            Some(ItemBatcher {
                max_items: number_in(b, "MaxItemsPerBatch", &bptr, jsonata)?,
                max_bytes: number_in(b, "MaxInputBytesPerBatch", &bptr, jsonata)?,
                batch_input,
            })
        }
        None => None,
    };
    let writer = match obj.get("ResultWriter") {
        Some(v) => {
            let wptr = format!("{ptr}/ResultWriter");
            let w = object(v, &wptr)?;
            let export = match opt_str(w, "Resource", &wptr)? {
                Some(_) => Some(Payload::compile(w, &wptr, jsonata)?),
                None => None,
            };
            let (output_type, transformation) = match w.get("WriterConfig") {
                Some(c) => {
                    let cptr = format!("{wptr}/WriterConfig");
                    let c = object(c, &cptr)?;
                    (
                        choice(
                            c,
                            "OutputType",
                            &cptr,
                            &[("JSON", OutputType::Json), ("JSONL", OutputType::Jsonl)],
                        )?,
                        choice(
                            c,
                            "Transformation",
                            &cptr,
                            &[
                                ("NONE", Transformation::None),
                                ("COMPACT", Transformation::Compact),
                                ("FLATTEN", Transformation::Flatten),
                            ],
                        )?,
                    )
                }
                None => (None, None),
            };
            // NONE is the default when exporting to S3, COMPACT when results stay inline.
            let default = match export {
                Some(_) => Transformation::None,
                None => Transformation::Compact,
            };
            Some(ResultWriter {
                export,
                output_type: output_type.unwrap_or(OutputType::Json),
                transformation: transformation.unwrap_or(default),
            })
        }
        None => None,
    };
    Ok(Some(Box::new(Distributed {
        reader,
        batcher,
        writer,
        label: opt_str(obj, "Label", ptr)?.map(str::to_owned),
        express,
    })))
}

fn reader(obj: &Map<String, Value>, ptr: &str, jsonata: bool) -> Result<ItemReader, Invalid> {
    let resource = opt_str(obj, "Resource", ptr)?
        .ok_or_else(|| invalid(&format!("{ptr}/Resource"), "is required"))?;
    let list = match resource {
        "arn:aws:states:::s3:listObjectsV2" => true,
        "arn:aws:states:::s3:getObject" => false,
        _ => {
            return Err(invalid(
                &format!("{ptr}/Resource"),
                "must be arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2",
            ))
        }
    };
    let empty = Map::new();
    let cptr = format!("{ptr}/ReaderConfig");
    let config = match obj.get("ReaderConfig") {
        Some(c) => object(c, &cptr)?,
        None => &empty,
    };
    let input_type = choice(
        config,
        "InputType",
        &cptr,
        &[
            ("JSON", InputType::Json),
            ("JSONL", InputType::Jsonl),
            ("CSV", InputType::Csv),
            ("MANIFEST", InputType::Manifest),
            ("PARQUET", InputType::Parquet),
        ],
    )?;
    let csv_headers = match opt_str(config, "CSVHeaderLocation", &cptr)? {
        Some("GIVEN") => {
            let headers = config
                .get("CSVHeaders")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    invalid(
                        &format!("{cptr}/CSVHeaders"),
                        "must be an array of strings when CSVHeaderLocation is GIVEN",
                    )
                })?;
            let headers: Option<Vec<String>> = headers
                .iter()
                .map(|h| h.as_str().map(str::to_owned))
                .collect();
            Some(headers.ok_or_else(|| {
                invalid(&format!("{cptr}/CSVHeaders"), "must be an array of strings")
            })?)
        }
        Some("FIRST_ROW") | None => None,
        Some(_) => {
            return Err(invalid(
                &format!("{cptr}/CSVHeaderLocation"),
                "must be FIRST_ROW or GIVEN",
            ))
        }
    };
    let delimiter = choice(
        config,
        "CSVDelimiter",
        &cptr,
        &[
            ("COMMA", ','),
            ("PIPE", '|'),
            ("SEMICOLON", ';'),
            ("SPACE", ' '),
            ("TAB", '\t'),
        ],
    )?
    .unwrap_or(',');
    let manifest_type = choice(
        config,
        "ManifestType",
        &cptr,
        &[
            ("S3_INVENTORY", ManifestType::S3Inventory),
            ("ATHENA_DATA", ManifestType::AthenaData),
        ],
    )?
    .unwrap_or(ManifestType::S3Inventory);
    Ok(ItemReader {
        list,
        payload: Payload::compile(obj, ptr, jsonata)?,
        input_type: match list {
            true => None,
            false => Some(input_type.unwrap_or(InputType::Json)),
        },
        csv_headers,
        delimiter,
        manifest_type,
        max_items: number_in(config, "MaxItems", &cptr, jsonata)?,
        items_pointer: opt_str(config, "ItemsPointer", &cptr)?.map(str::to_owned),
    })
}
