//! Guards the no-deep-copy property of the interpreter: documents are `asl_core::Doc`s whose
//! subtrees are shared (`Rc`), so states that pass their input through, select part of it or
//! place a result into it allocate next to nothing, whatever the size of the document.
//!
//! Allocation is counted with a counting global allocator, so the tests see every copy however
//! it is made (clone, re-serialisation, history snapshots). The counter is process-wide, so the
//! tests take a lock and never measure concurrently.
//!
//! - `pass_through_states_share_the_document`: 200 Choice and field-less Pass states on the
//!   payload-heavy document (~100 KiB of JSON, ~0.9 MB in memory) must allocate less than a
//!   few document copies in all.
//! - `payload_heavy_allocates_far_less_than_a_document_per_transition`: the payload-heavy
//!   workload itself (3,002 transitions), where InputPath, Parameters and ResultPath move the
//!   document: selections share subtrees and ResultPath copies only the top object, so the
//!   whole run must stay within a few document copies plus a little per transition (with
//!   `serde_json::Value` documents it allocated ~1.5 MB per transition).

use std::alloc::System;
use std::sync::Mutex;

use asl_bench::{engine, workload};
use serde_json::{json, Map, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Serialises the tests: the allocation counter is global.
static COUNTER: Mutex<()> = Mutex::new(());

/// Whole-document copies allowed per execution: the input handed to `Execution::new`, the
/// output, and a little slack.
const DOCUMENT_COPIES: usize = 4;
/// Bookkeeping allowed per transition (history events, visits, small maps), in bytes.
const BYTES_PER_TRANSITION: usize = 4096;

/// Loads payload-heavy, or None (with a message) when ../shared is missing.
fn payload_heavy() -> Option<workload::Workload> {
    let dir = workload::default_workloads_dir();
    if !dir.join("manifest.json").exists() {
        println!(
            "skipped: no workloads at {} (../shared is missing)",
            dir.display()
        );
        return None;
    }
    match workload::load(&dir, &workload::default_mocks_dir(), "payload-heavy") {
        Ok(w) => Some(w),
        Err(e) => panic!("payload-heavy: {e}"),
    }
}

/// Bytes one deep copy of `value` allocates, as this counter sees it.
fn copy_bytes(value: &Value) -> usize {
    let region = Region::new(GLOBAL);
    let copy = std::hint::black_box(value.clone());
    let bytes = region.change().bytes_allocated;
    drop(copy);
    bytes
}

/// Runs `w` once unmeasured (warm-up, output check), then once measured; asserts the
/// measured run stays within the budget.
fn check_budget(w: &workload::Workload) {
    let prepared = engine::prepare(w).unwrap_or_else(|e| panic!("{e}"));
    let document_bytes = copy_bytes(&w.input);
    assert!(
        document_bytes > 100_000,
        "a deep copy should allocate >100 KB, counted {document_bytes}"
    );

    let out = prepared.run_once().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        workload::same_json(&out, &w.expected),
        "{}: output differs",
        w.name
    );

    let region = Region::new(GLOBAL);
    let mut exec = prepared.start().unwrap_or_else(|e| panic!("{e}"));
    exec.run_to_end();
    let stats = region.change();
    let entered = engine::state_entered(&exec) as u64;
    drop(exec);
    assert_eq!(
        entered, w.transitions,
        "{}: StateEntered events vs transitions",
        w.name
    );

    let transitions = usize::try_from(w.transitions).unwrap_or(usize::MAX);
    let budget = DOCUMENT_COPIES * document_bytes + transitions * BYTES_PER_TRANSITION;
    println!(
        "{}: {} bytes in {} allocations over {transitions} transitions ({} bytes/transition; \
         one document copy = {document_bytes} bytes; budget {budget})",
        w.name,
        stats.bytes_allocated,
        stats.allocations,
        stats.bytes_allocated / transitions.max(1),
    );
    assert!(
        stats.bytes_allocated <= budget,
        "{} allocated {} bytes, over the budget of {budget} ({DOCUMENT_COPIES} document copies \
         of {document_bytes} + {BYTES_PER_TRANSITION} per transition): documents are being \
         deep-copied between states",
        w.name,
        stats.bytes_allocated
    );
}

#[test]
fn pass_through_states_share_the_document() {
    let _lock = COUNTER.lock().unwrap_or_else(|e| e.into_inner());
    let Some(heavy) = payload_heavy() else { return };
    // 100 x (Choice on a small field, then a Pass with no fields), then Succeed: every state
    // hands its input on untouched.
    const PAIRS: usize = 100;
    let mut states = Map::new();
    for k in 0..PAIRS {
        let next = if k + 1 < PAIRS {
            format!("Check{}", k + 1)
        } else {
            "Done".to_owned()
        };
        states.insert(
            format!("Check{k}"),
            json!({"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericEquals": 0, "Next": format!("Keep{k}")}], "Default": "Done"}),
        );
        states.insert(format!("Keep{k}"), json!({"Type": "Pass", "Next": next}));
    }
    states.insert("Done".into(), json!({"Type": "Succeed"}));
    let w = workload::Workload {
        name: "pass-through".into(),
        transitions: 2 * PAIRS as u64 + 1,
        repeat: 1,
        task_invocations: 0,
        definition: json!({"StartAt": "Check0", "States": states}),
        expected: heavy.input.clone(),
        input: heavy.input,
        context: None,
        mocks: None,
    };
    check_budget(&w);
}

#[test]
fn payload_heavy_allocates_far_less_than_a_document_per_transition() {
    let _lock = COUNTER.lock().unwrap_or_else(|e| e.into_inner());
    let Some(w) = payload_heavy() else { return };
    check_budget(&w);
}
