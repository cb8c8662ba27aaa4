#!/usr/bin/env python3
"""NumPy/SciPy-sparse baseline for implreg's MovieLens GD (issue 7): the same iteration as
AsymmetricGradientDescent on f(U, V) = sum_Omega ((U V^T)_ij - M_ij)^2 with sparse kernels.

One iteration = residual r = <U_i, V_j> - M_ij on Omega (row-wise dots of gathered rows, in chunks so
no |Omega| x d temporary is formed), then grad_U = 2 R V and grad_V = 2 R^T U with R a scipy.sparse
CSR/CSC matrix (SciPy's sparse x dense kernels), then the fixed-step update.

  OPENBLAS_NUM_THREADS=1 python3 bench/numpy/movielens_gd.py --iterations 20          # time per iteration
  python3 bench/numpy/movielens_gd.py --run --step 5e-4 --tol 1e-2                      # whole run

Prints seconds per iteration and GFLOP/s counted like implreg (6 |Omega| d flops per residual + gradient).
"""
import argparse
import time

import numpy as np
import scipy.sparse as sp


def load(path):
    a = np.loadtxt(path, dtype=np.int64, usecols=(0, 1, 2))
    return a[:, 0] - 1, a[:, 1] - 1, a[:, 2].astype(np.float64)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--train", default="../shared/data/ml-100k/ua.base")
    p.add_argument("--test", default="../shared/data/ml-100k/ua.test")
    p.add_argument("--n1", type=int, default=943)
    p.add_argument("--n2", type=int, default=1682)
    p.add_argument("--d", type=int, default=943)
    p.add_argument("--iterations", type=int, default=20)
    p.add_argument("--run", action="store_true", help="run to the training error tolerance instead")
    p.add_argument("--step", type=float, default=5e-4)
    p.add_argument("--init", type=float, default=1e-3, help="||U0||_F = ||V0||_F")
    p.add_argument("--tol", type=float, default=1e-2)
    p.add_argument("--max-iterations", type=int, default=100000)
    p.add_argument("--chunk", type=int, default=4096)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()

    rows, cols, vals = load(a.train)
    order = np.lexsort((cols, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    m = len(vals)
    rng = np.random.default_rng(a.seed)
    u = rng.standard_normal((a.n1, a.d))
    v = rng.standard_normal((a.n2, a.d))
    u *= a.init / np.linalg.norm(u)
    v *= a.init / np.linalg.norm(v)
    ynorm = np.linalg.norm(vals)
    r = np.empty(m)
    pattern = sp.csr_matrix((np.ones(m), (rows, cols)), shape=(a.n1, a.n2))
    pattern.sort_indices()

    def residual(u, v):
        for s in range(0, m, a.chunk):
            e = min(m, s + a.chunk)
            r[s:e] = np.einsum("ij,ij->i", u[rows[s:e]], v[cols[s:e]]) - vals[s:e]
        return float(r @ r)

    def gradient(u, v):
        big_r = sp.csr_matrix((2 * r, pattern.indices, pattern.indptr), shape=(a.n1, a.n2))
        return big_r @ v, big_r.T @ u

    flops = 6.0 * m * a.d
    loss = residual(u, v)
    if not a.run:
        times = []
        for _ in range(a.iterations):
            t0 = time.perf_counter()
            gu, gv = gradient(u, v)
            u -= a.step * gu
            v -= a.step * gv
            loss = residual(u, v)
            times.append(time.perf_counter() - t0)
        t = np.median(times[1:]) if len(times) > 1 else times[0]
        print(f"numpy/scipy-sparse: |Omega| = {m}, d = {a.d}: {t * 1e3:.1f} ms per iteration (median of "
              f"{len(times) - 1}), {flops / t / 1e9:.2f} GFLOP/s; loss {loss:.6g}")
        return
    t0 = time.perf_counter()
    k = 0
    while np.sqrt(loss) / ynorm > a.tol and k < a.max_iterations and np.isfinite(loss):
        gu, gv = gradient(u, v)
        u -= a.step * gu
        v -= a.step * gv
        loss = residual(u, v)
        k += 1
        if k % 100 == 0:
            print(f"  step {k}: train error {np.sqrt(loss) / ynorm:.4e}  ({time.perf_counter() - t0:.0f} s)", flush=True)
    sec = time.perf_counter() - t0
    tr, tc, tv = load(a.test)
    pred = np.einsum("ij,ij->i", u[tr], v[tc])
    print(f"numpy/scipy-sparse run: {k} steps, {sec:.1f} s ({sec / max(k, 1) * 1e3:.1f} ms/step), train error "
          f"{np.sqrt(loss) / ynorm:.4e}, test error {np.linalg.norm(pred - tv) / np.linalg.norm(tv):.4f}")


if __name__ == "__main__":
    main()
