package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.implreg.InvalidInputException;
import org.implreg.completion.CompletionGd;
import org.implreg.metrics.IterateView;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.metrics.ViewListener;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Problem;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/**
 * The listener lifecycle ({@link RunLifecycle}, as Hipparchus's {@code ODEStepHandler}): for every
 * registered method, on every problem kind it solves, the listener sees {@code init} exactly once
 * before any iterate and {@code finish} exactly once after the last, with the result's stop reason;
 * through a plain listener and through a {@link ViewListener} (the view a method binds must keep the
 * lifecycle), on a run that stops normally and, for methods with a step, on one that diverges. No
 * method is named here: a new method in {@link Methods} is covered as it is registered.
 */
class ListenerLifecycleContractTest {
    /** A step far beyond the stable range of the contract problem (‖𝒜‖² ~ 10): GD-like methods diverge. */
    static final double DIVERGING_STEP = 50.0;

    /** Records the lifecycle and the iterates in order: "init", "k", "finish REASON". */
    static class Events implements ViewListener {
        final List<String> seen = new ArrayList<>();
        RunLifecycle.End end;
        long maxIterations;

        @Override
        public void init(Start start) {
            maxIterations = start.maxIterations();
            seen.add("init");
        }

        @Override
        public void onIteration(IterationState s) {
            seen.add(Long.toString(s.iteration()));
        }

        @Override
        public void finish(End e) {
            end = e;
            seen.add("finish " + e.reason());
        }

        @Override
        public IterationListener withView(IterateView view) {
            return IterationListener.forwarding(this, this::onIteration);
        }

        /** The lifecycle held: one init first, one finish last, with {@code reason}, no failure. */
        void assertBracketed(String what, StopReason reason) {
            assertThat(seen).as(what + ": events").isNotEmpty();
            assertThat(seen.get(0)).as(what + ": init before any iterate").isEqualTo("init");
            assertThat(seen.stream().filter("init"::equals).count()).as(what + ": one init").isEqualTo(1);
            assertThat(seen.stream().filter(e -> e.startsWith("finish")).count()).as(what + ": one finish").isEqualTo(1);
            assertThat(seen.get(seen.size() - 1)).as(what + ": finish after the last iterate, with the result's stop")
                .isEqualTo("finish " + reason);
            assertThat(end.isFailure()).as(what).isFalse();
            assertThat(maxIterations).as(what + ": the cap told at init").isPositive();
        }
    }

    @Test
    void everyMethodBracketsItsRunOnSymmetricProblems() {
        Problem p = MethodsContractTest.symmetric();
        List<String> checked = new ArrayList<>();
        for (Method m : Methods.all().values()) {
            if (!m.supports(ProblemKind.SYMMETRIC) || (m.external() && unavailable(m, p))) {
                continue;
            }
            Capabilities c = m.capabilities(ProblemKind.SYMMETRIC);
            SolveSettings s = SolveSettings.of(m.name(), null, 1e-3, Double.NaN, 1)
                .withMaxIterations(c.reads().contains(Capabilities.MAX_ITER) ? (c.step() ? 2_000L : 200_000L) : null)
                .withTol(c.reads().contains(Capabilities.TOL) ? 1e-3 : null);
            List<SolveSettings> runs = new ArrayList<>(List.of(s));
            if (c.step()) {
                runs.add(SolveSettings.builder(s.method()).d(s.d()).initScale(s.initScale()).step(DIVERGING_STEP)
                    .maxIterations(s.maxIterations()).tol(s.tol()).seed(s.seed()).options(s.options())
                    .init(s.init(), s.initMatrix()).build());
            }
            for (SolveSettings run : runs) {
                for (boolean viewed : new boolean[] {false, true}) {
                    Events e = new Events();
                    IterationListener l = viewed ? e : IterationListener.forwarding(e, e::onIteration);
                    SolveReport r = m.solve(p, run, l);
                    String what = m.name() + " step " + run.step() + (viewed ? " (view listener)" : "");
                    e.assertBracketed(what, r.result().stopReason());
                }
            }
            checked.add(m.name());
        }
        assertThat(checked).containsAll(Methods.all().values().stream().filter(m -> !m.external()).map(Method::name).toList());
        assertThat(checked).contains("landweber");
    }

