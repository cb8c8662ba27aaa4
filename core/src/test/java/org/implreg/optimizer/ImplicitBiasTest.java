package org.implreg.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;

/** Fig. 1(a) behaviour on a smaller instance, and invariants of the iterations. */
class ImplicitBiasTest {

    @Test
    void smallInitGdReconstructsWhileXgdDoesNot() {
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(20, 2), 3);
        SolveReport gd = Methods.get("gd").solve(p, SolveSettings.of("gd", 20, 1e-4, 0.01, 1).withTol(1e-4), IterationListener.NONE);
        SolveReport xgd = Methods.get("xgd").solve(p, SolveSettings.of("xgd", null, 1, Double.NaN, 1), IterationListener.NONE);
        assertThat(gd.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(gd.metrics().relativeError()).isLessThan(1e-2);
        assertThat(xgd.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(xgd.result().trainError()).isLessThan(1e-5);
        assertThat(xgd.metrics().relativeError()).isGreaterThan(0.1);
        // the factorized solution has the smaller nuclear norm
        assertThat(gd.metrics().nuclearNorm()).isLessThan(xgd.metrics().nuclearNorm());
        // X_gd is PSD
        assertThat(xgd.metrics().eigenvalues()[19]).isGreaterThanOrEqualTo(-1e-12);
    }

    @Test
    void lossIsMonotoneForSmallStepsAndIteratesStaySymmetricPsd() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(12, 2, 40, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0.0, 1.0), 4);
        List<Double> losses = new ArrayList<>();
        GradientDescent gd = new GradientDescent(GradientDescent.Options.fixedStep(0.01).withMaxIterations(3000));
        OptimizationResult r = gd.optimize(new FactorizedObjective(p, 12), Initializers.gaussian(12, 12, 1e-2, Rng.stream(1, "i")),
            s -> losses.add(s.loss()));
        for (int i = 1; i < losses.size(); i++) {
            assertThat(losses.get(i)).isLessThanOrEqualTo(losses.get(i - 1) * (1 + 1e-12));
        }
        assertThat(org.implreg.linalg.Linalg.asymmetry(r.x(), 12)).isZero();
    }

    @Test
    void lineSearchNeverIncreasesTheLoss() {
        Problem p = ProblemGenerator.generate(new ProblemSpec(10, 2, 40, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.UNIFORM, 0.0, 1.0), 5);
        List<Double> losses = new ArrayList<>();
        GradientDescent gd = new GradientDescent(GradientDescent.Options.lineSearch(1.0).withMaxIterations(500));
        gd.optimize(new FactorizedObjective(p, 10), Initializers.gaussian(10, 10, 1e-3, Rng.stream(2, "i")), s -> losses.add(s.loss()));
        for (int i = 1; i < losses.size(); i++) {
            assertThat(losses.get(i)).isLessThanOrEqualTo(losses.get(i - 1) * (1 + 1e-12));
        }
    }

    @Test
    void divergenceAndIterationCapAreReported() {
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(8, 1), 6);
        OptimizationResult big = new GradientDescent(GradientDescent.Options.fixedStep(50.0))
            .optimize(new FactorizedObjective(p, 8), Initializers.gaussian(8, 8, 1.0, Rng.stream(1, "d")));
        assertThat(big.stopReason()).isIn(StopReason.DIVERGED, StopReason.NON_FINITE);
        OptimizationResult capped = new GradientDescent(GradientDescent.Options.fixedStep(1e-3).withMaxIterations(7))
            .optimize(new FactorizedObjective(p, 8), Initializers.gaussian(8, 8, 1e-3, Rng.stream(1, "d")));
        assertThat(capped.stopReason()).isEqualTo(StopReason.MAX_ITER);
        assertThat(capped.iterations()).isEqualTo(7);
        assertThat(capped.gradientEvaluations()).isEqualTo(7);
    }

    @Test
    void svdInitializationGivesTheBestRankDApproximation() {
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(9, 3), 7);
        double[] u = Initializers.topFactor(p.xStar(), 9, 3);
        double[] x = org.implreg.TestProblems.gram(u, 9, 3);
        assertThat(org.implreg.TestProblems.relDiff(x, p.xStar())).isLessThan(1e-12);
    }
}
