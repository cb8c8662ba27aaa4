package org.implreg.reproduce.chou2021;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules of Chou et al. (2021), as pure functions on synthetic numbers: each test moves one input
 * across the rule's threshold and shows the verdict change, so a rule that always answered the same
 * would fail here.
 */
class Chou2021VerdictRulesTest {

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
            Map<Integer, Chou2021Reproduction.DepthRun> runs = new LinkedHashMap<>();
            runs.put(2, run(1e-7, 10, "CONVERGED"));
            runs.put(3, run(1e-7, 100, "CONVERGED"));
            assertThat(Chou2021Reproduction.depth(runs).verdict()).isEqualTo(Verdict.AGREES);
            runs.put(3, run(1e-3, 100, "MAX_ITER"));
            assertThat(Chou2021Reproduction.depth(runs).verdict()).isEqualTo(Verdict.PARTLY);
        }

        private Chou2021Reproduction.DepthRun run(double error, long iterations, String stop) {
            return new Chou2021Reproduction.DepthRun(1e-3, iterations, stop, error, new double[] {10, 7, 5, -5}, 0.1);
        }
    }
}
