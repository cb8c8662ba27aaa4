package org.implreg.method;

import java.util.Map;
import java.util.WeakHashMap;
import org.implreg.InvalidInputException;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;

/**
 * U₀ of the factorized methods as {@link SolveSettings} ask for it. Kept in the method layer (not in
 * the settings record) because {@link SolveSettings.Init#SVD_XGD} runs a solver, X_gd.
 */
final class InitialFactors {
    private static final Map<Problem, double[]> XGD_CACHE = new WeakHashMap<>();

    private InitialFactors() {}

    /** The factor width d of {@code s} on dimension n: n when unset; d > n is refused (one line). */
    static int width(SolveSettings s, int n) {
        int d = s.d() == null ? n : s.d();
        org.implreg.InvalidInputException.require(d <= n, "d = " + d + " exceeds n = " + n);
        return d;
    }

    /**
     * U₀ (n×d, column-major): Gaussian with ‖U₀‖_F = initScale drawn from {@code Rng.stream(seed, "init")},
     * the top-d factor of the SVD matrix, the given matrix, or the top-d factor of the problem's X_gd
     * (projected GD with default options, computed once per problem object and kept while the problem
     * is reachable).
     */
    static double[] of(SolveSettings s, Problem problem, int d) {
        int n = problem.n();
        return switch (s.init()) {
            case GAUSSIAN -> Initializers.gaussian(n, d, s.initScale(), Rng.stream(s.seed(), "init"));
            case SVD -> Initializers.topFactor(s.initMatrix(), n, d);
            case GIVEN -> {
                InvalidInputException.require(s.initMatrix().length == n * d,
                    "the given U0 must be " + n + "×" + d + ", got " + s.initMatrix().length + " entries");
                yield s.initMatrix().clone();
            }
            case SVD_XGD -> Initializers.topFactor(xgd(problem), n, d);
        };
    }

    private static double[] xgd(Problem problem) {
        double[] xgd;
        synchronized (XGD_CACHE) {
            xgd = XGD_CACHE.get(problem);
        }
        if (xgd == null) {
            ProjectedGradientMethod m = new ProjectedGradientMethod();
            xgd = m.solve(problem, SolveSettings.of(m.name(), null, 1.0, Double.NaN, 0), IterationListener.NONE).result().x();
            synchronized (XGD_CACHE) {
                XGD_CACHE.put(problem, xgd);
            }
        }
        return xgd;
    }
}