    @Test
    void everyIterativeCompletionMethodBracketsItsRun() {
        AsymmetricCompletion[] c = MethodsContractTest.completion();
        int iterative = 0;
        for (Method m : Methods.all().values()) {
            if (!m.supports(ProblemKind.RECTANGULAR_COMPLETION)) {
                continue;
            }
            Capabilities cap = m.capabilities(ProblemKind.RECTANGULAR_COMPLETION);
            // checkpoint segments of 100 steps: inner runs, which must not restart the lifecycle
            SolveSettings s = SolveSettings.builder(m.name()).d(cap.width() ? 2 : null)
                .initScale(cap.defaultNumber("init_scale", 1.0)).maxIterations(cap.reads()
                .contains(Capabilities.MAX_ITER) ? 2000L : null).seed(3)
                .options(cap.resumable() ? java.util.Map.of("checkpoint_every", "100") : java.util.Map.of()).build();
            Events e = new Events();
            CompletionReport r = m.complete(c[0], c[1], s, o -> CompletionGd.Checkpoints.NONE, e);
            boolean loop = Arrays.stream(StopReason.values()).anyMatch(v -> v.name().equals(r.stopReason()));
            assertThat(loop).as(m.name() + ": a loop's stop reason iff it declares itself iterative").isEqualTo(cap.iterative());
            if (loop) {
                e.assertBracketed(m.name() + " completion", StopReason.valueOf(r.stopReason()));
                iterative++;
            } else {
                assertThat(e.seen).as(m.name() + ": a closed form has no iterates").doesNotContain("0");
            }
        }
        assertThat(iterative).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRunThatThrowsFinishesWithItsFailureAndRethrowsIt() {
        Events e = new Events();
        RuntimeException boom = new IllegalStateException("step 3 failed");
        double[] x = {1.0};
        assertThatThrownBy(() -> IterativeDriver.start().run(IterativeDriver.Iterate.initial(1.0, x, 0.0), Math::sqrt,
            ConvergenceChecker.maxIterations(10), e, (k, it) -> {
                if (k == 3) {
                    throw boom;
                }
                return new IterativeDriver.Iterate(it.loss() / 2, 1, 1, 0.5, x, k + 1);
            })).isSameAs(boom);
        assertThat(e.seen).containsExactly("init", "0", "1", "2", "3", "finish null");
        assertThat(e.end.failure()).isSameAs(boom);
        assertThat(e.maxIterations).isEqualTo(10);
    }

    @Test
    void wrappersForwardTheLifecycle() {
        Events a = new Events();
        Events b = new Events();
        IterationListener both = ViewListener.both(IterationListener.every(2, a), b);
        IterationListener bound = IterateView.bind(both, st -> new IterateView.Snapshot(new double[0], Double.NaN, Double.NaN));
        double[] x = {1.0};
        IterativeDriver.start().run(IterativeDriver.Iterate.initial(1.0, x, 0.0), Math::sqrt, ConvergenceChecker.maxIterations(3), bound,
            (k, it) -> new IterativeDriver.Iterate(it.loss() / 2, 1, 1, 0.5, x, k + 1));
        assertThat(a.seen).containsExactly("init", "0", "2", "finish MAX_ITER");
        assertThat(b.seen).containsExactly("init", "0", "1", "2", "3", "finish MAX_ITER");
    }

    @Test
    void theRecorderRecordsTheLastIterateAtFinishAndNothingAfterAFailure() {
        TraceRecorder done = new TraceRecorder(TraceSchedule.every(4), 1);
        TraceRecorder failed = new TraceRecorder(TraceSchedule.every(4), 1);
        for (TraceRecorder t : List.of(done, failed)) {
            t.init(RunLifecycle.Start.UNCAPPED);
            for (long k = 0; k <= 6; k++) {
                t.onIteration(new IterationState(k, 1.0 / (k + 1), 1, 1, 0.1, 0, null, 0.1 * k));
            }
        }
        done.finish(RunLifecycle.End.of(StopReason.MAX_ITER, "iterations >= 6"));
        failed.finish(RunLifecycle.End.failed(new IllegalStateException("no")));
        assertThat(done.rows()).extracting(TraceRecorder.Row::iteration).containsExactly(0L, 4L, 6L);
        assertThat(failed.rows()).extracting(TraceRecorder.Row::iteration).containsExactly(0L, 4L);
    }

    private static boolean unavailable(Method m, Problem p) {
        try {
            m.solve(p, SolveSettings.of(m.name(), null, 1e-3, Double.NaN, 1), IterationListener.NONE);
            return false;
        } catch (InvalidInputException e) {
            return true; // not installed: its oracle tests cover it where it is
        }
    }
}
