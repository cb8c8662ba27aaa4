package org.implreg.sweep;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the units of a sweep run: on threads of this JVM ({@link #LOCAL}, the default) or elsewhere
 * (the {@code spark} module's engine, found by name through {@link Factory} and {@link java.util.ServiceLoader}).
 * {@link Sweeps#run} plans the units, leaves out what runs.jsonl has, and hands the rest to the engine its
 * caller passes (there is no global engine: a command creates one from {@code --engine} and hands it down, a
 * reproduction gets it in its {@code Reproduction.Context}); only the calling JVM writes files. Every engine
 * returns records bitwise equal to {@link SweepOutput#record} of {@link SweepRunner#runUnit} on the same unit
 * (timings such as {@code seconds} aside), so results do not depend on the engine.
 */
public interface SweepEngine extends AutoCloseable {

    /**
     * Runs units of work of {@code spec} (each a unit of {@link SweepRunner#plan} of {@code spec.runs()}
     * with largest batch {@code batch}) and hands every run's runs.jsonl record ({@link SweepOutput#record})
     * to {@code sink}, the records of a unit together as soon as that unit is done. Calls to the sink are
     * serialized. Returns when all units are done. When {@code spec.trace()} is set, each record also carries
     * its run's trace lines under {@link SweepOutput#TRACE_KEY} (which {@link Sweeps#run} writes to
     * traces/ and removes).
     *
     * @param threads worker threads where the engine runs on this JVM (a hint elsewhere)
     */
    void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch, Consumer<Map<String, Object>> sink);

    /**
     * A unit of work that is not a run of a spec (e.g. one instance of a phase diagram): a serializable description
     * from which {@link #run} computes its record wherever the engine runs it. The record is JSON's (maps, lists,
     * strings, numbers, booleans; non-finite numbers as null), and must depend on the task alone, so that every
     * engine gives the same record bitwise.
     */
    interface Task extends java.io.Serializable {
        /** The task's record. */
        Map<String, Object> run();
    }

    /**
     * Runs {@code tasks} and hands each one's record to {@code sink} as soon as it is done (calls serialized; any
     * order). Returns when all are done. This default runs them on {@code threads} threads of this JVM; an engine
     * that runs elsewhere overrides it, returning the same records bitwise.
     */
    default void runTasks(List<? extends Task> tasks, int threads, Consumer<Map<String, Object>> sink) {
        Tasks.runLocally(tasks, threads, sink);
    }

    /** A short description for provenance.json, e.g. "local" or "spark local[2]". */
    String describe();

    /**
     * Whether the engine records traces (hands back each run's trace lines when {@code spec.trace()} is set).
     * {@link Sweeps#run} refuses a spec with {@code trace:} on an engine that does not, before it writes anything.
     */
    default boolean supportsTraces() {
        return false;
    }

    /** Releases what the engine holds (e.g. a Spark context); the local engine holds nothing. */
    @Override
    default void close() {}

    /** Threads of this JVM: {@link SweepRunner#runUnits}. */
    SweepEngine LOCAL = new SweepEngine() {
        @Override
        public void runUnits(ExperimentSpec spec, List<List<RunConfig>> units, int threads, int batch,
                             Consumer<Map<String, Object>> sink) {
            new SweepRunner(threads, batch, spec.trace()).runUnits(units, o -> sink.accept(SweepOutput.record(o)));
        }

        @Override
        public String describe() {
            return "local";
        }

        @Override
        public boolean supportsTraces() {
            return true;
        }
    };

    /**
     * Makes engines by name; implementations are listed in {@code META-INF/services/org.implreg.sweep.SweepEngine$Factory}.
     * A command calls, in this order: {@link #validate} (bad settings: an {@link org.implreg.InvalidInputException}
     * naming the option), its own checks of inputs and outputs, {@link #create} (starts the engine, or fails), and
     * only then writes files.
     */
    interface Factory {
        /** The name given to {@code --engine}, e.g. "spark". */
        String name();

        /**
         * Checks {@code settings} without starting anything or writing anything: throws an
         * {@link org.implreg.InvalidInputException} (one line naming the option and the value) for a setting the
         * engine would refuse or fail on. {@link #create} checks them again.
         */
        default void validate(Map<String, String> settings) {}

        /** Whether this factory's engines record traces ({@link SweepEngine#supportsTraces}), known before one starts. */
        default boolean supportsTraces() {
            return false;
        }

        /**
         * A new engine, started (e.g. connected to its cluster), or an exception: an
         * {@link org.implreg.InvalidInputException} for bad settings, an {@link java.io.UncheckedIOException} when
         * it cannot be reached or started.
         *
         * @param settings "master", "verbose" and "quiet" ("true"/"false"), "threads" and engine properties (e.g. spark.*)
         */
        SweepEngine create(Map<String, String> settings);

        /**
         * The factory named {@code name} on the class path ({@code META-INF/services}), or one line saying
         * there is none (the Spark engine lives in the spark module, which ./implreg puts on the class path).
         */
        static Factory named(String name) {
            for (Factory f : java.util.ServiceLoader.load(Factory.class)) {
                if (f.name().equals(name)) {
                    return f;
                }
            }
            throw new org.implreg.InvalidInputException("--engine " + name + ": "
                + (name.equals("spark") ? "the Spark engine is not on the class path (run through ./implreg, which builds the spark "
                + "module, or spark-submit spark/target/implreg-spark-app.jar)" : "unknown engine; use local or spark"));
        }

        /** The settings {@link #validate} and {@link #create} take: the engine's properties, then the command's own. */
        static Map<String, String> settings(Map<String, String> properties, String master, boolean verbose, int threads, boolean quiet) {
            Map<String, String> s = new java.util.LinkedHashMap<>(properties);
            if (master != null) {
                s.put("master", master);
            }
            s.put("verbose", Boolean.toString(verbose));
            s.put("threads", Integer.toString(threads));
            s.put("quiet", Boolean.toString(quiet));
            return s;
        }
    }
}
