#!/usr/bin/env bash
# Checks `perfgate serve` against a real Prometheus, promtool and wrk, all on 127.0.0.1.
#
# Usage: ci/prometheus-integration.sh PATH/TO/perfgate   (a release build: swift build -c release)
#
# 1. Gets prometheus and promtool from Debian's `prometheus` package without installing the
#    service (apt-get download + dpkg-deb -x into a cache dir; PERFGATE_PROMETHEUS_CACHE moves it).
# 2. Starts `perfgate serve --rate 2000 --duration 40` on a free port, and Prometheus scraping it
#    every second.
# 3. After ~15 s: up{job="perfgate"} == 1; Prometheus's P95 from the histogram buckets lies in the
#    same or an adjacent bucket as perfgate's own /summary P95 over the same 10 s window;
#    `promtool check metrics` on a live scrape prints nothing.
# 4. Measures the scrape latency of /metrics (1000 sequential requests on one connection), then
#    runs wrk against /metrics for 10 s with 16 connections: no socket errors, no non-2xx; and the
#    workload's throughput and P95 before vs during wrk, from /history.
# 5. Stops perfgate with SIGINT: it must drain, print its final summary and exit 0.
# Everything is killed on exit. Prints PASS/FAIL lines and a report; exits 1 on any failure.
set -uo pipefail

PERFGATE=${1:?usage: ci/prometheus-integration.sh PATH/TO/perfgate}
[ -x "$PERFGATE" ] || { echo "FAIL: '$PERFGATE' is not an executable perfgate binary"; exit 1; }
CACHE=${PERFGATE_PROMETHEUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/perfgate-prometheus}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/perfgate-prom.XXXXXX")
PIDS=()
FAILURES=0
SCRIPT_START=$(date +%s)

cleanup() {
    # KILL: Prometheus's orderly shutdown flushes a TSDB that is deleted next anyway.
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
info() { echo "  $*"; }

# ---------------------------------------------------------------- tools
PROMETHEUS=$CACHE/root/usr/bin/prometheus
PROMTOOL=$CACHE/root/usr/bin/promtool
if [ ! -x "$PROMETHEUS" ] || [ ! -x "$PROMTOOL" ]; then
    mkdir -p "$CACHE"
    (cd "$CACHE" && { apt-get download prometheus >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && apt-get download prometheus >/dev/null 2>&1; }; })
    DEB=$(ls -t "$CACHE"/prometheus_*.deb 2>/dev/null | head -1)
    [ -n "$DEB" ] || { echo "FAIL: could not download Debian's prometheus package"; exit 1; }
    rm -rf "$CACHE/root" && dpkg-deb -x "$DEB" "$CACHE/root"
fi
[ -x "$PROMETHEUS" ] && [ -x "$PROMTOOL" ] || { echo "FAIL: prometheus/promtool missing under $CACHE/root"; exit 1; }
if ! command -v wrk >/dev/null; then
    apt-get install -y -qq wrk >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; }
fi
command -v wrk >/dev/null || { echo "FAIL: wrk is missing and could not be installed"; exit 1; }
echo "tools: $("$PROMETHEUS" --version 2>&1 | head -1); $(wrk --version 2>&1 | head -1)"

# ---------------------------------------------------------------- perfgate serve
"$PERFGATE" serve --rate 2000 --duration 40 --port 0 --log "$WORK/perfgate.jsonl" \
    >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE_PID=$!
PIDS+=("$SERVE_PID")
SERVE_START=$(date +%s)
if ! wait_for 15 grep -q "listening on http://" "$WORK/serve.err"; then
    fail "perfgate serve did not start listening:"
    cat "$WORK/serve.err"
    exit 1
