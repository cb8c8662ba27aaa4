package org.implreg.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The problem-family registry: the built-in families generate exactly what the direct generators
 * give (same streams, same numbers), describe themselves with the keys problem files and run keys
 * have always had, and a family added by a services line (the test-only {@link BandCompletion}) is
 * found by name.
 */
class ProblemFamiliesTest {

    @Test
    void builtInFamiliesAreBitwiseTheDirectGenerators() {
        for (ProblemSpec.Planted planted : new ProblemSpec.Planted[] {ProblemSpec.Planted.LOW_RANK, ProblemSpec.Planted.DECAYING}) {
            for (ProblemSpec.Measurement meas : new ProblemSpec.Measurement[] {ProblemSpec.Measurement.GAUSSIAN,
                ProblemSpec.Measurement.UNIFORM, ProblemSpec.Measurement.POWER_LAW}) {
                ProblemSpec spec = new ProblemSpec(7, 2, 20, planted, meas, 0.05, 1.5);
                Problem p = ProblemGenerator.generate(spec, 11);
                double[] x = planted == ProblemSpec.Planted.LOW_RANK ? PlantedMatrices.lowRank(7, 2, Rng.stream(11, "planted"))
                    : PlantedMatrices.decayingSpectrum(7, 2, Rng.stream(11, "planted"));
                assertThat(p.xStar()).isEqualTo(x);
                MeasurementOperator op = meas == ProblemSpec.Measurement.GAUSSIAN ? MeasurementOperators.gaussian(7, 20, Rng.stream(11, "operator"))
                    : meas == ProblemSpec.Measurement.UNIFORM ? MeasurementOperators.uniformCompletion(7, 20, Rng.stream(11, "operator"))
                    : MeasurementOperators.powerLawCompletion(7, 20, 1.5, Rng.stream(11, "operator"));
                double[] y = new double[20];
                op.apply(x, y);
                double[] y0 = new double[20];
                p.operator().apply(x, y0);
                assertThat(y0).isEqualTo(y);
                Map<String, Object> d = spec.describe();
                assertThat(d.keySet()).containsExactlyElementsOf(meas == ProblemSpec.Measurement.POWER_LAW
                    ? java.util.List.of("n", "rank", "m", "planted", "measurement", "noise", "power_law_exponent")
                    : java.util.List.of("n", "rank", "m", "planted", "measurement", "noise"));
                assertThat(d.get("measurement")).isEqualTo(meas.key());
                assertThat(d.get("planted")).isEqualTo(planted.key());
            }
        }
    }

    @Test
    void familiesAreFoundByNameAndUnknownNamesListTheKnownOnes() {
        assertThat(ProblemSpec.Measurement.parse("gaussian")).isSameAs(ProblemSpec.Measurement.GAUSSIAN);
        assertThat(ProblemSpec.Measurement.parse("power-law")).isSameAs(ProblemSpec.Measurement.POWER_LAW);
        assertThat(ProblemSpec.Planted.parse("decaying")).isSameAs(ProblemSpec.Planted.DECAYING);
        assertThat(ProblemFamilies.measurementNames()).startsWith("gaussian", "uniform", "power-law").contains("band");
        assertThat(ProblemFamilies.plantedNames()).startsWith("low-rank", "decaying");
        assertThatThrownBy(() -> ProblemSpec.Measurement.parse("gausian")).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("unknown measurement family 'gausian'").hasMessageContaining("gaussian, uniform, power-law");
        assertThatThrownBy(() -> ProblemFamilies.register(new BandCompletion())).isInstanceOf(InvalidInputException.class);
        // the band family validates its own parameters
        assertThatThrownBy(() -> new ProblemSpec(4, 1, 8, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.parse("band"), 0, 1))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("band");
        Problem p = ProblemGenerator.generate(new ProblemSpec(4, 1, 7, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.parse("band"),
            0, 1), 3);
        assertThat(p.m()).isEqualTo(7);
    }
}
