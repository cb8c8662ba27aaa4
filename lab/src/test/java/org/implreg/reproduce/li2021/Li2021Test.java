package org.implreg.reproduce.li2021;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.io.Json;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.PaperAxes;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.report.RecordJson;
import org.implreg.reproduce.Verdict;
import org.implreg.sweep.Monitor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Li, Luo & Lyu: verdict rules (every verdict reachable), the histogram, one grid instance, and the quick reproduction. */
class Li2021Test {
    @TempDir
    Path tmp;

    @Test
    void verdictRulesReachEveryVerdict() {
        assertThat(Li2021.approachesGlrl(List.of(new double[] {0.1, 1e-4, 0.5}, new double[] {0.04, 0.01, 0.07})).verdict())
            .isEqualTo(Verdict.AGREES);
        assertThat(Li2021.approachesGlrl(List.of(new double[] {0.1, 1e-4, 0.5}, new double[] {0.04, 0.04, 0.0})).verdict())
            .isEqualTo(Verdict.PARTLY);
        assertThat(Li2021.approachesGlrl(List.<double[]>of(new double[] {0.04, 0.05, -0.01})).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Li2021.explained(100, 95, 30, 60, 0, 0, true).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Li2021.explained(100, 67, 17, 80, 5, 1, false).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Li2021.explained(100, 10, 30, 60, 20, 2, true).verdict()).isEqualTo(Verdict.DISAGREES);
        // (d) judges Li et al.'s prediction: the gap shrinking everywhere (Gunasekar et al.'s conjecture) disagrees with it
        assertThat(Li2021.figure2c(List.of(new double[] {0.05, 0.01, 1e-4}, new double[] {0.1, 0.0}), List.of(0.2, 0.1)).verdict())
            .isEqualTo(Verdict.DISAGREES);
        assertThat(Li2021.figure2c(List.of(new double[] {0.05, 0.01, 1e-4}, new double[] {0.05, 0.14}), List.of(0.2, 0.1)).verdict())
            .isEqualTo(Verdict.PARTLY);
        assertThat(Li2021.figure2c(List.<double[]>of(new double[] {0.05, 0.14}), List.of(0.147)).verdict()).isEqualTo(Verdict.AGREES);
    }

