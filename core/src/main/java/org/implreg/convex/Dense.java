package org.implreg.convex;

import org.implreg.linalg.Linalg;
import org.netlib.util.intW;

/** Small dense kernels of the interior-point method on n×n column-major matrices. */
final class Dense {
    private Dense() {}

    /** C = A B (n×n). */
    static void mul(double[] a, double[] b, int n, double[] c) {
        Linalg.BLAS.dgemm("N", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    }

    /** C = Aᵀ B (n×n). */
    static void mulTN(double[] a, double[] b, int n, double[] c) {
        Linalg.BLAS.dgemm("T", "N", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    }

    /** C = A Bᵀ (n×n). */
    static void mulNT(double[] a, double[] b, int n, double[] c) {
        Linalg.BLAS.dgemm("N", "T", n, n, n, 1.0, a, n, b, n, 0.0, c, n);
    }

    /** out = F S Fᵀ for symmetric S (op "N") or Fᵀ S F (op "T"); {@code tmp} is scratch. */
    static void congruence(double[] f, String op, double[] s, int n, double[] tmp, double[] out) {
        if (op.equals("N")) {
            mul(f, s, n, tmp);
            mulNT(tmp, f, n, out);
        } else {
            mulTN(f, s, n, tmp);
            mul(tmp, f, n, out);
        }
        symmetrize(out, n);
    }

    /** A ← (A + Aᵀ)/2. */
    static void symmetrize(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                double avg = 0.5 * (a[i + j * n] + a[j + i * n]);
                a[i + j * n] = avg;
                a[j + i * n] = avg;
            }
        }
    }

    /**
     * Lower Cholesky factor L (A = L Lᵀ) into {@code l}, upper part zeroed.
     *
     * @return false when A is not numerically positive definite
     */
    static boolean cholesky(double[] a, int n, double[] l) {
        System.arraycopy(a, 0, l, 0, n * n);
        intW info = new intW(0);
        Linalg.LAPACK.dpotrf("L", n, l, n, info);
        if (info.val != 0) {
            return false;
        }
        for (int j = 1; j < n; j++) {
            for (int i = 0; i < j; i++) {
                l[i + j * n] = 0.0;
            }
        }
        return true;
    }

    /** In-place inverse of the lower triangular L. */
    static boolean invertLower(double[] l, int n) {
        intW info = new intW(0);
        Linalg.LAPACK.dtrtri("L", "N", n, l, n, info);
        return info.val == 0;
    }

    /**
     * Thin SVD A = U diag(s) Vᵀ of a square n×n A (destroyed): fills u, s and vt.
     *
     * @return false when LAPACK did not converge
     */
    static boolean svd(double[] a, int n, double[] u, double[] s, double[] vt) {
        intW info = new intW(0);
        double[] q = new double[1];
        int[] iwork = new int[8 * n];
        Linalg.LAPACK.dgesdd("S", n, n, a, n, s, u, n, vt, n, q, -1, iwork, info);
        double[] work = new double[Math.max(1, (int) q[0])];
        info.val = 0;
        Linalg.LAPACK.dgesdd("S", n, n, a, n, s, u, n, vt, n, work, work.length, iwork, info);
        return info.val == 0;
    }

    /** Trace of an n×n matrix. */
    static double trace(double[] a, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += a[i + i * n];
        }
        return t;
    }
}
