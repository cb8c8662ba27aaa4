package org.implreg.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.implreg.TestProblems;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.method.Methods;
import org.implreg.method.SolveReport;
import org.implreg.method.SolveSettings;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/**
 * The answers of GLRL and of the flows do not depend on the problem's units (issue 28, point 2). The
 * problem (a𝒜, b·y), a, b &gt; 0, has the solution set (b/a) times that of (𝒜, y), and the same flows up to
 * a change of time and size: U(t) = √(b/a)·V(ab·t). So:
 * <ul>
 *   <li>GLRL on (a𝒜, b·y) has the same rank path, ends the same way, and returns (b/a)·X;</li>
 *   <li>the flow from √(b/a)·U₀ on (a𝒜, b·y) stops by the same rule at flow time t/(ab) with (b/a)·X, where
 *       the flow from U₀ on (𝒜, y) stops at t with X;</li>
 *   <li>the time-ordered exponential with ε/(ab) from √(b/a)·U₀ stops at the same step with (b/a)·X.</li>
 * </ul>
 * Checked for (c, c), (c, 1) and (1, c) with c ∈ {10⁻³, 37.5, 10³}, on a 20×20 Gaussian sensing problem, a
 * completion problem and a 50×50 sensing problem with unnormalised A_i = (G_i + G_iᵀ)/2 (each measurement
 * √m times the normalised one's, so ‖𝒜‖² ≈ 3.2·10³ instead of ≈ 7), where an absolute threshold stopped
 * GLRL in its first phase (‖∇f‖/‖U‖ = 1.0·10⁻¹⁰ &gt; 10⁻¹⁰ at flow time 10⁶) at 71% training error.
 */
class ScaleInvarianceTest {
    /**
     * Relative difference allowed between (a/b)·X of the scaled problem and X: the two runs are the same
     * computation in other units, apart from rounding, which can move the adaptive integrators' accept
     * decisions and so the trajectory by about their tolerance (rtol 10⁻¹⁰ in GLRL's phases).
     */
    static final double SAME_X = 1e-6;
    /**
     * Relative difference allowed between t/(ab) of the scaled flow and t, where the two stop: each stops
     * at the first accepted step past its threshold, and rounding can make the two step sequences differ
     * slightly, so the two stops can be up to a step apart.
     */
    static final double SAME_TIME = 1e-2;
    static final double[] SCALES = {1e-3, 37.5, 1e3};

    /** The scaling hook itself: (a𝒜, b·y) is measured exactly by (b/a)·X*, and a scale ≤ 0 is bad input. */
    @Test
    void aScaledProblemIsMeasuredByTheScaledPlantedMatrix() {
        Problem base = completion(6, 1, 12, 4);
        for (double[] ab : scalings()) {
            Problem p = base.scaled(ab[0], ab[1]);
            double[] y = new double[p.m()];
            p.operator().apply(p.xStar(), y);
            assertThat(TestProblems.relDiff(y, p.y())).isLessThan(1e-14);
            assertThat(TestProblems.relDiff(p.xStar(), times(base.xStar(), ab[1] / ab[0]))).isLessThan(1e-15);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.scaled(0, 1)).isInstanceOf(org.implreg.InvalidInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.scaled(1, Double.NaN))
            .isInstanceOf(org.implreg.InvalidInputException.class);
    }

    private static Problem sensing(int n, int r, int m, long seed) {
        return ProblemGenerator.generate(new ProblemSpec(n, r, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN,
            0, 0), seed);
    }

    private static Problem completion(int n, int r, int m, long seed) {
        return ProblemGenerator.generate(new ProblemSpec(n, r, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.UNIFORM,
            0, 0), seed);
    }

    /** Three (a, b) pairs for the costlier runs: one of each kind, over the three values of c. */
    private static final List<double[]> SOME = List.of(new double[] {1e-3, 1e-3}, new double[] {1e3, 1}, new double[] {1, 37.5});

