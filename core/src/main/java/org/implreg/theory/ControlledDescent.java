package org.implreg.theory;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.MeasurementOperator;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.StopReason;

/**
 * Small-step descent on the factor U (n×n) with a general control (Gunasekar et al. 2017, §3, after
 * Theorem 1: the conclusion "extends to gradient flow on (2) even when the Euclidean norm is replaced by
 * certain other norms, or when only a subset of measurements are used for each step (such as in
 * stochastic gradient descent)"):
 * <pre>
 *   U_{k+1} = U_k − η 𝒜*(c_k) U_k,   c_k = φ(r_k) restricted to S_k,   r_k = 𝒜(U_kU_kᵀ) − y
 * </pre>
 * Loss {@link Loss#EUCLIDEAN}: φ(r) = r (gradient descent on ¼‖r‖²₂); {@link Loss#LP}: φ(r)_i =
 * sign(r_i)|r_i|^{p−1} (gradient descent on (1/2p)‖r‖_p^p); batches: S_k a uniformly random subset of
 * {@code batch} of the m measurements (all when batch = m), the control scaled by m/batch. As η → 0 this
 * is the flow Ẋ = −𝒜*(c_t)X − X𝒜*(c_t). Runs in the {@link IterativeDriver}; stops at
 * ‖r‖₂/‖y‖₂ ≤ tol or at the cap.
 */
public final class ControlledDescent {
    private ControlledDescent() {}

    /** The loss whose gradient gives the control. */
    public enum Loss {
        /** ‖r‖₂². */
        EUCLIDEAN,
        /** ‖r‖_p^p. */
        LP
    }

    /** The final X = UUᵀ, its relative residual, steps and stop. */
    public record Result(double[] x, double relativeResidual, long iterations, StopReason stop) {}

    /**
     * Runs from U₀.
     *
     * @param op    the operator (n×n matrices, m measurements)
     * @param y     measurements
     * @param u0    U₀ (n×n, not modified)
     * @param loss  the loss
     * @param p     the exponent of {@link Loss#LP} (&gt; 1; ignored otherwise)
     * @param batch measurements per step (1…m)
     * @param rng   the batches' random stream (unused when batch = m)
     * @param step  η
     * @param tol   stop at ‖r‖/‖y‖ ≤ tol
     * @param maxIterations step cap
     */
    public static Result run(MeasurementOperator op, double[] y, double[] u0, Loss loss, double p, int batch, RandomGenerator rng,
                             double step, double tol, long maxIterations) {
        int n = op.n();
        int m = op.m();
        InvalidInputException.require(u0.length == n * n && y.length == m && batch >= 1 && batch <= m && step > 0,
            "controlled descent: bad sizes, batch or step");
        InvalidInputException.require(loss != Loss.LP || p > 1, "p must be > 1");
        double[] u = u0.clone();
        double[] x = new double[n * n];
        double[] r = new double[m];
        double[] c = new double[m];
        double[] g = new double[n * n];
        double[] work = new double[op.workspaceSize(n)];
        int[] order = new int[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        double yn = Linalg.norm(y);
        double f0 = residual(op, y, u, n, x, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(tol, IterativeDriver.divergenceLimit(IterativeDriver.DEFAULT_DIVERGENCE_FACTOR,
            f0, yn * yn), 0, maxIterations);
        IterativeDriver.Outcome out = IterativeDriver.start().run(IterativeDriver.Iterate.initial(f0, u, 0.0), f -> Math.sqrt(f) / yn,
            checker, IterationListener.NONE, (k, it) -> {
                java.util.Arrays.fill(c, 0);
                if (batch < m) {
                    for (int i = 0; i < batch; i++) {
                        int j = i + rng.nextInt(m - i);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }
                double scale = (double) m / batch;
                for (int i = 0; i < batch; i++) {
                    int j = order[i];
                    double ri = r[j];
                    c[j] = scale * (loss == Loss.EUCLIDEAN ? ri : Math.signum(ri) * Math.pow(Math.abs(ri), p - 1));
                }
                op.adjointTimes(c, u, n, g, work);
                double un = Linalg.norm(u);
                double gn = Linalg.norm(g);
                for (int i = 0; i < u.length; i++) {
                    u[i] -= step * g[i];
                }
                return new IterativeDriver.Iterate(residual(op, y, u, n, x, r), gn, step, un > 0 ? step * gn / un : Double.POSITIVE_INFINITY, u,
                    it.time() + step);
            });
        Linalg.gram(u, n, n, x);
        return new Result(x, out.last().trainError(), out.iterations(), out.stopReason());
    }

    private static double residual(MeasurementOperator op, double[] y, double[] u, int n, double[] x, double[] r) {
        Linalg.gram(u, n, n, x);
        op.apply(x, r);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] -= y[i];
            s += r[i] * r[i];
        }
        return s;
    }
}
