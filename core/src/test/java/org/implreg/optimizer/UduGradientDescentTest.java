package org.implreg.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.linalg.Linalg;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;

/** UDUᵀ (Hou, Sra, Yurtsever): exact projections, gradients, and the low-rank bias on a planted instance. */
class UduGradientDescentTest {
    static final double EXACT_TOL = 1e-15;
    /** Central differences, step 1e-6 on O(1) data. */
    static final double FD_TOL = 1e-6;
    /** "Numerical rank": singular values above this fraction of the largest. */
    static final double RANK_THRESHOLD = 1e-3;

    @Test
    void projectionsAreTheEuclideanProjections() {
        RandomGenerator rng = Rng.stream(1, "udu-proj");
        for (double scale : new double[] {0.3, 1, 3}) {
            double[] u = Rng.gaussian(rng, 12);
            double s0 = scale / Linalg.norm(u);
            for (int i = 0; i < u.length; i++) {
                u[i] *= s0;
            }
            double[] p = u.clone();
            UduGradientDescent.projectU(p);
            assertThat(Linalg.norm(p)).isCloseTo(Math.min(1, scale), within(1e-15));
            // variational inequality ⟨u − Πu, v − Πu⟩ ≤ 0 for v in the ball
            for (int t = 0; t < 20; t++) {
                double[] v = Rng.gaussian(rng, 12);
                double sv = rng.nextDouble() / Linalg.norm(v);
                double ip = 0;
                for (int i = 0; i < v.length; i++) {
                    v[i] *= sv;
                    ip += (u[i] - p[i]) * (v[i] - p[i]);
                }
                assertThat(ip).isLessThanOrEqualTo(EXACT_TOL);
            }
            if (scale <= 1) {
                assertThat(p).containsExactly(u);
            }
        }
        double[] d = {1.5, -0.2, 0, -0.0, 3};
        UduGradientDescent.projectD(d);
        assertThat(d).containsExactly(1.5, 0, 0, -0.0, 3);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(6, 2, 20, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 4);
        RandomGenerator rng = Rng.stream(2, "udu-fd");
        int r = 3;
        double[] u = Rng.gaussian(rng, 6 * r);
        double[] d = {0.5, 1.2, 0.1};
        double[] res = new double[p.m()];
        double[] gu = new double[u.length];
        double[] gd = new double[r];
        UduGradientDescent.evaluate(p, u, d, res, gu, gd);
        double h = 1e-6;
        for (int i = 0; i < u.length; i++) {
            double keep = u[i];
            u[i] = keep + h;
            double up = UduGradientDescent.evaluate(p, u, d, res, null, null);
            u[i] = keep - h;
            double down = UduGradientDescent.evaluate(p, u, d, res, null, null);
            u[i] = keep;
            double fd = (up - down) / (2 * h);
            assertThat(gu[i]).isCloseTo(fd, within(FD_TOL * Math.max(1, Math.abs(fd))));
        }
        for (int j = 0; j < r; j++) {
            double keep = d[j];
            d[j] = keep + h;
            double up = UduGradientDescent.evaluate(p, u, d, res, null, null);
            d[j] = keep - h;
            double down = UduGradientDescent.evaluate(p, u, d, res, null, null);
            d[j] = keep;
            assertThat(gd[j]).isCloseTo((up - down) / (2 * h), within(FD_TOL * Math.max(1, Math.abs(up - down) / (2 * h))));
        }
    }

    /** n = 20, rank 2, m = 160 Gaussian measurements, r = n: rank 2 (above 1e-3·σ₁) for three (ξ, η), residual ≤ 1e-4. */
    @Test
    void recoversThePlantedRankForDifferentInitScalesAndSteps() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(20, 2, 160, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 0), 1);
        double[][] settings = {{1e-3, 0.2}, {1e-1, 0.3}, {1, 0.2}};
        for (double[] xe : settings) {
            SolveReport r = Methods.get("udu").solve(p, SolveSettings.of("udu", null, xe[0], xe[1], 1).withMaxIterations(50_000L)
                .withTol(1e-4), IterationListener.NONE);
            assertThat(r.result().stopReason()).as("ξ = %s, η = %s", xe[0], xe[1]).isEqualTo(StopReason.CONVERGED);
            assertThat(r.result().trainError()).isLessThanOrEqualTo(1e-4);
            assertThat(r.metrics().numericalRank(RANK_THRESHOLD)).as("ξ = %s, η = %s", xe[0], xe[1]).isEqualTo(2);
            assertThat(r.metrics().relativeError()).isLessThan(1e-3);
            for (double x : (double[]) r.extras().get("diagonal")) {
                assertThat(x).isGreaterThanOrEqualTo(0.0);
            }
            assertThat((Double) r.extras().get("u_frobenius")).isLessThanOrEqualTo(1 + 1e-12);
        }
    }
}
