#!/usr/bin/env bash
# End to end with real parts on 127.0.0.1: perfgate serve -> Prometheus (the shipped alert rules)
# -> Alertmanager -> a webhook receiver; a clean phase must deliver no alert, an injected fault
# must deliver the expected ones. Also runs the Grafana dashboard's every query (check-dashboard.py).
#
# Usage: Examples/monitoring/e2e.sh [PATH/TO/perfgate]   (default .build/release/perfgate)
#
# Environment (defaults in brackets):
#   PERFGATE_E2E_RATE           [1000]  req/s perfgate serve offers, well under a busy 2-core
#                                       machine's capacity
#   PERFGATE_E2E_CLEAN_SECONDS  [120]   the clean phase, from perfgate's start to the fault
#   PERFGATE_E2E_FAULT          [stall] stall | slowdown | none (none: a clean run only)
#   PERFGATE_E2E_FAULT_SECONDS  [120]   how long the fault lasts; alerts are awaited until it ends
#   PERFGATE_E2E_TARGET_RPS     [0.9 x RATE] the throughput target the rules are run with; 2000
#                                       runs the shipped rules unchanged
#   PERFGATE_E2E_KEEP           [0]     1 keeps the temporary directory (configs, logs, TSDB)
#   PERFGATE_E2E_CLEAN_TOLERATES []     alert names reported but not failed in the clean phase,
#                                       comma-separated (CI tolerates PerfGateAnomalyDetected: a
#                                       host stealing the CPU makes real latency blips)
#   PERFGATE_E2E_SERVE_ARGS     []      more perfgate serve options, split on spaces (such as
#                                       --alert-webhook URL, to watch both alert paths at once)
#   PERFGATE_TOOLS_DIR          [.build/ci-tools] where Debian's packages are unpacked if
#                                       prometheus / prometheus-alertmanager are not on PATH
#
# The rules Prometheus evaluates are Examples/monitoring/perfgate-alerts.yml with ONE
# substitution, because this run offers RATE req/s, not 2000: the throughput target 2000 becomes
# 0.9 x RATE (900 req/s at the default rate) in PerfGateThroughputLow's expression and summary.
# Everything else is the shipped file as is: the same expressions, windows and `for: 1m`.
# Prometheus scrapes and evaluates every 1 s; Alertmanager groups by alertname, instance and kind
# with group_wait 1s and posts to the receiver (Examples/monitoring/webhook-receiver.py), which
# logs each alert with its arrival time.
#
# The faults are perfgate serve's own flags, starting CLEAN seconds after it starts:
#   stall:    --stall-at CLEAN --stall-for FAULT   (every worker pauses)
#   slowdown: --slowdown 2000 --slowdown-at CLEAN --slowdown-for FAULT   (21x the work per message)
# Expected at the receiver: stall -> PerfGateLatencyP95High, PerfGateErrorRateHigh (the stalled
# service rejects what its full queue cannot hold), PerfGateAnomalyDetected; slowdown ->
# PerfGateLatencyP95High, PerfGateAnomalyDetected. PerfGateThroughputLow is allowed, not required.
# Pass: no alert arrives before the fault; every alert expected for the fault arrives (firing)
# before it ends; no alert outside the fault's expected and allowed sets arrives; every dashboard
# query is valid and all but the per-operation ones (serve has no named operations) return data.
# Prints PASS/FAIL lines and the figures; exits 1 on any failure. Everything it starts binds
# 127.0.0.1, lives in a temporary directory and is killed on exit.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PERFGATE=${1:-$ROOT/.build/release/perfgate}
RATE=${PERFGATE_E2E_RATE:-1000}
CLEAN=${PERFGATE_E2E_CLEAN_SECONDS:-120}
FAULT=${PERFGATE_E2E_FAULT:-stall}
FAULT_SECONDS=${PERFGATE_E2E_FAULT_SECONDS:-120}
TOOLS=${PERFGATE_TOOLS_DIR:-$ROOT/.build/ci-tools}
TARGET_RPS=${PERFGATE_E2E_TARGET_RPS:-$(python3 -c "print(round(0.9 * float('$RATE'), 1))")}

