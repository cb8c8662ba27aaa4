package org.implreg.reproduce.razin2020;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Reproduction;
import org.implreg.reproduce.Rows;
import org.implreg.report.RecordJson;
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
            Razin2020.RunRow pos = Razin2020.runJob(new Razin2020.Job(depth, 1, Razin2020.STEP, 60_000));
            Razin2020.RunRow neg = Razin2020.runJob(new Razin2020.Job(depth, -1, Razin2020.STEP, 60_000));
            assertThat(pos.detSignChanges()).isZero();
            assertThat(neg.detSignChanges()).isZero();
            assertThat(java.util.Arrays.stream(pos.path().det()).allMatch(d -> d > 0)).isTrue();
            assertThat(java.util.Arrays.stream(neg.path().det()).allMatch(d -> d < 0)).isTrue();
            double[] loss = pos.path().loss();
            double[] w11 = pos.path().absW11();
            double[] det = pos.path().det();
            assertThat(Razin2020.boundViolations(loss, w11, det)).isZero();
            int last = loss.length - 1;
            double delta = Math.sqrt(2 * loss[last]);
            assertThat(delta).as("depth " + depth).isLessThan(0.2);
            assertThat(w11[last] * delta).as("depth " + depth).isGreaterThanOrEqualTo((1 - delta) * (1 - delta));
            assertThat(w11[last]).isGreaterThan(w11[0] * 10);
            double[] negLoss = neg.path().loss();
            assertThat(negLoss[negLoss.length - 1]).isLessThan(1e-6);
            assertThat(neg.path().frobenius()[negLoss.length - 1]).isLessThan(3);
        }
    }

    /**
     * Depth 2: the flow keeps det W &gt; 0 (σ_min decays only exponentially), but GD's finite step crosses
     * det = 0 once σ_min is of the step's size, later (in flow time kη) for a smaller step; until then the
     * bound holds.
     */
    @Test
    void depthTwoGdCrossesLaterForSmallerSteps() {
        Razin2020.RunRow big = Razin2020.runJob(new Razin2020.Job(2, 1, 2e-3, 20_000));
        Razin2020.RunRow small = Razin2020.runJob(new Razin2020.Job(2, 1, 5e-4, 80_000));
        double tBig = big.firstSignChangeStep() * 2e-3;
        double tSmall = small.firstSignChangeStep() * 5e-4;
        assertThat(tSmall).isGreaterThan(tBig + 1);
        assertThat(Razin2020.boundViolations(big.path().loss(), big.path().absW11(), big.path().det())).isZero();
    }

    /** The bound counts a point below (1 − δ)²/δ only when det W &gt; 0. */
    @Test
    void boundViolationsCountsOnlyPositiveDeterminants() {
        assertThat(Razin2020.boundViolations(new double[] {0.005}, new double[] {5}, new double[] {1})).isEqualTo(1); // δ = 0.1: bound 8.1
        assertThat(Razin2020.boundViolations(new double[] {0.005}, new double[] {9}, new double[] {1})).isZero();
        assertThat(Razin2020.boundViolations(new double[] {0.005}, new double[] {5}, new double[] {-1})).isZero();
    }

    /**
     * A run's summary for the verdict rules: loss 0.5 → {@code lossFinal}; |W11|, ‖W‖_*, Schatten-½ 0.01 → {@code grow};
     * ‖W‖_F 0.01 → {@code frob}; erank and the ratio ‖W‖_* to ‖W‖₂ 1.5 → {@code rank}; a crossing of det W = 0 of class
     * {@code crossing} at step 100 when {@code changes} &gt; 0, with the point {@code before} it (null: none recorded).
     */
    private static Razin2020.RunSummary run(double lossFinal, double grow, double rank, int changes, int violations, double frob,
                                            String crossing, Razin2020.Point before) {
        Razin2020.Point initial = new Razin2020.Point(0.5, 0.01, 0.01, 0.01, 0.01, 1.5, 1.5, 1e-4);
        Razin2020.Point last = new Razin2020.Point(lossFinal, grow, frob, grow, grow, rank, rank, 1);
        boolean crossed = changes > 0;
        return Razin2020.RunSummary.of(1000, "MAX_ITER", changes, crossed ? 100L : null, crossed ? crossing : "none", crossed ? 0.2 : null,
            crossed ? 5e-4 : null, crossed ? Double.NaN : null, crossed ? 1e-9 : null, initial, last, before, 1.0, violations);
    }

    private static Razin2020.RunSummary run(double lossFinal, double grow, double rank, int changes, int violations, double frob) {
        return run(lossFinal, grow, rank, changes, violations, frob, "flow", changes > 0 ? new Razin2020.Point(0.4, 0.02, 0.02, 0.02, 0.02,
            1.5, 1.5, 1e-12) : null);
    }

    private static Finding normsGrow(Map<Integer, Razin2020.RunSummary> runs) {
        return Razin2020.normsGrow("Theorem 1", Razin2020.Setting.IMPLREG, runs);
    }

    private static Finding negativeBounded(Map<Integer, Razin2020.RunSummary> runs) {
        return Razin2020.negativeBounded("Contrast", Razin2020.Setting.IMPLREG, runs);
    }

    /** A run whose GD left the flow at a crossing (discretization), with the values just before it. */
    private static Razin2020.RunSummary artefact(double lossBefore, double w11Before, int violations) {
        return run(1e-27, 5, 1.2, 1, violations, 5.4, "discretization", new Razin2020.Point(lossBefore, w11Before, 1, 1, 1, 1, 1.0, 1e-12));
    }

    /**
     * The artefact rule: a run whose det W crossing is GD's is judged up to the step before it (consistent:
     * neither shown nor failed), one whose crossing is the flow's is outside the hypothesis, one still on the
     * plateau is not decided; the invariant does not count GD's crossings against the theory. On the old
     * rule depth 2's crossing made Theorem 1 and the invariant "partly".
     */
    @Test
    void crossingsThatAreGdsDoNotCountAgainstTheTheory() {
        Razin2020.RunSummary shown = run(1e-6, 500, 1.001, 0, 0, 500);
        Razin2020.RunSummary neg = run(1e-6, 1.5, 1.9, 0, 0, 1.42);
        assertThat(normsGrow(Map.of(2, artefact(0.05, 2.8, 0), 3, shown)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(normsGrow(Map.of(2, artefact(0.05, 2.8, 0), 3, shown)).evidence()).contains("discretization artefact")
            .contains("consistent with the theorem, not decided");
        assertThat(normsGrow(Map.of(2, artefact(0.9, 2.8, 0), 3, shown)).verdict()).isEqualTo(Verdict.PARTLY); // loss had not halved
        assertThat(normsGrow(Map.of(2, artefact(0.05, 2.8, 2), 3, shown)).verdict()).isEqualTo(Verdict.PARTLY); // the bound failed
        assertThat(normsGrow(Map.of(2, run(1e-2, 1, 1.5, 1, 0, 1), 3, shown)).verdict()).isEqualTo(Verdict.AGREES); // flow crossing: apart
        Razin2020.RunSummary plateau = run(0.49, 0.011, 1.0, 0, 0, 1e-6);
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
     * Rows are found by the hash of their settings: the typed settings hash to the keys the rows of the map-based
     * version were stored under (the CI-size rows.jsonl of commit 826c20b), so a rerun reads them instead of recomputing.
     */
    @Test
    void rowKeysHashTheSettingsAsBefore() {
        List<Razin2020.Job> jobs = Razin2020.jobs(2_000, 2_000);
        assertThat(jobs.get(0).settings().hashText()).isEqualTo("{depth=2, det_sign=1, init=balanced, layer_scale=0.5, records=160, "
            + "refine=4.0, setting=implreg, step=0.002, steps=2000}");
        Map<String, String> stored = Map.of("depth-2-det-positive", "5de9ec2150618fe74d73e787", "depth-4-det-negative",
            "85bca0ded342c9a69dd74f67", "paper-depth-2-det-positive", "04e7a417d71cc47cc4b2b5fa", "paper-depth-4-det-negative",
            "9ae250c8338985a436809f1e");
        for (Razin2020.Job j : jobs) {
            if (stored.containsKey(j.file())) {
                assertThat(Rows.hash("razin2020|" + j.settings().hashText())).as(j.file()).isEqualTo(stored.get(j.file()));
            }
        }
    }

    /** A row stored by the map-based version (path cut to two records) reads as a RunRow and writes back the same JSON. */
    @Test
    void rowsStoredBeforeStillRead() throws Exception {
        String old = "{\"settings\": {\"setting\": \"paper\", \"depth\": 2, \"det_sign\": 1, \"init\": \"gaussian\", \"init_std\": 0.008, "
            + "\"stop_loss\": 0.0001, \"step\": 0.003, \"steps\": 2000, \"records\": 160, \"refine\": 4.0}, \"stop_reason\": \"MAX_ITER\", "
            + "\"iterations\": 2000, \"seconds\": 0.001892306, \"det_sign_changes\": 1, \"first_sign_change_step\": 227, "
            + "\"first_sign_change_time\": 0.681, \"refined_step\": 0.00075, \"refined_sign_change_time\": null, "
            + "\"sigma_ratio_before_change\": 8.619783869516954e-05, \"before_change\": {\"loss\": 0.9995464655397436, "
            + "\"abs_w11\": 0.0001172391186362163, \"frobenius\": 0.0004919141846330285, \"nuclear\": 0.000491956584744932, "
            + "\"schatten_half\": 0.0005010907218930467, \"nuclear_to_spectral\": 1.000086197838695, \"erank\": 1.0008932372666226, "
            + "\"det\": 2.0858115360141873e-11}, \"crossing\": \"discretization\", \"final_w\": [-0.8692381065211217, 0.8170361468377576, "
            + "0.5594749806411264, -0.4012347175232309], \"path\": {\"step\": [0, 1], \"loss\": [1.0000041494487677, 1.0000026150041235], "
            + "\"abs_w11\": [1.3386804970572836e-06, 1.3830267717554098e-06], \"frobenius\": [0.00019303771536620037, 0.00019311422549677884], "
            + "\"nuclear\": [0.0001954149619439156, 0.000195594432253842], \"schatten_half\": [0.00023839048515747948, 0.00023950520176388443], "
            + "\"nuclear_to_spectral\": [1.0123926649815402, 1.012927845356065], \"erank\": [1.0682932821428754, 1.0707320858426999], "
            + "\"det\": [4.617238988698921e-10, 4.820389197410185e-10]}}";
        JsonNode tree = Json.MAPPER.readTree(old);
        Razin2020.RunRow row = RecordJson.fromTree(tree, Razin2020.RunRow.class);
        assertThat(RecordJson.toTree(row).toString()).isEqualTo(tree.toString()); // the same text (a long is a LongNode, read an IntNode)
        assertThat(row.firstSignChangeStep()).isEqualTo(227L);
        assertThat(row.beforeChange().absW11()).isEqualTo(0.0001172391186362163);
        Razin2020.RunSummary s = Razin2020.runSummary(row);
        assertThat(s.refinedSignChangeTime()).isNaN();
        assertThat(s.lossFinal()).isEqualTo(1.0000026150041235);
        assertThat(s.boundViolations()).isZero();
        // a run without a crossing has none of the crossing's keys, in the row and in its summary
        Razin2020.RunRow plain = Razin2020.runJob(new Razin2020.Job(3, 1, Razin2020.STEP, 100));
        assertThat(RecordJson.toMap(plain).keySet()).containsExactly("settings", "stop_reason", "iterations", "seconds", "det_sign_changes",
            "first_sign_change_step", "crossing", "final_w", "path");
        assertThat(RecordJson.toMap(plain.path()).keySet()).containsExactly(concat("step", Razin2020.COLUMNS));
        assertThat(RecordJson.toMap(Razin2020.runSummary(plain)).keySet()).doesNotContain("first_sign_change_time",
            "refined_sign_change_time", "loss_before_change").contains("first_sign_change_step", "w11_times_sqrt_2loss_final");
        assertThat(RecordJson.toMap(s).keySet()).contains("refined_sign_change_time", "loss_before_change", "det_before_change");
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /**
     * implreg's depth 2 with η = 2e-3 (the old page's "Theorem 1: partly"): GD jumps det W = 0 at step 5 256,
     * and the η/4 rerun keeps det W &gt; 0 past the same flow time, so the crossing is classified as GD's;
     * until then the loss has fallen and |W₁₁| grown. From the paper's Gaussian init at depth 2 the layers are
     * unbalanced and det W changes sign at the same flow time for η and η/4: the flow's own crossing.
     */
    @Test
    void depthTwoCrossingIsGdsAtImplregsSettingAndTheFlowsAtThePapers() {
        Razin2020.RunRow r = Razin2020.runJob(new Razin2020.Job(2, 1, Razin2020.STEP, 20_000));
        assertThat(r.crossing()).isEqualTo("discretization");
        assertThat(r.firstSignChangeStep()).isEqualTo(5256L);
        assertThat(r.refinedSignChangeTime()).isNaN();
        // stored, the rerun's missing crossing is null, and read back it is NaN again in the run's summary
        assertThat(RecordJson.toTree(r).get("refined_sign_change_time").isNull()).isTrue();
        assertThat(Razin2020.runSummary(RecordJson.roundTrip(r)).refinedSignChangeTime()).isNaN();
        Razin2020.RunSummary s = Razin2020.runSummary(r);
        assertThat(s.lossBeforeChange()).isLessThan(0.1);
        assertThat(s.absW11BeforeChange()).isGreaterThan(2.5);
        assertThat(s.sigmaRatioBeforeChange()).isLessThan(1e-8);
        assertThat(Razin2020.artefact(new Razin2020.Job(2, 1, Razin2020.STEP, 20_000), s))
            .startsWith("discretization artefact: implreg's setting, depth 2, det W(0) > 0: GD with η = 0.002 jumped det W = 0 at step 5256");
        Razin2020.RunRow p = Razin2020.runJob(new Razin2020.Job(Razin2020.Setting.PAPER, 2, 1, Razin2020.PAPER_STEP, 20_000));
        assertThat(p.crossing()).isEqualTo("flow");
        assertThat(Razin2020.runSummary(p).crossing()).isEqualTo("flow");
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
        Map<Integer, Razin2020.RunSummary> good = Map.of(2, run(1e-6, 500, 1.001, 0, 0, 500), 3, run(1e-6, 500, 1.001, 0, 0, 500));
        Map<Integer, Razin2020.RunSummary> mixed = Map.of(2, run(1e-6, 500, 1.001, 0, 0, 500), 3, run(1e-2, 1, 1.5, 0, 0, 1));
        Map<Integer, Razin2020.RunSummary> bad = Map.of(2, run(1e-2, 1, 1.5, 0, 0, 1));
        assertThat(normsGrow(good).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(normsGrow(mixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(normsGrow(bad).verdict()).isEqualTo(Verdict.DISAGREES);
        Map<Integer, Razin2020.RunSummary> negGood = Map.of(2, run(1e-6, 1.5, 1.9, 0, 0, 1.42));
        Map<Integer, Razin2020.RunSummary> negMixed = Map.of(2, run(1e-6, 1.5, 1.9, 0, 0, 1.42), 3, run(1e-6, 50, 1.0, 0, 0, 50));
        Map<Integer, Razin2020.RunSummary> negBad = Map.of(2, run(1e-6, 50, 1.0, 0, 0, 50));
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
