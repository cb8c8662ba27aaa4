#!/usr/bin/env python3
"""Compares atlas.jsonl files of one spec run on different engines: same keys, and each record's JSON the same
once every "seconds" key (instance and solver) is dropped; prints the per-instance seconds (Σ, mean, max).
Usage: bench/atlas/compare.py DIR1 [DIR2 ...]   (exit 1 when a record differs)"""
import json, sys

def strip(o):
    if isinstance(o, dict): return {k: strip(v) for k, v in o.items() if k != 'seconds'}
    if isinstance(o, list): return [strip(v) for v in o]
    return o

def load(d):
    with open(d + '/atlas.jsonl') as f:
        return {r['key']: r for r in map(json.loads, f)}

runs = [load(d) for d in sys.argv[1:]]
bad = 0
for d, run in zip(sys.argv[1:], runs):
    secs = [r['seconds'] for r in run.values()]
    diff = sorted(set(runs[0]) ^ set(run)) + [k for k in runs[0] if k in run
            and json.dumps(strip(runs[0][k]), sort_keys=True) != json.dumps(strip(run[k]), sort_keys=True)]
    bad += len(diff)
    print(f"{d}: {len(run)} records, seconds Σ {sum(secs):.1f}, mean {sum(secs) / len(secs):.3f}, max {max(secs):.2f};"
          f" differing from {sys.argv[1]}: {len(diff)} {diff[:5]}")
sys.exit(1 if bad else 0)
