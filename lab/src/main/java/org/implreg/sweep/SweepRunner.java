package org.implreg.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.run.IterationListener;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.method.BatchableMethod;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.metrics.TraceRecorder;

/**
 * Executes the runs of a sweep on a pool of threads. Each run is deterministic given its
 * configuration (problem and initialization come from their seeds), so results do not depend on
 * the number of threads or the order of completion. Problems are generated once per distinct
 * (spec, seed) and shared: operators are immutable. A run that fails (e.g. a numerical breakdown) is
 * reported with its error and never stops the sweep; divergence is a normal outcome (DIVERGED).
 *
 * <p>Work is planned in units ({@link #plan}): runs of a {@link BatchableMethod} on the same problem
 * with the same batch key are solved together, in chunks of at most {@code maxBatch} runs, the rest
 * alone. Units depend only on the list of runs (never on threads or on what is already done), so a
 * resumed sweep recomputes an interrupted unit exactly as an uninterrupted one would.
 */
public final class SweepRunner {

    /** Default largest batch: enough to make the operator passes compute-bound, small enough to spread over cores. */
    public static final int DEFAULT_MAX_BATCH = 32;

    /**
     * The outcome of one run.
     *
     * @param config  what ran
     * @param report  the method's report, null when the run failed
     * @param seconds wall-clock seconds of the solve (of its whole batch when batched)
     * @param error   the failure's message, null on success
     * @param trace   the run's trace lines when the runner traces (null otherwise, and for a failed run)
     */
    public record Outcome(RunConfig config, SolveReport report, double seconds, String error, List<TraceRecorder.Row> trace) {
        /** An outcome without a trace. */
        public Outcome(RunConfig config, SolveReport report, double seconds, String error) {
            this(config, report, seconds, error, null);
        }
    }

    private final int threads;
    private final int maxBatch;
    private final ExperimentSpec.Trace trace;
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();

    /** @param threads worker threads (≥ 1) */
    public SweepRunner(int threads) {
        this(threads, DEFAULT_MAX_BATCH);
    }

    /**
     * @param threads  worker threads (≥ 1)
     * @param maxBatch largest number of runs solved together (1 disables batching)
     */
    public SweepRunner(int threads, int maxBatch) {
        this(threads, maxBatch, null);
    }

    /**
     * A runner that traces every run ({@code trace} non-null): runs are then solved one by one (a batch
     * has no listener), which gives the same results as batches.
     */
    public SweepRunner(int threads, int maxBatch, ExperimentSpec.Trace trace) {
        InvalidInputException.require(threads >= 1, "threads must be ≥ 1, got " + threads);
        InvalidInputException.require(maxBatch >= 1, "max batch must be ≥ 1, got " + maxBatch);
        this.threads = threads;
        this.maxBatch = trace == null ? maxBatch : 1;
        this.trace = trace;
    }

    /** The problem of a configuration (generated once, then shared). */
    public Problem problem(ProblemSpec spec, long seed) {
        return problems.computeIfAbsent(problemKey(spec, seed), k -> ProblemGenerator.generate(spec, seed));
    }

    private static String problemKey(ProblemSpec spec, long seed) {
        return RunConfig.canonical(spec.describe()) + "#" + spec.powerLawExponent() + "#" + seed;
    }

    /**
     * Splits runs into units of work: duplicates (same {@link RunConfig#key()}) dropped, batchable
     * runs grouped by problem and batch key in order of appearance and cut into chunks of at most
     * maxBatch, batches first, then single runs in order.
     */
    public List<List<RunConfig>> plan(List<RunConfig> runs) {
        Set<String> seen = new HashSet<>();
        Map<String, List<RunConfig>> groups = new LinkedHashMap<>();
        List<List<RunConfig>> singles = new ArrayList<>();
        for (RunConfig c : runs) {
            if (!seen.add(c.key())) {
                continue;
            }
            String bk = maxBatch > 1 && Methods.get(c.settings().method()) instanceof BatchableMethod bm
                ? bm.batchKey(c.problem(), c.settings()) : null;
            if (bk == null) {
                singles.add(List.of(c));
            } else {
                groups.computeIfAbsent(problemKey(c.problem(), c.problemSeed()) + "|" + c.settings().method() + "|" + bk,
                    k -> new ArrayList<>()).add(c);
            }
        }
        List<List<RunConfig>> units = new ArrayList<>();
        for (List<RunConfig> g : groups.values()) {
            int chunks = (g.size() + maxBatch - 1) / maxBatch;
            int base = g.size() / chunks;
            int extra = g.size() % chunks;
            int from = 0;
            for (int i = 0; i < chunks; i++) {
                int size = base + (i < extra ? 1 : 0);
                units.add(List.copyOf(g.subList(from, from + size)));
                from += size;
            }
        }
        units.addAll(singles);
        return units;
    }

    /** Runs one configuration on the calling thread. */
    public Outcome runOne(RunConfig c) {
        return runUnit(List.of(c)).get(0);
    }

    /** Runs one unit of {@link #plan} on the calling thread; outcomes in unit order. */
    public List<Outcome> runUnit(List<RunConfig> unit) {
        long start = System.nanoTime();
        RunConfig first = unit.get(0);
        try {
            Problem p = problem(first.problem(), first.problemSeed());
            List<SolveReport> reports;
            TraceRecorder recorder = trace == null ? null : new TraceRecorder(trace.schedule(), trace.top());
            if (unit.size() == 1) {
                reports = List.of(Methods.get(first.settings().method()).solve(p, first.settings(),
                    recorder == null ? IterationListener.NONE : recorder));
            } else {
                BatchableMethod bm = (BatchableMethod) Methods.get(first.settings().method());
                reports = bm.solveBatch(p, unit.stream().map(RunConfig::settings).toList());
            }
            List<Outcome> out = new ArrayList<>();
            for (int i = 0; i < unit.size(); i++) {
                SolveReport r = reports.get(i);
                double seconds = unit.size() == 1 ? (System.nanoTime() - start) / 1e9 : r.result().seconds();
                out.add(new Outcome(unit.get(i), r, seconds, null, recorder == null ? null : recorder.rows()));
            }
            return out;
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            if (unit.size() > 1) {
                // one bad run must not take its batch-mates down: solve them one by one
                List<Outcome> out = new ArrayList<>();
                for (RunConfig c : unit) {
                    out.add(runUnit(List.of(c)).get(0));
                }
                return out;
            }
            return List.of(new Outcome(first, null, (System.nanoTime() - start) / 1e9,
                e.getClass().getSimpleName() + ": " + e.getMessage(), trace == null ? null : List.of())); // a failed run's trace: its run line only
        }
    }

    /**
     * Runs {@code runs} (planned into units by {@link #plan}), handing each outcome to {@code sink}
     * as its unit finishes (calls to the sink are serialized). Returns when all are done.
     */
    public void run(List<RunConfig> runs, Consumer<Outcome> sink) {
        runUnits(plan(runs), sink);
    }

    /** Runs units of work as {@link #run} does. */
    public void runUnits(List<List<RunConfig>> units, Consumer<Outcome> sink) {
        if (threads == 1) {
            for (List<RunConfig> u : units) {
                runUnit(u).forEach(sink);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "implreg-sweep");
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<RunConfig> u : units) {
                futures.add(pool.submit(() -> {
                    List<Outcome> os = runUnit(u);
                    synchronized (lock) {
                        os.forEach(sink);
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
