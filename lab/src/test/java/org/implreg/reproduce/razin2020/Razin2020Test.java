package org.implreg.reproduce.razin2020;

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
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.reproduce.Verdict;
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
        s.put("erank_initial", 1.5);
        s.put("erank_final", rank);
        s.put("nuclear_to_spectral_final", rank);
        s.put("crossing", changes > 0 ? "flow" : "none");
        s.put("det_sign_changes", changes);
        s.put("first_sign_change_step", changes > 0 ? 100L : null);
        s.put("bound_violations", violations);
        s.put("w11_times_sqrt_2loss_final", 1.0);
        return s;
    }

    private static Finding normsGrow(Map<Integer, Map<String, Object>> runs) {
        return Razin2020.normsGrow("Theorem 1", Razin2020.Setting.IMPLREG, runs);
    }

    private static Finding negativeBounded(Map<Integer, Map<String, Object>> runs) {
        return Razin2020.negativeBounded("Contrast", Razin2020.Setting.IMPLREG, runs);
    }

    /** A run whose GD left the flow at a crossing (discretization), with the values just before it. */
    private static Map<String, Object> artefact(double lossBefore, double w11Before, int violations) {
        Map<String, Object> s = run(1e-27, 5, 1.2, 1, violations, 5.4);
        s.put("crossing", "discretization");
        s.put("loss_before_change", lossBefore);
        s.put("abs_w11_before_change", w11Before);
        s.put("erank_before_change", 1.0);
        return s;
    }

    /**
     * The artefact rule: a run whose det W crossing is GD's is judged up to the step before it (consistent:
     * neither shown nor failed), one whose crossing is the flow's is outside the hypothesis, one still on the
     * plateau is not decided; the invariant does not count GD's crossings against the theory. On the old
     * rule depth 2's crossing made Theorem 1 and the invariant "partly".
     */
    @Test
    void crossingsThatAreGdsDoNotCountAgainstTheTheory() {
        Map<String, Object> shown = run(1e-6, 500, 1.001, 0, 0, 500);
        Map<String, Object> neg = run(1e-6, 1.5, 1.9, 0, 0, 1.42);
        assertThat(normsGrow(Map.of(2, artefact(0.05, 2.8, 0), 3, shown)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(normsGrow(Map.of(2, artefact(0.05, 2.8, 0), 3, shown)).evidence()).contains("discretization artefact")
            .contains("consistent with the theorem, not decided");
        assertThat(normsGrow(Map.of(2, artefact(0.9, 2.8, 0), 3, shown)).verdict()).isEqualTo(Verdict.PARTLY); // loss had not halved
        assertThat(normsGrow(Map.of(2, artefact(0.05, 2.8, 2), 3, shown)).verdict()).isEqualTo(Verdict.PARTLY); // the bound failed
        assertThat(normsGrow(Map.of(2, run(1e-2, 1, 1.5, 1, 0, 1), 3, shown)).verdict()).isEqualTo(Verdict.AGREES); // flow crossing: apart
        Map<String, Object> plateau = run(0.5, 0.011, 1.0, 0, 0, 1e-6);
        plateau.put("loss_final", 0.49);
        assertThat(normsGrow(Map.of(4, plateau, 3, shown)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(normsGrow(Map.of(4, plateau)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(normsGrow(Map.of(4, plateau)).evidence()).contains("no run decides it");
        assertThat(Razin2020.invariant(Map.of(2, artefact(0.05, 2.8, 0), 3, shown), Map.of(2, neg)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Razin2020.invariant(Map.of(2, artefact(0.05, 2.8, 0), 3, shown), Map.of(2, neg)).evidence())
            .contains("1 crossings are GD's only");
    }

    /** Whose crossing: the η/4 rerun's crossing within 5% of the flow time is the flow's, else GD's. */
    @Test
    void crossingClassification() {
        assertThat(Razin2020.classify(Double.NaN, Double.NaN)).isEqualTo("none");
        assertThat(Razin2020.classify(10.5, Double.NaN)).isEqualTo("discretization");
        assertThat(Razin2020.classify(10.5, 12.8)).isEqualTo("discretization");
        assertThat(Razin2020.classify(10.5, 10.5 * (1 + Razin2020.SAME_CROSSING_TIME / 2))).isEqualTo("flow");
    }

    /**
     * implreg's depth 2 with η = 2e-3 (the old page's "Theorem 1: partly"): GD jumps det W = 0 at step 5 256,
     * and the η/4 rerun keeps det W &gt; 0 past the same flow time, so the crossing is classified as GD's;
     * until then the loss has fallen and |W₁₁| grown. From the paper's Gaussian init at depth 2 the layers are
     * unbalanced and det W changes sign at the same flow time for η and η/4: the flow's own crossing.
     */
    @Test
    void depthTwoCrossingIsGdsAtImplregsSettingAndTheFlowsAtThePapers() {
        Map<String, Object> r = Razin2020.runJob(new Razin2020.Job(2, 1, Razin2020.STEP, 20_000));
        assertThat(r.get("crossing")).isEqualTo("discretization");
        assertThat(r.get("first_sign_change_step")).isEqualTo(5256L);
        assertThat(r.get("refined_sign_change_time")).isNull();
        Map<String, Object> s = Razin2020.runSummary(r);
        assertThat((double) s.get("loss_before_change")).isLessThan(0.1);
        assertThat((double) s.get("abs_w11_before_change")).isGreaterThan(2.5);
        assertThat((double) s.get("sigma_ratio_before_change")).isLessThan(1e-8);
        assertThat(Razin2020.artefact(new Razin2020.Job(2, 1, Razin2020.STEP, 20_000), s))
            .startsWith("discretization artefact: implreg's setting, depth 2, det W(0) > 0: GD with η = 0.002 jumped det W = 0 at step 5256");
        Map<String, Object> p = Razin2020.runJob(new Razin2020.Job(Razin2020.Setting.PAPER, 2, 1, Razin2020.PAPER_STEP, 20_000));
        assertThat(p.get("crossing")).isEqualTo("flow");
        assertThat(Razin2020.runSummary(p).get("crossing")).isEqualTo("flow");
    }

    /** The paper's init: Gaussian layers of std 8e-3 with the wanted sign of det W(0). */
    @Test
    void paperInitHasTheWantedSignAndScale() {
        for (int depth : Razin2020.DEPTHS) {
            for (int sign : new int[] {1, -1}) {
                double[][] l = Razin2020.paperInit(depth, sign);
                double det = 1;
                double sq = 0;
                for (double[] layer : l) {
                    det *= Razin2020.det(layer);
                    for (double v : layer) {
                        sq += v * v;
                    }
                }
                assertThat(Math.signum(det)).isEqualTo(sign);
                double std = Math.sqrt(sq / (4.0 * depth));
                assertThat(std).as("depth %d", depth).isBetween(Razin2020.PAPER_STD / 4, Razin2020.PAPER_STD * 4);
            }
        }
    }

    /** summary keys: ‖W‖_* / ‖W‖₂ under its own name and the paper's erank, exp H(σ/‖σ‖₁). */
    @Test
    void metricsNameBothRanks() {
        double[] m = Razin2020.metrics(0, new double[] {2, 0, 0, 1}); // σ = (2, 1)
        java.util.List<String> cols = java.util.List.of(Razin2020.COLUMNS);
        assertThat(m[cols.indexOf("nuclear_to_spectral")]).isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-12));
        double h = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3));
        assertThat(m[cols.indexOf("erank")]).isCloseTo(Math.exp(h), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(cols).doesNotContain("effective_rank");
    }

    @Test
    void verdictRulesReachEveryVerdict() {
        Map<Integer, Map<String, Object>> good = Map.of(2, run(1e-6, 500, 1.001, 0, 0, 500), 3, run(1e-6, 500, 1.001, 0, 0, 500));
        Map<Integer, Map<String, Object>> mixed = Map.of(2, run(1e-6, 500, 1.001, 0, 0, 500), 3, run(1e-2, 1, 1.5, 0, 0, 1));
        Map<Integer, Map<String, Object>> bad = Map.of(2, run(1e-2, 1, 1.5, 0, 0, 1));
        assertThat(normsGrow(good).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(normsGrow(mixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(normsGrow(bad).verdict()).isEqualTo(Verdict.DISAGREES);
        Map<Integer, Map<String, Object>> negGood = Map.of(2, run(1e-6, 1.5, 1.9, 0, 0, 1.42));
        Map<Integer, Map<String, Object>> negMixed = Map.of(2, run(1e-6, 1.5, 1.9, 0, 0, 1.42), 3, run(1e-6, 50, 1.0, 0, 0, 50));
        Map<Integer, Map<String, Object>> negBad = Map.of(2, run(1e-6, 50, 1.0, 0, 0, 50));
        assertThat(negativeBounded(negGood).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(negativeBounded(negMixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(negativeBounded(negBad).verdict()).isEqualTo(Verdict.DISAGREES);
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
        assertThat(s.get("runs").size()).isEqualTo(12);
        // depths 3 and 4 show the theorem; depth 2's GD crossing of det = 0 is classified as an artefact, not counted
        assertThat(s.get("verdicts").get(0).get("verdict").asText()).as(s.get("verdicts").toString()).isEqualTo("agrees");
        assertThat(s.get("verdicts").get(1).get("verdict").asText()).as(s.get("verdicts").toString()).isEqualTo("agrees");
        assertThat(s.get("verdicts").get(2).get("verdict").asText()).as(s.get("verdicts").toString()).isEqualTo("agrees");
        assertThat(s.get("runs").get("depth-2-det-positive").get("crossing").asText()).isEqualTo("discretization");
        assertThat(s.get("discretization_artefacts").size()).isEqualTo(1);
        // the paper's setting: depth 4 (det W(0) > 0) fits with |W11| ≈ 1/√(2L) ≈ 70.7 at L = 1e-4
        JsonNode p4 = s.get("runs").get("paper-depth-4-det-positive");
        assertThat(p4.get("loss_final").asDouble()).isLessThanOrEqualTo(Razin2020.PAPER_STOP_LOSS);
        assertThat(p4.get("abs_w11_final").asDouble()).isGreaterThan(60);
        assertThat(p4.get("erank_final").asDouble()).isLessThan(1.01);
        for (String run : List.of("depth-3-det-positive", "depth-4-det-positive")) {
            JsonNode r = s.get("runs").get(run);
            assertThat(r.get("det_sign_changes").asInt()).isZero();
            assertThat(r.get("loss_final").asDouble()).isLessThan(1e-3);
            assertThat(r.get("abs_w11_final").asDouble()).isGreaterThan(10);
            assertThat(r.get("erank_final").asDouble()).isLessThan(1.01);
            assertThat(r.get("nuclear_to_spectral_final").asDouble()).isLessThan(1.01);
        }
        for (String f : List.of("index.html", "paths.csv", "figures/depth-2-det-positive.png", "figures/depth-4-det-negative.svg", "figures/paper-depth-3-w11-vs-loss.png")) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
        List<String> stored = Files.readAllLines(dir.resolve(Rows.FILE));
        new Razin2020().run(new Reproduction.Context(dir, false, 1, 2, 1, Monitor.NONE, new PrintWriter(new StringWriter()), null));
        assertThat(Files.readAllLines(dir.resolve(Rows.FILE))).isEqualTo(stored);
    }
}
