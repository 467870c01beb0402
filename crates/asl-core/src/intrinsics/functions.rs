//! The 18 functions. Behaviour follows the AWS documentation plus what AWS was recorded doing
//! (see ASL-CHECKLIST: MathAdd rounds half up, StringSplit splits on each delimiter character
//! and drops empty pieces, StringToJson of blank text is null, Format prints Java-style).

use base64::Engine as _;
use serde_json::{Number, Value};

use crate::doc::Doc;

use super::{java, Arg, Call, EvalError, Function};
use crate::error::{names, StatesError};
use crate::paths::filter_equal;
use crate::paths::Scope;

/// Longest input accepted by Base64Encode, Base64Decode and Hash.
const MAX_TEXT_CHARS: usize = crate::limits::MAX_INTRINSIC_TEXT_CHARS;
/// Most items ArrayRange may produce.
const MAX_RANGE_ITEMS: i64 = crate::limits::MAX_ARRAY_RANGE_ITEMS;

type Out = Result<Doc, EvalError>;

fn failure(function: Function, message: impl std::fmt::Display) -> EvalError {
    EvalError::Failure(StatesError::new(
        names::INTRINSIC_FAILURE,
        format!("Invalid arguments in {}: {}", function.name(), message),
    ))
}

/// The result of `function` would exceed the payload quota.
fn too_large(function: Function) -> EvalError {
    failure(
        function,
        format!(
            "the result would exceed the maximum payload size of {} bytes",
            crate::limits::MAX_PAYLOAD_BYTES
        ),
    )
}

/// `(min, max)` argument counts; `None` for no maximum.
pub(super) fn arity(function: Function) -> (usize, Option<usize>) {
    match function {
        Function::Format => (1, None),
        Function::Array => (0, None),
        Function::Uuid => (0, Some(0)),
        Function::StringToJson
        | Function::JsonToString
        | Function::ArrayLength
        | Function::ArrayUnique
        | Function::Base64Encode
        | Function::Base64Decode => (1, Some(1)),
        Function::ArrayPartition
        | Function::ArrayContains
        | Function::ArrayGetItem
        | Function::Hash
        | Function::MathAdd
        | Function::StringSplit => (2, Some(2)),
        Function::MathRandom => (2, Some(3)),
        Function::ArrayRange | Function::JsonMerge => (3, Some(3)),
    }
}

