"""Tallies Benchmarks/gate-quality/run.sh output: exit codes, wall times, regressed rows, overhead half-widths.

Usage: python3 Benchmarks/gate-quality/report.py OUT_DIR [OUT_DIR …]

Runs of the same set from several directories (a batch resumed with FIRST=…) are tallied together.
Beside the exit codes it counts the runs in which a per-scenario Holm family (the rule before the
run-wide one) would have found a regression, from each report's raw p-values.
"""
import collections
import csv
import json
import sys


def holm(ps):
    order = sorted(range(len(ps)), key=lambda i: ps[i])
    adjusted, running = [1.0] * len(ps), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(ps) - rank) * ps[i]))
        adjusted[i] = running
    return adjusted


def per_scenario_regressions(report):
    gated = [c for c in report['comparisons'] if c['isGated'] and c.get('pValue') is not None]
    found = []
    for scenario in sorted({c['scenario'] for c in gated}):
        family = [c for c in gated if c['scenario'] == scenario]
        for c, p in zip(family, holm([c['pValue'] for c in family])):
            change = c.get('relativeChange') or 0
            if p <= report.get('alpha', 0.05) and change > c['practicalThreshold']:
                found.append((scenario, c['metric']))
    return found


runs = collections.defaultdict(list)
for folder in sys.argv[1:]:
    rows = csv.DictReader(open(folder + '/summary.tsv'), delimiter='\t')
    for r in rows:
        if r['set'] in ('done', 'set') or r.get('exit') is None:
            continue
        r['folder'] = folder
        runs[r['set']].append(r)
halfwidths = []
for name, rows in runs.items():
    codes = collections.Counter(r['exit'] for r in rows)
    seconds = [round(float(r['seconds'])) for r in rows]
    counterfactual = 0
    lines = []
    for r in rows:
        try:
            report = json.load(open(f"{r['folder']}/{name}-{r['i']}.json"))
        except (OSError, ValueError):
            continue
        regressed = sorted((c['scenario'], c['metric']) for c in report['comparisons'] if c['verdict'] == 'regressed')
        improved = [(c['scenario'], c['metric']) for c in report['comparisons'] if c['verdict'] == 'improved']
        counterfactual += bool(per_scenario_regressions(report))
        for t in report['targetChecks']:
            if t['target'] == 'monitorOverhead':
                halfwidths.append((name, r['i'], (t['upper'] - t['lower']) / 2, t['verdict']))
        missed = [(t['scenario'], t['target'], t['verdict']) for t in report['targetChecks'] if t['verdict'] != 'pass']
        lines.append(f"  {name}-{r['i']}: regressed {regressed}; improved {improved}; targets not pass {missed}")
    print(f"{name}: {len(rows)} runs, exits {dict(codes)}, seconds {seconds}; "
          f"a per-scenario Holm family would have found a regression in {counterfactual}")
    print('\n'.join(lines))
widths = sorted(w for _, _, w, _ in halfwidths)
if widths:
    print('overhead half-widths:', [(a, b, round(c, 2), d) for a, b, c, d in halfwidths])
    print(f"min/median/max {widths[0]:.2f} {widths[len(widths) // 2]:.2f} {widths[-1]:.2f}; "
          f"at most 1: {sum(w <= 1 for w in widths)} of {len(widths)}")
