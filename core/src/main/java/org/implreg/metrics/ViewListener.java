package org.implreg.metrics;

import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.RunLifecycle;

/**
 * A listener that wants the iterate's {@link IterateView} (see {@link IterateView#bind}). Used
 * without a view (a method that binds none) it sees the plain states. The listener {@link #withView}
 * returns keeps this one's lifecycle (init and finish reach this listener).
 */
public interface ViewListener extends IterationListener {

    /** This listener reading {@code view} on the iterates it records. */
    IterationListener withView(IterateView view);

    /**
     * {@code a} then {@code b} on every state, each with the view where it wants one (e.g. a progress
     * bar and a trace), and on init and finish; {@code b} may be null (then {@code a} itself).
     */
    static IterationListener both(IterationListener a, IterationListener b) {
        if (b == null) {
            return a;
        }
        IterationListener first = a == null ? IterationListener.NONE : a;
        RunLifecycle lifecycle = new RunLifecycle() {
            @Override
            public void init(Start start) {
                first.init(start);
                b.init(start);
            }

            @Override
            public void finish(End end) {
                first.finish(end);
                b.finish(end);
            }
        };
        final class Both extends RunLifecycle.Forwarding implements ViewListener {
            Both() {
                super(lifecycle);
            }

            @Override
            public void onIteration(IterationState s) {
                first.onIteration(s);
                b.onIteration(s);
            }

            @Override
            public IterationListener withView(IterateView view) {
                IterationListener x = IterateView.bind(first, view);
                IterationListener y = IterateView.bind(b, view);
                return IterationListener.forwarding(lifecycle, s -> {
                    x.onIteration(s);
                    y.onIteration(s);
                });
            }
        }
        return new Both();
    }
}
