package org.implreg.atlas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading atlas specs: the presets, the m axis, the rows (nucmin first, one per α), and every refusal as one line naming the key. */
class AtlasSpecsTest {
    @TempDir
    Path tmp;

    static final String GOOD = """
        family: gaussian
        n: 4
        ranks: [1, 2]
        m: [3, 6]
        trials: 2
        solvers:
          - {method: flow, alphas: [1e-3, 1e-6]}
          - {method: gd, step: 0.03, max_iter: 500}
        """;

    private Path write(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsRowsWithTheReferenceFirstAndOneRowPerAlpha() throws Exception {
        AtlasSpec s = AtlasSpecs.read(write("a.yaml", GOOD));
        assertThat(s.labels()).containsExactly("nucmin", "flow α=1e-3", "flow α=1e-6", "gd");
        assertThat(s.solvers().get(1).initScale()).isEqualTo(1e-3);
        assertThat(s.solvers().get(1).alphaOf()).isEqualTo(0);
        assertThat(s.solvers().get(3).alphaOf()).isNull();
        assertThat(s.seed()).isEqualTo(AtlasSpec.DEFAULT_SEED);
        assertThat(s.successTol()).isEqualTo(AtlasSpec.DEFAULT_SUCCESS_TOL);
        assertThat(s.ambientDimension()).isEqualTo(10);
        assertThat(s.instances()).isEqualTo(8);
        assertThat(s.tasks()).extracting(t -> t.rank() + "/" + t.m() + "/" + t.trial())
            .containsExactly("1/3/0", "1/3/1", "1/6/0", "1/6/1", "2/3/0", "2/3/1", "2/6/0", "2/6/1");
    }

    @Test
    void theMRangeIsFractionsOfDRoundedToDistinctIntegers() throws Exception {
        AtlasSpec s = AtlasSpecs.read(write("a.yaml", GOOD.replace("m: [3, 6]", "m: {from: 0.1, to: 0.2, steps: 4}")));
        // D = 10: 0.1·10 = 1, 0.1333·10 = 1.33 → 1 (dropped), 0.1667·10 = 1.67 → 2, 0.2·10 = 2
        assertThat(s.ms()).containsExactly(1, 2);
        AtlasSpec q = AtlasSpecs.preset("quick");
        assertThat(q.n()).isEqualTo(10);
        assertThat(q.ranks()).containsExactly(1, 2, 3);
        assertThat(q.ms()).hasSize(12).first().isEqualTo(4); // round(0.08·55)
        assertThat(q.ms().get(11)).isEqualTo(53); // round(0.96·55)
        assertThat(q.trials()).isEqualTo(10);
        assertThat(q.labels()).containsExactly("nucmin", "flow α=1e-4", "flow α=1e-8", "flow α=1e-16", "gd", "deep N=3", "glrl");
        assertThat(AtlasSpecs.preset("full").instances()).isEqualTo(6 * 20 * 20);
        assertThat(AtlasSpecs.preset("large").n()).isEqualTo(40);
    }

    @Test
    void theSpecCopyReadsBackToTheSameSpec() throws Exception {
        for (AtlasSpec s : List.of(AtlasSpecs.read(write("a.yaml", GOOD + "seed: 7\nsuccess: {tol: 1e-2, max_iter: 300}\n")),
            AtlasSpecs.preset("quick"))) {
            Path copy = tmp.resolve("spec.json");
            org.implreg.io.Json.write(Atlas.specTree(s), copy);
            AtlasSpec back = AtlasSpecs.read(copy);
            assertThat(back).isEqualTo(s);
            assertThat(back.settingsHash()).isEqualTo(s.settingsHash());
        }
    }

    @Test
    void theSettingsHashIgnoresTheGridButNotTheSettings() throws Exception {
        AtlasSpec s = AtlasSpecs.read(write("a.yaml", GOOD));
        assertThat(AtlasSpecs.read(write("b.yaml", GOOD.replace("ranks: [1, 2]", "ranks: [1]").replace("trials: 2", "trials: 5")))
            .settingsHash()).isEqualTo(s.settingsHash());
        assertThat(AtlasSpecs.read(write("c.yaml", GOOD.replace("max_iter: 500", "max_iter: 501"))).settingsHash()).isNotEqualTo(s.settingsHash());
        assertThat(AtlasSpecs.read(write("d.yaml", GOOD + "seed: 2\n")).settingsHash()).isNotEqualTo(s.settingsHash());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "family: gaussian|family: nosuch|a.yaml: family: ",
        "n: 4|n: 4\\nnoise: 1|a.yaml: noise: unknown key",
        "m: [3, 6]|m: [3, 11]|a.yaml: m[1]: m = 11 must be in 1..D = 10",
        "m: [3, 6]|m: [0, 6]|a.yaml: m[0]: m = 0 must be in 1..D = 10",
        "m: [3, 6]|m: {from: 0.5, to: 1.5, steps: 3}|a.yaml: m: need 0 < from ≤ to ≤ 1",
        "m: [3, 6]|m: [6, 3]|a.yaml: m: must be increasing",
        "trials: 2|trials: 0|a.yaml: trials: must be ≥ 1, got 0",
        "ranks: [1, 2]|ranks: [1, 4]|a.yaml: ranks[1]: rank 4 must be in 1..n−1 = 1..3",
        "ranks: [1, 2]|ranks: [0]|a.yaml: ranks[0]: rank 0 must be in 1..n−1",
        "method: gd,|method: nosuch,|a.yaml: solvers[1].method: ",
        "method: gd,|method: gd, label: flow α=1e-3,|a.yaml: solvers: two rows are labelled 'flow α=1e-3'",
        "step: 0.03|step: -1|a.yaml: solvers[1]: ",
        "step: 0.03|stepp: 1|a.yaml: solvers[1].stepp: unknown key",
        "alphas: [1e-3, 1e-6]|alphas: [1e-3, 1e-6], options: {nosuch: 1}|a.yaml: solvers[0].alphas[0]: method flow has no option 'nosuch'",
        "max_iter: 500}|max_iter: 500}\\n  - {method: nucmin, init_scale: 1}|a.yaml: solvers[2]: method nucmin does not support init_scale",
        "max_iter: 500}|max_iter: 500}\\n  - {method: sgd, options: {batch: 4}}|a.yaml: solvers[2]: batch must be ≤ m = 3",
        "trials: 2|trials: 100000|a.yaml: the atlas has 2 ranks × 2 m × 100000 trials = 400000 instances, more than the limit of 100000",
    })
    void refusesBadInputWithOneLine(String from, String to, String message) throws Exception {
        Path f = write("a.yaml", GOOD.replace(from, to.replace("\\n", "\n")));
        assertThatThrownBy(() -> AtlasSpecs.read(f)).isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith(message).hasMessageNotContaining("\n");
    }

    @Test
    void refusesAnUnknownPresetAndAMissingFile() {
        assertThatThrownBy(() -> AtlasSpecs.preset("huge")).isInstanceOf(InvalidInputException.class).hasMessageContaining("quick, full, large");
        assertThatThrownBy(() -> AtlasSpecs.resolve(tmp.resolve("none.yaml").toString())).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("no such file");
    }
}
