package org.implreg.reproduce.hou2024;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.implreg.reproduce.TypedSpecs;
import org.implreg.sweep.ExperimentSpec;
import org.junit.jupiter.api.Test;

/** Hou, Sra & Yurtsever (2024)'s sweep is built as a typed value; the spec.yaml written beside it expands to the same runs ({@link TypedSpecs}). */
class Hou2024SpecTest {

    @Test
    void hou2024SweepIsItsSpecYaml() throws Exception {
        for (boolean full : List.of(false, true)) {
            Hou2024.Sweep sweep = new Hou2024(20, 180).sweep(full, 3);
            ExperimentSpec spec = sweep.experimentSpec();
            TypedSpecs.assertSameRuns(spec, sweep.source());
            assertThat(spec.runs()).hasSize(2 * Hou2024.steps(full).length * 2 * Hou2024.scales(full).length);
        }
    }
}
