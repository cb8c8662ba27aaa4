package org.implreg.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.data.Offset;
import org.implreg.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The conjecture's answer rule ({@link Conjecture#decide}: every answer reachable, the evidence's words
 * match the sign of the numbers, inconclusive while the distances drift), its per-decade factor and
 * slope, and its option checks.
 */
class ConjectureTest {
    /** Exact arithmetic on these inputs: only rounding separates the computed factors from the written ones. */
    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    private static final double[] GRID = {1e-2, 1e-4, 1e-6, 1e-8};

    private static Conjecture.Evidence ev(double[] g, double[] m, double[] gap, boolean glrlFits, double glrlToMin) {
        return new Conjecture.Evidence(GRID, g, m, gap, 3, 3, 1e-9, glrlFits, "converged (train_error <= 1e-8)", 1e-9, glrlToMin);
    }

    private static final double[] GAP = {0.05, 0.03, 0.02, 0.02};

    @Test
    void everyAnswerIsReachable() {
        Conjecture.Evidence approachingMin = ev(new double[] {0.3, 0.3, 0.3, 0.3}, new double[] {0.1, 1e-2, 1e-3, 1e-4}, GAP, true, 0.3);
        assertThat(Conjecture.decide(approachingMin).answer()).isEqualTo("nuclear_norm");
        Conjecture.Evidence approachingGlrl = ev(new double[] {0.5, 0.2, 0.01, 1e-4}, new double[] {0.2, 0.2, 0.2, 0.2}, GAP, true, 0.2);
        assertThat(Conjecture.decide(approachingGlrl).answer()).isEqualTo("greedy_low_rank");
        Conjecture.Evidence coincide = ev(new double[] {1e-2, 1e-5, 1e-7, 1e-8}, new double[] {1e-2, 1e-5, 1e-7, 1e-8}, GAP, true, 3e-8);
        assertThat(Conjecture.decide(coincide).answer()).isEqualTo("both");
        Conjecture.Evidence settledAway = ev(new double[] {0.4, 0.3, 0.3, 0.3}, new double[] {0.2, 0.1, 0.1, 0.1}, GAP, true, 0.2);
        assertThat(Conjecture.decide(settledAway).answer()).isEqualTo("neither");
        Conjecture.Evidence drifting = ev(new double[] {0.53, 0.52, 0.50, 0.21}, new double[] {0.2, 0.2, 0.21, 0.25}, GAP, true, 0.2);
        assertThat(Conjecture.decide(drifting).answer()).isEqualTo("inconclusive");
        assertThat(Conjecture.decide(drifting).settled()).isFalse();
        Conjecture.Evidence notFitted = new Conjecture.Evidence(GRID, new double[] {0.3, 0.3, 0.3, 0.3}, new double[] {0.1, 1e-2, 1e-3, 1e-4},
            GAP, 2, 3, 0.4, true, "converged", 1e-9, 0.3);
        assertThat(Conjecture.decide(notFitted).answer()).isEqualTo("not_converged");
        assertThat(Conjecture.decide(notFitted).settled()).isTrue();
        assertThat(Conjecture.ANSWERS).containsExactly("nuclear_norm", "greedy_low_rank", "both", "neither", "inconclusive", "not_converged");
    }

    @Test
    void anotherMinimizerIsNuclearNorm() {
        Conjecture.Evidence e = ev(new double[] {0.3, 0.3, 0.3, 0.3}, new double[] {0.2, 0.2, 0.2, 0.2}, new double[] {1e-3, 1e-5, 1e-7, 1e-9},
            true, 0.3);
        Conjecture.Verdict v = Conjecture.decide(e);
        assertThat(v.answer()).isEqualTo("nuclear_norm");
        assertThat(v.evidence()).contains("other than the interior point method's");
    }

    @Test
    void aGlrlRunThatDoesNotFitAnswersNeitherGreedyNorBoth() {
        double[] g = {0.5, 0.2, 0.01, 1e-4};
        Conjecture.Evidence e = new Conjecture.Evidence(GRID, g, new double[] {0.2, 0.2, 0.2, 0.2}, GAP, 3, 3, 1e-9, false,
            "max_iter (phase 1 has no limit)", 0.39, 0.2);
        Conjecture.Verdict v = Conjecture.decide(e);
        assertThat(v.answer()).isEqualTo("inconclusive");
        assertThat(v.settled()).as("smaller α cannot make GLRL fit").isTrue();
        assertThat(v.evidence()).contains("GLRL's run does not give a solution").contains("max_iter").contains("3.90e-01");
        Conjecture.Evidence coincide = new Conjecture.Evidence(GRID, new double[] {1e-2, 1e-5, 1e-7, 1e-8}, new double[] {1e-2, 1e-5, 1e-7,
            1e-8}, GAP, 3, 3, 1e-9, false, "max_iter", 0.39, 3e-8);
        assertThat(Conjecture.decide(coincide).answer()).as("the minimum alone").isEqualTo("nuclear_norm");
    }

