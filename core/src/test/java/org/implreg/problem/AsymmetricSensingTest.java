package org.implreg.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/** Rectangular sensing through the symmetric embedding: measurements, gradients and the nuclear norm minimum. */
class AsymmetricSensingTest {
    static final double EXACT_TOL = 1e-12;

    @Test
    void theEmbeddingMeasuresTheOffDiagonalBlock() {
        AsymmetricSensing s = AsymmetricSensing.gaussian(5, 3, 2, 20, 0, 1);
        Problem p = s.embedded();
        RandomGenerator rng = Rng.stream(2, "emb");
        int n = 8;
        double[] g = Rng.gaussian(rng, n * n);
        double[] z = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                z[i + j * n] = g[i + j * n] + g[j + i * n];
            }
        }
        double[] viaZ = new double[s.m()];
        p.operator().apply(z, viaZ);
        double[] viaX = s.apply(s.block(z));
        for (int i = 0; i < s.m(); i++) {
            assertThat(viaZ[i]).isCloseTo(viaX[i], within(EXACT_TOL));
        }
        // the planted measurements: y = 𝒜(X*) exactly (noiseless)
        double[] y = s.apply(s.xStar());
        for (int i = 0; i < s.m(); i++) {
            assertThat(s.y()[i]).isCloseTo(y[i], within(EXACT_TOL));
        }
    }

    /** ∇_W ‖𝒜̃(WWᵀ) − y‖² = 2[GV; GᵀU] with G = Σ r_i A_i: GD on the embedding is GD on (U, V). */
    @Test
    void theEmbeddedGradientIsTheRectangularOne() {
        AsymmetricSensing s = AsymmetricSensing.gaussian(4, 6, 1, 15, 0, 3);
        int n1 = 4;
        int n2 = 6;
        int d = 3;
        RandomGenerator rng = Rng.stream(4, "grad");
        double[] w = Rng.gaussian(rng, (n1 + n2) * d);
        FactorizedObjective f = new FactorizedObjective(s.embedded(), d);
        double[] grad = new double[w.length];
        double[] res = new double[s.m()];
        f.residual(w, res);
        f.gradient(w, res, grad);
        double[] u = new double[n1 * d];
        double[] v = new double[n2 * d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n1; i++) {
                u[i + k * n1] = w[i + k * (n1 + n2)];
            }
            for (int i = 0; i < n2; i++) {
                v[i + k * n2] = w[n1 + i + k * (n1 + n2)];
            }
        }
        double[] x = new double[n1 * n2];
        Linalg.BLAS.dgemm("N", "T", n1, n2, d, 1.0, u, n1, v, n2, 0.0, x, n1);
        double[] r = s.apply(x);
        double[] gmat = new double[n1 * n2];
        for (int i = 0; i < s.m(); i++) {
            r[i] -= s.y()[i];
            for (int e = 0; e < n1 * n2; e++) {
                gmat[e] += r[i] * s.a()[i * n1 * n2 + e];
            }
        }
        double[] gv = new double[n1 * d];
        double[] gtu = new double[n2 * d];
        Linalg.BLAS.dgemm("N", "N", n1, d, n2, 2.0, gmat, n1, v, n2, 0.0, gv, n1);
        Linalg.BLAS.dgemm("T", "N", n2, d, n1, 2.0, gmat, n1, u, n1, 0.0, gtu, n2);
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < n1; i++) {
                assertThat(grad[i + k * (n1 + n2)]).isCloseTo(gv[i + k * n1], within(1e-10));
            }
            for (int i = 0; i < n2; i++) {
                assertThat(grad[n1 + i + k * (n1 + n2)]).isCloseTo(gtu[i + k * n2], within(1e-10));
            }
        }
    }

    @Test
    void nucminOnTheEmbeddingRecoversALowRankMatrixWithHalfTheTrace() {
        AsymmetricSensing s = AsymmetricSensing.gaussian(6, 5, 1, 40, 0, 5);
        SolveReport r = Methods.get("nucmin").solve(s.embedded(), SolveSettings.of("nucmin", null, 1e-3, Double.NaN, 0).withTol(1e-9),
            IterationListener.NONE);
        double[] x = s.block(r.result().x());
        assertThat(Linalg.distance(x, s.xStar()) / Linalg.norm(s.xStar())).isLessThan(1e-6);
        double nuc = 0;
        for (double v : Linalg.singularValues(x.clone(), 6, 5)) {
            nuc += v;
        }
        double trace = 0;
        for (int i = 0; i < 11; i++) {
            trace += r.result().x()[i + i * 11];
        }
        assertThat(trace / 2).isCloseTo(nuc, within(1e-6 * nuc));
    }
}
