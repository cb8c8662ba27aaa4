package org.implreg.reproduce.arora2019;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.io.Json;
import org.implreg.reproduce.Reproduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Monitor;

/** Arora et al.'s completion sweep at CI size (30×30 rank 5, m = 250 and 600, 4 000 steps a run): files, keys, references. */
class Arora2019ReproductionTest {
    @TempDir
    Path tmp;

    @Test
    void ciSizedSweepWritesFiguresAndSummaryAndResumes() throws Exception {
        Path dir = tmp.resolve("arora");
        Arora2019Reproduction r = new Arora2019Reproduction(30, new int[] {250, 600}, 4_000);
        r.run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("runs").size()).isEqualTo(2 * (1 + 3 * 2));
        for (String m : List.of("250", "600")) {
            JsonNode pm = s.get("per_m").get(m);
            assertThat(pm.get("min_nuclear_norm").get("duality_gap").asDouble()).isLessThanOrEqualTo(1e-6);
            for (String depth : List.of("depth_2", "depth_3", "depth_4")) {
                for (String scale : List.of("1e-03", "1e-05")) {
                    JsonNode run = pm.get(depth).get(scale);
                    assertThat(run.get("reconstruction_error").asDouble()).as(m + depth + scale).isFinite().isNotNegative();
                    assertThat(run.get("stop_reason").asText()).isIn("CONVERGED", "MAX_ITER");
                }
            }
        }
        // more entries, better nuclear norm completion
        assertThat(s.get("per_m").get("600").get("min_nuclear_norm").get("reconstruction_error").asDouble())
            .isLessThan(s.get("per_m").get("250").get("min_nuclear_norm").get("reconstruction_error").asDouble());
        // dynamics (issue 21): the smallest m and init scale traced for depths 2, 3, 4
        for (String depth : List.of("depth_2", "depth_3", "depth_4")) {
            assertThat(s.get("dynamics").get(depth).get("final_singular_values").size()).as(depth).isEqualTo(5);
            assertThat(dir.resolve(s.get("dynamics").get(depth).get("trace").asText())).as(depth).exists();
            assertThat(s.get("dynamics").get(depth).get("half_rise_iterations").get(0).asDouble()).as(depth).isNotNegative();
        }
        assertThat(s.get("runs").toString()).doesNotContain("\"trace\"");
        for (String f : List.of("index.html", "runs.csv", "figures/m250-reconstruction_error.png", "figures/m600-effective_rank.svg",
            "figures/dynamics-m250-singular_values.png", "traces/deep-m250-N3-s1e-05.jsonl")) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
        long t0 = System.nanoTime();
        r.run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).get("runs")).isEqualTo(s.get("runs"));
    }
}
