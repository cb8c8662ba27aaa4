package org.implreg.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.Packed;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/**
 * {@link MirrorDescent} against its scalar formula: with diagonal A_i every iterate is diagonal (everything commutes), and
 * each diagonal entry follows its own recursion, computed here in plain arithmetic:
 * <pre>
 *   entropy:     x_{t+1} = x_t·exp(−η g_t),                      x_0 = α
 *   hypentropy:  φ_{t+1} = φ_t − η g_t,  x_t = α·sinh(φ_t),      φ_0 = 0
 *   g_t = ∂F/∂x_j = 2 Σ_i r_i (A_i)_jj,  r_i = Σ_j (A_i)_jj x_j − y_i.
 * </pre>
 */
class MirrorDescentTest {
    /** Agreement with the scalar recursion, relative to max |x|: the eigendecomposition's rounding over the steps run. */
    static final double SCALAR_TOL = 1e-10;
    /** Off-diagonal entries of a diagonal iterate, relative to ‖X‖_F. */
    static final double OFF_DIAGONAL_TOL = 1e-12;
    static final int N = 4;
    static final int M = 3;
    static final int STEPS = 200;

    /** m diagonal A_i with entries d[i][j]; y = 𝒜(diag(xStar)). */
    static Problem diagonal(double[][] d, double[] xStar) {
        int n = xStar.length;
        int m = d.length;
        double[] packed = new double[Packed.length(n) * m];
        double[] full = new double[n * n];
        double[] one = new double[Packed.length(n)];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(full, 0);
            for (int j = 0; j < n; j++) {
                full[j * n + j] = d[i][j];
            }
            Packed.pack(full, n, one);
            System.arraycopy(one, 0, packed, i * one.length, one.length);
        }
        DenseSymmetricOperator op = DenseSymmetricOperator.fromPacked(n, m, packed, "diagonal");
        double[] x = new double[n * n];
        for (int j = 0; j < n; j++) {
            x[j * n + j] = xStar[j];
        }
        double[] y = new double[m];
        op.apply(x, y);
        return new Problem(op, y, x, Map.of());
    }

    static final double[][] D = {{1.0, 0.5, 0.0, 0.2}, {0.0, 0.8, 1.2, -0.3}, {0.4, 0.0, 0.3, 1.1}};

    /** The scalar recursion: the diagonal of X_t for t = 0..steps. */
    static double[][] scalar(MirrorDescent.Mirror mirror, double[] xStar, double eta, double alpha, int steps) {
        double[] y = new double[M];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                y[i] += D[i][j] * xStar[j];
            }
        }
        double[][] out = new double[steps + 1][N];
        double[] phi = new double[N];
        double[] x = new double[N];
        for (int j = 0; j < N; j++) {
            x[j] = mirror == MirrorDescent.Mirror.ENTROPY ? alpha : 0.0;
        }
        out[0] = x.clone();
        for (int t = 1; t <= steps; t++) {
            double[] r = new double[M];
            for (int i = 0; i < M; i++) {
                for (int j = 0; j < N; j++) {
                    r[i] += D[i][j] * x[j];
                }
                r[i] -= y[i];
            }
            for (int j = 0; j < N; j++) {
                double g = 0;
                for (int i = 0; i < M; i++) {
                    g += 2 * r[i] * D[i][j];
                }
                if (mirror == MirrorDescent.Mirror.ENTROPY) {
                    x[j] = x[j] * Math.exp(-eta * g);
                } else {
                    phi[j] -= eta * g;
                    x[j] = alpha * Math.sinh(phi[j]);
                }
            }
            out[t] = x.clone();
        }
        return out;
    }

    static List<double[]> run(MirrorDescent.Mirror mirror, Problem p, double eta, double alpha, int steps) {
        List<double[]> iterates = new ArrayList<>();
        MirrorDescent.Options o = MirrorDescent.Options.of(mirror, eta, alpha).withMaxIterations(steps).withTol(0).withStationaryTol(0);
        OptimizationResult r = new MirrorDescent(o).optimize(p, s -> iterates.add(s.point().clone()));
        assertThat(r.stopReason()).isEqualTo(StopReason.MAX_ITER);
        assertThat(r.u()).isNull();
        return iterates;
    }

    static void assertFollows(List<double[]> iterates, double[][] expected) {
        assertThat(iterates).hasSize(expected.length);
        for (int t = 0; t < expected.length; t++) {
            double[] x = iterates.get(t);
            double scale = 0;
            for (double v : expected[t]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int j = 0; j < N; j++) {
                assertThat(x[j * N + j]).as("X_%d[%d,%d]", t, j, j).isCloseTo(expected[t][j],
                    org.assertj.core.data.Offset.offset(SCALAR_TOL * Math.max(scale, Double.MIN_NORMAL)));
                for (int i = 0; i < N; i++) {
                    if (i != j) {
                        assertThat(Math.abs(x[j * N + i])).as("X_%d[%d,%d]", t, i, j).isLessThanOrEqualTo(OFF_DIAGONAL_TOL * Linalg.norm(x));
                    }
                }
            }
        }
    }

    @Test
    void entropyOnADiagonalProblemIsTheScalarFormula() {
        double[] xStar = {0.9, 0.0, 0.4, 0.0};
        double eta = 0.2;
        double alpha = 1e-3;
        List<double[]> it = run(MirrorDescent.Mirror.ENTROPY, diagonal(D, xStar), eta, alpha, STEPS);
        double[][] expected = scalar(MirrorDescent.Mirror.ENTROPY, xStar, eta, alpha, STEPS);
        assertFollows(it, expected);
        // the run moved: X_STEPS is far from X_0 and fits the data better
        assertThat(expected[STEPS][0]).isGreaterThan(100 * alpha);
    }

    @Test
    void hypentropyOnADiagonalProblemIsTheScalarFormula() {
        double[] xStar = {0.9, -0.6, 0.0, 0.3};
        double eta = 0.2;
        double alpha = 1e-3;
        List<double[]> it = run(MirrorDescent.Mirror.HYPENTROPY, diagonal(D, xStar), eta, alpha, STEPS);
        double[][] expected = scalar(MirrorDescent.Mirror.HYPENTROPY, xStar, eta, alpha, STEPS);
        assertFollows(it, expected);
        double min = 0;
        for (double v : expected[STEPS]) {
            min = Math.min(min, v);
        }
        assertThat(min).as("an indefinite iterate").isLessThan(-100 * alpha);
    }

    /**
     * Rectangular sensing through the embedding Ã_i = ½[[0, A_i], [A_iᵀ, 0]]: Φ stays [[0, Ψ], [Ψᵀ, 0]] with
     * Ψ ← Ψ − η G, G = Σ r_i A_i, and X = α·U sinh(Σ) Vᵀ for Ψ = UΣVᵀ. With A_i supported on the diagonal (0,0), (1,1)
     * of a 2×3 X, Ψ is diagonal and each x_j = α·sinh(ψ_j) follows ψ_j ← ψ_j − η Σ_i r_i (A_i)_jj.
     */
    @Test
    void hypentropyOnRectangularSensingIsTheSingularValueVersion() {
        int n1 = 2;
        int n2 = 3;
        double[][] a = {{1.0, 0.3}, {-0.4, 0.9}};
        double[] xStar = {0.7, -0.5};
        double[] stack = new double[2 * n1 * n2];
        double[] y = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                stack[i * n1 * n2 + j + j * n1] = a[i][j];
                y[i] += a[i][j] * xStar[j];
            }
        }
        org.implreg.problem.AsymmetricSensing rect = new org.implreg.problem.AsymmetricSensing(n1, n2, stack, y, null, Map.of());
        double eta = 0.3;
        double alpha = 1e-2;
        List<double[]> it = run(MirrorDescent.Mirror.HYPENTROPY, rect.embedded(), eta, alpha, STEPS);
        double[] psi = new double[2];
        double[] x = new double[2];
        for (int t = 0; t <= STEPS; t++) {
            double[] z = it.get(t);
            double[] block = rect.block(z);
            for (int j = 0; j < 2; j++) {
                assertThat(block[j + j * n1]).as("X_%d[%d,%d]", t, j, j).isCloseTo(x[j], org.assertj.core.data.Offset.offset(SCALAR_TOL));
            }
            assertThat(block[2 * n1]).as("X_%d[0,2]", t).isCloseTo(0, org.assertj.core.data.Offset.offset(SCALAR_TOL));
            for (int i = 0; i < n1; i++) {
                for (int k = 0; k < n1; k++) {
                    assertThat(Math.abs(z[k * (n1 + n2) + i])).as("the diagonal blocks stay 0").isLessThanOrEqualTo(SCALAR_TOL);
                }
            }
            double[] r = new double[2];
            for (int i = 0; i < 2; i++) {
                r[i] = a[i][0] * x[0] + a[i][1] * x[1] - y[i];
            }
            for (int j = 0; j < 2; j++) {
                psi[j] -= eta * (r[0] * a[0][j] + r[1] * a[1][j]);
                x[j] = alpha * Math.sinh(psi[j]);
            }
        }
        assertThat(rect.block(it.get(STEPS))[n1 + 1]).as("the negative entry is reached").isLessThan(-0.4);
    }

    static Problem gaussian() {
        int n = 5;
        int m = 15;
        DenseSymmetricOperator op = MeasurementOperators.gaussian(n, m, Rng.stream(7, "md-test"));
        double[] w = Rng.gaussian(Rng.stream(8, "md-test-x"), n);
        double[] x = new double[n * n];
        Linalg.gram(w, n, 1, x);
        double[] y = new double[m];
        op.apply(x, y);
        return new Problem(op, y, x, Map.of());
    }

    @Test
    void aGivenX0OfAlphaTimesIdentityIsTheDefaultStartAndRunsAreBitwiseRepeatable() {
        Problem p = gaussian();
        MirrorDescent md = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, 0.05, 0.01).withMaxIterations(300));
        OptimizationResult a = md.optimize(p, IterationListener.NONE);
        OptimizationResult b = md.optimize(p, IterationListener.NONE);
        assertThat(b.x()).isEqualTo(a.x());
        double[] x0 = new double[25];
        for (int i = 0; i < 5; i++) {
            x0[i * 5 + i] = 0.01;
        }
        OptimizationResult c = md.optimize(p, x0, IterationListener.NONE);
        assertThat(Linalg.distance(c.x(), a.x())).isLessThanOrEqualTo(SCALAR_TOL * Linalg.norm(a.x()));
        assertThat(a.trainError()).as("it fits").isLessThan(0.5);
    }

    @Test
    void aGivenX0ThatIsNotPositiveDefiniteIsRefused() {
        Problem p = gaussian();
        MirrorDescent md = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, 0.05, 0.01).withMaxIterations(3));
        double[] indefinite = new double[25];
        indefinite[0] = 1;
        indefinite[6] = -0.5;
        assertThatThrownBy(() -> md.optimize(p, indefinite, IterationListener.NONE)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("positive definite").hasMessageNotContaining("\n");
        double[] singular = new double[25];
        singular[0] = 1;
        assertThatThrownBy(() -> md.optimize(p, singular, IterationListener.NONE)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("positive definite");
        double[] asymmetric = new double[25];
        for (int i = 0; i < 5; i++) {
            asymmetric[i * 5 + i] = 1;
        }
        asymmetric[1] = 0.5;
        assertThatThrownBy(() -> md.optimize(p, asymmetric, IterationListener.NONE)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> md.optimize(p, new double[24], IterationListener.NONE)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("5×5");
        double[] nan = new double[25];
        nan[3] = Double.NaN;
        assertThatThrownBy(() -> md.optimize(p, nan, IterationListener.NONE)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("non-finite");
        // the hypentropy takes any symmetric X0
        MirrorDescent hyp = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.HYPENTROPY, 0.05, 0.01).withMaxIterations(3));
        assertThat(hyp.optimize(p, indefinite, IterationListener.NONE).x()).hasSize(25);
    }

    @Test
    void badOptionsAreRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, bad, 1e-3)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("step");
            assertThatThrownBy(() -> MirrorDescent.Options.of(MirrorDescent.Mirror.HYPENTROPY, 0.1, bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("alpha");
        }
    }

    @Test
    void aDivergingRunStopsWithAReason() {
        Problem p = gaussian();
        OptimizationResult r = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, 1e3, 1.0).withMaxIterations(10_000))
            .optimize(p, IterationListener.NONE);
        assertThat(r.stopReason()).isIn(StopReason.DIVERGED, StopReason.NON_FINITE);
        assertThat(r.iterations()).isLessThan(10_000);
    }

    @Test
    void arsinhIsTheInverseOfSinh() {
        for (double v : new double[] {-800, -3, -1e-9, 0, 1e-300, 0.5, 2, 700}) {
            assertThat(Math.sinh(MirrorDescent.asinh(v))).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-15 * Math.max(1, Math.abs(v))));
        }
    }
}
