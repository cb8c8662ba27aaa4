package org.implreg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SolutionMetricsTest {
    static final double TOL = 1e-12;

    @Test
    void closedFormsOnADiagonalMatrix() {
        double[] x = {3, 0, 0, 0, -1, 0, 0, 0, 0};
        SolutionMetrics m = SolutionMetrics.of(x, 3, new double[] {3, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(m.eigenvalues()).containsExactly(new double[] {3, 0, -1}, offset(TOL));
        assertThat(m.nuclearNorm()).isCloseTo(4, offset(TOL));
        assertThat(m.effectiveRank()).isCloseTo(4.0 / 3.0, offset(TOL));
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertThat(m.entropyEffectiveRank()).isCloseTo(Math.exp(h), offset(TOL));
        assertThat(m.relativeError()).isCloseTo(1.0 / 3.0, offset(TOL));
        assertThat(m.numericalRank(1e-9)).isEqualTo(2);
    }

    @Test
    void equalSingularValuesGiveFullEffectiveRank() {
        double[] s = {2, 2, 2, 2};
        assertThat(SolutionMetrics.effectiveRank(s)).isCloseTo(4, offset(TOL));
        assertThat(SolutionMetrics.entropyEffectiveRank(s)).isCloseTo(4, offset(TOL));
        assertThat(SolutionMetrics.effectiveRank(new double[] {0, 0})).isNaN();
    }

    /** Roy &amp; Vetterli's erank = exp H(σ/‖σ‖₁) in closed form: r equal values give r, zeros add nothing. */
    @Test
    void entropyEffectiveRankClosedForms() {
        assertThat(SolutionMetrics.entropyEffectiveRank(new double[] {1, 1, 0})).isCloseTo(2, offset(TOL));
        assertThat(SolutionMetrics.entropyEffectiveRank(new double[] {1, 0})).isCloseTo(1, offset(TOL));
        assertThat(SolutionMetrics.entropyEffectiveRank(new double[] {5, 5, 5})).isCloseTo(3, offset(TOL));
        double h = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));
        assertThat(SolutionMetrics.entropyEffectiveRank(new double[] {4, 1})).isCloseTo(Math.exp(h), offset(TOL));
        assertThat(SolutionMetrics.effectiveRank(new double[] {4, 1})).isCloseTo(1.25, offset(TOL)); // ‖σ‖₁/‖σ‖_∞, another quantity
        assertThat(SolutionMetrics.entropyEffectiveRank(new double[] {0, 0})).isNaN();
    }
}
