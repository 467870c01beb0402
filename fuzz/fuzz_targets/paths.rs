//! JSONPath: `PATH \x1e INPUT \x1e CONTEXT`. Parsing, selection (as a path and as a
//! ResultPath reference path) never panic.
#![no_main]

use asl_core::paths::{apply_result_path, Path, ReferencePath, Scope};
use asl_core::Doc;
use asl_fuzz::{json_or_empty, parts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([path, input, context]) = parts::<3>(data) else {
        return;
    };
    let input = Doc::from(json_or_empty(input));
    let context = Doc::from(json_or_empty(context));
    let variables = std::collections::HashMap::<String, Doc>::new();
    if let Ok(p) = Path::parse(path) {
        let _ = p.select(&Scope::new(&input, &context, &variables));
        let _ = p.to_string();
    }
    if let Ok(r) = ReferencePath::parse(path) {
        let _ = apply_result_path(input.clone(), context.clone(), Some(&r));
    }
});
