//! Timestamps as the States language accepts them: RFC 3339 with an uppercase `T` between
//! date and time and either an uppercase `Z` or a numeric offset (`+01:00`), optional
//! fractional seconds. AWS rejects `2016-12-05 21:29:29Z`, `2016-12-05T21:29:29` (no zone),
//! hour 25 and month 13 (recorded Wait cases), so this parser does too.

use crate::calendar::{days_from_civil, days_in_month};

/// Parses a timestamp into nanoseconds since the Unix epoch (UTC), or `None` when the text
/// is not a timestamp in the States language's format.
pub fn parse_timestamp(text: &str) -> Option<i128> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    if b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut i = 19;
    let mut nanos: i128 = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let fraction = &text[start..i];
        if fraction.is_empty() {
            return None;
        }
        // Keep nanosecond precision; further digits cannot change the order of real inputs.
        let mut scale: i128 = 100_000_000;
        for d in fraction.bytes().take(9) {
            nanos += i128::from(d - b'0') * scale;
            scale /= 10;
        }
    }
    let offset_minutes: i64 = match b.get(i) {
        Some(b'Z') if i + 1 == b.len() => 0,
        Some(&sign @ (b'+' | b'-')) if i + 6 == b.len() && b[i + 3] == b':' => {
            let h = digits(b, i + 1, 2)?;
            let m = digits(b, i + 4, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(i128::from(seconds) * 1_000_000_000 + nanos)
}

fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let slice = b.get(at..at + len)?;
    let mut n = 0i64;
    for &d in slice {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(d - b'0');
    }
    Some(n)
}
