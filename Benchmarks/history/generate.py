#!/usr/bin/env python3
"""Writes a synthetic history store for Benchmarks/history/run.sh (seeded, so every run is the same).

Usage: generate.py STORE_DIR [RECORDS=10000] [SEED=12]

STORE_DIR/bench.jsonl gets RECORDS records of schema version 1, each with 5 scenarios x 10 metrics
(50 measurements, 30 of them gated), medians with a 1-3% noise and a few step changes; the series
bench-2/steady latency_p95_ms rises 8% at record RECORDS * 0.7 and falls 5% at RECORDS * 0.9
(indices from 0: 7000 and 9000 for 10,000 records).
"""
import datetime
import json
import random
import sys

METRICS = [  # id, unit, better, gated, level
    ("throughput_rps", "req/s", "higher", True, 3000.0),
    ("latency_p50_ms", "ms", "lower", True, 4.0),
    ("latency_p95_ms", "ms", "lower", True, 12.0),
    ("latency_p99_ms", "ms", "lower", True, 20.0),
    ("latency_max_ms", "ms", "lower", False, 60.0),
    ("success_rate", "ratio", "higher", True, 0.999),
    ("error_rate", "ratio", "lower", False, 0.001),
    ("peak_rss_mb", "MB", "lower", True, 48.0),
    ("cpu_percent", "%", "lower", False, 80.0),
    ("worker_utilization", "ratio", "lower", False, 0.7),
]
START = datetime.datetime(2026, 1, 1)
SCENARIOS = [f"bench-{i}/steady" for i in range(5)]


def main():
    store = sys.argv[1]
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 12)
    with open(f"{store}/bench.jsonl", "w") as out:
        for index in range(records):
            scenarios = {}
            for scenario in SCENARIOS:
                metrics = {}
                for metric, unit, better, gated, level in METRICS:
                    center = level
                    if scenario == "bench-2/steady" and metric == "latency_p95_ms":
                        center *= (1.08 if index >= records * 7 // 10 else 1) * (0.95 if index >= records * 9 // 10 else 1)
                    median = center * (1 + rng.gauss(0, rng.choice([0.01, 0.02, 0.03])))
                    spread = abs(median) * 0.02
                    metrics[metric] = {
                        "better": better, "confidence": 0.9375, "gated": gated,
                        "lower": median - spread, "median": median, "rounds": 5, "unit": unit,
                        "upper": median + spread,
                    }
                scenarios[scenario] = {"metrics": metrics, "valid": True}
            record = {
                "commit": f"{rng.getrandbits(160):040x}", "dirty": False,
                "environment": {"bootID": "boot", "buildConfiguration": "release", "cpuModel": "cpu",
                                "hostname": "bench", "logicalCores": 2, "machineID": "machine"},
                "run": f"{index:016x}", "scenarios": scenarios, "schemaVersion": 1, "suite": "bench",
                "time": (START + datetime.timedelta(hours=index)).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "tool": "bench",
            }
            out.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
