#!/usr/bin/env python3
"""NumPy/SciPy baseline of `implreg reproduce gunasekar2017` (the sweep of Figures 1-3).

The same runs as implreg's reproduction, written the way a NumPy user would: each run a plain loop,
runs spread over worker processes (one per core, one BLAS thread each). The problems are implreg's
own, exported as .npz by `implreg problem` (so both sides solve identical problems); the Gaussian
initializations come from NumPy's generator (same scale, different draws).

Runs (n = 50, r = 2; panels (a) low-rank m = 300, (b) decaying m = 300, (c) low-rank m = 25):
  Figures 1-2, Gaussian sensing, d in the grid, seeds 0-2:
    GD ||U0|| = 1e-4 and 1, eta = 1e-3; GD ||U0|| = 1e-4 with exact line search capped at 0.2;
    GD from the top-d factor of X_gd at eta = 1e-3 (seed 0 only)
  Figure 3, Gaussian / uniform / power-law, d = n, seeds 0-2:
    gradient-flow ODE (scipy.integrate.solve_ivp, LSODA, as the paper used SciPy's solver),
    time-ordered exponential (eps = 0.1), GD eta = 1e-3 (eps and eta times N/m on completion),
    X_gd (projected GD on X from 0)
  Stopping: training error ||A(X) - y||/||y|| <= 1e-3 (ODE 1e-5), relative change <= 1e-13, or the
  caps (1e5 GD steps, 2e4 exponential steps).
The minimum nuclear norm references are not in the baseline: SciPy has no SDP solver (a NumPy user
would call CVXPY + SCS, not installed here); implreg's certified solves are ~1 s of its total.

Usage:
  ./implreg problem ...   (done by the script: it calls ./implreg to export the 9 problems)
  OPENBLAS_NUM_THREADS=1 python3 bench/numpy/gunasekar2017_sweep.py [--full] [--workers 2] [--out DIR]
Prints the wall time and writes DIR/numpy_runs.jsonl (one line a run).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from multiprocessing import Pool

import numpy as np

N, R = 50, 2
QUICK_D = [1, 2, 5, 50]
FULL_D = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 35, 40, 45, 50]
PANELS = [("a", "low-rank", 3 * N * R), ("b", "decaying", 3 * N * R), ("c", "low-rank", N * R // 4)]
FAMILIES = ["gaussian", "uniform", "power-law"]
TOL, MAX_ITER, TOE_MAX_ITER, ETA, ELS_CAP, TOE_EPS, FLOW_TOL = 1e-3, 100_000, 20_000, 1e-3, 0.2, 0.1, 1e-5

_PROBLEMS = {}


def load(path):
    if path in _PROBLEMS:
        return _PROBLEMS[path]
    z = np.load(path)
    y = z["y"]
    if "A" in z:
        A = z["A"]
        m = A.shape[0]
        A2 = A.reshape(m, -1)
        op = ("dense", A2)
    else:
        idx = z["indices"]
        op = ("entries", idx[:, 0].copy(), idx[:, 1].copy())
    _PROBLEMS[path] = (op, y, z["X_star"] if "X_star" in z else None)
    return _PROBLEMS[path]


def apply(op, X):
    if op[0] == "dense":
        return op[1] @ X.ravel()
    return X[op[1], op[2]]


def adjoint(op, r, n):
    if op[0] == "dense":
        return (r @ op[1]).reshape(n, n)
    S = np.zeros((n, n))
    np.add.at(S, (op[1], op[2]), 0.5 * r)
    np.add.at(S, (op[2], op[1]), 0.5 * r)
    return S


def gd(op, y, U, eta, line_search):
    n = U.shape[0]
    yn = np.linalg.norm(y)
    X = U @ U.T
    r = apply(op, X) - y
    f0 = r @ r
    for k in range(MAX_ITER + 1):
        if not np.isfinite(r @ r) or r @ r > 1e8 * max(f0, yn * yn):
            return U, k, "DIVERGED"
        if np.sqrt(r @ r) / yn <= TOL:
            return U, k, "CONVERGED"
        if k == MAX_ITER:
            return U, k, "MAX_ITER"
        G = 4.0 * (adjoint(op, r, n) @ U)
        t = eta
        if line_search:
            # f(U - tG) = ||r - t a1 + t^2 a2||^2, a1 = A(UG' + GU'), a2 = A(GG')
            a1 = apply(op, U @ G.T + G @ U.T)
            a2 = apply(op, G @ G.T)
            c = [4 * (a2 @ a2), -6 * (a1 @ a2), 2 * (a1 @ a1) + 4 * (r @ a2), -2 * (r @ a1)]
            cands = [0.0, eta] + [z.real for z in np.roots(c) if abs(z.imag) < 1e-12 and 0 < z.real < eta]
            vals = [np.sum((r - s * a1 + s * s * a2) ** 2) for s in cands]
            t = cands[int(np.argmin(vals))]
        un = np.linalg.norm(U)
        U = U - t * G
        if un > 0 and t * np.linalg.norm(G) / un <= 1e-13:
            return U, k + 1, "CONVERGED"
        X = U @ U.T
        r = apply(op, X) - y
    return U, MAX_ITER, "MAX_ITER"


def xgd(op, y, n, max_iter=100_000, tol=1e-5):
    yn = np.linalg.norm(y)
    if op[0] == "dense":
        L = np.linalg.norm(op[1], 2) ** 2
    else:
        L = 1.0
    step = 1.0 / (2 * L)
    X = np.zeros((n, n))
    r = -y
    for k in range(max_iter):
        if np.linalg.norm(r) / yn <= tol:
            break
        Z = X - step * 2 * adjoint(op, r, n)
        w, V = np.linalg.eigh((Z + Z.T) / 2)
        w = np.maximum(w, 0)
        Xn = (V * w) @ V.T
        if np.linalg.norm(Xn - X) <= 1e-13 * max(1.0, np.linalg.norm(X)):
            X = Xn
            break
        X = Xn
        r = apply(op, X) - y
    return X


def toe(op, y, U, eps):
    n = U.shape[0]
    yn = np.linalg.norm(y)
    for k in range(TOE_MAX_ITER + 1):
        r = apply(op, U @ U.T) - y
        if not np.all(np.isfinite(r)):
            return U, k, "NON_FINITE"
        if np.linalg.norm(r) / yn <= TOL:
            return U, k, "CONVERGED"
        if k == TOE_MAX_ITER:
            return U, k, "MAX_ITER"
        try:
            w, V = np.linalg.eigh(adjoint(op, r, n))
        except np.linalg.LinAlgError:
            return U, k, "NON_FINITE"
        U = (V * np.exp(-eps * w)) @ (V.T @ U)


def flow(op, y, U0):
    from scipy.integrate import solve_ivp
    n, d = U0.shape
    yn = np.linalg.norm(y)

    def rhs(t, u):
        U = u.reshape(n, d)
        r = apply(op, U @ U.T) - y
        return (-4.0 * (adjoint(op, r, n) @ U)).ravel()

    def fitted(t, u):
        U = u.reshape(n, d)
        return np.linalg.norm(apply(op, U @ U.T) - y) / yn - FLOW_TOL
    fitted.terminal = True
    sol = solve_ivp(rhs, (0, 1e6), U0.ravel(), method="LSODA", rtol=1e-7, atol=1e-12, events=fitted)
    return sol.y[:, -1].reshape(n, d), sol.nfev


def metrics(X, xs, op, y):
    s = np.linalg.svd(X, compute_uv=False)
    return {"nuclear_norm": float(s.sum()), "rel_error": float(np.linalg.norm(X - xs) / np.linalg.norm(xs)),
            "train_error": float(np.linalg.norm(apply(op, X) - y) / np.linalg.norm(y))}


def gaussian_init(n, d, scale, seed):
    U = np.random.default_rng(seed).standard_normal((n, d))
    return U * (scale / np.linalg.norm(U))


def run(task):
    kind, path, d, scale, seed, eta = task
    op, y, xs = load(path)
    t0 = time.perf_counter()
    c0 = time.process_time()
    out = {"kind": kind, "problem": os.path.basename(path), "d": d, "init_scale": scale, "seed": seed}
    if kind in ("gd", "els"):
        U, k, stop = gd(op, y, gaussian_init(N, d, scale, seed), eta, kind == "els")
        out.update(iterations=k, stop=stop, **metrics(U @ U.T, xs, op, y))
    elif kind == "svd":
        X = xgd(op, y, N)
        w, V = np.linalg.eigh(X)
        top = np.argsort(w)[::-1][:d]
        U, k, stop = gd(op, y, V[:, top] * np.sqrt(np.maximum(w[top], 0)), eta, False)
        out.update(iterations=k, stop=stop, **metrics(U @ U.T, xs, op, y))
    elif kind == "xgd":
        out.update(**metrics(xgd(op, y, N), xs, op, y))
    elif kind == "toe":
        U, k, stop = toe(op, y, gaussian_init(N, d, scale, seed), eta)
        out.update(iterations=k, stop=stop)
        if stop != "NON_FINITE":
            out.update(**metrics(U @ U.T, xs, op, y))
    elif kind == "flow":
        U, nfev = flow(op, y, gaussian_init(N, d, scale, seed))
        out.update(evaluations=int(nfev), **metrics(U @ U.T, xs, op, y))
    out["seconds"] = time.perf_counter() - t0
    out["cpu_seconds"] = time.process_time() - c0
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--out", default="results/numpy-gunasekar2017")
    ap.add_argument("--seed", type=int, default=1, help="problem seed (as implreg reproduce --seed)")
    ap.add_argument("--resume", action="store_true", help="skip the runs already in OUT/numpy_runs.jsonl and append")
    ap.add_argument("--implreg", default=os.path.join(os.path.dirname(__file__), "..", "..", "implreg"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    paths = {}
    for fam in FAMILIES:
        for pid, planted, m in PANELS:
            p = os.path.join(a.out, f"{fam}-{pid}.npz")
            if not os.path.exists(p):
                subprocess.run([a.implreg, "problem", "--n", str(N), "--r", str(R), "--m", str(m), "--planted", planted,
                                "--measurement", fam, "--seed", str(a.seed), "--out", p], check=True, stdout=subprocess.DEVNULL)
            paths[fam, pid] = p
    ds = FULL_D if a.full else QUICK_D
    seeds = [0, 1, 2]
    tasks = []
    for pid, planted, m in PANELS:
        p = paths["gaussian", pid]
        for d in ds:
            for s in seeds:
                tasks.append(("gd", p, d, 1e-4, s, ETA))
                tasks.append(("gd", p, d, 1.0, s, ETA))
                tasks.append(("els", p, d, 1e-4, s, ELS_CAP))
            tasks.append(("svd", p, d, 0.0, 0, ETA))
    for fam in FAMILIES:
        for pid, planted, m in PANELS:
            p = paths[fam, pid]
            scale = 1.0 if fam == "gaussian" else N * (N + 1) / 2 / m
            for s in seeds:
                tasks.append(("flow", p, N, 1e-4, s, 0.0))
                tasks.append(("toe", p, N, 1e-4, s, TOE_EPS * scale))
                if fam != "gaussian" or N not in ds:  # Gaussian GD at d = n is a Figure 1 run already
                    tasks.append(("gd", p, N, 1e-4, s, ETA * scale))
            tasks.append(("xgd", p, N, 0.0, 0, 0.0))
    # longest first (GD at the step cap), so the workers finish together
    order = {"gd": 0, "svd": 0, "flow": 1, "els": 2, "toe": 3, "xgd": 4}
    tasks.sort(key=lambda t: (order[t[0]], -t[2]))
    runs_file = os.path.join(a.out, "numpy_runs.jsonl")
    if a.resume and os.path.exists(runs_file):
        done = set()
        for line in open(runs_file):
            r = json.loads(line)
            done.add((r["kind"], r["problem"], r["d"], r["init_scale"], r["seed"]))
        tasks = [t for t in tasks if (t[0], os.path.basename(t[1]), t[2], t[3], t[4]) not in done]
    t0 = time.perf_counter()
    cpu = 0.0
    with Pool(a.workers) as pool, open(runs_file, "a" if a.resume else "w") as f:
        for i, res in enumerate(pool.imap_unordered(run, tasks)):
            cpu += res["cpu_seconds"]
            f.write(json.dumps(res) + "\n")
            f.flush()
            print(f"\r{i + 1}/{len(tasks)} runs, {time.perf_counter() - t0:.0f} s", end="", file=sys.stderr)
    wall = time.perf_counter() - t0
    print(file=sys.stderr)
    print(json.dumps({"mode": "full" if a.full else "quick", "runs": len(tasks), "workers": a.workers,
                      "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1)}))


if __name__ == "__main__":
    main()
