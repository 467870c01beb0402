//! The functions Step Functions adds to JSONata (`$partition`, `$range`, `$hash`, `$random`,
//! `$uuid`, `$parse`), the impure built-ins redirected to the virtual clock and the seeded
//! random source (`$now`, `$millis`), `$eval` disabled as on AWS, and the hidden call counter
//! that bounds user-function calls.
//!
//! Semantics follow the AWS developer guide ("JSONata functions provided by Step Functions"):
//! non-integer arguments are truncated towards zero; arguments that make no sense for a
//! function (a chunk size of zero, an empty array, a `$range` step pointing away from its end,
//! a missing argument) give JSONata's *undefined* rather than an error, so the field that holds
//! the expression fails with "returned nothing (undefined)".

use std::cell::Cell;
use std::rc::Rc;

use jsonata_core::evaluator::{Evaluator, EvaluatorError};
use jsonata_core::value::JValue;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::convert;
use super::env::Limits;

/// Name of the hidden function called at the entry of every user function body (see
/// `engine::instrument`). It cannot clash with a user's name: it is not valid JSONata syntax
/// to write `$` followed by a space, and this name is only ever placed into the AST directly.
pub(crate) const CALL_COUNTER: &str = " sfn call";

/// Name the calls `$substring(...)` are renamed to (see `engine::instrument`): jsonata-core
/// overflows on huge positions and `$substring` cannot be overridden (it is compiled).
pub(crate) const GUARDED_SUBSTRING: &str = " sfn substring";

/// AWS refuses a `$range` longer than this before it allocates it ("Expression evaluation
/// memory limit exceeded"), as measured by other emulators against the service.
const MAX_RANGE_ITEMS: i128 = crate::limits::MAX_JSONATA_RANGE_ITEMS;

/// Per-evaluation state shared by the registered functions.
pub(crate) struct Runtime {
    pub now_ms: i64,
    /// SplitMix64 state seeded from the host's random source.
    pub rng: Cell<u64>,
    pub calls: Cell<u64>,
    pub limits: Limits,
}

