package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules of Gunasekar et al. (2017), as pure functions on synthetic numbers: each test moves one input
 * across the rule's threshold and shows the verdict change, so a rule that always answered the same
 * would fail here.
 */
class Gunasekar2017VerdictRulesTest {

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
}