pub(super) fn evaluate(
    call: &Call,
    scope: &Scope<'_>,
    random: &mut dyn FnMut() -> u64,
    depth: usize,
) -> Out {
    let f = call.function;
    if depth >= super::MAX_NESTING {
        return Err(failure(
            f,
            format!(
                "intrinsic functions are nested more than {} deep",
                super::MAX_NESTING
            ),
        ));
    }
    let (min, max) = arity(f);
    let n = call.args.len();
    if n < min || max.is_some_and(|max| n > max) {
        return Err(failure(f, format!("unexpected number of arguments ({n})")));
    }
    if f == Function::Format {
        return format(call, scope, random, depth);
    }
    if f == Function::Array {
        let mut items: Vec<Doc> = Vec::with_capacity(n);
        let mut total = 0usize;
        for arg in &call.args {
            let value = arg_value(arg, scope, random, depth)?;
            // States.Array copies every argument: `States.Array($, $, …)` must not copy the
            // input thousands of times before the state's output is measured.
            total += value.json_size();
            if total > crate::limits::MAX_PAYLOAD_BYTES {
                return Err(too_large(f));
            }
            items.push(value);
        }
        return Ok(Doc::array(items));
    }
    // Every other function takes at most three arguments (checked above): they live on the
    // stack, not in a Vec allocated per call.
    let mut args: [Doc; 3] = Default::default();
    for (slot, arg) in args.iter_mut().zip(&call.args) {
        *slot = arg_value(arg, scope, random, depth)?;
    }
    let args = &args[..n.min(3)];
    let a = |i: usize| -> &Doc { args.get(i).unwrap_or(&Doc::Null) };
    match f {
        // Both were handled above: Format needs its template's raw text, Array owns its args.
        Function::Format | Function::Array => Err(failure(f, "internal dispatch error")),
        Function::StringToJson => {
            let text = string(f, a(0), "argument")?;
            if text.trim().is_empty() {
                return Ok(Doc::Null);
            }
            let mut value: Value = serde_json::from_str(text)
                .map_err(|e| failure(f, format!("the string is not valid JSON ({e})")))?;
            integral_zeros(&mut value);
            Ok(Doc::from(value))
        }
        Function::JsonToString => Ok(Doc::from(a(0).to_json_string())),
        Function::ArrayPartition => {
            let items = array(f, a(0))?;
            let size = integer(f, a(1), "chunk size")?;
            if size <= 0 {
                return Err(failure(f, "the chunk size must be a positive integer"));
            }
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            Ok(items
                .chunks(size)
                .map(|chunk| Doc::array(chunk.to_vec()))
                .collect())
        }
        Function::ArrayContains => {
            let items = array(f, a(0))?;
            Ok(Doc::Bool(items.iter().any(|i| filter_equal(i, a(1)))))
        }
        Function::ArrayRange => array_range(f, a(0), a(1), a(2)),
        Function::ArrayGetItem => {
            let items = array(f, a(0))?;
            let index = integer(f, a(1), "index")?;
            usize::try_from(index)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| {
                    failure(
                        f,
                        format!(
                            "index {index} is out of bounds for an array of length {}",
                            items.len()
                        ),
                    )
                })
        }
        Function::ArrayLength => Ok(Doc::from(array(f, a(0))?.len() as u64)),
        Function::ArrayUnique => {
            let items = array(f, a(0))?;
            let mut unique: Vec<Doc> = Vec::with_capacity(items.len());
            for item in items {
                if !unique.iter().any(|u| filter_equal(u, item)) {
                    unique.push(item.clone());
                }
            }
            Ok(Doc::array(unique))
        }
        Function::Base64Encode => {
            let text = limited_string(f, a(0))?;
            Ok(Doc::from(
                base64::engine::general_purpose::STANDARD.encode(text.as_bytes()),
            ))
        }
        Function::Base64Decode => {
            let text = limited_string(f, a(0))?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|_| failure(f, "the string is not valid Base64"))?;
            String::from_utf8(bytes)
                .map(Doc::from)
                .map_err(|_| failure(f, "the decoded data is not UTF-8 text"))
        }
        Function::Hash => hash(f, a(0), a(1)),
        Function::JsonMerge => {
            let (Some(left), Some(right)) = (a(0).as_object(), a(1).as_object()) else {
                return Err(failure(f, "both values to merge must be JSON objects"));
            };
            match a(2) {
                Doc::Bool(false) => {}
                Doc::Bool(true) => {
                    return Err(failure(f, "deep merge is not supported; use false"))
                }
                _ => return Err(failure(f, "the third argument must be the boolean false")),
            }
            let mut merged = left.clone();
            for (key, value) in right {
                merged.insert(key.clone(), value.clone());
            }
            Ok(Doc::object(merged))
        }
        Function::MathRandom => math_random(f, a(0), a(1), args.get(2), random),
        Function::MathAdd => {
            let x = round_half_up(number(f, a(0))?);
            let y = round_half_up(number(f, a(1))?);
            x.checked_add(y)
                .map(Doc::from)
                .ok_or_else(|| failure(f, "the sum is too large"))
        }
        Function::StringSplit => {
            let text = string(f, a(0), "string to split")?;
            let delimiters = string(f, a(1), "delimiter")?;
            Ok(text
                .split(|c: char| delimiters.contains(c))
                .filter(|piece| !piece.is_empty())
                .map(Doc::from)
                .collect())
        }
        Function::Uuid => Ok(Doc::from(uuid_v4(random(), random()))),
    }
}

