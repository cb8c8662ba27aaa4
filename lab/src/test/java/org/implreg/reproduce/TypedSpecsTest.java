package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SpecFiles;
import org.junit.jupiter.api.Test;

/**
 * The reproductions build their sweeps as typed values, directly into {@link ExperimentSpec}s; the
 * spec.yaml they write beside them is a record for people and for {@code implreg run}. These tests pin
 * that the record says the same: parsed as a spec file, it expands to the very runs (configuration, key,
 * label, order) that ran.
 */
class TypedSpecsTest {

    private static void assertSameRuns(ExperimentSpec typed, Object source) throws Exception {
        String yaml = new YAMLMapper().writeValueAsString(source);
        ExperimentSpec parsed = SpecFiles.parse(new YAMLMapper().readTree(yaml), "spec.yaml");
        assertThat(parsed.name()).isEqualTo(typed.name());
        assertThat(parsed.runs()).hasSameSizeAs(typed.runs());
        for (int i = 0; i < typed.runs().size(); i++) {
            RunConfig a = typed.runs().get(i);
            RunConfig b = parsed.runs().get(i);
            assertThat(a).as("run " + i).isEqualTo(b);
            assertThat(a.key()).isEqualTo(b.key());
        }
        // and through JSON (the way the reproductions used to parse it)
        assertThat(SpecFiles.parse(new ObjectMapper().valueToTree(source), "x").runs()).isEqualTo(typed.runs());
    }

    @Test
    void gunasekar2017SweepIsItsSpecYaml() throws Exception {
        for (boolean full : List.of(false, true)) {
            Gunasekar2017 g = new Gunasekar2017(f -> f ? Gunasekar2017.Size.paper(true) : Gunasekar2017Test.CI);
            g.use(full ? Gunasekar2017.Size.paper(true) : Gunasekar2017Test.CI);
            Gunasekar2017Sweep sweep = g.sweep(full, 7);
            ExperimentSpec spec = sweep.experimentSpec();
            assertSameRuns(spec, sweep.source());
            // Figure 1/2: 3 panels × (3 Gaussian-init series × |d| × 3 seeds + SVD × |d|); Figure 3: 9 problems × (3 × 3 + 2)
            int nd = sweep.ds().size();
            assertThat(spec.runs()).hasSize(3 * (9 * nd + nd) + 9 * 11);
        }
    }

    @Test
    void hou2024SweepIsItsSpecYaml() throws Exception {
        for (boolean full : List.of(false, true)) {
            Hou2024.Sweep sweep = new Hou2024(20, 180).sweep(full, 3);
            ExperimentSpec spec = sweep.experimentSpec();
            assertSameRuns(spec, sweep.source());
            assertThat(spec.runs()).hasSize(2 * Hou2024.steps(full).length * 2 * Hou2024.scales(full).length);
        }
    }
}
