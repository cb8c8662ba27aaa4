package org.implreg.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SymmetricEigen#decomposeMrrr} (dsyevr) against {@link SymmetricEigen#decompose} (dsyevd): the same decomposition. */
class SymmetricEigenMrrrTest {
    /** Eigenvalues, reconstruction and orthogonality, relative to ‖A‖_F: a few hundred ε at n = 40. */
    static final double TOL = 1e-12;

    @Test
    void itIsTheSameDecomposition() {
        int n = 40;
        Random rnd = new Random(5);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double v = rnd.nextGaussian();
                a[i + j * n] = v;
                a[j + i * n] = v;
            }
        }
        a[3 + 3 * n] += 10; // an eigenvalue apart, and a cluster: the rest
        double scale = Linalg.norm(a);
        SymmetricEigen d = SymmetricEigen.decompose(a, n, true);
        SymmetricEigen r = SymmetricEigen.decomposeMrrr(a, n);
        double[] dv = d.values();
        double[] rv = r.values();
        for (int k = 0; k < n; k++) {
            assertThat(rv[k]).isCloseTo(dv[k], org.assertj.core.data.Offset.offset(TOL * scale));
            if (k > 0) {
                assertThat(rv[k]).isLessThanOrEqualTo(rv[k - 1]);
            }
        }
        double[] back = r.reconstruct(x -> x, new double[n * n]);
        assertThat(Linalg.distance(back, a)).isLessThanOrEqualTo(TOL * scale);
        double[] v = r.vectors();
        double[] vtv = new double[n * n];
        Linalg.gemm("T", "N", n, n, n, v, v, vtv);
        for (int i = 0; i < n; i++) {
            vtv[i + i * n] -= 1;
        }
        assertThat(Linalg.norm(vtv)).isLessThanOrEqualTo(TOL * n);
        assertThat(SymmetricEigen.decomposeMrrr(new double[0], 0).values()).isEmpty();
        double[] nan = a.clone();
        nan[5] = Double.NaN;
        assertThatThrownBy(() -> SymmetricEigen.decomposeMrrr(nan, n)).isInstanceOf(ArithmeticException.class);
    }
}
