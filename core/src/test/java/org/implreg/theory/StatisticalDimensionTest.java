package org.implreg.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.implreg.InvalidInputException;
import org.implreg.theory.StatisticalDimension.Estimate;
import org.implreg.theory.StatisticalDimension.MonteCarlo;
import org.junit.jupiter.api.Test;

/**
 * δ(n, r) of trace minimisation over the PSD cone: the Monte Carlo against closed forms, against the independent
 * semicircle quadrature, against the bounds that inclusion of cones gives, and its promised standard error and
 * reproducibility.
 */
class StatisticalDimensionTest {
    /** A Monte Carlo estimate is held to a known value within this many standard errors (a 1-in-15,000 event). */
    private static final double SIGMAS = 4;
    /**
     * The semicircle value against the Monte Carlo, relative to δ, for n = 20, 40 and r ≤ n/4. They differ by the
     * recipe's gap (inf_τ E − E inf_τ ≥ 0, at most n·E[1/(r + j)]: 2–7 here) and, in the other direction, by the
     * finite-k excess of the spectrum of G₂₂ beyond the semicircle's edge √(2k) (O(1/k) relative); measured 0.5–1.9%,
     * the Monte Carlo's own error at most 0.4%. A wrong normalisation (off-diagonal variance 1 instead of 1/2 moves the
     * edge by √2) misses it by more than 10%.
     */
    private static final double SEMICIRCLE_RELATIVE = 0.03;
    /** The quadratures against their closed forms: relative accuracy asked of the integrator is 1e-13. */
    private static final double QUADRATURE_RELATIVE = 1e-11;
    /** The closed forms subtract terms of order 1 (near s = 1 nearly equal ones): absolute rounding of a few ε. */
    private static final double CLOSED_FORM_ROUNDING = 1e-15;
    /** The promise of {@link StatisticalDimension#of}: standard error at most 0.5% of δ for n ≤ 40. */
    private static final double PROMISED_RELATIVE_ERROR = 0.005;

    @Test
    void positiveDefiniteAndOneDimensionalCasesAreHalfSpaces() {
        // r = n: the descent cone is {tr Δ ≤ 0}, a half-space of the D-dimensional symmetric matrices
        for (int n : new int[] {1, 2, 5, 20, 40}) {
            Estimate e = StatisticalDimension.of(n, n);
            assertThat(e.value()).isEqualTo(StatisticalDimension.ambientDimension(n) - 0.5);
            assertThat(e.standardError()).isZero();
        }
        assertThat(StatisticalDimension.of(1, 1).value()).isEqualTo(0.5); // a half-line
        assertThat(StatisticalDimension.of(2, 1).value()).isCloseTo(7.0 / 4, within(1e-15)); // a wedge of 3π/4
    }

    @Test
    void monteCarloMatchesTheClosedFormsAtCoranksZeroAndOne() {
        for (int n : new int[] {2, 3, 10, 20}) {
            for (int r : new int[] {n - 1, n}) {
                MonteCarlo mc = StatisticalDimension.monteCarlo(n, r, StatisticalDimension.SEED);
                double exact = StatisticalDimension.of(n, r).value();
                assertThat(mc.estimate().standardError()).isPositive();
                assertThat(mc.estimate().value()).as("n=%d r=%d", n, r)
                    .isCloseTo(exact, within(SIGMAS * mc.estimate().standardError()));
            }
        }
    }

    @Test
    void monteCarloAgreesWithTheSemicircleQuadrature() {
        for (int n : new int[] {20, 40}) {
            for (int r = 1; r <= n / 4; r++) {
                Estimate mc = StatisticalDimension.of(n, r);
                Estimate sc = StatisticalDimension.semicircle(n, r);
                assertThat(sc.standardError()).isZero();
                assertThat(sc.value()).as("n=%d r=%d", n, r).isCloseTo(mc.value(), within(SEMICIRCLE_RELATIVE * mc.value()));
            }
        }
        // at r = n the recipe's gap is exactly 1/2: inf_τ E = D, δ = D − 1/2
        assertThat(StatisticalDimension.semicircle(20, 20).value()).isEqualTo(210.0);
    }

    @Test
    void semicircleMomentsMatchTheirClosedForms() {
        for (double s : new double[] {-1, -0.7, -0.2, 0, 0.3, 0.8, 0.99}) {
            double theta = Math.acos(s);
            double sin = Math.sin(theta);
            // (2/π)∫₀^Θ (cos θ − s)^p sin²θ dθ with ∫sin² = Θ/2 − sin 2Θ/4, ∫cos sin² = sin³/3, ∫cos² sin² = Θ/8 − sin 4Θ/32
            double m1 = 2 / Math.PI * (sin * sin * sin / 3 - s * (theta / 2 - Math.sin(2 * theta) / 4));
            double m2 = 2 / Math.PI * (theta / 8 - Math.sin(4 * theta) / 32 - 2 * s * sin * sin * sin / 3
                + s * s * (theta / 2 - Math.sin(2 * theta) / 4));
            assertThat(StatisticalDimension.semicircleMoment(1, s)).as("M1(%s)", s).isCloseTo(m1, within(QUADRATURE_RELATIVE * m1 + CLOSED_FORM_ROUNDING));
            assertThat(StatisticalDimension.semicircleMoment(2, s)).as("M2(%s)", s).isCloseTo(m2, within(QUADRATURE_RELATIVE * m2 + CLOSED_FORM_ROUNDING));
        }
        assertThat(StatisticalDimension.semicircleMoment(2, -1)).isCloseTo(1.25, within(QUADRATURE_RELATIVE)); // E(x+1)², E x² = 1/4
        assertThat(StatisticalDimension.semicircleMoment(2, 1)).isZero();
    }

