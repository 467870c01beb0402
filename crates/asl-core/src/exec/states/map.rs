//! Map (inline): runs its item processor once per item as child frames (see `join`); its
//! result is the array of their outputs. `MaxConcurrency` bounds the iterations in flight,
//! `ToleratedFailureCount`/`…Percentage` let some fail.

use super::super::compile::Fields;
use super::super::compile_fields::{jsonata_field, path_field, template_field};
use super::super::errors::{internal, invalid, plain, Invalid};
use super::super::frame::JoinKind;
use super::super::history::Detail;
use super::super::io::Effective;
use super::super::model::NumberField;
use super::super::model::{Kind, Map, MapItems, PathField, State};
use super::super::query::{Field, States};
use super::super::{data, distributed, Execution};
use super::Nested;
use crate::doc::Doc;
use crate::error::{names, StatesError};
use crate::jsonata::expect_array;

pub(crate) fn compile(fields: &Fields<'_>, nested: Nested<'_>) -> Result<Kind, Invalid> {
    let (obj, ptr) = (fields.obj, fields.ptr);
    let (key, processor) = match (obj.get("ItemProcessor"), obj.get("Iterator")) {
        (Some(p), _) => ("ItemProcessor", p),
        (None, Some(p)) => ("Iterator", p),
        (None, None) => return Err(invalid(&format!("{ptr}/ItemProcessor"), "is required")),
    };
    let pptr = format!("{ptr}/{key}");
    let processor = processor
        .as_object()
        .ok_or_else(|| invalid(&pptr, "must be an object"))?;
    let processor = nested(processor, &pptr)?;
    let items = if fields.jsonata {
        MapItems::JsonAta {
            items: jsonata_field(obj, "Items", ptr)?,
            item_selector: jsonata_field(obj, "ItemSelector", ptr)?,
        }
    } else {
        // Legacy `Parameters` is the item selector when there is no `ItemSelector`.
        let key = match obj.contains_key("ItemSelector") {
            true => "ItemSelector",
            false => "Parameters",
        };
        MapItems::JsonPath {
            item_selector: template_field(obj, key, ptr)?,
            items_path: path_field(obj, "ItemsPath", ptr)?,
        }
    };
    Ok(Kind::Map(Map {
        processor,
        items,
        max_concurrency: fields.number(Field::MaxConcurrency.name())?,
        tolerated_percentage: fields.number(Field::ToleratedFailurePercentage.name())?,
        tolerated_count: fields.number(Field::ToleratedFailureCount.name())?,
        distributed: distributed::compile(obj, ptr, key, fields.jsonata)?,
    }))
}

impl Execution {
    pub(super) fn run_map(&mut self, state: &State, map: &Map) -> Result<(), StatesError> {
        let context = self.context_if_used(state);
        let effective = self.effective_input(&state.query, Effective::InputPath, &context)?;
        let max_concurrency = self
            .number(
                map.max_concurrency.as_ref(),
                Field::MaxConcurrency,
                &effective,
                &context,
            )?
            .map_or(0, |n| n as usize);
        let count = self.tolerated(
            map.tolerated_count.as_ref(),
            Field::ToleratedFailureCount,
            &effective,
            &context,
        )?;
        let percentage = self.tolerated(
            map.tolerated_percentage.as_ref(),
            Field::ToleratedFailurePercentage,
            &effective,
            &context,
        )?;
        let dist = map.distributed.as_deref();
        let reader = dist.and_then(|d| d.reader.as_ref());
        let items = match reader.filter(|_| distributed::ENABLED) {
            // With an ItemReader, `ItemsPath` does not apply (recorded).
            Some(reader) => {
                let max = self.reader_max_items(reader, &effective, &context)?;
                self.read_items(&state.name, reader, &effective, &context, max)?
            }
            None => self.map_items(&map.items, &effective, &context)?,
        };
        self.emit(
            "MapStateStarted",
            [("length", Detail::Int(items.len() as i64))],
        );
        let items = match dist.filter(|d| preselects(d)) {
            Some(d) => self.children_inputs(map, d, items, &effective, &context)?,
            None => items,
        };
        let run = dist.map(|d| {
            let label = d.label.clone().unwrap_or_else(|| state.name.to_string());
            Box::new(self.start_map_run(&label, items.len(), d.express))
        });
        if let Some(run) = &run {
            self.emit(
                "MapRunStarted",
                [("mapRunArn", Detail::Str(run.arn.as_str().into()))],
            );
        }
        let total = items.len();
        self.begin_join(
            JoinKind::Map {
                processor: map.processor,
                items,
                effective,
                failures: 0,
                tolerated_count: count,
                tolerated_percentage: percentage,
                run,
            },
            total,
            max_concurrency,
        );
        Ok(())
    }

    /// `ToleratedFailureCount`/`…Percentage` (and their paths): a path value may be a number
    /// or a string of one (recorded); a count must be a non-negative integer and a
    /// percentage within 0 to 100, checked as AWS checks them when the state starts.
    fn tolerated(
        &mut self,
        number: Option<&NumberField>,
        field: Field,
        effective: &Doc,
        context: &Doc,
    ) -> Result<Option<f64>, StatesError> {
        let value = match number {
            Some(NumberField::Path(path)) => {
                let value = data::select_path(path, effective, context, &self.vars())?;
                let n = value
                    .as_f64()
                    .or_else(|| value.as_str().and_then(|t| t.trim().parse::<f64>().ok()));
                let integer = n.filter(|n| n.fract() == 0.0);
                match (field, n, integer) {
                    (Field::ToleratedFailurePercentage, Some(n), _) | (_, _, Some(n)) => n,
                    _ => {
                        return Err(StatesError::new(
                            names::RUNTIME,
                            format!(
                                "The {}Path field refers to value \"{}\" which is not a valid integer: {path}",
                                field.name(),
                                plain(&value)
                            ),
                        ))
                    }
                }
            }
            other => match self.number(other, field, effective, context)? {
                Some(n) => n,
                None => return Ok(None),
            },
        };
        match field {
            Field::ToleratedFailurePercentage if !(0.0..=100.0).contains(&value) => {
                Err(StatesError::new(
                    names::RUNTIME,
                    "ToleratedFailurePercentage must be between 0 and 100.",
                ))
            }
            Field::ToleratedFailureCount if value < 0.0 => Err(StatesError::new(
                names::RUNTIME,
                "ToleratedFailureCount cannot be negative.",
            )),
            _ => Ok(Some(value)),
        }
    }

