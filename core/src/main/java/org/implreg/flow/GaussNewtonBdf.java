package org.implreg.flow;

import java.util.Optional;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.StopReason;

/**
 * The stiff phase of {@link GradientFlow} by variable-order (1–{@value #MAX_ORDER}) numerical
 * differentiation formulas, the quasi-constant step-size NDF/BDF scheme of Shampine &amp; Reichelt ("The
 * MATLAB ODE suite", SIAM J. Sci. Comput. 18, 1997; MATLAB's ode15s, SciPy's {@code BDF}), for
 * U̇ = F(U) = −∇f(U). With the backward differences ∇ʲU_n kept in a table D, a step of order k from t_n
 * to t_{n+1} = t_n + h solves for U_{n+1} = U⁽⁰⁾ + d, U⁽⁰⁾ = Σ_{j≤k} ∇ʲU_n the predictor,
 * <pre>
 *   d − (h/α_k) F(U⁽⁰⁾ + d) + ψ = 0,     ψ = (1/α_k) Σ_{j=1..k} γ_j ∇ʲU_n,
 *   γ_j = Σ_{i≤j} 1/i,   α_k = (1 − κ_k) γ_k   (κ the NDF coefficients; κ = 0 gives BDF),
 * </pre>
 * by simplified Newton iterations with the matrix I − (h/α_k)J, J the Gauss–Newton Jacobian −8BᵀB
 * ({@link GaussNewtonSystem}: one m×m eigendecomposition per Jacobian, after which every h and k costs
 * two m×m products, so step and order change freely). The local error is estimated as
 * (κ_kγ_k + 1/(k+1))·d and controlled normwise, ‖err‖_F ≤ atol + rtol·‖U_{n+1}‖_F (atol = rtol·‖U₀‖_F,
 * as ROS2's: a test on relative sizes only, see {@link GradientFlow}, "Scale"). After k + 1 steps of
 * equal size the order moves by at most one to the neighbour whose error estimate allows the longest
 * step; the step grows by at most {@value #MAX_FACTOR}× and shrinks by at least {@value #MIN_FACTOR}×
 * after a rejection, halves after a Newton failure with a fresh Jacobian, and underflows below
 * {@link GaussNewtonRosenbrock#UNDERFLOW}·max(t, 1/ρ). The Jacobian is rebuilt only when Newton fails
 * to converge with an old one.
 *
 * <p>Why: in the flow's tail the surplus directions settle like 1/t (class comment of
 * {@link GradientFlow}); the steps any method of order p can take there grow like t·(rtol)^{1/(p+1)}, so
 * order 5 takes about (rtol)^{-1/6} steps per e-fold of t where ROS2 (order 2) takes (rtol)^{-1/3}:
 * at rtol 10⁻⁸, ≈ 20 against ≈ 500, at one to three evaluations and solves a step.
 */
final class GaussNewtonBdf {
    static final int MAX_ORDER = 5;
    static final int NEWTON_MAXITER = 4;
    static final double MIN_FACTOR = 0.2;
    static final double MAX_FACTOR = 10;
    /** NDF coefficients κ_k (Shampine &amp; Reichelt, Table 1; κ₅ = 0: order 5 is BDF5). */
    private static final double[] KAPPA = {0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0};
    private static final double[] GAMMA = new double[MAX_ORDER + 1];
    private static final double[] ALPHA = new double[MAX_ORDER + 1];
    private static final double[] ERROR_CONST = new double[MAX_ORDER + 2];

    static {
        for (int k = 1; k <= MAX_ORDER; k++) {
            GAMMA[k] = GAMMA[k - 1] + 1.0 / k;
        }
        for (int k = 0; k <= MAX_ORDER; k++) {
            ALPHA[k] = (1 - KAPPA[k]) * GAMMA[k];
            ERROR_CONST[k] = KAPPA[k] * GAMMA[k] + 1.0 / (k + 1);
        }
        ERROR_CONST[MAX_ORDER + 1] = 1.0 / (MAX_ORDER + 2);
    }

    private final FactorizedObjective f;
    private final GradientFlow.Options options;
    private final GradientFlow.Tracker tracker;
    private final double atol;
    private final int nd;
    private final GaussNewtonSystem system;
    /** The convergence tolerance of the Newton iterations, relative to the error test's scale. */
    private final double newtonTol;

    GaussNewtonBdf(FactorizedObjective f, GradientFlow.Options options, GradientFlow.Tracker tracker, double atol,
                   GaussNewtonSystem system) {
        this.f = f;
        this.options = options;
        this.tracker = tracker;
        this.atol = atol;
        this.nd = f.n() * f.d();
        this.system = system;
        this.newtonTol = Math.max(10 * Math.ulp(1.0) / options.rtol(), Math.min(0.03, Math.sqrt(options.rtol())));
    }

    /** F(U) = −∇f(U) into {@code out}; returns f(U) ({@link GaussNewtonSystem#derivative}). */
    private double derivative(double[] u, double[] r, double[] out) {
        return system.derivative(u, r, out);
    }

