package org.implreg.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.junit.jupiter.api.Test;

/**
 * The "indefinite" planted family, X* ∝ W₁W₁ᵀ − W₂W₂ᵀ: unit Frobenius norm, inertia (r₊, r₋), low-rank's X* bit
 * for bit at r₋ = 0, seeded, with every registered measurement family, and its parameters checked.
 */
class IndefinitePlantedTest {
    /** Eigenvalues of X* below this times ‖X*‖_F (= 1) count as zero: rounding of an n ≤ 12 eigensolver. */
    static final double ZERO_EIGENVALUE = 1e-10;
    /** ‖X*‖_F = 1 up to rounding. */
    static final double NORM_TOL = 1e-12;

    private static ProblemSpec spec(int n, int rPlus, int rMinus, int m, ProblemSpec.Measurement meas) {
        return new ProblemSpec(n, rPlus, m, ProblemSpec.Planted.INDEFINITE, meas, 0.0, MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT,
            rMinus);
    }

    @Test
    void xStarHasUnitNormAndTheAskedInertia() {
        int n = 12;
        for (int[] rr : new int[][] {{2, 1}, {1, 3}, {4, 4}, {6, 6}}) {
            Problem p = ProblemGenerator.generate(spec(n, rr[0], rr[1], 40, ProblemSpec.Measurement.GAUSSIAN), 5);
            assertThat(Linalg.norm(p.xStar())).isCloseTo(1.0, org.assertj.core.data.Offset.offset(NORM_TOL));
            double[] eig = SymmetricEigen.eigenvalues(p.xStar(), n);
            long pos = java.util.Arrays.stream(eig).filter(v -> v > ZERO_EIGENVALUE).count();
            long neg = java.util.Arrays.stream(eig).filter(v -> v < -ZERO_EIGENVALUE).count();
            assertThat(new long[] {pos, neg}).as("inertia of (%d, %d)", rr[0], rr[1]).containsExactly(rr[0], rr[1]);
            assertThat(p.description()).containsEntry("planted", "indefinite").containsEntry("negative_rank", rr[1]);
        }
    }

    @Test
    void noNegativePartIsLowRankBitForBitAndTheSeedFixesTheBits() {
        ProblemSpec ind = spec(9, 3, 0, 30, ProblemSpec.Measurement.GAUSSIAN);
        ProblemSpec low = new ProblemSpec(9, 3, 30, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0.0,
            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT);
        assertThat(ProblemGenerator.generate(ind, 4).xStar()).isEqualTo(ProblemGenerator.generate(low, 4).xStar());
        ProblemSpec two = spec(9, 3, 2, 30, ProblemSpec.Measurement.GAUSSIAN);
        assertThat(ProblemGenerator.generate(two, 4).xStar()).isEqualTo(ProblemGenerator.generate(two, 4).xStar())
            .isNotEqualTo(ProblemGenerator.generate(two, 5).xStar());
        assertThat(ProblemGenerator.generate(two, 4).xStar()).isEqualTo(PlantedMatrices.indefinite(9, 3, 2, Rng.stream(4, "planted")));
    }

    @Test
    void everyMeasurementFamilyMeasuresIt() {
        for (ProblemSpec.Measurement meas : ProblemSpec.Measurement.values()) {
            ProblemSpec s;
            try {
                s = spec(8, 2, 2, 30, meas);
            } catch (InvalidInputException e) {
                continue; // a test-only family with its own limits
            }
            Problem p = ProblemGenerator.generate(s, 2);
            double[] y = new double[30];
            p.operator().apply(p.xStar(), y);
            assertThat(p.y()).as(meas.key()).isEqualTo(y);
            assertThat(Linalg.norm(y)).as(meas.key()).isPositive();
        }
        assertThat(List.of(ProblemSpec.Planted.values())).contains(ProblemSpec.Planted.INDEFINITE);
        assertThat(ProblemSpec.Planted.parse("indefinite")).isSameAs(ProblemSpec.Planted.INDEFINITE);
    }

    @Test
    void badRanksAreRefusedWithOneLine() {
        assertThatThrownBy(() -> spec(6, 4, 3, 20, ProblemSpec.Measurement.GAUSSIAN)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("r₊ + negative rank r₋ must be ≤ n = 6").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> spec(6, 2, -1, 20, ProblemSpec.Measurement.GAUSSIAN)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("negative rank r₋ must be ≥ 0");
        assertThatThrownBy(() -> spec(6, 0, 2, 20, ProblemSpec.Measurement.GAUSSIAN)).isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("rank r must be in 1..n");
        assertThatThrownBy(() -> new ProblemSpec(6, 2, 20, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1, 1))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("low-rank has no negative part");
        assertThat(new ProblemSpec(6, 2, 20, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1).describe())
            .doesNotContainKey("negative_rank");
    }
}
