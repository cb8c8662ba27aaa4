package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * X_gd of Gunasekar et al. (2017): projected gradient descent on F(X) = ‖𝒜(X) − y‖² over the PSD
 * cone, from X₀ = 0:
 * <pre>
 *   X_{k+1} = Π₊(X_k − η ∇F(X_k)),   ∇F(X) = 2 𝒜*(𝒜(X) − y),
 * </pre>
 * where Π₊ clips negative eigenvalues (one symmetric eigendecomposition per step). The default step
 * is η = 1/L with L = 2‖𝒜‖² (power iteration), which guarantees monotone decrease.
 */
public final class ProjectedGradientDescent {

    /**
     * Options of {@link ProjectedGradientDescent}.
     *
     * @param step          fixed step η (&gt; 0), or NaN for the default 1/(2‖𝒜‖²)
     * @param maxIterations iteration cap
     * @param tol           stop when ‖𝒜(X) − y‖/‖y‖ ≤ tol
     * @param stationaryTol stop when ‖X_{k+1} − X_k‖_F/‖X_{k+1}‖_F ≤ this
     */
    public record Options(double step, long maxIterations, double tol, double stationaryTol) {
        public static final long DEFAULT_MAX_ITERATIONS = 100_000;

        public Options {
            InvalidInputException.require(Double.isNaN(step) || (Double.isFinite(step) && step > 0),
                "step must be finite and > 0, got " + step);
            InvalidInputException.require(maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0, "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0, "stationary tol must be ≥ 0, got " + stationaryTol);
        }

        /** Default step 1/L and default stopping rules. */
        public static Options defaults() {
            return new Options(Double.NaN, DEFAULT_MAX_ITERATIONS, IterativeDriver.DEFAULT_TOL, IterativeDriver.DEFAULT_STATIONARY_TOL);
        }

        public Options withStep(double s) {
            return new Options(s, maxIterations, tol, stationaryTol);
        }

        public Options withMaxIterations(long k) {
            return new Options(step, k, tol, stationaryTol);
        }

        public Options withTol(double t) {
            return new Options(step, maxIterations, t, stationaryTol);
        }
    }

    private final Options options;

    public ProjectedGradientDescent(Options options) {
        this.options = options;
    }

    /** The step used for {@code op}: the option, or 1/(2‖𝒜‖²). */
    public double stepFor(MeasurementOperator op) {
        return Double.isNaN(options.step()) ? 1.0 / (2.0 * op.normSquaredEstimate()) : options.step();
    }

    /**
     * Runs from X₀ = 0 until the stopping rules of the options (training error ≤ tol, relative change
     * ≤ stationaryTol, the cap), a loss above {@link IterativeDriver#divergenceLimit}(10⁸, F(0), ‖y‖²)
     * (DIVERGED) or a non-finite loss (NON_FINITE).
     *
     * @param problem  the problem (its operator and y are read, not modified)
     * @param listener sees every iterate X_k (n×n column-major, live: read only)
     * @return X (n×n), no factor (u = null, d = n); one gradient evaluation per step
     */
    public OptimizationResult optimize(Problem problem, IterationListener listener) {
        MeasurementOperator op = problem.operator();
        int n = op.n();
        int m = op.m();
        double[] y = problem.y();
        double eta = stepFor(op);
        IterativeDriver driver = IterativeDriver.start();
        double yNorm = Linalg.norm(y);
        double scale = yNorm > 0 ? yNorm : 1.0;
        double[] x0 = new double[n * n];
        double[] r = new double[m];
        double[] grad = new double[n * n];
        double[][] spare = {new double[n * n]}; // X_{k+1} is built here; X_k's array becomes the next spare
        double loss0 = residual(op, x0, y, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(IterativeDriver.DEFAULT_DIVERGENCE_FACTOR, loss0, yNorm * yNorm), options.stationaryTol(),
            options.maxIterations());
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, x0, Double.NaN), loss -> Math.sqrt(loss) / scale,
            checker, listener, (k, it) -> {
                double[] x = it.point();
                double[] next = spare[0];
                op.adjoint(r, grad);
                double gradNorm = 2.0 * Linalg.norm(grad);
                for (int i = 0; i < x.length; i++) {
                    next[i] = x[i] - eta * 2.0 * grad[i];
                }
                SymmetricEigen eig = SymmetricEigen.decompose(next, n, true);
                eig.reconstruct(v -> v > 0 ? v : 0.0, next);
                double diff = Linalg.distance(next, x);
                double nn = Linalg.norm(next);
                double relChange = nn > 0 ? diff / nn : (diff == 0 ? 0 : Double.POSITIVE_INFINITY);
                spare[0] = x;
                return new IterativeDriver.Iterate(residual(op, next, y, r), gradNorm, eta, relChange, next, Double.NaN);
            });
        IterationState last = out.last();
        return new OptimizationResult(last.point(), null, n, n, out.stopReason(), out.criterion(), out.iterations(), out.iterations(),
            out.seconds(), last.loss(), last.trainError(), last.gradientNorm());
    }

    private static double residual(MeasurementOperator op, double[] x, double[] y, double[] r) {
        op.apply(x, r);
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            r[i] -= y[i];
            s += r[i] * r[i];
        }
        return s;
    }
}
