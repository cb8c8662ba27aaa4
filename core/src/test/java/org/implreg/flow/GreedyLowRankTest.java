package org.implreg.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/** GLRL against closed forms, and the small-init flow approaching it as α → 0. */
class GreedyLowRankTest {

    private static double[] diag(double... d) {
        int n = d.length;
        double[] x = new double[n * n];
        for (int i = 0; i < n; i++) {
            x[i * n + i] = d[i];
        }
        return x;
    }

    /**
     * Diagonal (commuting) measurements X_ii = y_i, y = (3, 1, −1): −∇f(0) = 2 diag(y) has top eigenvalue
     * 6 at e₁, and the off-diagonal entries are free, so the rank-1 phase fits every positive diagonal
     * entry: X = uuᵀ with |u| = (√3, 1, 0) (|X₁₂| = √3). Then −∇f = diag(0, 0, −2) has no positive
     * eigenvalue and GLRL stops at this PSD least-squares solution of least rank (loss 1 = (−1)²).
     */
    @Test
    void diagonalMeasurementsGiveTheClosedForm() {
        CompletionOperator op = new CompletionOperator(3, new int[] {0, 1, 2}, new int[] {0, 1, 2});
        GreedyLowRank.Result r = new GreedyLowRank(GreedyLowRank.Options.defaults(3)).solve(op, new double[] {3, 1, -1},
            IterationListener.NONE);
        assertThat(r.rankPath()).containsExactly(1);
        double[] x = r.result().x();
        double[] expected = diag(3, 1, 0);
        expected[1] = expected[3] = Math.signum(x[1]) * Math.sqrt(3);
        assertThat(Linalg.distance(x, expected)).isLessThan(1e-7);
        assertThat(r.result().criterion()).startsWith("lambda_max");
        assertThat(r.outcome()).isEqualTo(GreedyLowRank.Outcome.LEAST_SQUARES);
        assertThat(r.phases().get(0).eigenvalue()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.phases().get(0).loss()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(r.result().loss()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-7));
    }

