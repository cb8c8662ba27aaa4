package org.implreg.atlas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.implreg.atlas.AtlasStatistics.Crossing;
import org.implreg.atlas.AtlasStatistics.Position;
import org.implreg.atlas.AtlasStatistics.Proportion;
import org.implreg.atlas.AtlasStatistics.Transition;
import org.junit.jupiter.api.Test;

class AtlasStatisticsTest {
    /** Closed values are computed to more digits than this. */
    static final double CLOSED = 1e-12;
    /** Published values are given to 4 decimals. */
    static final double PUBLISHED = 5e-5;

    @Test
    void wilsonAtTheEndsHasItsClosedForm() {
        double z2 = AtlasStatistics.Z95 * AtlasStatistics.Z95;
        Proportion none = AtlasStatistics.wilson(0, 10);
        assertThat(none.estimate()).isZero();
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(z2 / (10 + z2), within(CLOSED));
        Proportion all = AtlasStatistics.wilson(10, 10);
        assertThat(all.low()).isCloseTo(10 / (10 + z2), within(CLOSED));
        assertThat(all.high()).isEqualTo(1.0);
    }

    @Test
    void wilsonInTheMiddleMatchesPublishedValues() {
        // 5 of 10: [0.2366, 0.7634]; 1 of 10: [0.0179, 0.4042] (the score interval at z = 1.96, by hand to 4 decimals)
        Proportion half = AtlasStatistics.wilson(5, 10);
        assertThat(half.estimate()).isEqualTo(0.5);
        assertThat(half.low()).isCloseTo(0.2366, within(PUBLISHED));
        assertThat(half.high()).isCloseTo(0.7634, within(PUBLISHED));
        Proportion one = AtlasStatistics.wilson(1, 10);
        assertThat(one.low()).isCloseTo(0.0179, within(PUBLISHED));
        assertThat(one.high()).isCloseTo(0.4042, within(PUBLISHED));
        // symmetric: k of n mirrors n − k of n
        Proportion nine = AtlasStatistics.wilson(9, 10);
        assertThat(nine.low()).isCloseTo(1 - one.high(), within(CLOSED));
        assertThat(nine.high()).isCloseTo(1 - one.low(), within(CLOSED));
    }

    @Test
    void wilsonOfNothingIsNaNAndBadCountsAreRefused() {
        Proportion p = AtlasStatistics.wilson(0, 0);
        assertThat(p.estimate()).isNaN();
        assertThat(p.low()).isNaN();
        assertThat(p.high()).isNaN();
        assertThatThrownBy(() -> AtlasStatistics.wilson(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AtlasStatistics.wilson(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    static final double[] MS = {10, 20, 30, 40};

    @Test
    void aCrossingIsInterpolatedBetweenTheTwoMThatBracketOneHalf() {
        Crossing c = AtlasStatistics.crossing(MS, new double[] {0, 0.2, 0.8, 1});
        assertThat(c.position()).isEqualTo(Position.CROSSES);
        assertThat(c.m()).isCloseTo(25, within(CLOSED)); // 20 + (0.5 − 0.2)/(0.8 − 0.2)·10
        // the first crossing of a curve that is not monotone
        Crossing first = AtlasStatistics.crossing(MS, new double[] {0.1, 0.6, 0.3, 0.9});
        assertThat(first.m()).isCloseTo(10 + 0.4 / 0.5 * 10, within(CLOSED));
        // a cell without a converged run is skipped
        Crossing gap = AtlasStatistics.crossing(MS, new double[] {0, Double.NaN, 1, 1});
        assertThat(gap.m()).isCloseTo(20, within(CLOSED)); // between 10 and 30
    }

    @Test
    void noCrossingAndCrossingsAtTheEnds() {
        assertThat(AtlasStatistics.crossing(MS, new double[] {0, 0.1, 0.2, 0.4})).isEqualTo(new Crossing(Double.NaN, Position.ABOVE_GRID));
        assertThat(AtlasStatistics.crossing(MS, new double[] {0.7, 0.9, 1, 1})).isEqualTo(new Crossing(Double.NaN, Position.BELOW_GRID));
        assertThat(AtlasStatistics.crossing(MS, new double[] {0.5, 0.9, 1, 1})).isEqualTo(new Crossing(10, Position.CROSSES));
        assertThat(AtlasStatistics.crossing(MS, new double[] {0, 0.1, 0.2, 0.5})).isEqualTo(new Crossing(40, Position.CROSSES));
        Crossing last = AtlasStatistics.crossing(MS, new double[] {0, 0.1, 0.2, 0.6});
        assertThat(last.m()).isCloseTo(30 + 0.3 / 0.4 * 10, within(CLOSED));
        assertThat(AtlasStatistics.crossing(MS, new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}).position())
            .isEqualTo(Position.NO_DATA);
    }

    @Test
    void theTransitionsIntervalComesFromTheWilsonBoundsAndContainsIt() {
        int n = 10;
        int[] k = {0, 2, 6, 10};
        Proportion[] cells = new Proportion[k.length];
        for (int j = 0; j < k.length; j++) {
            cells[j] = AtlasStatistics.wilson(k[j], n);
        }
        Transition t = AtlasStatistics.transition(MS, cells);
        assertThat(t.position()).isEqualTo(Position.CROSSES);
        assertThat(t.m()).isCloseTo(20 + 0.3 / 0.4 * 10, within(CLOSED));
        double[] hi = {cells[0].high(), cells[1].high(), cells[2].high(), cells[3].high()};
        double[] lo = {cells[0].low(), cells[1].low(), cells[2].low(), cells[3].low()};
        assertThat(t.low()).isEqualTo(AtlasStatistics.crossing(MS, hi).m());
        assertThat(t.high()).isEqualTo(AtlasStatistics.crossing(MS, lo).m());
        assertThat(t.low()).isLessThan(t.m());
        assertThat(t.high()).isGreaterThan(t.m());
    }
}
