package org.implreg.reproduce.hou2024;

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

/** The UDUᵀ reproduction at CI size (20×20 rank 3 from 160 measurements): files, keys, the noiseless low-rank result. */
class Hou2024Test {
    @TempDir
    Path tmp;

    @Test
    void ciSizedSweepFindsRankThreeWithUduAndWritesTheReport() throws Exception {
        Path dir = tmp.resolve("hou");
        new Hou2024(20, 160).run(new Reproduction.Context(dir, false, 1, 2, 32, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        JsonNode noiseless = s.get("results").get("noiseless");
        for (String label : List.of("UDUᵀ, η=0.1", "UDUᵀ, η=0.3")) {
            for (JsonNode run : noiseless.get(label)) {
                assertThat(run.get("numerical_rank").asInt()).as(label).isEqualTo(3);
                assertThat(run.get("rel_error").asDouble()).as(label).isLessThan(1e-2);
            }
        }
        assertThat(s.get("results").get("noisy").get("BM, η=0.1").size()).isEqualTo(3);
        assertThat(s.get("verdicts")).hasSize(2);
        for (String f : List.of("index.html", "spec.yaml", "runs.jsonl", "runs.csv", "figures/noiseless-rank.png",
            "figures/noisy-spectrum.svg")) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
    }
}
