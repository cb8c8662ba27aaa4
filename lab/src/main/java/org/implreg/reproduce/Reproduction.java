package org.implreg.reproduce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.implreg.sweep.Monitor;
import org.implreg.sweep.SweepEngine;

/**
 * A reproduction of a paper's experiments: it runs them into a folder and writes, besides its own
 * files, {@code summary.json} (its key numbers under documented keys, and its verdicts) and
 * {@code index.html}. Registered by name in {@link Reproductions}.
 */
public interface Reproduction {

    /**
     * Where and how to run.
     *
     * @param dir     output folder of this reproduction (created if needed)
     * @param full    the paper's full grid instead of the quick one
     * @param seed    problem seed
     * @param threads worker threads
     * @param batch   largest batch of runs solved together (1: none)
     * @param monitor progress of the sweeps
     * @param out     where to print the result table (stdout)
     * @param data    folder of a dataset the user gave (null: the reproduction's default search)
     * @param engine  where the reproduction's sweeps run ({@code implreg reproduce --engine}; null: {@link SweepEngine#LOCAL}).
     *                Untraced sweeps run on it, traced ones on {@link #tracingEngine()}; the caller owns and closes it.
     */
    record Context(Path dir, boolean full, long seed, int threads, int batch, Monitor monitor, PrintWriter out, Path data,
                   SweepEngine engine) {
        public Context {
            engine = engine == null ? SweepEngine.LOCAL : engine;
        }

        /** A context on the local engine (threads of this JVM). */
        public Context(Path dir, boolean full, long seed, int threads, int batch, Monitor monitor, PrintWriter out, Path data) {
            this(dir, full, seed, threads, batch, monitor, out, data, SweepEngine.LOCAL);
        }

        /** This context with its sweeps on {@code e} (e.g. the engine a command started after it checked the context). */
        public Context on(SweepEngine e) {
            return new Context(dir, full, seed, threads, batch, monitor, out, data, e);
        }

        /**
         * The engine for a sweep with {@code trace:}: {@link #engine()} when it records traces, else
         * {@link SweepEngine#LOCAL} (e.g. {@code reproduce --engine spark}: the main sweep on Spark, the traced one
         * on this JVM). The records do not depend on the engine, so neither does the page.
         */
        public SweepEngine tracingEngine() {
            return engine.supportsTraces() ? engine : SweepEngine.LOCAL;
        }
    }

    /** The name on the command line, e.g. "gunasekar2017". */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Checks what the run needs before any reproduction of a command starts (e.g. that its data set is
     * there), so a missing file fails at once rather than after the others ran.
     *
     * @throws org.implreg.InvalidInputException naming what is missing and how to get it
     */
    default void check(Context ctx) {
    }

    /**
     * Whether {@link #run} sends sweeps to {@link Context#engine()} (so {@code --engine spark} changes where its runs
     * execute, never its numbers). Declared, and checked against what the CI-sized run does
     * ({@code ReproductionPagesTest}); the spark module runs every reproduction that declares it on Spark
     * {@code local[2]} at CI size and compares its summary.json with the local engine's.
     */
    default boolean runsSweeps() {
        return false;
    }

    /** Runs the reproduction (resumably: a rerun skips finished runs) and returns its summary. */
    Summary run(Context ctx);

    /**
     * This reproduction at CI size: the same code, page and summary keys, at a size that runs in a few
     * seconds on 2 cores (its numbers and verdicts mean nothing). The browser test renders every
     * registered reproduction's page from such a run ({@code HomePageBrowserTest}); a reproduction whose
     * quick mode already takes seconds may keep this default, itself. Data sets are replaced by small
     * synthetic ones written into the run's folder.
     */
    default Reproduction ciSized() {
        return this;
    }
}
