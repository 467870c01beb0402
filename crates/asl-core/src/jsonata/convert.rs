//! Conversions between `serde_json::Value` (the interpreter's data) and jsonata-core's `JValue`.
//!
//! Both directions are depth-limited: the conversions recurse, and a hostile input or an
//! expression that builds a deeply nested value must end in an error, not a stack overflow.

use jsonata_core::value::JValue;
use serde_json::{Map, Number, Value};

/// Deeper values are refused. serde_json's own parser stops at 128 levels, so real data never
/// comes close; the bound exists for values that expressions build (`$reduce` can nest freely).
pub(crate) const MAX_VALUE_DEPTH: usize = crate::limits::MAX_DOCUMENT_DEPTH;

/// Why a value could not cross the boundary.
pub(crate) const TOO_DEEP: &str = "The value is nested too deeply to be represented as JSON";

/// Converts interpreter data into a JSONata value.
pub(crate) fn to_jvalue(value: &Value) -> Result<JValue, &'static str> {
    to_jvalue_at(value, 0)
}

fn to_jvalue_at(value: &Value, depth: usize) -> Result<JValue, &'static str> {
    if depth > MAX_VALUE_DEPTH {
        return Err(TOO_DEEP);
    }
    Ok(match value {
        Value::Null => JValue::Null,
        Value::Bool(b) => JValue::Bool(*b),
        Value::Number(n) => JValue::Number(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => JValue::string(s.as_str()),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| to_jvalue_at(item, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            JValue::array(items)
        }
        Value::Object(map) => {
            let mut out = indexmap::IndexMap::with_capacity(map.len());
            for (key, item) in map {
                out.insert(key.clone(), to_jvalue_at(item, depth + 1)?);
            }
            JValue::object(out)
        }
    })
}

/// Converts a JSONata result into interpreter data; `None` is JSONata's "undefined".
///
/// Inside arrays and objects an undefined item is dropped, as JSONata itself does when it
/// serializes. A non-finite number becomes the string JavaScript names it by (`"Infinity"`,
/// `"-Infinity"`, `"NaN"`), which is what Step Functions writes where JSON has no literal.
/// A function value (lambda, built-in, regex) has no JSON form either and becomes `""`, the way
/// JSONata's own `$string` serializes it.
pub(crate) fn from_jvalue(value: &JValue) -> Result<Option<Value>, &'static str> {
    from_jvalue_at(value, 0)
}

fn from_jvalue_at(value: &JValue, depth: usize) -> Result<Option<Value>, &'static str> {
    if depth > MAX_VALUE_DEPTH {
        return Err(TOO_DEEP);
    }
    Ok(Some(match value {
        JValue::Undefined => return Ok(None),
        JValue::Null => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => number(*n),
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                if let Some(v) = from_jvalue_at(item, depth + 1)? {
                    out.push(v);
                }
            }
            Value::Array(out)
        }
        JValue::Object(map) => {
            let mut out = Map::with_capacity(map.len());
            for (key, item) in map.iter() {
                if let Some(v) = from_jvalue_at(item, depth + 1)? {
                    out.insert(key.clone(), v);
                }
            }
            Value::Object(out)
        }
        _ => Value::String(String::new()),
    }))
}

/// A JSONata number as JSON: whole numbers in the `i64` range print without a fraction, as
/// JavaScript prints them.
pub(crate) fn number(n: f64) -> Value {
    if n.is_nan() {
        return Value::String("NaN".into());
    }
    if n.is_infinite() {
        return Value::String(if n > 0.0 { "Infinity" } else { "-Infinity" }.into());
    }
    // 2^63 is exactly representable; anything below it in magnitude fits an i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if n.fract() == 0.0 && n > -LIMIT && n < LIMIT {
        return Value::Number(Number::from(n as i64));
    }
    Number::from_f64(n).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_json() {
        let v = json!({"a": [1, 2.5, "x", null, true, {"b": -3}], "c": {}});
        let back = from_jvalue(&to_jvalue(&v).expect("converts")).expect("converts back");
        assert_eq!(back, Some(v));
    }

    #[test]
    fn refuses_deep_values() {
        let mut v = json!(1);
        for _ in 0..(MAX_VALUE_DEPTH + 2) {
            v = json!([v]);
        }
        assert_eq!(to_jvalue(&v).err(), Some(TOO_DEEP));
    }

    #[test]
    fn non_finite_numbers_become_strings() {
        assert_eq!(number(f64::INFINITY), json!("Infinity"));
        assert_eq!(number(f64::NEG_INFINITY), json!("-Infinity"));
        assert_eq!(number(f64::NAN), json!("NaN"));
        assert_eq!(number(3.0), json!(3));
        assert_eq!(number(0.5), json!(0.5));
    }
}
