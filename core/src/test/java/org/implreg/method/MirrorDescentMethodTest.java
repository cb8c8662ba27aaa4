package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.metrics.ViewListener;
import org.implreg.optimizer.MirrorDescent;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.junit.jupiter.api.Test;

/** The registry's "md" (and "md-hyper" where registered): the optimizer through the registry, its options refused, its trace. */
class MirrorDescentMethodTest {
    /** The registry's run and the optimizer's, on the same options: the same bits. */
    static final int STEPS = 400;

    static Problem problem() {
        int n = 6;
        DenseSymmetricOperator op = MeasurementOperators.gaussian(n, 18, Rng.stream(3, "md-method-test"));
        double[] w = Rng.gaussian(Rng.stream(4, "md-method-test-x"), n * 2);
        double[] x = new double[n * n];
        Linalg.gram(w, n, 2, x);
        double s = 1 / Linalg.norm(x);
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
        double[] y = new double[18];
        op.apply(x, y);
        return new Problem(op, y, x, Map.of());
    }

    static List<String> names() {
        return Methods.all().keySet().stream().filter(k -> k.equals("md") || k.equals("md-hyper")).toList();
    }

    static MirrorDescent.Mirror mirror(String name) {
        return name.equals("md") ? MirrorDescent.Mirror.ENTROPY : MirrorDescent.Mirror.HYPENTROPY;
    }

    @Test
    void theRegistryRunsTheOptimizerWithTheGivenStepAndAlpha() {
        Problem p = problem();
        assertThat(names()).contains("md");
        for (String name : names()) {
            SolveSettings s = SolveSettings.builder(name).step(0.05).maxIterations((long) STEPS).tol(0.0).option("alpha", "1e-2").build();
            SolveReport r = Methods.get(name).solve(p, s, IterationListener.NONE);
            OptimizationResult direct = new MirrorDescent(MirrorDescent.Options.of(mirror(name), 0.05, 1e-2).withMaxIterations(STEPS).withTol(0))
                .optimize(p, IterationListener.NONE);
            assertThat(r.result().x()).as(name).isEqualTo(direct.x());
            assertThat(r.used()).as(name).containsEntry("step", 0.05).containsEntry("alpha", 1e-2).containsEntry("max_iter", (long) STEPS);
            assertThat(r.result().trainError()).as(name + " fits").isLessThan(0.1);
        }
        SolveReport md = Methods.get("md").solve(p, SolveSettings.builder("md").maxIterations(3L).build(), IterationListener.NONE);
        assertThat(md.used()).containsEntry("step", MirrorDescentMethod.DEFAULT_STEP).containsEntry("alpha", MirrorDescentMethod.DEFAULT_ALPHA);
    }

