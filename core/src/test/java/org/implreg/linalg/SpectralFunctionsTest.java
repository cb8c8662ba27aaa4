package org.implreg.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralFunctionsTest {
    /** Round trips and closed forms: a few ulps of the matrix's scale. */
    private static final double TOL = 1e-12;

    private static double[] randomSymmetric(int n, long seed, double scale) {
        Random rnd = new Random(seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double x = scale * rnd.nextGaussian();
                a[j * n + i] = x;
                a[i * n + j] = x;
            }
        }
        return a;
    }

    @Test
    void diagonalMatrixGetsTheScalarFunction() {
        double[] a = {2.0, 0, 0, 0, -3.0, 0, 0, 0, 0.5};
        double[] e = SpectralFunctions.exp(a, 3);
        assertThat(e[0]).isCloseTo(Math.exp(2.0), within(TOL * Math.exp(2.0)));
        assertThat(e[4]).isCloseTo(Math.exp(-3.0), within(TOL));
        assertThat(e[8]).isCloseTo(Math.exp(0.5), within(TOL * 2));
        assertThat(e[1]).isCloseTo(0.0, within(TOL));
    }

    @Test
    void logInvertsExp() {
        int n = 6;
        double[] a = randomSymmetric(n, 7, 1.5); // eigenvalues within about ±7: exp(A) has condition ≈ e^14
        double[] back = SpectralFunctions.log(SpectralFunctions.exp(a, n), n);
        // log's error at exp(A)'s smallest eigenvalue is ε·cond(exp(A)) ≈ 3e-10
        assertThat(Linalg.distance(back, a) / Linalg.norm(a)).isLessThan(1e-8);
    }

    @Test
    void expAtLargeNormIsTheScalarExpOnEachEigenvector() {
        int n = 4;
        double[] a = randomSymmetric(n, 11, 40.0); // ‖A‖ ≈ 150: a truncated series would be useless
        SymmetricEigen e = SymmetricEigen.decompose(a, n, true);
        double[] x = SpectralFunctions.exp(a, n);
        double[] v = java.util.Arrays.copyOfRange(e.vectors(), 0, n);
        double[] xv = new double[n];
        Linalg.multiply(x, v, n, n, 1, xv);
        double lambda = Math.exp(e.values()[0]);
        for (int i = 0; i < n; i++) {
            assertThat(xv[i]).isCloseTo(lambda * v[i], within(1e-10 * lambda));
        }
    }

    @Test
    void resultIsSymmetricBitwiseAndCommutesWithA() {
        int n = 5;
        double[] a = randomSymmetric(n, 3, 1.0);
        double[] e = SpectralFunctions.exp(a, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(e[i * n + j]).isEqualTo(e[j * n + i]);
            }
        }
        double[] ae = new double[n * n];
        double[] ea = new double[n * n];
        Linalg.multiply(a, e, n, n, n, ae);
        Linalg.multiply(e, a, n, n, n, ea);
        assertThat(Linalg.distance(ae, ea) / Linalg.norm(ae)).isLessThan(TOL * 100);
    }

    @Test
    void logRefusesAMatrixThatIsNotPositiveDefinite() {
        double[] a = {1.0, 0, 0, -1e-3};
        assertThatThrownBy(() -> SpectralFunctions.log(a, 2)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("not positive definite");
    }
}
