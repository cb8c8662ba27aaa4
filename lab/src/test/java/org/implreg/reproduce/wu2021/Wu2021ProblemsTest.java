package org.implreg.reproduce.wu2021;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.implreg.linalg.Linalg;
import org.implreg.linalg.SpectralFunctions;
import org.implreg.method.SolveSettings;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The paper's units: implreg's gd and md, at the converted steps, take the public code's first step (fawuuu/irmsmd,
 * algorithms.py, written out here with the paper's A_i^p = A_i/s and g = (1/m)Σ r_i^p A_i^p) to rounding.
 */
class Wu2021ProblemsTest {
    /** One step agrees with the formula to this relative Frobenius error (a few roundings of O(1) sums). */
    static final double SAME_STEP = 1e-12;
    static final int N = 6;
    static final int R = 2;

    /** The paper's g = (1/m) Σ r_i^p A_i^p at X, from implreg's operator: A_i^p = A_i/s, y^p = y/s. */
    private static double[] paperGradient(Problem p, Wu2021Problems.Kind kind, double[] x) {
        MeasurementOperator op = p.operator();
        int m = op.m();
        double s = Wu2021Problems.operatorScale(kind, m);
        double[] ax = new double[m];
        op.apply(x, ax);
        double[] rp = new double[m];
        for (int i = 0; i < m; i++) {
            rp[i] = (ax[i] - p.y()[i]) / s; // ⟨A_i^p, X⟩ − y_i^p
        }
        double[] g = new double[N * N];
        double[] e = new double[m];
        for (int i = 0; i < m; i++) { // g = (1/m) Σ r_i^p A_i^p, A_i^p = adjoint(e_i)/s
            java.util.Arrays.fill(e, 0);
            e[i] = 1;
            double[] ai = new double[N * N];
            op.adjoint(e, ai);
            for (int k = 0; k < g.length; k++) {
                g[k] += rp[i] * ai[k] / s / m;
            }
        }
        return g;
    }

    @ParameterizedTest
    @EnumSource(value = Wu2021Problems.Kind.class)
    void gdAtTheConvertedStepTakesThePapersStep(Wu2021Problems.Kind kind) {
        int m = kind == Wu2021Problems.Kind.DIAGONAL ? 4 : 15;
        Problem p = Wu2021Problems.problem(kind, N, R, m, 3);
        double eta = kind == Wu2021Problems.Kind.COMPLETION ? 20 : 1;
        double alpha = 0.3;
        double[] u0 = Wu2021Problems.identityFactor(N, alpha);
        double[] x0 = new double[N * N];
        Linalg.gram(u0, N, N, x0);
        double[] g = paperGradient(p, kind, x0);
        double[] gu = new double[N * N];
        Linalg.multiply(g, u0, N, N, N, gu);
        double[] u1 = new double[N * N];
        for (int k = 0; k < u1.length; k++) {
            u1[k] = u0[k] - 2 * (eta / 4) * gu[k]; // gd(step = eta/4): U ← U − 2·step·g·U
        }
        double[] want = new double[N * N];
        Linalg.gram(u1, N, N, want);
        double[] got = Wu2021Runs.solve(p, Wu2021Runs.gdSettings(N, alpha, eta, kind, m, 1), IterationListener.NONE).result().x();
        assertThat(Linalg.distance(got, want) / Linalg.norm(want)).isLessThan(SAME_STEP);
    }

    @ParameterizedTest
    @EnumSource(value = Wu2021Problems.Kind.class)
    void mdAtTheConvertedStepTakesThePapersStep(Wu2021Problems.Kind kind) {
        int m = kind == Wu2021Problems.Kind.DIAGONAL ? 4 : 15;
        Problem p = Wu2021Problems.problem(kind, N, R, m, 3);
        double eta = kind == Wu2021Problems.Kind.COMPLETION ? 20 : 1;
        double alpha = 0.3;
        double[] x0 = new double[N * N];
        for (int j = 0; j < N; j++) {
            x0[j + j * N] = alpha;
        }
        double[] g = paperGradient(p, kind, x0);
        double[] phi = SpectralFunctions.log(x0, N);
        for (int k = 0; k < phi.length; k++) {
            phi[k] -= eta * g[k]; // md: X_phi ← X_phi − step·grad, X = expm(X_phi)
        }
        double[] want = SpectralFunctions.exp(phi, N);
        double[] got = Wu2021Runs.solve(p, Wu2021Runs.mdSettings(alpha, eta, kind, m, 1), IterationListener.NONE).result().x();
        assertThat(Linalg.distance(got, want) / Linalg.norm(want)).isLessThan(SAME_STEP);
    }

    @Test
    void plantedMatrixHasTheAnnouncedShapeAndScale() {
        for (Wu2021Problems.Kind kind : Wu2021Problems.Kind.values()) {
            Problem p = Wu2021Problems.problem(kind, N, R, 15, 5);
            var sm = org.implreg.metrics.SolutionMetrics.of(p.xStar(), N, null);
            assertThat(sm.nuclearNorm()).as("‖X*‖_* of " + kind).isCloseTo(1.0, within(1e-12));
            assertThat(sm.numericalRank(1e-10)).as("rank of " + kind).isEqualTo(R);
            assertThat(java.util.Arrays.stream(sm.eigenvalues()).min().orElseThrow()).as("least eigenvalue of " + kind).isGreaterThan(-1e-12);
        }
        assertThat(Wu2021Problems.gradientScale(Wu2021Problems.Kind.SENSING, 750)).isCloseTo(1.0, within(1e-12));
        assertThat(Wu2021Problems.gradientScale(Wu2021Problems.Kind.COMPLETION, 750)).isEqualTo(750.0);
        assertThat(Wu2021Problems.gdStep(1, Wu2021Problems.Kind.SENSING, 750)).isCloseTo(0.125, within(1e-12));
        assertThat(Wu2021Runs.mdStep(2000, Wu2021Problems.Kind.COMPLETION, 750)).isCloseTo(2000.0 / 1500, within(1e-12));
    }

    @Test
    void sameSeedSameProblemBitForBit() {
        Problem a = Wu2021Problems.problem(Wu2021Problems.Kind.SENSING, N, R, 10, 9);
        Problem b = Wu2021Problems.problem(Wu2021Problems.Kind.SENSING, N, R, 10, 9);
        assertThat(a.y()).isEqualTo(b.y());
        assertThat(a.xStar()).isEqualTo(b.xStar());
    }

    @Test
    void gdSettingsStartAtRootAlphaTimesIdentity() {
        SolveSettings s = Wu2021Runs.gdSettings(3, 1e-4, 1, Wu2021Problems.Kind.SENSING, 10, 5);
        assertThat(s.init()).isEqualTo(SolveSettings.Init.GIVEN);
        assertThat(s.initMatrix()).containsExactly(1e-2, 0, 0, 0, 1e-2, 0, 0, 0, 1e-2);
        assertThat(s.tol()).isEqualTo(0.0);
    }
}
