#!/usr/bin/env python3
"""Synthetic performance histories with known change points, for Benchmarks/changepoints/run.sh.

Usage: generate.py OUT_DIR [--seed N] [--count 100] [--length N]

Writes OUT_DIR/series-NNN.txt (one value a line, oldest first) and OUT_DIR/truth.json:
[{"file": "series-000.txt", "length": n, "change_points": [i, ...], "cv": c, "steps": [r, ...],
  "outliers": k, "drift": d}, ...], where each change point is the index of the first value of the
new level. Everything comes from one random.Random(seed), so a seed always gives the same files.

Each series (the issue's recipe): 200-1000 points; a base level in [10, 1000); Gaussian noise
with a CV of 1-5 % of the current level; 0-4 steps, each multiplying the level by 1 +/- (2-20 %),
at least 25 points from each other and from the ends; in 30 % of the series 0.5-2 % of the points
are outliers (the value times 1.5-3, as a GC pause or a noisy neighbour does); in 25 % a slow linear
drift of +/- (2-6 %) over the whole series, which is not a change point. --length fixes the length
(the speed run uses one series of 10,000 points).
"""
import argparse
import json
import os
import random


def make_series(rng, length=None):
    n = length or rng.randint(200, 1000)
    base = rng.uniform(10, 1000)
    cv = rng.uniform(0.01, 0.05)
    steps = rng.randint(0, 4) if length is None else max(4, n // 500)
    gap = 25
    positions = []
    while len(positions) < steps:
        candidate = rng.randint(gap, n - gap)
        if all(abs(candidate - p) >= gap for p in positions):
            positions.append(candidate)
    positions.sort()
    factors = [1 + rng.choice((-1, 1)) * rng.uniform(0.02, 0.20) for _ in positions]
    has_outliers = rng.random() < 0.30
    has_drift = rng.random() < 0.25
    drift = rng.choice((-1, 1)) * rng.uniform(0.02, 0.06) if has_drift else 0.0
    values = []
    level = base
    step = 0
    for i in range(n):
        while step < len(positions) and i >= positions[step]:
            level *= factors[step]
            step += 1
        mean = level * (1 + drift * i / (n - 1))
        values.append(rng.gauss(mean, cv * mean))
    outliers = 0
    if has_outliers:
        outliers = max(1, round(n * rng.uniform(0.005, 0.02)))
        for i in rng.sample(range(n), outliers):
            values[i] *= rng.uniform(1.5, 3.0)
    truth = {
        "length": n,
        "change_points": positions,
        "cv": round(cv, 4),
        "steps": [round(f - 1, 4) for f in factors],
        "outliers": outliers,
        "drift": round(drift, 4),
    }
    return values, truth


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--length", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    manifest = []
    for k in range(args.count):
        values, truth = make_series(rng, args.length)
        name = f"series-{k:03d}.txt"
        with open(os.path.join(args.out, name), "w") as f:
            f.write("".join(f"{v:.6g}\n" for v in values))
        manifest.append({"file": name, **truth})
    with open(os.path.join(args.out, "truth.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
