//! `regex` for this workspace: the API of the `regex` crate, served by `regex-lite`.
//!
//! jsonata-core (the JSONata engine) is the only crate here that uses `regex`, and its calls
//! (`Regex::new`, `RegexBuilder::case_insensitive`, `is_match`, `find`, `find_at`,
//! `captures`, `captures_at`, `captures_len`, `split`, `replace_all`, `escape`) all exist
//! with the same signatures in `regex-lite`, which was written as a drop-in replacement for
//! small binaries. The root `Cargo.toml` substitutes this crate for `regex` through
//! `[patch.crates-io]`, for the native build and the wasm build alike, so the CLI and the
//! page match the same way.
//!
//! What changes (docs/wasm-size.md has the measured table): `\d`, `\w`, `\s` and `\b` are
//! ASCII, as in JavaScript regexes without the `u` flag, except that JavaScript's `\s` also
//! matches Unicode spaces; the `i` flag folds ASCII letters only; `\p{..}` classes and class
//! set operations (`&&`, `--`, `~~`) are syntax errors.

pub use regex_lite::*;
