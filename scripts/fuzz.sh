#!/usr/bin/env bash
# Fuzz smoke run (not part of CI): seeds every cargo-fuzz target, then fuzzes each in turn.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 seconds, every target)
#   scripts/fuzz.sh --seed-only                           (just (re)build fuzz/corpus/)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Seeds come from
# ../shared/conformance (definitions, inputs, mocks; override with ASL_CONFORMANCE) and the
# repository's fixtures, into fuzz/corpus/<target>/, which is git-ignored: conformance data is
# never committed. One target runs at a time, single process, so a shared machine stays usable.
# A crash leaves its input in fuzz/artifacts/<target>/; reproduce with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
conformance=${ASL_CONFORMANCE:-$root/../shared/conformance}
targets_all=(json_parse validate paths template intrinsics choice mocks run jsonata share)

seed_only=false
seconds=60
if [[ ${1:-} == --seed-only ]]; then
    seed_only=true
    shift
elif [[ ${1:-} =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
targets=("${@:-${targets_all[@]}}")

# Seeds: whole files for the document targets, and the pieces the small-language targets
# take (paths, templates, intrinsic calls, Choice rules) cut out of real definitions, each
# joined with the case's input by the 0x1E separator that fuzz/src/lib.rs splits on.
python3 - "$root" "$conformance" <<'PY'
import hashlib, json, os, sys
root, conformance = sys.argv[1], sys.argv[2]
corpus = os.path.join(root, "fuzz", "corpus")
SEP = "\x1e"
seen = {}

def put(target, text):
    data = text.encode("utf-8")
    if len(data) > 64 * 1024:
        return
    d = os.path.join(corpus, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
    seen[target] = seen.get(target, 0) + 1

def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None

def walk(value, visit):
    stack = [value]
    while stack:
        v = stack.pop()
        visit(v)
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)

def pieces(definition_text, input_text):
    try:
        definition = json.loads(definition_text)
    except ValueError:
        return
    inp = input_text or "{}"
    def visit(v):
        if isinstance(v, str):
            if v.startswith("$"):
                put("paths", v + SEP + inp + SEP + '{"Execution":{"Id":"x"},"State":{"Name":"A"}}')
            if v.startswith("States."):
                put("intrinsics", v + SEP + inp)
            if v.startswith("{%"):
                put("jsonata", v + SEP + inp)
        elif isinstance(v, dict):
            for key in ("Parameters", "ResultSelector", "ItemSelector", "Arguments", "Output"):
                if isinstance(v.get(key), (dict, list)):
                    put("template", json.dumps(v[key]) + SEP + inp + SEP + "{}")
            for rule in v.get("Choices", []) if isinstance(v.get("Choices"), list) else []:
                put("choice", json.dumps(rule) + SEP + inp)
    walk(definition, visit)

cases = os.path.join(conformance, "cases")
# The Distributed Map recordings (next to ../shared/conformance): their mock files hold the
# virtual S3 (`x-asl-playground.s3`), so `run` and `mocks` reach ItemReader and ResultWriter.
dmap_cases = os.path.join(os.path.dirname(conformance.rstrip("/")), "conformance-dmap", "cases")
case_dirs = [os.path.join(c, case) for c in (cases, dmap_cases) if os.path.isdir(c)
             for case in sorted(os.listdir(c))]
if case_dirs:
    for d in case_dirs:
        definition = read(os.path.join(d, "definition.json"))
        inp = read(os.path.join(d, "input.json"))
        mocks = read(os.path.join(d, "mocks.json"))
        for text in (definition, inp, mocks):
            if text is not None:
                put("json_parse", text)
        if definition is None:
            continue
        put("validate", definition)
        put("run", definition + SEP + (inp or "{}") + SEP + (mocks or ""))
        put("share", json.dumps({"definition": definition, "input": inp or "{}", "mocks": mocks}))
        if mocks is not None:
            put("mocks", mocks + SEP + "HoldoutStateMachine" + SEP + "HoldoutCase")
        pieces(definition, inp)
else:
    print(f"fuzz.sh: {conformance} not found; seeding from repository fixtures only", file=sys.stderr)

for dirpath, _, files in os.walk(root):
    if any(part in dirpath for part in ("/target", "/node_modules", "/fuzz/", "/.git")):
        continue
    for f in files:
        if not f.endswith(".json"):
            continue
        text = read(os.path.join(dirpath, f))
        if text is None:
            continue
        put("json_parse", text)
        if f.endswith(".asl.json"):
            put("validate", text)
            put("share", json.dumps({"definition": text, "input": "{}"}))
            try:
                # Hand-made links give editor texts as JSON values.
                put("share", json.dumps({"definition": json.loads(text), "testCase": "HappyPath"}))
            except ValueError:
                pass
            put("run", text + SEP + "{}" + SEP)
            pieces(text, "{}")
        if "mock" in f:
            put("mocks", text)

for target, n in sorted(seen.items()):
    print(f"fuzz.sh: seeded {target}: {n} inputs")
PY

$seed_only && exit 0

cd "$root/fuzz"
status=0
for target in "${targets[@]}"; do
    echo "fuzz.sh: $target for ${seconds}s"
    mkdir -p "corpus/$target" "artifacts/$target"
    # -rss_limit_mb / -timeout: a run using 2 GB or 10 s on one input is a finding.
    cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 ||
        { echo "fuzz.sh: $target found a problem, see fuzz/artifacts/$target/"; status=1; }
done
exit $status
