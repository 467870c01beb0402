//! Payload templates (Parameters / ResultSelector with `.$` keys, intrinsic calls inside):
//! `TEMPLATE \x1e INPUT \x1e CONTEXT`.
#![no_main]

use asl_core::template::evaluate_template;
use asl_fuzz::{json_or_empty, parts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([template, input, context]) = parts::<3>(data) else {
        return;
    };
    let Ok(template) = serde_json::from_str::<serde_json::Value>(template) else {
        return;
    };
    let input = asl_core::Doc::from(json_or_empty(input));
    let context = asl_core::Doc::from(json_or_empty(context));
    let mut n = 0u64;
    let mut random = || {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        n
    };
    let _ = evaluate_template(&template, &input, &context, &(), &mut random);
});
