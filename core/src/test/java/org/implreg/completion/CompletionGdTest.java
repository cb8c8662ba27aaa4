package org.implreg.completion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.CompletionMetrics;
import org.implreg.run.StopReason;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** GD on UVᵀ with path and checkpoints; the completion metrics and X_gd. */
class CompletionGdTest {
    static final double EXACT_TOL = 1e-12;

    /** A rank-2 n1×n2 matrix with entries observed with probability p (train) and a disjoint test set. */
    static AsymmetricCompletion[] planted(int n1, int n2, double p, long seed) {
        RandomGenerator rng = Rng.stream(seed, "planted-completion");
        double[] a = Rng.gaussian(rng, n1 * 2);
        double[] b = Rng.gaussian(rng, n2 * 2);
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                double t = rng.nextDouble();
                (t < p ? train : t < p + 0.1 ? test : new ArrayList<int[]>()).add(new int[] {i, j});
            }
        }
        AsymmetricCompletion[] out = new AsymmetricCompletion[2];
        for (int s = 0; s < 2; s++) {
            List<int[]> e = s == 0 ? train : test;
            int[] rows = new int[e.size()];
            int[] cols = new int[e.size()];
            double[] vals = new double[e.size()];
            for (int k = 0; k < e.size(); k++) {
                rows[k] = e.get(k)[0];
                cols[k] = e.get(k)[1];
                vals[k] = 3 + a[rows[k] * 2] * b[cols[k] * 2] + a[rows[k] * 2 + 1] * b[cols[k] * 2 + 1];
            }
            out[s] = new AsymmetricCompletion(n1, n2, rows, cols, vals, Map.of());
        }
        return out;
    }

    static CompletionGd.Options options(int checkpointEvery) {
        return new CompletionGd.Options(8, 2e-3, 1e-3, 1e-4, 100_000, 3, 25, 100, checkpointEvery);
    }

    /** Keeps the saved states in memory; after {@code failAfter} saves it throws, like a killed run. */
    static final class MemoryCheckpoints implements CompletionGd.Checkpoints {
        CompletionGd.State last;
        int saves;
        int failAfter = Integer.MAX_VALUE;

        @Override
        public Optional<CompletionGd.State> load() {
            return Optional.ofNullable(last);
        }

        @Override
        public void save(CompletionGd.State s) {
            last = s;
            if (++saves >= failAfter) {
                throw new IllegalStateException("killed");
            }
        }
    }

    @Test
    void fitsAPlantedLowRankMatrixAndGeneralizes() {
        AsymmetricCompletion[] d = planted(30, 40, 0.5, 1);
        CompletionGd.Result r = CompletionGd.run(d[0], d[1], options(1_000_000), CompletionGd.Checkpoints.NONE, null);
        assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.trainError()).isLessThanOrEqualTo(1e-4);
        assertThat(r.testError()).isLessThan(1e-2);
        assertThat(r.trainError()).isCloseTo(CompletionMetrics.relativeError(d[0], r.u(), r.v(), 8), org.assertj.core.data.Offset.offset(1e-12));
        // the path: ascending, every 25 steps, the final iterate last with its nuclear norm
        List<CompletionGd.PathPoint> path = r.path();
        for (int k = 1; k < path.size(); k++) {
            assertThat(path.get(k).iteration()).isGreaterThan(path.get(k - 1).iteration());
        }
        assertThat(path.get(path.size() - 1).iteration()).isEqualTo(r.iterations());
        assertThat(path.get(path.size() - 1).nuclearNorm()).isEqualTo(r.nuclearNorm());
        assertThat(path.get(1).iteration()).isEqualTo(25);
        assertThat(path.stream().filter(p -> p.iteration() % 100 == 0).allMatch(p -> Double.isFinite(p.nuclearNorm()))).isTrue();
    }

    @Test
    void aRunKilledAfterACheckpointResumesToTheSameBits() {
        AsymmetricCompletion[] d = planted(30, 40, 0.5, 2);
        CompletionGd.Result whole = CompletionGd.run(d[0], d[1], options(1_000_000), CompletionGd.Checkpoints.NONE, null);
        MemoryCheckpoints cp = new MemoryCheckpoints();
        cp.failAfter = 2;
        assertThatThrownBy(() -> CompletionGd.run(d[0], d[1], options(150), cp, null)).hasMessage("killed");
        assertThat(cp.last.iteration()).isEqualTo(300);
        cp.failAfter = Integer.MAX_VALUE;
        CompletionGd.Result resumed = CompletionGd.run(d[0], d[1], options(150), cp, null);
        assertThat(resumed.resumedFrom()).isEqualTo(300);
        assertThat(resumed.iterations()).isEqualTo(whole.iterations());
        assertThat(resumed.u()).isEqualTo(whole.u());
        assertThat(resumed.v()).isEqualTo(whole.v());
        assertThat(resumed.path().stream().map(p -> List.of(p.iteration(), p.loss(), p.trainError(), p.testError())).toList())
            .isEqualTo(whole.path().stream().map(p -> List.of(p.iteration(), p.loss(), p.trainError(), p.testError())).toList());
    }

    @Test
    void xgdIsTheZeroFilledMatrixWithTestErrorOne() {
        AsymmetricCompletion[] d = planted(12, 9, 0.5, 3);
        double[] x = d[0].zeroFilled();
        assertThat(CompletionMetrics.relativeError(d[0], x)).isZero();
        assertThat(CompletionMetrics.relativeError(d[1], x)).isEqualTo(1.0);
        assertThat(CompletionMetrics.relativeError(d[1], new double[12 * 9])).isEqualTo(1.0);
    }

    @Test
    void productAndNuclearNormOfFactorsMatchClosedForms() {
        RandomGenerator rng = Rng.stream(4, "factors");
        int n1 = 7;
        int n2 = 5;
        int d = 3;
        double[] u = Rng.gaussian(rng, n1 * d);
        double[] v = Rng.gaussian(rng, n2 * d);
        double[] x = CompletionMetrics.product(u, v, n1, n2, d);
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += u[i * d + t] * v[j * d + t];
                }
                assertThat(x[i + j * n1]).isCloseTo(s, org.assertj.core.data.Offset.offset(EXACT_TOL));
            }
        }
        // rank one: ‖a bᵀ‖_* = ‖a‖ ‖b‖
        double[] a = Rng.gaussian(rng, n1);
        double[] b = Rng.gaussian(rng, n2);
        assertThat(CompletionMetrics.nuclearNorm(a, b, n1, n2, 1))
            .isCloseTo(Linalg.norm(a) * Linalg.norm(b), org.assertj.core.data.Offset.offset(1e-12 * Linalg.norm(a) * Linalg.norm(b)));
    }

    @Test
    void optionsRejectImpossibleValues() {
        assertThatThrownBy(() -> new CompletionGd.Options(0, 1e-3, 1e-3, 1e-2, 10, 0, 1, 0, 1)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("d must be");
        assertThatThrownBy(() -> new CompletionGd.Options(2, -1, 1e-3, 1e-2, 10, 0, 1, 0, 1)).hasMessageContaining("step");
        assertThatThrownBy(() -> new CompletionGd.Options(2, 1e-3, 0, 1e-2, 10, 0, 1, 0, 1)).hasMessageContaining("init scale");
        assertThatThrownBy(() -> new CompletionGd.Options(2, 1e-3, 1e-3, 1e-2, 10, 0, 0, 0, 1)).hasMessageContaining("record");
        AsymmetricCompletion[] d = planted(6, 5, 0.5, 5);
        AsymmetricCompletion other = new AsymmetricCompletion(7, 5, new int[] {0}, new int[] {0}, new double[] {1}, Map.of());
        assertThatThrownBy(() -> CompletionGd.run(d[0], other, options(10), CompletionGd.Checkpoints.NONE, null))
            .hasMessageContaining("test set");
    }
}
