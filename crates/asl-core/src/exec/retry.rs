//! `Retry`/`Catch` semantics as pure functions: which error names a rule matches, and how long
//! a retrier waits before the next attempt.

use crate::error::names;

/// Whether `error` is one that no retrier or catcher may handle: `States.Runtime`.
///
/// The AWS documentation also calls `States.DataLimitExceeded` terminal, but recorded AWS
/// runs caught it, both by name and with `States.ALL` (conformance cases
/// `test_states_errors__*data_limit_exceeded*`), so it is handled like any other error.
pub fn is_terminal(error: &str) -> bool {
    error == names::RUNTIME
}

/// Whether an `ErrorEquals` list matches `error`.
///
/// - `States.ALL` matches every error except `States.Runtime`.
/// - `States.TaskFailed` matches every error except `States.Timeout` (and the terminal ones).
/// - An empty list matches everything catchable: the recorded AWS run caught with
///   `"ErrorEquals": []` (see ASL-CHECKLIST.md); only catchers pass `empty_matches = true`.
pub fn matches(error_equals: &[String], error: &str, empty_matches: bool) -> bool {
    if is_terminal(error) {
        return false;
    }
    if error_equals.is_empty() {
        return empty_matches;
    }
    error_equals.iter().any(|name| {
        name == error
            || name == names::ALL
            || (name == names::TASK_FAILED && error != names::TIMEOUT)
    })
}

/// Delay before retry number `attempt` (0 for the first retry), in milliseconds.
///
/// `IntervalSeconds * BackoffRate^attempt`, capped at `MaxDelaySeconds`; with `FULL` jitter a
/// uniformly random share of that (`random` is a `u64` from the host). Durations are rounded to
/// whole milliseconds.
pub fn delay_ms(
    interval_seconds: f64,
    backoff_rate: f64,
    max_delay_seconds: Option<f64>,
    jitter_full: bool,
    attempt: u64,
    random: u64,
) -> u64 {
    if interval_seconds <= 0.0 || interval_seconds.is_nan() {
        // 0 × an overflowing backoff would be NaN; no interval means no wait.
        return 0;
    }
    let exponent = i32::try_from(attempt).unwrap_or(i32::MAX);
    let mut seconds = interval_seconds * backoff_rate.powi(exponent);
    if let Some(max) = max_delay_seconds {
        seconds = seconds.min(max);
    }
    if !seconds.is_finite() || seconds < 0.0 {
        // An overflowing backoff is capped at the one-year execution limit anyway.
        seconds = ONE_YEAR_SECONDS;
    }
    seconds = seconds.min(ONE_YEAR_SECONDS);
    if jitter_full {
        // 53 random bits as a fraction in [0, 1).
        let fraction = (random >> 11) as f64 / (1u64 << 53) as f64;
        seconds *= fraction;
    }
    (seconds * 1000.0).round() as u64
}

/// One year in seconds: the longest a Standard execution may run.
pub const ONE_YEAR_SECONDS: f64 = 31_536_000.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn matching_rules() {
        // (ErrorEquals, error, empty_matches, expected)
        let cases: &[(&[&str], &str, bool, bool)] = &[
            (&["States.ALL"], "Custom", false, true),
            (&["States.ALL"], "States.Timeout", false, true),
            (&["States.ALL"], "States.Runtime", false, false),
            (&["States.ALL"], "States.DataLimitExceeded", false, true),
            (&["States.TaskFailed"], "Lambda.Unknown", false, true),
            (&["States.TaskFailed"], "States.Timeout", false, false),
            (&["States.Timeout"], "States.Timeout", false, true),
            (&["A", "B"], "B", false, true),
            (&["A"], "B", false, false),
            (&[], "B", true, true),
            (&[], "B", false, false),
            (&[], "States.Runtime", true, false),
        ];
        for (list, error, empty, want) in cases {
            assert_eq!(
                matches(&names(list), error, *empty),
                *want,
                "{list:?} vs {error}"
            );
        }
    }

    #[test]
    #[allow(clippy::type_complexity)]
    fn backoff_arithmetic() {
        // (interval, backoff, max delay, jitter, attempt, random, expected ms)
        let cases: &[(f64, f64, Option<f64>, bool, u64, u64, u64)] = &[
            (1.0, 2.0, None, false, 0, 0, 1000),
            (1.0, 2.0, None, false, 1, 0, 2000),
            (1.0, 2.0, None, false, 2, 0, 4000),
            (3.0, 1.5, None, false, 2, 0, 6750),
            (1.0, 2.0, Some(3.0), false, 5, 0, 3000),
            (0.0, 2.0, None, false, 3, 0, 0),
            (2.0, 2.0, None, true, 1, 0, 0),
            (2.0, 2.0, None, true, 1, 1u64 << 63, 2000),
            (1.0, 10.0, None, false, 400, 0, 31_536_000_000),
            (0.0, 2.0, None, false, 5000, 0, 0),
        ];
        for &(i, b, m, j, a, r, want) in cases {
            assert_eq!(delay_ms(i, b, m, j, a, r), want, "{i} {b} {m:?} {j} {a}");
        }
    }
}
