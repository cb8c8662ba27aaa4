package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.io.Json;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Reproduction;
import org.implreg.report.RecordJson;
import org.implreg.reproduce.Verdict;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Grid.OtherMasks;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Grid.PerAlpha;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017Grid.WholeDiagonalMasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.implreg.sweep.Monitor;

/** Figure 4's grid at CI size (20 value combinations per mask): files, numbers, resume, determinism; its verdict rule. */
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
        Gunasekar2017Grid.GridSummary typed = g.run(context(dir, 2));
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        // summary.json is the record, key by key; its verdict is the pure rule's on the record's per-α rows
        JsonNode written = s.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) written).remove(List.of("seconds", "provenance"));
        assertThat(written).isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(RecordJson.toMap(typed))));
        assertThat(Gunasekar2017Grid.verdict(List.copyOf(typed.perAlpha().values())).toMap())
            .isEqualTo(Json.MAPPER.convertValue(s.get("verdicts").get(0), Map.class));
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

    @Test
    void instanceRowReadsBackFromItsStoredArray() {
        PsdCompletionGrid.Options o = PsdCompletionGrid.Options.paper(1);
        for (int id : List.of(14 * 10_000 + 9999, 17356, 1813)) { // boundary-feasible, feasible, infeasible
            Gunasekar2017Grid.InstanceRow row = Gunasekar2017Grid.InstanceRow.of(PsdCompletionGrid.solve(id, o));
            JsonNode stored = Json.MAPPER.valueToTree(Json.sanitize(row.stored()));
            Gunasekar2017Grid.InstanceRow back = Gunasekar2017Grid.InstanceRow.read(stored);
            assertThat(back.stored()).as("id %d", id).isEqualTo(row.stored());
            assertThat(back.flows()).isEqualTo(row.flows());
            assertThat(back.feasible()).isEqualTo(row.feasible());
        }
    }

    @Test
    void perAlphaWritesTheSummaryKeysInOrder() {
        assertThat(RecordJson.toMap(perAlpha(1e-3, 0.95, 0.95)).keySet()).containsExactly("alpha", "converged", "not_converged",
            "retried", "fraction_delta_below_1e-3", "fraction_delta_below_1e-2", "fraction_delta_below_1e-1", "median_delta",
            "p90_delta", "max_delta", "min_delta", "other_masks", "whole_diagonal_masks");
        @SuppressWarnings("unchecked")
        Map<String, ?> other = (Map<String, ?>) RecordJson.toMap(perAlpha(1e-3, 0.95, 0.95)).get("other_masks");
        assertThat(other.keySet()).containsExactly("converged", "fraction_delta_below_1e-3", "fraction_delta_below_1e-2",
            "fraction_delta_below_1e-1", "median_delta", "paper_axes_counts");
    }

    /** Fraction of the feasible instances with Δ below 1e-2 that "most near minimal" asks of every small α. */
    private static final double MOST = 0.9;

    @Test
    void figure4VerdictRule() {
        assertThat(verdict(0.95, 0.5).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(verdict(0.95, 0.93).verdict()).isEqualTo(Verdict.PARTLY); // α = 1 does not spread wider
        assertThat(verdict(0.5, 0.5).verdict()).isEqualTo(Verdict.DISAGREES);
        // the threshold of "most", from either side
        assertThat(verdict(MOST, 0.5).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(verdict(Math.nextDown(MOST), 0.5).verdict()).isEqualTo(Verdict.PARTLY);
        // the whole-diagonal masks (Δ ≡ 0) are left out: all masks 95%, the others 60%
        Finding split = Gunasekar2017Grid.verdict(List.of(perAlpha(1e-3, 0.95, 0.6), perAlpha(1.0, 0.5, 0.3)));
        assertThat(split.verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(split.evidence()).contains("without the whole-diagonal masks (Δ ≡ 0 there) 0.6");
    }

    @Test
    void smallAlphaWithoutConvergedFlowsDoesNotConcentrate() {
        // no flow from the small α converged (its fractions NaN): nothing is near minimal, whatever α = 1 did (the map-based
        // rule started "smallest" at 1 and answered agrees here)
        Finding f = Gunasekar2017Grid.verdict(List.of(perAlpha(1e-3, Double.NaN, Double.NaN), perAlpha(1.0, 0.5, 0.5)));
        assertThat(f.verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(f.toMap().get("found").toString()).contains("from small α, n/a of the feasible instances");
        // and with no α = 1 result it does not spread wider: partly at most
        assertThat(Gunasekar2017Grid.verdict(List.of(perAlpha(1e-3, 0.95, 0.95), perAlpha(1.0, Double.NaN, Double.NaN))).verdict())
            .isEqualTo(Verdict.PARTLY);
    }

    private static Finding verdict(double small, double large) {
        return Gunasekar2017Grid.verdict(List.of(perAlpha(1e-3, small, small), perAlpha(1.0, large, large)));
    }

    /** A per-α row whose fraction below 1e-2 is {@code all} on all masks and {@code other} without the whole-diagonal ones. */
    private static PerAlpha perAlpha(double alpha, double all, double other) {
        return new PerAlpha(alpha, 100, 0, 0, all / 2, all, 1.0, 1e-4, 1e-3, 1e-2, 0.0,
            new OtherMasks(88, other / 2, other, 1.0, 1e-3, org.implreg.reproduce.PaperAxes.counts(List.of())), new WholeDiagonalMasks(12, 0.0));
    }
}
