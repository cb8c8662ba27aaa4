package org.implreg.run;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The start and the end of a run, for whatever observes its iterates (Hipparchus's
 * {@code ODEStepHandler.init/finish}). The loop that runs a method calls {@link #init} exactly once,
 * before the first iterate is shown, and {@link #finish} exactly once, after the last one: on a stop
 * (CONVERGED, MAX_ITER, DIVERGED, NON_FINITE, …) with that stop, and also when the run throws, then
 * with {@link End#failed} (in a {@code finally}: an observer that holds a resource can always release
 * it). A loop that runs inner loops (GLRL's phases, completion GD's checkpoint segments) hands them a
 * listener without a lifecycle, so its own observer still sees one init and one finish. Both methods
 * do nothing by default; {@link #observe} is the one way a loop brackets its run.
 */
public interface RunLifecycle {

    /**
     * What the run is, as its loop starts it.
     *
     * @param maxIterations the loop's cap on the iteration count k ({@link Long#MAX_VALUE} when it stops
     *                      only on other budgets: flow time, evaluations, phases)
     */
    record Start(long maxIterations) {
        /** A run without an iteration cap of its own. */
        public static final Start UNCAPPED = new Start(Long.MAX_VALUE);
    }

    /**
     * How the run ended.
     *
     * @param reason    why it stopped (the result's stop reason); null when it threw
     * @param criterion the stop's criterion text (the result's), or the failure's message
     * @param failure   what the run threw, or null when it stopped normally
     */
    record End(StopReason reason, String criterion, Throwable failure) {
        /** A normal stop. */
        public static End of(StopReason reason, String criterion) {
            return new End(reason, criterion, null);
        }

        /** A run that threw {@code e}. */
        public static End failed(Throwable e) {
            return new End(null, String.valueOf(e.getMessage()), e);
        }

        /** Whether the run threw. */
        public boolean isFailure() {
            return failure != null;
        }
    }

    /**
     * A lifecycle that hands init and finish to another ({@code to}): the base of the listeners that add
     * their own per-iterate call to a lifecycle they forward (e.g. {@code of(lifecycle, each)} factories).
     */
    abstract class Forwarding implements RunLifecycle {
        private final RunLifecycle to;

        protected Forwarding(RunLifecycle to) {
            this.to = to;
        }

        @Override
        public void init(Start start) {
            to.init(start);
        }

        @Override
        public void finish(End end) {
            to.finish(end);
        }
    }

    /** Called once before the first iterate. */
    default void init(Start start) {
    }

    /** Called once after the last iterate (whatever ended the run; see {@link End}). */
    default void finish(End end) {
    }

    /**
     * Runs {@code body} as one run observed by {@code observer}: init, the body, then finish with the stop
     * {@code stopOf} reads from the body's result, or with {@link End#failed} when the body throws (the
     * failure is rethrown; a failure of finish itself is added to it as suppressed).
     *
     * @param observer the run's observer (null: none)
     * @param start    what the run is
     * @param body     the loop
     * @param stopOf   the result's stop (reason and criterion)
     * @return the body's result
     */
    static <T> T observe(RunLifecycle observer, Start start, Supplier<T> body, Function<T, ConvergenceChecker.Stop> stopOf) {
        if (observer == null) {
            return body.get();
        }
        observer.init(start);
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            try {
                observer.finish(End.failed(e));
            } catch (RuntimeException | Error f) {
                e.addSuppressed(f);
            }
            throw e;
        }
        ConvergenceChecker.Stop stop = stopOf.apply(result);
        observer.finish(End.of(stop.reason(), stop.criterion()));
        return result;
    }
}
