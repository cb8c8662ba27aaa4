package org.implreg.factorization;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;

/**
 * The least-squares objective on an indefinite factorization X = UUᵀ − VVᵀ (Wu &amp; Rebeschini 2021's GD for
 * indefinite targets), with gd's constant (no ½, as {@link FactorizedObjective}):
 * <pre>
 *   f(U, V) = ‖𝒜(UUᵀ − VVᵀ) − y‖²,      U, V ∈ ℝ^{n×d},
 *   ∇_U f = 4 𝒜*(r) U,   ∇_V f = −4 𝒜*(r) V,   r = 𝒜(UUᵀ − VVᵀ) − y.
 * </pre>
 * With V = 0 every value equals {@link FactorizedObjective}'s of U bit for bit: r is formed as
 * (𝒜(UUᵀ) − 𝒜(VVᵀ)) − y, and 𝒜(0) = 0 is subtracted exactly; ∇_V f = 0, so V stays 0 under descent.
 *
 * <p>Holds scratch space: one instance per run (not thread-safe). The operator is shared.
 */
public final class PlusMinusObjective {
    private final MeasurementOperator op;
    private final double[] y;
    private final int n;
    private final int d;
    private final double[] work;
    private final double[] minus;
    private final double yNorm;

    public PlusMinusObjective(Problem problem, int d) {
        this(problem.operator(), problem.y(), d);
    }

    /** On operator 𝒜 and data y (length m; neither modified, both shared), U and V of width d ∈ 1..n. */
    public PlusMinusObjective(MeasurementOperator op, double[] y, int d) {
        this.op = op;
        this.y = y;
        this.n = op.n();
        InvalidInputException.require(d >= 1 && d <= n, "factor width d must be in 1..n = " + n + ", got " + d);
        this.d = d;
        this.work = new double[op.workspaceSize(d)];
        this.minus = new double[op.m()];
        this.yNorm = Linalg.norm(y);
    }

    public int n() {
        return n;
    }

    public int d() {
        return d;
    }

    public int m() {
        return op.m();
    }

    /** ‖y‖, the scale of relative training errors. */
    public double yNorm() {
        return yNorm;
    }

    /** r = 𝒜(UUᵀ) − 𝒜(VVᵀ) − y into {@code r} (length m; U, V n×d, not modified); returns f(U, V) = ‖r‖². */
    public double residual(double[] u, double[] v, double[] r) {
        op.applyGram(u, d, r, work);
        op.applyGram(v, d, minus, work);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            double e = (r[i] - minus[i]) - y[i];
            r[i] = e;
            s += e * e;
        }
        return s;
    }

    /** f(U, V). */
    public double value(double[] u, double[] v) {
        return residual(u, v, new double[op.m()]);
    }

    /**
     * G_U = 4 𝒜*(r) U into {@code gu} and G_V = −4 𝒜*(r) V into {@code gv} (each n×d, overwritten) for the residual r
     * of (U, V).
     */
    public void gradient(double[] u, double[] v, double[] r, double[] gu, double[] gv) {
        op.adjointTimes(r, u, d, gu, work);
        for (int i = 0; i < gu.length; i++) {
            gu[i] *= 4.0;
        }
        op.adjointTimes(r, v, d, gv, work);
        for (int i = 0; i < gv.length; i++) {
            gv[i] *= -4.0;
        }
    }
}
