//! The run options `asl run` and `asl share` both take, parsed and worded alike, so a link
//! made with `asl share --seed N --start-time T` runs as `asl run --seed N --start-time T`.

use asl_core::exec::parse_iso;

use crate::CliError;

/// The value of `--seed`.
pub(crate) fn parse_seed(v: &str) -> Result<u64, CliError> {
    v.parse()
        .map_err(|_| CliError::Usage(format!("--seed needs a non-negative integer, got '{v}'")))
}

/// The value of `--start-time` as epoch milliseconds.
pub(crate) fn parse_start_time(v: &str) -> Result<i64, CliError> {
    parse_iso(v).ok_or_else(|| {
        CliError::Usage(format!(
            "--start-time needs an RFC 3339 time such as 2024-01-01T00:00:00Z, got '{v}'"
        ))
    })
}
