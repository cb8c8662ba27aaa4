package org.implreg.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.implreg.InvalidInputException;
import org.implreg.report.RecordJson;
import org.junit.jupiter.api.Test;

/**
 * {@code implreg conjecture --method md}: the α → 0 limit of mirror descent with the spectral entropy from X₀ = α_X·I (tr X₀ =
 * α²‖X_min‖_F, the flow's ‖U₀‖_F² at the same α) against the certified minimum. Wu and Rebeschini (2021) prove that this limit
 * is a minimum nuclear norm solution on PSD sensing; on a problem where GLRL's solution and the minimum coincide, md's limits
 * approach them as α falls (distance 2.5e-2 at α = 1e-4, 3.1e-3 at 1e-8, 1.1e-3 at 1e-12 on this problem: slower than the flow,
 * whose limits are within 1e-3 by 1e-8).
 */
class ConjectureMirrorDescentTest {
    /** The distance to X_min at the smallest α here (1e-8): measured 3.1e-3; an md that did not approach X_min stays near 1. */
    static final double NEAR = 1e-2;
    /** The relative nuclear norm gap there: measured 1.5e-4. */
    static final double GAP_NEAR = 1e-3;

    @Test
    void mirrorDescentsLimitsApproachTheCertifiedMinimum() {
        Conjecture.Options o = new Conjecture.Options(2, new double[] {1e-2, 1e-4}, 3, 2, 1, Conjecture.MD);
        assertThat(o.seeds()).as("md from α·I is deterministic: one run per α").isEqualTo(1);
        Conjecture.Analysis r = Conjecture.analysis(ConjectureAnalyzeTest.sensing(1), o);
        assertThat(r.method()).isEqualTo("md");
        assertThat(r.answer()).as(r.evidence()).isIn("both", "nuclear_norm", "inconclusive");
        assertThat(r.perAlpha()).extracting(Conjecture.PerAlpha::alpha).containsExactly(1e-2, 1e-4, 1e-8);
        for (Conjecture.PerAlpha a : r.perAlpha()) {
            assertThat(a.runs()).isEqualTo(1);
            assertThat(a.converged()).as("α = " + a.alpha() + ": " + a.stops()).isEqualTo(1);
        }
        assertThat(r.perAlpha()).extracting(Conjecture.PerAlpha::distanceToMin).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        Conjecture.PerAlpha last = r.perAlpha().get(r.perAlpha().size() - 1);
        assertThat(last.distanceToMin()).isLessThanOrEqualTo(NEAR);
        assertThat(last.relGap()).isBetween(-GAP_NEAR, GAP_NEAR);
        assertThat(RecordJson.toMap(r)).containsEntry("method", "md");
    }

    @Test
    void theMethodIsChecked() {
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {1e-2}, 1, 1, 0, "sgd")).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("--method must be one of flow, md");
        assertThatThrownBy(() -> new Conjecture.Options(3, new double[] {1e-2}, 1, 1, 0, Conjecture.MD))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("depth 2 only");
        assertThat(Conjecture.Options.of(2, null, 3).method()).isEqualTo(Conjecture.FLOW);
    }
}
