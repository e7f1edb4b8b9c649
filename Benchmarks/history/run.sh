#!/usr/bin/env bash
# The history store and change-point detection at scale: 10,000 records x 50 metrics.
#
# Usage: Benchmarks/history/run.sh [OUT_DIR] [RECORDS=10000]
#
# Generates a seeded store (generate.py: 5 scenarios x 10 metrics a record, 30 of them gated) and
# times, with peak RSS from /usr/bin/time -v, on the release build:
#   append-0      perfgate history append into an empty store            (median of 10)
#   append-N      perfgate history append into the RECORDS-record store  (median of 10)
#   show-one      perfgate history show --scenario bench-2/steady --metric latency_p95_ms
#   show-all      perfgate history show (every series, 50 x RECORDS rows) > /dev/null
#   changes-one   perfgate history changes --scenario bench-2/steady --metric latency_p95_ms
#                 (one series of RECORDS points; goal < 2 s and < 200 MB)
#   changes-gated perfgate history changes (the 30 gated series), when ALL=1
# Prints one line per measurement: name, wall seconds, CPU seconds (user + system; the
# machine may be shared), peak RSS in MB; and the change points
# found on the one series (true steps: +8% at record index 0.7 x RECORDS, -5% at 0.9 x RECORDS).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-$(mktemp -d)}
records=${2:-10000}
mkdir -p "$out"
swift build -c release --product perfgate >/dev/null
perfgate=$PWD/.build/release/perfgate
store=$out/store
rm -rf "$store" "$out/empty"
mkdir -p "$store" "$out/empty"
python3 Benchmarks/history/generate.py "$store" "$records"
echo "store: $(wc -l < "$store/bench.jsonl") records, $(du -m "$store/bench.jsonl" | cut -f1) MB"

# A result file of suite 'bench' with a fresh startedAt per append, so none is a repeat.
result() {
    python3 - "$1" "$2" <<'PY'
import json, sys
result = json.load(open("baselines/quick.json"))
result["suite"] = "bench"
result["startedAt"] = "2027-01-01T00:00:%02d.%03dZ" % (int(sys.argv[2]) // 1000 % 60, int(sys.argv[2]) % 1000)
json.dump(result, open(sys.argv[1], "w"), indent=2, sort_keys=True)
PY
}

# measure NAME COMMAND…: wall seconds and peak RSS (MB) of one run.
measure() {
    local name=$1; shift
    /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err" || true
    local wall rss cpu
    wall=$(grep 'Elapsed (wall clock)' "$out/$name.time" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident' "$out/$name.time" | awk '{printf "%.1f", $NF/1024}')
    cpu=$(grep -E '(User|System) time' "$out/$name.time" | awk '{ sum += $NF } END { printf "%.2f", sum }')
    printf '%-14s %8.3f s wall %6s s cpu %8s MB peak RSS\n' "$name" "$wall" "$cpu" "$rss"
}

# appends NAME STORE: the median wall time of 10 appends (each with its own result file).
appends() {
    local name=$1 dir=$2 i start end
    for i in $(seq 1 10); do
        result "$out/r.json" "$RANDOM$i"
        start=$(date +%s.%N)
        "$perfgate" history append "$out/r.json" --store "$dir" > /dev/null
        end=$(date +%s.%N)
        echo "$end - $start" | bc
    done | sort -n | awk -v name="$name" '{ a[NR] = $1 } END {
        printf "%-14s %8.3f s (median of %d appends; min %.3f, max %.3f)\n", name, a[int((NR+1)/2)], NR, a[1], a[NR] }'
}

appends append-0 "$out/empty"
appends "append-$records" "$store"
measure show-one "$perfgate" history show --store "$store" --scenario bench-2/steady --metric latency_p95_ms
measure show-all "$perfgate" history show --store "$store"
measure changes-one "$perfgate" history changes --store "$store" --scenario bench-2/steady --metric latency_p95_ms
grep -E 'regression|improvement' "$out/changes-one.out" | head -5 || true
if [ -n "${ALL:-}" ]; then
    measure changes-gated "$perfgate" history changes --store "$store" --format json
fi
echo "outputs in $out"
