package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.implreg.reproduce.TypedSpecs;
import org.implreg.sweep.ExperimentSpec;
import org.junit.jupiter.api.Test;

/** Gunasekar et al. (2017)'s sweep is built as a typed value; the spec.yaml written beside it expands to the same runs ({@link TypedSpecs}). */
class Gunasekar2017SpecTest {

    @Test
    void gunasekar2017SweepIsItsSpecYaml() throws Exception {
        for (boolean full : List.of(false, true)) {
            Gunasekar2017 g = new Gunasekar2017(f -> f ? Gunasekar2017.Size.paper(true) : Gunasekar2017Test.CI);
            g.use(full ? Gunasekar2017.Size.paper(true) : Gunasekar2017Test.CI);
            Gunasekar2017Sweep sweep = g.sweep(full, 7);
            ExperimentSpec spec = sweep.experimentSpec();
            TypedSpecs.assertSameRuns(spec, sweep.source());
            // Figure 1/2: 3 panels × (3 Gaussian-init series × |d| × 3 seeds + SVD × |d|); Figure 3: 9 problems × (3 × 3 + 2)
            int nd = sweep.ds().size();
            assertThat(spec.runs()).hasSize(3 * (9 * nd + nd) + 9 * 11);
        }
    }
}