fi
ADDRESS=$(grep -o 'http://[^ ]*' "$WORK/serve.err" | head -1)
PORT=${ADDRESS##*:}
pass "perfgate serve listens on $ADDRESS"

# ---------------------------------------------------------------- prometheus
PROM_PORT=$(free_port)
cat >"$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: perfgate
    static_configs:
      - targets: ['127.0.0.1:$PORT']
YAML
"$PROMETHEUS" --config.file "$WORK/prometheus.yml" --storage.tsdb.path "$WORK/tsdb" \
    --web.listen-address "127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
PIDS+=("$!")
if ! wait_for 20 curl -sf --max-time 2 "http://127.0.0.1:$PROM_PORT/-/ready"; then
    fail "Prometheus did not become ready:"
    tail -20 "$WORK/prometheus.log"
    exit 1
fi
pass "Prometheus ready on 127.0.0.1:$PROM_PORT"

# Let ~15 s of load and scrapes accumulate.
sleep $((15 - ($(date +%s) - SERVE_START) > 0 ? 15 - ($(date +%s) - SERVE_START) : 0))

query() {
    curl -sf --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" \
        | python3 -c 'import json, sys
result = json.load(sys.stdin)["data"]["result"]
print(result[0]["value"][1] if result else "none")'
}

UP=$(query 'up{job="perfgate"}')
[ "$UP" = "1" ] && pass "up{job=\"perfgate\"} == 1" || fail "up{job=\"perfgate\"} is '$UP', not 1"

PROM_P95=$(query 'histogram_quantile(0.95, sum(rate(perfgate_request_duration_seconds_bucket[10s])) by (le))')
curl -sf --max-time 5 "$ADDRESS/summary" >"$WORK/summary.json"
read -r OWN_WINDOW_P95 OWN_TOTAL_P95 < <(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["current"]["latencyP95Ms"], d["summary"]["latencyP95Ms"])' "$WORK/summary.json")
BUCKETS=$(python3 - "$PROM_P95" "$OWN_WINDOW_P95" "$OWN_TOTAL_P95" <<'PY'
import sys
bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
def bucket(seconds):
    return next((i for i, b in enumerate(bounds) if seconds <= b), len(bounds))
try:
    prom = float(sys.argv[1])
except ValueError:
    print("none none none")
    sys.exit()
print(bucket(prom), bucket(float(sys.argv[2]) / 1000), bucket(float(sys.argv[3]) / 1000))
PY
)
read -r PROM_BUCKET WINDOW_BUCKET TOTAL_BUCKET <<<"$BUCKETS"
PROM_P95_MS=$(python3 -c "import sys; print(round(float(sys.argv[1]) * 1000, 3))" "$PROM_P95" 2>/dev/null || echo none)
if [ "$PROM_BUCKET" != "none" ] && [ $((PROM_BUCKET - WINDOW_BUCKET)) -le 1 ] && [ $((WINDOW_BUCKET - PROM_BUCKET)) -le 1 ]; then
    pass "P95 agrees within one bucket: Prometheus ${PROM_P95_MS} ms (bucket $PROM_BUCKET), perfgate /summary" \
        "10 s window ${OWN_WINDOW_P95} ms (bucket $WINDOW_BUCKET)"
else
    fail "P95 disagrees: Prometheus ${PROM_P95_MS} ms (bucket $PROM_BUCKET), perfgate /summary 10 s window" \
        "${OWN_WINDOW_P95} ms (bucket $WINDOW_BUCKET)"
fi
info "perfgate /summary P95 since start: ${OWN_TOTAL_P95} ms (bucket $TOTAL_BUCKET)"

curl -sf --max-time 5 "$ADDRESS/metrics" >"$WORK/scrape.prom"
PROMTOOL_OUTPUT=$("$PROMTOOL" check metrics <"$WORK/scrape.prom" 2>&1)
PROMTOOL_STATUS=$?
if [ $PROMTOOL_STATUS -eq 0 ] && [ -z "$PROMTOOL_OUTPUT" ]; then
    pass "promtool check metrics: clean ($(wc -l <"$WORK/scrape.prom") lines)"
else
    fail "promtool check metrics (exit $PROMTOOL_STATUS): $PROMTOOL_OUTPUT"
fi

# ---------------------------------------------------------------- scrape latency, sequential
SEQUENTIAL=$(python3 - "$PORT" <<'PY'
import http.client, sys, time
connection = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
latencies, deadline = [], time.monotonic() + 6
while len(latencies) < 1000 and time.monotonic() < deadline:
    start = time.perf_counter()
    connection.request("GET", "/metrics")
    response = connection.getresponse()
    response.read()
    latencies.append((time.perf_counter() - start) * 1000)
    if response.status != 200:
        print("status", response.status)
        sys.exit(1)
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print(len(latencies), round(pick(0.50), 3), round(pick(0.99), 3), round(latencies[-1], 3))
PY
)
read -r SEQ_COUNT SEQ_P50 SEQ_P99 SEQ_MAX <<<"$SEQUENTIAL"
if [ "${SEQ_COUNT:-0}" -gt 0 ] 2>/dev/null; then
    pass "$SEQ_COUNT sequential scrapes on one keep-alive connection: P50 $SEQ_P50 ms, P99 $SEQ_P99 ms, max $SEQ_MAX ms"
else
    fail "sequential scrapes failed: $SEQUENTIAL"
fi

# ---------------------------------------------------------------- wrk
WRK_START=$(python3 -c 'import time; print(time.time())')
wrk -t2 -c16 -d10s --timeout 2s --latency "$ADDRESS/metrics" >"$WORK/wrk.txt" 2>&1
WRK_STATUS=$?
WRK_END=$(python3 -c 'import time; print(time.time())')
WRK_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
WRK_REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
WRK_P50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
WRK_P99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
SOCKET_ERRORS=$(grep -E 'Socket errors' "$WORK/wrk.txt")
NON_2XX=$(grep -E 'Non-2xx' "$WORK/wrk.txt")
if [ $WRK_STATUS -eq 0 ] && [ -n "$WRK_REQUESTS" ] && [ -z "$SOCKET_ERRORS" ] && [ -z "$NON_2XX" ]; then
    pass "wrk 10 s, 16 connections: $WRK_REQUESTS requests, $WRK_RPS req/s, latency P50 $WRK_P50, P99 $WRK_P99;" \
        "no socket errors, no non-2xx"
else
    fail "wrk (exit $WRK_STATUS): ${SOCKET_ERRORS:-} ${NON_2XX:-}"
    cat "$WORK/wrk.txt"
fi

# The workload's throughput and P95 in the 8 s before wrk vs while wrk ran, from /history.
sleep 1.2
curl -sf --max-time 5 "$ADDRESS/history" >"$WORK/history.json"
DROP=$(python3 - "$WORK/history.json" "$WRK_START" "$WRK_END" <<'PY'
import datetime, json, sys
points = json.load(open(sys.argv[1]))["points"]
start, end = float(sys.argv[2]), float(sys.argv[3])
def at(point):
    return datetime.datetime.strptime(point["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()
before = [p for p in points if start - 8 <= at(p) < start]
during = [p for p in points if start + 1 <= at(p) <= end]
mean = lambda values: sum(values) / len(values) if values else float("nan")
rps_before, rps_during = mean([p["requestsPerSecond"] for p in before]), mean([p["requestsPerSecond"] for p in during])
p95_before, p95_during = mean([p["p95LatencyMs"] for p in before]), mean([p["p95LatencyMs"] for p in during])
drop = (rps_before - rps_during) / rps_before * 100 if rps_before else float("nan")
print(f"{rps_before:.1f} {rps_during:.1f} {drop:.2f} {p95_before:.3f} {p95_during:.3f} {len(before)} {len(during)}")
PY
)
read -r RPS_BEFORE RPS_DURING RPS_DROP P95_BEFORE P95_DURING N_BEFORE N_DURING <<<"$DROP"
info "workload during wrk: $RPS_DURING req/s vs $RPS_BEFORE before (drop $RPS_DROP %);" \
    "interval P95 $P95_DURING ms vs $P95_BEFORE ms ($N_DURING and $N_BEFORE intervals)"

# ---------------------------------------------------------------- shutdown
kill -INT "$SERVE_PID"
(sleep 15 && kill -KILL "$SERVE_PID" 2>/dev/null) &
WATCHDOG=$!
wait "$SERVE_PID"
SERVE_STATUS=$?
kill "$WATCHDOG" 2>/dev/null
if [ $SERVE_STATUS -eq 0 ] && grep -q "stopped: stop requested" "$WORK/serve.out"; then
    pass "SIGINT: perfgate drained, printed its summary and exited 0"
else
    fail "SIGINT: perfgate exited $SERVE_STATUS (137: killed after 15 s without stopping)"
    cat "$WORK/serve.out"
fi
REPORTS=$(grep -c '"type":"report"' "$WORK/perfgate.jsonl")
ANOMALIES=$(grep -c '"type":"anomaly"' "$WORK/perfgate.jsonl")

echo
echo "report ($(elapsed) s):"
info "P95 at ~15 s: Prometheus $PROM_P95_MS ms, perfgate window $OWN_WINDOW_P95 ms, since start $OWN_TOTAL_P95 ms"
info "scrape latency (sequential, $SEQ_COUNT): P50 $SEQ_P50 ms, P99 $SEQ_P99 ms, max $SEQ_MAX ms"
info "wrk /metrics: $WRK_RPS req/s, P50 $WRK_P50, P99 $WRK_P99"
info "workload: $RPS_BEFORE req/s before wrk, $RPS_DURING during (drop $RPS_DROP %);" \
    "P95 $P95_BEFORE -> $P95_DURING ms"
info "JSON lines: $REPORTS reports, $ANOMALIES anomalies"
sed 's/^/  perfgate: /' "$WORK/serve.out"
if [ $FAILURES -eq 0 ]; then
    echo "PASS: prometheus integration ($(elapsed) s)"
else
    echo "FAIL: prometheus integration, $FAILURES failure(s) ($(elapsed) s)"
    exit 1
fi
