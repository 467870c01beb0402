//! Choice rules: `RULE \x1e INPUT`. Compiling and testing any rule never panics.
#![no_main]

use asl_core::choice::evaluate_rule;
use asl_fuzz::{json_or_empty, parts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([rule, input]) = parts::<2>(data) else {
        return;
    };
    let Ok(rule) = serde_json::from_str::<serde_json::Value>(rule) else {
        return;
    };
    let input = asl_core::Doc::from(json_or_empty(input));
    let _ = evaluate_rule(&rule, &input, &asl_core::Doc::Null, &());
});
