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
 *       correction of 𝒜(Q Y Qᵀ) = y (exact rank k), then polished by Gauss–Newton on U with
 *       X' = U Uᵀ ({@link #polish}) to the rank-k solution itself, and Q re-read from it;</li>
 *   <li>dual: v' = v + Δv with Δv the minimum-norm solution of 𝒜*(Δv) Q = (I − 𝒜*(v)) Q, so that
 *       (I − 𝒜*(v')) Q = 0.</li>
 * </ol>
 * The caller compares the certificates of both pairs and keeps the better one, so a wrong guess of
 * the face costs nothing. A face with more parameters than measurements (k(k+1)/2 > m, e.g. 25
 * entries of a 50×50 matrix with a rank-11 minimum) is refined too: the corrections are minimum-norm.
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
        if (k < 0) {
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
        double[] u = polish(op, y, q, yk, n, k);
        if (u != null) {
            // the exact rank-k solution near X': X' = U Uᵀ, Q its orthonormal range
            xNew = new double[n * n];
            Linalg.BLAS.dgemm("N", "T", n, n, k, 1.0, u, n, u, n, 0.0, xNew, n);
            Dense.symmetrize(xNew, n);
            q = java.util.Arrays.copyOf(SymmetricEigen.decompose(xNew, n, true).vectors(), n * k);
        }
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

    /**
     * Gauss–Newton on the face: from U₀ = Q Y^{1/2}, the steps ΔU = the minimum-norm least-squares
     * solution of J ΔU = y − 𝒜(U Uᵀ) with J ΔU = 𝒜(ΔU Uᵀ + U ΔUᵀ) = (2⟨A_i U, ΔU⟩)_i (m × nk; its
     * null space, the k(k−1)/2 rotations U ↦ U R, is cut by {@link #RCOND}). Near a rank-k solution X*
     * where J has rank nk − k(k−1)/2 the residual falls quadratically, so the result is X* to rounding:
     * a function of the problem, not of the interior-point path that found the face (the iterate is
     * only tol-accurate, and its digits below tol depend on the BLAS's rounding, issue 19). On a face of
     * dimension nk − k(k−1)/2 > m the rank-k solutions near X' form a manifold and the steps reach the
     * nearest one (to first order), exactly feasible but not necessarily the minimum: the certificate
     * that the caller compares judges it (on completion problems it often holds there). Returns U
     * (n×k) after at most {@link #POLISH_STEPS} steps, each taken only if it lowers ‖y − 𝒜(U Uᵀ)‖, or
     * null when Y is not positive definite or no step helped.
     */
    static double[] polish(MeasurementOperator op, double[] y, double[] q, double[] yk, int n, int k) {
        int m = op.m();
        int nk = n * k;
        SymmetricEigen ey = SymmetricEigen.decompose(yk, k, true);
        double[] lam = ey.values();
        if (!(lam[k - 1] > 0)) {
            return null;
        }
        double[] root = new double[k * k]; // Y^{1/2} = V Λ^{1/2} (k×k); U = Q V Λ^{1/2}
        double[] vy = ey.vectors();
        for (int j = 0; j < k; j++) {
            double f = Math.sqrt(lam[j]);
            for (int i = 0; i < k; i++) {
                root[i + j * k] = vy[i + j * k] * f;
            }
        }
        double[] u = new double[nk];
        Linalg.BLAS.dgemm("N", "N", n, k, k, 1.0, q, n, root, k, 0.0, u, n);
        double[] work = new double[op.workspaceSize(k)];
        double[] fit = new double[m];
        double rNorm = residual(op, y, u, k, fit, work);
        double[] trial = new double[nk];
        double[] jac = new double[m * nk];
        double[] e = new double[m];
        double[] row = new double[nk];
        boolean moved = false;
        for (int step = 0; step < POLISH_STEPS && rNorm > 0; step++) {
            for (int i = 0; i < m; i++) {
                e[i] = 1.0;
                op.adjointTimes(e, u, k, row, work);
                e[i] = 0.0;
                for (int c = 0; c < nk; c++) {
                    jac[i + c * m] = 2 * row[c];
                }
            }
            double[] du = minNormLeastSquares(jac, m, nk, fit);
            if (du == null) {
                break;
            }
            for (int c = 0; c < nk; c++) {
                trial[c] = u[c] + du[c];
            }
            double[] trialFit = new double[m];
            double t = residual(op, y, trial, k, trialFit, work);
            if (!(t < rNorm)) {
                break;
            }
            System.arraycopy(trial, 0, u, 0, nk);
            System.arraycopy(trialFit, 0, fit, 0, m);
            moved = true;
            boolean slow = t > 0.5 * rNorm;
            rNorm = t;
            if (slow) {
                break; // at rounding level: no more quadratic progress
            }
        }
        return moved ? u : null;
    }

    /**
     * Newton's method on the optimality conditions of the factored problem min tr(U Uᵀ) s.t.
     * 𝒜(U Uᵀ) = y, with U n×k and multipliers v (m):
     * <pre>
     *   F(U, v) = [ (I − 𝒜*(v)) U ;  ½(𝒜(U Uᵀ) − y) ] = 0,
     *   J = [ I_k ⊗ (I − 𝒜*(v))   −B ;  Bᵀ   0 ],   B = [vec(A_1 U) … vec(A_m U)]  (nk × m),
     * </pre>
     * each step the minimum-norm least-squares solution of J [ΔU; Δv] = −F ((nk + m)², SVD; the
     * rotations U ↦ U R are its null space), taken only when it lowers ‖F‖. At a solution X = U Uᵀ and
     * v are exactly primal feasible and complementary, so the certificate is then decided by
     * 𝒜*(v) ⪯ I alone. This is for faces where {@link #refine}'s dual, fitted to a Q that is only as
     * accurate as the interior-point iterate, leaves complementarity above the tolerance: degenerate
     * problems whose interior point stalls there (issue 19: whether it stalled just above or just below
     * the tolerance depended on the BLAS's rounding). Returns the pair, or null when no step helped or
     * nk + m exceeds {@link #KKT_NEWTON_MAX_SIZE}.
     */
    static Pair kktNewton(MeasurementOperator op, double[] y, Pair start) {
        int n = op.n();
        int m = op.m();
        int k = start.rank();
        int nk = n * k;
        int size = nk + m;
        if (size > KKT_NEWTON_MAX_SIZE) {
            return null;
        }
        SymmetricEigen e = SymmetricEigen.decompose(start.x(), n, true);
        double[] lam = e.values();
        double[] vec = e.vectors();
        double[] u = new double[nk];
        for (int j = 0; j < k; j++) {
            double f = Math.sqrt(Math.max(0, lam[j]));
            for (int i = 0; i < n; i++) {
                u[i + j * n] = vec[i + j * n] * f;
            }
        }
        double[] v = start.v().clone();
        double[] work = new double[op.workspaceSize(k)];
        double[] f = new double[size];
        double norm = kktResidual(op, y, u, v, k, f, work);
        double[] s = new double[n * n];
        double[] jac = new double[size * size];
        double[] col = new double[nk];
        double[] unit = new double[m];
        boolean moved = false;
        for (int step = 0; step < POLISH_STEPS && norm > 0; step++) {
            java.util.Arrays.fill(jac, 0.0);
            op.adjoint(v, s);
            for (int b = 0; b < k; b++) { // I_k ⊗ (I − 𝒜*(v))
                for (int jj = 0; jj < n; jj++) {
                    for (int ii = 0; ii < n; ii++) {
                        jac[(b * n + ii) + (b * n + jj) * size] = (ii == jj ? 1.0 : 0.0) - s[ii + jj * n];
                    }
                }
            }
            for (int i = 0; i < m; i++) { // −B (top right) and Bᵀ (bottom left)
                unit[i] = 1.0;
                op.adjointTimes(unit, u, k, col, work);
                unit[i] = 0.0;
                for (int c = 0; c < nk; c++) {
                    jac[c + (nk + i) * size] = -col[c];
                    jac[(nk + i) + c * size] = col[c];
                }
            }
            double[] rhs = new double[size];
            for (int i = 0; i < size; i++) {
                rhs[i] = -f[i];
            }
            double[] d = minNormLeastSquares(jac, size, size, rhs);
            if (d == null) {
                break;
            }
            double[] u2 = u.clone();
            double[] v2 = v.clone();
            for (int c = 0; c < nk; c++) {
                u2[c] += d[c];
            }
            for (int i = 0; i < m; i++) {
                v2[i] += d[nk + i];
            }
            double[] f2 = new double[size];
            double norm2 = kktResidual(op, y, u2, v2, k, f2, work);
            if (!(norm2 < norm)) {
                break;
            }
            u = u2;
            v = v2;
            f = f2;
            moved = true;
            boolean slow = norm2 > 0.5 * norm;
            norm = norm2;
            if (slow) {
                break;
            }
        }
        if (!moved) {
            return null;
        }
        double[] x = new double[n * n];
        Linalg.BLAS.dgemm("N", "T", n, n, k, 1.0, u, n, u, n, 0.0, x, n);
        Dense.symmetrize(x, n);
        return new Pair(x, v, k);
    }

    /** Writes F(U, v) of {@link #kktNewton} into {@code out} (nk + m) and returns its norm. */
    private static double kktResidual(MeasurementOperator op, double[] y, double[] u, double[] v, int k, double[] out,
                                      double[] work) {
        int nk = u.length;
        int m = y.length;
        double[] su = new double[nk];
        op.adjointTimes(v, u, k, su, work);
        for (int c = 0; c < nk; c++) {
            out[c] = u[c] - su[c];
        }
        double[] fit = new double[m];
        op.applyGram(u, k, fit, work);
        for (int i = 0; i < m; i++) {
            out[nk + i] = 0.5 * (fit[i] - y[i]);
        }
        return Linalg.norm(out);
    }

    /**
     * Largest order nk + m of {@link #kktNewton}'s dense system: 2,500 is 50 MB and a few seconds per SVD
     * on one core; beyond it a run that ends short of tol is returned as it is.
     */
    static final int KKT_NEWTON_MAX_SIZE = 2500;

    /** Gauss–Newton steps of {@link #polish}: quadratic convergence from a tol-accurate face needs 2–4. */
    static final int POLISH_STEPS = 8;

    /** Writes y − 𝒜(U Uᵀ) into {@code out} and returns its norm. */
    private static double residual(MeasurementOperator op, double[] y, double[] u, int k, double[] out, double[] work) {
        op.applyGram(u, k, out, work);
        for (int i = 0; i < out.length; i++) {
            out[i] = y[i] - out[i];
        }
        return Linalg.norm(out);
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
