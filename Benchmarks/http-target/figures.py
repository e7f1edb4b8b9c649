#!/usr/bin/env python3
"""Reads one tool's output for Benchmarks/http-target/run.sh and prints its figures as shell
assignments (name=value, one a line), for `eval`. Missing figures are printed as "n/a".

Usage: figures.py drive FILE.json | figures.py wrk FILE.txt | figures.py locust PREFIX_stats.csv
"""
import csv
import json
import re
import sys


def number(value, digits=2):
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}"


def drive(path):
    try:
        with open(path) as handle:
            report = json.load(handle)
    except (OSError, ValueError):
        # Every figure n/a, so that nothing from the previous run's output is read as this one's.
        print("parsed=0")
        print("valid=0")
        for key in ("p50", "p95", "p99", "max", "lag", "rps", "steal", "success", "sent", "completed"):
            print(f"{key}=n/a")
        print("dropped=0")
        print("failures='no JSON output'")
        return
    metrics = report.get("metrics", {})
    requests = report.get("requests", {})
    failures = requests.get("failuresByKind", {}) or {}
    print("parsed=1")
    print(f"valid={1 if report.get('valid') else 0}")
    for key, name in [("p50", "latency_p50_ms"), ("p95", "latency_p95_ms"), ("p99", "latency_p99_ms"),
                      ("max", "latency_max_ms"), ("lag", "schedule_lag_p99_ms"), ("rps", "throughput_rps"),
                      ("steal", "cpu_steal_percent")]:
        print(f"{key}={number(metrics.get(name), 3)}")
    print(f"success={number(metrics.get('success_rate'), 6)}")
    print(f"dropped={failures.get('dropped', 0)}")
    print("failures='" + ",".join(f"{k}:{v}" for k, v in sorted(failures.items())) + "'")
    print(f"sent={requests.get('sent', 'n/a')}")
    print(f"completed={requests.get('completed', 'n/a')}")


def milliseconds(text):
    match = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if not match:
        return None
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}[match.group(2)]
    return float(match.group(1)) * scale


def wrk(path):
    try:
        text = open(path).read()
    except OSError:
        print("parsed=0")
        return
    rps = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    print(f"parsed={1 if rps else 0}")
    print(f"rps={number(float(rps.group(1)) if rps else None, 0)}")
    latency = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", text, re.M)
    print(f"max={number(milliseconds(latency.group(3)) if latency else None, 3)}")
    for percent in (50, 75, 90, 99):
        found = re.search(rf"^\s+{percent}%\s+(\S+)", text, re.M)
        print(f"p{percent}={number(milliseconds(found.group(1)) if found else None, 3)}")
    requests = re.search(r"(\d+) requests in", text)
    print(f"requests={requests.group(1) if requests else 'n/a'}")


def locust(path):
    try:
        with open(path, newline="") as handle:
            rows = [row for row in csv.DictReader(handle) if row.get("Name") == "Aggregated"]
    except OSError:
        rows = []
    print(f"parsed={1 if rows else 0}")
    print(f"rps={number(float(rows[0]['Requests/s']) if rows else None, 0)}")
    print(f"failures={rows[0]['Failure Count'] if rows else 'n/a'}")
    print(f"requests={rows[0]['Request Count'] if rows else 'n/a'}")
    for key, column in [("p50", "50%"), ("p90", "90%"), ("p99", "99%"), ("max", "Max Response Time")]:
        value = rows[0].get(column) if rows else None
        print(f"{key}={number(float(value), 3) if value not in (None, '', 'N/A') else 'n/a'}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("drive", "wrk", "locust"):
        sys.exit(__doc__)
    {"drive": drive, "wrk": wrk, "locust": locust}[sys.argv[1]](sys.argv[2])
