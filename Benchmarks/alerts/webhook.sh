#!/usr/bin/env bash
# Measures `perfgate serve --alert-webhook` on 127.0.0.1: time from a fault to the alert at the
# receiver, false alerts on a clean run, and an unreachable or 10 s-slow receiver.
#
#   Benchmarks/alerts/webhook.sh fault       # --slowdown 300 from 30 s, 90 s run
#   Benchmarks/alerts/webhook.sh clean [S]   # clean run of S seconds (600)
#   Benchmarks/alerts/webhook.sh window      # 60 s run, --slowdown 300 from 20 s for 10 s, receiver OK
#   Benchmarks/alerts/webhook.sh unreachable # the same, nothing listens at the webhook
#   Benchmarks/alerts/webhook.sh slow        # the same, the receiver takes 10 s per request
#
# Needs `swift build -c release --product perfgate` and python3. Everything ends by itself
# (timeout). Output: one summary line per figure, and the files under $OUT (default
# /tmp/perfgate-alerts).
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${1:-fault}
OUT=${OUT:-/tmp/perfgate-alerts}
PERFGATE=${PERFGATE:-.build/release/perfgate}
RATE=${RATE:-2000}
mkdir -p "$OUT"
# shellcheck source=../../ci/lib.sh
. ci/lib.sh # free_port
HOOK_PORT=$(free_port)
SERVE_PORT=$(free_port)
HOOKS="$OUT/$MODE-hooks.jsonl"
LOG="$OUT/$MODE-serve.jsonl"
SUMMARY="$OUT/$MODE-summary.json"
rm -f "$HOOKS" "$LOG" "$SUMMARY"
RECEIVER=""
start_receiver() {
    timeout 1300 python3 Benchmarks/alerts/receiver.py "$HOOK_PORT" "$HOOKS" "$1" &
    RECEIVER=$!
    for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$HOOK_PORT),0.1)" 2>/dev/null && return; sleep 0.1; done
}
trap '[ -n "$RECEIVER" ] && kill "$RECEIVER" 2>/dev/null || true' EXIT
serve() { # duration, extra options…
    local duration=$1; shift
    timeout $((duration + 60)) "$PERFGATE" serve --rate "$RATE" --duration "$duration" --port "$SERVE_PORT" \
        --log "$LOG" --format json --alert-webhook "http://127.0.0.1:$HOOK_PORT/hook" "$@" > "$SUMMARY"
}
report() { # what the run did, from its summary, the log and the hooks
    python3 - "$SUMMARY" "$LOG" "$HOOKS" "$@" <<'PY'
import json, sys, datetime
summary = json.load(open(sys.argv[1]))
run = summary["run"]
lines = [json.loads(l) for l in open(sys.argv[2])]
start = None
hooks = []
try:
    hooks = [json.loads(l) for l in open(sys.argv[3])]
except FileNotFoundError:
    pass
reports = [l for l in lines if l["type"] == "report"]
anomalies = [l for l in lines if l["type"] == "anomaly"]
breaches = [l for l in lines if l["type"] == "target_breach"]
def ts(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()
first = ts(reports[0]["time"]) - reports[0]["uptimeSeconds"]
print(f"run: offered {run['offered']} completed {run['completed']} throughput {summary['summary']['throughputRPS']:.1f} req/s, "
      f"P95 {summary['summary']['latencyP95Ms']:.2f} ms, meetsThroughput {summary['comparison']['meetsThroughput']}, "
      f"meetsAllTargets {summary['comparison']['meetsAllTargets']}")
print(f"log: {len(reports)} reports, {len(anomalies)} anomalies {[a['kind'] for a in anomalies]}, "
      f"{len(breaches)} breach events {[(b['metric'], b['state']) for b in breaches]}")
print(f"alert deliveries: {run.get('alertDeliveries')}; webhook arrivals: {len(hooks)}")
if len(sys.argv) > 4:
    fault_at = float(sys.argv[4])
    for hook in hooks:
        event = hook["body"].get("event", {})
        print(f"  arrival {hook['received'] - first - fault_at:+.2f} s after the fault: {hook['body'].get('text')}")
PY
}
case "$MODE" in
fault)
    start_receiver ok
    serve 90 --slowdown 300 --slowdown-at 30
    report 30
    ;;
clean)
    start_receiver ok
    serve "${2:-600}"
    report
    ;;
window)
    start_receiver ok
    serve 60 --slowdown 300 --slowdown-at 20 --slowdown-for 10
    report
    ;;
unreachable)
    serve 60 --slowdown 300 --slowdown-at 20 --slowdown-for 10
    report
    ;;
slow)
    start_receiver slow
    serve 60 --slowdown 300 --slowdown-at 20 --slowdown-for 10
    report
    ;;
*)
    echo "usage: $0 fault|clean [seconds]|window|unreachable|slow" >&2
    exit 64
    ;;
esac
