package org.implreg.run;

/**
 * What an iterative method reports after evaluating iterate k (before taking step k+1).
 *
 * @param iteration      k, the number of steps taken so far
 * @param loss           the objective value at the iterate
 * @param trainError     relative training error ‖𝒜(X) − y‖/‖y‖
 * @param gradientNorm   ‖∇‖_F at the iterate (NaN before it is computed)
 * @param step           the step length used for the previous step (NaN at k = 0)
 * @param relativeChange ‖X_k − X_{k−1}‖_F/‖X_k‖_F or the method's analogue (NaN at k = 0)
 * @param point          the live iterate (U for factorized methods, X otherwise): read, never keep
 *                       or modify it; copy what you need
 * @param time           for gradient flows and their discretizations: the flow time t of the
 *                       iterate (in the scaling U̇ = −∇f(U)); NaN for methods without one
 */
public record IterationState(long iteration, double loss, double trainError, double gradientNorm, double step,
                             double relativeChange, double[] point, double time) {

    /** A state without flow time. */
    public IterationState(long iteration, double loss, double trainError, double gradientNorm, double step,
                          double relativeChange, double[] point) {
        this(iteration, loss, trainError, gradientNorm, step, relativeChange, point, Double.NaN);
    }
}