    @Test
    void increasesWithTheRankAndLiesBetweenTheInclusionBounds() {
        for (int n : new int[] {3, 10, 20}) {
            Estimate previous = null;
            for (int r = 1; r <= n; r++) {
                Estimate e = StatisticalDimension.of(n, r);
                double slack = SIGMAS * e.standardError();
                double dof = StatisticalDimension.degreesOfFreedom(n, r);
                // T ∩ {tr ≤ 0} ⊆ cone ⊆ {tr ≤ 0}
                assertThat(e.value()).as("n=%d r=%d", n, r)
                    .isBetween(dof - 0.5 - slack, StatisticalDimension.ambientDimension(n) - 0.5 + slack);
                if (r <= n - 2) { // measured: above the degrees of freedom once the complement has two dimensions
                    assertThat(e.value() - slack).as("n=%d r=%d", n, r).isGreaterThan(dof);
                } else { // the degrees of freedom is no lower bound: δ < dof at r ≥ n − 1 (exact values)
                    assertThat(e.value()).isLessThan(dof);
                }
                if (previous != null) {
                    double noise = SIGMAS * Math.hypot(e.standardError(), previous.standardError());
                    assertThat(e.value() - noise).as("n=%d r=%d", n, r).isGreaterThan(previous.value());
                }
                previous = e;
            }
        }
    }

    @Test
    void standardErrorIsWithinThePromiseAndHonest() {
        for (int n : new int[] {3, 5, 10, 20, 40}) {
            for (int r : new int[] {1, Math.max(1, n / 4), n - 2}) {
                Estimate e = StatisticalDimension.of(n, r);
                assertThat(e.standardError()).as("n=%d r=%d", n, r).isPositive()
                    .isLessThanOrEqualTo(PROMISED_RELATIVE_ERROR * e.value());
            }
        }
        // another seed: an independent estimate, within the combined error
        Estimate a = StatisticalDimension.of(20, 3);
        Estimate b = StatisticalDimension.monteCarlo(20, 3, StatisticalDimension.SEED + 1).estimate();
        assertThat(b.value()).isNotEqualTo(a.value())
            .isCloseTo(a.value(), within(SIGMAS * Math.hypot(a.standardError(), b.standardError())));
    }

    @Test
    void theRecipesGapBoundIsBetweenItsExactCaseAndNOverR() {
        // n·E[1/(r + j)] ≤ n/r, and = 1 at r = n where the gap is 1/2
        assertThat(StatisticalDimension.monteCarlo(10, 10, StatisticalDimension.SEED).gapBound()).isCloseTo(1.0, within(1e-12));
        MonteCarlo mc = StatisticalDimension.monteCarlo(20, 2, StatisticalDimension.SEED);
        assertThat(mc.gapBound()).isGreaterThan(1.0).isLessThanOrEqualTo(20.0 / 2);
        // the semicircle's inf_τ E exceeds δ by at most that bound, up to the finite-k spectral excess
        assertThat(StatisticalDimension.semicircle(20, 2).value() - mc.estimate().value()).isLessThanOrEqualTo(mc.gapBound());
    }

    /**
     * Not a machine's pin: the draws (L64X128MixRandom, specified by its algorithm), the polar method (StrictMath.log,
     * correctly rounded √) and the plain-arithmetic spectra give these bits on every JVM and CPU; a change to any of
     * them, or a switch to a native LAPACK, shows here. Measured the same under -Xint, C1, C2 and IMPLREG_BLAS=java.
     */
    @Test
    void theValuesAreTheSameBitsEverywhere() {
        assertThat(Double.doubleToRawLongBits(StatisticalDimension.of(7, 2).value())).isEqualTo(0x4030a699411093a0L);
        assertThat(Double.doubleToRawLongBits(StatisticalDimension.of(20, 3).value())).isEqualTo(0x4055cb3f77e70ae7L);
    }

    @Test
    void twoCallsGiveTheSameBits() {
        for (int[] nr : new int[][] {{20, 3}, {7, 2}}) {
            Estimate a = StatisticalDimension.of(nr[0], nr[1]);
            Estimate b = StatisticalDimension.of(nr[0], nr[1]);
            assertThat(Double.doubleToRawLongBits(b.value())).isEqualTo(Double.doubleToRawLongBits(a.value()));
            assertThat(Double.doubleToRawLongBits(b.standardError())).isEqualTo(Double.doubleToRawLongBits(a.standardError()));
        }
    }

    @Test
    void refusesImpossibleShapes() {
        for (int[] nr : new int[][] {{0, 1}, {-3, 1}, {5, 0}, {5, 6}, {5, -1}}) {
            assertThatThrownBy(() -> StatisticalDimension.of(nr[0], nr[1])).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("statistical dimension: ").hasMessageNotContaining("\n");
            assertThatThrownBy(() -> StatisticalDimension.semicircle(nr[0], nr[1])).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> StatisticalDimension.of(StatisticalDimension.MAX_N + 1, 3))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("limit");
    }

    @Test
    void degreesOfFreedomAndAmbientDimension() {
        assertThat(StatisticalDimension.degreesOfFreedom(20, 3)).isEqualTo(57.0);
        assertThat(StatisticalDimension.degreesOfFreedom(5, 5)).isEqualTo(StatisticalDimension.ambientDimension(5));
        assertThat(StatisticalDimension.ambientDimension(40)).isEqualTo(820.0);
    }
}
