#!/usr/bin/env bash
# The gate's quality, measured: A/A and power of the paired quick-suite check, round-robin.
#
# Usage: [SETS="aa-check power-a"] [FIRST=8 KEEP_BUILDS=1] Benchmarks/gate-quality/run.sh OUT_DIR [ROUNDS=10]
#
# Each round runs, one after another on an otherwise quiet machine:
#   aa-check   perfgate check --suite quick           (against baselines/quick.json's commit)
#   aa-ab-hog  perfgate ab --base HEAD --suite quick  (a CPU hog on core 1 at 50% duty throughout)
#   power-a/b/c  perfgate ab --base main --head scratch-{a,b,c} --suite quick
# The scratch branches are made from main and the patches beside this script (10% more CPU per
# message in the service; 60 µs more per request in the load generator; recordRequest 10× slower),
# unless they exist. SETS picks some of the five (all by default). Each report is kept as
# OUT_DIR/<set>-<i>.json, and both arms' results, with every pair's values, as
# <set>-<i>.base.json and .head.json; summary.tsv has exit codes and seconds;
# `python3 Benchmarks/gate-quality/report.py OUT_DIR…` tallies them. The first round starts with
# no .perfgate/ab, so its check is the cold-build wall time. FIRST=N resumes an interrupted batch
# at round N, appending to summary.tsv; KEEP_BUILDS=1 keeps the cached builds.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: run.sh OUT_DIR [ROUNDS]}
rounds=${2:-10}
here=Benchmarks/gate-quality
mkdir -p "$out"
for x in a b c; do
    if ! git rev-parse --verify -q "scratch-$x" >/dev/null; then
        tree=$(mktemp -d)
        git worktree add -q --detach "$tree" main
        (cd "$tree" && git am -q "$OLDPWD/$here/scratch-$x.patch" && git branch "scratch-$x" HEAD)
        git worktree remove --force "$tree"
    fi
done
swift build -c release --product perfgate >/dev/null
perfgate=.build/release/perfgate
[ -n "${KEEP_BUILDS:-}" ] || rm -rf .perfgate/ab
log=$out/summary.tsv
first=${FIRST:-1}
[ "$first" -gt 1 ] && [ -f "$log" ] && sed -i '/^done$/d' "$log" || printf 'set\ti\texit\tseconds\tstart\n' > "$log"
one() {
    local name=$1 i=$2; shift 2
    local start end status
    start=$(date +%s.%N)
    "$@" --format json > "$out/$name-$i.json" 2> "$out/$name-$i.err"
    status=$?
    end=$(date +%s.%N)
    cp .perfgate/ab/base.json "$out/$name-$i.base.json" 2>/dev/null
    cp .perfgate/ab/head.json "$out/$name-$i.head.json" 2>/dev/null
    printf '%s\t%s\t%s\t%.1f\t%s\n' "$name" "$i" "$status" "$(echo "$end - $start" | bc)" \
        "$(date -d "@${start%.*}" +%T)" >> "$log"
}
sets=${SETS:-aa-check aa-ab-hog power-a power-b power-c}
for i in $(seq "$first" "$rounds"); do
    for set in $sets; do
        case $set in
        aa-check) one aa-check "$i" $perfgate check --suite quick ;;
        aa-ab-hog)
            taskset -c 1 python3 "$here/hog.py" & hog=$!
            one aa-ab-hog "$i" $perfgate ab --base HEAD --suite quick
            kill $hog; wait $hog 2>/dev/null ;;
        power-[abc]) one "$set" "$i" $perfgate ab --base main --head "scratch-${set#power-}" --suite quick ;;
        *) echo "run.sh: unknown set '$set' in SETS (use aa-check, aa-ab-hog, power-a, power-b, power-c)" >&2; exit 64 ;;
        esac
    done
done
echo done >> "$log"