    /**
     * The matrix that rescales the difference table for a step-size change by {@code factor}
     * (Shampine &amp; Reichelt's R: the differences of the interpolating polynomial at the new spacing).
     */
    private static double[][] r(int order, double factor) {
        double[][] mm = new double[order + 1][order + 1];
        for (int j = 0; j <= order; j++) {
            mm[0][j] = 1;
        }
        for (int i = 1; i <= order; i++) {
            for (int j = 1; j <= order; j++) {
                mm[i][j] = (i - 1 - factor * j) / i;
            }
        }
        for (int i = 1; i <= order; i++) {
            for (int j = 0; j <= order; j++) {
                mm[i][j] *= mm[i - 1][j];
            }
        }
        return mm;
    }

    /** D[0..order] ← (R(factor)·R(1))ᵀ D[0..order]; {@code out} is scratch of at least order + 1 rows. */
    private static void changeD(double[][] d, int order, double factor, double[][] out) {
        double[][] rr = r(order, factor);
        double[][] uu = r(order, 1.0);
        double[][] ru = new double[order + 1][order + 1];
        for (int i = 0; i <= order; i++) {
            for (int j = 0; j <= order; j++) {
                double s = 0;
                for (int k = 0; k <= order; k++) {
                    s += rr[i][k] * uu[k][j];
                }
                ru[i][j] = s;
            }
        }
        int len = d[0].length;
        for (int j = 0; j <= order; j++) {
            java.util.Arrays.fill(out[j], 0.0);
            for (int i = 0; i <= order; i++) {
                double c = ru[i][j];
                if (c != 0) {
                    double[] src = d[i];
                    double[] dst = out[j];
                    for (int p = 0; p < len; p++) {
                        dst[p] += c * src[p];
                    }
                }
            }
        }
        for (int j = 0; j <= order; j++) {
            System.arraycopy(out[j], 0, d[j], 0, len);
        }
    }

    /** Integrates from the phase's state until a stopping rule holds. */
    GradientFlow.Phase integrate(GradientFlow.Phase from) {
        double t = from.time();
        double[] y = from.u().clone();
        double[] r = new double[f.m()];
        double[] fy = new double[nd];
        double loss = derivative(y, r, fy);
        double hAbs = from.step();
        if (!(hAbs > 0)) {
            double fn = Linalg.norm(fy);
            hAbs = fn > 0 ? 1e-2 * Linalg.norm(y) / fn : tracker.timeUnit;
        }
        double tEnd = options.maxTime();
        double[][] d = new double[MAX_ORDER + 3][nd];
        double[][] scratch = new double[MAX_ORDER + 1][nd];
        System.arraycopy(y, 0, d[0], 0, nd);
        for (int i = 0; i < nd; i++) {
            d[1][i] = hAbs * fy[i];
        }
        int order = 1;
        int equalSteps = 0;
        boolean jacobianCurrent = false;
        double[] yPredict = new double[nd];
        double[] psi = new double[nd];
        double[] yNew = new double[nd];
        double[] dNew = new double[nd];
        double[] rhs = new double[nd];
        double[] dy = new double[nd];
        double lastH = from.step();
        boolean observe = false; // the starting state was observed by the caller
        while (true) {
            if (observe) {
                Optional<ConvergenceChecker.Stop> stop = tracker.observe(t, y, loss, Linalg.norm(fy), lastH);
                if (stop.isPresent()) {
                    return new GradientFlow.Phase(t, y, lastH, stop.get());
                }
            }
            if (!system.near(y, Double.POSITIVE_INFINITY)) {
                system.build(y);
                jacobianCurrent = true;
            }
            // one accepted step
            double errorNorm;
            int iterations;
            while (true) {
                double minStep = GaussNewtonRosenbrock.UNDERFLOW * Math.max(tracker.timeUnit, Math.abs(t));
                if (hAbs < minStep) {
                    return new GradientFlow.Phase(t, y, hAbs,
                        new ConvergenceChecker.Stop(StopReason.NON_FINITE, "step size underflow at t = " + t));
                }
                if (t + hAbs > tEnd) {
                    double shorter = tEnd - t;
                    changeD(d, order, shorter / hAbs, scratch);
                    equalSteps = 0;
                    hAbs = shorter;
                }
                double h = hAbs;
                java.util.Arrays.fill(yPredict, 0);
                for (int j = 0; j <= order; j++) {
                    for (int i = 0; i < nd; i++) {
                        yPredict[i] += d[j][i];
                    }
                }
                java.util.Arrays.fill(psi, 0);
                for (int j = 1; j <= order; j++) {
                    double g = GAMMA[j] / ALPHA[order];
                    for (int i = 0; i < nd; i++) {
                        psi[i] += g * d[j][i];
                    }
                }
                double c = h / ALPHA[order];
                double scale = atol + options.rtol() * Linalg.norm(yPredict);
                int newton = newton(c, yPredict, psi, scale, r, fy, yNew, dNew, rhs, dy);
                if (newton < 0 && !jacobianCurrent) {
                    system.build(yPredict);
                    jacobianCurrent = true;
                    newton = newton(c, yPredict, psi, scale, r, fy, yNew, dNew, rhs, dy);
                }
                if (newton < 0) {
                    tracker.rejected++;
                    hAbs *= 0.5;
                    changeD(d, order, 0.5, scratch);
                    equalSteps = 0;
                    continue;
                }
                iterations = newton;
                double safety = 0.9 * (2 * NEWTON_MAXITER + 1) / (2 * NEWTON_MAXITER + iterations);
                errorNorm = ERROR_CONST[order] * Linalg.norm(dNew) / (atol + options.rtol() * Linalg.norm(yNew));
                if (errorNorm > 1) {
                    tracker.rejected++;
                    double factor = Math.max(MIN_FACTOR, safety * Math.pow(errorNorm, -1.0 / (order + 1)));
                    hAbs *= factor;
                    changeD(d, order, factor, scratch);
                    equalSteps = 0;
                    continue;
                }
                lastH = h;
                t += h;
                break;
            }
            double safety = 0.9 * (2 * NEWTON_MAXITER + 1) / (2 * NEWTON_MAXITER + iterations);
            jacobianCurrent = false;
            equalSteps++;
            tracker.accepted++;
            double[] tmp = y;
            y = yNew;
            yNew = tmp;
            for (int i = 0; i < nd; i++) {
                d[order + 2][i] = dNew[i] - d[order + 1][i];
                d[order + 1][i] = dNew[i];
            }
            for (int j = order; j >= 0; j--) {
                for (int i = 0; i < nd; i++) {
                    d[j][i] += d[j + 1][i];
                }
            }
            loss = derivative(y, r, fy);
            observe = true;
            if (!Double.isFinite(loss)) {
                continue; // the tracker ends the run NON_FINITE
            }
            if (equalSteps < order + 1) {
                continue;
            }
            double yScale = atol + options.rtol() * Linalg.norm(y);
            double errM = order > 1 ? ERROR_CONST[order - 1] * Linalg.norm(d[order]) / yScale : Double.POSITIVE_INFINITY;
            double errP = order < MAX_ORDER ? ERROR_CONST[order + 1] * Linalg.norm(d[order + 2]) / yScale
                : Double.POSITIVE_INFINITY;
            double fM = Math.pow(errM, -1.0 / order);
            double f0 = Math.pow(errorNorm, -1.0 / (order + 1));
            double fP = Math.pow(errP, -1.0 / (order + 2));
            double best = f0;
            int delta = 0;
            if (fM > best) {
                best = fM;
                delta = -1;
            }
            if (fP > best) {
                best = fP;
                delta = 1;
            }
            order += delta;
            double factor = Math.min(MAX_FACTOR, safety * best);
            hAbs *= factor;
            changeD(d, order, factor, scratch);
            equalSteps = 0;
        }
    }

