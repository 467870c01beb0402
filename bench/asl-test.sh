#!/usr/bin/env bash
# The `asl test` benchmark (not a timed test): 1,000 test cases of a 10-state machine with
# mocks (Task, Choice, Pass, Task with Retry, Map, Parallel, Wait, Task, Succeed, Fail), run
# as one suite by the release `asl`, whole process. Prints the median of 5 runs.
#   bench/asl-test.sh [CASES]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cases="${1:-1000}"
dir=target/bench-asl-test
mkdir -p "$dir"
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet -p asl-cli
python3 - "$dir" "$cases" <<'PY'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
lam = "arn:aws:states:::lambda:invoke"
definition = {
  "StartAt": "Validate",
  "States": {
    "Validate": {"Type": "Task", "Resource": lam, "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
                 "ResultSelector": {"ok.$": "$.Payload.ok"}, "ResultPath": "$.check", "Next": "Route"},
    "Route": {"Type": "Choice", "Choices": [{"Variable": "$.check.ok", "BooleanEquals": False, "Next": "Rejected"}],
              "Default": "Enrich"},
    "Enrich": {"Type": "Pass", "Parameters": {"id.$": "$.id", "items.$": "$.items", "tier": "gold"}, "Next": "Charge"},
    "Charge": {"Type": "Task", "Resource": lam, "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
               "ResultPath": "$.charge",
               "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 3}],
               "Next": "Items"},
    "Items": {"Type": "Map", "ItemsPath": "$.items", "ResultPath": "$.items",
              "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "Parameters": {"sku.$": "$"}, "End": True}}},
              "Next": "Fan"},
    "Fan": {"Type": "Parallel", "ResultPath": "$.fan", "Next": "Pause", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": True}}},
      {"StartAt": "B", "States": {"B": {"Type": "Pass", "Result": "b", "End": True}}}]},
    "Pause": {"Type": "Wait", "Seconds": 3600, "Next": "Notify"},
    "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
               "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message.$": "$.id"},
               "ResultPath": None, "Next": "Done"},
    "Done": {"Type": "Succeed"},
    "Rejected": {"Type": "Fail", "Error": "Rejected", "Cause": "not ok"},
  },
}
ok = {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": True}}}}
mocks = {
  "StateMachines": {"Bench": {"TestCases": {
    "Happy": {"Validate": "Ok", "Charge": "Charged", "Notify": "Sent"},
    "Throttled": {"Validate": "Ok", "Charge": "ThrottledTwice", "Notify": "Sent"},
    "Rejected": {"Validate": "NotOk"},
    "ChargeFails": {"Validate": "Ok", "Charge": "Declined"},
  }}},
  "MockedResponses": {
    "Ok": ok,
    "NotOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"ok": False}}}},
    "Charged": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": True}}}},
    "ThrottledTwice": {"0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
                       "2": {"Return": {"StatusCode": 200, "Payload": {"charged": True}}}},
    "Declined": {"0": {"Throw": {"Error": "Declined", "Cause": "card declined"}}},
    "Sent": {"0": {"Return": {"MessageId": "m"}}},
  },
}
expect = {
  "Happy": {"status": "SUCCEEDED", "outputSubset": {"fan": ["a", "b"]}, "mockCalls": {"Charge": 1},
            "pathIncludes": ["Validate", "Items", "Pause", "Done"]},
  "Throttled": {"status": "SUCCEEDED", "states": [{"state": "Charge", "retries": 2}],
                "history": [{"type": "TaskFailed", "state": "Charge", "count": 2}]},
  "Rejected": {"status": "FAILED", "error": "Rejected", "path": ["Validate", "Route", "Rejected"]},
  "ChargeFails": {"status": "FAILED", "error": {"pattern": "^Decl"}, "cause": "card declined"},
}
names = list(expect)
cases = {}
for i in range(n):
  name = names[i % len(names)]
  case = {"mockTestCase": name, "input": {"id": f"o-{i}", "items": [1, 2, 3]}}
  case.update(expect[name])
  cases[f"case-{i:04d}"] = case
json.dump(definition, open(f"{out}/bench.asl.json", "w"), indent=1)
json.dump(mocks, open(f"{out}/mocks.json", "w"), indent=1)
json.dump({"definition": "bench.asl.json", "mocks": "mocks.json", "testCases": cases},
          open(f"{out}/bench.asl-test.json", "w"), indent=1)
PY
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  ./target/release/asl test "$dir/bench.asl-test.json" > "$dir/report.txt"
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
tail -1 "$dir/report.txt"
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "asl test, $cases cases, whole process, 5 runs (ms): $sorted-> median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p) ms on $(nproc) cores"
