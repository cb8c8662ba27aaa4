package org.implreg.reproduce.chou2021;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.io.Json;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Monitor;

/** The Chou et al. reproduction end to end (it is small: ~20 s on 2 cores): files, summary keys, the theorems' limits. */
@Tag("slow") // the whole reproduction, 40 000 steps at depth 3 and up to 10⁶ at depth 5: 40–70 s; its verdict rules run in Chou2021VerdictRulesTest
class Chou2021ReproductionTest {
    @TempDir
    Path tmp;

    @Test
    void recoversTheExampleAndWritesTheReport() throws Exception {
        Path dir = tmp.resolve("chou");
        new Chou2021Reproduction().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        JsonNode fin = s.get("final_eigenvalues");
        double[] expectIdentical = {0, 5, 7, 10};
        double[] expectPerturbed = {-5, 5, 7, 10};
        double[] id = sorted(fin.get("identical"));
        double[] pt = sorted(fin.get("perturbed"));
        for (int i = 0; i < 4; i++) {
            assertThat(id[i]).isCloseTo(expectIdentical[i], org.assertj.core.data.Offset.offset(1e-4));
            assertThat(pt[i]).isCloseTo(expectPerturbed[i], org.assertj.core.data.Offset.offset(1e-8));
        }
        for (JsonNode v : s.get("verdicts")) {
            assertThat(v.get("verdict").asText()).as(v.get("figure").asText()).isEqualTo("agrees");
        }
        assertThat(s.get("depths").size()).isEqualTo(4);
        for (String f : List.of("index.html", "trajectories.csv", "figures/eigenvalues-identical.png", "figures/eigenvalues-perturbed.svg",
            "figures/effective-rank.png", "figures/depth-5.png", "figures/trace-singular-values.png", "traces/identical.jsonl",
            "traces/depth-4.jsonl")) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
        // the trajectories in the trace format (issue 21): the last line's σ are Ŵ's |eigenvalues| 10, 7, 5, 5 (perturbed init)
        org.implreg.io.TraceFile.Trace t = org.implreg.io.TraceFile.read(dir.resolve("traces/perturbed.jsonl"));
        assertThat(t.run().get("label")).isEqualTo("perturbed");
        List<?> sv = (List<?>) t.lines().get(t.lines().size() - 1).get("singular_values");
        assertThat(((Number) sv.get(0)).doubleValue()).isCloseTo(10, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(((Number) sv.get(3)).doubleValue()).isCloseTo(5, org.assertj.core.data.Offset.offset(1e-6));
        // a rerun reads the finished runs back from the row store and computes none (a wall-clock bound here failed on a loaded machine)
        List<String> stored = Files.readAllLines(dir.resolve(Rows.FILE));
        assertThat(stored).hasSize(8);
        new Chou2021Reproduction().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        assertThat(Files.readAllLines(dir.resolve(Rows.FILE))).isEqualTo(stored);
        assertThat(Json.MAPPER.readTree(dir.resolve("summary.json").toFile()).get("final_eigenvalues")).isEqualTo(fin);
    }

    private static double[] sorted(JsonNode a) {
        double[] x = new double[a.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = a.get(i).asDouble();
        }
        java.util.Arrays.sort(x);
        return x;
    }
}
