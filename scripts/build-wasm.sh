#!/usr/bin/env bash
# Builds crates/asl-wasm for the browser into www/pkg/: cargo (profile wasm-release, wasm32), then the
# wasm-bindgen CLI (--target web), then wasm-opt -Oz from the pinned npm `binaryen`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --profile wasm-release --target wasm32-unknown-unknown -p asl-wasm
target_dir=${CARGO_TARGET_DIR:-target}
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg --out-name asl_wasm \
  "$target_dir/wasm32-unknown-unknown/wasm-release/asl_wasm.wasm"

# wasm-opt and the size line, for each module.
optimize() {
  local wasm=$1 before bytes gz
  before=$(stat -c %s "$wasm")
  # --low-memory-unused lets wasm-opt fold `ptr + C` (C < 1024) into load/store offsets, which
  # differ only when the addition wraps past 4 GiB; Rust never computes such an address
  # (docs/wasm-size.md). About -3 KB gzipped.
  npx --no-install wasm-opt -Oz --low-memory-unused --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$wasm.opt" "$wasm"
  mv "$wasm.opt" "$wasm"
  bytes=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "[build-wasm] $wasm: $bytes bytes ($gz gzipped; $before before wasm-opt)"
}
optimize www/pkg/asl_wasm_bg.wasm

# The same crate with `loadSource`/`importHistory` (YAML, templates, AWS histories): a
# second module the page imports only when one of those is opened, so the first load stays
# within its budget.
cargo build --profile wasm-release --target wasm32-unknown-unknown -p asl-wasm --features sources
wasm-bindgen --target web --out-dir www/pkg/sources --out-name asl_wasm_sources \
  "$target_dir/wasm32-unknown-unknown/wasm-release/asl_wasm.wasm"
optimize www/pkg/sources/asl_wasm_sources_bg.wasm
