//! The sub-objects of a Map state: `ItemProcessor`/`Iterator` (a scope with a
//! `ProcessorConfig`), `ItemReader`, `ItemBatcher` and `ResultWriter`.

use super::ctx::{head, join, Ctx, Lang};
use super::messages as m;
use super::scope::check_scope;
use super::templates;
use crate::json::{Member, Node};

/// `ItemProcessor` or the legacy `Iterator`.
pub(crate) fn check_processor(ctx: &mut Ctx, mem: &Member, ptr: &str) {
    if !ctx.object(ptr, mem) {
        return;
    }
    let owner = format!("a Map {}", mem.key);
    check_scope(ctx, &mem.value, ptr, &owner, &["ProcessorConfig"]);
    let Some(config) = mem.value.member("ProcessorConfig") else {
        return;
    };
    let cp = join(ptr, "ProcessorConfig");
    if !ctx.object(&cp, config) {
        return;
    }
    ctx.known_keys(
        &config.value,
        &cp,
        "ProcessorConfig",
        &["Mode", "ExecutionType"],
    );
    if let Some(mode) = config.value.member("Mode") {
        ctx.one_of(&join(&cp, "Mode"), mode, &["INLINE", "DISTRIBUTED"]);
    }
    if let Some(et) = config.value.member("ExecutionType") {
        ctx.one_of(&join(&cp, "ExecutionType"), et, &["STANDARD", "EXPRESS"]);
    }
}

/// Whether a Map state runs distributed: `Some(false)` for an inline Map (no
/// `ProcessorConfig`, no `Mode`, or `"INLINE"`), `None` when its processor or mode is
/// malformed (reported elsewhere).
pub(crate) fn is_distributed(state: &Node) -> Option<bool> {
    let processor = state
        .get("ItemProcessor")
        .or_else(|| state.get("Iterator"))?;
    if !processor.is_object() {
        return None;
    }
    let Some(config) = processor.get("ProcessorConfig") else {
        return Some(false);
    };
    if !config.is_object() {
        return None;
    }
    match config.get("Mode").map(Node::as_str) {
        None | Some(Some("INLINE")) => Some(false),
        Some(Some("DISTRIBUTED")) => Some(true),
        Some(_) => None,
    }
}

/// `ItemReader`: where a distributed Map reads its items.
pub(crate) fn check_item_reader(ctx: &mut Ctx, mem: &Member, ptr: &str, lang: Lang) {
    resource_object(ctx, mem, ptr, lang, "ItemReader", "ReaderConfig");
}

/// `ResultWriter`: where a distributed Map writes its results.
pub(crate) fn check_result_writer(ctx: &mut Ctx, mem: &Member, ptr: &str, lang: Lang) {
    resource_object(ctx, mem, ptr, lang, "ResultWriter", "WriterConfig");
}

fn resource_object(ctx: &mut Ctx, mem: &Member, ptr: &str, lang: Lang, owner: &str, config: &str) {
    if !ctx.object(ptr, mem) {
        return;
    }
    for f in mem.value.members() {
        let p = join(ptr, &f.key);
        match (f.key.as_str(), lang) {
            ("Resource", _) => {
                ctx.string(&p, f);
            }
            ("Parameters", Lang::JsonPath) | ("Arguments", Lang::Jsonata) => {
                templates::check_template(ctx, lang, &p, &f.value, &f.key)
            }
            ("Parameters", Lang::Jsonata) => ctx.push(m::field_of_other_language(
                &p,
                f.key_span.clone(),
                "Parameters",
                "JSONPath states",
                "JSONata",
            )),
            ("Arguments", Lang::JsonPath) => ctx.push(m::field_of_other_language(
                &p,
                f.key_span.clone(),
                "Arguments",
                "JSONata states",
                "JSONPath",
            )),
            (k, _) if k == config => {
                if ctx.object(&p, f) {
                    if lang == Lang::Jsonata {
                        templates::check_jsonata_value(ctx, &p, &f.value);
                    }
                    if k == "ReaderConfig" {
                        check_reader_config(ctx, &f.value, &p, lang);
                    }
                }
            }
            (k, _) => ctx.push(m::unknown_field(
                &p,
                f.key_span.clone(),
                owner,
                k,
                &["Resource", "Parameters", "Arguments", config],
            )),
        }
    }
}