    /**
     * Commuting dense measurements A₁ = diag(1, 1, 0), A₂ = diag(1, −1, 0): y = (2, 0) fixes X₁₁ + X₂₂ = 2, X₁₁ − X₂₂ = 0, so X₁₁ = X₂₂ = 1 with X₁₂ free; the least
     * rank fit is rank 1, |X₁₂| = 1, X₃₃ = 0; −∇f(0) = 2·2·diag(1, 1, 0) has a double top eigenvalue 4.
     */
    @Test
    void commutingDenseMeasurementsGiveTheRankOneFit() {
        double[] stack = new double[2 * 9];
        double[] a1 = diag(1, 1, 0);
        double[] a2 = diag(1, -1, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                stack[i * 3 + j] = a1[i + 3 * j];
                stack[9 + i * 3 + j] = a2[i + 3 * j];
            }
        }
        var op = org.implreg.problem.DenseSymmetricOperator.fromDenseStack(2, 3, stack, "test");
        double[] check = new double[2];
        op.apply(diag(1, 1, 0), check);
        // the fixture itself: a stack laid out other than the operator reads it must fail here, not skip
        // (sums of ±1 and 0: exact in floating point)
        assertThat(check).as("fixture: 𝒜(diag(1, 1, 0)) = (⟨A₁, ·⟩, ⟨A₂, ·⟩) = (2, 0) for this stack layout").containsExactly(2.0, 0.0);
        GreedyLowRank.Result r = new GreedyLowRank(GreedyLowRank.Options.defaults(3)).solve(op, new double[] {2, 0},
            IterationListener.NONE);
        assertThat(r.rankPath()).containsExactly(1);
        assertThat(r.phases().get(0).eigenvalue()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-12));
        double[] x = r.result().x();
        assertThat(x[0]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(x[4]).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(Math.abs(x[1])).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(x[8]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-7));
        assertThat(r.result().trainError()).isLessThanOrEqualTo(1e-8);
    }

    /** Rank-1 planted completion observing the first row: the only rank-1 fit is zzᵀ, reached in one phase. */
    @Test
    void rankOnePlantedCompletionIsRecoveredInOnePhase() {
        double[] z = {1.0, -0.5, 0.8, 0.3};
        int n = 4;
        int[] rows = {0, 0, 0, 0};
        int[] cols = {0, 1, 2, 3};
        double[] y = new double[4];
        for (int j = 0; j < 4; j++) {
            y[j] = z[0] * z[j];
        }
        double[] xStar = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xStar[i + j * n] = z[i] * z[j];
            }
        }
        Problem p = new Problem(new CompletionOperator(n, rows, cols), y, xStar, Map.of());
        SolveReport r = Methods.get("glrl").solve(p, SolveSettings.of("glrl", null, 1e-3, Double.NaN, 0), IterationListener.NONE);
        assertThat(r.extras().get("rank_path")).isEqualTo(java.util.List.of(1));
        assertThat(r.result().d()).isEqualTo(1);
        assertThat(r.metrics().relativeError()).isLessThan(1e-6);
        assertThat(r.result().trainError()).isLessThanOrEqualTo(1e-8);
    }

    /**
     * On a small underdetermined sensing problem (n = 5, rank-2 X*, m = 8 Gaussian measurements: fewer
     * than a rank-2 matrix's 9 degrees of freedom, so the fits form a family and neither finds X*), the
     * full-width flow from ‖U₀‖ = α gets closer to GLRL's solution as α falls (slowly: ≈ α^0.1–0.25).
     */
    @Test
    void smallInitFlowApproachesGlrlAsAlphaFalls() {
        int n = 5;
        int m = 8;
        var rng = Rng.stream(3, "t");
        var op = org.implreg.problem.MeasurementOperators.gaussian(n, m, rng);
        double[] z = Rng.gaussian(rng, n * 2);
        double[] xs = new double[n * n];
        Linalg.gram(z, n, 2, xs);
        double[] y = new double[m];
        op.apply(xs, y);
        GreedyLowRank.Result g = new GreedyLowRank(GreedyLowRank.Options.defaults(n)).solve(op, y, IterationListener.NONE);
        assertThat(g.rankPath()).containsExactly(1, 2);
        assertThat(Linalg.distance(g.result().x(), xs)).isGreaterThan(1); // not X*: the data do not determine it
        double[] u0 = Rng.gaussian(Rng.stream(7, "glrl-test"), n * n);
        double norm = Linalg.norm(u0);
        double previous = Double.POSITIVE_INFINITY;
        double[] alphas = {1e-4, 1e-8, 1e-12};
        double[] distances = new double[alphas.length];
        for (int k = 0; k < alphas.length; k++) {
            double[] u = u0.clone();
            for (int i = 0; i < u.length; i++) {
                u[i] *= alphas[k] / norm;
            }
            FlowResult fr = new GradientFlow(GradientFlow.Options.defaults().withRtol(1e-10).withTol(1e-9))
                .optimize(new FactorizedObjective(op, y, n), u);
            distances[k] = Linalg.distance(fr.result().x(), g.result().x());
            assertThat(distances[k]).as("alpha " + alphas[k] + " " + java.util.Arrays.toString(distances)).isLessThan(previous);
            previous = distances[k];
        }
        assertThat(distances[0]).isGreaterThan(1);
        assertThat(distances[2]).isLessThan(0.05);
    }

    /** A block-diagonal instance: the exact eigenvector would leave the new column on a saddle; the generic component escapes it. */
    @Test
    void genericComponentLeavesTheBlockSaddle() {
        CompletionOperator op = new CompletionOperator(3, new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 2});
        GreedyLowRank.Result g = new GreedyLowRank(GreedyLowRank.Options.defaults(3)).solve(op, new double[] {1.0, 0.6, 0.8, 0.3},
            IterationListener.NONE);
        assertThat(g.rankPath()).containsExactly(1, 2); // the rank-1 phase also fits X₃₃ (X₁₃, X₂₃ are free)
        assertThat(g.result().trainError()).isLessThanOrEqualTo(1e-8);
        assertThat(g.outcome()).isEqualTo(GreedyLowRank.Outcome.FIT);
    }

    /**
     * Figure-4 grid instance 4417: observed X₃₃ = 5/9, X₁₂ = −7/9, X₁₃ = X₂₃ = −1/9. A rank-1 X = uuᵀ needs
     * X₁₃X₂₃ = X₃₃X₁₂, i.e. 1/81 = −35/81, so the rank-1 phase cannot fit and its infimum is approached only
     * as ‖u‖ → ∞ (measured: ‖U‖ ~ t^¼). GLRL must say that this phase has no limit, not run on to the flow's
     * time cap and carry an arbitrarily large X into the next phase.
     */
    @Test
    void aPhaseWithoutLimitIsReportedAndEndsTheRun() {
        CompletionOperator op = new CompletionOperator(3, new int[] {2, 0, 0, 1}, new int[] {2, 1, 2, 2});
        GreedyLowRank.Result g = new GreedyLowRank(GreedyLowRank.Options.defaults(3).withTol(1e-9)).solve(op,
            new double[] {5.0 / 9, -7.0 / 9, -1.0 / 9, -1.0 / 9}, IterationListener.NONE);
        assertThat(g.rankPath()).containsExactly(1);
        assertThat(g.result().stopReason()).isEqualTo(StopReason.MAX_ITER);
        assertThat(g.result().criterion()).startsWith("phase 1 has no limit: ‖U‖_F = ").contains("grows like t^0.2");
        assertThat(g.outcome()).isEqualTo(GreedyLowRank.Outcome.NO_LIMIT);
        assertThat(g.result().gradientEvaluations()).isLessThanOrEqualTo(GreedyLowRank.GROWTH_CHECK_EVALUATIONS + 10_000);
        assertThat(g.result().trainError()).isGreaterThan(0.5);
    }

    /** A run stopped by its evaluation budget inside a phase reports the loss of the X it returns. */
    @Test
    void aBudgetStopReportsTheLossOfItsX() {
        CompletionOperator op = new CompletionOperator(3, new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 2});
        double[] y = {1.0, 0.6, 0.8, 0.3};
        GreedyLowRank.Result g = new GreedyLowRank(GreedyLowRank.Options.defaults(3).withMaxEvaluations(40)).solve(op, y,
            IterationListener.NONE);
        assertThat(g.result().stopReason()).isEqualTo(StopReason.MAX_ITER);
        assertThat(g.outcome()).isEqualTo(GreedyLowRank.Outcome.BUDGET);
        double[] r = new double[4];
        op.apply(g.result().x(), r);
        double loss = 0;
        for (int i = 0; i < 4; i++) {
            loss += (r[i] - y[i]) * (r[i] - y[i]);
        }
        assertThat(g.result().loss()).isEqualTo(loss);
    }
}
