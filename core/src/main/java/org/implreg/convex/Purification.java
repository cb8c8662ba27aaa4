package org.implreg.convex;

import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;
import org.netlib.util.intW;

/**
 * Refines an interior-point solution onto its face. Interior-point iterates satisfy the
 * complementarity ⟨Z, X⟩ = O(μ), but ‖Z X‖_F only O(√μ) (the NT scaling is ill-conditioned near the
 * boundary), so the KKT condition (I − 𝒜*(v))X = 0 is met only to about the square root of the
 * gap. Purification identifies the face: the k leading eigenvectors Q of X where its spectrum has a
 * clear gap, then
 * <ol>
 *   <li>primal: X' = Q Y Qᵀ with Y = Y₀ + ΔY, Y₀ = QᵀXQ, ΔY the minimum-norm least-squares
 *       correction of 𝒜(Q Y Qᵀ) = y (exact rank k);</li>
 *   <li>dual: v' = v + Δv with Δv the minimum-norm solution of 𝒜*(Δv) Q = (I − 𝒜*(v)) Q, so that
 *       (I − 𝒜*(v')) Q = 0.</li>
 * </ol>
 * The caller compares the certificates of both pairs and keeps the better one, so a wrong guess of
 * the face costs nothing.
 */
final class Purification {
    /** Smallest ratio λ_k/λ_{k+1} that counts as a gap in the spectrum of X. */
    static final double SPECTRAL_GAP = 1e3;
    /** Relative singular value cutoff of the least-squares solves. */
    static final double RCOND = 1e-12;

    private Purification() {}

    /** A refined pair, or null when X shows no face smaller than the whole cone. */
    record Pair(double[] x, double[] v, int rank) {
    }

    static Pair refine(MeasurementOperator op, double[] y, double[] x, double[] v) {
        int n = op.n();
        int m = op.m();
        SymmetricEigen e = SymmetricEigen.decompose(x, n, true);
        double[] lam = e.values();
        if (!(lam[0] > 0)) {
            return null;
        }
        int k = -1;
        double best = SPECTRAL_GAP;
        for (int i = 1; i < n; i++) {
            double ratio = lam[i - 1] / Math.max(lam[i], Double.MIN_NORMAL);
            if (lam[i - 1] > 0 && ratio > best) {
                best = ratio;
                k = i;
            }
        }
        if (k < 0 || (long) k * (k + 1) / 2 > m) {
            return null;
        }
        double[] q = java.util.Arrays.copyOf(e.vectors(), n * k);
        int p = k * (k + 1) / 2;
        // primal: columns of B are 𝒜(Q E_ab Qᵀ) for the symmetric basis E_ab of k×k matrices
        double[] b = new double[m * p];
        double[] basis = new double[n * n];
        double[] col = new double[m];
        int c = 0;
        for (int bb = 0; bb < k; bb++) {
            for (int a = 0; a <= bb; a++) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        double val = q[i + a * n] * q[j + bb * n];
                        if (a != bb) {
                            val += q[i + bb * n] * q[j + a * n];
                        }
                        basis[i + j * n] = val;
                    }
                }
                op.apply(basis, col);
                System.arraycopy(col, 0, b, c * m, m);
                c++;
            }
        }
        double[] tmp = new double[n * k];
        double[] y0 = new double[k * k];
        Linalg.BLAS.dgemm("N", "N", n, k, n, 1.0, x, n, q, n, 0.0, tmp, n);
        Linalg.BLAS.dgemm("T", "N", k, k, n, 1.0, q, n, tmp, n, 0.0, y0, k);
        double[] x0 = congruence(q, y0, n, k);
        double[] resid = new double[m];
        op.apply(x0, resid);
        for (int i = 0; i < m; i++) {
            resid[i] = y[i] - resid[i];
        }
        double[] delta = minNormLeastSquares(b, m, p, resid);
        if (delta == null) {
            return null;
        }
        double[] yk = y0.clone();
        c = 0;
        for (int bb = 0; bb < k; bb++) {
            for (int a = 0; a <= bb; a++) {
                yk[a + bb * k] += delta[c];
                if (a != bb) {
                    yk[bb + a * k] += delta[c];
                }
                c++;
            }
        }
        double[] xNew = congruence(q, yk, n, k);
        // dual: columns of C are vec(A_i Q); solve C Δv = vec((I − 𝒜*(v)) Q)
        double[] cm = new double[n * k * m];
        double[] unit = new double[m];
        double[] ai = new double[n * n];
        for (int i = 0; i < m; i++) {
            unit[i] = 1.0;
            op.adjoint(unit, ai);
            unit[i] = 0.0;
            Linalg.BLAS.dgemm("N", "N", n, k, n, 1.0, ai, 0, n, q, 0, n, 0.0, cm, i * n * k, n);
        }
        double[] s = new double[n * n];
        op.adjoint(v, s);
        for (int i = 0; i < s.length; i++) {
            s[i] = -s[i];
        }
        for (int i = 0; i < n; i++) {
            s[i + i * n] += 1.0;
        }
        double[] target = new double[n * k];
        Linalg.BLAS.dgemm("N", "N", n, k, n, 1.0, s, n, q, n, 0.0, target, n);
        double[] dv = minNormLeastSquares(cm, n * k, m, target);
        if (dv == null) {
            return null;
        }
        double[] vNew = v.clone();
        for (int i = 0; i < m; i++) {
            vNew[i] += dv[i];
        }
        return new Pair(xNew, vNew, k);
    }

    /** Q Y Qᵀ (n×n) for Q n×k and symmetric Y k×k. */
    private static double[] congruence(double[] q, double[] yk, int n, int k) {
        double[] t = new double[n * k];
        Linalg.BLAS.dgemm("N", "N", n, k, k, 1.0, q, n, yk, k, 0.0, t, n);
        double[] out = new double[n * n];
        Linalg.BLAS.dgemm("N", "T", n, n, k, 1.0, t, n, q, n, 0.0, out, n);
        Dense.symmetrize(out, n);
        return out;
    }

    /**
     * The minimum-norm least-squares solution of A x = b for A rows×cols (column-major, destroyed),
     * by SVD with relative cutoff {@link #RCOND}; null when LAPACK fails.
     */
    static double[] minNormLeastSquares(double[] a, int rows, int cols, double[] b) {
        int kk = Math.min(rows, cols);
        double[] s = new double[kk];
        double[] u = new double[rows * kk];
        double[] vt = new double[kk * cols];
        int[] iwork = new int[8 * kk];
        double[] q = new double[1];
        intW info = new intW(0);
        Linalg.LAPACK.dgesdd("S", rows, cols, a, rows, s, u, rows, vt, kk, q, -1, iwork, info);
        double[] work = new double[Math.max(1, (int) q[0])];
        info.val = 0;
        Linalg.LAPACK.dgesdd("S", rows, cols, a, rows, s, u, rows, vt, kk, work, work.length, iwork, info);
        if (info.val != 0 || kk == 0) {
            return null;
        }
        double[] utb = new double[kk];
        Linalg.BLAS.dgemv("T", rows, kk, 1.0, u, rows, b, 1, 0.0, utb, 1);
        for (int i = 0; i < kk; i++) {
            utb[i] = s[i] > RCOND * s[0] ? utb[i] / s[i] : 0.0;
        }
        double[] x = new double[cols];
        Linalg.BLAS.dgemv("T", kk, cols, 1.0, vt, kk, utb, 1, 0.0, x, 1);
        return x;
    }
}
