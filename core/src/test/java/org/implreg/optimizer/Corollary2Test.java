package org.implreg.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;

/**
 * Corollary 2 of Gunasekar et al. (2017): with diagonal A_i and X₀ = αI, GD on U is GD on the
 * vector u with x = u², and as α → 0 its limit approaches argmin ‖x‖₁ s.t. Ax = y, x ≥ 0. The LP is
 * solved exactly by enumerating its basic feasible solutions (an independent, exact method).
 */
class Corollary2Test {
    /** At α = 1e-12 the entropic bias of the flow is far below this. */
    static final double LIMIT_TOL = 1e-3;

    @Test
    void smallInitializationConvergesToTheMinimumL1Solution() {
        int n = 6;
        int m = 3;
        for (long seed = 1; seed <= 3; seed++) {
            RandomGenerator rng = Rng.stream(seed, "corollary2");
            double[] a = new double[m * n]; // a[i*n + k] = (A_i)_kk
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextGaussian();
            }
            double[] xTrue = new double[n];
            xTrue[(int) (seed % n)] = 1.0 + rng.nextDouble();
            xTrue[(int) ((seed + 2) % n)] = 0.5 + rng.nextDouble();
            // m positive entries: y is generic in the cone, so the optimal LP vertex is nondegenerate
            xTrue[(int) ((seed + 4) % n)] = 0.5 + rng.nextDouble();
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < n; k++) {
                    y[i] += a[i * n + k] * xTrue[k];
                }
            }
            double[] lp = minL1NonNegative(a, y, m, n);
            double[] stack = new double[m * n * n];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < n; k++) {
                    stack[i * n * n + k * n + k] = a[i * n + k];
                }
            }
            DenseSymmetricOperator op = DenseSymmetricOperator.fromDenseStack(m, n, stack, "diag");
            double previous = Double.POSITIVE_INFINITY;
            for (double alpha : new double[] {1e-2, 1e-6, 1e-12}) {
                GradientDescent gd = new GradientDescent(new GradientDescent.Options(5e-3, false, 2_000_000, 1e-10, 0, 1e8));
                OptimizationResult r = gd.optimize(new FactorizedObjective(op, y, n), Initializers.scaledIdentity(n, Math.sqrt(alpha)));
                assertThat(r.stopReason()).isEqualTo(StopReason.CONVERGED);
                double err = 0;
                double scale = 0;
                for (int k = 0; k < n; k++) {
                    // U stays diagonal, X = diag(u²)
                    err = Math.max(err, Math.abs(r.x()[k + k * n] - lp[k]));
                    scale = Math.max(scale, lp[k]);
                    for (int j = 0; j < n; j++) {
                        if (j != k) {
                            assertThat(r.x()[j + k * n]).isZero();
                        }
                    }
                }
                assertThat(err).as("seed %d alpha %g", seed, alpha).isLessThanOrEqualTo(previous * 1.0001 + 1e-12);
                previous = err;
                if (alpha == 1e-12) {
                    assertThat(err / scale).as("seed %d", seed).isLessThan(LIMIT_TOL);
                }
            }
        }
    }

    /** Exact LP min Σx s.t. Ax = y, x ≥ 0 by enumeration of bases (m×n, small n). */
    static double[] minL1NonNegative(double[] a, double[] y, int m, int n) {
        double best = Double.POSITIVE_INFINITY;
        double[] bestX = null;
        int[] basis = new int[m];
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != m) {
                continue;
            }
            int c = 0;
            for (int k = 0; k < n; k++) {
                if ((mask & (1 << k)) != 0) {
                    basis[c++] = k;
                }
            }
            double[][] b = new double[m][m + 1];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    b[i][j] = a[i * n + basis[j]];
                }
                b[i][m] = y[i];
            }
            double[] xb = solve(b, m);
            if (xb == null) {
                continue;
            }
            boolean feasible = true;
            double obj = 0;
            for (double v : xb) {
                feasible &= v >= -1e-12;
                obj += v;
            }
            if (feasible && obj < best) {
                best = obj;
                bestX = new double[n];
                for (int j = 0; j < m; j++) {
                    bestX[basis[j]] = Math.max(0, xb[j]);
                }
            }
        }
        return bestX;
    }

    private static double[] solve(double[][] b, int m) {
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(b[r][col]) > Math.abs(b[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(b[piv][col]) < 1e-12) {
                return null;
            }
            double[] t = b[col];
            b[col] = b[piv];
            b[piv] = t;
            for (int r = 0; r < m; r++) {
                if (r != col) {
                    double f = b[r][col] / b[col][col];
                    for (int k = col; k <= m; k++) {
                        b[r][k] -= f * b[col][k];
                    }
                }
            }
        }
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = b[i][m] / b[i][i];
        }
        return x;
    }
}
