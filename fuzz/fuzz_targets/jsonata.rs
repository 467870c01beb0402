//! JSONata through our wrapper: `EXPRESSION \x1e INPUT`, the expression with or without its
//! `{% %}` delimiters. Parsing and evaluating under the default limits never panic and end
//! within the timeout.
#![no_main]

use asl_core::jsonata::{Env, Expression};
use asl_fuzz::{json_or_empty, parts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([expression, input]) = parts::<2>(data) else {
        return;
    };
    let text = if expression.starts_with("{%") {
        expression.to_string()
    } else {
        format!("{{% {expression} %}}")
    };
    let input = json_or_empty(input);
    if let Ok(expression) = Expression::parse(&text) {
        let mut n = 3u64;
        let mut random = || {
            n = n.wrapping_mul(6364136223846793005).wrapping_add(1);
            n
        };
        let env = Env::new(&input).with_random(&mut random);
        let _ = expression.evaluate(&env);
    }
});
