package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.implreg.io.Json;
import org.implreg.report.RecordJson;
import org.implreg.reproduce.Verdict;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/**
 * gunasekar2017-theory's jobs on tiny settings: each produces the records whose keys docs/REPRODUCTIONS.md
 * documents, the verdict rules accept them, and rows stored by earlier versions (the same keys, the same row
 * hashes) are found and read.
 */
class Gunasekar2017TheoryTest {
    static final Gunasekar2017Theory.Settings TINY = Gunasekar2017Theory.CI;
    /** X-space GD from 0 reaches 𝒜⁺y to rounding on the tiny problem: a relative distance far above double rounding. */
    static final double ROUNDING_DISTANCE = 1e-10;

    @Test
    void jobsWriteTheDocumentedKeysAndTheRulesReadThem() {
        Gunasekar2017TheoryWarmUp.Result warm = Gunasekar2017TheoryWarmUp.compute(TINY, 1);
        assertThat(keys(RecordJson.toTree(warm))).containsExactly("x_space", "frobenius_min", "preconditioner_range",
            "preconditioned_closed_form_distance", "vector", "min_l2_l2norm", "min_l2_l1norm", "min_l1_l1norm", "min_l1_l2norm");
        assertThat(keys(RecordJson.toTree(warm).get("x_space"))).containsExactly("gd", "heavy_ball", "nesterov", "conjugate_gradient",
            "coordinate_descent");
        assertThat(keys(RecordJson.toTree(warm).get("x_space").get("gd"))).containsExactly("distance_to_min_norm", "residual", "iterations",
            "stop");
        assertThat(keys(RecordJson.toTree(warm).get("vector"))).containsExactly("gd", "coordinate_descent_cyclic",
            "coordinate_descent_greedy", "preconditioned_gd");
        assertThat(keys(RecordJson.toTree(warm).get("vector").get("gd"))).containsExactly("residual", "iterations", "stop",
            "distance_to_min_l2", "distance_to_min_l1", "l2_ratio", "l1_ratio");
        assertThat(warm.xSpace().gd().distanceToMinNorm()).isLessThan(ROUNDING_DISTANCE);
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(warm.xSpace().gd()).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(warm.xSpace()).verdict()).isEqualTo(Verdict.AGREES);
        Gunasekar2017TheoryVerdicts.coordinateDescent(warm.vector());

        Gunasekar2017TheorySingleMeasurement.Result m1 = Gunasekar2017TheorySingleMeasurement.compute(TINY, 1);
        assertThat(keys(RecordJson.toTree(m1))).containsExactly("eigenvalues", "positive_y", "negative_y", "flow");
        assertThat(keys(RecordJson.toTree(m1).get("positive_y").get(0))).containsExactly("alpha", "s", "nuclear_gap",
            "outside_top_eigenspace", "angle");
        assertThat(keys(RecordJson.toTree(m1).get("flow").get(0))).containsExactly("alpha", "max_curve_deviation", "limit_distance",
            "train_error");
        Gunasekar2017TheoryVerdicts.singleMeasurement(m1.positiveY(), m1.negativeY(), m1.flow());

        Gunasekar2017TheoryCommuting.Result comm = Gunasekar2017TheoryCommuting.compute(TINY, 1);
        assertThat(keys(RecordJson.toTree(comm))).containsExactly("min_nuclear_norm", "certificate_worst", "variants");
        assertThat(comm.variants()).containsOnlyKeys("flow", "gd", "lp_loss", "sgd");
        assertThat(keys(RecordJson.toTree(comm).get("variants").get("gd").get(0))).containsExactly("alpha", "nuclear_gap", "residual");
        Gunasekar2017TheoryVerdicts.commuting(comm.variants());

