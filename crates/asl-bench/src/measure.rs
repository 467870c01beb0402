//! Timing in the peer drivers' shape (`peers/common.mjs`): one checked warm-up execution,
//! then `samples` timed samples of `repeat` sequential executions each; the figure is the
//! median of the per-execution times of the samples.

use std::time::Instant;

use serde_json::{json, Value};

use crate::workload::{same_json, Workload};

/// The figures of one workload, printed as one JSON line.
#[derive(Debug, Clone)]
pub struct Report {
    /// Workload name.
    pub workload: String,
    /// Whether the warm-up execution's output equals `expected-output.json`.
    pub correct: bool,
    /// Median milliseconds per execution.
    pub ms_median: f64,
    /// Fastest sample, milliseconds per execution.
    pub ms_min: f64,
    /// Slowest sample, milliseconds per execution.
    pub ms_max: f64,
    /// Executions per sample (the manifest's `repeat`).
    pub executions_per_sample: u32,
    /// Transitions per execution (manifest).
    pub transitions: u64,
    /// `transitions / median`.
    pub transitions_per_s: f64,
    /// The start of the warm-up output when it is not the expected one.
    pub first_output: Option<String>,
}

impl Report {
    /// The JSON line, with `engine` naming what ran (e.g. `asl-core native`).
    pub fn to_json(&self, engine: &str) -> Value {
        let mut line = json!({
            "engine": engine,
            "workload": self.workload,
            "correct": self.correct,
            "ms_median": round3(self.ms_median),
            "ms_min": round3(self.ms_min),
            "ms_max": round3(self.ms_max),
            "executions_per_sample": self.executions_per_sample,
            "transitions": self.transitions,
            "transitions_per_s": self.transitions_per_s.round(),
        });
        if let (Some(first), Some(obj)) = (&self.first_output, line.as_object_mut()) {
            obj.insert("first_output".into(), Value::String(first.clone()));
        }
        line
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Median of the samples (mean of the middle two for an even count); 0 for none.
pub fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    match s.len() {
        0 => 0.0,
        n if n % 2 == 1 => s[m],
        _ => (s[m - 1] + s[m]) / 2.0,
    }
}

/// Runs `run_once` as one warm-up (its output checked) plus `samples` timed samples.
/// An error from any execution stops the measurement.
pub fn bench<F>(w: &Workload, samples: usize, mut run_once: F) -> Result<Report, String>
where
    F: FnMut() -> Result<Value, String>,
{
    let first = run_once()?;
    let correct = same_json(&first, &w.expected);
    let mut per = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t0 = Instant::now();
        for _ in 0..w.repeat {
            std::hint::black_box(run_once()?);
        }
        per.push(t0.elapsed().as_secs_f64() * 1000.0 / f64::from(w.repeat.max(1)));
    }
    let med = median(&per);
    Ok(Report {
        workload: w.name.clone(),
        correct,
        ms_median: med,
        ms_min: per.iter().copied().fold(f64::INFINITY, f64::min),
        ms_max: per.iter().copied().fold(0.0, f64::max),
        executions_per_sample: w.repeat,
        transitions: w.transitions,
        transitions_per_s: if med > 0.0 {
            w.transitions as f64 / (med / 1000.0)
        } else {
            0.0
        },
        first_output: (!correct).then(|| first.to_string().chars().take(400).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians() {
        let cases: [(&[f64], f64); 4] = [
            (&[], 0.0),
            (&[3.0], 3.0),
            (&[5.0, 1.0, 3.0], 3.0),
            (&[4.0, 1.0, 3.0, 2.0], 2.5),
        ];
        for (xs, want) in cases {
            assert_eq!(median(xs), want, "{xs:?}");
        }
    }
}
