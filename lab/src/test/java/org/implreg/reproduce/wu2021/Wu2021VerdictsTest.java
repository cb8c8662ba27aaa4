package org.implreg.reproduce.wu2021;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.reproduce.Verdict;
import org.junit.jupiter.api.Test;

/** wu2021's verdict rules: each reaches agrees, partly and disagrees from records built here, and its sentence carries the numbers. */
class Wu2021VerdictsTest {
    private static final double[] ALPHAS = {1e-1, 1e-10};

    private static Wu2021Summary.Series series(double[] relError, double[] distanceToMin, double[] gap) {
        return new Wu2021Summary.Series(new double[] {1, 1}, new double[] {5, 5}, relError, distanceToMin, gap, new double[] {1e-3, 1e-3});
    }

    /** An experiment whose minimum is {@code minRel} from X* (norm 1), GD and MD with the given last distances and gaps. */
    private static Wu2021Summary.Experiment experiment(double minRel, double gdRel, double gdMin, double gdGap, double mdRel, double mdMin,
                                                       double mdGap) {
        return new Wu2021Summary.Experiment("sensing", 250, 1, 0.125, 0.5, new Wu2021Summary.Reference(1, 5),
            new Wu2021Summary.Minimum(0.9, 7, minRel, true), ALPHAS, series(new double[] {1.4, gdRel}, new double[] {1.6, gdMin},
                new double[] {4, gdGap}), series(new double[] {1.4, mdRel}, new double[] {1.6, mdMin}, new double[] {4, mdGap}));
    }

