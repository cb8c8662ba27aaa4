package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules of every reproduction, as pure functions on synthetic numbers: each test moves one
 * input across the rule's threshold and shows the verdict change, so a rule that always answered the
 * same would fail here.
 */
class VerdictRulesTest {

    @Test
    void verdictWordsAreTheJsonWords() {
        assertThat(Verdict.AGREES.word()).isEqualTo("agrees");
        assertThat(Verdict.PARTLY.word()).isEqualTo("partly");
        assertThat(Verdict.DISAGREES.word()).isEqualTo("disagrees");
        for (Verdict v : Verdict.values()) {
            assertThat(Verdict.parse(v.word())).isEqualTo(v);
        }
        assertThatThrownBy(() -> Verdict.parse("agree")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Verdict.of(true, false)).isEqualTo(Verdict.AGREES);
        assertThat(Verdict.of(false, true)).isEqualTo(Verdict.PARTLY);
        assertThat(Verdict.of(false, false)).isEqualTo(Verdict.DISAGREES);
        assertThat(Verdict.cssClassOf("agrees / agrees")).isEqualTo("ok");
        assertThat(Verdict.cssClassOf("agrees / partly")).isEmpty();
        assertThat(Verdict.cssClassOf("partly / disagrees")).isEqualTo("bad");
    }

    @Test
    void findingsKeepTheirSummaryKeys() {
        Finding.Owner o = Finding.Owner.of("Gunasekar et al.", "Figure 2 observation");
        assertThat(Finding.quoted("2", "\"q\"", Verdict.PARTLY, "e").by(o, "the gap is 8.4% in panel (c).").toMap())
            .containsExactly(Map.entry("figure", "2"), Map.entry("owner", "Gunasekar et al.'s Figure 2 observation"), Map.entry("finding", "\"q\""),
                Map.entry("verdict", "partly"), Map.entry("headline", "Gunasekar et al.'s Figure 2 observation holds in part"),
                Map.entry("found", "Gunasekar et al.'s Figure 2 observation holds in part: the gap is 8.4% in panel (c)."), Map.entry("evidence", "e"));
        assertThat(Finding.claim("T", "c", Verdict.AGREES, "e").by(o, "x").toMap()).containsKeys("figure", "owner", "claim", "verdict", "found",
            "evidence");
    }

