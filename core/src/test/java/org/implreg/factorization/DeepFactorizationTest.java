package org.implreg.factorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.DeepGradientDescent;
import org.implreg.optimizer.DeepInitializers;
import org.implreg.run.StopReason;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.theory.Chou2021;
import org.junit.jupiter.api.Test;

/**
 * Deep factorization (Chou et al.): gradients against finite differences, the eigenvalue dynamics
 * against the scalar recursions, and the theorems' limits on the seed's 4×4 example.
 */
class DeepFactorizationTest {
    /** Central differences, step 1e-6, O(1) data: truncation and rounding ~1e-9 relative. */
    static final double FD_TOL = 1e-6;
    /** Agreement of the matrix dynamics with the scalar recursions, relative to max |λ|. */
    static final double RECURSION_TOL = 1e-12;

    /** A random orthogonal n×n matrix (QR of a Gaussian one by Gram–Schmidt). */
    static double[] orthogonal(int n, RandomGenerator rng) {
        double[] q = Rng.gaussian(rng, n * n);
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += q[i + k * n] * q[i + j * n];
                    }
                    for (int i = 0; i < n; i++) {
                        q[i + j * n] -= s * q[i + k * n];
                    }
                }
            }
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += q[i + j * n] * q[i + j * n];
            }
            s = Math.sqrt(s);
            for (int i = 0; i < n; i++) {
                q[i + j * n] /= s;
            }
        }
        return q;
    }

    static void checkGradient(DeepFactorization f, double[][] layers) {
        double[] w = new double[f.loss().rows() * f.loss().cols()];
        double[][] g = new double[layers.length][];
        for (int j = 0; j < layers.length; j++) {
            g[j] = new double[layers[j].length];
        }
        f.evaluate(layers, w, g);
        double h = 1e-6;
        double[][] gs = new double[layers.length][];
        for (int j = 0; j < layers.length; j++) {
            gs[j] = new double[layers[j].length];
        }
        for (int j = 0; j < layers.length; j++) {
            for (int i = 0; i < layers[j].length; i++) {
                double keep = layers[j][i];
                layers[j][i] = keep + h;
                double up = f.evaluate(layers, w, gs);
                layers[j][i] = keep - h;
                double down = f.evaluate(layers, w, gs);
                layers[j][i] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(g[j][i]).as("layer %d entry %d", j + 1, i).isCloseTo(fd,
                    org.assertj.core.data.Offset.offset(FD_TOL * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesForDepthsOneToFourAndEveryLoss() {
        RandomGenerator rng = Rng.stream(1, "deep-fd");
        for (int depth = 1; depth <= 4; depth++) {
            // rectangular layers: W is 5×4 through widths 3, 6, 2
            int[] dims = new int[depth + 1];
            dims[0] = 4;
            dims[depth] = 5;
            int[] mids = {3, 6, 2};
            for (int j = 1; j < depth; j++) {
                dims[j] = mids[j - 1];
            }
            double[] target = Rng.gaussian(rng, 20);
            checkGradient(new DeepFactorization(EndToEndLoss.full(target, 5, 4), dims), DeepInitializers.gaussian(dims, 1.5, rng));
            AsymmetricCompletion c = new AsymmetricCompletion(5, 4, new int[] {0, 1, 4, 2, 3}, new int[] {0, 3, 2, 1, 1},
                new double[] {1, -2, 0.5, 3, 1}, Map.of());
            checkGradient(new DeepFactorization(EndToEndLoss.entries(c), dims), DeepInitializers.gaussian(dims, 1.5, rng));
            Problem p = ProblemGenerator.generate(new ProblemSpec(5, 1, 12, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN,
                0, 0), 3);
            int[] sq = DeepFactorization.squareDims(5, depth);
            checkGradient(new DeepFactorization(EndToEndLoss.sensing(p), sq), DeepInitializers.gaussian(sq, 1.5, rng));
        }
    }

    /** Largest distance of any layer from V diag(d_k) Vᵀ, d_k by recursion (7), over the first {@code steps} steps. */
    static double[] identicalDeviation(double[] lambda, long seed, long steps, long checkpoint) {
        RandomGenerator rng = Rng.stream(seed, "deep-identical");
        int n = lambda.length;
        double[] v = orthogonal(n, rng);
        double[] target = Chou2021.fromEigen(v, lambda);
        int depth = 3;
        double alpha = 0.3;
        double eta = 0.5 * Chou2021.bound8(depth, alpha, 3);
        DeepFactorization f = new DeepFactorization(EndToEndLoss.full(target, n, n), DeepFactorization.squareDims(n, depth));
        double[] d = new double[n];
        java.util.Arrays.fill(d, alpha);
        double[] worst = {0, 0};
        new DeepGradientDescent(DeepGradientDescent.Options.fixed(eta, steps)).optimize(f,
            DeepInitializers.identical(f.dims(), alpha), (s, layers) -> {
                if (s.iteration() > 0) {
                    for (int i = 0; i < n; i++) {
                        d[i] = Chou2021.identicalStep(depth, d[i], lambda[i], eta);
                    }
                }
                double[] expected = Chou2021.fromEigen(v, d);
                for (double[] layer : layers) {
                    double e = Linalg.distance(layer, expected);
                    worst[s.iteration() <= checkpoint ? 0 : 1] = Math.max(worst[s.iteration() <= checkpoint ? 0 : 1], e);
                }
            });
        return worst;
    }

    /**
     * Identical init on a diagonalizable Ŵ: every layer is V D(k) Vᵀ with D(k) from recursion (7) to 1e-12.
     * With λ ≥ 0 this holds for the whole run. With a negative λ it holds at first, but the balanced
     * state is unstable there: rounding differences between the layers in directions that pair a
     * positive with a negative eigenvalue grow geometrically (×~6 per 100 steps here), so after ~700
     * steps W leaves V D Vᵀ (the floating-point run is not the exact one of Theorem 2.2).
     */
    @Test
    void identicalInitStaysInTheEigenbasisAndFollowsRecursionSeven() {
        double[] psd = identicalDeviation(new double[] {3, 1.5, 0.7, 0.2, 0.05}, 2, 3000, 3000);
        assertThat(psd[0]).isLessThanOrEqualTo(RECURSION_TOL);
        double[] mixed = identicalDeviation(new double[] {3, 1.5, 0.7, -0.4, -2}, 2, 2000, 500);
        assertThat(mixed[0]).isLessThanOrEqualTo(RECURSION_TOL);
        assertThat(mixed[1]).isGreaterThan(1e-6);
    }

    @Test
    void perturbedInitFollowsTheTwoScalarRecursion() {
        RandomGenerator rng = Rng.stream(3, "deep-perturbed");
        int n = 4;
        double[] v = orthogonal(n, rng);
        double[] lambda = {2, 1, -0.5, -1.5};
        int depth = 3;
        double alpha = 0.4;
        double beta = 0.1;
        double eta = 0.5 * Chou2021.bound10(depth, alpha, 2);
        DeepFactorization f = new DeepFactorization(EndToEndLoss.full(Chou2021.fromEigen(v, lambda), n, n),
            DeepFactorization.squareDims(n, depth));
        double[] a = new double[n];
        double[] b = new double[n];
        java.util.Arrays.fill(a, alpha - beta);
        java.util.Arrays.fill(b, alpha);
        double[] worst = {0};
        new DeepGradientDescent(DeepGradientDescent.Options.fixed(eta, 3000)).optimize(f,
            DeepInitializers.perturbed(f.dims(), alpha, beta), (s, layers) -> {
                if (s.iteration() > 0) {
                    for (int i = 0; i < n; i++) {
                        double[] next = Chou2021.perturbedStep(depth, a[i], b[i], lambda[i], eta);
                        a[i] = next[0];
                        b[i] = next[1];
                    }
                }
                worst[0] = Math.max(worst[0], Linalg.distance(layers[0], Chou2021.fromEigen(v, a)));
                for (int j = 1; j < depth; j++) {
                    worst[0] = Math.max(worst[0], Linalg.distance(layers[j], Chou2021.fromEigen(v, b)));
                }
            });
        assertThat(worst[0]).isLessThanOrEqualTo(RECURSION_TOL * 2);
    }

    @Test
    void theExampleRecoversThePositivePartWithIdenticalInitAndAllOfItWhenPerturbed() {
        double[] v = Chou2021.exampleBasis();
        double[] target = Chou2021.exampleTarget();
        double[] positive = Chou2021.fromEigen(v, new double[] {10, 7, 5, 0});
        int depth = 3;
        double alpha = 0.1;
        double beta = 0.05;
        double norm = 10;
        DeepFactorization f = new DeepFactorization(EndToEndLoss.full(target, 4, 4), DeepFactorization.squareDims(4, depth));
        double eta8 = 0.9 * Chou2021.bound8(depth, alpha, norm);
        DeepGradientDescent.Result id = new DeepGradientDescent(DeepGradientDescent.Options.fixed(eta8, 100_000)).optimize(f,
            DeepInitializers.identical(f.dims(), alpha), null);
        assertThat(Linalg.distance(id.w(), positive) / Linalg.norm(positive)).isLessThan(1e-6);
        // β = 0.05 slightly violates Theorem 3.1's β/(c − 1) < α (0.107 > 0.1); the example converges anyway
        double eta10 = 0.9 * Chou2021.bound10(depth, alpha, norm);
        DeepGradientDescent.Result pt = new DeepGradientDescent(DeepGradientDescent.Options.fixed(eta10, 30_000).withTol(1e-9))
            .optimize(f, DeepInitializers.perturbed(f.dims(), alpha, beta), null);
        assertThat(pt.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(Linalg.distance(pt.w(), target) / Linalg.norm(target)).isLessThan(1e-8);
    }

    @Test
    void badShapesAndSettingsAreRejected() {
        double[] t = new double[16];
        assertThatThrownBy(() -> new DeepFactorization(EndToEndLoss.full(t, 4, 4), new int[] {4})).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new DeepFactorization(EndToEndLoss.full(t, 4, 4), new int[] {4, 3})).hasMessageContaining("n_N = 4");
        assertThatThrownBy(() -> DeepInitializers.perturbed(new int[] {4, 4}, 0.1, 0.2)).hasMessageContaining("beta");
        assertThatThrownBy(() -> new DeepGradientDescent.Options(-1, 10, 0, 0, 1e8)).hasMessageContaining("step");
    }
}
