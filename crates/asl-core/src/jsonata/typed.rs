//! Checks for fields whose JSONata result must have a given type: `Condition` (boolean),
//! `Seconds`/`TimeoutSeconds`/`HeartbeatSeconds`/`MaxConcurrency`/... (integers), `Error` and
//! `Cause` of a Fail state (strings), a Map's items (array).
//!
//! Every failure is `States.QueryEvaluationError` for the field. The Map text is the one AWS
//! recorded ("Map state input must be an array but was: null"); the others follow its shape,
//! as AWS's exact wording for them is not recorded in the conformance cases.

use serde_json::Value;

use crate::calendar::days_from_civil;

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

/// A `Timestamp` field: an ISO-8601 extended offset date-time (`2016-03-14T01:59:00Z`,
/// `2016-03-14T01:59:00.123+02:00`), as Java's `ISO_OFFSET_DATE_TIME` reads it. Returns
/// milliseconds since the Unix epoch. The error text is the one AWS recorded.
pub fn expect_timestamp(value: &Value, location: &str) -> Result<i64, FieldError> {
    let parsed = value.as_str().and_then(parse_offset_date_time);
    parsed.ok_or_else(|| {
        let shown = value.as_str().map_or_else(|| json_text(value), str::to_string);
        FieldError::new(
            location,
            format!(
                "The {location} field cannot be parsed as an ISO-8601 extended offset date-time format string: {shown}"
            ),
        )
    })
}

/// `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM[:SS])`, case-insensitive `T` and `Z`.
fn parse_offset_date_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let year = digits(0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't'))
    {
        return None;
    }
    let (month, day) = (digits(5, 2)?, digits(8, 2)?);
    if b.get(13) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (digits(11, 2)?, digits(14, 2)?);
    let mut i = 16;
    let (mut second, mut millis) = (0, 0);
    if b.get(i) == Some(&b':') {
        second = digits(i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            let fraction = &s[start..i];
            if fraction.is_empty() || fraction.len() > 9 {
                return None;
            }
            millis = format!("{fraction:0<3}")[..3].parse().ok()?;
        }
    }
    let offset_seconds = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') => {
            let hours = digits(i + 1, 2)?;
            if b.get(i + 3) != Some(&b':') {
                return None;
            }
            let minutes = digits(i + 4, 2)?;
            let mut end = i + 6;
            let mut seconds = 0;
            if b.get(end) == Some(&b':') {
                seconds = digits(end + 1, 2)?;
                end += 3;
            }
            if end != b.len() || hours > 18 || minutes > 59 || seconds > 59 {
                return None;
            }
            let total = hours * 3600 + minutes * 60 + seconds;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if day < 1 || day > month_days[(month - 1) as usize] {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some(seconds * 1000 + millis)
}
