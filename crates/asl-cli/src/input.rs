//! Reading a definition from a file or standard input, as UTF-8 text.

use std::io::Read;

use crate::CliError;

/// Reads `file` (`-` is standard input) and returns its display name and text.
pub(crate) fn read(file: &str) -> Result<(String, String), CliError> {
    let (name, bytes) = if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::Input(format!("cannot read standard input: {e}")))?;
        ("<stdin>".to_string(), bytes)
    } else {
        let bytes =
            std::fs::read(file).map_err(|e| CliError::Input(format!("cannot read {file}: {e}")))?;
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
