package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;
import org.implreg.run.RunLifecycle;

/**
 * Hou, Sra and Yurtsever's UDUᵀ factorization (seed 002): X = U D Uᵀ with U ∈ ℝ^{n×r}, ‖U‖_F ≤ 1 and
 * D = diag(d), d ≥ 0, for f(X) = ½‖𝒜(X) − b‖², by projected gradient descent
 * <pre>
 *   U ← Π_U(U − η ∇_U),  ∇_U = 2∇f(X) U D;     d ← Π_D(d − η ∇_d),  ∇_d = diag(Uᵀ ∇f(X) U),
 * </pre>
 * both gradients at the same iterate, ∇f(X) = 𝒜*(𝒜(X) − b). Π_U scales U onto the Frobenius unit
 * ball (U/max(1, ‖U‖_F)); Π_D clips d at 0. Both projections are exact Euclidean projections.
 * Runs in the {@link IterativeDriver} and stops like {@link GradientDescent}: training error
 * ‖𝒜(X) − b‖/‖b‖ = √(2f)/‖b‖ ≤ tol, a relative change (‖ΔU‖_F + ‖Δd‖)/(‖U‖_F + ‖d‖) ≤ stationaryTol, the
 * cap, f above {@link IterativeDriver#divergenceLimit}(divergenceFactor, f₀, ½‖b‖²) (DIVERGED) or a
 * non-finite f (NON_FINITE). U is n×r column-major.
 */
public final class UduGradientDescent {

    /** The outcome: X (n×n), the final U and d, and the usual counts. */
    public record Result(OptimizationResult result, double[] u, double[] d) {}

    private final GradientDescent.Options options;

    /** @param options fixed step η and stopping rules (no line search) */
    public UduGradientDescent(GradientDescent.Options options) {
        InvalidInputException.require(!options.lineSearch(), "UDUᵀ projected gradient descent has a fixed step only");
        this.options = options;
    }

    /** Π_U: scales U onto {‖U‖_F ≤ 1} in place. */
    public static void projectU(double[] u) {
        double norm = Linalg.norm(u);
        if (norm > 1) {
            for (int i = 0; i < u.length; i++) {
                u[i] /= norm;
            }
        }
    }

