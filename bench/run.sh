#!/usr/bin/env bash
# One command for the whole benchmark, from a clean clone (needs ../shared/bench, npm, cargo):
#
#   bench/run.sh [--samples N] [--runs N] [--opt3] [--no-process] [--no-page] [--loads N]
#                [--wasm-from REV] [WORKLOAD ...]
#
#   1. installs the peer (aws-local-stepfunctions 3.0.0 + Node 22) into target/bench-peers/
#   2. records the mocked Task behaviour of peers/mocks.mjs as MockConfigFiles (target/bench/mocks/)
#   3. builds ours: asl-bench and asl (profile release: opt-level 3, what `cargo install` builds),
#      and asl-wasm as a Node wasm package (target/bench-wasm/, profile wasm-release: opt-level
#      "z", as the page ships it)
#   4. runs, in the same run: ours native in-process, ours wasm in Node, the peer in-process,
#      then whole-process `asl run` vs the peer's CLI (hyperfine wall time, /usr/bin/time peak RSS)
#   5. prints the table and saves it to target/bench/latest.md (raw JSON lines beside it)
#   6. page figures (bench/page.mjs): builds the page (scripts/build-wasm.sh, vite build) and
#      times it in headless Chromium; its table is appended to latest.md (page.jsonl beside it)
#
# --samples N   timed samples per workload in-process (default 5; each after 1 warm-up)
# --runs N      hyperfine runs per whole-process measurement (default 10)
# --opt3        also build the wasm package at opt-level 3 (profile bench-o3) instead of the
#               shipped wasm-release profile (opt-level "z", tuned for wasm size)
# --no-process  skip the whole-process measurements
# --no-page     skip the page figures (step 6)
# --loads N     page loads for the page figures (default 5)
# --wasm-from REV  build the wasm package from crates/asl-wasm of git revision REV (e.g. a
#               branch not merged yet) instead of the working tree; built in target/bench-wasm-src/
# WORKLOAD      names from the manifest (default: all six)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
samples=5 runs=10 profile=wasm-release native_profile=release process=1 page=1 loads=5 wasm_from= names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --samples) samples=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --opt3) profile=bench-o3; shift ;;
    --no-process) process=0; shift ;;
    --no-page) page=0; shift ;;
    --loads) loads=$2; shift 2 ;;
    --wasm-from) wasm_from=$2; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[ ${#names[@]} -gt 0 ] || names=(all)
OUT=target/bench
mkdir -p "$OUT"
# The workload names: the arguments, or every name in the manifest.
list_names() {
  if [ "${names[*]}" = all ]; then
    "$PEER_NODE" -p "require('./target/bench-peers/workloads/manifest.json').map((w) => w.name).join(' ')"
  else
    echo "${names[@]}"
  fi
}
say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

# Tools for the whole-process figures (Debian packages; we run as root in CI and dev).
if [ "$process" = 1 ]; then
  missing=()
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    apt-get install -y "${missing[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
  fi
fi

say "1/6 peer"
bench/setup-peers.sh
# shellcheck source=/dev/null
. target/bench-peers/env.sh

say "2/6 mocks"
"$PEER_NODE" bench/gen-mocks.mjs --peers "$PEER_DIR" --out "$OUT/mocks"

say "3/6 build (native: $native_profile, wasm: $profile)"
profile_args=(--profile "$profile")
if [ "$profile" = bench-o3 ]; then
  profile_args+=(--config 'profile.bench-o3.inherits="wasm-release"' --config 'profile.bench-o3.opt-level=3')
fi
# Native binaries: opt-level 3 (profile `release` in Cargo.toml), never the size-tuned "z".
cargo build -q --profile "$native_profile" -p asl-bench -p asl-cli
BIN=target/$native_profile
wasm_note="not built"
wasm_src=. wasm_target=target
if [ -n "$wasm_from" ]; then
  # A snapshot of another revision, built with its own target dir (never our worktree's).
  wasm_src=target/bench-wasm-src wasm_target=$ROOT/target/bench-wasm-build
  rm -rf "$wasm_src" && mkdir -p "$wasm_src"
  git archive "$wasm_from" | tar -x -C "$wasm_src"
fi
rm -rf target/bench-wasm
if (cd "$wasm_src" && CARGO_TARGET_DIR=$wasm_target cargo build -q "${profile_args[@]}" \
      --target wasm32-unknown-unknown -p asl-wasm) &&
   wasm-bindgen --target nodejs --out-dir target/bench-wasm --out-name asl_wasm \
     "$wasm_target/wasm32-unknown-unknown/$profile/asl_wasm.wasm"; then
  # The bindings are CommonJS; the root package.json says "type": "module", which would make
  # Node load them as an ES module (and fail on `__dirname`).
  echo '{"type": "commonjs"}' > target/bench-wasm/package.json
  wasm_note="asl-wasm from ${wasm_from:-the working tree} ($(git rev-parse --short "${wasm_from:-HEAD}")), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}') --target nodejs, no wasm-opt, $(stat -c %s target/bench-wasm/asl_wasm_bg.wasm) bytes"
else
  say "wasm build failed; the wasm column will say so"
fi

cat > "$OUT/meta.json" <<META
{"date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)", "samples": $samples,
 "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')", "cores": $(nproc),
 "mem": "$(free -g | awk '/Mem:/{print $2}') GiB", "os": "$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -r)",
 "rustc": "$(rustc --version)", "profile": "native: $native_profile, wasm: $profile", "commit": "$(git rev-parse --short HEAD)",
 "wasm": "$wasm_note", "peer_node": "$("$PEER_NODE" --version)", "loadavg": "$(cut -d' ' -f1-3 /proc/loadavg)"}
META

say "4/6 in-process: ours native, ours wasm (node), peer"
"$BIN/asl-bench" "${names[@]}" --samples "$samples" --mocks "$OUT/mocks" | tee "$OUT/native.jsonl" || true
: > "$OUT/wasm.jsonl"
if [ -f target/bench-wasm/asl_wasm.js ]; then
  # One process per workload, so that a trap or out-of-memory in one leaves the others.
  for name in $(list_names); do
    line=$(timeout 900 "$PEER_NODE" bench/wasm-node.mjs "$name" --samples "$samples" --pkg target/bench-wasm \
      --peers "$PEER_DIR" --mocks "$OUT/mocks" 2>"$OUT/wasm-$name.stderr") || true
    [ -n "$line" ] || line="{\"engine\":\"asl-core wasm (node)\",\"workload\":\"$name\",\"error\":\"crashed or timed out: $(tail -c 200 "$OUT/wasm-$name.stderr" | tr -d '\"\\\n' )\"}"
    echo "$line" | tee -a "$OUT/wasm.jsonl"
  done
fi
(cd "$PEER_DIR" && "$PEER_NODE" run-aws-local-sfn.mjs "${names[@]}" --samples "$samples") | tee "$OUT/peer.jsonl"

: > "$OUT/process.jsonl"
if [ "$process" = 1 ]; then
  say "5/6 whole process: asl run vs node run-aws-local-sfn.mjs --once"
  "$PEER_NODE" bench/process.mjs "${names[@]}" --asl "$BIN/asl" --node "$PEER_NODE" \
    --peers "$PEER_DIR" --mocks "$OUT/mocks" --runs "$runs" | tee "$OUT/process.jsonl" || true
fi
# The Distributed Map workload (bench/dmap-csv.mjs: 10,000 CSV rows, 100 batches, ResultWriter)
# as one `asl run` process; the page runs the same generated files in step 6.
rm -f "$OUT/dmap.jsonl"
[ "$process" = 1 ] && { "$PEER_NODE" bench/dmap-native.mjs --asl "$BIN/asl" --runs "$runs" --out "$OUT" || say "dmap native figures failed"; }

"$PEER_NODE" bench/report.mjs "$OUT" > "$OUT/latest.md"

rm -f "$OUT/page.jsonl" "$OUT/page.md"
if [ "$page" = 1 ]; then
  say "6/6 page figures (headless Chromium)"
  # The page as shipped: the release wasm (wasm-opt -Oz) and the Vite build. The system Node
  # runs it (playwright-core is a devDependency of the page).
  if ./scripts/build-wasm.sh >&2 && npx --no-install vite build www --logLevel warn >&2; then
    node bench/page.mjs --loads "$loads" --out "$OUT" >/dev/null || say "page figures failed (see above)"
    node bench/page-dmap.mjs --loads "$loads" --out "$OUT" | tail -n 1 > "$OUT/page-dmap.md" || say "page dmap figures failed (see above)"
  else
    say "page build failed; no page figures"
  fi
  [ -f "$OUT/page.md" ] && { echo; cat "$OUT/page.md"; } >> "$OUT/latest.md"
  [ -s "$OUT/page-dmap.md" ] && { echo; cat "$OUT/page-dmap.md"; } >> "$OUT/latest.md"
fi
echo
cat "$OUT/latest.md"
