package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.Monitor;
import org.implreg.sweep.SpecFiles;
import org.implreg.sweep.SweepEngine;
import org.implreg.sweep.Sweeps;

/** Shared by the Spark tests: loopback configuration, local reference runs, record comparison. */
final class SparkTesting {
    private SparkTesting() {}

    static final ObjectMapper JSON = new ObjectMapper();

    /** Batch size of the tests: small, so that the 12 batchable GD runs of mixed24 make 3 batched units. */
    static final int BATCH = 4;

    /** A test spec from the test resources, as a file. */
    static Path spec(String name) {
        try {
            return Path.of(SparkTesting.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Spark configuration for the tests: every process on 127.0.0.1 (driver host and bind address,
     * executors through SPARK_LOCAL_IP), no web UI, small executors, and the test class path on the
     * executors (standalone workers build their command from it).
     */
    static SparkConf conf(String master) {
        Map<String, String> s = new LinkedHashMap<>(loopback());
        s.put("master", master);
        return SparkSweepEngine.conf(s);
    }

    static Map<String, String> loopback() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("spark.app.name", "implreg-test");
        s.put("spark.driver.host", "127.0.0.1");
        s.put("spark.driver.bindAddress", "127.0.0.1");
        s.put("spark.ui.enabled", "false");
        s.put("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
        s.put("spark.executor.memory", "512m");
        s.put("spark.driver.memory", "512m");
        s.put("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        return s;
    }

    private static final Map<String, Map<String, String>> REFERENCES = new ConcurrentHashMap<>();

    /**
     * The local runner's runs.jsonl of a test spec, written to {@code dir}/local-SPEC (computed once per test
     * JVM and folder: a caller may read the file, and another test class's folder is gone once it ends), key →
     * normalized line.
     */
    static Map<String, String> localReference(String specName, Path dir) {
        Path out = dir.resolve("local-" + specName);
        return REFERENCES.computeIfAbsent(out.toAbsolutePath().toString(), k -> {
            run(SweepEngine.LOCAL, specName, out);
            return normalizedRecords(out);
        });
    }

    /** Runs a spec on an engine, as {@code implreg run} does. */
    static void run(SweepEngine engine, String specName, Path out) {
        ExperimentSpec s = SpecFiles.read(spec(specName));
        Sweeps.run(engine, s, specName, out, 2, BATCH, Monitor.NONE, null);
    }

    /**
     * The one field left out of the comparison: {@code "seconds"}, the wall-clock time of the run's solve
     * (of its whole batch when batched), which differs from one execution to the next on any engine. The
     * rest of each line (key, index, label, config, result, error) is compared as text, byte for byte:
     * numbers are written with Double.toString, so equal text is equal bits.
     */
    static final Pattern SECONDS = Pattern.compile(",\"seconds\":[^,]*,\"error\":");

    static String normalize(String line) {
        String n = SECONDS.matcher(line).replaceFirst(",\"seconds\":\"(excluded)\",\"error\":");
        assertThat(n).as("a record with one seconds field: " + line).isNotEqualTo(line);
        return n;
    }

    /** key → normalized line of dir/runs.jsonl, failing on a duplicate key or a torn line. */
    static Map<String, String> normalizedRecords(Path dir) {
        List<String> lines;
        try {
            String text = Files.readString(dir.resolve("runs.jsonl"));
            assertThat(text).as("runs.jsonl ends with a complete line").endsWith("\n");
            lines = text.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : lines) {
            String key;
            try {
                key = JSON.readTree(line).get("key").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(m.put(key, normalize(line))).as("key " + key + " recorded once").isNull();
        }
        return m;
    }

    /** Every key once and every record equal, byte for byte apart from "seconds". */
    static void assertSameRecords(Map<String, String> actual, Map<String, String> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String k : expected.keySet()) {
            assertThat(actual.get(k)).as("record " + k).isEqualTo(expected.get(k));
        }
    }
}
