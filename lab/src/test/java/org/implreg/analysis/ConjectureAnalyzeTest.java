package org.implreg.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link Conjecture#analyze} end to end on small Gaussian sensing problems (n = 8, r = 1, m = 12: the
 * problems of {@code implreg problem --n 8 --rank 1 --m 12 --seed S}), and the answer's scale-freeness:
 * (𝒜, y) and (10³𝒜, 10³y) have the same solutions and the same flows up to t → t/10⁶.
 */
class ConjectureAnalyzeTest {
    /** Relative distances of the two scalings agree to this (the flows take the same steps up to rounding; a rounding-level difference grows through the saddles). */
    private static final double SCALED_DISTANCE_TOL = 1e-4;

    static Problem sensing(long seed) {
        return ProblemGenerator.generate(new ProblemSpec(8, 1, 12, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0.0,
            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT), seed);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> perAlpha(Map<String, Object> r) {
        return (List<Map<String, Object>>) r.get("per_alpha");
    }

    @Test
    void glrlAndTheMinimumCoincideAndTheLimitIsAtThem() {
        Map<String, Object> r = Conjecture.analyze(sensing(1), new Conjecture.Options(2, Conjecture.Options.defaultAlphas(2), 2, 2, 3));
        assertThat(r.get("answer")).as(String.valueOf(r.get("evidence"))).isEqualTo("both");
        assertThat(r.get("settled")).isEqualTo(true);
        assertThat(r.get("glrl_stop_reason")).isEqualTo("converged");
        assertThat((double) r.get("glrl_train_error")).isLessThanOrEqualTo(Conjecture.GLRL_FIT);
        assertThat((double) r.get("glrl_distance_to_min")).isLessThanOrEqualTo(Conjecture.SAME);
        List<Map<String, Object>> pa = perAlpha(r);
        assertThat(pa).hasSizeGreaterThanOrEqualTo(4);
        Map<String, Object> last = pa.get(pa.size() - 1);
        assertThat((double) last.get("distance_to_min")).isLessThanOrEqualTo(Conjecture.SAME);
        assertThat((double) last.get("distance_to_min_min")).isLessThanOrEqualTo((double) last.get("distance_to_min"));
        assertThat((double) last.get("distance_to_min_max")).isGreaterThanOrEqualTo((double) last.get("distance_to_min"));
        assertThat(String.valueOf(r.get("evidence"))).startsWith("both: ").contains("is within " + Conjecture.SAME);
    }

    @Test
    void theAnswerDoesNotDependOnTheScaleOfTheProblem() {
        Problem p = sensing(3);
        Conjecture.Options o = new Conjecture.Options(2, new double[] {1e-4, 1e-8}, 1, 2, 6);
        Map<String, Object> a = Conjecture.analyze(p, o);
        assertThat(a.get("answer")).as(String.valueOf(a.get("evidence"))).isEqualTo("greedy_low_rank");
        // (c𝒜, cy) for c = 1e3 and 1e-3: the same solutions; (c𝒜, y): the solutions scaled by 1/c
        for (double[] ab : new double[][] {{1e3, 1e3}, {1e-3, 1e-3}, {37.5, 1}}) {
            Map<String, Object> b = Conjecture.analyze(p.scaled(ab[0], ab[1]), o);
            String scale = "(" + ab[0] + "·A, " + ab[1] + "·y)";
            assertThat(b.get("answer")).as(scale + ": " + b.get("evidence")).isEqualTo(a.get("answer"));
            List<Double> da = new ArrayList<>();
            List<Double> db = new ArrayList<>();
            for (String k : List.of("distance_to_glrl", "distance_to_min")) {
                perAlpha(a).forEach(e -> da.add((double) e.get(k)));
                perAlpha(b).forEach(e -> db.add((double) e.get(k)));
            }
            assertThat(db).as(scale).hasSameSizeAs(da);
            for (int i = 0; i < da.size(); i++) {
                assertThat(db.get(i)).as("%s: distance %d", scale, i).isCloseTo(da.get(i),
                    org.assertj.core.data.Offset.offset(SCALED_DISTANCE_TOL));
            }
        }
    }
}
