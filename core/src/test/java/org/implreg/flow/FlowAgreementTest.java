package org.implreg.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.GradientDescent;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/**
 * The three approximations of the gradient flow of Figure 3 reach the same limit: the time-ordered
 * exponential as ε → 0 and gradient descent as η → 0 approach the limit of the ODE, with errors that
 * shrink (about linearly) with ε and η.
 */
class FlowAgreementTest {
    static final double LIMIT_TRAIN_TOL = 1e-10;
    /** Bounds on e(ε/2)/e(ε) for a first-order method. */
    static final double FIRST_ORDER_RATIO_MIN = 0.4;
    static final double FIRST_ORDER_RATIO_MAX = 0.6;
    /** The Richardson combination must be this much closer than the finest run. */
    static final double RICHARDSON_GAIN = 0.1;

    private static double dist(double[] a, double[] b) {
        return Linalg.distance(a, b) / Linalg.norm(b);
    }

    @Test
    void timeOrderedExponentialAndGradientDescentApproachTheFlowLimit() {
        int n = 4;
        Problem p = GradientFlowTest.smallSensing(n, 5, 31);
        double[] u0 = GradientFlowTest.scaled(Rng.gaussian(Rng.stream(9, "u0"), n * n), 1.0);
        FactorizedObjective f = new FactorizedObjective(p, n);
        FlowResult flow = new GradientFlow(GradientFlow.Options.defaults().withRtol(1e-11).withTol(LIMIT_TRAIN_TOL))
            .optimize(f, u0);
        assertThat(flow.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        double[] limit = flow.result().x();
        double[] eps = {0.2, 0.1, 0.05};
        double[][] toeX = new double[eps.length][];
        double[][] gdX = new double[eps.length][];
        for (int k = 0; k < eps.length; k++) {
            OptimizationResult toe = new TimeOrderedExponential(TimeOrderedExponential.Options.of(eps[k])
                .withTol(LIMIT_TRAIN_TOL).withStationaryTol(0)).optimize(f, u0, IterationListener.NONE);
            assertThat(toe.stopReason()).isEqualTo(StopReason.CONVERGED);
            toeX[k] = toe.x();
            // gradient descent at the same flow time per step: η = ε/4
            OptimizationResult gd = new GradientDescent(GradientDescent.Options.fixedStep(eps[k] / 4).withTol(LIMIT_TRAIN_TOL)
                .withStationaryTol(0)).optimize(f, u0);
            assertThat(gd.stopReason()).isEqualTo(StopReason.CONVERGED);
            gdX[k] = gd.x();
        }
        for (double[][] xs : new double[][][] {toeX, gdX}) {
            double e0 = dist(xs[0], limit);
            double e1 = dist(xs[1], limit);
            double e2 = dist(xs[2], limit);
            // first order: halving the step halves the distance to the flow's limit
            assertThat(e1 / e0).isBetween(FIRST_ORDER_RATIO_MIN, FIRST_ORDER_RATIO_MAX);
            assertThat(e2 / e1).isBetween(FIRST_ORDER_RATIO_MIN, FIRST_ORDER_RATIO_MAX);
            // Richardson: 2X(ε/2) − X(ε) removes the O(ε) term, so the limits coincide as ε → 0
            double[] rich = new double[limit.length];
            for (int i = 0; i < rich.length; i++) {
                rich[i] = 2 * xs[2][i] - xs[1][i];
            }
            assertThat(dist(rich, limit)).isLessThan(RICHARDSON_GAIN * e2);
        }
        assertThat(dist(toeX[2], limit)).isLessThan(1e-4);
        assertThat(dist(gdX[2], limit)).isLessThan(1e-3);
    }
}
