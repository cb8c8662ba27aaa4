package org.implreg.atlas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.implreg.atlas.AtlasRecord.Outcome;
import org.implreg.atlas.AtlasRecord.SolverOutcome;
import org.implreg.atlas.AtlasStatistics.Position;
import org.implreg.report.RecordJson;
import org.implreg.theory.StatisticalDimension;
import org.junit.jupiter.api.Test;

class AtlasSummaryTest {
    static final double CLOSED = 1e-12;

    static final AtlasGrid GRID = new AtlasGrid("gaussian", 6, List.of(1, 2), List.of(5, 10, 15), 4, List.of("nucmin", "gd"), 1e-3);

    /** δ stand-in for the tests: a fixed value per rank (the real δ is tested with its own computation). */
    static final AtlasSummary.Theory THEORY = (family, n, r) -> family.equals("gaussian") ? new StatisticalDimension.Estimate(7.5 * r, 0.1) : null;

    static SolverOutcome outcome(String solver, Outcome o) {
        return new SolverOutcome(solver, solver, o == Outcome.RECOVERED ? 1e-6 : 0.4, 2.0, solver.equals("nucmin") ? 0 : 0.1, 1.5, o,
            "CONVERGED", 0.01);
    }

    /** An instance with the given outcomes of nucmin and gd. */
    static AtlasRecord record(int rank, int m, int trial, Outcome nucmin, Outcome gd) {
        return new AtlasRecord("k" + rank + m + trial, rank, m, trial, 1000L * rank + 10L * m + trial, 1.8, true,
            List.of(outcome("nucmin", nucmin), outcome("gd", gd)), "nuclear_norm", 0.1);
    }

    /** nucmin recovers in 0, 2, 4 of 4 trials at m = 5, 10, 15; gd in 1, 3, 4 of which one did not converge at m = 5. */
    static List<AtlasRecord> records() {
        List<AtlasRecord> out = new ArrayList<>();
        int[] nuc = {0, 2, 4};
        int[] gd = {1, 3, 4};
        for (int rank : GRID.ranks()) {
            for (int j = 0; j < 3; j++) {
                for (int t = 0; t < 4; t++) {
                    Outcome a = t < nuc[j] ? Outcome.RECOVERED : Outcome.FAILED;
                    Outcome b = t < gd[j] ? Outcome.RECOVERED : j == 0 && t == 3 ? Outcome.NOT_CONVERGED : Outcome.FAILED;
                    out.add(record(rank, GRID.ms().get(j), t, a, b));
                }
            }
        }
        return out;
    }

    @Test
    void countsAndProbabilitiesLeaveNotConvergedRunsOutOfTheDenominator() {
        AtlasSummary s = AtlasSummary.of(GRID, records(), THEORY);
        AtlasSummary.CellSolver gd = s.cell(1, 5).of("gd");
        assertThat(gd.recovered()).isEqualTo(1);
        assertThat(gd.failed()).isEqualTo(2);
        assertThat(gd.notConverged()).isEqualTo(1);
        assertThat(gd.success()).isCloseTo(1 / 3.0, within(CLOSED));
        AtlasStatistics.Proportion w = AtlasStatistics.wilson(1, 3);
        assertThat(gd.successLow()).isEqualTo(w.low());
        assertThat(gd.successHigh()).isEqualTo(w.high());
        assertThat(s.cell(2, 10).of("nucmin").success()).isEqualTo(0.5);
        assertThat(s.cells()).hasSize(6);
        assertThat(s.cell(2, 15).mOverD()).isCloseTo(15 / 21.0, within(CLOSED));
    }

    @Test
    void transitionsPerRankAndTheTheoryCurves() {
        AtlasSummary s = AtlasSummary.of(GRID, records(), THEORY);
        AtlasSummary.Rank r2 = s.rank(2);
        assertThat(r2.statisticalDimension()).isEqualTo(15.0);
        assertThat(r2.statisticalDimensionError()).isEqualTo(0.1);
        assertThat(r2.degreesOfFreedom()).isEqualTo(11.0); // 6·2 − 1
        AtlasSummary.Transition nuc = r2.of("nucmin");
        assertThat(nuc.position()).isEqualTo(Position.CROSSES);
        assertThat(nuc.m()).isCloseTo(10, within(CLOSED)); // p = 0.5 at m = 10
        assertThat(nuc.mOverD()).isCloseTo(10 / 21.0, within(CLOSED));
        AtlasSummary.Transition gd = r2.of("gd");
        assertThat(gd.m()).isCloseTo(5 + (0.5 - 1 / 3.0) / (0.75 - 1 / 3.0) * 5, within(CLOSED));
        // a completion family has no δ: null in atlas.json
        AtlasSummary c = AtlasSummary.of(new AtlasGrid("uniform", 6, List.of(1, 2), List.of(5, 10, 15), 4, List.of("nucmin", "gd"), 1e-3), records(),
            THEORY);
        assertThat(c.rank(1).statisticalDimension()).isNaN();
        assertThat(RecordJson.toTree(c).get("ranks").get(0).get("statistical_dimension").isNull()).isTrue();
    }

