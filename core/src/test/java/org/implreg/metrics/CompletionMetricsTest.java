package org.implreg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** Nuclear norms of UVᵀ: from the factors when the dense product does not fit, NaN (not a LAPACK error) when not finite. */
class CompletionMetricsTest {
    @Test
    void factoredNuclearNormMatchesTheDenseOne() {
        RandomGenerator r = Rng.stream(3, "cm");
        int n1 = 17;
        int n2 = 11;
        int d = 4;
        double[] u = new double[n1 * d];
        double[] v = new double[n2 * d];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        double dense = CompletionMetrics.nuclearNorm(CompletionMetrics.product(u, v, n1, n2, d), n1, n2);
        assertThat(CompletionMetrics.factoredNuclearNorm(u, v, n1, n2, d)).isCloseTo(dense, within(1e-9 * dense));
        assertThat(CompletionMetrics.nuclearNorm(u, v, n1, n2, d)).isEqualTo(dense); // fits: the dense path, bitwise as before
    }

    @Test
    void nonFiniteOrOverflowingFactorsGiveNaNOnEveryBackEnd() {
        double[] u = {1e300, 1};
        double[] v = {1e300};
        assertThat(CompletionMetrics.nuclearNorm(u, v, 2, 1, 1)).isNaN();   // finite factors, product overflows
        assertThat(CompletionMetrics.nuclearNorm(new double[] {Double.NaN, 1}, v, 2, 1, 1)).isNaN();
        assertThat(CompletionMetrics.nuclearNorm(new double[] {Double.POSITIVE_INFINITY, 0, 0, 1}, 2, 2)).isNaN();
    }
}
