package org.implreg.factorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import org.implreg.TestProblems;
import org.implreg.linalg.Linalg;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** ∇f(U) = 4𝒜*(r)U against central finite differences, for every operator kind. */
class GradientTest {
    /** Central differences with h = 1e-6 on O(1) data: truncation O(h²) plus rounding O(ε/h). */
    static final double FD_TOL = 1e-6;
    static final double H = 1e-6;

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        int n = 6;
        int m = 14;
        RandomGenerator rng = Rng.stream(21, "fd");
        for (MeasurementOperator op : TestProblems.allOperators(n, m, 8)) {
            for (int d : new int[] {1, 3, n}) {
                double[] y = Rng.gaussian(rng, m);
                FactorizedObjective f = new FactorizedObjective(op, y, d);
                double[] u = TestProblems.randomMatrix(n, d, rng);
                double[] r = new double[m];
                f.residual(u, r);
                double[] g = new double[n * d];
                f.gradient(u, r, g);
                double[] fd = new double[n * d];
                for (int k = 0; k < u.length; k++) {
                    double save = u[k];
                    u[k] = save + H;
                    double fp = f.value(u);
                    u[k] = save - H;
                    double fm = f.value(u);
                    u[k] = save;
                    fd[k] = (fp - fm) / (2 * H);
                }
                assertThat(TestProblems.relDiff(g, fd)).as(op.kind() + " d=" + d).isLessThan(FD_TOL);
            }
        }
    }

    @Test
    void lineQuarticEqualsTheLossAlongTheRay() {
        int n = 5;
        int m = 12;
        RandomGenerator rng = Rng.stream(22, "quartic");
        for (MeasurementOperator op : TestProblems.allOperators(n, m, 9)) {
            double[] y = Rng.gaussian(rng, m);
            FactorizedObjective f = new FactorizedObjective(op, y, 2);
            double[] u = TestProblems.randomMatrix(n, 2, rng);
            double[] r = new double[m];
            f.residual(u, r);
            double[] g = new double[n * 2];
            f.gradient(u, r, g);
            Quartic q = f.lineQuartic(u, g, r);
            for (double t : new double[] {0, 1e-3, 0.01, 0.1, 0.5}) {
                double[] ut = u.clone();
                for (int i = 0; i < ut.length; i++) {
                    ut[i] -= t * g[i];
                }
                double direct = f.value(ut);
                assertThat(q.value(t)).as(op.kind() + " t=" + t).isCloseTo(direct,
                    org.assertj.core.data.Offset.offset(1e-10 * Math.max(1, direct)));
            }
            // φ′(0) = −‖∇f‖²
            assertThat(q.derivative(0)).isCloseTo(-Linalg.normSq(g), org.assertj.core.data.Offset.offset(1e-9 * Linalg.normSq(g)));
        }
    }
}