fn arg_value(
    arg: &Arg,
    scope: &Scope<'_>,
    random: &mut dyn FnMut() -> u64,
    depth: usize,
) -> Result<Doc, EvalError> {
    match arg {
        Arg::String { value, .. } => Ok(Doc::string(value)),
        Arg::Literal(value) => Ok(value.clone()),
        Arg::Path(path) => path.select(scope).map_err(|miss| EvalError::PathNotFound {
            path: path.text().to_string(),
            miss,
        }),
        Arg::Call(call) => evaluate(call, scope, random, depth + 1),
    }
}

fn format(call: &Call, scope: &Scope<'_>, random: &mut dyn FnMut() -> u64, depth: usize) -> Out {
    let f = Function::Format;
    let template_value;
    let template: &str = match &call.args[0] {
        Arg::String { raw, .. } => raw,
        other => {
            template_value = arg_value(other, scope, random, depth)?;
            match template_value.as_str() {
                Some(s) => s,
                None => return Err(failure(f, "the template must be a string")),
            }
        }
    };
    let mut out = String::with_capacity(template.len());
    let mut args = call.args[1..].iter();
    let mut placeholders = 0usize;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&e @ ('{' | '}' | '\'' | '\\')) => {
                    out.push(e);
                    chars.next();
                }
                _ => out.push('\\'),
            },
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                placeholders += 1;
                if let Some(arg) = args.next() {
                    let value = arg_value(arg, scope, random, depth)?;
                    out.push_str(&java::java_string(&value));
                    if out.len() > crate::limits::MAX_PAYLOAD_BYTES {
                        return Err(too_large(f));
                    }
                }
            }
            _ => out.push(c),
        }
    }
    let given = call.args.len() - 1;
    if placeholders != given {
        return Err(failure(
            f,
            format!(
                "the template has {placeholders} placeholder(s) but {given} argument(s) were given"
            ),
        ));
    }
    Ok(Doc::from(out))
}

/// Java's JSON parser reads `-0` as the integer 0; serde_json reads it as the float -0.0.
fn integral_zeros(value: &mut Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Number(n)
                if n.is_f64() && n.as_f64().is_some_and(|x| x == 0.0 && x.is_sign_negative()) =>
            {
                *value = Value::from(0);
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

fn string<'v>(f: Function, value: &'v Doc, what: &str) -> Result<&'v str, EvalError> {
    value
        .as_str()
        .ok_or_else(|| failure(f, format!("the {what} must be a string")))
}

