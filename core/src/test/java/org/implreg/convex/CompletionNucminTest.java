package org.implreg.convex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

class CompletionNucminTest {
    /** Requested relative duality gap. */
    static final double GAP = 1e-6;

    /**
     * The optimum agrees with the PSD interior point on the embedding
     * min (tr W1 + tr W2)/2 s.t. [[W1, X], [Xᵀ, W2]] ⪰ 0, X_Ω = M_Ω, whose value is ‖X‖_*.
     */
    @Test
    void matchesTheSdpEmbeddingOnASmallInstance() {
        int n1 = 8;
        int n2 = 12;
        RandomGenerator rng = Rng.stream(5, "test");
        double[] a = Rng.gaussian(rng, n1 * 2);
        double[] b = Rng.gaussian(rng, n2 * 2);
        int k = 50;
        int[] rows = new int[k];
        int[] cols = new int[k];
        double[] vals = new double[k];
        java.util.Set<Integer> used = new java.util.HashSet<>();
        int e = 0;
        while (e < k) {
            int i = rng.nextInt(n1);
            int j = rng.nextInt(n2);
            if (used.add(i + j * n1)) {
                rows[e] = i;
                cols[e] = j;
                vals[e] = a[i] * b[j] + a[i + n1] * b[j + n2];
                e++;
            }
        }
        CompletionNucmin.Result r = new CompletionNucmin(CompletionNucmin.Options.defaults().withTol(GAP))
            .optimize(n1, n2, rows, cols, vals, IterationListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.dualityGap()).isLessThanOrEqualTo(GAP);
        for (int t = 0; t < k; t++) {
            assertThat(r.x()[rows[t] + cols[t] * n1]).isEqualTo(vals[t]);
        }
        int[] pr = new int[k];
        int[] pc = new int[k];
        for (int t = 0; t < k; t++) {
            pr[t] = rows[t];
            pc[t] = n1 + cols[t];
        }
        NucminResult sdp = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults())
            .optimize(new CompletionOperator(n1 + n2, pr, pc), vals, IterationListener.NONE);
        double value = sdp.certificate().primalObjective() / 2;
        assertThat(Math.abs(r.nuclearNorm() - value) / value).isLessThanOrEqualTo(2 * GAP);
        assertThat(r.lowerBound()).isLessThanOrEqualTo(value * (1 + 1e-9));
        assertThat(r.nuclearNorm()).isGreaterThanOrEqualTo(value * (1 - 1e-9));
    }

    @Test
    void rejectsDuplicateAndOutOfRangeEntries() {
        CompletionNucmin s = new CompletionNucmin(CompletionNucmin.Options.defaults());
        assertThatThrownBy(() -> s.optimize(3, 3, new int[] {0, 0}, new int[] {1, 1}, new double[] {1, 2}, IterationListener.NONE))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> s.optimize(3, 3, new int[] {3}, new int[] {1}, new double[] {1}, IterationListener.NONE))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("outside");
    }
}
