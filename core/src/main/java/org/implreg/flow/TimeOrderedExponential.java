package org.implreg.flow;

import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * The time-ordered exponential of Gunasekar et al. (2017), eq. (12): with r_k = 𝒜(X_k) − y,
 * <pre>
 *   X_{k+1} = e^{−ε𝒜*(r_k)} X_k e^{−ε𝒜*(r_k)},
 * </pre>
 * kept in factored form U_{k+1} = e^{−ε𝒜*(r_k)} U_k (X = U Uᵀ), so X stays positive semidefinite
 * exactly, whatever ε. The exponential of the symmetric 𝒜*(r) = Q diag(λ) Qᵀ is Q diag(e^{−ελ}) Qᵀ
 * (one LAPACK {@code dsyevd} per step). To first order a step is a gradient step with η = ε/4
 * (∇f = 4𝒜*(r)U), so after k steps the flow time is kε/4; as ε → 0 the iterates follow the gradient
 * flow, with steps that stay on the manifold {e^{S}X₀e^{S}} of the paper's eq. (11) when the A_i commute.
 *
 * <p>Runs in the {@link IterativeDriver} and stops like gradient descent: relative training error ≤ tol,
 * relative change ‖U_{k+1} − U_k‖_F/‖U_k‖_F ≤ stationaryTol, maxIterations, DIVERGED when the loss
 * exceeds {@link IterativeDriver#divergenceLimit}(10⁸, f(U₀), ‖y‖²), NON_FINITE when the loss or an
 * entry of U is not finite.
 *
 * <p><b>Scale.</b> Every stopping rule reads a ratio (‖r‖/‖y‖, a relative change, a loss ratio), and ε is a
 * step in the problem's own units (like gradient descent's η): the problem (a𝒜, b·y) (a, b &gt; 0) run with
 * ε/(ab) from √(b/a)·U₀ has the iterates √(b/a)·U_k of (𝒜, y) run with ε from U₀ (ε𝒜*(r) is unchanged),
 * so it stops at the same k with (b/a)·X.
 */
public final class TimeOrderedExponential {

    /**
     * Options of {@link TimeOrderedExponential}.
     *
     * @param epsilon       ε of eq. (12) (&gt; 0); the flow time advances by ε/4 a step
     * @param maxIterations step cap (≥ 0)
     * @param tol           stop when ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol (≥ 0)
     * @param stationaryTol stop when the relative change of U is ≤ this (≥ 0; 0 disables)
     */
    public record Options(double epsilon, long maxIterations, double tol, double stationaryTol) {
        /** The paper's ε (Figure 3). */
        public static final double DEFAULT_EPSILON = 0.1;
        /** Default step cap. */
        public static final long DEFAULT_MAX_ITERATIONS = 1_000_000;

        public Options {
            InvalidInputException.require(Double.isFinite(epsilon) && epsilon > 0, "epsilon must be finite and > 0, got " + epsilon);
            InvalidInputException.require(maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0 && !Double.isNaN(tol), "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0 && !Double.isNaN(stationaryTol),
                "stationary tol must be ≥ 0, got " + stationaryTol);
        }

        /** ε with the default stopping rules of gradient descent. */
        public static Options of(double epsilon) {
            return new Options(epsilon, DEFAULT_MAX_ITERATIONS, IterativeDriver.DEFAULT_TOL, IterativeDriver.DEFAULT_STATIONARY_TOL);
        }

        public Options withMaxIterations(long k) {
            return new Options(epsilon, k, tol, stationaryTol);
        }

        public Options withTol(double t) {
            return new Options(epsilon, maxIterations, t, stationaryTol);
        }

        public Options withStationaryTol(double s) {
            return new Options(epsilon, maxIterations, tol, s);
        }
    }

    private final Options options;

    public TimeOrderedExponential(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * Runs from U₀.
     *
     * @param f        the objective (its scratch space is used)
     * @param u0       U₀, n×d column-major; not modified
     * @param listener called after every step, with the flow time kε/4
     * @return U (n×d), X = UUᵀ (NaN where U is not finite); one adjoint evaluation 𝒜*(r) per step
     */
    public OptimizationResult optimize(FactorizedObjective f, double[] u0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        InvalidInputException.require(u0.length == n * d,
            "initial U must be " + n + "×" + d + " (" + n * d + " entries), got " + u0.length);
        IterativeDriver driver = IterativeDriver.start();
        double eps = options.epsilon();
        double[] u = u0.clone();
        double[][] spare = {new double[n * d]}; // U_{k+1} is built here; U_k's array becomes the next spare
        double[] qtu = new double[n * d];
        double[] r = new double[f.m()];
        double[] s = new double[n * n];
        double scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
        double loss0 = f.residual(u, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(IterativeDriver.DEFAULT_DIVERGENCE_FACTOR, loss0, f.yNorm() * f.yNorm()),
            options.stationaryTol(), options.maxIterations());
        // U may turn non-finite where 𝒜 does not look (completion), so the check looks at U too
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, u, 0.0), loss -> Math.sqrt(loss) / scale,
            checker, listener, IterativeDriver.FiniteCheck.LOSS_AND_POINT, (k, it) -> {
                double[] cur = it.point();
                double[] next = spare[0];
                f.operator().adjoint(r, s);
                SymmetricEigen eig = SymmetricEigen.decompose(s, n, true);
                double[] q = eig.vectors();
                double[] lambda = eig.values();
                // gradient norm ‖4𝒜*(r)U‖ for the record: 4‖diag(λ) QᵀU‖
                Linalg.BLAS.dgemm("T", "N", n, d, n, 1.0, q, n, cur, n, 0.0, qtu, n);
                double gn = 0;
                for (int j = 0; j < d; j++) {
                    for (int i = 0; i < n; i++) {
                        double v = qtu[i + j * n];
                        gn += lambda[i] * lambda[i] * v * v;
                        qtu[i + j * n] = Math.exp(-eps * lambda[i]) * v;
                    }
                }
                double gradNorm = 4.0 * Math.sqrt(gn);
                Linalg.BLAS.dgemm("N", "N", n, d, n, 1.0, q, n, qtu, n, 0.0, next, n);
                double un = Linalg.norm(cur);
                double relChange = un > 0 ? Linalg.distance(next, cur) / un : Double.POSITIVE_INFINITY;
                spare[0] = cur;
                double loss = Linalg.allFinite(next) ? f.residual(next, r) : Double.NaN;
                return new IterativeDriver.Iterate(loss, gradNorm, eps, relChange, next, (k + 1) * eps / 4.0);
            });
        u = out.last().point();
        return OptimizationResult.ofFactor(u, n, d, out); // one gradient evaluation per step
    }
}
