package org.implreg.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import org.implreg.TestProblems;
import org.implreg.linalg.Linalg;
import org.junit.jupiter.api.Test;

/** Every operator's fast kernels agree with the definition 𝒜(X)_i = Σ_jk (A_i)_jk X_jk. */
class OperatorKernelsTest {
    /** Kernels reorder sums: agreement to a few ulps of the data's scale. */
    static final double KERNEL_TOL = 1e-12;

    @Test
    void applyAdjointAndFusedProductsMatchTheDefinition() {
        int n = 7;
        int m = 20;
        int d = 3;
        RandomGenerator rng = Rng.stream(11, "kernels");
        for (MeasurementOperator op : TestProblems.allOperators(n, m, 5)) {
            double[] u = TestProblems.randomMatrix(n, d, rng);
            double[] v = TestProblems.randomMatrix(n, d, rng);
            double[] x = TestProblems.gram(u, n, d);
            double[] work = new double[op.workspaceSize(d)];

            double[] expected = TestProblems.applyByDefinition(op, x);
            double[] got = new double[m];
            op.apply(x, got);
            assertThat(TestProblems.relDiff(got, expected)).as(op.kind() + " apply").isLessThan(KERNEL_TOL);
            op.applyGram(u, d, got, work);
            assertThat(TestProblems.relDiff(got, expected)).as(op.kind() + " applyGram").isLessThan(KERNEL_TOL);

            // 𝒜(UVᵀ + VUᵀ)
            double[] uvt = new double[n * n];
            Linalg.BLAS.dgemm("N", "T", n, n, d, 1.0, u, n, v, n, 0.0, uvt, n);
            double[] sym = new double[n * n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    sym[i + j * n] = uvt[i + j * n] + uvt[j + i * n];
                }
            }
            op.applySymmetricProduct(u, v, d, got, work);
            assertThat(TestProblems.relDiff(got, TestProblems.applyByDefinition(op, sym))).as(op.kind() + " sym product")
                .isLessThan(KERNEL_TOL);

            // adjoint: ⟨𝒜*(r), Z⟩ = ⟨r, 𝒜(Z)⟩ for symmetric Z, and 𝒜*(r) symmetric
            double[] r = Rng.gaussian(rng, m);
            double[] adj = new double[n * n];
            op.adjoint(r, adj);
            assertThat(Linalg.asymmetry(adj, n)).isZero();
            double lhs = Linalg.dot(adj, sym);
            double rhs = Linalg.dot(r, TestProblems.applyByDefinition(op, sym));
            assertThat(Math.abs(lhs - rhs)).as(op.kind() + " adjoint identity").isLessThan(KERNEL_TOL * Math.max(1, Math.abs(rhs)) * 10);

            // 𝒜*(r) U
            double[] expectedG = new double[n * d];
            Linalg.multiply(adj, u, n, n, d, expectedG);
            double[] g = new double[n * d];
            op.adjointTimes(r, u, d, g, work);
            assertThat(TestProblems.relDiff(g, expectedG)).as(op.kind() + " adjointTimes").isLessThan(KERNEL_TOL);
        }
    }

    @Test
    void batchedKernelsMatchSingleRuns() {
        int n = 6;
        int m = 15;
        int batch = 4;
        DenseSymmetricOperator op = MeasurementOperators.gaussian(n, m, Rng.stream(3, "b"));
        int len = op.packedLength();
        RandomGenerator rng = Rng.stream(4, "b");
        double[] xs = Rng.gaussian(rng, len * batch);
        double[] out = new double[m * batch];
        op.applyBatch(xs, batch, out);
        double[] rs = Rng.gaussian(rng, m * batch);
        double[] sp = new double[len * batch];
        op.adjointBatch(rs, batch, sp);
        for (int b = 0; b < batch; b++) {
            double[] xb = java.util.Arrays.copyOfRange(xs, b * len, (b + 1) * len);
            double[] one = new double[m];
            op.applyPackedWeighted(xb, one);
            assertThat(TestProblems.relDiff(java.util.Arrays.copyOfRange(out, b * m, (b + 1) * m), one)).isLessThan(KERNEL_TOL);
            double[] s1 = new double[len];
            op.adjointPacked(java.util.Arrays.copyOfRange(rs, b * m, (b + 1) * m), s1);
            assertThat(TestProblems.relDiff(java.util.Arrays.copyOfRange(sp, b * len, (b + 1) * len), s1)).isLessThan(KERNEL_TOL);
        }
    }

    @Test
    void gaussianSensingIsAnIsometryInExpectation() {
        // E‖𝒜(X)‖² = ‖X‖²_F with A_i = (G + Gᵀ)/(2√m): the mean over many draws is within 3 standard errors
        int n = 8;
        int m = 4000;
        MeasurementOperator op = MeasurementOperators.gaussian(n, m, Rng.stream(9, "iso"));
        double[] x = TestProblems.gram(TestProblems.randomMatrix(n, 2, Rng.stream(10, "iso")), n, 2);
        double[] ax = new double[m];
        op.apply(x, ax);
        double ratio = Linalg.normSq(ax) / Linalg.normSq(x);
        assertThat(ratio).isCloseTo(1.0, org.assertj.core.data.Offset.offset(3 * Math.sqrt(2.0 / m)));
    }

    @Test
    void completionSamplesDistinctEntriesAndPowerLawIsSkewed() {
        int n = 30;
        int m = 200;
        CompletionOperator uni = MeasurementOperators.uniformCompletion(n, m, Rng.stream(1, "c"));
        CompletionOperator pl = MeasurementOperators.powerLawCompletion(n, m, 1.0, Rng.stream(1, "c"));
        for (CompletionOperator c : new CompletionOperator[] {uni, pl}) {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < m; i++) {
                assertThat(c.rows()[i]).isLessThanOrEqualTo(c.cols()[i]);
                assertThat(seen.add((long) c.rows()[i] * n + c.cols()[i])).isTrue();
            }
        }
        // the most observed row holds a much larger share under the power law
        assertThat(maxRowCount(pl, n)).isGreaterThan(maxRowCount(uni, n) * 3 / 2);
    }

    private static int maxRowCount(CompletionOperator c, int n) {
        int[] cnt = new int[n];
        for (int i = 0; i < c.m(); i++) {
            cnt[c.rows()[i]]++;
            if (c.cols()[i] != c.rows()[i]) {
                cnt[c.cols()[i]]++;
            }
        }
        return java.util.Arrays.stream(cnt).max().orElse(0);
    }

    @Test
    void gaussNewtonGramMatchesTheDefinition() {
        int n = 6;
        int m = 14;
        int d = 4;
        RandomGenerator rng = Rng.stream(12, "gn-gram");
        for (MeasurementOperator op : TestProblems.allOperators(n, m, 9)) {
            double[] u = TestProblems.randomMatrix(n, d, rng);
            double[] stack = op.toDenseStack();
            // A_i U by definition (A_i from the C-order stack), then Gram of the products
            double[][] au = new double[m][n * d];
            for (int i = 0; i < m; i++) {
                for (int c = 0; c < d; c++) {
                    for (int a = 0; a < n; a++) {
                        double v = 0;
                        for (int b = 0; b < n; b++) {
                            v += stack[i * n * n + a * n + b] * u[b + c * n];
                        }
                        au[i][a + c * n] = v;
                    }
                }
            }
            double[] expected = new double[m * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    expected[i + j * m] = Linalg.dot(au[i], au[j]);
                }
            }
            double[] got = new double[m * m];
            op.gaussNewtonGram(u, d, got);
            assertThat(TestProblems.relDiff(got, expected)).as(op.kind() + " gaussNewtonGram").isLessThan(KERNEL_TOL);
            MeasurementOperator plain = new MeasurementOperator() {
                @Override public int n() { return op.n(); }
                @Override public int m() { return op.m(); }
                @Override public String kind() { return "default"; }
                @Override public void apply(double[] x, double[] out) { op.apply(x, out); }
                @Override public void adjoint(double[] r, double[] out) { op.adjoint(r, out); }
                @Override public double[] toDenseStack() { return op.toDenseStack(); }
            };
            plain.gaussNewtonGram(u, d, got);
            assertThat(TestProblems.relDiff(got, expected)).as(op.kind() + " default gaussNewtonGram").isLessThan(KERNEL_TOL);
        }
    }
}
