package org.implreg.reproduce.li2021;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.grid.PsdCompletionGrid;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.PaperAxes;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
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
        Map<String, Object> cx = Map.of("id", 7, "mask", "11,22,12,13", "observed", List.of(0.1), "min_nuclear_norm", 1.0);
        assertThat(Li2021.counterexampleFinding(true, 0.11, cx).found()).isEqualTo("Gunasekar et al.'s conjecture fails here; Li et al.'s "
            + "counterexample holds: on the certified grid instance 7 the small-init limit's nuclear norm stays at least 11.0% above the "
            + "minimum for every α from 1e-4 to 1e-8.");
        Map<String, Object> c = Map.of("id", 1, "mask", "11,22,12,13", "observed", List.of(0.1), "min_nuclear_norm", 1.0);
        assertThat(Li2021.counterexampleFinding(true, 0.11, c).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Li2021.counterexampleFinding(true, 0.02, c).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Li2021.counterexampleFinding(false, 0.11, c).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void histogramCountsOnThePapersAxes() {
        Map<String, Object> h = PaperAxes.paperAxesCounts(List.of(-0.5, -0.2, 0.0, 0.001, 0.019, 0.2, 0.3));
        assertThat((int[]) h.get("counts")).hasSize(20);
        assertThat(((int[]) h.get("counts"))[0]).isEqualTo(1);
        assertThat(((int[]) h.get("counts"))[10]).isEqualTo(3);
        assertThat(((int[]) h.get("counts"))[19]).isEqualTo(1);
        assertThat(h.get("below")).isEqualTo(1);
        assertThat(h.get("above")).isEqualTo(1);
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
            Map<String, Object> r = Li2021.gridInstance(mask * PsdCompletionGrid.PER_MASK + 9999 - i * 7,
                PsdCompletionGrid.Options.paper(1));
            if (r != null) {
                found++;
                assertThat(Math.abs(Li2021.num(r, "flow_delta"))).isLessThan(1e-6);
                assertThat(Math.abs(Li2021.num(r, "glrl_delta"))).isLessThan(1e-6);
            }
        }
        assertThat(found).isPositive();
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
