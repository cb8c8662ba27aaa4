package org.implreg.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import org.implreg.linalg.Linalg;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** The UDV layer and the ReLU baseline: gradients, constraints, pruning, and a planted low-rank map. */
class NetworksTest {
    /** Central differences, step 1e-6, O(1) data. */
    static final double FD_TOL = 1e-6;
    static final double EXACT_TOL = 1e-10;

    @Test
    void udvGradientsMatchFiniteDifferences() {
        RandomGenerator rng = Rng.stream(1, "udv-fd");
        int n = 7;
        int d = 5;
        int c = 3;
        int m = 4;
        double[] x = Rng.gaussian(rng, n * d);
        double[] y = Rng.gaussian(rng, n * c);
        UdvNetwork.Model mo = new UdvNetwork.Model(d, c, m, Rng.gaussian(rng, d * m), Rng.gaussian(rng, c * m), new double[] {0.5, 1, 2, 0.1});
        double[] gu = new double[d * m];
        double[] gv = new double[c * m];
        double[] gw = new double[m];
        UdvNetwork.lossAndGradient(mo, x, y, n, gu, gv, gw);
        for (double[][] pg : new double[][][] {{mo.u(), gu}, {mo.v(), gv}, {mo.w(), gw}}) {
            double[] p = pg[0];
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + 1e-6;
                double up = UdvNetwork.lossAndGradient(mo, x, y, n, null, null, null);
                p[i] = keep - 1e-6;
                double down = UdvNetwork.lossAndGradient(mo, x, y, n, null, null, null);
                p[i] = keep;
                double fd = (up - down) / 2e-6;
                assertThat(pg[1][i]).isCloseTo(fd, within(FD_TOL * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @Test
    void reluGradientsMatchFiniteDifferences() {
        RandomGenerator rng = Rng.stream(2, "relu-fd");
        int n = 6;
        int d = 4;
        int c = 3;
        int m = 5;
        double[] x = Rng.gaussian(rng, n * d);
        double[] y = Rng.gaussian(rng, n * c);
        ReluNetwork.Model mo = new ReluNetwork.Model(d, c, m, Rng.gaussian(rng, m * d), Rng.gaussian(rng, m), Rng.gaussian(rng, c * m),
            Rng.gaussian(rng, c));
        double[][] g = {new double[m * d], new double[m], new double[c * m], new double[c]};
        ReluNetwork.lossAndGradient(mo, x, y, n, g[0], g[1], g[2], g[3]);
        double[][] params = {mo.w1(), mo.b1(), mo.w2(), mo.b2()};
        for (int p = 0; p < 4; p++) {
            for (int i = 0; i < params[p].length; i++) {
                double keep = params[p][i];
                params[p][i] = keep + 1e-6;
                double up = ReluNetwork.lossAndGradient(mo, x, y, n, null, null, null, null);
                params[p][i] = keep - 1e-6;
                double down = ReluNetwork.lossAndGradient(mo, x, y, n, null, null, null, null);
                params[p][i] = keep;
                double fd = (up - down) / 2e-6;
                assertThat(g[p][i]).isCloseTo(fd, within(FD_TOL * Math.max(1, Math.abs(fd))));
            }
        }
    }

    /** Y = X M*ᵀ with a rank-2 M* (4×10): the trained UDV stays feasible, fits, and its map has rank 2; pruning to 2 keeps it. */
    @Test
    void udvLearnsAPlantedLowRankMapAndPrunesExactly() {
        RandomGenerator rng = Rng.stream(3, "udv-planted");
        int n = 200;
        int d = 10;
        int c = 4;
        double[] a = Rng.gaussian(rng, c * 2);
        double[] b = Rng.gaussian(rng, d * 2);
        double[] mstar = new double[c * d];
        Linalg.BLAS.dgemm("N", "T", c, d, 2, 0.3, a, c, b, d, 0.0, mstar, c);
        double[] x = Rng.gaussian(rng, n * d);
        double[] y = new double[n * c];
        Linalg.BLAS.dgemm("N", "T", n, c, d, 1.0, x, n, mstar, c, 0.0, y, n);
        UdvNetwork.Model mo = UdvNetwork.train(x, y, n, d, c, new UdvNetwork.Options(8, 0.05, 4000, 1.0, 1), null);
        assertThat(Linalg.norm(mo.u())).isLessThanOrEqualTo(1 + 1e-12);
        assertThat(Linalg.norm(mo.v())).isLessThanOrEqualTo(1 + 1e-12);
        for (double w : mo.w()) {
            assertThat(w).isGreaterThanOrEqualTo(0.0);
        }
        double[] p = mo.predict(x, n);
        assertThat(Linalg.distance(p, y) / Linalg.norm(y)).isLessThan(1e-2);
        double[] sv = mo.singularValues();
        assertThat(sv[2]).isLessThan(1e-3 * sv[0]);
        UdvNetwork.Model two = mo.prune(2);
        assertThat(Linalg.distance(two.predict(x, n), p) / Linalg.norm(p)).isLessThan(2e-3);
        assertThat(Linalg.norm(two.u())).isCloseTo(1.0, within(1e-12));
        UdvNetwork.Model full = mo.prune(4);
        assertThat(Linalg.distance(full.predict(x, n), p)).isLessThan(EXACT_TOL * Linalg.norm(p));
    }
}
