#!/usr/bin/env python3
"""Loads .npy/.npz files written by implreg with NumPy and prints a JSON summary of each.

Used by implreg's interop test: python3 scripts/npy_check.py FILE...
For .npy: {"shape": [...], "dtype": "...", "sum": s, "first": v}; for .npz a dict of those per key.
"""
import json
import sys

import numpy as np


def describe(a):
    a = np.asarray(a)
    if a.dtype.kind == "U":
        return {"shape": list(a.shape), "dtype": a.dtype.str, "text": str(a)}
    return {"shape": list(a.shape), "dtype": a.dtype.str, "sum": float(np.sum(a, dtype=np.float64)),
            "first": float(a.ravel()[0]) if a.size else None}


out = {}
for f in sys.argv[1:]:
    if f.endswith(".npz"):
        with np.load(f, allow_pickle=False) as z:
            out[f] = {k: describe(z[k]) for k in z.files}
    else:
        out[f] = describe(np.load(f, allow_pickle=False))
print(json.dumps(out))
