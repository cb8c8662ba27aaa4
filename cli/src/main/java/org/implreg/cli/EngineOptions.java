package org.implreg.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.implreg.InvalidInputException;
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

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a Spark property with --engine spark (repeatable)")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--verbose", description = "Spark's own logging at INFO (default: WARN)")
    boolean verbose;

    /** Runs {@code body} with the chosen engine current, then closes it; {@code quiet}: no engine lines on stderr. */
    <T> T run(int threads, boolean quiet, Supplier<T> body) {
        SweepEngine e;
        if (engine.equals("local")) {
            InvalidInputException.require(master == null && conf.isEmpty(), "--master and --conf need --engine spark");
            e = SweepEngine.LOCAL;
        } else {
            Map<String, String> settings = new LinkedHashMap<>(conf);
            if (master != null) {
                settings.put("master", master);
            }
            settings.put("verbose", Boolean.toString(verbose));
            settings.put("threads", Integer.toString(threads));
            settings.put("quiet", Boolean.toString(quiet));
            e = factory(engine).create(settings);
        }
        SweepEngine previous = SweepEngine.use(e);
        try (e) {
            return body.get();
        } finally {
            SweepEngine.use(previous);
        }
    }

    private static SweepEngine.Factory factory(String name) {
        for (SweepEngine.Factory f : ServiceLoader.load(SweepEngine.Factory.class)) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new InvalidInputException("--engine " + name + ": "
            + (name.equals("spark") ? "the Spark engine is not on the class path (run through ./implreg, which builds the spark module, "
                + "or spark-submit spark/target/implreg-spark-app.jar)" : "unknown engine; use local or spark"));
    }
}
