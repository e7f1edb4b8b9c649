#!/usr/bin/env python3
"""MongoDB's signal-processing-algorithms on series files, one JSON line per file like changepoint-bench.

Usage: spa_detect.py FILE...

Uses energy_statistics.e_divisive(series) with its defaults (pvalue=0.05, permutations=100): the
original E-Divisive over the whole series with a permutation test, on a full N x N distance
matrix. Its permutations use numpy's global generator; it is seeded with 1 inside
determinism.deterministic_numpy_random, as MongoDB does, so runs repeat.
"""
import json
import sys
import time

from signal_processing_algorithms.determinism import deterministic_numpy_random
from signal_processing_algorithms.energy_statistics.energy_statistics import e_divisive


def main():
    for path in sys.argv[1:]:
        with open(path) as f:
            series = [float(line) for line in f if line.strip()]
        start = time.perf_counter()
        with deterministic_numpy_random(1):
            indices = sorted(e_divisive(series))
        seconds = time.perf_counter() - start
        points = [{"index": int(i)} for i in indices]
        print(json.dumps({"file": path, "length": len(series), "seconds": seconds, "change_points": points}))


if __name__ == "__main__":
    main()
