package org.implreg.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.SolutionMetrics;
import org.junit.jupiter.api.Test;

class PlantedMatricesTest {
    static final double TOL = 1e-12;

    @Test
    void lowRankIsPsdOfRankRWithUnitFrobeniusNorm() {
        double[] x = PlantedMatrices.lowRank(30, 2, Rng.stream(1, "p"));
        SolutionMetrics mt = SolutionMetrics.of(x, 30, null);
        assertThat(Linalg.norm(x)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(TOL));
        assertThat(mt.numericalRank(1e-10)).isEqualTo(2);
        assertThat(mt.eigenvalues()[29]).isGreaterThan(-1e-12);
    }

    @Test
    void decayingSpectrumHasNuclearNormSqrtRTimesFrobenius() {
        for (int r : new int[] {2, 3}) {
            double[] x = PlantedMatrices.decayingSpectrum(50, r, Rng.stream(2, "p"));
            SolutionMetrics mt = SolutionMetrics.of(x, 50, null);
            assertThat(Linalg.norm(x)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(TOL));
            assertThat(mt.nuclearNorm()).isCloseTo(Math.sqrt(r), org.assertj.core.data.Offset.offset(1e-10));
            // tail decays as k^-1.5
            double[] ev = mt.eigenvalues();
            assertThat(ev[9] / ev[19]).isCloseTo(Math.pow(20.0 / 10.0, 1.5), org.assertj.core.data.Offset.offset(1e-8));
        }
        assertThat(PlantedMatrices.decayCoefficient(50, 2)).isCloseTo(0.3226, org.assertj.core.data.Offset.offset(5e-4));
    }

    @Test
    void impossibleParametersAreRejected() {
        assertThatThrownBy(() -> PlantedMatrices.decayingEigenvalues(5, 5)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ProblemSpec(10, 11, 5, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("rank");
        assertThatThrownBy(() -> new ProblemSpec(4, 1, 11, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.UNIFORM, 0, 1))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("exceeds");
    }

    @Test
    void generationIsReproducibleAndStreamsAreIndependent() {
        ProblemSpec a = ProblemSpec.paperDefault(10, 2);
        Problem p1 = ProblemGenerator.generate(a, 42);
        Problem p2 = ProblemGenerator.generate(a, 42);
        assertThat(p1.y()).containsExactly(p2.y());
        // changing the planted rank keeps the operator
        Problem p3 = ProblemGenerator.generate(new ProblemSpec(10, 3, 60, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 42);
        assertThat(p3.operator().toDenseStack()).containsExactly(p1.operator().toDenseStack());
    }

    @Test
    void noiseHasTheRequestedRelativeLevel() {
        ProblemSpec clean = new ProblemSpec(20, 2, 2000, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1);
        ProblemSpec noisy = new ProblemSpec(20, 2, 2000, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0.1, 1);
        Problem c = ProblemGenerator.generate(clean, 5);
        Problem nz = ProblemGenerator.generate(noisy, 5);
        double rel = Linalg.distance(c.y(), nz.y()) / Linalg.norm(c.y());
        assertThat(rel).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
    }
}
