#!/usr/bin/env python3
"""Compare the summary.json files of two results folders (e.g. two builds' `./implreg reproduce --out A`).

Usage: scripts/compare-summaries.py OLD_DIR NEW_DIR

For each OLD_DIR/<name>/summary.json that NEW_DIR also has, compares every value bitwise (Python's float repr
round-trips float64), with object keys sorted and timings and provenance left out: the keys "provenance",
"seconds", "seconds_*" and "*_seconds" at any depth. Prints one line per reproduction (SAME, DIFF with the first
differing lines, or MISSING) and exits 1 if any differs.
"""
import difflib
import glob
import json
import os
import sys


def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items()
                if k != "provenance" and not (k == "seconds" or k.startswith("seconds_") or k.endswith("_seconds"))}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def text(path):
    with open(path, encoding="utf-8") as f:
        return json.dumps(strip(json.load(f)), indent=1, sort_keys=True, ensure_ascii=False).splitlines()


def main(old, new):
    bad = False
    for f in sorted(glob.glob(os.path.join(old, "*", "summary.json"))):
        name = os.path.basename(os.path.dirname(f))
        g = os.path.join(new, name, "summary.json")
        if not os.path.isfile(g):
            print(f"MISSING {name}")
            continue
        a, b = text(f), text(g)
        if a == b:
            print(f"SAME    {name} ({len(a)} lines)")
        else:
            bad = True
            d = list(difflib.unified_diff(a, b, "old", "new", lineterm="", n=0))
            print(f"DIFF    {name}: " + " | ".join(d[2:8]))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