impl Runtime {
    fn next_u64(&self) -> u64 {
        // SplitMix64: tiny, good enough for test data, and identical on every platform.
        let state = self.rng.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.rng.set(state);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn error(message: impl Into<String>) -> EvaluatorError {
    EvaluatorError::EvaluationError(message.into())
}

fn signature_error(function: &str, index: usize) -> EvaluatorError {
    error(format!(
        "T0410: Argument {index} of function \"{function}\" does not match function signature"
    ))
}

fn too_many_arguments(function: &str, max: usize, args: &[JValue]) -> Result<(), EvaluatorError> {
    if args.len() > max {
        return Err(signature_error(function, max + 1));
    }
    Ok(())
}

/// An integer argument: numbers are truncated towards zero; undefined stays `None`.
fn integer_arg(
    function: &str,
    args: &[JValue],
    index: usize,
) -> Result<Option<i64>, EvaluatorError> {
    match args.get(index) {
        None | Some(JValue::Undefined) => Ok(None),
        Some(JValue::Number(n)) if n.is_finite() => {
            let t = n.trunc();
            if t.abs() >= 9.0e18 {
                return Err(error(format!(
                    "Argument {} of function \"{function}\" is out of the integer range",
                    index + 1
                )));
            }
            Ok(Some(t as i64))
        }
        Some(_) => Err(signature_error(function, index + 1)),
    }
}

/// Registers the Step Functions functions that `names` (the `$names` an expression mentions)
/// can reach, plus the hidden call counter. A function can only be called through its
/// `$name` (`$eval` is disabled), so registering the others would only cost time: registration
/// is a large part of evaluating a small expression.
pub(crate) fn register(
    evaluator: &mut Evaluator,
    runtime: &Rc<Runtime>,
    names: &[String],
) -> Result<(), EvaluatorError> {
    let wants = |name: &str| names.iter().any(|n| n == name);
    if wants("partition") {
        evaluator.register_fn("partition", partition)?;
    }
    if wants("range") {
        let runtime = Rc::clone(runtime);
        evaluator.register_fn("range", move |args: &[JValue]| range(args, &runtime.limits))?;
    }
    if wants("hash") {
        evaluator.register_fn("hash", hash)?;
    }
    if wants("parse") {
        evaluator.register_fn("parse", parse)?;
    }
    if wants("uuid") {
        let runtime = Rc::clone(runtime);
        evaluator.register_fn("uuid", move |args: &[JValue]| uuid(args, &runtime))?;
    }
    if wants("random") {
        let runtime = Rc::clone(runtime);
        evaluator.register_fn_override("random", move |args: &[JValue]| random(args, &runtime))?;
    }
    if wants("shuffle") {
        let runtime = Rc::clone(runtime);
        evaluator
            .register_fn_override("shuffle", move |args: &[JValue]| shuffle(args, &runtime))?;
    }
    if wants("millis") {
        let runtime = Rc::clone(runtime);
        evaluator.register_fn_override("millis", move |args: &[JValue]| {
            too_many_arguments("millis", 0, args)?;
            Ok(JValue::Number(runtime.now_ms as f64))
        })?;
    }
    if wants("now") {
        let runtime = Rc::clone(runtime);
        evaluator.register_fn_override("now", move |args: &[JValue]| now(args, runtime.now_ms))?;
    }
    if wants("eval") {
        evaluator.register_fn_override("eval", |_: &[JValue]| {
            Err(error(
                "T1006: Attempted to invoke a non-function: $eval is not supported in Step Functions, use $parse",
            ))
        })?;
    }
    if wants("pad") {
        let runtime = Rc::clone(runtime);
        evaluator.register_fn_override("pad", move |args: &[JValue]| pad(args, &runtime.limits))?;
    }
    if wants("substring") {
        evaluator.register_fn(GUARDED_SUBSTRING, substring)?;
    }
    let runtime = Rc::clone(runtime);
    evaluator.register_fn(CALL_COUNTER, move |args: &[JValue]| {
        count_call(args, &runtime)
    })?;
    Ok(())
}

/// `$partition(array, chunkSize)`.
fn partition(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    too_many_arguments("partition", 2, args)?;
    let items: Vec<JValue> = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::Array(items)) => items.iter().cloned().collect(),
        // JSONata passes a single value where an array is expected as a one-item array.
        Some(other) => vec![other.clone()],
    };
    let Some(size) = integer_arg("partition", args, 1)? else {
        return Ok(JValue::Undefined);
    };
    if size <= 0 || items.is_empty() {
        return Ok(JValue::Undefined);
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let chunks = items
        .chunks(size)
        .map(|chunk| JValue::array(chunk.to_vec()))
        .collect();
    Ok(JValue::array(chunks))
}

/// `$range(start, end, step)`: inclusive of `end` when a step lands on it.
fn range(args: &[JValue], limits: &Limits) -> Result<JValue, EvaluatorError> {
    too_many_arguments("range", 3, args)?;
    let start = integer_arg("range", args, 0)?;
    let end = integer_arg("range", args, 1)?;
    let step = integer_arg("range", args, 2)?;
    let (Some(start), Some(end), Some(step)) = (start, end, step) else {
        return Ok(JValue::Undefined);
    };
    if step == 0 || (step > 0 && start > end) || (step < 0 && start < end) {
        return Ok(JValue::Undefined);
    }
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let count = (end - start).abs() / step.abs() + 1;
    let limit = MAX_RANGE_ITEMS.min(limits.max_sequence_length as i128);
    if count > limit {
        return Err(error("Expression evaluation memory limit exceeded"));
    }
    if count == 1 {
        // A one-item result is a JSONata singleton sequence: the bare number.
        return Ok(JValue::Number(start as f64));
    }
    let items = (0..count)
        .map(|i| JValue::Number((start + i * step) as f64))
        .collect();
    Ok(JValue::array(items))
}

/// `$hash(data, algorithm)`: lowercase hex digest of the UTF-8 bytes of `data`.
fn hash(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    too_many_arguments("hash", 2, args)?;
    let data = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::String(s)) => s.clone(),
        Some(_) => return Err(signature_error("hash", 1)),
    };
    let algorithm = match args.get(1) {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::String(s)) => s.clone(),
        Some(_) => return Err(signature_error("hash", 2)),
    };
    let bytes = data.as_bytes();
    let digest: Vec<u8> = match &*algorithm {
        "MD5" => Md5::digest(bytes).to_vec(),
        "SHA-1" => Sha1::digest(bytes).to_vec(),
        "SHA-256" => Sha256::digest(bytes).to_vec(),
        "SHA-384" => Sha384::digest(bytes).to_vec(),
        "SHA-512" => Sha512::digest(bytes).to_vec(),
        other => {
            return Err(error(format!(
                "The hashing algorithm '{other}' is not supported: use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"
            )))
        }
    };
    Ok(JValue::string(hex(&digest)))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    out
}

