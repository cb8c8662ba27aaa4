package org.implreg.factorization;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;

/**
 * The factorized least-squares objective of Gunasekar et al. (2017), eq. (2):
 * <pre>
 *   f(U) = ‖𝒜(U Uᵀ) − y‖²,      U ∈ ℝ^{n×d},
 *   ∇f(U) = 4 𝒜*(r) U,           r = 𝒜(U Uᵀ) − y.
 * </pre>
 * The constant is the paper's (no ½), so the paper's steps (η = 10⁻³) mean the same here.
 *
 * <p>Holds scratch space: one instance per run (not thread-safe). The operator is shared.
 */
public final class FactorizedObjective {
    private final MeasurementOperator op;
    private final double[] y;
    private final int n;
    private final int d;
    private final double[] work;
    private final double yNorm;

    public FactorizedObjective(Problem problem, int d) {
        this(problem.operator(), problem.y(), d);
    }

    public FactorizedObjective(MeasurementOperator op, double[] y, int d) {
        this.op = op;
        this.y = y;
        this.n = op.n();
        InvalidInputException.require(d >= 1 && d <= n, "factor width d must be in 1..n = " + n + ", got " + d);
        this.d = d;
        this.work = new double[op.workspaceSize(d)];
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

    public MeasurementOperator operator() {
        return op;
    }

    /** y (length m), the objective's own array: read it, never modify it. */
    public double[] y() {
        return y;
    }

    /** ‖y‖, the scale of relative training errors. */
    public double yNorm() {
        return yNorm;
    }

    /** r = 𝒜(U Uᵀ) − y into {@code r} (length m); returns f(U) = ‖r‖². */
    public double residual(double[] u, double[] r) {
        op.applyGram(u, d, r, work);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            double v = r[i] - y[i];
            r[i] = v;
            s += v * v;
        }
        return s;
    }

    /** f(U). */
    public double value(double[] u) {
        return residual(u, new double[op.m()]);
    }

    /** G = ∇f(U) = 4 𝒜*(r) U for the residual r of U; {@code g} (n×d) is overwritten. */
    public void gradient(double[] u, double[] r, double[] g) {
        op.adjointTimes(r, u, d, g, work);
        for (int i = 0; i < g.length; i++) {
            g[i] *= 4.0;
        }
    }

    /**
     * The quartic φ(t) = f(U − tG) = ‖r − t b + t² c‖² with b = 𝒜(U Gᵀ + G Uᵀ), c = 𝒜(G Gᵀ).
     * Costs two operator applications.
     */
    public Quartic lineQuartic(double[] u, double[] g, double[] r) {
        int m = op.m();
        double[] b = new double[m];
        double[] c = new double[m];
        op.applySymmetricProduct(u, g, d, b, work);
        op.applyGram(g, d, c, work);
        double rr = 0, rb = 0, rc = 0, bb = 0, bc = 0, cc = 0;
        for (int i = 0; i < m; i++) {
            rr += r[i] * r[i];
            rb += r[i] * b[i];
            rc += r[i] * c[i];
            bb += b[i] * b[i];
            bc += b[i] * c[i];
            cc += c[i] * c[i];
        }
        return new Quartic(rr, -2 * rb, bb + 2 * rc, -2 * bc, cc);
    }
}
