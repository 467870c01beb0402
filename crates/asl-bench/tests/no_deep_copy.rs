//! Guards the no-deep-copy property of the interpreter: documents move between states by
//! reference, so a run of `payload-heavy` (a ~100 KiB document passed through InputPath,
//! Parameters and ResultPath 3,000 times) allocates far less than one document per transition.
//!
//! Allocation is counted with a counting global allocator, so the test sees every copy however
//! it is made (clone, re-serialisation, history snapshots). It is one test function on purpose:
//! the counter is process-wide and parallel tests would pollute it.

use std::alloc::System;
use std::path::Path;

use asl_bench::{engine, workload};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Whole-document copies allowed per execution: the input handed to `Execution::new`, the
/// output, and a few more for slack (e.g. a history that snapshots the first input).
const DOCUMENT_COPIES: usize = 4;
/// Bookkeeping allowed per transition (events, small maps, the counter `i`), in bytes.
const BYTES_PER_TRANSITION: usize = 4096;

#[test]
fn payload_heavy_allocates_far_less_than_a_document_per_transition() {
    let dir = workload::default_workloads_dir();
    if !Path::new(&dir).join("manifest.json").exists() {
        println!(
            "skipped: no workloads at {} (../shared is missing)",
            dir.display()
        );
        return;
    }
    let w = match workload::load(&dir, &workload::default_mocks_dir(), "payload-heavy") {
        Ok(w) => w,
        Err(e) => panic!("payload-heavy: {e}"),
    };
    let prepared = engine::prepare(&w).unwrap_or_else(|e| panic!("{e}"));

    // Calibrate: what one deep copy of the input costs, as this counter sees it.
    let region = Region::new(GLOBAL);
    let copy = std::hint::black_box(w.input.clone());
    let document_bytes = region.change().bytes_allocated;
    drop(copy);
    assert!(
        document_bytes > 100_000,
        "a deep copy should allocate >100 KB, counted {document_bytes}"
    );

    // Warm up once (lazy statics, compiled definition caches) and check the result.
    let out = prepared.run_once().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        workload::same_json(&out, &w.expected),
        "payload-heavy output differs"
    );

    let region = Region::new(GLOBAL);
    let mut exec = prepared.start().unwrap_or_else(|e| panic!("{e}"));
    exec.run_to_end();
    let stats = region.change();
    let entered = engine::state_entered(&exec);
    drop(exec);

    let transitions = usize::try_from(w.transitions).unwrap_or(usize::MAX);
    assert_eq!(
        entered, transitions,
        "StateEntered events vs manifest transitions"
    );
    let budget = DOCUMENT_COPIES * document_bytes + transitions * BYTES_PER_TRANSITION;
    println!(
        "payload-heavy: {} bytes in {} allocations over {transitions} transitions \
         ({} bytes/transition; one document copy = {document_bytes} bytes; budget {budget})",
        stats.bytes_allocated,
        stats.allocations,
        stats.bytes_allocated / transitions,
    );
    assert!(
        stats.bytes_allocated <= budget,
        "payload-heavy allocated {} bytes, over the budget of {budget} \
         ({DOCUMENT_COPIES} document copies of {document_bytes} + {BYTES_PER_TRANSITION} per transition): \
         a document is being deep-copied per transition",
        stats.bytes_allocated
    );
}
