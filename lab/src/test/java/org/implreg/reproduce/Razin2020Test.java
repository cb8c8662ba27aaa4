package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.sweep.Monitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Razin & Cohen's counterexample: the invariant, the 1/√loss growth, the verdict rules, the reproduction end to end. */
class Razin2020Test {
    @TempDir
    Path tmp;

    /**
     * Depths 3 and 4: det W never changes sign, and with det W &gt; 0 every recorded point satisfies
     * |W₁₁| ≥ (1 − δ)²/δ with δ = √(2L) (L = ½Σ_Ω(W_ij − M_ij)², the ½ of EndToEndLoss), so
     * |W₁₁|·√(2L) ≥ (1 − δ)² → 1 as L → 0: |W₁₁| grows at least like 1/√(2L).
     */
    @Test
    void detSignIsPreservedAndW11GrowsLikeOneOverSqrtLoss() {
        for (int depth : new int[] {3, 4}) {
            Map<String, Object> pos = Razin2020.runJob(new Razin2020.Job(depth, 1, Razin2020.STEP, 60_000));
            Map<String, Object> neg = Razin2020.runJob(new Razin2020.Job(depth, -1, Razin2020.STEP, 60_000));
            assertThat(pos.get("det_sign_changes")).isEqualTo(0);
            assertThat(neg.get("det_sign_changes")).isEqualTo(0);
            assertThat(java.util.Arrays.stream(Razin2020.column(pos, "det")).allMatch(d -> d > 0)).isTrue();
            assertThat(java.util.Arrays.stream(Razin2020.column(neg, "det")).allMatch(d -> d < 0)).isTrue();
            double[] loss = Razin2020.column(pos, "loss");
            double[] w11 = Razin2020.column(pos, "abs_w11");
            double[] det = Razin2020.column(pos, "det");
            assertThat(Razin2020.boundViolations(loss, w11, det)).isZero();
            int last = loss.length - 1;
            double delta = Math.sqrt(2 * loss[last]);
            assertThat(delta).as("depth " + depth).isLessThan(0.2);
            assertThat(w11[last] * delta).as("depth " + depth).isGreaterThanOrEqualTo((1 - delta) * (1 - delta));
            assertThat(w11[last]).isGreaterThan(w11[0] * 10);
            double[] negLoss = Razin2020.column(neg, "loss");
            assertThat(negLoss[negLoss.length - 1]).isLessThan(1e-6);
            assertThat(Razin2020.column(neg, "frobenius")[negLoss.length - 1]).isLessThan(3);
        }
    }

    /**
     * Depth 2: the flow keeps det W &gt; 0 (σ_min decays only exponentially), but GD's finite step crosses
     * det = 0 once σ_min is of the step's size, later (in flow time kη) for a smaller step; until then the
     * bound holds.
     */
    @Test
    void depthTwoGdCrossesLaterForSmallerSteps() {
        Map<String, Object> big = Razin2020.runJob(new Razin2020.Job(2, 1, 2e-3, 20_000));
        Map<String, Object> small = Razin2020.runJob(new Razin2020.Job(2, 1, 5e-4, 80_000));
        double tBig = ((Number) big.get("first_sign_change_step")).doubleValue() * 2e-3;
        double tSmall = ((Number) small.get("first_sign_change_step")).doubleValue() * 5e-4;
        assertThat(tSmall).isGreaterThan(tBig + 1);
        assertThat(Razin2020.boundViolations(Razin2020.column(big, "loss"), Razin2020.column(big, "abs_w11"),
            Razin2020.column(big, "det"))).isZero();
    }

    /** The bound counts a point below (1 − δ)²/δ only when det W &gt; 0. */
    @Test
    void boundViolationsCountsOnlyPositiveDeterminants() {
        assertThat(Razin2020.boundViolations(new double[] {0.005}, new double[] {5}, new double[] {1})).isEqualTo(1); // δ = 0.1: bound 8.1
        assertThat(Razin2020.boundViolations(new double[] {0.005}, new double[] {9}, new double[] {1})).isZero();
        assertThat(Razin2020.boundViolations(new double[] {0.005}, new double[] {5}, new double[] {-1})).isZero();
    }

