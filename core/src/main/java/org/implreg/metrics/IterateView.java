package org.implreg.metrics;

import org.implreg.linalg.Linalg;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;

/**
 * How a method's iterate maps to the matrix X it stands for, for listeners that want more than the
 * {@link IterationState} (traces: singular values of X, relative error, ‖U‖_F). A method builds its
 * view once and hands its listener through {@link #bind}: a listener that is not a {@link ViewListener}
 * comes back unchanged, so a run without a trace pays nothing; a view is evaluated only on the
 * iterates a listener records, while the method's live arrays hold that iterate.
 */
@FunctionalInterface
public interface IterateView {

    /**
     * What a view computes of one iterate.
     *
     * @param singularValues σ(X), descending, all min(rows, cols) of them
     * @param relativeError  ‖X − X*‖_F/‖X*‖_F, NaN without X*
     * @param factorNorm     ‖U‖_F of the method's factor (√(‖U‖² + ‖V‖²) for UVᵀ, √Σ‖W_j‖² for layers), NaN without one
     */
    record Snapshot(double[] singularValues, double relativeError, double factorNorm) {}

    /** The snapshot of the iterate {@code s} (its point is live: read it now). */
    Snapshot at(IterationState s);

    /** {@code listener} with this view where it wants one ({@link ViewListener}), else {@code listener} itself. */
    static IterationListener bind(IterationListener listener, IterateView view) {
        return listener instanceof ViewListener v ? v.withView(view) : listener;
    }

    /**
     * The point is a factor U (n×d column-major, d = length/n, so GLRL's growing width fits) and
     * X = UUᵀ; metrics as {@link SolutionMetrics#of} computes them for the result.
     */
    static IterateView factor(int n, double[] xStar) {
        return s -> {
            double[] u = s.point();
            double[] x = new double[n * n];
            if (u.length > 0) {
                Linalg.gram(u, n, u.length / n, x);
            }
            return symmetric(x, n, xStar, Linalg.norm(u));
        };
    }

    /**
     * The point is a pair packed as W = [U V] (n×2d column-major, U's columns first) and X = UUᵀ − VVᵀ
     * (gd-pm's indefinite factorization); the factor norm is ‖W‖_F = √(‖U‖² + ‖V‖²).
     */
    static IterateView plusMinus(int n, double[] xStar) {
        return s -> {
            double[] w = s.point();
            int d = w.length / (2 * n);
            double[] x = new double[n * n];
            double[] xm = new double[n * n];
            Linalg.gram(java.util.Arrays.copyOfRange(w, 0, n * d), n, d, x);
            Linalg.gram(java.util.Arrays.copyOfRange(w, n * d, 2 * n * d), n, d, xm);
            for (int i = 0; i < x.length; i++) {
                x[i] -= xm[i];
            }
            return symmetric(x, n, xStar, Linalg.norm(w));
        };
    }

    /** The point is the symmetric n×n X itself (no factor). */
    static IterateView matrix(int n, double[] xStar) {
        return s -> symmetric(s.point(), n, xStar, Double.NaN);
    }

    /** A snapshot of the symmetric n×n {@code x} (singular values |λ|, as in {@link SolutionMetrics}). */
    static Snapshot symmetric(double[] x, int n, double[] xStar, double factorNorm) {
        SolutionMetrics m = SolutionMetrics.of(x, n, xStar);
        return new Snapshot(m.singularValues(), m.relativeError(), factorNorm);
    }
}
