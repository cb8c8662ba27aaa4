package org.implreg.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.implreg.InvalidInputException;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** The seeded minibatch stream: distinct indices without replacement, all of them at b = m, the same draws for the same seed. */
class MinibatchSamplerTest {
    /** Draws in the frequency check: each index is expected DRAWS·b/m times. */
    private static final int DRAWS = 20_000;
    /** Allowed relative deviation of a frequency from b/m: about 8 standard deviations at these counts. */
    private static final double FREQUENCY_TOL = 0.1;

    @Test
    void withoutReplacementEachBatchIsDistinctAndUniform() {
        int m = 10;
        int b = 3;
        MinibatchSampler s = new MinibatchSampler(m, b, false, Rng.stream(1, "minibatch"));
        long[] count = new long[m];
        for (int t = 0; t < DRAWS; t++) {
            int[] batch = s.next();
            assertThat(Arrays.stream(batch).distinct().count()).isEqualTo(b);
            for (int i : batch) {
                assertThat(i).isBetween(0, m - 1);
                count[i]++;
            }
        }
        double expected = (double) DRAWS * b / m;
        for (long c : count) {
            assertThat(Math.abs(c - expected) / expected).isLessThan(FREQUENCY_TOL);
        }
    }

    @Test
    void theFullBatchIsEveryIndexOnce() {
        MinibatchSampler s = new MinibatchSampler(7, 7, false, Rng.stream(2, "minibatch"));
        for (int t = 0; t < 5; t++) {
            int[] batch = s.next().clone();
            Arrays.sort(batch);
            assertThat(batch).containsExactly(0, 1, 2, 3, 4, 5, 6);
        }
    }

    @Test
    void sameSeedSameDrawsAndReplacementRepeats() {
        MinibatchSampler a = new MinibatchSampler(5, 5, true, Rng.stream(3, "minibatch"));
        MinibatchSampler b = new MinibatchSampler(5, 5, true, Rng.stream(3, "minibatch"));
        boolean repeated = false;
        for (int t = 0; t < 50; t++) {
            int[] x = a.next().clone();
            assertThat(b.next()).containsExactly(x);
            repeated |= Arrays.stream(x).distinct().count() < x.length;
        }
        assertThat(repeated).as("with replacement, some batch repeats an index").isTrue();
        assertThatThrownBy(() -> new MinibatchSampler(5, 6, false, Rng.stream(3, "minibatch"))).isInstanceOf(InvalidInputException.class)
            .hasMessage("batch must be in 1..m = 5, got 6");
    }
}
