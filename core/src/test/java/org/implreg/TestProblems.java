package org.implreg;

import java.util.List;
import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Rng;

/** Small operators of every kind for tests. */
public final class TestProblems {
    private TestProblems() {}

    /** One operator of each representation and family, dimension n, m measurements. */
    public static List<MeasurementOperator> allOperators(int n, int m, long seed) {
        RandomGenerator rng = Rng.stream(seed, "test-operators");
        MeasurementOperator gauss = MeasurementOperators.gaussian(n, m, rng);
        return List.of(
            gauss,
            MeasurementOperators.uniformCompletion(n, m, rng),
            MeasurementOperators.powerLawCompletion(n, m, 1.0, rng),
            DenseSymmetricOperator.fromDenseStack(m, n, randomSymmetricStack(m, n, rng), "test"));
    }

    /** m random symmetric n×n matrices as a C-order stack. */
    public static double[] randomSymmetricStack(int m, int n, RandomGenerator rng) {
        double[] s = new double[m * n * n];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < n; a++) {
                for (int b = a; b < n; b++) {
                    double v = rng.nextGaussian();
                    s[i * n * n + a * n + b] = v;
                    s[i * n * n + b * n + a] = v;
                }
            }
        }
        return s;
    }

    /** A random n×d matrix. */
    public static double[] randomMatrix(int n, int d, RandomGenerator rng) {
        return Rng.gaussian(rng, n * d);
    }

    /** max |a − b| / max(1, max |b|). */
    public static double relDiff(double[] a, double[] b) {
        double worst = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return worst / scale;
    }

    /** ⟨A_i, X⟩ from the dense stack, the definition. */
    public static double[] applyByDefinition(MeasurementOperator op, double[] x) {
        int n = op.n();
        double[] s = op.toDenseStack();
        double[] out = new double[op.m()];
        for (int i = 0; i < op.m(); i++) {
            double v = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    v += s[i * n * n + a * n + b] * x[a + b * n];
                }
            }
            out[i] = v;
        }
        return out;
    }

    /** Symmetric X = U Uᵀ. */
    public static double[] gram(double[] u, int n, int d) {
        double[] x = new double[n * n];
        Linalg.gram(u, n, d, x);
        return x;
    }
}
