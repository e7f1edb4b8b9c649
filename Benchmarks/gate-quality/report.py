"""Tallies Benchmarks/gate-quality/run.sh output: exit codes, wall times, regressed rows, overhead half-widths.

Usage: python3 Benchmarks/gate-quality/report.py OUT_DIR
"""
import collections
import csv
import json
import statistics as st
import sys
rows=[r for r in csv.DictReader(open(sys.argv[1] + '/summary.tsv'), delimiter='\t') if r['set'] != 'done']
by=collections.defaultdict(list)
for r in rows: by[r['set']].append(r)
for k,v in by.items():
    codes=collections.Counter(r['exit'] for r in v)
    secs=[float(r['seconds']) for r in v]
    print(f"{k}: {len(v)} runs, exits {dict(codes)}, seconds {[round(x) for x in secs]}")
hw=[]
for s in by:
    for r in by[s]:
        f=f"{sys.argv[1]}/{s}-{r['i']}.json"
        try: rep=json.load(open(f))
        except Exception: continue
        reg=collections.Counter((c['scenario'],c['metric']) for c in rep['comparisons'] if c['verdict']=='regressed')
        imp=[(c['scenario'],c['metric']) for c in rep['comparisons'] if c['verdict']=='improved']
        tcs=[t for t in rep['targetChecks'] if t['target']=='monitorOverhead']
        for t in tcs:
            hw.append((s,r['i'],(t['upper']-t['lower'])/2, t['verdict']))
        risk=[(t['scenario'],t['target'],t['verdict']) for t in rep['targetChecks'] if t['verdict']!='pass']
        print(f"  {s}-{r['i']}: regressed {sorted(reg)}; improved {imp}; targets not pass {risk}")
print('overhead half-widths:', [(a,b,round(c,2),d) for a,b,c,d in hw])
if hw:
    v=[c for _,_,c,_ in hw]; print('min/median/max', round(min(v),2), round(st.median(v),2), round(max(v),2))
