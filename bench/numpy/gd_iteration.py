#!/usr/bin/env python3
"""NumPy baseline for one gradient-descent iteration of implreg's benchmark.

The same iteration as implreg's JMH benchmark GdIterationBenchmark (see docs/PERFORMANCE.md):
symmetric Gaussian sensing, n = 50, m = 300, d = 50,
    f(U) = ||A(U U^T) - y||^2,   grad f(U) = 4 A*(r) U,   r = A(U U^T) - y,
written the way a NumPy user would: A stored as a dense (m, n, n) stack, both contractions
as one BLAS matrix-vector product on the (m, n*n) view.

Usage: python3 bench/numpy/gd_iteration.py [--n 50] [--m 300] [--d 50] [--batch 1] [--repeat 7]
Prints microseconds per iteration (median of repeats) for a single run and, with --batch B,
for B independent runs sharing the operator stacked as a NumPy batch (per-run cost).
"""
import argparse
import json
import time

import numpy as np


def make_problem(n, m, d, seed=0):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((m, n, n))
    A = (g + g.transpose(0, 2, 1)) / (2.0 * np.sqrt(m))
    w = rng.standard_normal((n, 2))
    xs = w @ w.T
    xs /= np.linalg.norm(xs)
    y = A.reshape(m, -1) @ xs.ravel()
    u = rng.standard_normal((n, d))
    u *= 1e-4 / np.linalg.norm(u)
    return A, y, u


def gd_iteration(A2, y, U, eta):
    X = U @ U.T
    r = A2 @ X.ravel() - y
    S = (r @ A2).reshape(U.shape[0], U.shape[0])
    U -= eta * 4.0 * (S @ U)
    return U


def gd_iteration_batched(A2, y, Us, eta):
    # Us: (B, n, d). Stacks the B vectorised X's so both contractions become matrix-matrix products.
    B, n, _ = Us.shape
    Xs = np.matmul(Us, Us.transpose(0, 2, 1)).reshape(B, n * n)
    R = Xs @ A2.T - y            # (B, m)
    S = (R @ A2).reshape(B, n, n)
    Us -= eta * 4.0 * np.matmul(S, Us)
    return Us


def time_it(fn, iters, repeat):
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(iters):
            fn()
        samples.append((time.perf_counter() - t0) / iters)
    samples.sort()
    return samples[len(samples) // 2]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--m", type=int, default=300)
    p.add_argument("--d", type=int, default=50)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--iters", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=7)
    a = p.parse_args()
    A, y, U = make_problem(a.n, a.m, a.d)
    A2 = A.reshape(a.m, -1)
    eta = 1e-3
    single = time_it(lambda: gd_iteration(A2, y, U, eta), a.iters, a.repeat)
    Us = np.repeat(U[None], a.batch, axis=0)
    batched = time_it(lambda: gd_iteration_batched(A2, y, Us, eta), max(1, a.iters // a.batch), a.repeat)
    print(json.dumps({
        "numpy": np.__version__, "n": a.n, "m": a.m, "d": a.d,
        "single_us_per_iter": round(single * 1e6, 2),
        "batch": a.batch,
        "batched_us_per_run_iter": round(batched / a.batch * 1e6, 2),
    }))


if __name__ == "__main__":
    main()
