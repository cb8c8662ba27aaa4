package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Verdict;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheoryCommuting.Run;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheoryLieClosure.Row;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheoryMomentum.EffectiveRun;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheorySingleMeasurement.CurvePoint;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheorySingleMeasurement.FlowRun;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheoryWarmUp.LsRun;
import org.implreg.reproduce.gunasekar2017.Gunasekar2017TheoryWarmUp.VectorRun;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/** The verdict rules of gunasekar2017-theory flip where their stated thresholds say; they read the claims' records. */
class Gunasekar2017TheoryVerdictsTest {

    /** An X-space run ending {@code distance} (relative) from the minimum Frobenius solution. */
    static LsRun ls(double distance) {
        return new LsRun(distance, 1e-15, 10, StopReason.CONVERGED);
    }

    @Test
    void warmUpFlipsAtItsTolerance() {
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(ls(1e-12)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(ls(1e-8)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(ls(1e-2)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    /** A vector-problem run ending {@code toL2} (relative) from the minimum ℓ2 solution. */
    static VectorRun vr(double toL2, double l1Ratio) {
        return new VectorRun(1e-15, 10, StopReason.CONVERGED, toL2, 0.1, 1.0, l1Ratio);
    }

    static Gunasekar2017TheoryWarmUp.Vector vec(double cd, double pre) {
        VectorRun base = vr(0.0, 1.2);
        return new Gunasekar2017TheoryWarmUp.Vector(base, vr(cd, 2.0), base, vr(pre, 1.0));
    }

    @Test
    void coordinateDescentNeedsADifferentLimit() {
        assertThat(Gunasekar2017TheoryVerdicts.coordinateDescent(vec(1, 1)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.coordinateDescent(vec(1e-6, 1)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.coordinateDescent(vec(1e-6, 1e-6)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static List<CurvePoint> m1(double lastGap) {
        return List.of(new CurvePoint(0.1, 1, 0.3, 0.1, 0.5), new CurvePoint(1e-6, 4, lastGap, 0.01, 0.01));
    }

    @Test
    void singleMeasurementNeedsTheCurveAndSmallGaps() {
        List<FlowRun> flow = List.of(new FlowRun(1e-2, 1e-13, 1e-10, 1e-11));
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(m1(1e-5), m1(1e-5), flow).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(m1(1e-5), m1(1e-2), flow).verdict()).isEqualTo(Verdict.PARTLY);
        List<FlowRun> off = List.of(new FlowRun(1e-2, 1e-4, 1e-10, 1e-11));
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(m1(1e-5), m1(1e-5), off).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void singleMeasurementJudgesBothSignsWhenTheyAreTheSameList() {
        // the rule once told the signs apart by list identity; the same list twice must count as two signs
        List<CurvePoint> both = m1(1e-5);
        List<FlowRun> flow = List.of(new FlowRun(1e-2, 1e-13, 1e-10, 1e-11));
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(both, both, flow).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(both, both, flow).evidence()).contains("y > 0").contains("y < 0");
    }

    @Test
    void commutingCountsVariantsAtTheSmallestAlpha() {
        Map<String, List<Run>> good = new LinkedHashMap<>();
        good.put("a", List.of(new Run(1e-2, 0.1, 1e-8), new Run(1e-6, 1e-5, 1e-8)));
        Map<String, List<Run>> mixed = new LinkedHashMap<>(good);
        mixed.put("b", List.of(new Run(1e-6, 1e-2, 1e-8)));
        Map<String, List<Run>> bad = Map.of("b", List.of(new Run(1e-6, 1e-5, 1e-3)));
        assertThat(Gunasekar2017TheoryVerdicts.commuting(good).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.commuting(mixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.commuting(bad).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static Row lieRow(int n, int generic, int commuting) {
        return new Row(n, n * n, commuting, generic, 0.1, 1e-16, n * n - 1, 0.1, 1e-16);
    }

    @Test
    void lieClosureComparesWithNSquared() {
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 9, 2), lieRow(4, 16, 2))).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 8, 2), lieRow(4, 16, 2))).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 5, 2))).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 9, 3))).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static List<Gunasekar2017TheoryOrderedExponential.Row> toe(double[] residual, double[] start, double[] end) {
        List<Gunasekar2017TheoryOrderedExponential.Row> rows = new ArrayList<>();
        for (int i = 0; i < residual.length; i++) {
            rows.add(new Gunasekar2017TheoryOrderedExponential.Row(Math.pow(10, -1 - i), residual[i], residual[i], 1, 1e-8, 1e-14, start[i],
                start[i], end[i], end[i], 1));
        }
        return rows;
    }

    @Test
    void orderedExponentialNeedsADecreasingRatio() {
        double[] down = {0.2, 0.1, 0.05, 0.03};
        double[] up = {0.01, 0.03, 0.05, 0.07};
        double[] hump = {0.1, 0.2, 0.08, 0.06};
        assertThat(Gunasekar2017TheoryVerdicts.orderedExponential(toe(down, hump, down)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.orderedExponential(toe(up, down, up)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.orderedExponential(toe(up, up, up)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void momentumInXSpaceNeedsTheMinimumNorm() {
        LsRun ok = ls(1e-14);
        LsRun off = ls(1e-3);
        LsRun cd = ls(1.0);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(new Gunasekar2017TheoryWarmUp.XSpace(ok, ok, ok, ok, cd)).verdict())
            .isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(new Gunasekar2017TheoryWarmUp.XSpace(ok, off, ok, ok, cd)).verdict())
            .isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(new Gunasekar2017TheoryWarmUp.XSpace(ok, off, off, off, cd)).verdict())
            .isEqualTo(Verdict.DISAGREES);
    }

    static Gunasekar2017TheoryMomentum.Run mrun(double step, double beta, double gap) {
        return new Gunasekar2017TheoryMomentum.Run(step, beta, false, StopReason.CONVERGED, 100, 1e-4, gap);
    }

    static List<Gunasekar2017TheoryMomentum.Run> mom(double gd, double hb) {
        return List.of(mrun(0.01, 0.0, gd), mrun(0.01, 0.9, hb));
    }

    @Test
    void momentumInFactorSpaceShootsOffAboveGd() {
        assertThat(Gunasekar2017TheoryVerdicts.momentumU(mom(1e-5, 1e-3), List.of()).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.momentumU(mom(1e-5, 1.5e-5), List.of()).verdict()).isEqualTo(Verdict.DISAGREES);
        List<Gunasekar2017TheoryMomentum.Run> two = new ArrayList<>(mom(1e-5, 1e-3));
        two.add(mrun(0.03, 0.0, 1e-5));
        two.add(mrun(0.03, 0.9, 1e-5));
        assertThat(Gunasekar2017TheoryVerdicts.momentumU(two, List.of()).verdict()).isEqualTo(Verdict.PARTLY);
    }

    @Test
    void momentumInFactorSpaceNeedsBothRunsConverged() {
        List<Gunasekar2017TheoryMomentum.Run> rows = List.of(mrun(0.01, 0.0, 1e-5),
            new Gunasekar2017TheoryMomentum.Run(0.01, 0.9, false, StopReason.MAX_ITER, 100, 1e-2, 1e-3));
        List<EffectiveRun> eff = List.of(new EffectiveRun(0.01, 0.1, StopReason.DIVERGED, 7, Double.NaN));
        var f = Gunasekar2017TheoryVerdicts.momentumU(rows, eff);
        assertThat(f.verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(f.evidence()).contains("(MAX_ITER, training error 1.00e-02)").contains("η/(1 − β) = 1.00e-01: DIVERGED");
    }
}