    @Test
    void mdApproachesMinFlips() {
        Map<String, Wu2021Summary.Experiment> e = new LinkedHashMap<>();
        e.put("a", experiment(0, 0, 0, 0, 0.002, 0.002, 0.0003));
        e.put("b", experiment(0.43, 0.41, 0.41, 0.087, 0.45, 0.084, 0.003));
        assertThat(Wu2021Verdicts.mdApproachesMin(e).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Wu2021Verdicts.mdApproachesMin(e).found()).contains("on 2 of 2 problems", "1e-10: 0.00200, 0.0840");
        e.put("c", experiment(0.43, 0.41, 0.41, 0.087, 0.45, 1.2, 0.2)); // 1.2 > ½·1.6 and > CLOSE
        assertThat(Wu2021Verdicts.mdApproachesMin(e).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Wu2021Verdicts.mdApproachesMin(Map.of("c", e.get("c"))).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void bothRecoverFlips() {
        Map<String, Wu2021Summary.Experiment> e = new LinkedHashMap<>();
        e.put("sensing-3nr", experiment(0, 0.0007, 0.0007, 0, 0.0024, 0.0024, 0));
        assertThat(Wu2021Verdicts.bothRecover(e).verdict()).isEqualTo(Verdict.AGREES);
        e.put("completion-3nr", experiment(0, 0.3, 0.3, 0, 0.0039, 0.0039, 0));
        assertThat(Wu2021Verdicts.bothRecover(e).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Wu2021Verdicts.bothRecover(e).found()).contains("3 of 4 limits recover X* to 5%");
        assertThat(Wu2021Verdicts.bothRecover(Map.of("x", experiment(0, 0.3, 0.3, 0, 0.2, 0.2, 0))).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    @Test
    void underdeterminedFlips() {
        // MD: gap +0.3%, 0.084 from X_min (0.076 in units of ‖X*‖), 0.45 from X*: fully
        Wu2021Summary.Experiment at = experiment(0.43, 0.41, 0.41, 0.087, 0.45, 0.084, 0.003);
        assertThat(Wu2021Verdicts.underdetermined(Map.of("sensing-nr", at)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Wu2021Verdicts.underdetermined(Map.of("sensing-nr", at)).found()).contains("MD gap +0.30%", "GD gap +8.70%");
        // gap 3% but nearer X_min: in part
        Wu2021Summary.Experiment near = experiment(0.43, 0.41, 0.41, 0.087, 0.45, 0.2, 0.03);
        assertThat(Wu2021Verdicts.underdetermined(Map.of("sensing-nr", near)).verdict()).isEqualTo(Verdict.PARTLY);
        // gap 3%, at X* rather than X_min: neither
        Wu2021Summary.Experiment star = experiment(0.43, 0.41, 0.41, 0.087, 0.01, 0.5, 0.03);
        assertThat(Wu2021Verdicts.underdetermined(Map.of("sensing-nr", star)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    private static Wu2021Summary.Commuting commuting(double... orders) {
        double[] alphas = new double[orders.length];
        double[] d = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            alphas[i] = Math.pow(10, -1 - 3 * i);
            d[i] = 0.02;
        }
        return new Wu2021Summary.Commuting(20, 3, 10, 1, 2000, alphas, d, d, d, orders, orders, d);
    }

    @Test
    void commutingFlips() {
        assertThat(Wu2021Verdicts.commuting(commuting(1.0, 0.9, 1.2)).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Wu2021Verdicts.commuting(commuting(1.0, 0.5)).verdict()).isEqualTo(Verdict.PARTLY);
        assertThat(Wu2021Verdicts.commuting(commuting(1.0, 0.5)).found()).contains("at 1 of 2 α's");
        assertThat(Wu2021Verdicts.commuting(commuting(2.0, 0.5)).verdict()).isEqualTo(Verdict.DISAGREES);
    }

    private static Wu2021Summary.CounterexampleInstance instance(int id, boolean certified, double flowGaussian, double md) {
        return new Wu2021Summary.CounterexampleInstance(id, "22,33,12,23", new double[] {1.0 / 9, 7.0 / 9, 1.0 / 9, -1.0 / 9}, 1, certified,
            new double[] {0.003, md}, new double[] {0.07, 0.016}, new double[] {1e-10, 1e-10}, new double[] {0.003, 0.09},
            new double[] {0.02, flowGaussian}, new double[] {0.005, 0.45});
    }

    private static final Wu2021Summary.GridSample GRID = new Wu2021Summary.GridSample(1e-6, 30, 5, 5, 1e-3, 1, 0.4, 6e-5, 6.7e-3, 3, 0,
        List.of(8077));

    @Test
    void counterexamplesFlip() {
        double[] a = {1e-2, 1e-8};
        var agree = new Wu2021Summary.Conjecture(a, List.of(instance(34585, true, 0.25, 1.4e-4), instance(116595, true, 0.65, 1.2e-4)), GRID);
        assertThat(Wu2021Verdicts.counterexamples(agree).verdict()).isEqualTo(Verdict.AGREES);
        assertThat(Wu2021Verdicts.counterexamples(agree).found()).contains("on 2 of 2 certified counterexamples", "100.0% of MD's limits",
            "40.0% of the flow's");
        var partly = new Wu2021Summary.Conjecture(a, List.of(instance(34585, true, 0.25, 1.4e-4), instance(116595, true, 0.65, 0.02)), GRID);
        assertThat(Wu2021Verdicts.counterexamples(partly).verdict()).isEqualTo(Verdict.PARTLY);
        var none = new Wu2021Summary.Conjecture(a, List.of(instance(34585, true, 0.25, 0.02)), GRID);
        assertThat(Wu2021Verdicts.counterexamples(none).verdict()).isEqualTo(Verdict.DISAGREES);
        // an instance the flow does not miss (or uncertified) is no counterexample: nothing to judge
        var noCounterexample = new Wu2021Summary.Conjecture(a, List.of(instance(1, true, 0.01, 1e-4), instance(2, false, 0.3, 1e-4)), GRID);
        assertThat(Wu2021Verdicts.counterexamples(noCounterexample).verdict()).isEqualTo(Verdict.DISAGREES);
    }
}
