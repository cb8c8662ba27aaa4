package org.implreg.convex;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;

/**
 * Minimum nuclear norm over the PSD cone by a primal-dual interior-point method:
 * min tr(X) s.t. 𝒜(X) = y, X ⪰ 0, with dual max yᵀv s.t. Z = I − 𝒜*(v) ⪰ 0.
 *
 * <p>Algorithm: infeasible-start path following with the Nesterov–Todd direction and Mehrotra's
 * predictor-corrector (as in SDPT3). With the NT scaling W = G Gᵀ (W Z W = X,
 * G⁻¹ X G⁻ᵀ = Gᵀ Z G = D diagonal) the Newton system reduces to the m×m Schur complement
 * M_ij = ⟨A_i, W A_j W⟩ (see {@link MeasurementOperator#schurComplement}), solved by Cholesky.
 * Cost per iteration: one Schur complement (O(m n³ + m² n²) for dense A_i, O(m²) for entries)
 * plus O(m³ + n³).
 *
 * <p>Before iterating, rows are scaled to ‖A_i‖_F = 1 and X to max|y_i| = 1; linearly dependent
 * measurements are detected from the Gram matrix ⟨A_i, A_j⟩: consistent ones are reduced to an
 * orthonormal basis of the row space, inconsistent ones (y ∉ range 𝒜) are reported INFEASIBLE.
 * A problem with no PSD solution is detected when the dual objective grows without bound along a
 * Farkas direction: v with yᵀv = 1 and 𝒜*(v) ⪯ ε I, ε ≤ {@link Options#infeasibilityTol()}.
 *
 * <p>The run stops when the {@link NucminCertificate} of the current (X, v), computed in the
 * caller's units, holds at {@link Options#tol()}, for the iterate or its purification onto the face
 * that X's spectrum shows ({@link Purification#refine}). A run that stalls or hits its iteration cap
 * short of that (degenerate problems, where complementarity stays near √μ) gets one more try: Newton
 * on the KKT system of the best face seen ({@link Purification#kktNewton}). Listeners see, per iteration: loss = tr X,
 * trainError = relative primal residual, gradientNorm = relative dual residual,
 * relativeChange = relative gap, step = min(α_P, α_D), point = the scaled X.
 *
 * <p>The parts, one class each: this class holds the {@link Options} and the iteration loop;
 * {@link InteriorPointScaling} the row scaling and the reduction of dependent measurements;
 * {@link InteriorPointNewton} the NT scaling, the Schur complement and the predictor-corrector step;
 * {@link InteriorPointConvergence} the residuals, the certificate check (with purification and KKT Newton)
 * and the Farkas test.
 */
public final class InteriorPointNucmin {

    /**
     * @param tol              relative tolerance of the certificate (residuals and gap)
     * @param maxIterations    iteration cap
     * @param infeasibilityTol threshold ε of the Farkas test, in the normalized problem
     */
    public record Options(double tol, int maxIterations, double infeasibilityTol) {
        public Options {
            InvalidInputException.require(tol > 0 && tol < 1, "nucmin: tol must be in (0, 1), got " + tol);
            InvalidInputException.require(maxIterations >= 1, "nucmin: max iterations must be ≥ 1, got " + maxIterations);
            InvalidInputException.require(infeasibilityTol > 0 && infeasibilityTol < 1,
                "nucmin: infeasibility tolerance must be in (0, 1), got " + infeasibilityTol);
        }

        /** tol 1e-8, 200 iterations, infeasibility threshold 1e-9. */
        public static Options defaults() {
            return new Options(1e-8, 200, 1e-9);
        }

        public Options withTol(double t) {
            return new Options(t, maxIterations, infeasibilityTol);
        }

        public Options withMaxIterations(int k) {
            return new Options(tol, k, infeasibilityTol);
        }
    }

    private final Options options;

    public InteriorPointNucmin(Options options) {
        this.options = options;
    }

    /** Solves the problem's SDP (its X* is not used). */
    public NucminResult optimize(Problem problem, IterationListener listener) {
        return optimize(problem.operator(), problem.y(), listener);
    }

    /**
     * Solves min tr(X) s.t. 𝒜(X) = y, X ⪰ 0. Neither argument is modified.
     *
     * @param op       the operator
     * @param y        measurements (m)
     * @param listener observer of iterations (may be {@link IterationListener#NONE}), between its init and finish
     */
    public NucminResult optimize(MeasurementOperator op, double[] y, IterationListener listener) {
        return RunLifecycle.observe(listener, new RunLifecycle.Start(options.maxIterations()), () -> solveSdp(op, y, listener),
            r -> new ConvergenceChecker.Stop(r.stopReason(), r.criterion()));
    }

