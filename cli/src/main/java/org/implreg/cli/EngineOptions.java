package org.implreg.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.implreg.InvalidInputException;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.SweepEngine;
import picocli.CommandLine.Option;

/**
 * {@code --engine local|spark [--master URL] [--conf KEY=VALUE]... [--verbose]} of {@code implreg run} and
 * {@code implreg reproduce}. The Spark engine lives in the {@code spark} module, found through
 * {@link SweepEngine.Factory}; this jar stays free of Spark ({@code ./implreg} puts the module on the
 * class path when {@code --engine spark} is asked for).
 */
final class EngineOptions {
    @Option(names = "--engine", defaultValue = "local", paramLabel = "ENGINE", description = {
        "where runs execute: local (threads of this JVM) or spark (Apache Spark; see --master) (default: ${DEFAULT-VALUE})"})
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master with --engine spark: local[N], local[*], "
        + "spark://HOST:PORT, yarn, k8s://... (default: spark-submit's, else local[--threads])")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark property (spark.*) with --engine spark, checked before "
        + "Spark starts (repeatable); implreg.master.timeout=TIME: how long a spark:// master has to answer (default 10s)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Spark's logging at INFO, also while Spark starts (default: off, then WARN; ERROR with -q)")
    boolean verbose;

    /** The engine's factory and settings once {@link #validate} passed (null: the local engine, or not validated yet). */
    private SweepEngine.Factory factory;
    private Map<String, String> settings;

    /**
     * Checks --engine, --master and --conf (the engine's factory checks its settings: master syntax, property
     * values) without starting anything: the first step of a command, before its outputs are checked.
     */
    void validate(int threads, boolean quiet) {
        if (engine.equals("local")) {
            InvalidInputException.require(master == null && conf.isEmpty(), "--master and --conf need --engine spark");
        } else {
            factory = SweepEngine.Factory.named(engine);
            settings = SweepEngine.Factory.settings(conf, master, verbose, threads, quiet);
            factory.validate(settings);
        }
    }

    /** Refuses a spec with {@code trace:} on an engine that records no traces, before the engine starts ({@code where}: the spec file). */
    void requireSupported(ExperimentSpec spec, String where) {
        InvalidInputException.require(spec.trace() == null || factory == null || factory.supportsTraces(),
            where + ": trace: traces are recorded by the local engine only (run this spec without --engine " + engine + ")");
    }

    /**
     * Starts the engine {@link #validate} accepted (a command calls that first), hands it to {@code body}, then
     * closes it. An engine that cannot start fails here, before {@code body} writes anything.
     */
    <T> T run(Function<SweepEngine, T> body) {
        try (SweepEngine e = factory == null ? SweepEngine.LOCAL : factory.create(settings)) {
            return body.apply(e);
        }
    }
}