    @Test
    void certifiedCounterexamplesAreInstancesWhereASolverRecoversAndTheCertifiedMinimumFails() {
        AtlasSummary s = AtlasSummary.of(GRID, records(), THEORY);
        // gd recovers where nucmin fails: at m = 5 trial 0 (nucmin 0 of 4), at m = 10 trial 2 — per rank
        assertThat(s.counterexamples()).hasSize(4);
        AtlasSummary.Counterexample first = s.counterexamples().get(0);
        assertThat(first.rank()).isEqualTo(1);
        assertThat(first.m()).isEqualTo(5);
        assertThat(first.trial()).isZero();
        assertThat(first.seed()).isEqualTo(1050L);
        assertThat(first.solver()).isEqualTo("gd");
        assertThat(first.problemCommand()).isEqualTo(
            "implreg problem --n 6 --rank 1 --m 5 --planted low-rank --measurement gaussian --seed 1050 --out atlas-r1-m5-t0.npz");
        assertThat(first.conjectureCommand()).isEqualTo("implreg conjecture --problem atlas-r1-m5-t0.npz --out conjecture-r1-m5-t0");
        // an uncertified minimum, or one that did not converge, makes no counterexample
        List<AtlasRecord> uncertified = new ArrayList<>();
        for (AtlasRecord r : records()) {
            uncertified.add(new AtlasRecord(r.key(), r.rank(), r.m(), r.trial(), r.seed(), r.minNuclearNorm(), false, r.solvers(), r.conjecture(),
                r.seconds()));
        }
        assertThat(AtlasSummary.of(GRID, uncertified, THEORY).counterexamples()).isEmpty();
        List<AtlasRecord> stuck = List.of(record(1, 5, 0, Outcome.NOT_CONVERGED, Outcome.RECOVERED));
        assertThat(AtlasSummary.of(GRID, stuck, THEORY).counterexamples()).isEmpty();
    }

    @Test
    void atlasJsonKeysInOrderAndItReadsBack() {
        AtlasSummary s = AtlasSummary.of(GRID, records(), THEORY);
        JsonNode tree = RecordJson.toTree(s);
        List<String> keys = new ArrayList<>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("n", "D", "family", "trials", "success_tol", "solvers", "ranks", "cells", "counterexamples", "records");
        List<String> rank = new ArrayList<>();
        tree.get("ranks").get(0).fieldNames().forEachRemaining(rank::add);
        assertThat(rank).containsExactly("rank", "statistical_dimension", "statistical_dimension_error", "degrees_of_freedom", "transitions");
        List<String> transition = new ArrayList<>();
        tree.get("ranks").get(0).get("transitions").get(0).fieldNames().forEachRemaining(transition::add);
        assertThat(transition).containsExactly("solver", "m", "m_low", "m_high", "m_over_d", "position");
        assertThat(tree.get("D").asInt()).isEqualTo(21);
        assertThat(tree.get("ranks").get(0).get("transitions").get(0).get("position").asText()).isEqualTo("crosses");
        assertThat(tree.get("records").get(0).get("solvers").get(0).get("outcome").asText()).isIn("recovered", "failed");
        assertThat(RecordJson.fromTree(tree, AtlasSummary.class)).isEqualTo(s);
    }

    @Test
    void theTransitionOfASyntheticLawIsFoundNearItsCentre() {
        // many trials of a logistic law: the measured 50% point of each solver is within a cell of its planted centre
        AtlasGrid grid = new AtlasGrid("gaussian", 10, List.of(1, 2, 3), java.util.stream.IntStream.rangeClosed(1, 25).map(i -> 2 * i).boxed()
            .toList(), 200, List.of("nucmin", "a", "b"), 1e-3);
        AtlasSummary s = AtlasSummary.of(grid, SyntheticAtlas.records(grid, 7), THEORY);
        double spacing = 2;
        for (AtlasSummary.Rank r : s.ranks()) {
            for (int k = 0; k < grid.solvers().size(); k++) {
                AtlasSummary.Transition t = r.of(grid.solvers().get(k));
                assertThat(t.position()).isEqualTo(Position.CROSSES);
                assertThat(t.m()).as(grid.solvers().get(k) + " at r = " + r.rank()).isCloseTo(SyntheticAtlas.centre(grid, k, r.rank()), within(spacing));
                assertThat(t.mLow()).isLessThanOrEqualTo(t.m());
                assertThat(t.mHigh()).isGreaterThanOrEqualTo(t.m());
            }
        }
    }
}