    private static Map<String, Object> run(double lossFinal, double grow, double rank, int changes, int violations, double frob) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("loss_initial", 0.5);
        s.put("loss_final", lossFinal);
        for (String c : new String[] {"abs_w11", "frobenius", "nuclear", "schatten_half"}) {
            s.put(c + "_initial", 0.01);
            s.put(c + "_final", grow);
        }
        s.put("frobenius_final", frob);
        s.put("effective_rank_initial", 1.5);
        s.put("effective_rank_final", rank);
        s.put("det_sign_changes", changes);
        s.put("first_sign_change_step", changes > 0 ? 100L : null);
        s.put("bound_violations", violations);
        s.put("w11_times_sqrt_2loss_final", 1.0);
        return s;
    }

    @Test
    void verdictRulesReachEveryVerdict() {
        Map<Integer, Map<String, Object>> good = Map.of(2, run(1e-6, 500, 1.001, 0, 0, 500), 3, run(1e-6, 500, 1.001, 0, 0, 500));
        Map<Integer, Map<String, Object>> mixed = Map.of(2, run(1e-6, 500, 1.001, 0, 0, 500), 3, run(1e-2, 1, 1.5, 0, 0, 1));
        Map<Integer, Map<String, Object>> bad = Map.of(2, run(1e-2, 1, 1.5, 0, 0, 1));
        assertThat(Razin2020.normsGrow(good).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Razin2020.normsGrow(mixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Razin2020.normsGrow(bad).verdict()).isEqualTo(Verdict.DISAGREES);
        Map<Integer, Map<String, Object>> negGood = Map.of(2, run(1e-6, 1.5, 1.9, 0, 0, 1.42));
        Map<Integer, Map<String, Object>> negMixed = Map.of(2, run(1e-6, 1.5, 1.9, 0, 0, 1.42), 3, run(1e-6, 50, 1.0, 0, 0, 50));
        Map<Integer, Map<String, Object>> negBad = Map.of(2, run(1e-6, 50, 1.0, 0, 0, 50));
        assertThat(Razin2020.negativeBounded(negGood).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Razin2020.negativeBounded(negMixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Razin2020.negativeBounded(negBad).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Razin2020.invariant(good, negGood).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Razin2020.invariant(Map.of(2, run(1e-6, 500, 1.001, 0, 3, 500)), negGood).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Razin2020.invariant(good, Map.of(2, run(1e-6, 1.5, 1.9, 1, 0, 1.42))).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Razin2020.invariant(Map.of(2, run(1e-6, 500, 1.001, 1, 0, 500)), Map.of(2, run(1e-6, 1.5, 1.9, 1, 0, 1.42))).verdict())
            .isEqualTo(Verdict.DISAGREES);
    }

    /** The quick reproduction end to end: files, keys, verdicts, and a rerun that computes nothing. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void quickReproductionWritesItsPage() throws Exception {
        Path dir = tmp.resolve("razin");
        new Razin2020().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        JsonNode s = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("runs").size()).isEqualTo(6);
        // depths 3 and 4 show the theorem; depth 2's GD crosses det = 0 (see depthTwoGdCrossesLaterForSmallerSteps)
        assertThat(s.get("verdicts").get(0).get("verdict").asText()).as(s.get("verdicts").toString()).isEqualTo("partly");
        assertThat(s.get("verdicts").get(1).get("verdict").asText()).as(s.get("verdicts").toString()).isEqualTo("agrees");
        assertThat(s.get("verdicts").get(2).get("verdict").asText()).as(s.get("verdicts").toString()).isEqualTo("partly");
        for (String run : List.of("depth-3-det-positive", "depth-4-det-positive")) {
            JsonNode r = s.get("runs").get(run);
            assertThat(r.get("det_sign_changes").asInt()).isZero();
            assertThat(r.get("loss_final").asDouble()).isLessThan(1e-3);
            assertThat(r.get("abs_w11_final").asDouble()).isGreaterThan(10);
            assertThat(r.get("effective_rank_final").asDouble()).isLessThan(1.01);
        }
        for (String f : List.of("index.html", "paths.csv", "figures/depth-2-det-positive.png", "figures/depth-4-det-negative.svg")) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
        List<String> stored = Files.readAllLines(dir.resolve(Rows.FILE));
        new Razin2020().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        assertThat(Files.readAllLines(dir.resolve(Rows.FILE))).isEqualTo(stored);
    }
}
