package org.implreg.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The run protocol of {@link IterativeDriver} on scalar recursions x_{k+1} = a·x_k with f(x) = x². */
class IterativeDriverTest {

    /** x ← a·x in place; the iterate carries the step's "gradient norm" |x_k| and change |a − 1|. */
    static IterativeDriver.Step scale(double a) {
        return (k, it) -> {
            double[] x = it.point();
            double g = Math.abs(x[0]);
            x[0] *= a;
            return new IterativeDriver.Iterate(x[0] * x[0], g, 1.0, Math.abs(a - 1), x, k + 1.0);
        };
    }

    @Test
    void countsStepsAndShowsEveryIterateBeforeTheChecker() {
        double[] x = {1.0};
        List<String> events = new ArrayList<>();
        ConvergenceChecker checker = s -> {
            events.add("check " + s.iteration());
            return ConvergenceChecker.trainError(1e-3).check(s);
        };
        IterativeDriver.Outcome out = IterativeDriver.start().run(IterativeDriver.Iterate.initial(1.0, x, 0.0), Math::sqrt, checker,
            s -> events.add("see " + s.iteration()), scale(0.5));
        // √(4^-k) = 2^-k ≤ 1e-3 first at k = 10
        assertThat(out.iterations()).isEqualTo(10);
        assertThat(out.stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(out.criterion()).isEqualTo("train_error <= 0.001");
        assertThat(out.last().point()).isSameAs(x);
        assertThat(out.last().trainError()).isEqualTo(Math.pow(2, -10));
        assertThat(out.last().time()).isEqualTo(10.0);
        assertThat(events).hasSize(22);
        assertThat(events.subList(0, 4)).containsExactly("see 0", "check 0", "see 1", "check 1");
        assertThat(out.seconds()).isNotNegative();
    }

    @Test
    void aNonFiniteLossStopsBeforeTheListenerSeesIt() {
        List<Long> seen = new ArrayList<>();
        IterativeDriver.Outcome out = IterativeDriver.start().run(IterativeDriver.Iterate.initial(1.0, new double[] {1.0}, 0.0),
            Math::sqrt, s -> Optional.empty(), s -> seen.add(s.iteration()), scale(1e200));
        assertThat(out.stopReason()).isEqualTo(StopReason.NON_FINITE);
        assertThat(out.criterion()).isEqualTo("loss is Infinity");
        assertThat(out.iterations()).isEqualTo(1); // f(x₁) = (10²⁰⁰)² overflows
        assertThat(out.last().loss()).isInfinite();
        assertThat(seen).containsExactly(0L);
    }

    @Test
    void theDivergenceRuleIsFactorTimesTheLargerOfInitialAndReferenceLoss() {
        assertThat(IterativeDriver.DEFAULT_DIVERGENCE_FACTOR).isEqualTo(1e8);
        assertThat(IterativeDriver.divergenceLimit(1e8, 2.0, 3.0)).isEqualTo(3e8);
        assertThat(IterativeDriver.divergenceLimit(1e8, 5.0, 3.0)).isEqualTo(5e8);
        double limit = IterativeDriver.divergenceLimit(IterativeDriver.DEFAULT_DIVERGENCE_FACTOR, 1.0, 1.0);
        IterativeDriver.Outcome out = IterativeDriver.start().run(IterativeDriver.Iterate.initial(1.0, new double[] {1.0}, 0.0),
            Math::sqrt, ConvergenceChecker.standard(0, limit, 0, 1000), IterationListener.NONE, scale(10));
        assertThat(out.stopReason()).isEqualTo(StopReason.DIVERGED);
        assertThat(out.criterion()).isEqualTo("loss > 1.0E8");
        assertThat(out.iterations()).isEqualTo(5); // 10^10 > 10^8 first at k = 5
    }

    @Test
    void finiteChecksLookAtThePointOrTheGradientWhereAsked() {
        IterationState pointBad = new IterationState(3, 1.0, 1.0, 1.0, 1.0, 0.0, new double[] {Double.NaN, 0});
        IterationState gradBad = new IterationState(3, 1.0, 1.0, Double.POSITIVE_INFINITY, 1.0, 0.0, new double[] {0, 0});
        assertThat(IterativeDriver.FiniteCheck.LOSS.test(pointBad)).isEmpty();
        assertThat(IterativeDriver.FiniteCheck.LOSS_AND_POINT.test(pointBad)).get()
            .isEqualTo(new ConvergenceChecker.Stop(StopReason.NON_FINITE, "loss is 1.0"));
        assertThat(IterativeDriver.FiniteCheck.LOSS_AND_POINT.test(gradBad)).isEmpty();
        assertThat(IterativeDriver.FiniteCheck.LOSS_AND_GRADIENT.test(gradBad)).isPresent();
        List<Long> seen = new ArrayList<>();
        assertThat(IterativeDriver.observe(pointBad, IterativeDriver.FiniteCheck.LOSS_AND_POINT, s -> seen.add(s.iteration()),
            s -> Optional.empty())).isPresent();
        assertThat(seen).isEmpty();
    }
}
