#!/usr/bin/env python3
"""Apache Otava on series files, printing one JSON line per file like changepoint-bench.

Usage: otava_detect.py FILE...

Uses Otava's Python API with its defaults: otava.analysis.compute_change_points(series), which is
window_len=50, max_pvalue=0.001, min_magnitude=0.0 (the same as otava.series.AnalysisOptions(), the
defaults of `otava analyze`): windowed E-Divisive candidates, then a Student's t-test merge step.
"seconds" times the call only (not the import of numpy/scipy or the file read).
"""
import json
import sys
import time

from otava.analysis import compute_change_points


def main():
    for path in sys.argv[1:]:
        with open(path) as f:
            series = [float(line) for line in f if line.strip()]
        start = time.perf_counter()
        change_points, _ = compute_change_points(series)
        seconds = time.perf_counter() - start
        points = [{"index": int(cp.index), "p_value": float(cp.stats.pvalue),
                   "relative_change": float(cp.stats.forward_rel_change())} for cp in change_points]
        print(json.dumps({"file": path, "length": len(series), "seconds": seconds, "change_points": points}))


if __name__ == "__main__":
    main()
