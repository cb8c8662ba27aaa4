#!/usr/bin/env python3
"""NumPy baseline for implreg's deep factorization iteration (issue 8): one GD step of W = W_N ... W_1
(n x n layers) on L = 1/2 ||W - What||_F^2: prefixes P_j = W_j P_{j-1}, G = W - What, back-propagation
B_{j-1} = W_j^T B_j with grad_j = B_j P_{j-1}^T, the update (3N - 2 matmuls, like implreg).

  OPENBLAS_NUM_THREADS=1 python3 bench/numpy/deep_iteration.py [--n 100] [--depth 3] [--steps 2000]
"""
import argparse
import time

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--eta", type=float, default=1e-3)
    a = p.parse_args()
    rng = np.random.default_rng(1)
    target = rng.standard_normal((a.n, a.n))
    layers = [rng.standard_normal((a.n, a.n)) for _ in range(a.depth)]
    layers = [w / np.linalg.norm(w) for w in layers]
    prod = layers[0]
    for w in layers[1:]:
        prod = w @ prod
    c = (1e-3 / np.linalg.norm(prod)) ** (1.0 / a.depth)
    layers = [c * w for w in layers]

    def step(layers):
        pref = [layers[0]]
        for w in layers[1:]:
            pref.append(w @ pref[-1])
        g = pref[-1] - target
        loss = 0.5 * float(np.vdot(g, g))
        grads = [None] * a.depth
        b = g
        for j in range(a.depth - 1, 0, -1):
            grads[j] = b @ pref[j - 1].T
            b = layers[j].T @ b
        grads[0] = b
        for j in range(a.depth):
            layers[j] -= a.eta * grads[j]
        return loss

    for _ in range(50):
        step(layers)
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step(layers)
    t = (time.perf_counter() - t0) / a.steps
    print(f"numpy deep GD: n = {a.n}, N = {a.depth}: {t * 1e6:.1f} us per iteration "
          f"({(3 * a.depth - 2) * 2 * a.n ** 3 / t / 1e9:.2f} GFLOP/s counting the matmuls)")


if __name__ == "__main__":
    main()
