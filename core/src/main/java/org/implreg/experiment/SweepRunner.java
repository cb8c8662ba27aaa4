package org.implreg.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.implreg.InvalidInputException;
import org.implreg.optimizer.IterationListener;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;

/**
 * Executes the runs of a sweep on a pool of threads. Each run is deterministic given its
 * configuration (problem and initialization come from their seeds), so results do not depend on
 * the number of threads or the order of completion. Problems are generated once per distinct
 * (spec, seed) and shared: operators are immutable. A run that fails (e.g. a numerical breakdown) is
 * reported with its error and never stops the sweep; divergence is a normal outcome (DIVERGED).
 */
public final class SweepRunner {

    /**
     * The outcome of one run.
     *
     * @param config  what ran
     * @param report  the method's report, null when the run failed
     * @param seconds wall-clock seconds of the solve
     * @param error   the failure's message, null on success
     */
    public record Outcome(RunConfig config, SolveReport report, double seconds, String error) {}

    private final int threads;
    private final Map<String, Problem> problems = new ConcurrentHashMap<>();

    /** @param threads worker threads (≥ 1) */
    public SweepRunner(int threads) {
        InvalidInputException.require(threads >= 1, "threads must be ≥ 1, got " + threads);
        this.threads = threads;
    }

    /** The problem of a configuration (generated once, then shared). */
    public Problem problem(ProblemSpec spec, long seed) {
        return problems.computeIfAbsent(RunConfig.canonical(spec.describe()) + "#" + spec.powerLawExponent() + "#" + seed,
            k -> ProblemGenerator.generate(spec, seed));
    }

    /** Runs one configuration on the calling thread. */
    public Outcome runOne(RunConfig c) {
        long start = System.nanoTime();
        try {
            Problem p = problem(c.problem(), c.problemSeed());
            SolveReport r = Methods.get(c.settings().method()).solve(p, c.settings(), IterationListener.NONE);
            return new Outcome(c, r, (System.nanoTime() - start) / 1e9, null);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            return new Outcome(c, null, (System.nanoTime() - start) / 1e9, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Runs {@code runs}, handing each outcome to {@code sink} as it finishes (calls to the sink are
     * serialized). Returns when all are done.
     */
    public void run(List<RunConfig> runs, Consumer<Outcome> sink) {
        if (threads == 1) {
            for (RunConfig c : runs) {
                sink.accept(runOne(c));
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
            for (RunConfig c : runs) {
                futures.add(pool.submit(() -> {
                    Outcome o = runOne(c);
                    synchronized (lock) {
                        sink.accept(o);
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