    /// The items: `ItemsPath` of the effective input, or `Items` (default: the state input).
    fn map_items(
        &mut self,
        items: &MapItems,
        effective: &Doc,
        context: &Doc,
    ) -> Result<Vec<Doc>, StatesError> {
        let (items_path, items) = match items {
            MapItems::JsonPath { items_path, .. } => (
                items_path,
                data::select(items_path, effective, context, &self.vars())?,
            ),
            MapItems::JsonAta { items, .. } => return self.jsonata_items(items.as_ref(), context),
        };
        match &items {
            Doc::Array(items) => Ok(items.items().to_vec()),
            other => Err(StatesError::new(
                names::RUNTIME,
                format!(
                    "Invalid path '{}' : the ItemsPath must reference a JSON array, found {}",
                    match items_path {
                        PathField::Path(p) => p.text(),
                        _ => "$",
                    },
                    plain(other)
                ),
            )),
        }
    }

    fn jsonata_items(
        &mut self,
        items: Option<&crate::jsonata::CompiledTemplate>,
        context: &Doc,
    ) -> Result<Vec<Doc>, StatesError> {
        let input = self.raw_input()?;
        // Without `Items` the state input is the array; when it is not one, no field failed
        // and AWS's `EvaluationFailed` has no `location`.
        let (value, location) =
            match self.eval_opt(items, Field::Items, &States::new(&input, context))? {
                Some(v) => (v, Field::Items.name()),
                None => {
                    if let Some(items) = input.as_array() {
                        return Ok(items.to_vec());
                    }
                    (input.to_value(), "")
                }
            };
        match expect_array(&value, location) {
            Ok(items) => Ok(items.iter().map(Doc::from).collect()),
            Err(e) => Err(self.jsonata_failed(e)),
        }
    }

    /// `ItemSelector` (or legacy `Parameters`) for item `index`, with `$$.Map.Item`.
    pub(crate) fn iteration_input(
        &mut self,
        map: &Map,
        index: usize,
        item: Doc,
    ) -> Result<Doc, StatesError> {
        if let Some(dist) = map.distributed.as_deref() {
            let input = match preselects(dist) {
                true => item,
                false => {
                    let effective = self.map_effective()?;
                    self.select_item(map, index, item, &effective)?
                }
            };
            // A child is an execution: its input is bounded by the payload quota.
            if super::super::size::doc_too_large(&input) {
                return Err(StatesError::new(
                    names::DATA_LIMIT_EXCEEDED,
                    "The execution input exceeds the maximum number of bytes service limit.",
                ));
            }
            return Ok(input);
        }
        let effective = self.map_effective()?;
        self.select_item(map, index, item, &effective)
    }

    /// The Map's effective input, kept by its join (`$` of `ItemSelector`).
    fn map_effective(&self) -> Result<Doc, StatesError> {
        let frame = self.frame().ok_or_else(internal)?;
        let Some(JoinKind::Map { effective, .. }) = frame.join.as_ref().map(|j| &j.kind) else {
            return Err(internal());
        };
        Ok(effective.clone())
    }

    /// `ItemSelector` (or legacy `Parameters`) for item `index`, with `$$.Map.Item`.
    fn select_item(
        &mut self,
        map: &Map,
        index: usize,
        item: Doc,
        effective: &Doc,
    ) -> Result<Doc, StatesError> {
        match &map.items {
            MapItems::JsonPath {
                item_selector: Some(template),
                ..
            } => {
                let context = self.context(None, Some((index, &item)));
                self.eval_template(template, effective, &context)
            }
            MapItems::JsonAta {
                item_selector: Some(template),
                ..
            } => {
                let input = self.raw_input()?;
                let context = self.context(None, Some((index, &item)));
                let states = States::new(&input, &context);
                Ok(Doc::from(self.eval(
                    template,
                    Field::ItemSelector,
                    &states,
                )?))
            }
            _ => Ok(item),
        }
    }
}

/// Whether the children's inputs are built before the first child starts: batches need all
/// their items selected, and a `ResultWriter` reports each child's input.
fn preselects(d: &distributed::Distributed) -> bool {
    distributed::ENABLED && (d.batcher.is_some() || d.writer.is_some())
}

impl Execution {
    /// Every child's input: each item through `ItemSelector`, then, with an `ItemBatcher`,
    /// grouped into `{"Items": […]}` batches (`"BatchInput"` only when declared, recorded).
    fn children_inputs(
        &mut self,
        map: &Map,
        dist: &distributed::Distributed,
        items: Vec<Doc>,
        effective: &Doc,
        context: &Doc,
    ) -> Result<Vec<Doc>, StatesError> {
        let mut selected = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            selected.push(self.select_item(map, index, item, effective)?);
        }
        match dist.batcher.as_ref().filter(|_| distributed::ENABLED) {
            Some(batcher) => self.batches(batcher, selected, effective, context),
            None => Ok(selected),
        }
    }
}
