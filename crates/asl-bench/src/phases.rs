//! Where one execution's time goes, phase by phase, for explaining the figures (e.g. why the
//! wasm API costs more than the native run): validating the definition text, parsing it with
//! spans, compiling it (`Execution::new`), running (`run_to_end`), and rendering the history
//! as `GetExecutionHistory` JSON (what asl-wasm's `step` hands to JavaScript).

use std::time::Instant;

use serde_json::{json, Value};

use crate::engine::Prepared;
use crate::measure::median;
use crate::workload::Workload;

/// Median milliseconds of `f` over `samples` runs of `repeat` calls each, after one warm-up.
fn time<T>(
    samples: usize,
    repeat: u32,
    mut f: impl FnMut() -> Result<T, String>,
) -> Result<f64, String> {
    std::hint::black_box(f()?);
    let mut per = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t0 = Instant::now();
        for _ in 0..repeat {
            std::hint::black_box(f()?);
        }
        per.push(t0.elapsed().as_secs_f64() * 1000.0 / f64::from(repeat.max(1)));
    }
    Ok(median(&per))
}

/// One JSON line of phase timings (milliseconds per execution, medians).
pub fn phases(w: &Workload, prepared: &Prepared<'_>, samples: usize) -> Result<Value, String> {
    let text = w.definition.to_string();
    let repeat = w.repeat;
    let validate = time(samples, repeat, || Ok(asl_core::validate::validate(&text)))?;
    let parse = time(samples, repeat, || {
        asl_core::json::parse(&text).map_err(|d| d.message)
    })?;
    let new = time(samples, repeat, || prepared.start())?;
    let run = time(samples, repeat, || {
        let mut exec = prepared.start()?;
        exec.run_to_end();
        Ok(exec)
    })? - new;
    let mut exec = prepared.start()?;
    exec.run_to_end();
    let events = exec.events().len();
    let history = time(samples, repeat, || {
        Ok(exec
            .events()
            .iter()
            .map(|e| e.to_json())
            .collect::<Vec<_>>())
    })?;
    let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
    Ok(json!({
        "engine": "asl-core native",
        "workload": w.name,
        "validate_ms": r3(validate),
        "json_parse_with_spans_ms": r3(parse),
        "execution_new_ms": r3(new),
        "run_to_end_ms": r3(run),
        "history_to_json_ms": r3(history),
        "events": events,
    }))
}
