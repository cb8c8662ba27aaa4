package org.implreg.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.implreg.InvalidInputException;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SweepEngine;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs the units of a sweep on Apache Spark: one task per unit (the units of {@link
 * org.implreg.sweep.SweepRunner#plan}, so batched GD runs in the same batches as locally), one job per
 * sweep. Each task gets the spec's JSON text and its runs' positions ({@link UnitWork}) and returns the
 * records as JSON lines; the driver hands them to the sink (which appends them to runs.jsonl) from
 * Spark's result handler, i.e. as each task finishes, not when the job ends: a killed driver loses at
 * most the units in flight. A task lost with its executor is run again by Spark; its records are
 * delivered once (Spark keeps the first result of a partition, and the sink skips recorded keys).
 *
 * <p>Records are bitwise those of the local runner: the executor runs the same {@code runUnit} on the
 * same configuration (problem and initialization from their seeds) and writes the record as runs.jsonl
 * would; only {@code seconds} (a wall-clock time) differs from run to run, as it does locally.
 */
public final class SparkSweepEngine implements SweepEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaSparkContext sc;
    private final boolean owned;
    private final PrintStream log;

    /**
     * An engine on a context it creates from {@code conf} (see {@link #conf}) and stops on {@link #close}. The context
     * is started as {@link SparkStart} says: Spark's log off until it is up (then WARN; ERROR with implreg.quiet, INFO
     * with implreg.verbose), a {@code spark://} master reached within {@link SparkSettings#MASTER_TIMEOUT}; a start that
     * fails throws an {@link java.io.UncheckedIOException} naming the master.
     */
    public SparkSweepEngine(SparkConf conf, PrintStream log) {
        this(SparkStart.start(conf), true, log);
    }

    /** An engine on a context the caller owns (e.g. one context shared by the tests of a class). */
    public SparkSweepEngine(JavaSparkContext sc, PrintStream log) {
        this(sc, false, log);
    }

    private SparkSweepEngine(JavaSparkContext sc, boolean owned, PrintStream log) {
        this.sc = sc;
        this.owned = owned;
        this.log = log;
    }

    /**
     * The Spark configuration of an engine: the system properties (so spark-submit's {@code --master},
     * {@code --conf} and {@code spark.jars} apply), then {@code settings} ("master", "threads",
     * "verbose", "quiet", any spark.* property and {@link SparkSettings#MASTER_TIMEOUT}; checked by
     * {@link SparkSettings#validate} first), then defaults: master {@code local[threads]}; for a local
     * master everything on 127.0.0.1 and no web UI; {@code OPENBLAS_NUM_THREADS=1} on executors (as the
     * launcher sets locally); and, for a cluster master, when implreg runs from a jar and no
     * {@code spark.jars} is set, that jar for the executors.
     */
    public static SparkConf conf(Map<String, String> settings) {
        SparkConf conf = new SparkConf(true);
        Map<String, String> s = new HashMap<>(settings);
        String master = s.remove("master");
        String threads = s.remove("threads");
        boolean quiet = Boolean.parseBoolean(s.remove("quiet"));
        boolean verbose = Boolean.parseBoolean(s.remove("verbose"));
        s.forEach((k, v) -> {
            InvalidInputException.require(k.startsWith("spark.") || k.startsWith("implreg."),
                "--conf " + k + ": not a Spark property (spark.*)");
            conf.set(k, v);
        });
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + (threads == null ? "*" : threads) + "]");
        }
        conf.setIfMissing("spark.app.name", "implreg");
        conf.set("implreg.verbose", Boolean.toString(verbose));
        conf.set("implreg.quiet", Boolean.toString(quiet));
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        Path self = ownJar();
        if (self != null && !conf.contains("spark.jars") && !conf.get("spark.master").startsWith("local")) {
            conf.set("spark.jars", self.toString()); // executors elsewhere get implreg from the driver
        }
        return conf;
    }

    /** The jar implreg's classes come from, or null when they come from a folder (tests, IDE). */
    static Path ownJar() {
        try {
            Path p = Path.of(SparkSweepEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The context (e.g. to read its master). */
    public JavaSparkContext context() {
        return sc;
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + " (Spark " + sc.version() + ")";
    }

    @Override
    public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch,
                         Consumer<Map<String, Object>> sink) {
        if (units.isEmpty()) {
            return;
        }
        String specJson = specJson(spec);
        List<UnitWork> work = work(spec, specJson, units);
        long start = System.nanoTime();
        JavaRDD<UnitWork> rdd = sc.parallelize(work, work.size()); // one partition (one task) per unit
        sc.setJobDescription("implreg " + spec.name() + ": " + work.size() + " units");
        int total = work.size();
        int runs = units.stream().mapToInt(List::size).sum();
        log.printf(Locale.ROOT, "spark: %s: %d units (%d runs) on %s%n", spec.name(), total, runs, sc.master());
        Progress progress = new Progress(total, "units", sink);
        ClassTag<String[]> tag = ClassTag$.MODULE$.apply(String[].class);
        sc.sc().runJob(rdd.rdd(), new RunPartition(specJson), progress, tag);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "spark: %s: %d/%d units in %.1f s%n", spec.name(), progress.done, total, seconds);
    }

    /**
     * Runs the tasks on the executors, one Spark task (one partition) per task, so that a slow task holds back no
     * other and its record no other record; one job per call. Each executor runs {@link Task#run} and sends the
     * record back as one JSON line ({@link TaskWork}); the driver reads it back (the same doubles, bit for bit:
     * written by {@link Double#toString}, read by {@link Double#parseDouble}; non-finite numbers are null as
     * {@link org.implreg.io.Json#sanitize} makes them locally) and hands it to {@code sink} from Spark's result
     * handler, as each task finishes, calls serialized. Executors write nothing. An empty list returns at once
     * without a job.
     *
     * <p>A task that throws fails the call (once Spark has tried it {@code spark.task.maxFailures} times: once on a
     * local master) with an {@link IllegalStateException} whose message is one line naming the task (its position,
     * the list's length and the task's {@code toString}) and its exception; its cause is the task's exception where
     * Spark brings it back. A sink that throws fails the call with the sink's exception.
     *
     * @param threads ignored: the master says how many tasks run at once
     */
    @Override
    public void runTasks(List<? extends Task> tasks, int threads, Consumer<Map<String, Object>> sink) {
        if (tasks.isEmpty()) {
            return;
        }
        int total = tasks.size();
        List<TaskWork> work = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            work.add(new TaskWork(i, total, tasks.get(i)));
        }
        long start = System.nanoTime();
        JavaRDD<TaskWork> rdd = sc.parallelize(work, total); // one partition (one Spark task) per task
        sc.setJobDescription("implreg: " + total + " tasks");
        log.printf(Locale.ROOT, "spark: %d tasks on %s%n", total, sc.master());
        Progress progress = new Progress(total, "tasks", sink);
        ClassTag<String[]> tag = ClassTag$.MODULE$.apply(String[].class);
        try {
            sc.sc().runJob(rdd.rdd(), new RunTasks(), progress, tag);
        } catch (Exception e) { // SparkException is checked, and thrown undeclared from Scala
            throw taskFailure(e, total);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "spark: %d/%d tasks in %.1f s%n", progress.done, total, seconds);
    }

    /**
     * What {@link #runTasks} throws for a failed job: the sink's own exception (Spark wraps it in a
     * SparkDriverExecutionException); for a task that threw, one line naming it ({@link TaskWork.Failed}, found in
     * the cause chain, or its line in Spark's message); otherwise (e.g. a task Spark could not serialize, executors
     * lost too often) the first line of Spark's message.
     */
    static RuntimeException taskFailure(Exception e, int total) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof org.apache.spark.SparkDriverExecutionException && e.getCause() instanceof RuntimeException sinks) {
            return sinks;
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TaskWork.Failed f) {
                return new IllegalStateException("spark engine: " + f.getMessage(), f.getCause() == null ? f : f.getCause());
            }
        }
        String message = String.valueOf(e.getMessage());
        String failed = TaskWork.Failed.class.getName() + ": ";
        int at = message.indexOf(failed); // the task's failure without its exception object (not deserialized)
        if (at >= 0) {
            String line = message.substring(at + failed.length()).lines().findFirst().orElse("");
            return new IllegalStateException(InvalidInputException.oneLine("spark engine: " + line), e);
        }
        String first = message.lines().findFirst().orElse("");
        return new IllegalStateException(InvalidInputException.oneLine("spark engine: " + total + " tasks failed: "
            + e.getClass().getSimpleName() + ": " + first), e);
    }

    /** The spec as sent: its source as JSON text, checked to expand to the same runs (keys) as {@code spec}. */
    static String specJson(ExperimentSpec spec) {
        String text;
        try {
            text = JSON.writeValueAsString(spec.source());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ExperimentSpec again;
        try {
            again = UnitWork.expand(text);
        } catch (RuntimeException e) {
            throw new InvalidInputException("spark engine: the sweep " + spec.name() + " has no spec source it can send to executors ("
                + e.getMessage() + ")");
        }
        List<RunConfig> a = spec.runs();
        List<RunConfig> b = again.runs();
        boolean same = a.size() == b.size();
        for (int i = 0; same && i < a.size(); i++) {
            same = a.get(i).key().equals(b.get(i).key());
        }
        if (!same) {
            throw new InvalidInputException("spark engine: the spec of " + spec.name() + " does not expand to the same runs from its JSON text");
        }
        return text;
    }

    private static List<UnitWork> work(ExperimentSpec spec, String specJson, List<List<RunConfig>> units) {
        Map<String, Integer> position = new HashMap<>();
        List<RunConfig> runs = spec.runs();
        for (int i = 0; i < runs.size(); i++) {
            position.putIfAbsent(runs.get(i).key(), i);
        }
        List<UnitWork> work = new ArrayList<>(units.size());
        for (List<RunConfig> u : units) {
            int[] pos = new int[u.size()];
            String[] keys = new String[u.size()];
            for (int i = 0; i < pos.length; i++) {
                keys[i] = u.get(i).key();
                Integer p = position.get(keys[i]);
                if (p == null) {
                    throw new IllegalArgumentException("unit run " + keys[i] + " is not a run of " + spec.name());
                }
                pos[i] = p;
            }
            work.add(new UnitWork(work.size(), pos, keys));
        }
        return work;
    }

    /** The task: runs the partition's unit (one per partition) on the executor. */
    private static final class RunPartition extends AbstractFunction2<TaskContext, Iterator<UnitWork>, String[]> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String specJson;

        RunPartition(String specJson) {
            this.specJson = specJson;
        }

        @Override
        public String[] apply(TaskContext context, Iterator<UnitWork> it) {
            List<String> lines = new ArrayList<>();
            while (it.hasNext()) {
                lines.addAll(List.of(it.next().run(specJson)));
            }
            return lines.toArray(String[]::new);
        }
    }

    /** The task of {@link #runTasks}: runs the partition's task (one per partition) on the executor. */
    private static final class RunTasks extends AbstractFunction2<TaskContext, Iterator<TaskWork>, String[]> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String[] apply(TaskContext context, Iterator<TaskWork> it) {
            List<String> lines = new ArrayList<>(1);
            while (it.hasNext()) {
                lines.add(it.next().run());
            }
            return lines.toArray(String[]::new);
        }
    }

    /**
     * Spark's result handler, on the driver: each partition's records (a unit's, or a task's) to the sink as the
     * partition's Spark task succeeds.
     */
    private final class Progress extends AbstractFunction2<Object, String[], BoxedUnit> {
        private final int total;
        private final String what;
        private final Consumer<Map<String, Object>> sink;
        private int done;
        private long lastPrint = System.nanoTime();

        Progress(int total, String what, Consumer<Map<String, Object>> sink) {
            this.total = total;
            this.what = what;
            this.sink = sink;
        }

        @Override
        public synchronized BoxedUnit apply(Object partition, String[] lines) {
            for (String line : lines) {
                sink.accept(UnitWork.record(line));
            }
            done++;
            long now = System.nanoTime();
            if (sc.getConf().getBoolean("implreg.verbose", false) || now - lastPrint > 10_000_000_000L) {
                log.printf(Locale.ROOT, "spark: %d/%d %s%n", done, total, what);
                lastPrint = now;
            }
            return BoxedUnit.UNIT;
        }
    }

    @Override
    public void close() {
        if (owned) {
            sc.stop();
        }
    }

    /** {@code --engine spark}: found by {@link java.util.ServiceLoader}. */
    public static final class Factory implements SweepEngine.Factory {
        @Override
        public String name() {
            return "spark";
        }

        /** Master syntax and {@code --conf} values ({@link SparkSettings}), with Spark's log off unless verbose. */
        @Override
        public void validate(Map<String, String> settings) {
            SparkStart.silently(Boolean.parseBoolean(settings.get("verbose")), () -> {
                SparkSettings.validate(settings, System.getenv());
                return null;
            });
        }

        /** Validates, then starts a context ({@link SparkStart}): connected to its master, or an exception. */
        @Override
        public SweepEngine create(Map<String, String> settings) {
            validate(settings);
            boolean quiet = Boolean.parseBoolean(settings.get("quiet"));
            boolean verbose = Boolean.parseBoolean(settings.get("verbose"));
            SparkConf conf = SparkStart.silently(verbose, () -> conf(settings));
            return new SparkSweepEngine(conf, quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.err);
        }
    }

}