    /**
     * Simplified Newton for d − c·F(U⁽⁰⁾ + d) + ψ = 0 with the matrix I − cJ; on success yNew = U⁽⁰⁾ + d,
     * dNew = d and the iteration count is returned, −1 when the iterations diverge, stall or meet a
     * non-finite F (Shampine &amp; Reichelt's rate test: stop when the contraction rate ρ ≥ 1 or
     * ρ^{left}/(1 − ρ)·‖Δ‖ exceeds the tolerance, converged when ρ/(1 − ρ)·‖Δ‖ is below it).
     */
    private int newton(double c, double[] yPredict, double[] psi, double scale, double[] r, double[] fy,
                       double[] yNew, double[] dNew, double[] rhs, double[] dy) {
        System.arraycopy(yPredict, 0, yNew, 0, nd);
        java.util.Arrays.fill(dNew, 0);
        double dyNormOld = Double.NaN;
        for (int k = 0; k < NEWTON_MAXITER; k++) {
            if (!Double.isFinite(derivative(yNew, r, fy)) || !Linalg.allFinite(fy)) {
                return -1;
            }
            for (int i = 0; i < nd; i++) {
                rhs[i] = c * fy[i] - psi[i] - dNew[i];
            }
            system.solve(c, rhs, dy);
            double dyNorm = Linalg.norm(dy) / scale;
            double rate = Double.isNaN(dyNormOld) ? Double.NaN : dyNorm / dyNormOld;
            if (!Double.isNaN(rate) && (rate >= 1 || Math.pow(rate, NEWTON_MAXITER - k) / (1 - rate) * dyNorm > newtonTol)) {
                return -1;
            }
            for (int i = 0; i < nd; i++) {
                yNew[i] += dy[i];
                dNew[i] += dy[i];
            }
            if (dyNorm == 0 || (!Double.isNaN(rate) && rate / (1 - rate) * dyNorm < newtonTol)) {
                return k + 1;
            }
            dyNormOld = dyNorm;
        }
        return -1;
    }
}