const BATCHER_FIELDS: &[&str] = &[
    "MaxItemsPerBatch",
    "MaxItemsPerBatchPath",
    "MaxInputBytesPerBatch",
    "MaxInputBytesPerBatchPath",
    "BatchInput",
];

/// Reports `b` when `a` is also set (the value and `…Path` forms of one setting).
fn exclusive(ctx: &mut Ctx, node: &Node, ptr: &str, a: &str, b: &str) {
    if let (Some(_), Some(mb)) = (node.member(a), node.member(b)) {
        ctx.push(m::mutually_exclusive(
            &join(ptr, b),
            mb.key_span.clone(),
            a,
            b,
        ));
    }
}

/// `ReaderConfig`: `MaxItems` (at most 100,000,000) or `MaxItemsPath`, not both. Other
/// fields (`InputType`, `CSVHeaderLocation`, …) are left to AWS, which adds new ones.
fn check_reader_config(ctx: &mut Ctx, node: &Node, ptr: &str, lang: Lang) {
    exclusive(ctx, node, ptr, "MaxItems", "MaxItemsPath");
    if let Some(f) = node.member("MaxItems") {
        if !(lang == Lang::Jsonata && f.value.as_str().is_some()) {
            ctx.integer(
                &join(ptr, "MaxItems"),
                f,
                0.0,
                100_000_000.0,
                "an integer from 0 to 100000000",
            );
        }
    }
    if let Some(f) = node.member("MaxItemsPath") {
        templates::path_field(ctx, &join(ptr, "MaxItemsPath"), f);
    }
}

/// `ItemBatcher`: groups items into batches. It needs a bound on the items or the bytes
/// per batch, each as a value or a `…Path`, not both forms of one bound.
pub(crate) fn check_item_batcher(ctx: &mut Ctx, mem: &Member, ptr: &str, lang: Lang) {
    if !ctx.object(ptr, mem) {
        return;
    }
    let node = &mem.value;
    exclusive(ctx, node, ptr, "MaxItemsPerBatch", "MaxItemsPerBatchPath");
    exclusive(
        ctx,
        node,
        ptr,
        "MaxInputBytesPerBatch",
        "MaxInputBytesPerBatchPath",
    );
    let bounds = &BATCHER_FIELDS[..4];
    if !bounds.iter().any(|f| node.member(f).is_some()) {
        ctx.push(m::missing_one_of(ptr, head(node), "ItemBatcher", bounds));
    }
    for f in mem.value.members() {
        let p = join(ptr, &f.key);
        match f.key.as_str() {
            "MaxItemsPerBatch" => {
                if !(lang == Lang::Jsonata && f.value.as_str().is_some()) {
                    ctx.integer(&p, f, 0.0, f64::MAX, "an integer >= 0");
                } else {
                    templates::check_jsonata_string(ctx, &p, &f.value);
                }
            }
            "MaxInputBytesPerBatch" => {
                if !(lang == Lang::Jsonata && f.value.as_str().is_some()) {
                    ctx.integer(
                        &p,
                        f,
                        0.0,
                        262_144.0,
                        "an integer from 0 to 262144 (256 KiB)",
                    );
                } else {
                    templates::check_jsonata_string(ctx, &p, &f.value);
                }
            }
            "MaxItemsPerBatchPath" | "MaxInputBytesPerBatchPath" => {
                templates::path_field(ctx, &p, f)
            }
            "BatchInput" => templates::check_template(ctx, lang, &p, &f.value, "BatchInput"),
            k => ctx.push(m::unknown_field(
                &p,
                f.key_span.clone(),
                "ItemBatcher",
                k,
                BATCHER_FIELDS,
            )),
        }
    }
}
