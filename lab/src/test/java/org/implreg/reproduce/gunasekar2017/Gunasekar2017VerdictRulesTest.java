package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        /** Figure 1 numbers of one panel: relative errors at d = n (the others: fixed values the rules do not read). */
        private Gunasekar2017Summary.Figure1Panel fig1Panel(double small, double large, double xgd, Integer fromD) {
            return new Gunasekar2017Summary.Figure1Panel("low-rank", 96, new Gunasekar2017Summary.Series(small, large, 0.1, 0.1, xgd, 0.0),
                new Gunasekar2017Summary.Series(1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 0.0), fromD, List.of());
        }

        /** Panels a, b, c in order. */
        private <P> Map<String, P> panels(P a, P b, P c) {
            Map<String, P> m = new LinkedHashMap<>();
            m.put("a", a);
            m.put("b", b);
            m.put("c", c);
            return m;
        }

        private Map<String, Gunasekar2017Summary.Figure1Panel> fig1(double smallA, double largeA, Integer fromDc) {
            return panels(fig1Panel(smallA, largeA, 0.9, 1), fig1Panel(0.05, 0.8, 0.9, 2), fig1Panel(0.9, 0.9, 0.9, fromDc));
        }

        @Test
        void figure1() {
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(0.05, 0.8, 2)).verdict()).isEqualTo(Verdict.AGREES);
            // large init no worse than small init in (a): partly
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(0.05, 0.06, 2)).verdict()).isEqualTo(Verdict.PARTLY);
            // small init error above 0.15 in (a): disagrees
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(0.2, 0.8, 2)).verdict()).isEqualTo(Verdict.DISAGREES);
            // a small-init error that could not be computed (NaN, null in summary.json) counts against the claim, and reads n/a
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(Double.NaN, 0.8, 2)).verdict()).isEqualTo(Verdict.DISAGREES);
            assertThat(Gunasekar2017Verdicts.verdictFigure1(fig1(Double.NaN, 0.8, 2)).evidence()).contains("(a) d = n: ‖U0‖=1e-4 n/a");
        }

        @Test
        void trainingError() {
            assertThat(Gunasekar2017Verdicts.verdictTraining(fig1(0.05, 0.8, 2), 1000).verdict()).isEqualTo(Verdict.AGREES);
            assertThat(Gunasekar2017Verdicts.verdictTraining(fig1(0.05, 0.8, 3), 1000).verdict()).isEqualTo(Verdict.PARTLY);
            Map<String, Gunasekar2017Summary.Figure1Panel> none = panels(fig1Panel(0.1, 0.1, 0.1, null), fig1Panel(0.1, 0.1, 0.1, 5),
                fig1Panel(0.1, 0.1, 0.1, null));
            assertThat(Gunasekar2017Verdicts.verdictTraining(none, 1000).verdict()).isEqualTo(Verdict.DISAGREES);
            assertThat(Gunasekar2017Verdicts.verdictTraining(none, 1000).evidence()).contains("for no d within 1000 steps")
                .contains("(b) GD ‖U0‖=1e-4 reaches training error 0.001 for every d ≥ 5");
        }

        @Test
        void aMissingPanelIsAnErrorNotAVerdict() {
            Map<String, Gunasekar2017Summary.Figure1Panel> noC = new LinkedHashMap<>(fig1(0.05, 0.8, 2));
            noC.remove("c");
            assertThatThrownBy(() -> Gunasekar2017Verdicts.verdictTraining(noC, 1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no panel (c)");
            assertThatThrownBy(() -> Gunasekar2017Verdicts.verdictFigure1(noC)).isInstanceOf(IllegalArgumentException.class);
            Map<String, Map<String, Gunasekar2017Summary.Figure3Panel>> noFamily = fig3(0, 0, 0.05, 0, 0, 0, 0, 0, 0);
            noFamily.remove("uniform");
            assertThatThrownBy(() -> Gunasekar2017Verdicts.verdictFigure3(noFamily)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uniform");
        }

        private Gunasekar2017Summary.Figure2Panel fig2Panel(boolean fitted, double gap, double min, double xgd) {
            return new Gunasekar2017Summary.Figure2Panel(min, true, xgd,
                new Gunasekar2017Summary.Series(min * (1 + gap), 1.0, 1.0, 1.0, xgd, min), fitted, gap, gap, 16, Double.NaN, null,
                Double.NaN, null);
        }

        @Test
        void figure2() {
            Gunasekar2017Summary.Figure2Panel ok = fig2Panel(true, 0.01, 1.0, 1.5);
            assertThat(Gunasekar2017Verdicts.verdictFigure2(panels(ok, ok, ok)).verdict()).isEqualTo(Verdict.AGREES);
            // one panel not fitted within the step cap: partly
            assertThat(Gunasekar2017Verdicts.verdictFigure2(panels(ok, fig2Panel(false, 0.01, 1.0, 1.5), ok)).verdict())
                .isEqualTo(Verdict.PARTLY);
            // every gap above 2%: disagrees
            Gunasekar2017Summary.Figure2Panel far = fig2Panel(true, 0.05, 1.0, 1.5);
            assertThat(Gunasekar2017Verdicts.verdictFigure2(panels(far, far, far)).verdict()).isEqualTo(Verdict.DISAGREES);
            // X_gd less than 5% above the minimum in one panel: partly
            assertThat(Gunasekar2017Verdicts.verdictFigure2(panels(ok, fig2Panel(true, 0.01, 1.0, 1.04), ok)).verdict())
                .isEqualTo(Verdict.PARTLY);
            // a minimum that could not be computed: no longer agrees
            assertThat(Gunasekar2017Verdicts.verdictFigure2(panels(ok, fig2Panel(true, 0.01, Double.NaN, 1.5), ok)).verdict())
                .isEqualTo(Verdict.PARTLY);
        }

        private Map<String, Map<String, Gunasekar2017Summary.Figure3Panel>> fig3(double... gaps) {
            Map<String, Map<String, Gunasekar2017Summary.Figure3Panel>> out = new LinkedHashMap<>();
            int k = 0;
            for (String family : Gunasekar2017.FAMILIES) {
                Map<String, Gunasekar2017Summary.Figure3Panel> byPanel = new LinkedHashMap<>();
                for (String id : List.of("a", "b", "c")) {
                    double g = gaps[k++];
                    byPanel.put(id, new Gunasekar2017Summary.Figure3Panel(1 + g, g, 1e-5, 1.0, 0.0, 1e-3, 1.0, 0.0, 1e-3, 1.5, 0.5, 1.0,
                        true));
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
            // a gap that could not be computed (no ODE run, or no minimum): disagrees, not agrees on the other eight
            assertThat(Gunasekar2017Verdicts.verdictFigure3(fig3(0, 0, 0.05, 0, 0, 0, 0, 0, Double.NaN)).verdict())
                .isEqualTo(Verdict.DISAGREES);
        }
    }
}
