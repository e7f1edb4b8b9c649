#!/usr/bin/env python3
"""Writes a valid result file of about SIZE MB, for measuring what loading one costs.

Usage: python3 Benchmarks/hardening/big_result.py BASE.json SIZE_MB OUT.json

Takes a real result (BASE.json, e.g. baselines/quick.json) and repeats every metric's per-round
values until the file is about SIZE_MB; then `/usr/bin/time -v perfgate compare OUT.json OUT.json`
reports the peak RSS and time of loading it (twice).
"""
import json
import sys

base, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
result = json.load(open(base))
text = json.dumps(result)
factor = max(1, int(size_mb * 1e6 / len(text)))
for scenario in result["scenarios"]:
    for series in scenario["metrics"].values():
        series["values"] = series["values"] * factor
    if "roundValidity" in scenario and scenario["roundValidity"] is not None:
        scenario["roundValidity"] = scenario["roundValidity"] * factor
with open(out, "w") as f:
    json.dump(result, f, indent=2, sort_keys=True)
print(f"wrote {out}")
