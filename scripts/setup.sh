#!/usr/bin/env bash
# Installs whatever the build and tests need and is missing; safe to run again and again.
# Assumes a Debian machine with rustup, Node 20 and npm 11, run as root (as CI is).
#   scripts/setup.sh            toolchain pieces + npm packages
#   scripts/setup.sh --browser  also Debian's chromium (for the Playwright tests)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli at exactly the version the crate pins (the two must match).
want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' crates/asl-wasm/Cargo.toml)
if [ -z "$want" ]; then
  echo "setup: cannot read the wasm-bindgen pin from crates/asl-wasm/Cargo.toml" >&2
  exit 1
fi
export PATH="$HOME/.cargo/bin:$PATH"
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); takes a few minutes"
  cargo install wasm-bindgen-cli --version "=$want"
fi

# 3. npm packages, when node_modules is missing or package-lock.json changed since the last install.
stamp=node_modules/.asl-package-lock.sha256
lock_sum=$(sha256sum package-lock.json | awk '{print $1}')
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > "$stamp"
fi

# 4. A browser for the Playwright tests: Debian's chromium (never a downloaded build).
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  say "installing chromium from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core
fi