        Gunasekar2017TheoryLieClosure.Result lie = Gunasekar2017TheoryLieClosure.compute(TINY, 1);
        Gunasekar2017TheoryLieClosure.Row three = lie.rows().get(1);
        assertThat(new int[] {three.commuting(), three.generic(), three.traceless()}).containsExactly(2, 9, 8);
        assertThat(keys(RecordJson.toTree(lie).get("rows").get(0))).containsExactly("n", "n_squared", "commuting", "generic",
            "generic_smallest_accepted", "generic_largest_rejected", "traceless", "traceless_smallest_accepted", "traceless_largest_rejected");
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(lie.rows()).verdict()).isEqualTo(Verdict.AGREES);

        Gunasekar2017TheoryOrderedExponential.Result toe = Gunasekar2017TheoryOrderedExponential.compute(TINY, 1);
        assertThat(keys(RecordJson.toTree(toe).get("rows").get(0))).containsExactly("alpha", "residual_ratio", "residual_product_ratio",
            "residual_time", "residual_final", "commuting_ratio", "random_start_ratio_mean", "random_start_ratio_max",
            "random_end_ratio_mean", "random_end_ratio_max", "random_horizon");
        Gunasekar2017TheoryVerdicts.orderedExponential(toe.rows());

        Gunasekar2017TheoryMomentum.Result mom = Gunasekar2017TheoryMomentum.compute(TINY, 1);
        assertThat(keys(RecordJson.toTree(mom))).containsExactly("min_nuclear_norm", "certificate_worst", "rows", "gd_effective_step");
        assertThat(keys(RecordJson.toTree(mom).get("rows").get(0))).containsExactly("step", "momentum", "nesterov", "stop", "iterations",
            "train_error", "nuclear_gap");
        assertThat(keys(RecordJson.toTree(mom).get("gd_effective_step").get(0))).containsExactly("step", "effective_step", "stop",
            "iterations", "nuclear_gap");
        Gunasekar2017TheoryVerdicts.momentumU(mom.rows(), mom.gdEffectiveStep());
    }

    @Test
    void rowKeysAreTheOnesEarlierVersionsStored() {
        // the hashes of the CI settings at seed 1 as the map-based version wrote them in rows.jsonl: a rerun finds those rows
        Gunasekar2017Theory r = new Gunasekar2017Theory();
        Gunasekar2017Theory.SettingsSummary d = TINY.describe();
        assertThat(r.rowKey(1, "warm_up", d.warmUp())).isEqualTo("b028d0d774fea9ef3bfd6871");
        assertThat(r.rowKey(1, "m1", d.m1())).isEqualTo("3f4dc1fa389b11553b46ba6a");
        assertThat(r.rowKey(1, "commuting", d.commuting())).isEqualTo("45736a45867262f296ef9112");
        assertThat(r.rowKey(1, "lie", d.lie())).isEqualTo("786e40db9f16400b1d0b5a37");
        assertThat(r.rowKey(1, "ordered", d.ordered())).isEqualTo("142a97f9d0ed30f51da9002b");
        assertThat(r.rowKey(1, "momentum", d.momentum())).isEqualTo("bd38109c9eafe59c095f9763");
        assertThat(r.rowKey(2, "lie", d.lie())).isNotEqualTo("786e40db9f16400b1d0b5a37");
        assertThat(keys(RecordJson.toTree(d.warmUp()))).containsExactly("n", "m", "vector_m", "vector_N", "momentum");
    }

    @Test
    void aRowStoredByTheMapBasedVersionReadsBack() throws Exception {
        // as the previous version stored it: a diverged run's gap written as null
        String stored = "{\"min_nuclear_norm\": 1.955, \"certificate_worst\": 6e-09, \"rows\": [{\"step\": 0.01, \"momentum\": 0.0, "
            + "\"nesterov\": false, \"stop\": \"CONVERGED\", \"iterations\": 4836, \"train_error\": 9.99e-05, \"nuclear_gap\": 0.012}, "
            + "{\"step\": 0.01, \"momentum\": 0.5, \"nesterov\": true, \"stop\": \"DIVERGED\", \"iterations\": 12, \"train_error\": 3.0, "
            + "\"nuclear_gap\": null}], \"gd_effective_step\": [{\"step\": 0.01, \"effective_step\": 0.02, \"stop\": \"CONVERGED\", "
            + "\"iterations\": 2409, \"nuclear_gap\": 0.0117}]}";
        JsonNode tree = Json.MAPPER.readTree(stored);
        Gunasekar2017TheoryMomentum.Result r = RecordJson.fromTree(tree, Gunasekar2017TheoryMomentum.Result.class);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(0).iterations()).isEqualTo(4836L);
        assertThat(r.rows().get(1).stop()).isEqualTo(StopReason.DIVERGED);
        assertThat(r.rows().get(1).nesterov()).isTrue();
        assertThat(r.rows().get(1).nuclearGap()).isNaN();
        assertThat(RecordJson.toTree(r).toString()).isEqualTo(tree.toString());
        // a renamed key is refused, not read as NaN
        String renamed = stored.replace("\"train_error\": 9.99e-05", "\"training_error\": 9.99e-05");
        assertThatThrownBy(() -> RecordJson.fromTree(Json.MAPPER.readTree(renamed), Gunasekar2017TheoryMomentum.Result.class))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("training_error");
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