    /** The (a, b) pairs: both, the operator alone, the measurements alone. */
    private static List<double[]> scalings() {
        List<double[]> s = new ArrayList<>();
        for (double c : SCALES) {
            s.add(new double[] {c, c});
            s.add(new double[] {c, 1});
            s.add(new double[] {1, c});
        }
        return s;
    }

    private static double[] times(double[] x, double c) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= c;
        }
        return out;
    }

    private static GreedyLowRank.Result glrl(Problem p) {
        return new GreedyLowRank(GreedyLowRank.Options.defaults(p.n())).solve(p.operator(), p.y(), IterationListener.NONE);
    }

    private static void glrlIsScaleFree(Problem base, List<double[]> scalings) {
        GreedyLowRank.Result ref = glrl(base);
        assertThat(ref.outcome()).isEqualTo(GreedyLowRank.Outcome.FIT);
        for (double[] ab : scalings) {
            String as = "GLRL on (" + ab[0] + "·A, " + ab[1] + "·y), reference " + Arrays.toString(ref.rankPath());
            GreedyLowRank.Result g = glrl(base.scaled(ab[0], ab[1]));
            assertThat(g.rankPath()).as(as).containsExactly(ref.rankPath());
            assertThat(g.outcome()).as(as).isEqualTo(ref.outcome());
            assertThat(g.result().stopReason()).as(as).isEqualTo(ref.result().stopReason());
            assertThat(g.result().trainError()).as(as).isLessThanOrEqualTo(GreedyLowRank.Options.DEFAULT_TOL);
            assertThat(TestProblems.relDiff(times(g.result().x(), ab[0] / ab[1]), ref.result().x())).as(as).isLessThan(SAME_X);
            assertThat(g.rate() / ref.rate()).as(as).isCloseTo(ab[0] * ab[1], org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
    }

    @Test
    void glrlOnGaussianSensingIsScaleFree() {
        glrlIsScaleFree(sensing(20, 2, 60, 1), scalings());
    }

    @Test
    void glrlOnCompletionIsScaleFree() {
        glrlIsScaleFree(completion(12, 2, 50, 1), scalings());
    }

    /**
     * The 50×50 problem with A_i = (G_i + G_iᵀ)/2 not divided by √m (m = 3nr = 450): the normalised problem
     * scaled by (√m, √m). GLRL fits it at rank 3, as it does the normalised one, and says so through the
     * method registry (what {@code implreg conjecture} reads: the outcome, the stop reason, the training
     * error).
     */
    @Test
    void glrlOnUnnormalisedFiftyByFiftySensingFitsAtRankThree() {
        Problem normalised = sensing(50, 3, 450, 2);
        double root = Math.sqrt(450);
        GreedyLowRank.Result ref = glrl(normalised);
        assertThat(ref.rankPath()).containsExactly(1, 2, 3);
        SolveReport r = Methods.get("glrl").solve(normalised.scaled(root, root), SolveSettings.of("glrl", null, 1.0, Double.NaN, 0),
            IterationListener.NONE);
        assertThat(r.extras()).containsEntry("glrl_outcome", "fit").containsEntry("rank_path", List.of(1, 2, 3));
        assertThat(r.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.result().trainError()).isLessThanOrEqualTo(GreedyLowRank.Options.DEFAULT_TOL);
        assertThat(TestProblems.relDiff(r.result().x(), ref.result().x())).isLessThan(SAME_X);
        assertThat(r.metrics().relativeError()).isLessThan(1e-6); // m = 3nr recovers X*
    }

    private static FlowResult flow(Problem p, double[] u0, GradientFlow.Options o) {
        return new GradientFlow(o).optimize(new FactorizedObjective(p, p.n()), u0);
    }

    private static FlowResult flowIsScaleFree(Problem base, double alpha, GradientFlow.Options o, String rule, List<double[]> scalings) {
        int n = base.n();
        double[] u0 = times(Rng.gaussian(Rng.stream(5, "scale-u0"), n * n), alpha / Math.sqrt(n * n));
        FlowResult ref = flow(base, u0, o);
        assertThat(ref.result().criterion()).startsWith(rule);
        for (double[] ab : scalings) {
            String as = "flow on (" + ab[0] + "·A, " + ab[1] + "·y)";
            FlowResult fr = flow(base.scaled(ab[0], ab[1]), times(u0, Math.sqrt(ab[1] / ab[0])), o);
            assertThat(fr.result().stopReason()).as(as).isEqualTo(ref.result().stopReason());
            assertThat(fr.result().criterion()).as(as).isEqualTo(ref.result().criterion());
            assertThat(fr.integrator()).as(as).isEqualTo(ref.integrator());
            assertThat(fr.flowTime() * ab[0] * ab[1] / ref.flowTime()).as(as).isCloseTo(1.0, org.assertj.core.data.Offset.offset(SAME_TIME));
            assertThat(TestProblems.relDiff(times(fr.result().x(), ab[0] / ab[1]), ref.result().x())).as(as).isLessThan(SAME_X);
        }
        return ref;
    }

    @Test
    void flowStopsByTrainingErrorAtCorrespondingPoints() {
        FlowResult ref = flowIsScaleFree(sensing(20, 2, 60, 1), 1e-6, GradientFlow.Options.defaults().withTol(1e-6), "train_error", SOME);
        // the default's stiff phase (NDF) took over: its tolerances and step rules are part of what is scale-free here
        assertThat(ref.integrator()).isEqualTo("dp853+bdf");
    }

    /** The gradient rule ‖∇f‖ ≤ gradientTol·4ρ‖U‖ (an absolute ‖∇f‖ ≤ gradientTol stopped at other points). */
    @Test
    void flowStopsByGradientAtCorrespondingPoints() {
        flowIsScaleFree(completion(12, 2, 50, 1), 1e-4, GradientFlow.Options.defaults().withTol(0).withGradientTol(1e-6),
            "‖∇f‖/(4ρ‖U‖)", SOME);
    }

    /** Underdetermined sensing (m = 30 &lt; the 39 degrees of freedom of rank 2): the flow settles by t·‖∇f‖/‖U‖. */
    @Test
    void flowStopsByStationarityAtCorrespondingPoints() {
        flowIsScaleFree(sensing(20, 2, 30, 1), 1e-3, GradientFlow.Options.defaults().withTol(0).withStationaryTol(1e-6),
            "t·‖∇f‖/‖U‖", scalings());
    }

    @Test
    void timeOrderedExponentialStopsAtTheSameStep() {
        Problem base = sensing(12, 2, 40, 3);
        int n = base.n();
        double[] u0 = times(Rng.gaussian(Rng.stream(5, "scale-u0"), n * n), 1e-2 / n);
        double eps = 0.3;
        OptimizationResult ref = new TimeOrderedExponential(TimeOrderedExponential.Options.of(eps).withTol(1e-3).withMaxIterations(20_000))
            .optimize(new FactorizedObjective(base, n), u0, IterationListener.NONE);
        assertThat(ref.stopReason()).isEqualTo(StopReason.CONVERGED);
        for (double[] ab : SOME) {
            String as = "toe on (" + ab[0] + "·A, " + ab[1] + "·y)";
            Problem p = base.scaled(ab[0], ab[1]);
            OptimizationResult r = new TimeOrderedExponential(TimeOrderedExponential.Options.of(eps / (ab[0] * ab[1])).withTol(1e-3)
                .withMaxIterations(20_000))
                .optimize(new FactorizedObjective(p, n), times(u0, Math.sqrt(ab[1] / ab[0])), IterationListener.NONE);
            assertThat(r.iterations()).as(as).isEqualTo(ref.iterations());
            assertThat(r.criterion()).as(as).isEqualTo(ref.criterion());
            assertThat(TestProblems.relDiff(times(r.x(), ab[0] / ab[1]), ref.x())).as(as).isLessThan(SAME_X);
        }
    }

}