    @Test
    void badOptionsAreRefusedBeforeAnyWork() {
        for (String name : names()) {
            Method m = Methods.get(name);
            SolveSettings s = SolveSettings.builder(name).maxIterations(10L).build();
            for (String bad : List.of("0", "-1", "NaN", "inf", "x")) {
                assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, s.withOption("alpha", bad), 6)).as(name + " alpha=" + bad)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha").hasMessageNotContaining("\n");
                assertThatThrownBy(() -> m.solve(problem(), s.withOption("alpha", bad), IterationListener.NONE))
                    .isInstanceOf(InvalidInputException.class);
            }
            assertThatThrownBy(() -> SolveSettings.builder(name).step(0).build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("step");
            assertThatThrownBy(() -> SolveSettings.builder(name).step(-1e-3).build()).isInstanceOf(InvalidInputException.class);
            // a given X₀ is checked when the settings are: the zero matrix is not positive definite (md), a 5×5 one not 6×6
            if (name.equals("md")) {
                assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, s.withInit(SolveSettings.Init.GIVEN, new double[36]), 6))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("X0 must be positive definite");
            }
            assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, s.withInit(SolveSettings.Init.GIVEN, new double[25]), 6))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("X0 must be 6×6");
            assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, s.withInit(SolveSettings.Init.SVD, new double[36]), 6))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--init".substring(2));
            assertThatThrownBy(() -> m.capabilities(ProblemKind.RECTANGULAR_COMPLETION)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not solve rectangular-completion");
            m.validate(ProblemKind.SYMMETRIC, s.withOption("alpha", "1e-6"), 6);
        }
    }

    @Test
    void aTraceRecordsItsIterates() {
        Problem p = problem();
        for (String name : names()) {
            TraceRecorder trace = new TraceRecorder(TraceSchedule.every(50), 3);
            SolveReport r = Methods.get(name).solve(p, SolveSettings.builder(name).maxIterations(200L).tol(0.0).build(),
                ViewListener.both(IterationListener.NONE, trace));
            List<TraceRecorder.Row> rows = trace.rows();
            assertThat(rows).as(name).extracting(TraceRecorder.Row::iteration).containsExactly(0L, 50L, 100L, 150L, 200L);
            TraceRecorder.Row last = rows.get(rows.size() - 1);
            assertThat(last.nuclearNorm()).as(name).isCloseTo(r.metrics().nuclearNorm(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(last.relativeError()).as(name).isFinite();
            assertThat(last.flowTime()).as(name + ": t = kη").isEqualTo(200 * MirrorDescentMethod.DEFAULT_STEP,
                org.assertj.core.data.Offset.offset(1e-12));
            assertThat(last.singularValues()).as(name).hasSize(3);
        }
    }

    /** Relative agreement of a run on (a𝒜, b·y) with the base run: rounding only. */
    static final double SCALED_X_TOL = 1e-9;

    /**
     * md is free of the problem's units: on (a𝒜, b·y), from α·b/a with step η/(ab), every iterate is (b/a)·X_k of the
     * run on (𝒜, y) (log X moves by the same amounts), so the stop, its step and X/(b/a) are the same; A and y scaled
     * by 1e3 and by 1e-3, together and apart.
     */
    @Test
    void mdOnAScaledProblemStopsAtTheCorrespondingIterate() {
        Problem base = problem();
        double eta = 0.2;
        double alpha = 1e-3;
        SolveSettings s = SolveSettings.builder("md").step(eta).maxIterations(20000L).tol(1e-3).build();
        OptimizationResult ref = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, eta, alpha)
            .withMaxIterations(20000).withTol(1e-3)).optimize(base, IterationListener.NONE);
        SolveReport r0 = Methods.get("md").solve(base, s.withOption("alpha", Double.toString(alpha)), IterationListener.NONE);
        assertThat(r0.result().iterations()).isEqualTo(ref.iterations());
        assertThat(ref.stopReason()).isEqualTo(org.implreg.run.StopReason.CONVERGED);
        for (double[] ab : new double[][] {{1e3, 1e3}, {1e-3, 1e-3}, {1e3, 1}, {1, 1e3}, {1e-3, 1}, {1, 1e-3}}) {
            double a = ab[0];
            double b = ab[1];
            SolveSettings scaled = SolveSettings.builder("md").step(eta / (a * b)).maxIterations(20000L).tol(1e-3).build()
                .withOption("alpha", Double.toString(alpha * b / a));
            SolveReport r = Methods.get("md").solve(base.scaled(a, b), scaled, IterationListener.NONE);
            String as = "md on (" + a + "·A, " + b + "·y)";
            assertThat(r.result().stopReason()).as(as).isEqualTo(ref.stopReason());
            assertThat(r.result().iterations()).as(as).isEqualTo(ref.iterations());
            double[] x = r.result().x().clone();
            for (int i = 0; i < x.length; i++) {
                x[i] *= a / b;
            }
            assertThat(Linalg.distance(x, ref.x()) / Linalg.norm(ref.x())).as(as).isLessThan(SCALED_X_TOL);
        }
    }
}
