#!/usr/bin/env python3
"""Independent check of `implreg conjecture` (issue 28): the small-initialization gradient flow
U' = -grad f(U) = -4 A*(A(U U^T) - y) U, f(U) = ||A(U U^T) - y||^2, integrated by SciPy's LSODA (its own
step control and stiffness switch, nothing shared with implreg's Dormand-Prince/ROS2), and greedy
low-rank learning (Li, Luo & Lyu 2021) written from the paper with the same flow; an alpha -> 0 study:
the relative distances of the flow's limit X to X_glrl and to X_min (X_min read from an .npy, e.g.
`implreg solve --method nucmin --save-x xmin.npy`).

  python3 bench/numpy/conjecture_flow.py --problem p.npz --xmin xmin.npy [--scale 1e3] \
      [--alphas 1e-2,1e-4,...] [--seeds 2] [--json out.json]

--scale c multiplies A and y by c (the same solution set; the flows are the same up to t -> t/c^2).
U0 = alpha * ||X_min||_F^(1/2) * G/||G||_F with G Gaussian (numpy seed = the run's seed), as implreg's alpha.
"""
import argparse
import json
import time

import numpy as np
from scipy.integrate import LSODA

TOL = 1e-8  # relative training error at which a flow stops (implreg's FLOW_TOL)


def load(path, scale):
    z = np.load(path)
    a = z["A"] * scale
    y = z["y"] * scale
    return a.reshape(a.shape[0], -1), y, a.shape[1]


def flow(a2, y, n, u0, tol=TOL, t_max=None):
    """Integrates the flow from U0 (n x d) until ||A(UU^T) - y||/||y|| <= tol; returns U."""
    d = u0.shape[1]
    ynorm = np.linalg.norm(y)
    lam = np.abs(np.linalg.eigvalsh((a2.T @ y).reshape(n, n))).max()
    t_max = t_max or 1e12 / lam

    def rhs(_, v):
        u = v.reshape(n, d)
        r = a2 @ (u @ u.T).ravel() - y
        return (-4.0 * (a2.T @ r).reshape(n, n) @ u).ravel()

    def error(v):
        u = v.reshape(n, d)
        return np.linalg.norm(a2 @ (u @ u.T).ravel() - y) / ynorm

    solver = LSODA(rhs, 0.0, u0.ravel(), t_max, rtol=1e-10, atol=1e-12 * np.linalg.norm(u0))
    err = error(solver.y)
    while err > tol and solver.status == "running":
        solver.step()
        err = error(solver.y)
    u = solver.y.reshape(n, d)
    return u, err, solver.t


def glrl(a2, y, n, eps, max_rank=None):
    """GLRL: from U = 0 append eps * (top eigenvector of -grad_X f), flow to a stationary point or a fit, repeat."""
    u = np.zeros((n, 0))
    ynorm = np.linalg.norm(y)
    rng = np.random.default_rng(12345)
    for _ in range(max_rank or n):
        x = u @ u.T
        r = a2 @ x.ravel() - y
        if np.linalg.norm(r) / ynorm <= TOL:
            break
        w, v = np.linalg.eigh(-2.0 * (a2.T @ r).reshape(n, n))
        if w[-1] <= 1e-9 * ynorm:
            break
        col = v[:, -1] + 1e-3 * rng.standard_normal(n) / np.sqrt(n)
        u = np.hstack([u, eps * col[:, None]])
        # each phase: flow until fitted or stationary (t * ||grad|| / ||U|| small), in doubling time windows
        t = 0.0
        while True:
            lam = max(w[-1], 1e-300)
            u_next, err, dt = flow(a2, y, n, u, t_max=max(10.0 / lam, t))
            t += dt
            d = u_next.shape[1]
            rr = a2 @ (u_next @ u_next.T).ravel() - y
            g = 4.0 * (a2.T @ rr).reshape(n, n) @ u_next
            u = u_next
            if err <= TOL or t * np.linalg.norm(g) / np.linalg.norm(u) <= 1e-9 or t > 1e14:
                break
    return u @ u.T, u.shape[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--problem", required=True)
    p.add_argument("--xmin", required=True)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--alphas", default="1e-2,1e-4,1e-6,1e-8,1e-12,1e-16,1e-20,1e-24")
    p.add_argument("--seeds", type=int, default=2)
    p.add_argument("--json")
    o = p.parse_args()
    a2, y, n = load(o.problem, o.scale)
    xmin = np.load(o.xmin)
    s = np.sqrt(np.linalg.norm(xmin))
    t0 = time.time()
    xg, rank = glrl(a2, y, n, 1e-6 * s)
    rel = lambda x, ref: float(np.linalg.norm(x - ref) / np.linalg.norm(ref))
    out = {"problem": o.problem, "scale": o.scale, "glrl_rank": rank, "glrl_to_min": rel(xg, xmin), "per_alpha": []}
    print(f"GLRL rank {rank}, ||X_glrl - X_min||/||X_min|| = {out['glrl_to_min']:.3e} [{time.time() - t0:.1f} s]", flush=True)
    for alpha in [float(v) for v in o.alphas.split(",")]:
        dg, dm, errs = [], [], []
        for seed in range(o.seeds):
            g = np.random.default_rng(seed).standard_normal((n, n))
            u, err, _ = flow(a2, y, n, alpha * s * g / np.linalg.norm(g))
            x = u @ u.T
            dg.append(rel(x, xg))
            dm.append(rel(x, xmin))
            errs.append(err)
        e = {"alpha": alpha, "to_glrl": float(np.mean(dg)), "to_min": float(np.mean(dm)), "max_train_error": float(max(errs))}
        out["per_alpha"].append(e)
        print(f"alpha {alpha:.0e}: to GLRL {e['to_glrl']:.3e}, to min {e['to_min']:.3e}, train error <= {e['max_train_error']:.1e} "
              f"[{time.time() - t0:.1f} s]", flush=True)
    if o.json:
        with open(o.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