case $FAULT in
stall)
    FAULT_FLAGS=(--stall-at "$CLEAN" --stall-for "$FAULT_SECONDS")
    # The stalled service's queue fills in a second and it rejects the rest (kind overloaded):
    # completions go on as failures, so the error rate, not the completion rate, shows the stall.
    EXPECTED=(PerfGateLatencyP95High PerfGateErrorRateHigh PerfGateAnomalyDetected)
    ALLOWED=(PerfGateThroughputLow)
    ;;
slowdown)
    FAULT_FLAGS=(--slowdown 2000 --slowdown-at "$CLEAN" --slowdown-for "$FAULT_SECONDS")
    EXPECTED=(PerfGateLatencyP95High PerfGateAnomalyDetected)
    ALLOWED=(PerfGateThroughputLow PerfGateErrorRateHigh)
    ;;
none)
    FAULT_FLAGS=()
    EXPECTED=()
    ALLOWED=()
    ;;
*)
    echo "usage: PERFGATE_E2E_FAULT must be stall, slowdown or none, not '$FAULT'" >&2
    exit 64
    ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/perfgate-e2e.XXXXXX")
PIDS=()
FAILURES=0
SCRIPT_START=$(date +%s)
cleanup() {
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    if [ "${PERFGATE_E2E_KEEP:-0}" = 1 ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# shellcheck source=../../ci/lib.sh
. "$ROOT/ci/lib.sh"
now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }

# ---------------------------------------------------------------- tools
# On PATH (Debian's packages installed), else unpacked from Debian's packages into TOOLS without
# installing their services (apt-get download + dpkg-deb -x), else apt-get install.
find_tool() {
    local name=$1 package=$2
    if command -v "$name" >/dev/null; then command -v "$name"; return; fi
    if [ ! -x "$TOOLS/usr/bin/$name" ]; then
        mkdir -p "$TOOLS"
        (cd "$TOOLS" && { apt-get download "$package" >/dev/null 2>&1 \
            || { apt-get update -qq >/dev/null 2>&1 && apt-get download "$package" >/dev/null 2>&1; }; } \
            && dpkg-deb -x "$(ls -t "${package}"_*.deb | head -n 1)" .) >/dev/null 2>&1
    fi
    if [ ! -x "$TOOLS/usr/bin/$name" ]; then
        apt-get install -y -qq "$package" >/dev/null 2>&1 || true
        command -v "$name" >/dev/null && { command -v "$name"; return; }
    fi
    [ -x "$TOOLS/usr/bin/$name" ] && echo "$TOOLS/usr/bin/$name"
}
[ -x "$PERFGATE" ] || { echo "FAIL: '$PERFGATE' is not an executable (swift build -c release --product perfgate)"; exit 1; }
PROMETHEUS=$(find_tool prometheus prometheus)
PROMTOOL=$(find_tool promtool prometheus)
ALERTMANAGER=$(find_tool prometheus-alertmanager prometheus-alertmanager)
for tool in PROMETHEUS PROMTOOL ALERTMANAGER; do
    [ -n "${!tool}" ] || { echo "FAIL: ${tool,,} is missing and could not be installed"; exit 1; }
done
echo "tools: $("$PROMETHEUS" --version 2>&1 | head -n 1); $("$ALERTMANAGER" --version 2>&1 | head -n 1)"
# Debian's Alertmanager reads its default notification templates from a path built into it; one
# unpacked from the package rather than installed finds them there only once they are copied there
# (without them it exits at start: "failed to parse templates: open …/default.tmpl").
AM_SHARE=/usr/share/prometheus/alertmanager
if [ ! -f "$AM_SHARE/default.tmpl" ] && [ -f "$TOOLS$AM_SHARE/default.tmpl" ]; then
    { mkdir -p "$AM_SHARE" && cp "$TOOLS$AM_SHARE"/*.tmpl "$AM_SHARE/"; } 2>/dev/null || {
        echo "FAIL: Alertmanager needs $AM_SHARE/default.tmpl: run as root, or apt-get install prometheus-alertmanager"
        exit 1
    }
    echo "tools: copied Alertmanager's templates from Debian's package to $AM_SHARE"
fi

# ---------------------------------------------------------------- the rules, as run here
python3 - "$HERE/perfgate-alerts.yml" "$WORK/rules.yml" "$TARGET_RPS" <<'PY' || { echo "FAIL: could not adapt the rules"; exit 1; }
import sys
source, target, rps = sys.argv[1:]
text = open(source, encoding="utf-8").read()
rps = rps[:-2] if rps.endswith(".0") else rps
for old, new, count in [("0.99 * 2000", f"0.99 * {rps}", 2), ("the 2000 req/s target", f"the {rps} req/s target", 1)]:
    if text.count(old) != count:
        sys.exit(f"expected {count} x '{old}' in {source}, found {text.count(old)}")
    text = text.replace(old, new)
open(target, "w", encoding="utf-8").write(text)
PY
"$PROMTOOL" check rules "$WORK/rules.yml" >/dev/null 2>&1 || { echo "FAIL: the adapted rules do not check"; exit 1; }
echo "rules: $HERE/perfgate-alerts.yml, throughput target 2000 -> $TARGET_RPS req/s for a $RATE req/s run"

# ---------------------------------------------------------------- webhook receiver, Alertmanager
HOOK_PORT=$(free_port)
python3 "$HERE/webhook-receiver.py" --port "$HOOK_PORT" --log "$WORK/alerts.jsonl" >"$WORK/webhook.out" 2>&1 &
PIDS+=("$!")
touch "$WORK/alerts.jsonl"
AM_PORT=$(free_port)
cat >"$WORK/alertmanager.yml" <<YAML
route:
  receiver: webhook
  group_by: [alertname, instance, kind]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 4h
receivers:
  - name: webhook
    webhook_configs:
      - url: http://127.0.0.1:$HOOK_PORT/
        send_resolved: true
YAML
"$ALERTMANAGER" --config.file "$WORK/alertmanager.yml" --storage.path "$WORK/alertmanager" \
    --web.listen-address "127.0.0.1:$AM_PORT" --cluster.listen-address "" --log.level warn \
    >"$WORK/alertmanager.log" 2>&1 &
PIDS+=("$!")

# ---------------------------------------------------------------- perfgate serve
TOTAL_SECONDS=$((CLEAN + FAULT_SECONDS + 60))
SERVE_START=$(now)
"$PERFGATE" serve --rate "$RATE" --duration "$TOTAL_SECONDS" --port 0 --log "$WORK/serve.jsonl" \
    "${FAULT_FLAGS[@]}" ${PERFGATE_E2E_SERVE_ARGS:-} >"$WORK/serve.out" 2>"$WORK/serve.err" &
PIDS+=("$!")
FAULT_START=$(python3 -c "print(f'{$SERVE_START + $CLEAN:.3f}')")
if ! wait_for 15 grep -q "listening on http://" "$WORK/serve.err"; then
    fail "perfgate serve did not start:"
    cat "$WORK/serve.err"
    exit 1
fi
SERVE_ADDRESS=$(grep -o 'http://[^ ]*' "$WORK/serve.err" | head -n 1)
echo "perfgate serve: $SERVE_ADDRESS, $RATE req/s, fault '$FAULT' ${FAULT_FLAGS[*]:-}"

# ---------------------------------------------------------------- Prometheus
PROM_PORT=$(free_port)
PROM=http://127.0.0.1:$PROM_PORT
cat >"$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $WORK/rules.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$AM_PORT']
scrape_configs:
  - job_name: perfgate
    static_configs:
      - targets: ['${SERVE_ADDRESS#http://}']
YAML
"$PROMETHEUS" --config.file "$WORK/prometheus.yml" --storage.tsdb.path "$WORK/tsdb" \
    --web.listen-address "127.0.0.1:$PROM_PORT" --log.level warn >"$WORK/prometheus.log" 2>&1 &
PIDS+=("$!")
for ready in "$PROM/-/ready" "http://127.0.0.1:$AM_PORT/-/ready" "http://127.0.0.1:$HOOK_PORT/"; do
    if ! wait_for 30 curl -s --max-time 2 -o /dev/null "$ready"; then
        fail "not ready: $ready"
        tail -n 20 "$WORK/prometheus.log" "$WORK/alertmanager.log" "$WORK/webhook.out"
        exit 1
    fi
done
pass "Prometheus (127.0.0.1:$PROM_PORT), Alertmanager (127.0.0.1:$AM_PORT) and the receiver (127.0.0.1:$HOOK_PORT) ready $(elapsed) s after the start"

query() {
    curl -s --max-time 5 "$PROM/api/v1/query" --data-urlencode "query=$1"
}
sleep_until() {
    python3 -c "import time; time.sleep(max(0.0, $1 - time.time()))"
}

# ---------------------------------------------------------------- clean phase
sleep_until "$FAULT_START"
# Alerts that arrived before the fault: those that fail the phase, and those tolerated.
read -r CLEAN_ALERTS TOLERATED_ALERTS < <(python3 - "$WORK/alerts.jsonl" "$FAULT_START" "${PERFGATE_E2E_CLEAN_TOLERATES:-}" <<'PY'
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
tolerated = {name for name in sys.argv[3].split(",") if name}
early = [a for a in lines if a["receivedAt"] < float(sys.argv[2])]
print(len([a for a in early if a["alertname"] not in tolerated]), len([a for a in early if a["alertname"] in tolerated]))
PY
)
PENDING=$(query "count by (alertname) (count_over_time(ALERTS[$((CLEAN - 2))s]))" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print(", ".join(r["metric"]["alertname"] for r in result) or "none")')
CLEAN_P95=$(query 'max_over_time(perfgate:request_duration_seconds:p95_1m[90s])' | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print("%.2f" % (float(result[0]["value"][1]) * 1000) if result else "none")')
# What the hypervisor took from the host during the clean phase, and the anomalous intervals the
# monitor set aside because that stolen time explains them.
HOST_STEAL=$(query "100 * increase(perfgate_host_cpu_stolen_seconds_total[$((CLEAN - 2))s]) / increase(perfgate_host_cpu_seconds_total[$((CLEAN - 2))s])" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print("%.1f%%" % float(result[0]["value"][1]) if result else "unknown")')
EXPLAINED=$(query "sum(increase(perfgate_anomalies_explained_by_host_total[$((CLEAN - 2))s]))" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print("%.0f" % float(result[0]["value"][1]) if result else "unknown")')
if [ "$TOLERATED_ALERTS" != 0 ]; then
    echo "WARN: clean phase: $TOLERATED_ALERTS tolerated alert(s) ($PERFGATE_E2E_CLEAN_TOLERATES) arrived before any fault"
fi
if [ "$CLEAN_ALERTS" = 0 ]; then
    pass "clean phase ($CLEAN s at $RATE req/s): 0 alerts at the receiver${PERFGATE_E2E_CLEAN_TOLERATES:+ but the tolerated}" \
        "(pending at some point: $PENDING; highest 1-minute P95 ${CLEAN_P95} ms)"
else
    fail "clean phase: $CLEAN_ALERTS alert(s) arrived before any fault:"
    sed 's/^/  /' "$WORK/alerts.jsonl"
fi

# ---------------------------------------------------------------- fault phase
if [ "$FAULT" != none ]; then
    DEADLINE=$(python3 -c "print($FAULT_START + $FAULT_SECONDS)")
    echo "fault '$FAULT' from $(date -d "@${FAULT_START%.*}" +%T) for $FAULT_SECONDS s; awaiting ${EXPECTED[*]}"
    arrived() {
        python3 - "$WORK/alerts.jsonl" "$FAULT_START" "$@" <<'PY'
import json, sys
path, start, *names = sys.argv[1:]
seen = {a["alertname"] for a in map(json.loads, filter(str.strip, open(path)))
        if a["status"] == "firing" and a["receivedAt"] >= float(start)}
sys.exit(0 if set(names) <= seen else 1)
PY
    }
    while ! arrived "${EXPECTED[@]}" && python3 -c "import sys, time; sys.exit(time.time() >= $DEADLINE)"; do
        sleep 1
    done
    python3 - "$WORK/alerts.jsonl" "$FAULT_START" "${#EXPECTED[@]}" "${EXPECTED[@]}" "${ALLOWED[@]}" \
        >"$WORK/fault.txt" <<'PY'
import datetime, json, sys
path, start, count, *names = sys.argv[1:]
start, count = float(start), int(count)
expected, allowed = names[:count], names[count:]
alerts = [a for a in map(json.loads, filter(str.strip, open(path)))
          if a["status"] == "firing" and a["receivedAt"] >= start]
def starts_at(alert):
    text = alert["startsAt"][:26].rstrip("Z")
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.timezone.utc).timestamp()
first = {}
for alert in sorted(alerts, key=lambda a: a["receivedAt"]):
    first.setdefault(alert["alertname"], alert)
for name in expected + sorted(set(first) - set(expected)):
    alert = first.get(name)
    role = "expected" if name in expected else ("allowed" if name in allowed else "UNEXPECTED")
    if alert is None:
        print(f"MISSING {name}")
        continue
    extra = f" kind={alert['labels']['kind']}" if "kind" in alert["labels"] and alert["labels"]["kind"] not in ("",) else ""
    print(f"{'ok' if role != 'UNEXPECTED' else 'UNEXPECTED'} {name} {role}: at the receiver "
          f"{alert['receivedAt'] - start:.1f} s after the fault began (firing in Prometheus from "
          f"{starts_at(alert) - start:+.1f} s){extra}")
PY
    while read -r status line; do
        case $status in
        ok) pass "$line" ;;
        MISSING) fail "$line did not arrive within the $FAULT_SECONDS s of the fault" ;;
        UNEXPECTED) fail "$line" ;;
        esac
    done <"$WORK/fault.txt"
fi

# ---------------------------------------------------------------- dashboard queries
# At the end, over the whole run's data: after the fault, "Errors by kind" has series too (its
# family has none until a first error, so a run without a fault allows it to be empty).
ALLOW_EMPTY=()
[ "$FAULT" = none ] && ALLOW_EMPTY=(--allow-empty "Errors by kind")
if python3 "$HERE/check-dashboard.py" --prometheus "$PROM" --dashboard "$HERE/grafana-dashboard.json" \
    --rate-interval 1m "${ALLOW_EMPTY[@]}" >"$WORK/dashboard.txt" 2>&1; then
    pass "$(tail -n 1 "$WORK/dashboard.txt")"
else
    fail "$(tail -n 1 "$WORK/dashboard.txt")"
fi
grep -E '^(EMPTY|FAIL)' "$WORK/dashboard.txt" | sed 's/^/  /'
# The checker must also reject a broken query (a misspelled function in one copy of the dashboard).
sed 's/histogram_quantile(/histogram_quantil(/' "$HERE/grafana-dashboard.json" >"$WORK/broken-dashboard.json"
if python3 "$HERE/check-dashboard.py" --prometheus "$PROM" --dashboard "$WORK/broken-dashboard.json" >/dev/null 2>&1; then
    fail "check-dashboard.py passed a dashboard with a misspelled function"
else
    pass "check-dashboard.py fails a dashboard with a misspelled function"
fi
P95_TIMELINE=$(curl -s --max-time 5 "$PROM/api/v1/query_range" \
    --data-urlencode 'query=max(perfgate:request_duration_seconds:p95_1m)' \
    --data-urlencode "start=${SERVE_START%.*}" --data-urlencode "end=$(date +%s)" --data-urlencode step=10 \
    | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print(" ".join("%.1f" % (float(v) * 1000) for _, v in result[0]["values"]) if result else "none")')
ANOMALIES=$(grep -c '"type":"anomaly"' "$WORK/serve.jsonl" 2>/dev/null || true)
echo
echo "report ($(elapsed) s in all):"
echo "  clean phase: $CLEAN s at $RATE req/s, alerts at the receiver: $CLEAN_ALERTS;" \
    "host CPU stolen by the hypervisor: $HOST_STEAL; anomalous intervals it explained: $EXPLAINED"
[ "$FAULT" != none ] && sed 's/^/  fault: /' "$WORK/fault.txt"
echo "  perfgate JSON lines: $ANOMALIES anomaly events"
echo "  dashboard: $(tail -n 1 "$WORK/dashboard.txt")"
echo "  1-minute P95 every 10 s from the start, ms: $P95_TIMELINE"
echo "  alerts received (firing/resolved, in order):"
python3 - "$WORK/alerts.jsonl" "$SERVE_START" <<'PY'
import json, sys
for a in map(json.loads, filter(str.strip, open(sys.argv[1]))):
    print(f"    +{a['receivedAt'] - float(sys.argv[2]):6.1f} s {a['status']:8} {a['alertname']} "
          f"{a['labels'].get('kind', '')} {a['annotations'].get('summary', '')}")
PY
if [ $FAILURES -eq 0 ]; then
    echo "PASS: alerts end to end ($(elapsed) s)"
else
    echo "FAIL: alerts end to end, $FAILURES failure(s) ($(elapsed) s)"
    exit 1
fi
