package org.implreg.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.junit.jupiter.api.Test;

/**
 * conjecture.json from the typed {@link Conjecture.Analysis} (issue 29): the keys, their order and their JSON types are
 * those the map-built file had (snake_case of the record components, in declaration order), a non-finite number is
 * written as null, the problem file is a key only where {@link Conjecture#run} names it, and {@link Conjecture#decide}
 * reads its per-α columns from the {@link Conjecture.PerAlpha} records.
 */
class ConjectureJsonTest {
    /** conjecture.json's keys before the files and provenance, in the order the file writes them. */
    static final List<String> KEYS = List.of("answer", "evidence", "settled", "n", "depth", "method", "seeds", "smallest_alpha", "alphas_extended",
        "max_extensions", "min_nuclear_norm", "min_nuclear_norm_certified", "min_rank", "glrl_stop_reason", "glrl_stop_criterion",
        "glrl_train_error", "glrl_fits", "glrl_nuclear_norm", "glrl_rel_gap", "glrl_rank", "glrl_rank_path", "glrl_distance_to_min",
        "per_alpha", "trend", "rule", "normalization");

    static final List<String> PER_ALPHA_KEYS = List.of("alpha", "extended", "nuclear_norm", "rel_gap", "rank", "distance_to_glrl",
        "distance_to_glrl_min", "distance_to_glrl_max", "distance_to_min", "distance_to_min_min", "distance_to_min_max", "converged", "runs",
        "max_train_error", "stops", "per_seed_nuclear_norm");

    private static Conjecture.PerAlpha at(double alpha, double toGlrl, double toMin, double rank) {
        return new Conjecture.PerAlpha(alpha, false, 1.25, 0.25, rank, toGlrl, toGlrl / 2, toGlrl * 2, toMin, toMin / 2, toMin * 2, 3, 3,
            1e-9, List.of("converged: train_error <= 1.0E-8"), List.of(1.0, 1.25, 1.5));
    }

    private static Conjecture.Analysis analysis(List<Conjecture.PerAlpha> pa, Boolean certified) {
        return new Conjecture.Analysis("neither", "neither: …", true, 8, 2, "flow", 3, pa.get(pa.size() - 1).alpha(), 0, 10, 1.0, certified, 1,
            "converged", "train_error <= 1.0E-8", 1e-9, true, 1.5, 0.5, 2, List.of(1, 2), 0.3, pa,
            new Conjecture.Trend(1.0, 1.0, 0.0, 0.0, "note"), new Conjecture.Rule(Conjecture.SAME, Conjecture.SETTLED, Conjecture.GAP_SAME,
                Conjecture.GLRL_FIT, Conjecture.FLOW_EXTENSION_FACTOR), 2.5, null);
    }

    @Test
    void theKeysAreConjectureJsonsInItsOrderWithItsTypes() throws Exception {
        Conjecture.Analysis a = analysis(List.of(at(1e-2, 0.4, 0.2, 2.0), at(1e-4, 0.3, 0.1, Double.NaN)), null);
        Map<String, Object> keys = Conjecture.keys(a);
        assertThat(keys.keySet()).containsExactlyElementsOf(KEYS);
        assertThat(Conjecture.keys(a.withProblem("p.npz")).keySet()).as("the problem file, last, only where run names it")
            .containsExactlyElementsOf(java.util.stream.Stream.concat(KEYS.stream(), java.util.stream.Stream.of("problem")).toList());
        JsonNode j = Json.MAPPER.readTree(Json.toJson(keys));
        JsonNode e = j.get("per_alpha").get(1);
        List<String> perAlphaKeys = new java.util.ArrayList<>();
        e.fieldNames().forEachRemaining(perAlphaKeys::add);
        assertThat(perAlphaKeys).containsExactlyElementsOf(PER_ALPHA_KEYS);
        List<String> trendKeys = new java.util.ArrayList<>();
        j.get("trend").fieldNames().forEachRemaining(trendKeys::add);
        assertThat(trendKeys).containsExactly("distance_to_glrl_per_decade", "distance_to_min_per_decade", "distance_to_glrl_slope",
            "distance_to_min_slope", "note");
        List<String> ruleKeys = new java.util.ArrayList<>();
        j.get("rule").fieldNames().forEachRemaining(ruleKeys::add);
        assertThat(ruleKeys).containsExactly("same", "settled_per_decade", "gap_same", "glrl_fit", "extension_factor");
        // ints stay ints (1, not 1.0), doubles stay doubles (2.0, not 2), a missing certificate and NaN are null
        assertThat(j.get("n").isInt()).isTrue();
        assertThat(j.get("converged") == null && e.get("converged").isInt()).isTrue();
        assertThat(j.get("glrl_rank_path").get(1).isInt()).isTrue();
        assertThat(j.get("per_alpha").get(0).get("rank").isDouble()).isTrue();
        assertThat(j.get("normalization").isDouble()).isTrue();
        assertThat(j.get("min_nuclear_norm_certified").isNull()).isTrue();
        assertThat(keys.get("min_nuclear_norm_certified")).isNull();
        assertThat(e.get("rank").isNull()).as("NaN is written as null").isTrue();
        assertThat(((List<?>) keys.get("per_alpha")).stream().map(m -> ((Map<?, ?>) m).get("rank")).toList().get(1))
            .as("NaN is null in the keys already (RecordJson)").isNull();
        assertThat(Json.MAPPER.readTree(Json.toJson(Conjecture.keys(analysis(a.perAlpha(), true)))).get("min_nuclear_norm_certified")
            .asBoolean()).isTrue();
    }

    @Test
    void theAnswerIsReadFromThePerAlphaRecords() {
        List<Conjecture.PerAlpha> pa = List.of(at(1e-2, 0.3, 0.1, 1), at(1e-4, 0.3, 1e-2, 1), at(1e-6, 0.3, 1e-3, 1), at(1e-8, 0.3, 1e-4, 1));
        Conjecture.Evidence ev = Conjecture.Evidence.of(pa, 3, 3, 1e-9, true, "converged (train_error <= 1e-8)", 1e-9, 0.3);
        assertThat(ev.alphas()).containsExactly(1e-2, 1e-4, 1e-6, 1e-8);
        assertThat(ev.toGlrl()).containsExactly(0.3, 0.3, 0.3, 0.3);
        assertThat(ev.toMin()).containsExactly(0.1, 1e-2, 1e-3, 1e-4);
        assertThat(ev.relGap()).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(Conjecture.decide(ev).answer()).isEqualTo("nuclear_norm");
    }
}