/// `$parse(jsonString)`: JSON text to a value (the replacement for `$eval`).
fn parse(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    too_many_arguments("parse", 1, args)?;
    let text = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::String(s)) => s.clone(),
        Some(_) => return Err(signature_error("parse", 1)),
    };
    // serde_json stops at 128 levels of nesting, so hostile text cannot overflow the stack.
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| error(format!("$parse: the argument is not valid JSON text: {e}")))?;
    convert::to_jvalue(&value).map_err(error)
}

/// `$random([seed])`: a number in [0, 1). With a seed the result depends on the seed only.
fn random(args: &[JValue], runtime: &Runtime) -> Result<JValue, EvaluatorError> {
    too_many_arguments("random", 1, args)?;
    let value = match integer_arg("random", args, 0)? {
        Some(seed) => java_next_double(seed),
        None => (runtime.next_u64() >> 11) as f64 / (1u64 << 53) as f64,
    };
    Ok(JValue::Number(value))
}

/// `java.util.Random(seed).nextDouble()`: Step Functions runs on the JVM, and a seeded
/// generator with a documented algorithm keeps `$random(seed)` stable across releases.
fn java_next_double(seed: i64) -> f64 {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;
    let mut state = (seed as u64 ^ MULTIPLIER) & MASK;
    let mut next = |bits: u32| {
        state = (state.wrapping_mul(MULTIPLIER).wrapping_add(0xB)) & MASK;
        state >> (48 - bits)
    };
    let high = next(26);
    let low = next(27);
    ((high << 27) + low) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `$uuid()`: a version 4 UUID from the seeded random source.
fn uuid(args: &[JValue], runtime: &Runtime) -> Result<JValue, EvaluatorError> {
    too_many_arguments("uuid", 0, args)?;
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&runtime.next_u64().to_be_bytes());
    bytes[8..].copy_from_slice(&runtime.next_u64().to_be_bytes());
    bytes[6] = (bytes[6] & 0x0F) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3F) | 0x80; // RFC 4122 variant
    let h = hex(&bytes);
    Ok(JValue::string(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )))
}

/// Calls jsonata-core's own built-in `name` with `args` (in a fresh evaluator, where no
/// override hides it).
fn call_builtin(name: &str, args: &[JValue]) -> Result<JValue, EvaluatorError> {
    let params: Vec<String> = (0..args.len()).map(|i| format!("$a{i}")).collect();
    let ast = jsonata_core::parser::parse(&format!("${name}({})", params.join(", ")))
        .map_err(|e| error(e.to_string()))?;
    let mut context = jsonata_core::evaluator::Context::new();
    for (i, arg) in args.iter().enumerate() {
        context.bind(format!("a{i}"), arg.clone());
    }
    Evaluator::with_context(context).evaluate(&ast, &JValue::Undefined)
}

