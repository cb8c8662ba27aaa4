package org.implreg.run;

/**
 * Observes the iterations of a method (progress bars, trajectory recording). Methods never log:
 * whatever a run shows or records goes through a listener. Its lifecycle ({@link RunLifecycle}): the
 * loop calls {@link #init} once before the first iterate, {@link #onIteration} on every iterate it
 * shows, and {@link #finish} once after the last, with the run's stop; a lambda has the empty
 * lifecycle. Listeners that wrap another ({@link #every}, {@link #forwarding}) forward it.
 */
@FunctionalInterface
public interface IterationListener extends RunLifecycle {
    /** A listener that does nothing. */
    IterationListener NONE = s -> { };

    void onIteration(IterationState state);

    /** A listener called on iterations 0, k, 2k, … only (its lifecycle on every run). */
    static IterationListener every(long k, IterationListener l) {
        if (k <= 1) {
            return l;
        }
        return forwarding(l, s -> {
            if (s.iteration() % k == 0) {
                l.onIteration(s);
            }
        });
    }

    /** {@code each} on every iterate, with the lifecycle of {@code lifecycle} (init and finish go to it). */
    static IterationListener forwarding(RunLifecycle lifecycle, IterationListener each) {
        final class Forwarded extends RunLifecycle.Forwarding implements IterationListener {
            Forwarded() {
                super(lifecycle);
            }

            @Override
            public void onIteration(IterationState state) {
                each.onIteration(state);
            }
        }
        return new Forwarded();
    }
}