    @Test
    void theEvidenceSaysShrinksOnlyWhenTheDistanceShrinks() {
        // the distance to GLRL grows, the distance to the minimum shrinks (the old text said "shrinks like α^-0.01" here)
        Conjecture.Evidence e = ev(new double[] {0.10, 0.12, 0.14, 0.16}, new double[] {0.5, 0.4, 0.3, 0.2}, GAP, true, 0.3);
        Conjecture.Verdict v = Conjecture.decide(e);
        assertThat(v.answer()).isEqualTo("inconclusive");
        String toGlrl = v.evidence().substring(v.evidence().indexOf("distance to GLRL's solution"), v.evidence().indexOf(" and the distance to the minimum"));
        String toMin = v.evidence().substring(v.evidence().lastIndexOf("distance to the minimum "));
        assertThat(toGlrl).contains("grows by a factor").doesNotContain("shrinks").doesNotContain("settled");
        assertThat(toMin).contains("shrinks by a factor").doesNotContain("grows").doesNotContain("settled");
        // rates per decade of α over the last step (two decades): (0.16/0.14)^(1/2) and (0.2/0.3)^(1/2)
        assertThat(toGlrl).contains(String.format(java.util.Locale.ROOT, "%.3g", Math.sqrt(0.16 / 0.14)));
        assertThat(toMin).contains(String.format(java.util.Locale.ROOT, "%.3g", Math.sqrt(0.2 / 0.3)));
        assertThat(Conjecture.decide(ev(new double[] {0.4, 0.3, 0.3, 0.3}, new double[] {0.2, 0.1, 0.1, 0.1}, GAP, true, 0.2)).evidence())
            .contains("has settled").doesNotContain("shrinks").doesNotContain("grows");
    }

    @Test
    void settledNeedsTheLastTwoStepsWithinTheTolerance() {
        double[] a = {1e-2, 1e-4, 1e-6};
        // one settled step is not enough
        assertThat(Conjecture.status(a, new double[] {0.5, 0.2, 0.2})).isEqualTo(Conjecture.Status.DRIFTING);
        assertThat(Conjecture.status(a, new double[] {0.2, 0.2, 0.2})).isEqualTo(Conjecture.Status.AWAY);
        // a change of 2·SETTLED per decade is not settled; half of it is
        double r = 1 + 2 * Conjecture.SETTLED;
        assertThat(Conjecture.status(a, new double[] {0.2, 0.2 * r * r, 0.2 * r * r * r * r})).isEqualTo(Conjecture.Status.DRIFTING);
        double h = 1 + 0.5 * Conjecture.SETTLED;
        assertThat(Conjecture.status(a, new double[] {0.2, 0.2 * h * h, 0.2 * h * h * h * h})).isEqualTo(Conjecture.Status.AWAY);
        // wandering by tenths of a percent per decade at tiny α (rounding): settled
        double[] tiny = {1e-40, 1e-44, 1e-48};
        assertThat(Conjecture.status(tiny, new double[] {0.5266, 0.5321, 0.5361})).isEqualTo(Conjecture.Status.AWAY);
        // shrinking within SETTLED per decade but able to reach SAME above LOWEST_ALPHA at that rate: drifting;
        // too slowly to reach it above LOWEST_ALPHA: settled
        double s = 1 - 0.9 * Conjecture.SETTLED;
        assertThat(Conjecture.reachLog10(a, new double[] {2e-3 / (s * s * s * s), 2e-3 / (s * s), 2e-3})).isCloseTo(-6 - Math.log(2) / Math.log(1 / s),
            org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Conjecture.status(a, new double[] {2e-3 / (s * s * s * s), 2e-3 / (s * s), 2e-3})).isEqualTo(Conjecture.Status.DRIFTING);
        assertThat(Conjecture.status(a, new double[] {0.5 / (s * s * s * s), 0.5 / (s * s), 0.5})).isEqualTo(Conjecture.Status.AWAY);
        // within SAME but moving away from it: drifting
        assertThat(Conjecture.status(a, new double[] {1e-6, 1e-5, 5e-4})).isEqualTo(Conjecture.Status.DRIFTING);
        assertThat(Conjecture.status(a, new double[] {1e-2, 1e-3, 5e-4})).isEqualTo(Conjecture.Status.AT);
        // one α only: no trend
        assertThat(Conjecture.status(new double[] {1e-8}, new double[] {1e-9})).isEqualTo(Conjecture.Status.DRIFTING);
        Conjecture.Evidence one = new Conjecture.Evidence(new double[] {1e-8}, new double[] {1e-9}, new double[] {0.3}, new double[] {0.01},
            3, 3, 1e-9, true, "converged", 1e-9, 0.3);
        assertThat(Conjecture.decide(one).answer()).isEqualTo("inconclusive");
        assertThat(Conjecture.decide(one).evidence()).contains("one α only");
    }

    @Test
    void factorPerDecadeAndSlope() {
        double[] la = {-2, -4, -6};
        assertThat(Conjecture.factorPerDecade(GRID, new double[] {1, 1, 1, 0.01})).isCloseTo(0.1, EXACT);
        assertThat(Conjecture.factorPerDecade(GRID, new double[] {1, 1, 1, 4})).isCloseTo(2, EXACT);
        assertThat(Conjecture.factorPerDecade(new double[] {1e-2}, new double[] {1})).isNaN();
        assertThat(Conjecture.slope(la, new double[] {1e-1, 1e-2, 1e-3})).isCloseTo(0.5, EXACT);
        assertThat(Conjecture.slope(la, new double[] {0.2, 0.2, 0.2})).isCloseTo(0, EXACT);
        assertThat(Conjecture.slope(new double[] {-2}, new double[] {1})).isNaN();
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> new Conjecture.Options(1, new double[] {1e-2}, 1, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {0}, 1, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {Double.NaN}, 1, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {1e-2}, 0, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Conjecture.Options(2, new double[] {1e-2}, 1, 1, 21)).isInstanceOf(InvalidInputException.class);
        assertThat(new Conjecture.Options(2, new double[] {1e-6, 1e-2}, 1, 1).alphas()).containsExactly(1e-2, 1e-6);
        assertThat(new Conjecture.Options(2, new double[] {1e-6, 1e-2}, 1, 1).extensions()).isZero();
        assertThat(Conjecture.Options.of(2, null, 3).extensions()).isEqualTo(Conjecture.DEFAULT_EXTENSIONS);
    }
}
