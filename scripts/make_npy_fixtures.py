#!/usr/bin/env python3
"""Writes the NumPy fixtures that implreg's tests read (core/src/test/resources/fixtures/npy).

Every array is a deterministic function of its shape so that the Java test knows the expected
values without reading NumPy: base(shape) = arange(size).reshape(shape) * 0.5 - 1.25.

Run from the repository root:  python3 scripts/make_npy_fixtures.py
"""
import os

import numpy as np

OUT = os.path.join("core", "src", "test", "resources", "fixtures", "npy")


def base(shape):
    size = int(np.prod(shape))
    return (np.arange(size, dtype=np.float64).reshape(shape) * 0.5) - 1.25


def main():
    os.makedirs(OUT, exist_ok=True)
    a = base((3, 4))
    np.save(os.path.join(OUT, "f8_c.npy"), a)
    np.save(os.path.join(OUT, "f8_fortran.npy"), np.asfortranarray(a))
    np.save(os.path.join(OUT, "f4_c.npy"), a.astype(np.float32))
    np.save(os.path.join(OUT, "f4_fortran_be.npy"), np.asfortranarray(a.astype(">f4")))
    np.save(os.path.join(OUT, "f8_be.npy"), a.astype(">f8"))
    np.save(os.path.join(OUT, "f8_3d_fortran.npy"), np.asfortranarray(base((2, 3, 4))))
    np.save(os.path.join(OUT, "i4.npy"), np.arange(6, dtype=np.int32).reshape(3, 2))
    np.save(os.path.join(OUT, "i8_be.npy"), np.arange(6, dtype=">i8").reshape(3, 2))
    np.save(os.path.join(OUT, "scalar.npy"), np.float64(2.5))

    # a problem file: 4x4 completion with indices, and a dense 3x3 sensing problem, stored and deflated
    rng = np.random.default_rng(7)
    w = rng.standard_normal((4, 1))
    xs = w @ w.T
    idx = np.array([[0, 0], [0, 1], [1, 2], [3, 2], [3, 3]], dtype=np.int64)
    y = np.array([xs[i, j] for i, j in idx])
    np.savez(os.path.join(OUT, "completion_stored.npz"), indices=idx, y=y, X_star=xs, n=np.int64(4))
    g = rng.standard_normal((5, 3, 3))
    A = (g + g.transpose(0, 2, 1)) / 2
    w3 = rng.standard_normal((3, 1))
    x3 = w3 @ w3.T
    y3 = np.einsum("kij,ij->k", A, x3)
    np.savez_compressed(os.path.join(OUT, "dense_deflated.npz"), A=A.astype(np.float32), y=y3, X_star=x3)
    # the exact float64 values the Java test compares with
    np.savez(os.path.join(OUT, "dense_expected.npz"), A=A.astype(np.float32).astype(np.float64), y=y3, X_star=x3)


if __name__ == "__main__":
    main()
