package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.sweep.SweepEngine;

/** Small deterministic {@link SweepEngine.Task}s for the tests of {@link SparkSweepEngine#runTasks}, and their comparison. */
final class TestTasks {
    private TestTasks() {}

    /** The instances of {@link Solve}: n = 6, rank 1, m = 12 Gaussian measurements (D = 21), so that nucmin and the flow disagree on some. */
    static final int N = 6;
    static final int RANK = 1;
    static final int M = 12;
    /** The flow's ‖U₀‖ (small initialization) and its training-error tolerance. */
    static final double ALPHA = 1e-6;
    static final double FLOW_TOL = 1e-8;

    /**
     * Generates its problem from its seed with {@link ProblemGenerator} and solves it with the registry's {@code nucmin}
     * and {@code flow} (from ‖U₀‖ = {@link #ALPHA}, seeded by the same seed), returning numbers of both, the flow's
     * whole X (36 doubles), and a NaN (null in JSON on every engine).
     */
    record Solve(int index, long seed) implements SweepEngine.Task {
        @Override
        public Map<String, Object> run() {
            ProblemSpec spec = new ProblemSpec(N, RANK, M, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0.0,
                MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
            Problem p = ProblemGenerator.generate(spec, seed);
            SolveReport min = Methods.get("nucmin").solve(p, SolveSettings.of("nucmin", null, 1e-3, Double.NaN, 0), IterationListener.NONE);
            SolveReport flow = Methods.get("flow").solve(p, SolveSettings.of("flow", null, ALPHA, Double.NaN, seed).withTol(FLOW_TOL),
                IterationListener.NONE);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", index);
            r.put("seed", seed);
            r.put("nucmin_nuclear", min.metrics().nuclearNorm());
            r.put("nucmin_rel_error", min.metrics().relativeError());
            r.put("nucmin_stop", min.result().stopReason().name());
            r.put("flow_nuclear", flow.metrics().nuclearNorm());
            r.put("flow_rel_error", flow.metrics().relativeError());
            r.put("flow_effective_rank", flow.metrics().effectiveRank());
            r.put("flow_train_error", flow.result().trainError());
            r.put("flow_evaluations", flow.result().gradientEvaluations());
            r.put("flow_stop", flow.result().stopReason().name());
            r.put("flow_x", flow.result().x());
            r.put("not_a_number", Double.NaN);
            return r;
        }
    }

    /** A tiny task: eight Gaussians from its seed's stream and their sum (the cost of a task is the engine's). */
    record Tiny(int index, long seed) implements SweepEngine.Task {
        @Override
        public Map<String, Object> run() {
            RandomGenerator g = Rng.stream(seed, "tiny");
            double[] v = new double[8];
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = g.nextGaussian();
                sum += v[i];
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", index);
            r.put("values", v);
            r.put("sum", sum);
            return r;
        }
    }

    /** A task that throws, with a message of two lines. */
    record Throws(int index) implements SweepEngine.Task {
        @Override
        public Map<String, Object> run() {
            throw new IllegalStateException("boom in task " + index + "\nsecond line of the message");
        }
    }

    /** Latches by name, for {@link Waits} (executors of a local master are threads of this JVM). */
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

    /** How long {@link Waits} waits for the others' records before it gives up and says so in its record. */
    static final long WAIT_SECONDS = 60;

    /**
     * Waits (on a local master) until the driver has received the other tasks' records ({@link #LATCHES}, counted down by
     * the test's sink); its record says whether they came first. Delivered while it runs only if the engine hands records
     * to the sink as tasks finish and runs no other task behind it.
     */
    record Waits(int index, String latch) implements SweepEngine.Task {
        @Override
        public Map<String, Object> run() {
            boolean othersFirst;
            try {
                othersFirst = LATCHES.get(latch).await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                othersFirst = false;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", index);
            r.put("others_first", othersFirst);
            return r;
        }
    }

    /** {@code count} {@link Solve} tasks with seeds 100, 101, … */
    static List<SweepEngine.Task> solves(int count) {
        return IntStream.range(0, count).<SweepEngine.Task>mapToObj(i -> new Solve(i, 100 + i)).toList();
    }

    /** {@code count} {@link Tiny} tasks. */
    static List<SweepEngine.Task> tiny(int count) {
        return IntStream.range(0, count).<SweepEngine.Task>mapToObj(i -> new Tiny(i, 7_000 + i)).toList();
    }

    /**
     * Runs the tasks on the engine and returns index → the record's JSON line as the store writes it ({@link UnitWork#line}:
     * Double.toString of every double, so equal text is equal bits), checking that each task's record came once.
     */
    static Map<Integer, String> run(SweepEngine engine, List<SweepEngine.Task> tasks) {
        Map<Integer, String> out = new TreeMap<>();
        engine.runTasks(tasks, 2, rec -> {
            int index = ((Number) rec.get("index")).intValue();
            assertThat(out.put(index, UnitWork.line(rec))).as("record of task " + index + " once").isNull();
        });
        assertThat(out.keySet()).as("a record per task").hasSize(tasks.size());
        return out;
    }

    /**
     * The same tasks and, per task, the same JSON line: every double is written by Double.toString, which no two doubles
     * share, so equal lines are equal bits (NaN aside, written as null on every engine).
     */
    static void assertSameRecords(Map<Integer, String> actual, Map<Integer, String> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Integer i : expected.keySet()) {
            assertThat(actual.get(i)).as("record of task " + i).isEqualTo(expected.get(i));
        }
    }
}
