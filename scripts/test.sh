#!/usr/bin/env bash
# Everything CI checks, in order; exits non-zero at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "setup"
./scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native)"
cargo clippy --workspace --all-targets -- -D warnings

step "clippy (wasm32: asl-core, asl-wasm)"
cargo clippy --target wasm32-unknown-unknown -p asl-core -p asl-wasm --features asl-wasm/sources --all-targets -- -D warnings

step "cargo test"
cargo test --workspace

step "asl test examples/ (the gallery's test suites)"
cargo run --quiet -p asl-cli -- test examples/

step "wasm32 tests (wasm-bindgen-test in Node): the boundary, and the JSONata tests as the page ships them"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
cargo test --target wasm32-unknown-unknown -p asl-wasm --features sources
# jsonata_wasm (profile wasm-release: the code the page ships) compiles in the whole JSONata test set (jsonata_*.rs, exec_jsonata.rs,
# exec_variables.rs, the conformance cases read through Node's fs): one release link.
cargo test --profile wasm-release --target wasm32-unknown-unknown -p asl-core --test jsonata_wasm
unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER

step "build the playground"
./scripts/build-wasm.sh
npx --no-install vite build www --logLevel warn

step "browser tests (Playwright + Debian chromium)"
node --test --test-concurrency=1 tests/browser/
