package org.implreg.metrics;

import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;

/**
 * A listener that wants the iterate's {@link IterateView} (see {@link IterateView#bind}). Used
 * without a view (a method that binds none) it sees the plain states.
 */
public interface ViewListener extends IterationListener {

    /** This listener reading {@code view} on the iterates it records. */
    IterationListener withView(IterateView view);

    /**
     * {@code a} then {@code b} on every state, each with the view where it wants one (e.g. a progress
     * bar and a trace); {@code b} may be null (then {@code a} itself).
     */
    static IterationListener both(IterationListener a, IterationListener b) {
        if (b == null) {
            return a;
        }
        IterationListener first = a == null ? IterationListener.NONE : a;
        return new ViewListener() {
            @Override
            public void onIteration(IterationState s) {
                first.onIteration(s);
                b.onIteration(s);
            }

            @Override
            public IterationListener withView(IterateView view) {
                IterationListener x = IterateView.bind(first, view);
                IterationListener y = IterateView.bind(b, view);
                return s -> {
                    x.onIteration(s);
                    y.onIteration(s);
                };
            }
        };
    }
}
