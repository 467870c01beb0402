//! Checks for fields whose JSONata result must have a given type: `Condition` (boolean),
//! `Seconds`/`TimeoutSeconds`/`HeartbeatSeconds`/`MaxConcurrency`/... (integers), `Error` and
//! `Cause` of a Fail state (strings), a Map's items (array).
//!
//! Every failure is `States.QueryEvaluationError` for the field. The Map text is the one AWS
//! recorded ("Map state input must be an array but was: null"); the others follow its shape,
//! as AWS's exact wording for them is not recorded in the conformance cases.

use serde_json::Value;

use super::FieldError;

/// Compact JSON text of a value, as AWS quotes values in causes.
fn json_text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A `Condition` (or any boolean field) value.
pub fn expect_bool(value: &Value, location: &str) -> Result<bool, FieldError> {
    value.as_bool().ok_or_else(|| {
        FieldError::new(
            location,
            format!(
                "The field '{location}' must be a boolean but was: {}",
                json_text(value)
            ),
        )
    })
}

/// An integer field within `min..=max` (`Seconds`: `0..=99999999`, `TimeoutSeconds`:
/// `1..=99999999`, `MaxConcurrency`: `0..`, ...). A number with a zero fraction (`5.0`)
/// counts as an integer, as JSON does not tell them apart.
pub fn expect_integer(
    value: &Value,
    location: &str,
    min: i64,
    max: i64,
) -> Result<i64, FieldError> {
    let integer = value.as_i64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
            .map(|f| f as i64)
    });
    match integer {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        Some(_) => Err(FieldError::new(
            location,
            format!(
                "The field '{location}' must be an integer between {min} and {max} but was: {}",
                json_text(value)
            ),
        )),
        None => Err(FieldError::new(
            location,
            format!(
                "The field '{location}' must be an integer but was: {}",
                json_text(value)
            ),
        )),
    }
}

/// A string field (`Error`, `Cause`, `Timestamp`, ...).
pub fn expect_string<'v>(value: &'v Value, location: &str) -> Result<&'v str, FieldError> {
    value.as_str().ok_or_else(|| {
        FieldError::new(
            location,
            format!(
                "The field '{location}' must be a string but was: {}",
                json_text(value)
            ),
        )
    })
}

/// The items a Map state iterates over (its input, or its `Items` result).
pub fn expect_array<'v>(value: &'v Value, location: &str) -> Result<&'v Vec<Value>, FieldError> {
    value.as_array().ok_or_else(|| {
        FieldError::new(
            location,
            format!(
                "Map state input must be an array but was: {}",
                json_text(value)
            ),
        )
    })
}