    private NucminResult solveSdp(MeasurementOperator op, double[] y, IterationListener listener) {
        long t0 = System.nanoTime();
        int n = op.n();
        int m = op.m();
        InvalidInputException.require(y.length == m, "nucmin: y has " + y.length + " entries, the operator " + m);
        InvalidInputException.require(Linalg.allFinite(y), "nucmin: y has non-finite entries");
        if (Linalg.norm(y) == 0) {
            double[] x = new double[n * n];
            double[] v = new double[m];
            return new NucminResult(x, v, n, NucminCertificate.of(op, y, x, v), StopReason.CONVERGED,
                "y = 0: X = 0 is optimal", 0, seconds(t0), Double.NaN);
        }
        InteriorPointScaling red = InteriorPointScaling.of(op, y);
        if (red.farkas != null) {
            return infeasible(op, y, red.farkas, red.farkasReason, 0, t0);
        }
        return new Run(op, y, red, listener, t0).solve();
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static NucminResult infeasible(MeasurementOperator op, double[] y, double[] v, String why, long iters,
                                           long t0) {
        int n = op.n();
        double d = Linalg.dot(y, v);
        double[] vf = v.clone();
        for (int i = 0; i < vf.length; i++) {
            vf[i] /= d;
        }
        double[] s = new double[n * n];
        op.adjoint(vf, s);
        double measure = Math.max(0, SymmetricEigen.eigenvalues(s, n)[0]);
        return new NucminResult(null, vf, n, null, StopReason.INFEASIBLE, why, iters, seconds(t0), measure);
    }

    /** One run's state: the iterate (X, Z, v) of the scaled, reduced system and its loop. */
    private final class Run {
        final MeasurementOperator op;
        final double[] y;
        final InteriorPointScaling red;
        final IterationListener listener;
        final long t0;
        final int n;
        final int r;
        final double[] x;
        final double[] z;
        final double[] v;

        Run(MeasurementOperator op, double[] y, InteriorPointScaling red, IterationListener listener, long t0) {
            this.op = op;
            this.y = y;
            this.red = red;
            this.listener = listener;
            this.t0 = t0;
            this.n = op.n();
            this.r = red.r;
            this.x = new double[n * n];
            this.z = new double[n * n];
            this.v = new double[r];
            double start = Math.max(10, Math.sqrt(n));
            for (int i = 0; i < n; i++) {
                x[i + i * n] = start;
                z[i + i * n] = start;
            }
        }

        NucminResult solve() {
            int nn = n * n;
            double[] full = new double[red.m];
            double[] ax = new double[r];
            double[] rp = new double[r];
            double[] atv = new double[nn];
            double[] rd = new double[nn];
            InteriorPointNewton newton = new InteriorPointNewton(red, n);
            InteriorPointConvergence check = new InteriorPointConvergence(op, y, red, options, t0);
            double step = Double.NaN;
            int smallSteps = 0;
            for (int k = 0; ; k++) {
                red.apply(x, full, ax);
                for (int i = 0; i < r; i++) {
                    rp[i] = red.yt[i] - ax[i];
                }
                red.adjoint(v, atv);
                for (int i = 0; i < nn; i++) {
                    rd[i] = -z[i] - atv[i];
                }
                for (int i = 0; i < n; i++) {
                    rd[i + i * n] += 1.0;
                }
                InteriorPointConvergence.Residuals res = check.residuals(x, v, rp, rd);
                double pobj = res.primalObjective();
                double dobj = res.dualObjective();
                listener.onIteration(new IterationState(k, pobj * red.scale, res.primal(), res.dual(), step, res.gap(), x));
                if (!Double.isFinite(pobj) || !Double.isFinite(dobj) || !Linalg.allFinite(rp)) {
                    return check.finish(x, v, StopReason.NON_FINITE, "non-finite iterate", k);
                }
                if (res.within(options.tol())) {
                    NucminResult done = check.tryFinish(x, v, k);
                    if (done != null) {
                        return done;
                    }
                }
                if (check.farkas(res, atv)) {
                    return infeasible(op, y, red.original(v),
                        String.format("no PSD X satisfies 𝒜(X) = y: Farkas direction found (dual objective %.3g "
                            + "with 𝒜*(v) ⪯ I)", dobj), k, t0);
                }
                if (k >= options.maxIterations()) {
                    return check.finish(x, v, StopReason.MAX_ITER, "iterations = " + k, k);
                }
                String failed = newton.scale(x, z);
                if (failed != null) {
                    return check.finish(x, v, StopReason.STALLED, failed, k);
                }
                step = newton.step(x, z, v, rp, rd, ax);
                smallSteps = step < 1e-8 ? smallSteps + 1 : 0;
                if (smallSteps >= 3) {
                    return check.finish(x, v, StopReason.STALLED, "steps below 1e-8 three times in a row", k + 1);
                }
            }
        }
    }
}
