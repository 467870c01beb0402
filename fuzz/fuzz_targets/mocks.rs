//! MockConfigFile parsing and lookup: `MOCKFILE \x1e STATE_MACHINE \x1e TEST_CASE`. Parsing,
//! selecting a test case and invoking mocked tasks never panic.
#![no_main]

use asl_core::host::{Host, TaskCall};
use asl_core::mocks::MockConfig;
use asl_fuzz::parts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some([text, machine, case]) = parts::<3>(data) else {
        return;
    };
    let Ok(config) = MockConfig::parse(text) else {
        return;
    };
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let (machine, case) = (opt(machine), opt(case));
    let Ok(host) = config.test_case(machine.as_deref(), case.as_deref()) else {
        return;
    };
    let mut host = host.with_seed(1);
    let states: Vec<String> = config
        .state_machines
        .iter()
        .flat_map(|(_, cases)| cases.iter().flat_map(|(_, states)| states.iter().map(|(s, _)| s.clone())))
        .collect();
    let input = asl_core::Doc::from(serde_json::json!({"k": 1}));
    for state in states.iter().take(8) {
        for invocation in 0..4 {
            let call = TaskCall {
                state_name: state,
                resource: "arn:aws:lambda:us-east-1:123456789012:function:F",
                input: &input,
                invocation,
                task_token: None,
            };
            let _ = host.invoke(&call);
        }
    }
    let _ = host.random_u64();
});
