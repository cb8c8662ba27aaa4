package org.implreg.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain-Java eigenvalues against LAPACK's, on random and structured symmetric matrices. */
class SymmetricEigenPortableTest {
    /** Eigenvalues of a backward-stable method agree with LAPACK's to a few n·ε‖A‖ (Weyl); 100 ε covers n ≤ 60. */
    private static final double AGREEMENT = 100 * Math.ulp(1.0);

    private static double[] randomSymmetric(int n, long seed) {
        Random g = new Random(seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double v = g.nextGaussian();
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        }
        return a;
    }

    private static void assertAgree(double[] a, int n) {
        double[] portable = SymmetricEigen.eigenvaluesPortable(a, n);
        double[] lapack = SymmetricEigen.eigenvalues(a, n);
        double scale = Math.max(Math.abs(lapack[0]), Math.abs(lapack[n - 1]));
        assertThat(portable).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(Math.abs(portable[i] - lapack[i])).as("λ_%d of %d×%d", i, n, n).isLessThanOrEqualTo(AGREEMENT * scale);
        }
    }

    @Test
    void agreesWithLapackOnRandomMatrices() {
        for (int n : new int[] {1, 2, 3, 5, 10, 19, 39, 60}) {
            assertAgree(randomSymmetric(n, 30 + n), n);
        }
    }

    @Test
    void agreesOnStructuredMatrices() {
        int n = 12;
        double[] diagonal = new double[n * n];
        double[] repeated = new double[n * n]; // I + 𝟙𝟙ᵀ: eigenvalue 1 eleven times and 13 once
        double[] lowRank = new double[n * n]; // u uᵀ: one nonzero eigenvalue, the rest 0
        for (int j = 0; j < n; j++) {
            diagonal[j + j * n] = j - 5.5;
            for (int i = 0; i < n; i++) {
                repeated[i + j * n] = (i == j ? 2 : 1);
                lowRank[i + j * n] = (i + 1.0) * (j + 1.0);
            }
        }
        assertAgree(diagonal, n);
        assertAgree(repeated, n);
        assertAgree(lowRank, n);
        assertThat(SymmetricEigen.eigenvaluesPortable(repeated, n)[0]).isCloseTo(13.0, org.assertj.core.api.Assertions.within(AGREEMENT * 13));
        assertThat(SymmetricEigen.eigenvaluesPortable(new double[n * n], n)).containsOnly(0.0);
        assertThat(SymmetricEigen.eigenvaluesPortable(new double[0], 0)).isEmpty();
    }

    @Test
    void readsOnlyTheUpperTriangleAndKeepsItsInput() {
        int n = 7;
        double[] a = randomSymmetric(n, 7);
        double[] garbled = a.clone();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                garbled[i + j * n] = 1e3 * (i - j); // the lower triangle is never read
            }
        }
        double[] before = garbled.clone();
        assertThat(SymmetricEigen.eigenvaluesPortable(garbled, n)).isEqualTo(SymmetricEigen.eigenvaluesPortable(a, n));
        assertThat(garbled).isEqualTo(before);
    }

    @Test
    void refusesNonFiniteEntries() {
        assertThatThrownBy(() -> SymmetricEigen.eigenvaluesPortable(new double[] {1, Double.NaN, Double.NaN, 1}, 2))
            .isInstanceOf(ArithmeticException.class);
    }
}
