package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * Momentum on the factor U of X = U Uᵀ for f(U) = ‖𝒜(U Uᵀ) − y‖² (Gunasekar et al. 2017, §6: on a
 * curved manifold "using momentum or passed gradients will lead us to shoot off the manifold"):
 * <pre>
 *   heavy ball (Polyak):  V_{k+1} = β V_k − η ∇f(U_k),          U_{k+1} = U_k + V_{k+1}
 *   Nesterov:             V_{k+1} = β V_k − η ∇f(U_k + β V_k),  U_{k+1} = U_k + V_{k+1}
 * </pre>
 * from V₀ = 0; U and V are n×d column-major. With β = 0 both are plain gradient descent, and this class
 * then takes exactly {@link GradientDescent}'s fixed step (U −= η∇f(U), the same operations in the same
 * order), so the result equals GD's bit for bit.
 *
 * <p>Runs in the {@link IterativeDriver} with {@link ConvergenceChecker#standard}: relative training error
 * ≤ tol, divergence limit, relative change ‖U_{k+1} − U_k‖_F/‖U_k‖_F ≤ stationaryTol, iteration cap. One
 * gradient evaluation per step (Nesterov's at the look-ahead point U_k + βV_k).
 */
public final class MomentumDescent {

    /**
     * Options.
     *
     * @param step             fixed step η (&gt; 0)
     * @param momentum         β ∈ [0, 1)
     * @param nesterov         evaluate the gradient at the look-ahead point U_k + βV_k
     * @param maxIterations    iteration cap (≥ 0)
     * @param tol              stop when ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol
     * @param stationaryTol    stop when the relative change of U is ≤ this (0 disables)
     * @param divergenceFactor DIVERGED above this times max(f(U₀), ‖y‖²)
     */
    public record Options(double step, double momentum, boolean nesterov, long maxIterations, double tol, double stationaryTol,
                          double divergenceFactor) {
        public Options {
            InvalidInputException.require(Double.isFinite(step) && step > 0, "step must be finite and > 0, got " + step);
            InvalidInputException.require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum);
            InvalidInputException.require(maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0 && !Double.isNaN(tol), "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0, "stationary tol must be ≥ 0, got " + stationaryTol);
            InvalidInputException.require(divergenceFactor > 1, "divergence factor must be > 1, got " + divergenceFactor);
        }

        /** Step η, momentum β, heavy ball or Nesterov, GD's default stopping rules. */
        public static Options of(double step, double momentum, boolean nesterov) {
            return new Options(step, momentum, nesterov, GradientDescent.Options.DEFAULT_MAX_ITERATIONS, GradientDescent.Options.DEFAULT_TOL,
                GradientDescent.Options.DEFAULT_STATIONARY_TOL, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        public Options withMaxIterations(long k) {
            return new Options(step, momentum, nesterov, k, tol, stationaryTol, divergenceFactor);
        }

        public Options withTol(double t) {
            return new Options(step, momentum, nesterov, maxIterations, t, stationaryTol, divergenceFactor);
        }

        public Options withStationaryTol(double t) {
            return new Options(step, momentum, nesterov, maxIterations, tol, t, divergenceFactor);
        }
    }

    private final Options options;

    public MomentumDescent(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * Runs from U₀ (n×d, not modified).
     *
     * @param listener sees every iterate; its state carries the flow time Σ η_k (as GD's does)
     * @return the final U and X = UUᵀ (NaN where U is not finite)
     */
    public OptimizationResult optimize(FactorizedObjective f, double[] u0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        InvalidInputException.require(u0.length == n * d, "initial U must be " + n + "×" + d + " (" + n * d + " entries), got " + u0.length);
        IterativeDriver driver = IterativeDriver.start();
        double[] u = u0.clone();
        double[] v = new double[n * d];
        double[] look = new double[n * d];
        double[] r = new double[f.m()];
        double[] g = new double[n * d];
        double yNorm = f.yNorm();
        double scale = yNorm > 0 ? yNorm : 1.0;
        double beta = options.momentum();
        double eta = options.step();
        double loss0 = f.residual(u, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, yNorm * yNorm), options.stationaryTol(),
            options.maxIterations());
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, u, 0.0), loss -> Math.sqrt(loss) / scale,
            checker, listener, (k, it) -> {
                if (beta == 0) {
                    // plain GD: GradientDescent's fixed step itself
                    return GradientDescent.fixedStep(f, u, r, g, eta, it.time());
                }
                if (options.nesterov()) {
                    for (int i = 0; i < u.length; i++) {
                        look[i] = u[i] + beta * v[i];
                    }
                    f.residual(look, r);
                    f.gradient(look, r, g);
                } else {
                    // r holds the residual of U_k (from the previous evaluation)
                    f.gradient(u, r, g);
                }
                double gradNorm = Linalg.norm(g);
                double uNorm = Linalg.norm(u);
                for (int i = 0; i < u.length; i++) {
                    v[i] = beta * v[i] - eta * g[i];
                    u[i] += v[i];
                }
                double relChange = uNorm > 0 ? Linalg.norm(v) / uNorm : Double.POSITIVE_INFINITY;
                return new IterativeDriver.Iterate(f.residual(u, r), gradNorm, eta, relChange, u, it.time() + eta);
            });
        return OptimizationResult.ofFactor(u, n, d, out); // one gradient evaluation per step
    }
}
