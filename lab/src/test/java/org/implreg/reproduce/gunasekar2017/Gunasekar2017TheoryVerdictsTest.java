package org.implreg.reproduce.gunasekar2017;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;

/** The verdict rules of gunasekar2017-theory flip where their stated thresholds say. */
class Gunasekar2017TheoryVerdictsTest {

    static Map<String, Object> m(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    @Test
    void warmUpFlipsAtItsTolerance() {
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(m("gd", m("distance_to_min_norm", 1e-12, "residual", 1e-15, "iterations", 10)))
            .verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(m("gd", m("distance_to_min_norm", 1e-8, "residual", 1e-15, "iterations", 10)))
            .verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.warmUp(m("gd", m("distance_to_min_norm", 1e-2, "residual", 1e-15, "iterations", 10)))
            .verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static Map<String, Object> vec(double cd, double pre) {
        Map<String, Object> base = m("distance_to_min_l2", 0.0, "l1_ratio", 1.2, "distance_to_min_l1", 0.1);
        return m("gd", base, "coordinate_descent_cyclic", m("distance_to_min_l2", cd, "l1_ratio", 2.0), "coordinate_descent_greedy", base,
            "preconditioned_gd", m("distance_to_min_l2", pre));
    }

    @Test
    void coordinateDescentNeedsADifferentLimit() {
        assertThat(Gunasekar2017TheoryVerdicts.coordinateDescent(vec(1, 1)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.coordinateDescent(vec(1e-6, 1)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.coordinateDescent(vec(1e-6, 1e-6)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static List<Map<String, Object>> m1(double lastGap) {
        return List.of(m("alpha", 0.1, "nuclear_gap", 0.3, "angle", 0.5), m("alpha", 1e-6, "nuclear_gap", lastGap, "angle", 0.01));
    }

    @Test
    void singleMeasurementNeedsTheCurveAndSmallGaps() {
        List<Map<String, Object>> flow = List.of(m("max_curve_deviation", 1e-13, "limit_distance", 1e-10));
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(m1(1e-5), m1(1e-5), flow).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(m1(1e-5), m1(1e-2), flow).verdict()).isEqualTo(Verdict.PARTLY);
        List<Map<String, Object>> off = List.of(m("max_curve_deviation", 1e-4, "limit_distance", 1e-10));
        assertThat(Gunasekar2017TheoryVerdicts.singleMeasurement(m1(1e-5), m1(1e-5), off).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void commutingCountsVariantsAtTheSmallestAlpha() {
        Map<String, Object> good = m("a", List.of(m("alpha", 1e-2, "nuclear_gap", 0.1, "residual", 1e-8), m("alpha", 1e-6, "nuclear_gap", 1e-5,
            "residual", 1e-8)));
        Map<String, Object> mixed = new LinkedHashMap<>(good);
        mixed.put("b", List.of(m("alpha", 1e-6, "nuclear_gap", 1e-2, "residual", 1e-8)));
        Map<String, Object> bad = m("b", List.of(m("alpha", 1e-6, "nuclear_gap", 1e-5, "residual", 1e-3)));
        assertThat(Gunasekar2017TheoryVerdicts.commuting(good).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.commuting(mixed).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.commuting(bad).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static Map<String, Object> lieRow(int n, int generic, int commuting) {
        return m("n", n, "n_squared", n * n, "generic", generic, "traceless", n * n - 1, "commuting", commuting);
    }

    @Test
    void lieClosureComparesWithNSquared() {
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 9, 2), lieRow(4, 16, 2))).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 8, 2), lieRow(4, 16, 2))).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 5, 2))).verdict()).isEqualTo(Verdict.DISAGREES);
        assertThat(Gunasekar2017TheoryVerdicts.lieClosure(List.of(lieRow(3, 9, 3))).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static List<Map<String, Object>> toe(double[] residual, double[] start, double[] end) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < residual.length; i++) {
            rows.add(m("alpha", Math.pow(10, -1 - i), "residual_ratio", residual[i], "random_start_ratio_mean", start[i],
                "random_end_ratio_mean", end[i], "commuting_ratio", 1e-14));
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
        Map<String, Object> ok = m("distance_to_min_norm", 1e-14, "iterations", 5);
        Map<String, Object> off = m("distance_to_min_norm", 1e-3, "iterations", 5);
        Map<String, Object> cd = m("distance_to_min_norm", 1.0);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(m("heavy_ball", ok, "nesterov", ok, "conjugate_gradient", ok, "coordinate_descent", cd))
            .verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(m("heavy_ball", off, "nesterov", ok, "conjugate_gradient", ok, "coordinate_descent", cd))
            .verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Gunasekar2017TheoryVerdicts.momentumX(m("heavy_ball", off, "nesterov", off, "conjugate_gradient", off,
            "coordinate_descent", cd)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    static List<Map<String, Object>> mom(double gd, double hb) {
        return List.of(m("step", 0.01, "momentum", 0.0, "nesterov", false, "stop", "CONVERGED", "nuclear_gap", gd),
            m("step", 0.01, "momentum", 0.9, "nesterov", false, "stop", "CONVERGED", "nuclear_gap", hb));
    }

    @Test
    void momentumInFactorSpaceShootsOffAboveGd() {
        assertThat(Gunasekar2017TheoryVerdicts.momentumU(mom(1e-5, 1e-3), List.of()).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Gunasekar2017TheoryVerdicts.momentumU(mom(1e-5, 1.5e-5), List.of()).verdict()).isEqualTo(Verdict.DISAGREES);
        List<Map<String, Object>> two = new ArrayList<>(mom(1e-5, 1e-3));
        two.add(m("step", 0.03, "momentum", 0.0, "nesterov", false, "stop", "CONVERGED", "nuclear_gap", 1e-5));
        two.add(m("step", 0.03, "momentum", 0.9, "nesterov", false, "stop", "CONVERGED", "nuclear_gap", 1e-5));
        assertThat(Gunasekar2017TheoryVerdicts.momentumU(two, List.of()).verdict()).isEqualTo(Verdict.PARTLY);
    }
}
