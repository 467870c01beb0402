//! Reading a definition, input or mock file from a file or standard input, as UTF-8 text.
//!
//! Files are size-checked before they are read: the core's own limits (1 MB definitions,
//! 256 KiB payloads) apply only after parsing, so without this a 100 MB file would be read
//! and parsed whole first.

use std::io::Read;

use crate::CliError;

/// Largest file (or standard input) `asl` reads, in bytes: 64 MiB. Far above the definition
/// (1 MB) and payload (256 KiB) quotas, so `asl validate` can still say by how much a large
/// file is over them; anything bigger is refused before a byte of it is read.
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

fn too_large(name: &str, size: u64) -> CliError {
    CliError::Input(format!(
        "{name} is {size} bytes; asl reads files of at most {MAX_FILE_BYTES} bytes (64 MiB)"
    ))
}

/// Reads `file` (`-` is standard input) and returns its display name and text.
pub(crate) fn read(file: &str) -> Result<(String, String), CliError> {
    let (name, bytes) = if file == "-" {
        let mut bytes = Vec::new();
        // Read one byte past the limit to tell "exactly at" from "over" without reading all.
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::Input(format!("cannot read standard input: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(CliError::Input(format!(
                "<stdin> is more than {MAX_FILE_BYTES} bytes; asl reads at most {MAX_FILE_BYTES} bytes (64 MiB)"
            )));
        }
        ("<stdin>".to_string(), bytes)
    } else {
        let mut handle = std::fs::File::open(file)
            .map_err(|e| CliError::Input(format!("cannot read {file}: {e}")))?;
        let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(too_large(file, size));
        }
        let mut bytes = Vec::new();
        // `take` as well: the file may grow (or be a device) after the size was checked.
        (&mut handle)
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::Input(format!("cannot read {file}: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(file, bytes.len() as u64));
        }
        (file.to_string(), bytes)
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, text)),
        Err(e) => Err(CliError::Input(format!(
            "{name} is not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))),
    }
}