    @Test
    void figure2cSaysWhoseClaimFailsAndWhoseHoldsFromTheNumbers() {
        // the gap grows from +5.3% to +14.3% and +11.4% on two seeds, towards GLRL's +14.7% and +31%: as Li et al. predict
        Finding f = Li2021.figure2c(List.of(new double[] {0.053, 0.094, 0.13, 0.143}, new double[] {0.037, 0.048, 0.082, 0.114}),
            List.of(0.147, 0.31));
        assertThat(f.verdict()).isEqualTo(Verdict.AGREES);
        assertThat(f.owner().phrase()).isEqualTo("Li et al.'s prediction");
        assertThat(f.found()).isEqualTo("Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds: on 2 of 2 problem seeds "
            + "the small-init limit's nuclear norm does not approach the minimum as α → 0 (gap +11.4% to +14.3% at α = 1e-8; GLRL's "
            + "solution +14.7% to +31.0%).");
        Finding shrinks = Li2021.figure2c(List.<double[]>of(new double[] {0.05, 1e-4}), List.of(Double.NaN));
        assertThat(shrinks.found()).startsWith("Gunasekar et al.'s conjecture holds here; Li et al.'s prediction fails: on 0 of 1 problem")
            .endsWith("(gap +0.0% at α = 1e-8).");
        assertThat(Li2021.counterexampleFinding(counterexample(7, true, 0.11)).found()).isEqualTo("Gunasekar et al.'s conjecture fails here; Li et al.'s "
            + "counterexample holds: on the certified grid instance 7 the small-init limit's nuclear norm stays at least 11.0% above the "
            + "minimum for every α from 1e-4 to 1e-8.");
        assertThat(Li2021.counterexampleFinding(counterexample(1, true, 0.11)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Li2021.counterexampleFinding(counterexample(1, true, 0.02)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Li2021.counterexampleFinding(counterexample(1, true, 0.0)).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Li2021.counterexampleFinding(counterexample(1, false, 0.11)).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Li2021.counterexampleFinding(counterexample(1, true, 0.11)).evidence()).isEqualTo("instance 1 (mask 11,22,12,13, "
            + "observed [0.1, 0.7777777777777778]): certified min ‖X‖_* = 1.000000; the flow's Δ is at least 11.00% over α = 1e-4 … "
            + "1e-8 and 3 initializations each, and grows as α falls (per α: α = 1e-04: Δ 11.00%–12.50%)");
    }

    /** A counterexample record of instance {@code id}, minimum 1, one α (1e-4) whose flows' least Δ is {@code minDelta}. */
    private static Li2021.Counterexample counterexample(int id, boolean certified, double minDelta) {
        return new Li2021.Counterexample(id, "11,22,12,13", new double[] {0.1, 7.0 / 9}, 1.0, new double[9], certified,
            List.of(new Li2021.CounterexampleAlpha(1e-4, minDelta, 0.125, new double[] {1 + minDelta, 1.125}, 1e-10)), minDelta);
    }

    @Test
    void histogramCountsOnThePapersAxes() {
        PaperAxes.Counts h = PaperAxes.counts(List.of(-0.5, -0.2, 0.0, 0.001, 0.019, 0.2, 0.3));
        assertThat(h.counts()).hasSize(20);
        assertThat(h.counts()[0]).isEqualTo(1);
        assertThat(h.counts()[10]).isEqualTo(3);
        assertThat(h.counts()[19]).isEqualTo(1);
        assertThat(h.below()).isEqualTo(1);
        assertThat(h.above()).isEqualTo(1);
        assertThat(h.total()).isEqualTo(7);
        assertThat(h.edges()).hasSize(21).startsWith(-0.2);
        assertThat(RecordJson.toMap(h).keySet()).containsExactly("edges", "counts", "below", "above", "total");
    }

    /** A mask observing the whole diagonal fixes the trace, so the flow and GLRL both have Δ = 0. */
    @Test
    void wholeDiagonalMasksHaveZeroDelta() {
        int mask = -1;
        for (int k = 0; k < PsdCompletionGrid.MASKS && mask < 0; k++) {
            if (PsdCompletionGrid.observesWholeDiagonal(k)) {
                mask = k;
            }
        }
        int found = 0;
        for (int i = 0; i < 400 && found < 3; i++) {
            Li2021.GridInstance r = Li2021.gridInstance(mask * PsdCompletionGrid.PER_MASK + 9999 - i * 7,
                PsdCompletionGrid.Options.paper(1));
            if (r != null) {
                found++;
                assertThat(r.wholeDiagonal()).isTrue();
                assertThat(Math.abs(r.flowDelta())).isLessThan(1e-6);
                assertThat(Math.abs(r.glrlDelta())).isLessThan(1e-6);
            }
        }
        assertThat(found).isPositive();
    }

    /**
     * Every row the map-based version stored (its CI-size rows.jsonl, commit 826c20b) reads as its record and writes
     * back as the same JSON: a rerun after this change finds its rows, and a renamed or dropped key fails to read.
     */
    @Test
    void rowsStoredBeforeReadAsRecordsAndWriteBackTheSame() throws Exception {
        List<String> lines;
        try (var in = Li2021Test.class.getResourceAsStream("rows-826c20b.jsonl")) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSize(19); // 2 planted, 15 grid chunks (1 per mask), 1 figure2c seed, the counterexample
        for (String line : lines) {
            JsonNode rec = Json.MAPPER.readTree(line);
            String name = rec.get("name").asText();
            JsonNode row = rec.get("row");
            Class<?> type = name.startsWith("grid-") ? Li2021.GridChunk.class : name.equals("counterexample") ? Li2021.CounterexampleRow.class
                : Li2021.Analysis.class;
            Object read = RecordJson.fromTree(row, type);
            assertThat(RecordJson.toTree(read).toString()).as(name).isEqualTo(row.toString());
        }
        ObjectNode renamed = (ObjectNode) Json.MAPPER.readTree(lines.get(0)).get("row");
        renamed.set("min_nuclear_norm_x", renamed.remove("min_nuclear_norm"));
        assertThatThrownBy(() -> RecordJson.fromTree(renamed, Li2021.Analysis.class)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("min_nuclear_norm_x");
    }

    @Test
    @Tag("slow")
    void quickReproductionWritesItsPage() throws Exception {
        Path dir = tmp.resolve("li");
        new Li2021().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("verdicts").size()).isEqualTo(4);
        assertThat(s.get("figure2c").size()).isEqualTo(5);
        assertThat(s.get("grid").get("fraction_explained_by_glrl").asDouble()).isGreaterThan(s.get("grid")
            .get("fraction_explained_by_min_nuclear_norm").asDouble());
        assertThat(s.get("counterexample").get("certified").asBoolean()).isTrue();
        assertThat(s.get("counterexample").get("min_delta_small_alphas").asDouble()).isGreaterThanOrEqualTo(0.05);
        assertThat(Files.exists(dir.resolve("figures/figure4-histogram.png"))).isTrue();
        List<String> stored = Files.readAllLines(dir.resolve(Rows.FILE));
        new Li2021().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        assertThat(Files.readAllLines(dir.resolve(Rows.FILE))).isEqualTo(stored);
    }
}
