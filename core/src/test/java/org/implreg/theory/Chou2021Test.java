package org.implreg.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The theorems' constants and recursions in closed form. */
class Chou2021Test {
    @Test
    void cIsTheLargestRootOfItsEquation() {
        for (int n = 2; n <= 8; n++) {
            double c = Chou2021.c(n);
            assertThat(c).isBetween(1.0, 2.0);
            assertThat((c - 1) * Math.pow(c, n - 1)).isCloseTo(1.0, within(1e-14));
        }
        assertThat(Chou2021.c(2)).isCloseTo((1 + Math.sqrt(5)) / 2, within(1e-15)); // c² − c − 1 = 0
        assertThat(Chou2021.c(1)).isEqualTo(2.0);
    }

    @Test
    void boundsMatchTheirFormulasOnTheExample() {
        double m = Math.pow(10, 1.0 / 3);
        assertThat(Chou2021.bound8(3, 0.1, 10)).isCloseTo(1 / (7 * Math.pow(m, 4)), within(1e-15 * 1 / (7 * Math.pow(m, 4))));
        assertThat(Chou2021.bound10(3, 0.1, 10)).isCloseTo(1 / (27 * Math.pow(Chou2021.c(3) * m, 4)), within(1e-15 * 1 / (27 * Math.pow(Chou2021.c(3) * m, 4))));
        assertThat(Chou2021.theorem21Bound(3, 0.1, 5)).isCloseTo(1 / (6 * Math.pow(5, 4.0 / 3)), within(1e-15 * 1 / (6 * Math.pow(5, 4.0 / 3))));
        assertThat(Chou2021.theorem21Bound(3, 0.1, -5)).isCloseTo(1 / (7 * Math.pow(5, 4.0 / 3)), within(1e-15 * 1 / (7 * Math.pow(5, 4.0 / 3))));
        assertThat(Chou2021.theorem21Bound(2, 3, 1)).isCloseTo(1 / (4 * 9.0), within(1e-15 * 1 / (4 * 9.0))); // M = α when α > |λ|^{1/N}
        // the seed's example violates Theorem 3.1's condition: β/(c − 1) = 0.05/0.4656 = 0.107 > α = 0.1
        assertThat(Chou2021.betaCondition(3, 0.1, 0.05)).isFalse();
        assertThat(Chou2021.betaCondition(3, 0.1, 0.04)).isTrue();
    }

    @Test
    void theRecursionsConvergeToTheirLimitsUnderTheBounds() {
        double eta = 0.9 * Chou2021.bound8(3, 0.1, 10);
        for (double l : Chou2021.EXAMPLE_EIGENVALUES) {
            Chou2021.Recursion r = Chou2021.identical(3, l, 0.1, eta, 1e-6, 10_000_000);
            if (l > 0) {
                assertThat(r.reached()).isTrue();
                assertThat(r.value()).isCloseTo(l, within(1e-4));
            }
        }
        // λ < 0 with identical init: d → 0 (the positive part), slowly
        assertThat(Chou2021.identical(3, -5, 0.1, eta, 1e-3, 10_000_000).reached()).isTrue();
        double eta10 = 0.9 * Chou2021.bound10(3, 0.1, 10);
        Chou2021.Recursion neg = Chou2021.perturbed(3, -5, 0.1, 0.05, eta10, 1e-8, 1_000_000);
        assertThat(neg.reached()).isTrue();
        assertThat(neg.value()).isCloseTo(-5, within(1e-8));
        // the larger the eigenvalue, the sooner it is learned (the low-rank bias of early stopping)
        long s10 = Chou2021.perturbed(3, 10, 0.1, 0.05, eta10, 1e-6, 1_000_000).steps();
        long s5 = Chou2021.perturbed(3, 5, 0.1, 0.05, eta10, 1e-6, 1_000_000).steps();
        assertThat(s10).isLessThan(s5).isLessThan(neg.steps());
    }

    @Test
    void theReportSaysWhichBoundsHold() {
        Map<String, Object> r = Chou2021.report(3, 0.1, 0.05, 3e-4, Chou2021.EXAMPLE_EIGENVALUES, 1e-6, 1_000_000);
        assertThat(r.get("satisfies_8")).isEqualTo(true);
        assertThat(r.get("satisfies_10")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> per = (List<Map<String, Object>>) r.get("per_eigenvalue");
        assertThat(per).hasSize(4);
        assertThat(per.get(3).get("perturbed_steps")).isNotNull();
        Map<String, Object> big = Chou2021.report(3, 0.1, Double.NaN, 1e-2, new double[] {10}, 1e-6, 1000);
        assertThat(big.get("satisfies_8")).isEqualTo(false);
        assertThat(big.get("satisfies_10")).isEqualTo(false);
    }
}
