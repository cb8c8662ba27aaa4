package org.implreg.reproduce.wu2021;

import java.util.function.UnaryOperator;
import org.implreg.linalg.Linalg;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;

/**
 * The runs of the reproduction through the method registry: implreg's {@code gd} from U₀ = √α·I at the paper's GD step,
 * {@code md} from X₀ = α·I at the paper's MD step (both converted by {@link Wu2021Problems}), {@code nucmin} for the
 * certified minimum; and what is measured of a limit X: ‖X‖_*, the entropy effective rank exp H(σ/‖σ‖₁) (the public
 * code's {@code effrank}), ‖X − X*‖_F/‖X*‖_F, ‖X − X_min‖_F/‖X_min‖_F and (‖X‖_* − min)/min.
 */
final class Wu2021Runs {
    private Wu2021Runs() {}

    /**
     * How implreg's {@code md} scales the paper's gradient: its loss is f(X) = ‖𝒜(X) − y‖² (implreg's normalisation, no ½),
     * ∇f(X) = 2𝒜*(r) = 2c·g, so its step η_md moves ∇Φ by 2c·η_md·g and the paper's MD step η is η_md = η/(2c).
     */
    static final double MD_GRADIENT_FACTOR = 2;

    /** implreg's {@code md} step for the paper's MD step η on a problem of {@code kind} with m measurements: η/(2c). */
    static double mdStep(double eta, Wu2021Problems.Kind kind, int m) {
        return eta / (MD_GRADIENT_FACTOR * Wu2021Problems.gradientScale(kind, m));
    }

    /** The settings of the paper's GD: {@code gd}, U₀ = √α·I (width n), step η/(8c), {@code iterations} steps, no early stop. */
    static SolveSettings gdSettings(int n, double alpha, double eta, Wu2021Problems.Kind kind, int m, long iterations) {
        return SolveSettings.builder("gd").init(SolveSettings.Init.GIVEN, Wu2021Problems.identityFactor(n, alpha))
            .step(Wu2021Problems.gdStep(eta, kind, m)).maxIterations(iterations).tol(0.0).build();
    }

    /** The settings of the paper's MD: {@code md}, X₀ = α·I (option alpha), step η/(2c), {@code iterations} steps, no early stop. */
    static SolveSettings mdSettings(double alpha, double eta, Wu2021Problems.Kind kind, int m, long iterations) {
        return SolveSettings.builder("md").option("alpha", Double.toString(alpha)).step(mdStep(eta, kind, m)).maxIterations(iterations)
            .tol(0.0).build();
    }

    /** Runs {@code s} on {@code p} through the registry. */
    static SolveReport solve(Problem p, SolveSettings s, IterationListener l) {
        return Methods.get(s.method()).solve(p, s, l);
    }

    /**
     * The iterate of {@code method} as X (n×n): {@code gd}'s point is U (X = UUᵀ), {@code md}'s is X itself.
     */
    static UnaryOperator<double[]> iterateToX(String method, int n) {
        if (method.equals("gd")) {
            return u -> {
                double[] x = new double[n * n];
                Linalg.gram(u, n, u.length / n, x);
                return x;
            };
        }
        return double[]::clone;
    }

    /** What is measured of one limit X (class comment); {@code min} the certified minimum X (null: NaN distances). */
    record Measured(double nuclearNorm, double effectiveRank, double relError, double distanceToMin, double gapToMin) {
        static Measured of(double[] x, int n, double[] xStar, double[] min, double minNuclearNorm) {
            SolutionMetrics sm = SolutionMetrics.of(x, n, xStar);
            double dMin = min == null ? Double.NaN : Linalg.distance(x, min) / Math.max(Linalg.norm(min), Double.MIN_NORMAL);
            return new Measured(sm.nuclearNorm(), SolutionMetrics.entropyEffectiveRank(sm.singularValues()), sm.relativeError(), dMin,
                (sm.nuclearNorm() - minNuclearNorm) / minNuclearNorm);
        }
    }
}
