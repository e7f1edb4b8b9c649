#!/usr/bin/env python3
"""Scores detections against Benchmarks/changepoints/generate.py's truth.

Usage: score.py TRUTH.json NAME=DETECTIONS.jsonl...

A detection within +/-3 points of a true change point is a true positive; each true change point
and each detection is matched at most once (closest pairs first). Prints, per detector: true
positives, detections, precision, recall, F1, and the false positives on the series with no
change (and on how many of them), then the same split by series with drift and with outliers.
Last, for detectors that report an "interval" of the relative change: how often it holds the true
step, over the hits in series without drift (where the true relative change is the step itself).
"""
import json
import os
import sys

TOLERANCE = 3


def matches(truth, found):
    pairs = sorted((abs(t - f), t, f) for t in truth for f in found if abs(t - f) <= TOLERANCE)
    used_t, used_f, hits = set(), set(), 0
    for _, t, f in pairs:
        if t not in used_t and f not in used_f:
            used_t.add(t)
            used_f.add(f)
            hits += 1
    return hits


def tally(truth, detections, keep=lambda s: True):
    tp = found = real = quiet_fp = quiet_hit = quiet = 0
    for series in truth:
        if not keep(series):
            continue
        points = [p["index"] for p in detections[series["file"]]["change_points"]]
        hits = matches(series["change_points"], points)
        tp += hits
        found += len(points)
        real += len(series["change_points"])
        if not series["change_points"]:
            quiet += 1
            quiet_fp += len(points)
            quiet_hit += 1 if points else 0
    precision = tp / found if found else 1.0
    recall = tp / real if real else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return dict(tp=tp, found=found, real=real, precision=precision, recall=recall, f1=f1,
                quiet_fp=quiet_fp, quiet_hit=quiet_hit, quiet=quiet)


def main():
    truth = json.load(open(sys.argv[1]))
    runs = []
    for arg in sys.argv[2:]:
        name, path = arg.split("=", 1)
        detections = {}
        for line in open(path):
            record = json.loads(line)
            detections[os.path.basename(record["file"])] = record
        runs.append((name, detections))
    subsets = [("all series", lambda s: True),
               ("with drift", lambda s: s["drift"] != 0),
               ("with outliers", lambda s: s["outliers"] > 0),
               ("clean", lambda s: s["drift"] == 0 and s["outliers"] == 0)]
    print(f"{'detector':<10} {'series':<14} {'TP':>4} {'found':>5} {'true':>4} {'precision':>9} "
          f"{'recall':>6} {'F1':>5}  {'FP on no-change series':<22}")
    for label, keep in subsets:
        for name, detections in runs:
            t = tally(truth, detections, keep)
            quiet = f"{t['quiet_fp']} in {t['quiet_hit']} of {t['quiet']}" if t["quiet"] else "-"
            print(f"{name:<10} {label:<14} {t['tp']:>4} {t['found']:>5} {t['real']:>4} {t['precision']:>9.3f} "
                  f"{t['recall']:>6.3f} {t['f1']:>5.3f}  {quiet:<22}")
    for name, detections in runs:
        held, hits = coverage(truth, detections)
        if hits:
            print(f"{name}: the 95 % interval holds the true step for {held} of {hits} hits "
                  f"({held / hits:.0%}) in series without drift")


def coverage(truth, detections):
    held = hits = 0
    for series in truth:
        if series["drift"] != 0:
            continue
        points = detections[series["file"]]["change_points"]
        for index, step in zip(series["change_points"], series["steps"]):
            near = [p for p in points if abs(p["index"] - index) <= TOLERANCE and "interval" in p]
            if near:
                lower, upper = min(near, key=lambda p: abs(p["index"] - index))["interval"]
                hits += 1
                held += 1 if lower <= step <= upper else 0
    return held, hits


if __name__ == "__main__":
    main()
