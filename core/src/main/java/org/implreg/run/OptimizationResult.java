package org.implreg.run;

/**
 * The outcome of one run of an iterative method.
 *
 * @param x                   the final X (n×n column-major, symmetric)
 * @param u                   the final factor U (n×d column-major), or null for methods on X
 * @param n                   dimension n
 * @param d                   factor width d (n for methods on X)
 * @param stopReason          why the run stopped
 * @param criterion           the criterion that stopped it, e.g. "train_error <= 1e-06"
 * @param iterations          steps taken
 * @param gradientEvaluations gradient evaluations (also counts those of line searches)
 * @param seconds             wall-clock seconds
 * @param loss                final objective value
 * @param trainError          final ‖𝒜(X) − y‖/‖y‖
 * @param gradientNorm        final ‖∇‖_F
 */
public record OptimizationResult(double[] x, double[] u, int n, int d, StopReason stopReason, String criterion,
                                 long iterations, long gradientEvaluations, double seconds, double loss,
                                 double trainError, double gradientNorm) {

    /**
     * The result of a driver run on a factor with one gradient evaluation per step: X = UUᵀ of {@code u}
     * (n×d, not modified; X is all NaN where U is not finite) and the loss, training error and gradient
     * norm of the driver's last observed iterate.
     */
    public static OptimizationResult ofFactor(double[] u, int n, int d, IterativeDriver.Outcome out) {
        double[] x = new double[n * n];
        if (org.implreg.linalg.Linalg.allFinite(u)) {
            org.implreg.linalg.Linalg.gram(u, n, d, x);
        } else {
            java.util.Arrays.fill(x, Double.NaN);
        }
        IterationState last = out.last();
        return new OptimizationResult(x, u, n, d, out.stopReason(), out.criterion(), out.iterations(), out.iterations(),
            out.seconds(), last.loss(), last.trainError(), last.gradientNorm());
    }
}