fn limited_string(f: Function, value: &Doc) -> Result<&str, EvalError> {
    let text = string(f, value, "input")?;
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(failure(
            f,
            format!("the input string must not exceed {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(text)
}

fn array(f: Function, value: &Doc) -> Result<&[Doc], EvalError> {
    value
        .as_array()
        .ok_or_else(|| failure(f, "the first argument must be an array"))
}

fn number(f: Function, value: &Doc) -> Result<f64, EvalError> {
    value
        .as_f64()
        .ok_or_else(|| failure(f, "the arguments must be numbers"))
}

/// An integer argument; integral floats such as `2.0` are accepted.
fn integer(f: Function, value: &Doc, what: &str) -> Result<i64, EvalError> {
    if let Some(i) = value.as_i64() {
        return Ok(i);
    }
    match value.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Ok(x as i64),
        _ => Err(failure(f, format!("the {what} must be an integer"))),
    }
}

/// Java's `Math.round`: halves go up (2.5 → 3, -2.5 → -2), as AWS was recorded doing.
fn round_half_up(x: f64) -> i64 {
    if x.fract() == 0.0 {
        return x as i64;
    }
    (x + 0.5).floor() as i64
}

fn array_range(f: Function, start: &Doc, end: &Doc, step: &Doc) -> Out {
    let start = integer(f, start, "start")?;
    let end = integer(f, end, "end")?;
    let step = integer(f, step, "step")?;
    if step == 0 {
        return Err(failure(f, "the step must not be 0"));
    }
    let span = i128::from(end) - i128::from(start);
    let count = if span == 0 || (span > 0) == (step > 0) {
        span / i128::from(step) + 1
    } else {
        0
    };
    if count > i128::from(MAX_RANGE_ITEMS) {
        return Err(failure(
            f,
            format!("the range must not have more than {MAX_RANGE_ITEMS} items"),
        ));
    }
    let mut items = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut x = i128::from(start);
    for _ in 0..count {
        items.push(Doc::from(i64::try_from(x).unwrap_or(0)));
        x += i128::from(step);
    }
    Ok(Doc::array(items))
}

fn hash(f: Function, data: &Doc, algorithm: &Doc) -> Out {
    use sha2::Digest as _;
    let text = limited_string(f, data)?;
    let bytes = text.as_bytes();
    let digest: Vec<u8> = match algorithm.as_str() {
        Some("MD5") => md5::Md5::digest(bytes).to_vec(),
        Some("SHA-1") => sha1::Sha1::digest(bytes).to_vec(),
        Some("SHA-256") => sha2::Sha256::digest(bytes).to_vec(),
        Some("SHA-384") => sha2::Sha384::digest(bytes).to_vec(),
        Some("SHA-512") => sha2::Sha512::digest(bytes).to_vec(),
        _ => {
            return Err(failure(
                f,
                "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512",
            ))
        }
    };
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    Ok(Doc::from(hex))
}

/// A random integer in `[start, end)`. With a seed the result depends only on the seed: it is
/// `new java.util.Random(seed).nextInt(end - start) + start`, the obvious implementation on
/// AWS's Java runtime (unverified: no recorded case has a seed).
fn math_random(
    f: Function,
    start: &Doc,
    end: &Doc,
    seed: Option<&Doc>,
    random: &mut dyn FnMut() -> u64,
) -> Out {
    let start = integer(f, start, "start")?;
    let end = integer(f, end, "end")?;
    if start >= end {
        return Err(failure(f, "the start must be less than the end"));
    }
    let width = i128::from(end) - i128::from(start);
    let offset = match (seed, i32::try_from(width)) {
        (Some(seed), Ok(bound)) => {
            i128::from(JavaRandom::new(integer(f, seed, "seed")?).next_int(bound))
        }
        (Some(seed), Err(_)) => {
            let mut rng = JavaRandom::new(integer(f, seed, "seed")?);
            let bits = (u64::from(rng.next(32)) << 32) | u64::from(rng.next(32));
            (u128::from(bits) % width as u128) as i128
        }
        (None, _) => (u128::from(random()) % width as u128) as i128,
    };
    Ok(Doc::Number(Number::from(
        i64::try_from(i128::from(start) + offset).unwrap_or(start),
    )))
}

/// `java.util.Random`: a 48-bit linear congruential generator.
struct JavaRandom(u64);

impl JavaRandom {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;

    fn new(seed: i64) -> Self {
        JavaRandom((seed as u64 ^ Self::MULTIPLIER) & Self::MASK)
    }

    fn next(&mut self, bits: u32) -> u32 {
        self.0 = (self.0.wrapping_mul(Self::MULTIPLIER).wrapping_add(0xB)) & Self::MASK;
        (self.0 >> (48 - bits)) as u32
    }

    /// `nextInt(bound)` for `bound > 0`, with Java's rejection loop.
    fn next_int(&mut self, bound: i32) -> i32 {
        let mut r = self.next(31) as i32;
        let m = bound - 1;
        if bound & m == 0 {
            return ((i64::from(bound) * i64::from(r)) >> 31) as i32;
        }
        let mut u = r;
        loop {
            r = u % bound;
            if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                return r;
            }
            u = self.next(31) as i32;
        }
    }
}

/// A version 4 (random) UUID from 128 random bits.
fn uuid_v4(high: u64, low: u64) -> String {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
    }
    out
}
