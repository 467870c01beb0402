#!/usr/bin/env bash
# Builds the playground and serves it on http://127.0.0.1:${PORT:-8080}/ (Ctrl+C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
./scripts/build-wasm.sh
npx --no-install vite build www --logLevel warn
exec node scripts/static-server.mjs www/dist "${PORT:-8080}"