    /** Π_D: clips d at 0 in place. */
    public static void projectD(double[] d) {
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0) { // NaN stays NaN, so the run stops NON_FINITE
                d[i] = 0;
            }
        }
    }

    /**
     * f = ½‖𝒜(UDUᵀ) − b‖² at (U, d), with the gradients written into {@code gu} (n×r) and {@code gd} (r)
     * when they are not null; {@code r} receives the residual (m). Returns f.
     */
    public static double evaluate(Problem p, double[] u, double[] d, double[] r, double[] gu, double[] gd) {
        MeasurementOperator op = p.operator();
        int n = p.n();
        int rank = d.length;
        double[] half = new double[u.length]; // U D / 2, so 𝒜(U (UD/2)ᵀ + (UD/2) Uᵀ) = 𝒜(UDUᵀ)
        for (int j = 0; j < rank; j++) {
            for (int i = 0; i < n; i++) {
                half[i + j * n] = 0.5 * d[j] * u[i + j * n];
            }
        }
        double[] work = new double[op.workspaceSize(rank)];
        op.applySymmetricProduct(u, half, rank, r, work);
        double[] y = p.y();
        double f = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] -= y[i];
            f += r[i] * r[i];
        }
        if (gu != null) {
            double[] gU = new double[u.length]; // ∇f(X) U = 𝒜*(r) U
            op.adjointTimes(r, u, rank, gU, work);
            for (int j = 0; j < rank; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    double g = gU[i + j * n];
                    s += u[i + j * n] * g;
                    gu[i + j * n] = 2 * d[j] * g;
                }
                gd[j] = s;
            }
        }
        return 0.5 * f;
    }

    /**
     * Runs from (U₀, d₀) (projected first if outside the constraints; not modified).
     *
     * @param p        the problem (read only)
     * @param u0       n×r column-major
     * @param d0       r nonnegative entries of D
     * @param listener sees every iterate (its point is the live U; may be null)
     * @return X = UDUᵀ as the result (its u is UD^{1/2}, so X = (UD^{1/2})(UD^{1/2})ᵀ), and the final U and d
     */
    public Result optimize(Problem p, double[] u0, double[] d0, IterationListener listener) {
        return optimize(p, u0, d0, listener == null ? null : Listener.of(listener, (s, d) -> listener.onIteration(s)));
    }

    /** Sees every iterate with the live diagonal d of D (its state's point is the live U). */
    @FunctionalInterface
    public interface Listener extends RunLifecycle {
        void iterate(IterationState state, double[] d);

        /** {@code each} on every iterate, with {@code lifecycle}'s init and finish. */
        static Listener of(RunLifecycle lifecycle, Listener each) {
            final class Of extends RunLifecycle.Forwarding implements Listener {
                Of() {
                    super(lifecycle);
                }

                @Override
                public void iterate(IterationState state, double[] d) {
                    each.iterate(state, d);
                }
            }
            return new Of();
        }
    }

    /**
     * {@link #optimize(Problem, double[], double[], IterationListener)} with a listener that also sees D.
     *
     * @param listener sees every iterate, U as the state's point and the live d (may be null)
     */
    public Result optimize(Problem p, double[] u0, double[] d0, Listener listener) {
        int n = p.n();
        int rank = d0.length;
        InvalidInputException.require(rank >= 1 && u0.length == n * rank, "U0 must be " + n + "×" + rank + " for " + rank + " diagonal entries");
        IterativeDriver driver = IterativeDriver.start();
        double[] u = u0.clone();
        double[] d = d0.clone();
        projectU(u);
        projectD(d);
        double[] r = new double[p.m()];
        double[] gu = new double[u.length];
        double[] gd = new double[rank];
        double scale = Linalg.norm(p.y()) > 0 ? Linalg.norm(p.y()) : 1.0;
        double loss0 = evaluate(p, u, d, r, gu, gd);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, 0.5 * scale * scale), options.stationaryTol(),
            options.maxIterations());
        double eta = options.step();
        double[] prevU = new double[u.length];
        double[] prevD = new double[rank];
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, u, Double.NaN), loss -> Math.sqrt(2 * loss) / scale,
            checker, listener == null ? null : IterationListener.forwarding(listener, st -> listener.iterate(st, d)), (k, it) -> {
                double gradNorm = Math.sqrt(Linalg.normSq(gu) + Linalg.normSq(gd));
                System.arraycopy(u, 0, prevU, 0, u.length);
                System.arraycopy(d, 0, prevD, 0, rank);
                for (int i = 0; i < u.length; i++) {
                    u[i] -= eta * gu[i];
                }
                for (int j = 0; j < rank; j++) {
                    d[j] -= eta * gd[j];
                }
                projectU(u);
                projectD(d);
                double ch = Linalg.distance(u, prevU) + Linalg.distance(d, prevD);
                double sz = Linalg.norm(u) + Linalg.norm(d);
                double relChange = sz > 0 ? ch / sz : Double.POSITIVE_INFINITY;
                return new IterativeDriver.Iterate(evaluate(p, u, d, r, gu, gd), gradNorm, eta, relChange, u, Double.NaN);
            });
        double[] x = new double[n * n];
        double[] ud = new double[u.length]; // U D^{1/2}: X = (UD^{1/2})(UD^{1/2})ᵀ
        for (int j = 0; j < rank; j++) {
            double sq = Math.sqrt(d[j]);
            for (int i = 0; i < n; i++) {
                ud[i + j * n] = sq * u[i + j * n];
            }
        }
        Linalg.gram(ud, n, rank, x);
        IterationState last = out.last();
        // one gradient evaluation per iterate: the step's gradients come with the evaluation of f
        OptimizationResult res = new OptimizationResult(x, ud, n, rank, out.stopReason(), out.criterion(), out.iterations(),
            out.iterations() + 1, out.seconds(), last.loss(), last.trainError(), last.gradientNorm());
        return new Result(res, u, d);
    }
}
