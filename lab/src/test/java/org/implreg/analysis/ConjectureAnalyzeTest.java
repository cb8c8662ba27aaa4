package org.implreg.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link Conjecture#analysis} end to end on small Gaussian sensing problems (n = 8, r = 1, m = 12: the
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

    @Test
    void glrlAndTheMinimumCoincideAndTheLimitIsAtThem() {
        Conjecture.Analysis r = Conjecture.analysis(sensing(1), new Conjecture.Options(2, Conjecture.Options.defaultAlphas(2), 2, 2, 3));
        assertThat(r.answer()).as(r.evidence()).isEqualTo("both");
        assertThat(r.settled()).isTrue();
        assertThat(r.glrlStopReason()).isEqualTo("converged");
        assertThat(r.glrlTrainError()).isLessThanOrEqualTo(Conjecture.GLRL_FIT);
        assertThat(r.glrlDistanceToMin()).isLessThanOrEqualTo(Conjecture.SAME);
        List<Conjecture.PerAlpha> pa = r.perAlpha();
        assertThat(pa).hasSizeGreaterThanOrEqualTo(4);
        Conjecture.PerAlpha last = pa.get(pa.size() - 1);
        assertThat(last.distanceToMin()).isLessThanOrEqualTo(Conjecture.SAME);
        assertThat(last.distanceToMinMin()).isLessThanOrEqualTo(last.distanceToMin());
        assertThat(last.distanceToMinMax()).isGreaterThanOrEqualTo(last.distanceToMin());
        assertThat(r.evidence()).startsWith("both: ").contains("is within " + Conjecture.SAME);
    }

    @Test
    void theAnswerDoesNotDependOnTheScaleOfTheProblem() {
        Problem p = sensing(3);
        Conjecture.Options o = new Conjecture.Options(2, new double[] {1e-4, 1e-8}, 1, 2, 6);
        Conjecture.Analysis a = Conjecture.analysis(p, o);
        assertThat(a.answer()).as(a.evidence()).isEqualTo("greedy_low_rank");
        // (c𝒜, cy) for c = 1e3 and 1e-3: the same solutions; (c𝒜, y): the solutions scaled by 1/c
        for (double[] ab : new double[][] {{1e3, 1e3}, {1e-3, 1e-3}, {37.5, 1}}) {
            Conjecture.Analysis b = Conjecture.analysis(p.scaled(ab[0], ab[1]), o);
            String scale = "(" + ab[0] + "·A, " + ab[1] + "·y)";
            assertThat(b.answer()).as(scale + ": " + b.evidence()).isEqualTo(a.answer());
            List<Double> da = new ArrayList<>();
            List<Double> db = new ArrayList<>();
            a.perAlpha().forEach(e -> da.add(e.distanceToGlrl()));
            a.perAlpha().forEach(e -> da.add(e.distanceToMin()));
            b.perAlpha().forEach(e -> db.add(e.distanceToGlrl()));
            b.perAlpha().forEach(e -> db.add(e.distanceToMin()));
            assertThat(db).as(scale).hasSameSizeAs(da);
            for (int i = 0; i < da.size(); i++) {
                assertThat(db.get(i)).as("%s: distance %d", scale, i).isCloseTo(da.get(i),
                    org.assertj.core.data.Offset.offset(SCALED_DISTANCE_TOL));
            }
        }
    }
}
