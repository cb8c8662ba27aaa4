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

/** The UDV network reproduction on the shipped digits at CI size (few epochs): files, keys, sane numbers. */
class Hou2024NetworksTest {
    @TempDir
    Path tmp;

    @Test
    void trainsBothModelsOnBothTasksAndWritesPruningCurves() throws Exception {
        Path dir = tmp.resolve("nn");
        new Hou2024Networks(400, 200, Path.of("../data/sklearn/digits.csv.gz")).run(new Reproduction.Context(dir, false, 1, 2, 1,
            Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        JsonNode cls = s.get("tasks").get("classification");
        assertThat(cls.get("udv_test").asDouble()).isGreaterThan(0.6);
        assertThat(cls.get("relu_test").asDouble()).isGreaterThan(0.8);
        assertThat(cls.get("udv_pruning_curve")).hasSize(10);
        JsonNode reg = s.get("tasks").get("regression");
        assertThat(reg.get("udv_test").asDouble()).isBetween(0.0, 1.0);
        assertThat(reg.get("udv_pruning_curve")).hasSize(32);
        for (String f : List.of("index.html", "pruning.csv", "figures/classification-pruning.png", "figures/regression-pruning.svg")) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
    }
}
