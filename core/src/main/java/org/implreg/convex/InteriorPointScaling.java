package org.implreg.convex;

import java.util.Arrays;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;

/**
 * Scaling and reduction of the constraint system of {@link InteriorPointNucmin}, done once before
 * iterating: rows scaled to unit norm, ν_i = ‖A_i‖_F = √⟨A_i, A_i⟩ (the diagonal of the Gram matrix
 * K_ij = ⟨A_i, A_j⟩). When the scaled Gram matrix K̃ = diag(ν)⁻¹ K diag(ν)⁻¹ is not numerically full
 * rank (its Cholesky factor fails or has a squared pivot ≤ {@link #RANK_TOL}), the rows are mapped to an
 * orthonormal basis Q (m×r) of its range, r = #{λ_i(K̃) > RANK_TOL·max(λ_max, 1)}; otherwise Q = I.
 * The right-hand side is ỹ = Qᵀ(y/ν)/s with s = max_i |(Qᵀ(y/ν))_i| (so max|ỹ_i| = 1, and X is solved in
 * units of s), the reduced operator 𝒜̃(X) = Qᵀ diag(ν)⁻¹ 𝒜(X).
 *
 * <p>Two things make the system infeasible before any iteration, and both leave a Farkas vector
 * (v with yᵀv ≠ 0 and 𝒜*(v) = 0) in {@link #farkas}: a row with A_i = 0 but y_i ≠ 0, and y/ν off the
 * range of K̃ by more than {@link #CONSISTENCY_TOL} relative to ‖y/ν‖.
 */
final class InteriorPointScaling {
    /** Relative eigenvalue threshold of the Gram matrix below which measurements count as dependent. */
    static final double RANK_TOL = 1e-11;
    /** Relative distance of y from the range of 𝒜 above which dependent measurements are inconsistent. */
    static final double CONSISTENCY_TOL = 1e-9;

    final MeasurementOperator op;
    final int m;
    final int r;
    final double[] nu;
    final double[] basis; // m×r or null
    final double[] yt;
    final double scale;
    double[] farkas;
    String farkasReason;

    private InteriorPointScaling(MeasurementOperator op, int r, double[] nu, double[] basis, double[] yt, double scale) {
        this.op = op;
        this.m = op.m();
        this.r = r;
        this.nu = nu;
        this.basis = basis;
        this.yt = yt;
        this.scale = scale;
    }

    /** The scaled, reduced system of min tr(X) s.t. 𝒜(X) = y, or its Farkas vector when it is infeasible. */
    static InteriorPointScaling of(MeasurementOperator op, double[] y) {
        int m = op.m();
        int n = op.n();
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) {
            eye[i + i * n] = 1.0;
        }
        double[] k = new double[m * m];
        op.schurComplement(eye, k);
        double[] nu = new double[m];
        for (int i = 0; i < m; i++) {
            double d = Math.sqrt(Math.max(0, k[i + i * m]));
            if (d == 0 && y[i] != 0) {
                double[] v = new double[m];
                v[i] = 1.0;
                InteriorPointScaling red = new InteriorPointScaling(op, 0, nu, null, null, 1);
                red.farkas = v;
                red.farkasReason = "measurement " + i + " has A_i = 0 but y_i = " + y[i];
                return red;
            }
            nu[i] = d == 0 ? 1.0 : d;
        }
        double[] yn = new double[m];
        for (int i = 0; i < m; i++) {
            yn[i] = y[i] / nu[i];
            for (int j = 0; j < m; j++) {
                k[i + j * m] /= nu[i] * nu[j];
            }
        }
        double[] chol = new double[m * m];
        boolean fullRank = Dense.cholesky(k, m, chol);
        if (fullRank) {
            double minDiag = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                minDiag = Math.min(minDiag, chol[i + i * m]);
            }
            fullRank = minDiag * minDiag > RANK_TOL;
        }
        double[] basis = null;
        double[] yt = yn;
        int r = m;
        if (!fullRank) {
            SymmetricEigen e = SymmetricEigen.decompose(k, m, true);
            double[] lam = e.values();
            double[] q = e.vectors();
            r = 0;
            while (r < m && lam[r] > RANK_TOL * Math.max(lam[0], 1.0)) {
                r++;
            }
            double[] farkas = new double[m];
            double resid = 0;
            for (int c = r; c < m; c++) {
                double coef = 0;
                for (int i = 0; i < m; i++) {
                    coef += q[i + c * m] * yn[i];
                }
                resid += coef * coef;
                for (int i = 0; i < m; i++) {
                    farkas[i] += coef * q[i + c * m] / nu[i];
                }
            }
            if (Math.sqrt(resid) > CONSISTENCY_TOL * Linalg.norm(yn)) {
                InteriorPointScaling red = new InteriorPointScaling(op, r, nu, null, null, 1);
                red.farkas = farkas;
                red.farkasReason = String.format(
                    "the measurements are inconsistent: 𝒜 has rank %d < m = %d and y is not in its range "
                        + "(relative distance %.3g)", r, m, Math.sqrt(resid) / Linalg.norm(yn));
                return red;
            }
            basis = Arrays.copyOf(q, m * r);
            yt = new double[r];
            Linalg.BLAS.dgemv("T", m, r, 1.0, basis, m, yn, 1, 0.0, yt, 1);
        }
        double s = 0;
        for (double v : yt) {
            s = Math.max(s, Math.abs(v));
        }
        for (int i = 0; i < yt.length; i++) {
            yt[i] /= s;
        }
        return new InteriorPointScaling(op, r, nu, basis, yt, s);
    }

    /** out (r) = reduced 𝒜(X). */
    void apply(double[] x, double[] full, double[] out) {
        op.apply(x, full);
        for (int i = 0; i < m; i++) {
            full[i] /= nu[i];
        }
        if (basis == null) {
            System.arraycopy(full, 0, out, 0, m);
        } else {
            Linalg.BLAS.dgemv("T", m, r, 1.0, basis, m, full, 1, 0.0, out, 1);
        }
    }

    /** The original-scale dual vector (m) of a reduced one (r). */
    double[] original(double[] w) {
        double[] z = new double[m];
        if (basis == null) {
            System.arraycopy(w, 0, z, 0, m);
        } else {
            Linalg.BLAS.dgemv("N", m, r, 1.0, basis, m, w, 1, 0.0, z, 1);
        }
        for (int i = 0; i < m; i++) {
            z[i] /= nu[i];
        }
        return z;
    }

    /** out (n×n) = reduced 𝒜*(w). */
    void adjoint(double[] w, double[] out) {
        op.adjoint(original(w), out);
    }

    /** out (r×r) = reduced Schur complement for W = G Gᵀ; {@code full} is m×m scratch. */
    void schur(double[] g, double[] full, double[] out) {
        op.schurComplement(g, full);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < m; i++) {
                full[i + j * m] /= nu[i] * nu[j];
            }
        }
        if (basis == null) {
            System.arraycopy(full, 0, out, 0, m * m);
        } else {
            double[] t = new double[m * r];
            Linalg.BLAS.dgemm("N", "N", m, r, m, 1.0, full, m, basis, m, 0.0, t, m);
            Linalg.BLAS.dgemm("T", "N", r, r, m, 1.0, basis, m, t, m, 0.0, out, r);
        }
    }
}
