//! Benchmark harness for asl-core: loads the shared workloads, runs them in-process on the
//! interpreter with the same mocked Task behaviour as the peers, checks each output against
//! `expected-output.json`, and reports timings as JSON lines shaped like the peer drivers'.
//!
//! The workloads live outside the repository, in `../shared/bench/workloads` (relative to the
//! repository root); `bench/run.sh` is the one command that also installs and runs the peers.
#![warn(missing_docs)]

pub mod engine;
pub mod measure;
pub mod phases;
pub mod workload;
