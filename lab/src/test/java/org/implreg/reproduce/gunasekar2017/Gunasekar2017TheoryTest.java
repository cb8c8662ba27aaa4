package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;

/**
 * gunasekar2017-theory's jobs on tiny settings: each produces the summary keys that docs/REPRODUCTIONS.md
 * documents, and the verdict rules accept them.
 */
class Gunasekar2017TheoryTest {
    static final Gunasekar2017Theory.Settings TINY = Gunasekar2017Theory.CI;

    @Test
    void jobsWriteTheDocumentedKeysAndTheRulesReadThem() {
        Map<String, Object> warm = Gunasekar2017TheoryWarmUp.compute(TINY, 1);
        Map<String, Object> x = Gunasekar2017Theory.map(warm.get("x_space"));
        assertThat(x).containsKeys("gd", "heavy_ball", "nesterov", "conjugate_gradient", "coordinate_descent");
        assertThat(Gunasekar2017Theory.num(Gunasekar2017Theory.map(x.get("gd")), "distance_to_min_norm")).isLessThan(1e-10);
        assertThat(Gunasekar2017Theory.map(warm.get("vector"))).containsKeys("gd", "coordinate_descent_cyclic", "coordinate_descent_greedy",
            "preconditioned_gd");
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(x).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(x).verdict()).isEqualTo(Verdict.AGREES);
        Gunasekar2017TheoryVerdicts.coordinateDescent(Gunasekar2017Theory.map(warm.get("vector")));

        Map<String, Object> m1 = Gunasekar2017TheorySingleMeasurement.compute(TINY, 1);
        assertThat(m1).containsKeys("eigenvalues", "positive_y", "negative_y", "flow");
        assertThat(Gunasekar2017Theory.list(m1.get("positive_y")).get(0)).containsKeys("alpha", "s", "nuclear_gap", "outside_top_eigenspace",
            "angle");
        assertThat(Gunasekar2017Theory.list(m1.get("flow")).get(0)).containsKeys("max_curve_deviation", "limit_distance", "train_error");
        Gunasekar2017TheoryVerdicts.singleMeasurement(Gunasekar2017Theory.list(m1.get("positive_y")),
            Gunasekar2017Theory.list(m1.get("negative_y")), Gunasekar2017Theory.list(m1.get("flow")));

        Map<String, Object> comm = Gunasekar2017TheoryCommuting.compute(TINY, 1);
        assertThat(Gunasekar2017Theory.map(comm.get("variants"))).containsKeys("flow", "gd", "lp_loss", "sgd");
        Gunasekar2017TheoryVerdicts.commuting(Gunasekar2017Theory.map(comm.get("variants")));

        Map<String, Object> lie = Gunasekar2017TheoryLieClosure.compute(TINY, 1);
        List<Map<String, Object>> rows = Gunasekar2017Theory.list(lie.get("rows"));
        assertThat(rows.get(1)).containsEntry("commuting", 2).containsEntry("generic", 9).containsEntry("traceless", 8);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(rows).verdict()).isEqualTo(Verdict.AGREES);

        Map<String, Object> toe = Gunasekar2017TheoryOrderedExponential.compute(TINY, 1);
        assertThat(Gunasekar2017Theory.list(toe.get("rows")).get(0)).containsKeys("alpha", "residual_ratio", "residual_product_ratio",
            "random_start_ratio_mean", "random_end_ratio_mean", "commuting_ratio");
        Gunasekar2017TheoryVerdicts.orderedExponential(Gunasekar2017Theory.list(toe.get("rows")));

        Map<String, Object> mom = Gunasekar2017TheoryMomentum.compute(TINY, 1);
        assertThat(mom).containsKeys("min_nuclear_norm", "rows", "gd_effective_step");
        Gunasekar2017TheoryVerdicts.momentumU(Gunasekar2017Theory.list(mom.get("rows")), Gunasekar2017Theory.list(mom.get("gd_effective_step")));
    }
}
