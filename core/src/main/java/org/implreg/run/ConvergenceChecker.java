package org.implreg.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides from the current iteration state whether a method should stop. Checkers are separate
 * objects that compose ({@link #any}); the non-finite check is not a checker but comes before them,
 * in {@link IterativeDriver}.
 */
@FunctionalInterface
public interface ConvergenceChecker {

    /** Stop decision: the reason and a human-readable criterion such as "train_error <= 1e-06". */
    record Stop(StopReason reason, String criterion) {}

    Optional<Stop> check(IterationState state);

    /**
     * The cap on the iteration count k this checker enforces ({@link #maxIterations(long)}, the least of
     * the parts of {@link #any}), {@link Long#MAX_VALUE} without one: what the driver tells the listener at
     * {@link RunLifecycle#init}.
     */
    default long maxIterations() {
        return Long.MAX_VALUE;
    }

    /**
     * The per-iterate protocol of {@link IterativeDriver#observe} with the loss-only non-finite check: a
     * non-finite loss stops (NON_FINITE) before anyone sees the iterate; otherwise {@code listener} sees
     * it and then this checker decides.
     */
    default Optional<Stop> observe(IterationState state, IterationListener listener) {
        return IterativeDriver.observe(state, IterativeDriver.FiniteCheck.LOSS, listener, this);
    }

    /** Stops (CONVERGED) when the relative training error ‖𝒜(X) − y‖/‖y‖ ≤ tol. */
    static ConvergenceChecker trainError(double tol) {
        return s -> s.trainError() <= tol
            ? Optional.of(new Stop(StopReason.CONVERGED, "train_error <= " + tol)) : Optional.empty();
    }

    /** Stops (CONVERGED) when the relative change of the iterate is ≤ tol (a stationary point). */
    static ConvergenceChecker relativeChange(double tol) {
        return s -> s.iteration() > 0 && s.relativeChange() <= tol
            ? Optional.of(new Stop(StopReason.CONVERGED, "relative_change <= " + tol)) : Optional.empty();
    }

    /** Stops (MAX_ITER) after {@code max} steps. */
    static ConvergenceChecker maxIterations(long max) {
        return new ConvergenceChecker() {
            @Override
            public Optional<Stop> check(IterationState s) {
                return s.iteration() >= max ? Optional.of(new Stop(StopReason.MAX_ITER, "iterations >= " + max)) : Optional.empty();
            }

            @Override
            public long maxIterations() {
                return max;
            }
        };
    }

    /**
     * Stops (DIVERGED) when the loss exceeds {@code limit}, by convention
     * {@link IterativeDriver#divergenceLimit}(factor, f(x₀), f_ref).
     */
    static ConvergenceChecker lossAbove(double limit) {
        return s -> s.loss() > limit
            ? Optional.of(new Stop(StopReason.DIVERGED, "loss > " + limit)) : Optional.empty();
    }

    /**
     * The standard rules of implreg's methods, in this order: training error ≤ tol (CONVERGED), loss
     * above {@code divergenceLimit} (DIVERGED), relative change ≤ stationaryTol (CONVERGED; 0 disables),
     * {@code maxIterations} reached (MAX_ITER).
     */
    static ConvergenceChecker standard(double tol, double divergenceLimit, double stationaryTol, long maxIterations) {
        return stationaryTol > 0
            ? any(trainError(tol), lossAbove(divergenceLimit), relativeChange(stationaryTol), maxIterations(maxIterations))
            : any(trainError(tol), lossAbove(divergenceLimit), maxIterations(maxIterations));
    }

    /** The first checker (in order) that stops. */
    static ConvergenceChecker any(ConvergenceChecker... checkers) {
        List<ConvergenceChecker> list = new ArrayList<>(List.of(checkers));
        long cap = list.stream().mapToLong(ConvergenceChecker::maxIterations).min().orElse(Long.MAX_VALUE);
        return new ConvergenceChecker() {
            @Override
            public Optional<Stop> check(IterationState s) {
                for (ConvergenceChecker c : list) {
                    Optional<Stop> stop = c.check(s);
                    if (stop.isPresent()) {
                        return stop;
                    }
                }
                return Optional.empty();
            }

            @Override
            public long maxIterations() {
                return cap;
            }
        };
    }
}
