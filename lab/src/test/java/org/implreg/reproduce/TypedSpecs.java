package org.implreg.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.RunConfig;
import org.implreg.sweep.SpecFiles;

/**
 * The reproductions build their sweeps as typed values, directly into {@link ExperimentSpec}s; the
 * spec.yaml they write beside them is a record for people and for {@code implreg run}. These tests pin
 * that the record says the same: parsed as a spec file, it expands to the very runs (configuration, key,
 * label, order) that ran. Each paper's test of its sweep is in its own package ({@code <Paper>SpecTest}).
 */
public final class TypedSpecs {
    private TypedSpecs() {}

    /** Asserts that {@code source}, written as spec.yaml and parsed back, expands to the runs of {@code typed}. */
    public static void assertSameRuns(ExperimentSpec typed, Object source) throws Exception {
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
}
