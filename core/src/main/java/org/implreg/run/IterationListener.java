package org.implreg.run;

/**
 * Observes the iterations of a method (progress bars, trajectory recording). Methods never log:
 * whatever a run shows or records goes through a listener.
 */
@FunctionalInterface
public interface IterationListener {
    /** A listener that does nothing. */
    IterationListener NONE = s -> { };

    void onIteration(IterationState state);

    /** A listener called on iterations 0, k, 2k, … only. */
    static IterationListener every(long k, IterationListener l) {
        if (k <= 1) {
            return l;
        }
        return s -> {
            if (s.iteration() % k == 0) {
                l.onIteration(s);
            }
        };
    }
}
