#!/usr/bin/env bash
# perfgate bisect, measured: does it name the commit that slowed the service, and at what cost?
#
# Usage: [SCRATCH=/tmp/perfgate-bisect-scratch] [PERFGATE=path] [POSITION=9] [COMMITS=16]
#        [SCENARIO=balanced/steady METRIC=cpu_percent ARGS="--suite FILE ..."] Benchmarks/bisect/run.sh OUT_DIR [RUNS=10]
#
# Makes a scratch clone of this repository in $SCRATCH (never this checkout's history) with a
# branch of $COMMITS commits on top of this checkout's HEAD. Every commit appends a line to a
# notes file; commit $POSITION also makes the service do 10% more CPU work per message
# (StreamService's cost model: transformPasses 100 → 110, messageIterations 2000 → 2200,
# backendIterations 120000 → 132000, as Benchmarks/gate-quality/scratch-a.patch). Then it runs
#   perfgate bisect --good <base> --bad <tip> --scenario $SCENARIO --metric $METRIC $ARGS
# (by default balanced/steady's cpu_percent with Benchmarks/bisect/suite.json: the service's CPU
# at a fixed 800 req/s, 8 pairs a step and up to 4 more, a 5% threshold) RUNS times in the clone, one after another, and tallies how many named commit $POSITION, with
# builds, pairs and wall time per run. The first run starts with no .perfgate/ab in the clone, so
# it pays for every build; later runs reuse the cached builds (a commit is built once).
#
# The driver is $PERFGATE for the first run (default: this checkout's release or debug build; it
# only orchestrates: every measured round runs in an arm's own release build), then the clone's
# cached release build of the base commit, which has bisect. Each run's report is OUT_DIR/run-<i>.json,
# its progress run-<i>.err; OUT_DIR/summary.tsv has one line per run.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:?usage: run.sh OUT_DIR [RUNS]}
runs=${2:-10}
scratch=${SCRATCH:-/tmp/perfgate-bisect-scratch}
position=${POSITION:-9}
count=${COMMITS:-16}
scenario=${SCENARIO:-balanced/steady}
metric=${METRIC:-cpu_percent}
args=${ARGS:---suite $here/Benchmarks/bisect/suite.json}
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "${PERFGATE:-}" ]; then
    PERFGATE=$here/.build/release/perfgate
    [ -x "$PERFGATE" ] || PERFGATE=$here/.build/debug/perfgate
fi
# A copy, so that rebuilding this checkout does not change the driver under a run.
cp "$PERFGATE" "$out/perfgate-driver" || exit 1
driver=$out/perfgate-driver

if [ ! -d "$scratch/.git" ]; then
    base=$(git -C "$here" rev-parse HEAD)
    git clone -q --no-hardlinks "$here" "$scratch" || exit 1
    cd "$scratch" || exit 1
    git checkout -q -b bisect-scratch "$base"
    git config user.name "perfgate bisect benchmark"
    git config user.email "bisect@example.invalid"
    for i in $(seq 1 "$count"); do
        echo "scratch commit $i" >> Benchmarks/bisect/scratch-notes.txt
        subject="scratch $i: a note"
        if [ "$i" -eq "$position" ]; then
            sed -i -e 's/transformPasses: 100,/transformPasses: 110,/' \
                -e 's/messageIterations: 2_000,/messageIterations: 2_200,/' \
                -e 's/backendIterations: 120_000,/backendIterations: 132_000,/' \
                Sources/StreamService/Service/Cost/ServiceCostModel.swift
            git diff --quiet Sources/StreamService && { echo "run.sh: the cost model did not change" >&2; exit 1; }
            subject="scratch $i: the service does 10% more CPU work per message"
        fi
        git add -A && git commit -q -m "$subject"
    done
fi
cd "$scratch" || exit 1
good=$(git rev-parse "bisect-scratch~$count")
bad=$(git rev-parse bisect-scratch)
expected=$(git rev-parse "bisect-scratch~$((count - position))")
echo "good $good, bad $bad, expected $expected ($(git log -1 --format=%s "$expected"))" | tee "$out/setup.txt"

log=$out/summary.tsv
[ -f "$log" ] || printf 'run\texit\tfound\tcorrect\tbuilds\tcached\tpairs\twarmup\tsteps\tseconds\tstart\n' > "$log"
first=$(($(wc -l < "$log")))
for i in $(seq "$first" "$runs"); do
    cached=".perfgate/ab/builds/$good/perfgate"
    [ "$i" -gt 1 ] && [ -x "$cached" ] && driver=$cached
    start=$(date +%T)
    # shellcheck disable=SC2086
    timeout 3600 "$driver" bisect --good "$good" --bad "$bad" --scenario "$scenario" \
        --metric "$metric" $args --format json > "$out/run-$i.json" 2> "$out/run-$i.err"
    status=$?
    found=$(jq -r '.firstBad.id // "none"' "$out/run-$i.json" 2>/dev/null || echo none)
    correct=$([ "$found" = "$expected" ] && echo yes || echo no)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$status" "${found:0:7}" "$correct" \
        "$(jq -r .builds "$out/run-$i.json" 2>/dev/null)" "$(jq -r .cachedBuilds "$out/run-$i.json" 2>/dev/null)" \
        "$(jq -r .pairs "$out/run-$i.json" 2>/dev/null)" "$(jq -r .warmupPairs "$out/run-$i.json" 2>/dev/null)" \
        "$(jq -r '.steps | length' "$out/run-$i.json" 2>/dev/null)" \
        "$(jq -r .seconds "$out/run-$i.json" 2>/dev/null)" "$start" >> "$log"
done
column -t "$log"
awk -F'\t' 'NR > 1 { n++; if ($4 == "yes") ok++ } END { printf "named the right commit in %d of %d runs\n", ok, n }' "$log"
