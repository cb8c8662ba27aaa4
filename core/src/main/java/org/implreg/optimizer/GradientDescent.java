package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.factorization.Quartic;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * Gradient descent on the factor U of X = U Uᵀ for f(U) = ‖𝒜(U Uᵀ) − y‖² (see
 * {@link FactorizedObjective}): U_{k+1} = U_k − η_k ∇f(U_k), with either a fixed step η or exact line
 * search η_k = argmin_{0 ≤ t ≤ η_max} f(U_k − t∇f(U_k)) (the quartic is minimized exactly; the cap
 * η_max keeps the paper's "η_ELS" stable).
 *
 * <p>Runs in the {@link IterativeDriver} and stops by {@link ConvergenceChecker#standard} built from
 * the options: relative training error ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol, relative change
 * ‖U_{k+1} − U_k‖_F/‖U_k‖_F ≤ stationaryTol, k = maxIterations, loss above
 * {@link IterativeDriver#divergenceLimit}(divergenceFactor, f(U₀), ‖y‖²) (DIVERGED), or a non-finite
 * loss (NON_FINITE).
 */
public final class GradientDescent {

    /**
     * Options of {@link GradientDescent}.
     *
     * @param step             fixed step η, or the cap η_max with line search (&gt; 0)
     * @param lineSearch       exact line search clipped at {@code step}
     * @param maxIterations    iteration cap (≥ 0)
     * @param tol              stop when ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol (≥ 0)
     * @param stationaryTol    stop when the relative change of U is ≤ this (≥ 0; 0 disables)
     * @param divergenceFactor DIVERGED when the loss exceeds this times max(f(U₀), ‖y‖²) (&gt; 1; default
     *                         {@link IterativeDriver#DEFAULT_DIVERGENCE_FACTOR})
     */
    public record Options(double step, boolean lineSearch, long maxIterations, double tol, double stationaryTol,
                          double divergenceFactor) {
        /** Default iteration cap. */
        public static final long DEFAULT_MAX_ITERATIONS = 200_000;
        /**
         * Default training-error tolerance. With d &gt; rank the training error of GD decays only
         * sublinearly (the surplus directions shrink like 1/√k), so tighter tolerances cost many steps.
         */
        public static final double DEFAULT_TOL = IterativeDriver.DEFAULT_TOL;
        /** Default stationarity tolerance. */
        public static final double DEFAULT_STATIONARY_TOL = IterativeDriver.DEFAULT_STATIONARY_TOL;

        public Options {
            InvalidInputException.require(Double.isFinite(step) && step > 0, "step must be finite and > 0, got " + step);
            InvalidInputException.require(maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0 && !Double.isNaN(tol), "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0, "stationary tol must be ≥ 0, got " + stationaryTol);
            InvalidInputException.require(divergenceFactor > 1, "divergence factor must be > 1, got " + divergenceFactor);
        }

        /** Fixed step η with default stopping rules. */
        public static Options fixedStep(double step) {
            return new Options(step, false, DEFAULT_MAX_ITERATIONS, DEFAULT_TOL, DEFAULT_STATIONARY_TOL,
                IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        /** Exact line search clipped at {@code maxStep}, default stopping rules. */
        public static Options lineSearch(double maxStep) {
            return new Options(maxStep, true, DEFAULT_MAX_ITERATIONS, DEFAULT_TOL, DEFAULT_STATIONARY_TOL,
                IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        public Options withMaxIterations(long k) {
            return new Options(step, lineSearch, k, tol, stationaryTol, divergenceFactor);
        }

        public Options withTol(double t) {
            return new Options(step, lineSearch, maxIterations, t, stationaryTol, divergenceFactor);
        }

        public Options withStationaryTol(double t) {
            return new Options(step, lineSearch, maxIterations, tol, t, divergenceFactor);
        }
    }

    private final Options options;

    public GradientDescent(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Runs from U₀ (n×d, not modified) without a listener. */
    public OptimizationResult optimize(FactorizedObjective f, double[] u0) {
        return optimize(f, u0, IterationListener.NONE);
    }

    /**
     * Runs gradient descent from U₀.
     *
     * @param f        the objective (its scratch space is used)
     * @param u0       the initial factor, n×d column-major; not modified
     * @param listener called after every evaluation of an iterate; its state carries the flow time Σ η_k
     * @return the final U (n×d) and X = UUᵀ (n×n, NaN where U is not finite); one gradient evaluation per step
     */
    public OptimizationResult optimize(FactorizedObjective f, double[] u0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        InvalidInputException.require(u0.length == n * d,
            "initial U must be " + n + "×" + d + " (" + n * d + " entries), got " + u0.length);
        IterativeDriver driver = IterativeDriver.start();
        double[] u = u0.clone();
        double[] r = new double[f.m()];
        double[] g = new double[n * d];
        double yNorm = f.yNorm();
        double scale = yNorm > 0 ? yNorm : 1.0;

        double loss0 = f.residual(u, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, yNorm * yNorm), options.stationaryTol(),
            options.maxIterations());
        // flow time Σ η_k: GD approximates U̇ = −∇f(U) at t = Σ η_k
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, u, 0.0), loss -> Math.sqrt(loss) / scale,
            checker, listener, (k, it) -> {
                if (!options.lineSearch()) {
                    return fixedStep(f, u, r, g, options.step(), it.time());
                }
                f.gradient(u, r, g);
                double gradNorm = Linalg.norm(g);
                Quartic q = f.lineQuartic(u, g, r);
                return descend(f, u, r, g, gradNorm, q.argmin(0.0, options.step()), it.time());
            });
        return OptimizationResult.ofFactor(u, n, d, out); // one gradient evaluation per step
    }

    /**
     * One fixed step of gradient descent, the kernel every full-gradient factor loop shares (gd, momentum with
     * β = 0, sgd with b = m), so that they agree bit for bit: G = ∇f(U) from the residual r of U, then
     * {@link #descend}.
     *
     * @param u    U_k (n×d), overwritten by U_{k+1} = U_k − ηG
     * @param r    the residual 𝒜(U_kU_kᵀ) − y on entry, that of U_{k+1} on return
     * @param g    scratch (n×d), ∇f(U_k) on return
     * @param time the flow time of U_k
     * @return U_{k+1} with its loss, ‖G‖_F, η, ‖U_{k+1} − U_k‖/‖U_k‖ and flow time + η
     */
    static IterativeDriver.Iterate fixedStep(FactorizedObjective f, double[] u, double[] r, double[] g, double eta, double time) {
        f.gradient(u, r, g);
        return descend(f, u, r, g, Linalg.norm(g), eta, time);
    }

    /**
     * U −= ηG in place, the relative change η‖G‖/‖U_k‖ and the residual and loss of the new U (into r).
     *
     * @param gradNorm ‖G‖_F, reported with the new iterate
     */
    static IterativeDriver.Iterate descend(FactorizedObjective f, double[] u, double[] r, double[] g, double gradNorm, double eta,
                                           double time) {
        double uNorm = Linalg.norm(u);
        for (int i = 0; i < u.length; i++) {
            u[i] -= eta * g[i];
        }
        double relChange = uNorm > 0 ? eta * gradNorm / uNorm : Double.POSITIVE_INFINITY;
        return new IterativeDriver.Iterate(f.residual(u, r), gradNorm, eta, relChange, u, time + eta);
    }
}
