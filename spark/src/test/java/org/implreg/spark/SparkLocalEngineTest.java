package org.implreg.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.implreg.spark.SparkTesting.assertSameRecords;
import static org.implreg.spark.SparkTesting.localReference;
import static org.implreg.spark.SparkTesting.normalizedRecords;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.implreg.sweep.SpecFiles;
import org.implreg.sweep.SweepRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine on an embedded local[2] master (one context for the class) against the local runner. */
class SparkLocalEngineTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static JavaSparkContext sc;
    static SparkSweepEngine engine;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(SparkTesting.conf("local[2]"));
        sc.setLogLevel("WARN");
        engine = new SparkSweepEngine(sc, System.err);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void mixedSweepIsBitwiseTheLocalRunners() throws Exception {
        // the plan really has batched units (3 of 4 fixed-step GD runs) beside single ones
        List<List<org.implreg.sweep.RunConfig>> units = new SweepRunner(1, SparkTesting.BATCH)
            .plan(SpecFiles.read(SparkTesting.spec("mixed24.yaml")).runs());
        assertThat(units.stream().filter(u -> u.size() == 4).count()).isEqualTo(3);
        assertThat(units).hasSize(3 + 12);

        Path out = tmp.resolve("spark");
        SparkTesting.run(engine, "mixed24.yaml", out);
        Map<String, String> spark = normalizedRecords(out);
        assertThat(spark).hasSize(24);
        assertSameRecords(spark, localReference("mixed24.yaml", shared));
        JsonNode provenance = SparkTesting.JSON.readTree(out.resolve("provenance.json").toFile());
        assertThat(provenance.toString()).contains("spark local[2]");
        // a rerun finds everything done and sends nothing
        SparkTesting.run(engine, "mixed24.yaml", out);
        assertSameRecords(normalizedRecords(out), spark);
    }

    @Test
    void resumesAHalfWrittenFileAsTheLocalRunnerWould() throws Exception {
        Map<String, String> reference = localReference("mixed24.yaml", shared);
        // the first 10 records of the local run, then a torn line (a driver killed mid-write)
        List<String> local = Files.readAllLines(shared.resolve("local-mixed24.yaml").resolve("runs.jsonl"));
        Path out = tmp.resolve("resumed");
        Files.createDirectories(out);
        String head = String.join("\n", local.subList(0, 10)) + "\n" + local.get(10).substring(0, 40);
        Files.writeString(out.resolve("runs.jsonl"), head, StandardCharsets.UTF_8);
        SparkTesting.run(engine, "mixed24.yaml", out);
        assertSameRecords(normalizedRecords(out), reference);
    }
}
