package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.implreg.sweep.SweepEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkSweepEngine#runTasks} on an embedded local[2] master (one context for the class): the records of
 * {@link SweepEngine.Task}s equal the local engine's bitwise, each handed to the sink as its task finishes; a task that
 * throws fails the call with one line naming it; an empty list starts no job.
 */
class SparkTasksTest {
    static JavaSparkContext sc;
    static SparkSweepEngine engine;
    static final AtomicInteger jobs = new AtomicInteger();
    static final AtomicInteger sparkTasks = new AtomicInteger();

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(SparkTesting.conf("local[2]"));
        sc.setLogLevel("WARN");
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart e) {
                jobs.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                sparkTasks.incrementAndGet();
            }
        });
        engine = new SparkSweepEngine(sc, System.err);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** A listener's count once Spark's (asynchronous) listener bus has delivered every event posted so far. */
    static int settled(AtomicInteger counter) throws Exception {
        sc.sc().listenerBus().waitUntilEmpty(60_000);
        return counter.get();
    }

    @Test
    void solvesAreBitwiseTheLocalEnginesRecordsOneSparkTaskEach() throws Exception {
        List<SweepEngine.Task> tasks = TestTasks.solves(12);
        List<Map<String, Object>> localMaps = Collections.synchronizedList(new ArrayList<>());
        SweepEngine.LOCAL.runTasks(tasks, 2, localMaps::add);
        long t0 = System.nanoTime();
        Map<Integer, String> local = TestTasks.run(SweepEngine.LOCAL, tasks);
        double localSeconds = (System.nanoTime() - t0) / 1e9;

        int tasksBefore = settled(sparkTasks);
        List<Map<String, Object>> sparkMaps = Collections.synchronizedList(new ArrayList<>());
        engine.runTasks(tasks, 2, sparkMaps::add);
        assertThat(settled(sparkTasks) - tasksBefore).as("one Spark task per task").isEqualTo(tasks.size());
        t0 = System.nanoTime();
        Map<Integer, String> spark = TestTasks.run(engine, tasks);
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        TestTasks.assertSameRecords(spark, local);
        System.err.printf(Locale.ROOT, "runTasks, %d solve tasks (nucmin + flow, n = %d), second run: local (2 threads) %.2f s, "
            + "spark local[2] %.2f s%n", tasks.size(), TestTasks.N, localSeconds, sparkSeconds);

        // the maps themselves: every double the same bits (read back from JSON text on the driver), NaN as null
        Map<Integer, Map<String, Object>> l = byIndex(localMaps);
        Map<Integer, Map<String, Object>> s = byIndex(sparkMaps);
        assertThat(s.keySet()).isEqualTo(l.keySet()).hasSize(tasks.size());
        for (int i : l.keySet()) {
            for (String k : List.of("nucmin_nuclear", "nucmin_rel_error", "flow_nuclear", "flow_rel_error", "flow_effective_rank",
                "flow_train_error")) {
                assertThat(Double.doubleToRawLongBits(((Number) s.get(i).get(k)).doubleValue()))
                    .as("task %d %s", i, k).isEqualTo(Double.doubleToRawLongBits(((Number) l.get(i).get(k)).doubleValue()));
            }
            assertThat(s.get(i)).containsEntry("not_a_number", null);
            assertThat(l.get(i)).containsEntry("not_a_number", null);
            assertThat((List<?>) s.get(i).get("flow_x")).hasSize(TestTasks.N * TestTasks.N);
        }
        // the tasks are not all alike: the flow's nuclear norm differs from instance to instance
        assertThat(l.values().stream().map(m -> m.get("flow_nuclear")).distinct().count()).isEqualTo(tasks.size());
    }

    static Map<Integer, Map<String, Object>> byIndex(List<Map<String, Object>> maps) {
        Map<Integer, Map<String, Object>> m = new TreeMap<>();
        for (Map<String, Object> r : maps) {
            assertThat(m.put(((Number) r.get("index")).intValue(), r)).isNull();
        }
        return m;
    }

    @Test
    void recordsReachTheSinkAsTasksFinishNotBehindASlowOne() {
        // task 0 waits until the driver holds the 39 others' records: it runs on one core while the other core runs
        // them, and returns others_first = true only if the sink saw them while it was still running. An engine that
        // put tasks 0 and 1 in one partition (any split into at most 20 partitions) would run task 1 behind it: false
        int others = 39;
        CountDownLatch latch = new CountDownLatch(others);
        TestTasks.LATCHES.put("slow", latch);
        List<SweepEngine.Task> tasks = new ArrayList<>();
        tasks.add(new TestTasks.Waits(0, "slow"));
        tasks.addAll(TestTasks.tiny(others + 1).subList(1, others + 1));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> othersFirst = new ArrayList<>();
        engine.runTasks(tasks, 2, rec -> {
            int i = ((Number) rec.get("index")).intValue();
            order.add(i);
            if (i == 0) {
                othersFirst.add((Boolean) rec.get("others_first"));
            } else {
                latch.countDown();
            }
        });
        assertThat(othersFirst).as("the slow task's record says the others' came first").containsExactly(true);
        assertThat(order).hasSize(others + 1).endsWith(0);
    }

    @Test
    void aTaskThatThrowsFailsTheCallWithOneLineNamingIt() {
        List<SweepEngine.Task> tasks = new ArrayList<>(TestTasks.tiny(4));
        tasks.set(2, new TestTasks.Throws(2));
        List<Integer> delivered = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> engine.runTasks(tasks, 2, rec -> delivered.add(((Number) rec.get("index")).intValue())))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageNotContaining("\n")
            .hasMessageStartingWith("spark engine: task 2 of 4 (Throws[index=2]): IllegalStateException: boom in task 2 second line")
            .hasRootCauseInstanceOf(IllegalStateException.class)
            .hasRootCauseMessage("boom in task 2\nsecond line of the message");
        assertThat(delivered).doesNotContain(2);
    }

    @Test
    void aSinkThatThrowsFailsTheCallWithItsOwnException() {
        IllegalArgumentException own = new IllegalArgumentException("the sink's own failure");
        assertThatThrownBy(() -> engine.runTasks(TestTasks.tiny(3), 2, rec -> {
            throw own;
        })).isSameAs(own);
    }

    @Test
    void anEmptyListReturnsAtOnceWithoutAJob() throws Exception {
        int before = settled(jobs);
        List<Map<String, Object>> got = new ArrayList<>();
        engine.runTasks(List.of(), 2, got::add);
        assertThat(got).isEmpty();
        assertThat(settled(jobs)).as("no Spark job").isEqualTo(before);
    }

    /**
     * Throughput of 200 tiny tasks (each eight Gaussians: the engine's own cost per task), the local engine on 2
     * threads against local[2], with the records compared; the rates are printed, not asserted (they depend on the
     * machine). Each side is run twice and timed the second time (warm JIT and Spark).
     */
    @Test
    void twoHundredTinyTasksLocallyAndOnLocal2() {
        List<SweepEngine.Task> tasks = TestTasks.tiny(200);
        TestTasks.run(SweepEngine.LOCAL, tasks);
        long t0 = System.nanoTime();
        Map<Integer, String> local = TestTasks.run(SweepEngine.LOCAL, tasks);
        double localSeconds = (System.nanoTime() - t0) / 1e9;
        SparkSweepEngine quiet = new SparkSweepEngine(sc, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TestTasks.run(quiet, tasks);
        t0 = System.nanoTime();
        Map<Integer, String> spark = TestTasks.run(quiet, tasks);
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        TestTasks.assertSameRecords(spark, local);
        System.err.printf(Locale.ROOT, "runTasks, 200 tiny tasks: local (2 threads) %.4f s = %.0f tasks/s; spark local[2] %.3f s = %.0f tasks/s%n",
            localSeconds, 200 / localSeconds, sparkSeconds, 200 / sparkSeconds);
    }

    /** A small atlas (n = 4, ranks 1–2, two m, 2 trials; nucmin, the flow at two α, gd) on local[2]: the local engine's records, bitwise. */
    @Test
    void aSmallAtlasOnLocal2HasTheLocalEnginesRecords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        org.implreg.atlas.AtlasSpec spec = org.implreg.atlas.AtlasSpecs.parse(org.implreg.io.Json.MAPPER.readTree("{\"family\": \"gaussian\", "
            + "\"n\": 4, \"ranks\": [1, 2], \"m\": [5, 8], \"trials\": 2, \"solvers\": [{\"method\": \"flow\", \"alphas\": [1e-4, 1e-8], "
            + "\"max_iter\": 5000, \"options\": {\"rtol\": 1e-6}}, {\"method\": \"gd\", \"step\": 0.03, \"max_iter\": 2000}]}"), "test");
        List<org.implreg.atlas.AtlasRecord> local = org.implreg.atlas.Atlas.run(spec, tmp.resolve("local"), SweepEngine.LOCAL, 2, line -> {});
        List<org.implreg.atlas.AtlasRecord> spark = org.implreg.atlas.Atlas.run(spec, tmp.resolve("spark"), engine, 2, line -> {});
        assertThat(spark).hasSize(8);
        assertThat(spark.stream().map(SparkTasksTest::withoutTimes).toList()).isEqualTo(local.stream().map(SparkTasksTest::withoutTimes).toList());
    }

    /** A record's JSON text without its timings (the seconds of the instance and of each solver). */
    static String withoutTimes(org.implreg.atlas.AtlasRecord r) {
        com.fasterxml.jackson.databind.node.ObjectNode t = (com.fasterxml.jackson.databind.node.ObjectNode) org.implreg.report.RecordJson.toTree(r);
        t.remove("seconds");
        t.get("solvers").forEach(x -> ((com.fasterxml.jackson.databind.node.ObjectNode) x).remove("seconds"));
        return t.toString();
    }
}
