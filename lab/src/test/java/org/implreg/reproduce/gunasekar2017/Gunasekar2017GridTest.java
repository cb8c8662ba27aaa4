package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.reproduce.Reproduction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Monitor;

/** Figure 4's grid at CI size (20 value combinations per mask): files, numbers, resume, determinism. */
class Gunasekar2017GridTest {
    @TempDir
    Path tmp;

    private Reproduction.Context context(Path dir, int threads) {
        return new Reproduction.Context(dir, false, 1, threads, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null);
    }

    @Test
    void ciSizedGridWritesInstancesHistogramsAndSummaryAndResumes() throws Exception {
        Path dir = tmp.resolve("grid");
        Gunasekar2017Grid g = new Gunasekar2017Grid(20);
        g.run(context(dir, 2));
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("instances").asInt()).isEqualTo(300);
        int feasible = s.get("feasible").asInt();
        assertThat(feasible).isPositive().isLessThan(300);
        assertThat(s.get("certified").asInt()).isEqualTo(feasible);
        for (String a : List.of("1e-5", "1e-3", "1")) {
            JsonNode m = s.get("per_alpha").get(a);
            assertThat(m.get("converged").asInt() + m.get("not_converged").asInt()).isEqualTo(feasible);
            assertThat(m.get("fraction_delta_below_1e-1").asDouble()).isBetween(0.0, 1.0);
            // the flow ends at a PSD completion, whose nuclear norm is at least the minimum (up to its tolerance)
            assertThat(m.get("min_delta").asDouble()).isGreaterThan(-1e-4);
        }
        assertThat(s.get("verdicts").get(0).get("evidence").asText()).contains("α = 1e-5");
        List<String> csv = Files.readAllLines(dir.resolve("instances.csv"));
        assertThat(csv).hasSize(301);
        assertThat(csv.get(0)).startsWith("id,mask,v1,v2,v3,v4,feasible,boundary,min_nuclear_norm,certified,nuclear_norm_1e-5");
        for (String f : List.of("fig4-alpha-1e-5", "fig4-alpha-1e-3", "fig4-alpha-1")) {
            assertThat(dir.resolve("figures/" + f + ".png")).isNotEmptyFile();
            assertThat(Files.readString(dir.resolve("figures/" + f + ".svg"))).contains("<svg");
        }
        assertThat(Files.readString(dir.resolve("index.html"))).contains("fig4-alpha-1e-3.png").contains("Paper:");

        // resume: drop the last block record; the rerun recomputes it alone, identically
        Path blocks = dir.resolve("blocks.jsonl");
        List<String> lines = Files.readAllLines(blocks);
        Files.write(blocks, lines.subList(0, lines.size() - 1));
        Path other = tmp.resolve("one-thread");
        g.run(context(other, 1));
        g.run(context(dir, 2));
        assertThat(Files.readAllLines(dir.resolve("instances.csv"))).isEqualTo(csv);
        assertThat(Files.readAllLines(other.resolve("instances.csv"))).isEqualTo(csv);
    }

    @Test
    void instanceIdsEnumerateMasksAndValues() {
        assertThat(PsdCompletionGrid.maskText(0)).isEqualTo("33,12,13,23");
        assertThat(PsdCompletionGrid.maskText(14)).isEqualTo("11,22,33,12");
        PsdCompletionGrid.Instance in = PsdCompletionGrid.solve(14 * 10_000 + 9999, PsdCompletionGrid.Options.paper(1));
        // all four values 1: diagonals 1 and X_12 = 1, a rank-one boundary completion with trace 3
        assertThat(in.valueIndex()).containsExactly(9, 9, 9, 9);
        assertThat(in.exact().feasible()).isTrue();
        assertThat(in.exact().boundary()).isTrue();
        assertThat(in.exact().minTrace()).isEqualTo(3.0);
        assertThat(in.flows()).hasSize(3);
    }
}
