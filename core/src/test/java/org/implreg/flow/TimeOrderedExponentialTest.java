package org.implreg.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.TestProblems;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

class TimeOrderedExponentialTest {
    /** Products of commuting exponentials: the manifold structure holds to round-off. */
    static final double MANIFOLD_TOL = 1e-11;

    /**
     * Diagonal A_i commute, so the product of the factors e^{−ε𝒜*(r_k)} is e^{−ε𝒜*(Σ r_k)}: every
     * iterate lies on the manifold {e^{D}X₀e^{D} : D diagonal} of eq. (11), for any ε.
     */
    @Test
    void commutingMeasurementsKeepTheIteratesOnTheManifold() {
        int n = 4;
        int m = 3;
        RandomGenerator rng = Rng.stream(2, "toe-diag");
        double[] stack = new double[m * n * n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                stack[i * n * n + k * n + k] = rng.nextGaussian();
            }
        }
        DenseSymmetricOperator op = DenseSymmetricOperator.fromDenseStack(m, n, stack, "diag");
        double[] y = {1.0, -0.5, 0.7};
        Problem p = new Problem(op, y, null, Map.of());
        double[] u0 = GradientFlowTest.scaled(Rng.gaussian(rng, n * n), 0.5);
        double[] x0 = TestProblems.gram(u0, n, n);
        OptimizationResult r = new TimeOrderedExponential(TimeOrderedExponential.Options.of(0.3).withMaxIterations(40))
            .optimize(new FactorizedObjective(p, n), u0, IterationListener.NONE);
        double[] xt = r.x();
        double[] predicted = new double[n * n];
        for (int l = 0; l < n; l++) {
            for (int k = 0; k < n; k++) {
                // X_kl = e^{D_k + D_l} X0_kl with e^{2 D_k} = X_kk / X0_kk
                predicted[k + l * n] = Math.sqrt(xt[k + k * n] / x0[k + k * n] * xt[l + l * n] / x0[l + l * n]) * x0[k + l * n];
            }
        }
        assertThat(TestProblems.relDiff(xt, predicted)).isLessThan(MANIFOLD_TOL);
    }

    @Test
    void staysPositiveSemidefiniteAndReportsBlowUpWithHugeSteps() {
        int n = 5;
        Problem p = GradientFlowTest.smallSensing(n, 7, 3);
        double[] u0 = GradientFlowTest.scaled(Rng.gaussian(Rng.stream(1, "u0"), n * n), 1e-2);
        FactorizedObjective f = new FactorizedObjective(p, n);
        OptimizationResult ok = new TimeOrderedExponential(TimeOrderedExponential.Options.of(0.5).withTol(1e-6))
            .optimize(f, u0, IterationListener.NONE);
        assertThat(ok.stopReason()).isEqualTo(StopReason.CONVERGED);
        double[] ev = SymmetricEigen.eigenvalues(ok.x(), n);
        assertThat(ev[n - 1]).isGreaterThanOrEqualTo(-1e-14 * ev[0]);
        OptimizationResult bad = new TimeOrderedExponential(TimeOrderedExponential.Options.of(500).withMaxIterations(1000))
            .optimize(f, u0, IterationListener.NONE);
        assertThat(bad.stopReason()).isIn(StopReason.NON_FINITE, StopReason.DIVERGED);
    }
}
