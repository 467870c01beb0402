//! A whole run: `DEFINITION \x1e INPUT \x1e MOCKS` (mocks optional), through the same
//! `run_texts` path as `asl run`, with a small history budget so every input ends quickly.
//! Never panics; the result serializes; every history event serializes.
#![no_main]

use asl_core::exec::{run_texts, ExecOptions, RunRequest};
use asl_fuzz::parts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([definition, input, mocks]) = parts::<3>(data) else {
        return;
    };
    let input = if input.trim().is_empty() { "{}" } else { input };
    let request = RunRequest {
        definition,
        input,
        mocks: (!mocks.trim().is_empty()).then_some(mocks),
        state_machine: None,
        test_case: None,
        options: ExecOptions {
            max_events: 300,
            ..ExecOptions::default()
        },
    };
    if let Ok(result) = run_texts(&request) {
        let exec = &result.execution;
        assert!(exec.events().len() <= 300 + 8, "history budget overrun");
        let _ = result.to_json(true, true).to_string();
    }
});
