#!/usr/bin/env bash
# Change points, measured: PerfGate's detector against Apache Otava on the same synthetic series.
#
# Usage: Benchmarks/changepoints/run.sh [OUT_DIR]      (default .build/changepoints)
#   SEED=2      the evaluation seed of generate.py (the detector's defaults were tuned on seed 1)
#   COUNT=100   how many series
#   RUNS=3      how many times each detector runs on the 10,000-point series (the median is shown)
#   SPA=0       leaves out the second reference, MongoDB's signal-processing-algorithms
#
# 1. Installs apache-otava from PyPI into a virtual environment (OTAVA_VENV, default
#    .build/otava-venv) unless it is there, and builds changepoint-bench in release mode.
# 2. Generates COUNT series with generate.py (200-1000 points, 1-5 % CV, 0-4 steps of 2-20 %,
#    some outliers, some slow drift) and their true change points.
# 3. Runs changepoint-bench (the default ChangePointConfiguration) and otava_detect.py (Otava's
#    compute_change_points with its defaults: window_len 50, max_pvalue 0.001, min_magnitude 0)
#    on every series, and prints score.py's table: precision, recall and F1 within +/-3 points,
#    and the false positives on the series with no change. Unless SPA=0, also spa_detect.py
#    (signal-processing-algorithms' e_divisive with its defaults: pvalue 0.05, 100 permutations),
#    installed into SPA_VENV (default .build/spa-venv) with --no-deps and the dependencies it
#    imports, because the gevent version it pins does not build on current Python. It is left
#    out of the speed run: its full distance matrix for 10,000 points alone is 800 MB.
# 4. Times both on one 10,000-point series (generate.py --seed 3 --length 10000) under
#    /usr/bin/time -v: the detection alone, the whole process, and the peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/changepoints
out=${1:-.build/changepoints}
seed=${SEED:-2}
count=${COUNT:-100}
runs=${RUNS:-3}
venv=${OTAVA_VENV:-.build/otava-venv}
mkdir -p "$out"

if ! "$venv/bin/python" -c "import otava.analysis" 2>/dev/null; then
    echo "Installing apache-otava into $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet apache-otava
fi
spa_venv=${SPA_VENV:-.build/spa-venv}
if [ "${SPA:-1}" != 0 ] && ! "$spa_venv/bin/python" -c "import signal_processing_algorithms" 2>/dev/null; then
    echo "Installing signal-processing-algorithms into $spa_venv ..." >&2
    python3 -m venv "$spa_venv"
    "$spa_venv/bin/pip" install --quiet "numpy<2" scipy structlog "more-itertools<9"
    "$spa_venv/bin/pip" install --quiet --no-deps signal-processing-algorithms
fi
otava_version=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('apache-otava'))")
swift build -c release --product changepoint-bench >&2
bench=.build/release/changepoint-bench

python3 "$here/generate.py" "$out/series" --seed "$seed" --count "$count"
"$bench" "$out"/series/series-*.txt > "$out/perfgate.jsonl"
"$venv/bin/python" "$here/otava_detect.py" "$out"/series/series-*.txt > "$out/otava.jsonl"
detectors=(perfgate="$out/perfgate.jsonl" otava="$out/otava.jsonl")
if [ "${SPA:-1}" != 0 ]; then
    "$spa_venv/bin/python" "$here/spa_detect.py" "$out"/series/series-*.txt > "$out/spa.jsonl"
    detectors+=(spa="$out/spa.jsonl")
fi
echo "Accuracy: $count series, generate.py --seed $seed; a hit is within +/-3 points"
echo "(perfgate: ChangePointConfiguration.default; otava: apache-otava $otava_version, compute_change_points defaults;"
echo " spa: signal-processing-algorithms e_divisive defaults)"
python3 "$here/score.py" "$out/series/truth.json" "${detectors[@]}"

python3 "$here/generate.py" "$out/speed" --seed 3 --count 1 --length 10000
series=$out/speed/series-000.txt
truth=$(python3 -c "import json; print(len(json.load(open('$out/speed/truth.json'))[0]['change_points']))")
: > "$out/speed.tsv"
for ((i = 1; i <= runs; i++)); do
    for name in perfgate otava; do
        if [ "$name" = perfgate ]; then
            command=("$bench" "$series")
        else
            command=("$venv/bin/python" "$here/otava_detect.py" "$series")
        fi
        /usr/bin/time -v "${command[@]}" > "$out/speed-$name.json" 2> "$out/speed-$name.time"
        python3 - "$name" "$out/speed-$name.json" "$out/speed-$name.time" >> "$out/speed.tsv" <<'PY'
import json, re, sys
name, result, timing = sys.argv[1:]
record = json.loads(open(result).read())
text = open(timing).read()
def field(label):
    return re.search(re.escape(label) + r":\s*(.+)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
seconds = sum(float(part) * 60 ** k for k, part in enumerate(reversed(wall)))
print(name, record["seconds"], seconds, float(field("User time (seconds)")),
      int(field("Maximum resident set size (kbytes)")) / 1024, len(record["change_points"]), sep="\t")
PY
    done
done
echo
echo "Speed: one series of 10,000 points with $truth steps (generate.py --seed 3 --length 10000), median of $runs runs"
python3 - "$out/speed.tsv" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.split("\t")
    rows.setdefault(name, []).append([float(v) for v in values])
print(f"{'detector':<10} {'detection s':>11} {'process wall s':>14} {'process CPU s':>13} {'peak RSS MB':>11} {'found':>5}")
for name, runs in rows.items():
    median = [statistics.median(column) for column in zip(*runs)]
    print(f"{name:<10} {median[0]:>11.3f} {median[1]:>14.2f} {median[2]:>13.2f} {median[3]:>11.1f} {median[4]:>5.0f}")
PY
