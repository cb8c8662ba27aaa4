package org.implreg.factorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import org.implreg.TestProblems;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** f(U, V) = ‖𝒜(UUᵀ − VVᵀ) − y‖²: its gradient against central differences; at V = 0 it is f(U) bit for bit. */
class PlusMinusObjectiveTest {
    /** Central differences with h = 1e-6 on O(1) data: truncation O(h²) plus rounding O(ε/h), as {@link GradientTest}. */
    static final double FD_TOL = GradientTest.FD_TOL;
    static final double H = GradientTest.H;

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        int n = 6;
        int m = 14;
        RandomGenerator rng = Rng.stream(23, "fd-pm");
        for (MeasurementOperator op : TestProblems.allOperators(n, m, 8)) {
            for (int d : new int[] {1, 3, n}) {
                double[] y = Rng.gaussian(rng, m);
                PlusMinusObjective f = new PlusMinusObjective(op, y, d);
                double[] u = TestProblems.randomMatrix(n, d, rng);
                double[] v = TestProblems.randomMatrix(n, d, rng);
                double[] r = new double[m];
                f.residual(u, v, r);
                double[] gu = new double[n * d];
                double[] gv = new double[n * d];
                f.gradient(u, v, r, gu, gv);
                assertThat(TestProblems.relDiff(gu, differences(u, () -> f.value(u, v)))).as(op.kind() + " d=" + d + " U").isLessThan(FD_TOL);
                assertThat(TestProblems.relDiff(gv, differences(v, () -> f.value(u, v)))).as(op.kind() + " d=" + d + " V").isLessThan(FD_TOL);
            }
        }
    }

    private static double[] differences(double[] a, java.util.function.DoubleSupplier value) {
        double[] fd = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            double save = a[k];
            a[k] = save + H;
            double fp = value.getAsDouble();
            a[k] = save - H;
            double fm = value.getAsDouble();
            a[k] = save;
            fd[k] = (fp - fm) / (2 * H);
        }
        return fd;
    }

    @Test
    void zeroVIsTheSymmetricObjectiveBitForBit() {
        int n = 5;
        int m = 11;
        RandomGenerator rng = Rng.stream(24, "pm-zero");
        for (MeasurementOperator op : TestProblems.allOperators(n, m, 9)) {
            double[] y = Rng.gaussian(rng, m);
            double[] u = TestProblems.randomMatrix(n, 2, rng);
            double[] v = new double[n * 2];
            PlusMinusObjective pm = new PlusMinusObjective(op, y, 2);
            FactorizedObjective f = new FactorizedObjective(op, y, 2);
            double[] r1 = new double[m];
            double[] r2 = new double[m];
            assertThat(pm.residual(u, v, r1)).as(op.kind()).isEqualTo(f.residual(u, r2));
            assertThat(r1).isEqualTo(r2);
            double[] gu = new double[n * 2];
            double[] gv = new double[n * 2];
            double[] g = new double[n * 2];
            pm.gradient(u, v, r1, gu, gv);
            f.gradient(u, r2, g);
            assertThat(gu).isEqualTo(g);
            assertThat(java.util.Arrays.stream(gv).allMatch(x -> x == 0)).isTrue();
        }
    }
}
