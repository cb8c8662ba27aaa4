package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.implreg.io.Json;
import org.implreg.report.RecordJson;
import org.junit.jupiter.api.Test;

/** The one serializer of typed results: keys, order, non-finite numbers, findings, and reading back. */
class SummaryJsonTest {

    record Inner(double gapAtAlpha, double[] sigma) {}

    record Outer(String reproduction, int runs, long iterations, double relError, @JsonProperty("X_min_rank") int xMinRank,
                 Inner inner, Map<String, Inner> perAlpha, List<Finding> verdicts) implements Summary {}

    static Outer sample() {
        Finding f = Finding.claim("1", "a claim", Verdict.AGREES, "e = 1").by(Finding.Owner.of("A et al.", "claim"), "e is 1");
        return new Outer("x", 3, 7L, Double.NaN, 2, new Inner(0.25, new double[] {1, Double.POSITIVE_INFINITY}),
            Map.of("1e-4", new Inner(1, new double[0])), List.of(f));
    }

    @Test
    void keysAreSnakeCaseInDeclarationOrderWithNonFiniteAsNull() {
        Map<String, Object> m = RecordJson.toMap(sample());
        assertThat(m.keySet()).containsExactly("reproduction", "runs", "iterations", "rel_error", "X_min_rank", "inner", "per_alpha",
            "verdicts");
        assertThat(m.get("rel_error")).isNull();
        Map<String, Object> inner = new java.util.LinkedHashMap<>();
        inner.put("gap_at_alpha", 0.25);
        inner.put("sigma", java.util.Arrays.asList(1.0, null));
        assertThat(Json.toJson(m.get("inner"))).isEqualTo(Json.toJson(inner));
        @SuppressWarnings("unchecked")
        Map<String, Object> v = ((List<Map<String, Object>>) m.get("verdicts")).get(0);
        assertThat(v).isEqualTo(sample().verdicts().get(0).toMap());
        assertThat(v.get("verdict")).isEqualTo("agrees");
    }

    @Test
    void writesTheSameTextAsTheMapItStandsFor() {
        Map<String, Object> m = RecordJson.toMap(sample());
        assertThat(Json.toJson(m)).contains("\"runs\" : 3,", "\"iterations\" : 7,", "\"gap_at_alpha\" : 0.25", "\"rel_error\" : null");
    }

    @Test
    void readsBackWhatItWroteWithNullAsNaN() {
        Inner in = RecordJson.roundTrip(new Inner(Double.NaN, new double[] {Double.NaN, 2}));
        assertThat(in.gapAtAlpha()).isNaN();
        assertThat(in.sigma()).hasSize(2);
        assertThat(in.sigma()[0]).isNaN();
        assertThat(in.sigma()[1]).isEqualTo(2.0);
    }

    @Test
    void refusesAKeyTheRecordDoesNotDeclare() {
        JsonNode t = RecordJson.toTree(new Inner(1, new double[0]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) t).set("gap_at_alfa", t.get("gap_at_alpha"));
        assertThatThrownBy(() -> RecordJson.fromTree(t, Inner.class)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("gap_at_alfa");
    }
}