    @Test
    void theHeadlineSaysWhoseClaimHoldsAndNeverCallsAPredictedFailureADisagreement() {
        Finding.Owner conjecture = Finding.Owner.of("Gunasekar et al.", "conjecture");
        Finding.Owner li = Finding.Owner.of("Li et al.", "prediction").against(conjecture);
        assertThat(Finding.headline(conjecture, Verdict.AGREES)).isEqualTo("Gunasekar et al.'s conjecture holds");
        assertThat(Finding.headline(conjecture, Verdict.DISAGREES)).isEqualTo("Gunasekar et al.'s conjecture fails here");
        assertThat(Finding.headline(li, Verdict.AGREES)).isEqualTo("Gunasekar et al.'s conjecture fails here; Li et al.'s prediction holds");
        assertThat(Finding.headline(li, Verdict.DISAGREES)).isEqualTo("Gunasekar et al.'s conjecture holds here; Li et al.'s prediction fails");
        assertThat(Finding.headline(li, Verdict.PARTLY)).isEqualTo("Li et al.'s prediction holds in part");
        assertThat(Finding.Owner.of("Razin & Cohen", "Theorem 1").phrase()).isEqualTo("Razin & Cohen's Theorem 1");
        assertThat(Finding.Owner.of("Hou, Sra & Yurtsever", "claim").phrase()).isEqualTo("Hou, Sra & Yurtsever's claim");
        assertThat(Finding.Owner.of("Chou et al.", "Theorem 3.1").phrase()).isEqualTo("Chou et al.'s Theorem 3.1");
        assertThatThrownBy(() -> new Finding("1", "claim", "c", Verdict.AGREES, "e", conjecture, " "))
            .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------------------------------------
    @Nested
    class Gunasekar2017Rules {
        /** Figure 1 numbers of one panel: relative errors at d = n. */
        private Map<String, Object> fig1Panel(Double small, Double large, Double xgd, Integer fromD) {
            Map<String, Object> rel = new HashMap<>();
            rel.put("gd_small_init", small);
            rel.put("gd_large_init", large);
            rel.put("xgd", xgd);
            Map<String, Object> p = new HashMap<>();
            p.put("rel_error_at_d_n", rel);
            p.put("train_error_at_d_n", Map.of("gd_small_init", 1e-3));
            p.put("zero_train_error_from_d", fromD);
            return p;
        }

        private Map<String, Object> fig1(double smallA, double largeA, Integer fromDc) {
            return Map.of("a", fig1Panel(smallA, largeA, 0.9, 1), "b", fig1Panel(0.05, 0.8, 0.9, 2), "c", fig1Panel(0.9, 0.9, 0.9, fromDc));
        }

        @Test
        void figure1() {
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(0.05, 0.8, 2)).verdict()).isEqualTo(Verdict.AGREES);
            // large init no worse than small init in (a): partly
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(0.05, 0.06, 2)).verdict()).isEqualTo(Verdict.PARTLY);
            // small init error above 0.15 in (a): disagrees
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(0.2, 0.8, 2)).verdict()).isEqualTo(Verdict.DISAGREES);
        }

        @Test
        void trainingError() {
            assertThat(Gunasekar2017Verdicts.verdictTraining(fig1(0.05, 0.8, 2), 1000).verdict()).isEqualTo(Verdict.AGREES);
            assertThat(Gunasekar2017Verdicts.verdictTraining(fig1(0.05, 0.8, 3), 1000).verdict()).isEqualTo(Verdict.PARTLY);
            Map<String, Object> none = Map.of("a", fig1Panel(0.1, 0.1, 0.1, null), "b", fig1Panel(0.1, 0.1, 0.1, 5), "c",
                fig1Panel(0.1, 0.1, 0.1, null));
            assertThat(Gunasekar2017Verdicts.verdictTraining(none, 1000).verdict()).isEqualTo(Verdict.DISAGREES);
            assertThat(Gunasekar2017Verdicts.verdictTraining(none, 1000).evidence()).contains("for no d within 1000 steps");
        }

        private Map<String, Object> fig2Panel(boolean fitted, double gap, double min, double xgd) {
            Map<String, Object> p = new HashMap<>();
            p.put("gd_small_init_fitted_at_d_n", fitted);
            p.put("gd_small_init_rel_gap_at_d_n", gap);
            p.put("min_nuclear_norm", min);
            p.put("xgd_nuclear_norm", xgd);
            p.put("nuclear_norm_at_d_n", Map.of("gd_small_init", min * (1 + gap)));
            return p;
        }

        @Test
        void figure2() {
            Map<String, Object> ok = fig2Panel(true, 0.01, 1.0, 1.5);
            assertThat(Gunasekar2017Verdicts.verdictFigure2(Map.of("a", ok, "b", ok, "c", ok)).verdict()).isEqualTo(Verdict.AGREES);
            // one panel not fitted within the step cap: partly
            assertThat(Gunasekar2017Verdicts.verdictFigure2(Map.of("a", ok, "b", fig2Panel(false, 0.01, 1.0, 1.5), "c", ok)).verdict())
                .isEqualTo(Verdict.PARTLY);
            // every gap above 2%: disagrees
            Map<String, Object> far = fig2Panel(true, 0.05, 1.0, 1.5);
            assertThat(Gunasekar2017Verdicts.verdictFigure2(Map.of("a", far, "b", far, "c", far)).verdict()).isEqualTo(Verdict.DISAGREES);
        }

        private Map<String, Object> fig3(double... gaps) {
            Map<String, Object> out = new LinkedHashMap<>();
            int k = 0;
            for (String family : Gunasekar2017.FAMILIES) {
                Map<String, Object> byPanel = new LinkedHashMap<>();
                for (String id : List.of("a", "b", "c")) {
                    byPanel.put(id, Map.of("ode_rel_gap", gaps[k++]));
                }
                out.put(family, byPanel);
            }
            return out;
        }

        @Test
        void figure3() {
            assertThat(Gunasekar2017Verdicts.verdictFigure3(fig3(0, 0, 0.05, 0, 0, 0, 0, 0, 0)).verdict()).isEqualTo(Verdict.AGREES);
            // no discernible gap anywhere: partly
            assertThat(Gunasekar2017Verdicts.verdictFigure3(fig3(0, 0, 1e-4, 0, 0, 0, 0, 0, 0)).verdict()).isEqualTo(Verdict.PARTLY);
            // a gap above 10%: disagrees
            assertThat(Gunasekar2017Verdicts.verdictFigure3(fig3(0, 0, 0.2, 0, 0, 0, 0, 0, 0)).verdict()).isEqualTo(Verdict.DISAGREES);
        }
    }

    @Test
    void gunasekar2017Figure4() {
        List<Double> alphas = List.of(1e-3, 1.0);
        assertThat(Gunasekar2017Grid.verdict(perAlpha(0.95, 0.5), alphas).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017Grid.verdict(perAlpha(0.95, 0.93), alphas).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017Grid.verdict(perAlpha(0.5, 0.5), alphas).verdict()).isEqualTo(Verdict.DISAGREES);
        // the whole-diagonal masks (Δ ≡ 0) are left out when the split is present: all masks 95%, the others 60%
        Map<String, Object> split = new LinkedHashMap<>();
        split.put(Gunasekar2017Grid.alphaText(1e-3), withOther(0.95, 0.6));
        split.put(Gunasekar2017Grid.alphaText(1.0), withOther(0.5, 0.3));
        assertThat(Gunasekar2017Grid.verdict(split, alphas).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017Grid.verdict(split, alphas).evidence()).contains("without the whole-diagonal masks (Δ ≡ 0 there) 0.6");
    }

    private static Map<String, Object> withOther(double all, double other) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("fraction_delta_below_1e-2", all, "fraction_delta_below_1e-3", all / 2,
            "median_delta", 1e-4));
        m.put("other_masks", Map.of("fraction_delta_below_1e-2", other, "fraction_delta_below_1e-3", other / 2, "median_delta", 1e-3));
        return m;
    }

    private static Map<String, Object> perAlpha(double small, double large) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(Gunasekar2017Grid.alphaText(1e-3), Map.of("fraction_delta_below_1e-2", small, "fraction_delta_below_1e-3", small / 2,
            "median_delta", 1e-4));
        m.put(Gunasekar2017Grid.alphaText(1.0), Map.of("fraction_delta_below_1e-2", large, "fraction_delta_below_1e-3", large / 2,
            "median_delta", 1e-2));
        return m;
    }

    @Test
    void gunasekar2017MovieLens() {
        assertThat(Gunasekar2017MovieLens.verdict(movieLensRows(0.27, 9000)).verdict()).isEqualTo(Verdict.AGREES);
        // nuclear norm far above the minimum, test error still close: partly
        assertThat(Gunasekar2017MovieLens.verdict(movieLensRows(0.27, 15000)).verdict()).isEqualTo(Verdict.PARTLY);
        // neither close: disagrees
        assertThat(Gunasekar2017MovieLens.verdict(movieLensRows(0.6, 15000)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    private static Map<String, Map<String, Object>> movieLensRows(double gdTest, double gdNuc) {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        rows.put("gd", Map.of("test_error", gdTest, "nuclear_norm", gdNuc, "train_error", 1e-2));
        rows.put("min_nuclear_norm", Map.of("test_error", 0.26, "nuclear_norm", 8876.0, "train_error", 0.0));
        rows.put("x_gd", Map.of("test_error", 1.0, "nuclear_norm", 20912.0, "train_error", 0.0));
        return rows;
    }

    // ---------------------------------------------------------------------------------------------
    @Nested
    class Chou2021Rules {
        @Test
        void theorem22() {
            double[] plus = {10, 7, 5, 0};
            assertThat(Chou2021Reproduction.theorem22(plus, plus, new double[] {10, 7, 0, -6}).verdict()).isEqualTo(Verdict.AGREES);
            assertThat(Chou2021Reproduction.theorem22(new double[] {10, 7, 5, 0.01}, plus, plus).verdict()).isEqualTo(Verdict.DISAGREES);
        }

        private final double[] it = {0, 1, 2, 3};
        private final double[] negative = {0.01, 0.02, -1, -5};
        private final double[] third = {0, 5, 5, 5};

        @Test
        void theorem31() {
            assertThat(Chou2021Reproduction.theorem31(new double[] {10, 7, 5, -5}, it, negative, third).verdict()).isEqualTo(Verdict.AGREES);
            // recovered to 1e-4 only: partly
            assertThat(Chou2021Reproduction.theorem31(new double[] {10, 7, 5, -5.0001}, it, negative, third).verdict())
                .isEqualTo(Verdict.PARTLY);
            // the negative eigenvalue never has a positive phase: partly, though recovered
            assertThat(Chou2021Reproduction.theorem31(new double[] {10, 7, 5, -5}, it, new double[] {-0.01, -1, -3, -5}, third).verdict())
                .isEqualTo(Verdict.PARTLY);
            assertThat(Chou2021Reproduction.theorem31(new double[] {10, 7, 5, -4}, it, negative, third).verdict()).isEqualTo(Verdict.DISAGREES);
        }

        @Test
        void effectiveRank() {
            assertThat(Chou2021Reproduction.effectiveRank(it, new double[] {4, 1.05, 2, 2.7}).verdict()).isEqualTo(Verdict.AGREES);
            // falls only to 1.5: partly (the rule has no disagrees)
            assertThat(Chou2021Reproduction.effectiveRank(it, new double[] {4, 1.5, 2, 2.7}).verdict()).isEqualTo(Verdict.PARTLY);
            // decreases after its minimum: partly
            assertThat(Chou2021Reproduction.effectiveRank(it, new double[] {4, 1.05, 2.8, 2.7}).verdict()).isEqualTo(Verdict.PARTLY);
        }

        @Test
        void depth() {
            Map<Integer, Map<String, Object>> runs = new LinkedHashMap<>();
            runs.put(2, Map.of("reconstruction_error", 1e-7, "iterations", 10, "stop_reason", "CONVERGED"));
            runs.put(3, Map.of("reconstruction_error", 1e-7, "iterations", 100, "stop_reason", "CONVERGED"));
            assertThat(Chou2021Reproduction.depth(runs).verdict()).isEqualTo(Verdict.AGREES);
            runs.put(3, Map.of("reconstruction_error", 1e-3, "iterations", 100, "stop_reason", "MAX_ITER"));
            assertThat(Chou2021Reproduction.depth(runs).verdict()).isEqualTo(Verdict.PARTLY);
        }
    }

    @Test
    void arora2019() {
        assertThat(Arora2019Reproduction.verdict(2000, 1e-3, 0.5, 0.1, 0.2, 0.4).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Arora2019Reproduction.verdict(2000, 1e-3, 0.5, 0.3, 0.35, 0.4).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Arora2019Reproduction.verdict(2000, 1e-3, 0.5, 0.45, 0.5, 0.4).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void hou2024() {
        List<Integer> three = List.of(3, 3, 3);
        assertThat(Hou2024.verdict("noiseless", three, three, 1e-3, 1, List.of(7, 3)).verdict()).isEqualTo(Verdict.AGREES);
        // BM low-rank too: the contrast is missing, partly
        assertThat(Hou2024.verdict("noiseless", three, three, 1e-3, 1, List.of(3, 3)).verdict()).isEqualTo(Verdict.PARTLY);
        // a UDUᵀ run of rank 5 whose largest gap is after the 3rd eigenvalue: partly
        assertThat(Hou2024.verdict("noisy", List.of(3, 5, 3), three, 1e-3, 1, List.of(7)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Hou2024.verdict("noisy", List.of(3, 5, 3), List.of(3, 5, 3), 1e-3, 1, List.of(7)).verdict())
            .isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void hou2024Networks() {
        assertThat(Hou2024Networks.checksHeld(true, 0.95, 0.97, 9, 9)).isEqualTo(1); // competitive, not compact
        assertThat(Hou2024Networks.checksHeld(true, 0.95, 0.97, 5, 9)).isEqualTo(2);
        assertThat(Hou2024Networks.checksHeld(false, 0.5, 0.3, 5, 9)).isEqualTo(1); // 0.5 > 1.2 × 0.3: not competitive
        List<String> ev = new ArrayList<>(List.of("classification: ...", "regression: ..."));
        assertThat(Hou2024Networks.verdict(4, ev).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Hou2024Networks.verdict(3, ev).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Hou2024Networks.verdict(0, ev).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Hou2024Networks.verdict(3, ev).evidence()).contains("3 of these 4 checks hold");
    }
}
