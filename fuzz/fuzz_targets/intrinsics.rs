//! Intrinsic functions: `CALL \x1e INPUT`, e.g. `States.ArrayRange($.a, $.b, 1)`. Parsing and
//! evaluation never panic, and resource limits (ranges, string sizes) hold.
#![no_main]

use asl_core::intrinsics;
use asl_core::paths::Scope;
use asl_core::Doc;
use asl_fuzz::{json_or_empty, parts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([call, input]) = parts::<2>(data) else {
        return;
    };
    let input = Doc::from(json_or_empty(input));
    let context = Doc::Null;
    let Ok(call) = intrinsics::parse(call) else {
        return;
    };
    let mut n = 7u64;
    let mut random = || {
        n ^= n << 13;
        n ^= n >> 7;
        n ^= n << 17;
        n
    };
    if let Ok(value) = intrinsics::evaluate(&call, &Scope::new(&input, &context, &()), &mut random)
    {
        // Nothing an intrinsic makes may exceed a few megabytes (inputs are bounded by the
        // fuzzer's max_len, so anything bigger is an unbounded blow-up).
        assert!(value.json_size() < 16 << 20);
    }
});
