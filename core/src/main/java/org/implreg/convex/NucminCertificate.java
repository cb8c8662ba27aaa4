package org.implreg.convex;

import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;

/**
 * The KKT certificate of a candidate pair (X, v) for min tr(X) s.t. 𝒜(X) = y, X ⪰ 0 (Gunasekar et
 * al. 2017, p. 4: X is optimal iff 𝒜(X) = y, X ⪰ 0, 𝒜*(v) ⪯ I and (I − 𝒜*(v))X = 0 for some v).
 * Every quantity is recomputed from X and v alone, so it certifies whatever solver produced them.
 *
 * @param primalObjective   tr(X) (= ‖X‖_* when X ⪰ 0)
 * @param dualObjective     yᵀv
 * @param primalResidual    ‖𝒜(X) − y‖₂ / ‖y‖₂
 * @param minEigenvalueX    λ_min(X) (≥ 0 for a PSD X, up to rounding)
 * @param dualInfeasibility max(0, λ_max(𝒜*(v)) − 1)
 * @param complementarity   ‖(I − 𝒜*(v)) X‖_F / ‖X‖_F
 * @param dualityGap        |tr(X) − yᵀv| / max(|tr(X)|, |yᵀv|) (relative)
 * @param dualityGapAbs     |tr(X) − yᵀv|
 * @param lowerBound        a proven lower bound on the optimal value: yᵀv / (1 + dualInfeasibility)
 *                          (v scaled into the dual feasible set), or 0 when that is negative
 */
public record NucminCertificate(double primalObjective, double dualObjective, double primalResidual,
                                double minEigenvalueX, double dualInfeasibility, double complementarity,
                                double dualityGap, double dualityGapAbs, double lowerBound) {

    /**
     * Computes the certificate.
     *
     * @param op the operator (n, m)
     * @param y  measurements (m)
     * @param x  candidate X, n×n column-major symmetric
     * @param v  candidate dual vector (m)
     */
    public static NucminCertificate of(MeasurementOperator op, double[] y, double[] x, double[] v) {
        int n = op.n();
        int m = op.m();
        double[] ax = new double[m];
        op.apply(x, ax);
        for (int i = 0; i < m; i++) {
            ax[i] -= y[i];
        }
        double ny = Linalg.norm(y);
        double primalResidual = ny == 0 ? Linalg.norm(ax) : Linalg.norm(ax) / ny;
        double tr = 0;
        for (int i = 0; i < n; i++) {
            tr += x[i + i * n];
        }
        double dual = Linalg.dot(y, v);
        double[] s = new double[n * n];
        op.adjoint(v, s);
        double lmax = n == 0 ? 0 : SymmetricEigen.eigenvalues(s, n)[0];
        for (int i = 0; i < s.length; i++) {
            s[i] = -s[i];
        }
        for (int i = 0; i < n; i++) {
            s[i + i * n] += 1.0;
        }
        double[] sx = new double[n * n];
        Linalg.multiply(s, x, n, n, n, sx);
        double nx = Linalg.norm(x);
        double compl = nx == 0 ? 0 : Linalg.norm(sx) / nx;
        double[] ex = SymmetricEigen.eigenvalues(x, n);
        double minEig = n == 0 ? 0 : ex[n - 1];
        double dualInf = Math.max(0, lmax - 1);
        double gapAbs = Math.abs(tr - dual);
        double scale = Math.max(Math.abs(tr), Math.abs(dual));
        double gap = scale == 0 ? 0 : gapAbs / scale;
        double lower = Math.max(0, dual / (1 + dualInf));
        return new NucminCertificate(tr, dual, primalResidual, minEig, dualInf, compl, gap, gapAbs,
            lower);
    }

    /**
     * Whether the certificate proves optimality to relative tolerance {@code tol}: primal residual,
     * dual infeasibility, complementarity and gap all ≤ tol, and X ⪰ 0 up to tol·‖X‖.
     */
    public boolean holds(double tol) {
        return primalResidual <= tol && dualInfeasibility <= tol && complementarity <= tol && dualityGap <= tol
            && minEigenvalueX >= -tol * Math.max(1.0, Math.abs(primalObjective));
    }

    /** The worst of the four relative measures, for progress reports. */
    public double worst() {
        return Math.max(Math.max(primalResidual, dualInfeasibility), Math.max(complementarity, dualityGap));
    }
}
