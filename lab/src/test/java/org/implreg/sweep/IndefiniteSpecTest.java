package org.implreg.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.problem.ProblemSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs take the indefinite planted family's negative rank ({@code negative_rank}, a problem key and grid axis) and
 * run gd-pm on it, traced; other families' run keys are unchanged (no negative_rank key); bad values are refused when
 * the spec is read, one line naming the key.
 */
class IndefiniteSpecTest {
    @TempDir
    Path tmp;

    static final String SPEC = "problem: {n: 6, rank: 1, planted: indefinite}\n"
        + "methods: [{method: gd-pm, d: 3, step: 0.05, max_iter: 200, options: {start: identity}, grid: {options.v_scale: [0, 1]}}]\n"
        + "grid: {negative_rank: [0, 2]}\nseeds: [0]\ntrace: {every: 50, top: 3}\n";

    @Test
    void aSweepOverTheNegativeRankRunsGdPmWithTraces() throws Exception {
        ExperimentSpec s = SweepTraceTest.spec(SPEC);
        assertThat(s.runs()).hasSize(4);
        for (RunConfig c : s.runs()) {
            ProblemSpec p = c.problem();
            assertThat(p.planted()).isSameAs(ProblemSpec.Planted.INDEFINITE);
            assertThat(p.m()).as("default m = 3n(r₊ + r₋)").isEqualTo(3 * 6 * (1 + p.negativeRank()));
            assertThat(((Map<?, ?>) c.describe().get("problem")).get("negative_rank")).isEqualTo(p.negativeRank());
        }
        assertThat(s.runs().stream().map(c -> c.problem().negativeRank()).distinct()).containsExactly(0, 2);
        Map<String, JsonNode> recs = Sweeps.run(SweepEngine.LOCAL, s, "s.yaml", tmp, 2, 32, Monitor.NONE, null);
        assertThat(recs).hasSize(4);
        for (RunConfig c : s.runs()) {
            assertThat(recs.get(c.key()).get("result").get("iterations").asLong()).isEqualTo(200);
            assertThat(Sweeps.traceFile(tmp.resolve("traces"), c.key())).exists();
        }
        assertThat(Files.readAllLines(tmp.resolve("runs.jsonl"))).hasSize(4);
    }

    @Test
    void otherFamiliesKeepTheirKeysAndBadValuesAreRefusedWhenRead() throws Exception {
        ExperimentSpec low = SweepTraceTest.spec("problem: {n: 6, rank: 1}\nmethods: [{method: gd-pm, max_iter: 10}]\n");
        assertThat(((Map<?, ?>) low.runs().get(0).describe().get("problem")).containsKey("negative_rank")).isFalse();
        for (String[] bad : new String[][] {
            {"problem: {n: 6, rank: 1, negative_rank: 1}\nmethods: [{method: gd-pm}]\n", "low-rank has no negative part"},
            {"problem: {n: 6, rank: 4, negative_rank: 3, planted: indefinite}\nmethods: [{method: gd-pm}]\n", "must be ≤ n = 6"},
            {"problem: {n: 6, rank: 1, negative_rank: -1, planted: indefinite}\nmethods: [{method: gd-pm}]\n", "negative rank r₋ must be ≥ 0"},
            {"problem: {n: 6, rank: 1, planted: indefinite}\nmethods: [{method: gd-pm, options: {v_scale: -2}}]\n", "v_scale"},
            {"problem: {n: 6, rank: 1, planted: indefinite}\nmethods: [{method: gd-pm, line_search: true}]\n", "line"}}) {
            assertThatThrownBy(() -> SweepTraceTest.spec(bad[0])).as(bad[0]).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("s.yaml: ").hasMessageContaining(bad[1]).hasMessageNotContaining("\n");
        }
    }
}
