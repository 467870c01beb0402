//! Amazon States Language in Rust: parse a definition keeping source positions, validate it
//! (every problem in one pass), draw it as a graph, and run it deterministically in virtual
//! time.
//!
//! This crate does no I/O and knows nothing of wasm or JavaScript. Everything from the outside
//! world — task results, randomness — comes in through the [`Host`] trait; time is a virtual
//! clock owned by the execution.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod calendar;
pub mod choice;
pub mod diagnostics;
pub mod doc;
pub mod error;
pub mod exec;
pub mod graph;
pub mod history_import;
pub mod host;
pub mod intrinsics;
pub mod json;
pub mod jsonata;
pub mod limits;
pub mod mocks;
pub mod paths;
pub mod s3;
pub mod share;
pub mod source;
pub mod state_type;
pub mod template;
pub mod test_state;
pub mod testing;
pub mod validate;

pub use diagnostics::{Diagnostic, LineIndex, Severity};
pub use doc::Doc;
pub use error::StatesError;
pub use host::Host;
