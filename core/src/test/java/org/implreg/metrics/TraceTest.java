package org.implreg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/** Trace recording: the schedule, the recorder, and every iterative method's view of its iterate. */
class TraceTest {

    @Test
    void logSpacedScheduleKeepsTheFirstStepsThenAboutNPerDecade() {
        TraceSchedule s = TraceSchedule.DEFAULT;
        long count = 0;
        for (long k = 0; k <= 1_000_000; k++) {
            if (s.records(k)) {
                count++;
            }
        }
        assertThat(count).isEqualTo(256);
        for (long k = 0; k <= 20; k++) {
            assertThat(s.records(k)).as("k = %d", k).isTrue();
        }
        assertThat(s.records(10_000)).isTrue();
        assertThat(s.records(10_001)).isFalse();
        TraceSchedule every = TraceSchedule.every(7);
        assertThat(every.records(0)).isTrue();
        assertThat(every.records(14)).isTrue();
        assertThat(every.records(15)).isFalse();
    }

    @Test
    void scheduleOptionsAreRefusedInOneLine() {
        assertThat(TraceSchedule.of(null, null, "--a", "--b")).isEqualTo(TraceSchedule.DEFAULT);
        assertThat(TraceSchedule.of(5L, null, "--a", "--b")).isEqualTo(TraceSchedule.every(5));
        assertThat(TraceSchedule.of(null, 10L, "--a", "--b")).isEqualTo(TraceSchedule.logSpaced(10));
        assertThatThrownBy(() -> TraceSchedule.of(5L, 10L, "--a", "--b")).isInstanceOf(InvalidInputException.class)
            .hasMessage("--a and --b exclude each other");
        assertThatThrownBy(() -> TraceSchedule.of(0L, null, "--a", "--b")).hasMessage("--a must be ≥ 1, got 0");
        assertThatThrownBy(() -> TraceSchedule.of(null, -3L, "--a", "--b")).hasMessage("--b must be in 1..1000000, got -3");
    }

    @Test
    void aListenerThatWantsNoViewComesBackUnchanged() {
        IterationListener plain = s -> { };
        assertThat(IterateView.bind(plain, s -> { throw new AssertionError("no view without a trace"); })).isSameAs(plain);
        assertThat(ViewListener.both(plain, null)).isSameAs(plain);
    }

