package org.implreg.factorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/** The sparse asymmetric objective against a dense evaluation and finite differences. */
class AsymmetricFactorizedObjectiveTest {
    /** Central differences with step 1e-6 on O(1) data: truncation and rounding both ~1e-8 relative. */
    static final double FD_TOL = 1e-6;
    static final double EXACT_TOL = 1e-12;

    static AsymmetricCompletion random(int n1, int n2, int m, RandomGenerator rng) {
        Set<Long> seen = new HashSet<>();
        List<int[]> e = new ArrayList<>();
        while (e.size() < m) {
            int i = rng.nextInt(n1);
            int j = rng.nextInt(n2);
            if (seen.add((long) i * n2 + j)) {
                e.add(new int[] {i, j});
            }
        }
        int[] rows = new int[m];
        int[] cols = new int[m];
        double[] vals = new double[m];
        for (int k = 0; k < m; k++) {
            rows[k] = e.get(k)[0];
            cols[k] = e.get(k)[1];
            vals[k] = 1 + rng.nextInt(5);
        }
        return new AsymmetricCompletion(n1, n2, rows, cols, vals, Map.of());
    }

    @Test
    void residualMatchesADenseProductAndGradientMatchesFiniteDifferences() {
        RandomGenerator rng = Rng.stream(5, "asym-test");
        int n1 = 13;
        int n2 = 17;
        int d = 4;
        AsymmetricCompletion data = random(n1, n2, 60, rng);
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(data, d);
        double[] u = Rng.gaussian(rng, n1 * d);
        double[] v = Rng.gaussian(rng, n2 * d);
        double[] r = new double[f.size()];
        double loss = f.residual(u, v, r);
        double dense = 0;
        for (int k = 0; k < data.size(); k++) {
            double dot = 0;
            for (int t = 0; t < d; t++) {
                dot += u[data.rows()[k] * d + t] * v[data.cols()[k] * d + t];
            }
            dense += (dot - data.values()[k]) * (dot - data.values()[k]);
        }
        assertThat(loss).isCloseTo(dense, org.assertj.core.data.Offset.offset(EXACT_TOL * dense));
        double[] gu = new double[n1 * d];
        double[] gv = new double[n2 * d];
        f.gradient(u, v, r, gu, gv);
        double h = 1e-6;
        double[] scratch = new double[f.size()];
        for (int idx = 0; idx < n1 * d; idx += 3) {
            double old = u[idx];
            u[idx] = old + h;
            double fp = f.residual(u, v, scratch);
            u[idx] = old - h;
            double fm = f.residual(u, v, scratch);
            u[idx] = old;
            assertThat(gu[idx]).as("dU[%d]", idx).isCloseTo((fp - fm) / (2 * h), org.assertj.core.data.Offset.offset(FD_TOL * (1 + Math.abs(gu[idx]))));
        }
        for (int idx = 0; idx < n2 * d; idx += 3) {
            double old = v[idx];
            v[idx] = old + h;
            double fp = f.residual(u, v, scratch);
            v[idx] = old - h;
            double fm = f.residual(u, v, scratch);
            v[idx] = old;
            assertThat(gv[idx]).as("dV[%d]", idx).isCloseTo((fp - fm) / (2 * h), org.assertj.core.data.Offset.offset(FD_TOL * (1 + Math.abs(gv[idx]))));
        }
    }

    @Test
    void resultsDoNotDependOnTheParallelSchedule() {
        RandomGenerator rng = Rng.stream(6, "asym-test");
        AsymmetricCompletion data = random(40, 50, 700, rng);
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(data, 7);
        double[] u = Rng.gaussian(rng, 40 * 7);
        double[] v = Rng.gaussian(rng, 50 * 7);
        double[] r1 = new double[700];
        double[] gu1 = new double[280];
        double[] gv1 = new double[350];
        f.residual(u, v, r1);
        f.gradient(u, v, r1, gu1, gv1);
        for (int rep = 0; rep < 5; rep++) {
            double[] r2 = new double[700];
            double[] gu2 = new double[280];
            double[] gv2 = new double[350];
            f.residual(u, v, r2);
            f.gradient(u, v, r2, gu2, gv2);
            assertThat(r2).isEqualTo(r1);
            assertThat(gu2).isEqualTo(gu1);
            assertThat(gv2).isEqualTo(gv1);
        }
    }

    /** GD with d = 2 fits a rank-2 matrix from 60% of its entries; the loss falls monotonically for a small step. */
    @Test
    void gradientDescentFitsAnExactlyLowRankCompletionMonotonically() {
        RandomGenerator rng = Rng.stream(7, "asym-gd");
        int n1 = 20;
        int n2 = 30;
        double[] a = Rng.gaussian(rng, n1 * 2);
        double[] b = Rng.gaussian(rng, n2 * 2);
        List<int[]> obs = new ArrayList<>();
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n2; j++) {
                if (rng.nextDouble() < 0.6) {
                    obs.add(new int[] {i, j});
                }
            }
        }
        int m = obs.size();
        int[] rows = new int[m];
        int[] cols = new int[m];
        double[] vals = new double[m];
        for (int k = 0; k < m; k++) {
            rows[k] = obs.get(k)[0];
            cols[k] = obs.get(k)[1];
            vals[k] = a[rows[k] * 2] * b[cols[k] * 2] + a[rows[k] * 2 + 1] * b[cols[k] * 2 + 1];
        }
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(new AsymmetricCompletion(n1, n2, rows, cols, vals, Map.of()), 2);
        double[] u0 = org.implreg.optimizer.Initializers.gaussian(n1, 2, 1e-2, Rng.stream(1, "u"));
        double[] v0 = org.implreg.optimizer.Initializers.gaussian(n2, 2, 1e-2, Rng.stream(1, "v"));
        double[] last = {Double.POSITIVE_INFINITY};
        boolean[] monotone = {true};
        org.implreg.optimizer.AsymmetricGradientDescent.Result r = new org.implreg.optimizer.AsymmetricGradientDescent(
            org.implreg.optimizer.GradientDescent.Options.fixedStep(5e-3).withTol(1e-6).withMaxIterations(200_000))
            .optimize(f, u0, v0, s -> {
                monotone[0] &= s.loss() <= last[0] * (1 + 1e-12);
                last[0] = s.loss();
            });
        assertThat(r.stopReason()).isEqualTo(org.implreg.run.StopReason.CONVERGED);
        assertThat(r.trainError()).isLessThanOrEqualTo(1e-6);
        assertThat(monotone[0]).isTrue();
    }
}
