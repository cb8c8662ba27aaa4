package org.implreg.reproduce.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.implreg.atlas.AtlasStatistics.Position;
import org.implreg.atlas.AtlasSummary;
import org.implreg.atlas.AtlasSummary.Counterexample;
import org.implreg.atlas.AtlasSummary.Rank;
import org.implreg.atlas.AtlasSummary.Transition;
import org.implreg.reproduce.Finding;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;

/** The atlas's verdict rules flip when their input does. n = 10: D = 55, 0.5·√D = 3.708. */
class AtlasVerdictsTest {
    static final int N = 10;
    static final int D = 55;
    static final double TOL = 0.5 * Math.sqrt(D);

    static Transition at(String solver, double m) {
        return new Transition(solver, m, m - 2, m + 2, m / D, Position.CROSSES);
    }

    static Transition outside(String solver, Position p) {
        return new Transition(solver, Double.NaN, Double.NaN, Double.NaN, Double.NaN, p);
    }

    static Rank rank(int r, double delta, Transition... ts) {
        return new Rank(r, delta, 0.01, N * r - r * (r - 1) / 2.0, List.of(ts));
    }

    static AtlasSummary summary(List<Rank> ranks, List<Counterexample> cx) {
        return new AtlasSummary(N, D, "gaussian", 10, 1e-3, List.of("nucmin", "gd"), ranks, List.of(), cx, List.of());
    }

    static Counterexample cx(long seed) {
        return new Counterexample(1, 12, 0, seed, "gd", 1e-6, 0.3, 2.1, 2.0, 0.05, "implreg problem …", "implreg conjecture …");
    }

    @Test
    void traceMinimisationAgreesWhenEveryRanksTransitionIsWithinHalfRootDOfDelta() {
        AtlasSummary all = summary(List.of(rank(1, 12, at("nucmin", 12 + 0.9 * TOL), at("gd", 12)), rank(2, 22, at("nucmin", 22 - 0.9 * TOL),
            at("gd", 22))), List.of());
        Finding f = AtlasVerdicts.statisticalDimension(all).orElseThrow();
        assertThat(f.verdict()).isEqualTo(Verdict.AGREES);
        assertThat(f.found()).startsWith("Amelunxen et al.'s phase-transition theorem holds").contains("at 2 of 2 ranks");
        // one rank moved just past the tolerance: partly
        AtlasSummary some = summary(List.of(rank(1, 12, at("nucmin", 12 + 1.1 * TOL), at("gd", 12)), rank(2, 22, at("nucmin", 22),
            at("gd", 22))), List.of());
        assertThat(AtlasVerdicts.statisticalDimension(some).orElseThrow().verdict()).isEqualTo(Verdict.PARTLY);
        // both moved, or a transition outside the grid: disagrees
        AtlasSummary none = summary(List.of(rank(1, 12, at("nucmin", 12 + 1.1 * TOL), at("gd", 12)), rank(2, 22,
            outside("nucmin", Position.ABOVE_GRID), at("gd", 22))), List.of());
        Finding n = AtlasVerdicts.statisticalDimension(none).orElseThrow();
        assertThat(n.verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(n.evidence()).contains("above the grid");
    }

    @Test
    void noStatisticalDimensionNoVerdictOnIt() {
        AtlasSummary completion = summary(List.of(rank(1, Double.NaN, at("nucmin", 12), at("gd", 12))), List.of());
        assertThat(AtlasVerdicts.statisticalDimension(completion)).isEmpty();
        assertThat(AtlasVerdicts.all(completion)).hasSize(1);
    }

    @Test
    void aSolverAgreesWithTheConjectureOnlyWhereItsTransitionIsTraceMinimisationsAndNoCounterexampleExists() {
        List<Rank> same = List.of(rank(1, 12, at("nucmin", 12), at("gd", 12 + 0.9 * TOL)), rank(2, 22, at("nucmin", 22), at("gd", 22)));
        Finding agrees = AtlasVerdicts.solver(summary(same, List.of()), "gd");
        assertThat(agrees.verdict()).isEqualTo(Verdict.AGREES);
        assertThat(agrees.owner().phrase()).isEqualTo("Gunasekar et al.'s conjecture");
        assertThat(agrees.found()).contains("at 2 of 2 ranks").contains("0 certified counterexamples");
        // one certified counterexample: partly, and it is counted with its seed
        Finding withCx = AtlasVerdicts.solver(summary(same, List.of(cx(4242))), "gd");
        assertThat(withCx.verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(withCx.found()).contains("1 certified counterexample (");
        assertThat(withCx.evidence()).contains("seeds 4242");
        // left of δ by more than the tolerance at every rank: disagrees, and the direction is measured, not assumed
        List<Rank> left = List.of(rank(1, 12, at("nucmin", 12), at("gd", 12 - 1.1 * TOL)), rank(2, 22, at("nucmin", 22), at("gd", 22 - 1.1 * TOL)));
        Finding l = AtlasVerdicts.solver(summary(left, List.of()), "gd");
        assertThat(l.verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(l.found()).contains("left of δ at 2 and right of it at 0");
        assertThat(l.evidence()).contains(String.format(java.util.Locale.ROOT, "m₅₀ − δ = %+.3g", -1.1 * TOL));
        List<Rank> right = List.of(rank(1, 12, at("nucmin", 12), at("gd", 12 + 1.1 * TOL)), rank(2, 22, at("nucmin", 22),
            outside("gd", Position.ABOVE_GRID)));
        Finding r = AtlasVerdicts.solver(summary(right, List.of()), "gd");
        assertThat(r.verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(r.found()).contains("left of δ at 0 and right of it at 2");
        // both outside the grid on the same side agree; on opposite sides they do not
        List<Rank> outsideSame = List.of(rank(1, 12, outside("nucmin", Position.BELOW_GRID), outside("gd", Position.BELOW_GRID)));
        assertThat(AtlasVerdicts.solver(summary(outsideSame, List.of()), "gd").verdict()).isEqualTo(Verdict.AGREES);
        List<Rank> outsideOpposite = List.of(rank(1, 12, outside("nucmin", Position.BELOW_GRID), outside("gd", Position.ABOVE_GRID)));
        assertThat(AtlasVerdicts.solver(summary(outsideOpposite, List.of()), "gd").verdict()).isEqualTo(Verdict.DISAGREES);
    }
}