/// `$pad(str, width [, char])`, refusing widths that would build a string past the
/// argument-size limit (jsonata-core would allocate, and spend minutes on, `$pad('x', 1e9)`).
fn pad(args: &[JValue], limits: &Limits) -> Result<JValue, EvaluatorError> {
    if let Some(JValue::Number(width)) = args.get(1) {
        if width.abs() > limits.max_argument_size as f64 {
            return Err(error("Expression evaluation memory limit exceeded"));
        }
    }
    call_builtin("pad", args)
}

/// `$substring(str, start [, length])` with positions clamped to a range where jsonata-core's
/// integer arithmetic cannot overflow. Strings are far shorter than 2^31 characters, so the
/// clamp never changes a result.
fn substring(args: &[JValue]) -> Result<JValue, EvaluatorError> {
    const BOUND: f64 = 2_147_483_648.0;
    let clamped: Vec<JValue> = args
        .iter()
        .enumerate()
        .map(|(i, arg)| match arg {
            JValue::Number(n) if i > 0 => JValue::Number(n.clamp(-BOUND, BOUND)),
            other => other.clone(),
        })
        .collect();
    call_builtin("substring", &clamped)
}

/// `$shuffle(array)`: jsonata-core's version draws from the operating system; this one from
/// the seeded source (Fisher-Yates).
fn shuffle(args: &[JValue], runtime: &Runtime) -> Result<JValue, EvaluatorError> {
    too_many_arguments("shuffle", 1, args)?;
    let mut items: Vec<JValue> = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::Undefined),
        Some(JValue::Array(items)) => items.iter().cloned().collect(),
        Some(other) => vec![other.clone()],
    };
    for i in (1..items.len()).rev() {
        let j = (runtime.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    Ok(JValue::array(items))
}

/// `$now([picture [, timezone]])`: the virtual clock, formatted as `$fromMillis` would.
fn now(args: &[JValue], now_ms: i64) -> Result<JValue, EvaluatorError> {
    too_many_arguments("now", 2, args)?;
    let ast = jsonata_core::parser::parse("$fromMillis($ms, $picture, $timezone)")
        .map_err(|e| error(e.to_string()))?;
    let mut context = jsonata_core::evaluator::Context::new();
    context.bind("ms".into(), JValue::Number(now_ms as f64));
    context.bind(
        "picture".into(),
        args.first().cloned().unwrap_or(JValue::Undefined),
    );
    context.bind(
        "timezone".into(),
        args.get(1).cloned().unwrap_or(JValue::Undefined),
    );
    Evaluator::with_context(context).evaluate(&ast, &JValue::Undefined)
}

/// Called with a user function's arguments each time its body is entered.
fn count_call(args: &[JValue], runtime: &Runtime) -> Result<JValue, EvaluatorError> {
    let calls = runtime.calls.get() + 1;
    runtime.calls.set(calls);
    if calls > runtime.limits.max_calls {
        return Err(error(format!(
            "U1004: Evaluation stopped after {} function calls. Check for infinite recursion",
            runtime.limits.max_calls
        )));
    }
    for arg in args {
        let size = match arg {
            JValue::String(s) => s.len(),
            JValue::Array(items) => items.len(),
            _ => 0,
        };
        if size > runtime.limits.max_argument_size {
            return Err(error("Expression evaluation memory limit exceeded"));
        }
    }
    Ok(JValue::Undefined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_random_matches_the_jdk() {
        // new java.util.Random(42).nextDouble() == 0.7275636800328681
        assert_eq!(java_next_double(42), 0.7275636800328681);
        // new java.util.Random(0).nextDouble() == 0.730967787376657
        assert_eq!(java_next_double(0), 0.730967787376657);
    }
}