    /**
     * Issue 21's acceptance on the Figure 1(a) problem (n = 50, r = 2, m = 300, d = n, ‖U₀‖ = 10⁻⁴,
     * η = 10⁻³): the two planted singular values rise in turn, σ₁ first, with a plateau between them
     * (σ₁ near its final value while σ₂ is still small), and the rest stay below 10⁻³·σ₁.
     */
    @Test
    void figure1aSingularValuesRiseInTurn() {
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(50, 2), 0);
        TraceRecorder trace = new TraceRecorder();
        SolveSettings s = SolveSettings.of("gd", null, 1e-4, 1e-3, 0).withMaxIterations(8000L);
        SolveReport rep = Methods.get("gd").solve(p, s, ViewListener.both(IterationListener.NONE, trace));
        List<TraceRecorder.Row> rows = trace.rows();
        double top1 = rows.get(rows.size() - 1).singularValues()[0];
        double top2 = rows.get(rows.size() - 1).singularValues()[1];
        assertThat(top2).isGreaterThan(0.5 * top1);
        long rise1 = firstAbove(rows, 0, 0.5 * top1);
        long rise2 = firstAbove(rows, 1, 0.5 * top2);
        assertThat(rise1).isLessThan(rise2);
        // in turn, with a plateau between: σ₂ rises (to half its end value) ≥ 20% later than σ₁, and when σ₁
        // has risen σ₂ is still below 5% of its end value
        assertThat(rise2 - rise1).isGreaterThanOrEqualTo(rise1 / 5);
        TraceRecorder.Row atRise1 = rows.stream().filter(r -> r.iteration() == rise1).findFirst().orElseThrow();
        assertThat(atRise1.singularValues()[1]).isLessThan(0.05 * top2);
        for (TraceRecorder.Row r : rows) {
            assertThat(r.singularValues()[2]).as("σ₃ at k = %d", r.iteration()).isLessThan(1e-3 * top1);
        }
        assertThat(rows.size()).isLessThan(200);
        assertThat(rows.get(rows.size() - 1).iteration()).isEqualTo(rep.result().iterations());
        assertThat(rows.get(rows.size() - 1).flowTime()).isCloseTo(8000 * 1e-3, within(1e-9));
    }

    private static long firstAbove(List<TraceRecorder.Row> rows, int i, double level) {
        return rows.stream().filter(r -> r.singularValues()[i] >= level).findFirst().orElseThrow().iteration();
    }

    /** Each iterative method's trace ends at its result: the last line's loss, ‖X‖_* and relative error are the report's. */
    @Test
    void everyIterativeMethodsLastLineIsItsResult() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(6, 1, 18, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 2);
        List<SolveSettings> runs = new ArrayList<>(List.of(
            SolveSettings.of("gd", null, 1e-2, 1e-2, 1).withMaxIterations(300L),
            SolveSettings.of("gd", null, 1e-2, 1e-1, 1).withLineSearch(true).withMaxIterations(50L),
            SolveSettings.of("momentum", null, 1e-2, 1e-2, 1).withMaxIterations(300L),
            SolveSettings.of("xgd", null, 1e-2, Double.NaN, 1).withMaxIterations(200L),
            SolveSettings.of("flow", null, 1e-2, Double.NaN, 1).withMaxIterations(400L),
            SolveSettings.of("toe", null, 1e-2, Double.NaN, 1).withMaxIterations(300L),
            SolveSettings.of("deep", null, 1e-1, Double.NaN, 1).withMaxIterations(300L),
            SolveSettings.of("udu", null, 0.5, Double.NaN, 1).withMaxIterations(300L),
            SolveSettings.of("glrl", null, 1e-4, Double.NaN, 0)));
        for (SolveSettings s : runs) {
            TraceRecorder trace = new TraceRecorder(TraceSchedule.every(7), 3);
            SolveReport rep = Methods.get(s.method()).solve(p, s, ViewListener.both(IterationListener.NONE, trace));
            List<TraceRecorder.Row> rows = trace.rows();
            TraceRecorder.Row last = rows.get(rows.size() - 1);
            String what = s.method() + (s.lineSearch() ? " line search" : "");
            assertThat(rows.get(0).iteration()).as(what).isZero();
            assertThat(last.loss()).as(what).isEqualTo(rep.result().loss());
            assertThat(last.nuclearNorm()).as(what).isCloseTo(rep.metrics().nuclearNorm(), within(1e-12));
            assertThat(last.relativeError()).as(what).isCloseTo(rep.metrics().relativeError(), within(1e-12));
            assertThat(last.singularValues()).as(what).hasSize(3);
            assertThat(last.singularValues()[0]).as(what).isEqualTo(rep.metrics().singularValues()[0]);
            for (int i = 1; i < rows.size(); i++) {
                assertThat(rows.get(i).iteration()).as(what).isGreaterThan(rows.get(i - 1).iteration());
            }
            if (!s.method().equals("xgd") && !s.method().equals("udu")) {
                assertThat(last.flowTime()).as(what + " flow time").isPositive();
            }
            assertThat(Double.isNaN(last.factorNorm())).as(what + " ‖U‖").isEqualTo(s.method().equals("xgd"));
        }
    }

    /** A run without a trace gives the same bits as one with a trace (recording only reads). */
    @Test
    void tracingDoesNotChangeTheRun() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(6, 1, 18, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 2);
        for (String m : List.of("gd", "deep", "udu", "glrl")) {
            SolveSettings s = SolveSettings.of(m, null, m.equals("udu") ? 0.5 : 1e-2, Double.NaN, 1).withMaxIterations(200L);
            SolveReport a = Methods.get(m).solve(p, s, IterationListener.NONE);
            SolveReport b = Methods.get(m).solve(p, s, ViewListener.both(IterationListener.NONE, new TraceRecorder(TraceSchedule.every(1), 10)));
            assertThat(b.result().x()).as(m).isEqualTo(a.result().x());
            assertThat(b.result().iterations()).as(m).isEqualTo(a.result().iterations());
        }
    }

    @Test
    void rowsDescribeThemselvesWithTheDocumentedKeys() {
        TraceRecorder.Row r = new TraceRecorder.Row(3, 0.5, 1, 0.1, Double.NaN, 2, 1.5, new double[] {1, 1}, 0.2);
        Map<String, Object> m = r.describe();
        assertThat(m.keySet()).containsExactlyElementsOf(TraceRecorder.Row.KEYS);
    }
}
