package org.implreg.optimizer;

import java.util.Arrays;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SpectralFunctions;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * Mirror descent on the symmetric n×n matrix X for F(X) = ‖𝒜(X) − y‖² (Wu and Rebeschini, NeurIPS 2021, "Implicit
 * regularization in matrix sensing via mirror descent"; their public code fawuuu/irmsmd). The state is the dual
 * variable Φ = ∇Φ(X) (n×n symmetric); each step is
 * <pre>
 *   Φ_{k+1} = Φ_k − η ∇F(X_k),   ∇F(X) = 2 𝒜*(𝒜(X) − y),   X_{k+1} = (∇Φ)⁻¹(Φ_{k+1}),
 * </pre>
 * with one of two mirror maps ({@link Mirror}):
 * <ul>
 * <li>{@link Mirror#ENTROPY}, the spectral (von Neumann) entropy Φ(X) = tr(X log X − X) on positive definite X:
 *     ∇Φ(X) = log X, X = exp(Φ); from X₀ = α·I (Φ₀ = log(α)·I) or a given positive definite X₀. Every iterate is
 *     positive definite.</li>
 * <li>{@link Mirror#HYPENTROPY}, the spectral hypentropy with parameter α on symmetric indefinite X:
 *     ∇Φ(X) = arsinh(X/α), X = α·sinh(Φ) = (α/2)(exp(Φ) − exp(−Φ)); from Φ₀ = 0 (X₀ = 0) or a given symmetric X₀
 *     (Φ₀ = arsinh(X₀/α)). On a rectangular problem run through its symmetric embedding [[0, Φ], [Φᵀ, 0]], Φ stays in the
 *     off-diagonal blocks (Φ₀ = 0 and every 𝒜*(r) is there), and since sinh is odd, α·sinh of the embedding is the
 *     embedding of α·U sinh(Σ) Vᵀ for Φ = UΣVᵀ: the singular-value version of the hypentropy, exactly.</li>
 * </ul>
 * Φ is the state, so no logarithm of a near-singular X is ever taken; X is computed from Φ through one symmetric
 * eigendecomposition per step, Φ = V diag(λ) Vᵀ, X = V diag(φ(λ)) Vᵀ ({@link SpectralFunctions}: no truncated series,
 * exact for any ‖Φ‖ up to the decomposition's backward error). Per step: one 𝒜 and one 𝒜* application, one n×n
 * eigendecomposition, one n×n reconstruction.
 *
 * <p>Loss normalization. The step η here is against implreg's loss F(X) = ‖𝒜(X) − y‖², so Φ moves by −2η𝒜*(r).
 * Wu and Rebeschini's code moves Φ by −η_WR·(1/m)Σ r_i A_i (the gradient of (1/2m)Σ r_i²) for the same matrices A_i and
 * data y_i: the same run has η = η_WR/(2m). implreg's Gaussian sensing stores A_i = S_i/√m and y_i = ⟨A_i, X*⟩ for the
 * paper's S_i = (G_i + G_iᵀ)/2, so there 2𝒜*(r) = (2/m)Σ r_i^WR S_i and the paper's η_WR is η = η_WR/2.
 *
 * <p>Stopping, as {@link GradientDescent}'s: relative training error ‖𝒜(X) − y‖/‖y‖ ≤ tol (CONVERGED), relative change
 * ‖X_{k+1} − X_k‖_F/‖X_{k+1}‖_F ≤ stationaryTol, the iteration cap, a loss above
 * {@link IterativeDriver#divergenceLimit}(divergenceFactor, F(X₀), ‖y‖²) (DIVERGED), or a non-finite loss or X
 * (NON_FINITE, also when exp(λ) overflows). All of them are relative to the problem: (a𝒜, b·y) from the corresponding
 * X₀ with step η/(ab) stops at the corresponding iterate (up to rounding); for the hypentropy, X = α·sinh(Φ), only if α
 * is scaled with X too (α·b/a). The listener sees every X_k (n×n, live: read
 * only) and the flow time t_k = kη.
 */
public final class MirrorDescent {

    /** The mirror map. */
    public enum Mirror {
        /** Spectral entropy on positive definite X: X = exp(Φ). */
        ENTROPY,
        /** Spectral hypentropy on symmetric X: X = α·sinh(Φ). */
        HYPENTROPY
    }

    /**
     * Options.
     *
     * @param mirror           the mirror map
     * @param step             fixed step η (&gt; 0, finite), against F(X) = ‖𝒜(X) − y‖² (see the class comment)
     * @param alpha            α (&gt; 0, finite): X₀ = α·I for the entropy, the hypentropy's parameter
     * @param maxIterations    iteration cap (≥ 0)
     * @param tol              stop when ‖𝒜(X) − y‖/‖y‖ ≤ tol (≥ 0)
     * @param stationaryTol    stop when ‖X_{k+1} − X_k‖_F/‖X_{k+1}‖_F ≤ this (≥ 0; 0 disables)
     * @param divergenceFactor DIVERGED above this times max(F(X₀), ‖y‖²) (&gt; 1)
     */
    public record Options(Mirror mirror, double step, double alpha, long maxIterations, double tol, double stationaryTol,
                          double divergenceFactor) {
        /** Default iteration cap (gd's). */
        public static final long DEFAULT_MAX_ITERATIONS = GradientDescent.Options.DEFAULT_MAX_ITERATIONS;

        public Options {
            InvalidInputException.require(mirror != null, "mirror map is required");
            InvalidInputException.require(Double.isFinite(step) && step > 0, "step must be finite and > 0, got " + step);
            InvalidInputException.require(Double.isFinite(alpha) && alpha > 0, "alpha must be finite and > 0, got " + alpha);
            InvalidInputException.require(maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0 && Double.isFinite(tol), "tol must be finite and ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0 && Double.isFinite(stationaryTol), "stationary tol must be finite and ≥ 0, got "
                + stationaryTol);
            InvalidInputException.require(divergenceFactor > 1, "divergence factor must be > 1, got " + divergenceFactor);
        }

        /** Mirror map, step η and α, with gd's default stopping rules. */
        public static Options of(Mirror mirror, double step, double alpha) {
            return new Options(mirror, step, alpha, DEFAULT_MAX_ITERATIONS, GradientDescent.Options.DEFAULT_TOL,
                GradientDescent.Options.DEFAULT_STATIONARY_TOL, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        public Options withMaxIterations(long k) {
            return new Options(mirror, step, alpha, k, tol, stationaryTol, divergenceFactor);
        }

        public Options withTol(double t) {
            return new Options(mirror, step, alpha, maxIterations, t, stationaryTol, divergenceFactor);
        }

        public Options withStationaryTol(double t) {
            return new Options(mirror, step, alpha, maxIterations, tol, t, divergenceFactor);
        }
    }

    /** A given X₀ counts as symmetric when max|X_ij − X_ji| ≤ this times max(‖X₀‖_F, tiny). */
    public static final double SYMMETRY_TOL = 1e-12;

    private final Options options;

    public MirrorDescent(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Runs from the mirror map's own start: X₀ = α·I (entropy) or X₀ = 0 (hypentropy). */
    public OptimizationResult optimize(Problem problem, IterationListener listener) {
        int n = problem.n();
        double[] phi0 = new double[n * n];
        if (options.mirror() == Mirror.ENTROPY) {
            double logAlpha = Math.log(options.alpha());
            for (int i = 0; i < n; i++) {
                phi0[i * n + i] = logAlpha;
            }
        }
        return run(problem, phi0, listener);
    }

    /**
     * Runs from the given X₀ (n×n column-major, not modified): Φ₀ = log X₀ (entropy; X₀ must be symmetric positive
     * definite, as log X₀ must be finite) or arsinh(X₀/α) (hypentropy; X₀ symmetric).
     *
     * @throws InvalidInputException (one line, before any work) when X₀ has the wrong size, is not finite, not symmetric,
     *                               or, for the entropy, not positive definite
     */
    public OptimizationResult optimize(Problem problem, double[] x0, IterationListener listener) {
        return run(problem, initialDual(x0, problem.n()), listener);
    }

    /**
     * Φ₀ = ∇Φ(X₀) for the given X₀ (n×n, not modified), checked as {@link #optimize(Problem, double[], IterationListener)}
     * checks it: a caller validating settings before any work calls it for the refusal alone.
     */
    public double[] initialDual(double[] x0, int n) {
        InvalidInputException.require(x0 != null && x0.length == (long) n * n, "X0 must be " + n + "×" + n + " (" + n * n + " entries), got "
            + (x0 == null ? "none" : x0.length + " entries"));
        InvalidInputException.require(Linalg.allFinite(x0), "X0 has non-finite entries");
        double norm = Linalg.norm(x0);
        double asym = Linalg.asymmetry(x0, n);
        InvalidInputException.require(asym <= SYMMETRY_TOL * Math.max(norm, Double.MIN_NORMAL), "X0 is not symmetric (max |X_ij − X_ji| = "
            + asym + ")");
        double[] sym = x0.clone();
        Linalg.symmetrizeFromUpper(sym, n);
        SymmetricEigen e = SymmetricEigen.decompose(sym, n, true);
        if (options.mirror() == Mirror.ENTROPY) {
            double[] lambda = e.values();
            double min = n == 0 ? 1 : lambda[n - 1];
            InvalidInputException.require(min > 0, "X0 must be positive definite for mirror descent with the spectral entropy (log X0), "
                + "its smallest eigenvalue is " + min);
            return SpectralFunctions.apply(e, n, Math::log);
        }
        double alpha = options.alpha();
        return SpectralFunctions.apply(e, n, v -> asinh(v / alpha));
    }

    private OptimizationResult run(Problem problem, double[] phi0, IterationListener listener) {
        MeasurementOperator op = problem.operator();
        int n = op.n();
        int m = op.m();
        double[] y = problem.y();
        double eta = options.step();
        double alpha = options.alpha();
        java.util.function.DoubleUnaryOperator primal = options.mirror() == Mirror.ENTROPY ? Math::exp : v -> alpha * Math.sinh(v);
        IterativeDriver driver = IterativeDriver.start();
        double yNorm = Linalg.norm(y);
        double scale = yNorm > 0 ? yNorm : 1.0;
        double[] phi = phi0.clone();
        double[] x0 = primal(phi, n, primal);
        double[] r = new double[m];
        double[] grad = new double[n * n];
        double loss0 = residual(op, x0, y, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, yNorm * yNorm), options.stationaryTol(),
            options.maxIterations());
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, x0, 0.0), loss -> Math.sqrt(loss) / scale,
            checker, listener, IterativeDriver.FiniteCheck.LOSS_AND_POINT, (k, it) -> {
                double[] x = it.point();
                op.adjoint(r, grad); // r = 𝒜(X_k) − y; ∇F(X_k) = 2𝒜*(r)
                double gradNorm = 2.0 * Linalg.norm(grad);
                double c = 2.0 * eta;
                for (int i = 0; i < phi.length; i++) {
                    phi[i] -= c * grad[i];
                }
                double[] next = primal(phi, n, primal);
                double nn = Linalg.norm(next);
                double diff = Linalg.distance(next, x);
                double relChange = nn > 0 ? diff / nn : (diff == 0 ? 0 : Double.POSITIVE_INFINITY);
                double loss = Linalg.allFinite(next) ? residual(op, next, y, r) : Double.NaN;
                return new IterativeDriver.Iterate(loss, gradNorm, eta, relChange, next, it.time() + eta);
            });
        IterationState last = out.last();
        return new OptimizationResult(last.point(), null, n, n, out.stopReason(), out.criterion(), out.iterations(), out.iterations(),
            out.seconds(), last.loss(), last.trainError(), last.gradientNorm());
    }

    /** X = V diag(φ(λ)) Vᵀ for Φ = V diag(λ) Vᵀ; all NaN when Φ is not finite or φ(λ) overflows (the driver stops NON_FINITE). */
    private static double[] primal(double[] phi, int n, java.util.function.DoubleUnaryOperator f) {
        try {
            return SpectralFunctions.apply(SymmetricEigen.decomposeMrrr(phi, n), n, f);
        } catch (ArithmeticException e) {
            double[] bad = new double[n * n];
            Arrays.fill(bad, Double.NaN);
            return bad;
        }
    }

    /** arsinh(v) = sign(v)·log(|v| + √(v² + 1)), accurate for small |v| through log1p. */
    static double asinh(double v) {
        double a = Math.abs(v);
        double s = a > 1e154 ? Math.log(a) + Math.log(2) : Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return Math.copySign(s, v);
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
