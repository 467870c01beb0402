//! A Distributed Map's `ItemBatcher`: the children receive batches of items, as AWS's
//! developer guide describes them
//! (<https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html>):
//! `{"Items": […]}`, plus `"BatchInput"` when the batcher declares one (recorded: no
//! `BatchInput` key otherwise). A batch holds at most `MaxItemsPerBatch` items and at most
//! `MaxInputBytesPerBatch` bytes of JSON (default and AWS's limit for that field: 256 KiB,
//! the payload quota); an item that alone exceeds the byte limit fails the Map with
//! `States.Runtime`.

use super::distributed::{ItemBatcher, Payload};
use super::errors::plain;
use super::model::NumberField;
use super::query::States;
use super::Execution;
use crate::doc::Doc;
use crate::error::{names, StatesError};

impl Execution {
    /// A batcher's number field (literal, `…Path` of the effective input, or JSONata).
    fn batcher_number(
        &mut self,
        field: Option<&NumberField>,
        name: &str,
        effective: &Doc,
        context: &Doc,
    ) -> Result<Option<u64>, StatesError> {
        let value = match field {
            None => return Ok(None),
            Some(NumberField::Literal(n)) => Doc::from(serde_json::json!(n)),
            Some(NumberField::Path(path)) => {
                super::data::select_path(path, effective, context, &self.vars())?
            }
            Some(NumberField::Expr(template)) => {
                let input = self.raw_input()?;
                Doc::from(self.eval(
                    template,
                    super::query::Field::Arguments,
                    &States::new(&input, context),
                )?)
            }
        };
        let n = value
            .as_f64()
            .or_else(|| value.as_str().and_then(|t| t.trim().parse::<f64>().ok()));
        match n {
            Some(n) if n.fract() == 0.0 && n >= 1.0 => Ok(Some(n as u64)),
            _ => Err(StatesError::new(
                names::RUNTIME,
                format!(
                    "{name} must be a positive integer, but was \"{}\"",
                    plain(&value)
                ),
            )),
        }
    }

    /// The children's inputs: `items` grouped into batches.
    pub(crate) fn batches(
        &mut self,
        batcher: &ItemBatcher,
        items: Vec<Doc>,
        effective: &Doc,
        context: &Doc,
    ) -> Result<Vec<Doc>, StatesError> {
        let max_items = self.batcher_number(
            batcher.max_items.as_ref(),
            "MaxItemsPerBatch",
            effective,
            context,
        )?;
        let max_bytes = self.batcher_number(
            batcher.max_bytes.as_ref(),
            "MaxInputBytesPerBatch",
            effective,
            context,
        )?;
        let batch_input = match &batcher.batch_input {
            None => None,
            Some(Payload::JsonPath(Some(t))) => Some(self.eval_template(t, effective, context)?),
            Some(Payload::JsonAta(Some(t))) => {
                let input = self.raw_input()?;
                Some(Doc::from(self.eval(
                    t,
                    super::query::Field::Arguments,
                    &States::new(&input, context),
                )?))
            }
            Some(_) => None,
        };
        let make = |items: Vec<Doc>| match &batch_input {
            Some(b) => Doc::object_of([("BatchInput", b.clone()), ("Items", Doc::array(items))]),
            None => Doc::object_of([("Items", Doc::array(items))]),
        };
        // `{"BatchInput":…,"Items":[]}` around the items, and a comma between two.
        let envelope = make(Vec::new()).json_size();
        let max_items = max_items.map_or(usize::MAX, |n| n as usize);
        // Without `MaxInputBytesPerBatch` a batch is bounded by the payload quota (a child's
        // input is an execution input).
        let max_bytes = max_bytes.map_or(super::size::MAX_PAYLOAD_BYTES, |n| n as usize);
        let mut batches = Vec::new();
        let mut current = Vec::new();
        let mut bytes = envelope;
        for item in items {
            let size = item.json_size() + usize::from(!current.is_empty());
            if envelope + item.json_size() > max_bytes {
                return Err(StatesError::new(
                    names::RUNTIME,
                    format!(
                        "An item of {} bytes does not fit in a batch of MaxInputBytesPerBatch {max_bytes} bytes",
                        item.json_size()
                    ),
                ));
            }
            if !current.is_empty() && (current.len() >= max_items || bytes + size > max_bytes) {
                batches.push(make(std::mem::take(&mut current)));
                bytes = envelope;
            }
            bytes += item.json_size() + usize::from(!current.is_empty());
            current.push(item);
        }
        if !current.is_empty() {
            batches.push(make(current));
        }
        Ok(batches)
    }
}
