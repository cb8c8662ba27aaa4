package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.metrics.ViewListener;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.run.IterationListener;
import org.junit.jupiter.api.Test;

/**
 * The registry's "gd-pm" (GD on X = UUᵀ − VVᵀ): with V ≡ 0 it is gd bit for bit on sensing and completion; from a small
 * initialization it recovers an indefinite X* that gd on UUᵀ cannot reach; its start and trace; bad options refused.
 */
class PlusMinusMethodTest {
    /** Recovery: ‖X − X*‖_F/‖X*‖_F after training to {@link #TRAIN_TOL}; 3nr-ish Gaussian measurements of a rank-(1, 1) X*. */
    static final double RECOVERY_TOL = 1e-3;
    /**
     * Training error ‖𝒜(X) − y‖/‖y‖ to reach: with d = n the surplus directions of U and V decay only sublinearly
     * (as gd's, see GradientDescent.Options.DEFAULT_TOL), so a tight one costs many steps.
     */
    static final double TRAIN_TOL = 1e-4;
    /**
     * gd on UUᵀ ⪰ 0 stays at least this far (relative) from an X* of inertia (1, 1): no PSD matrix is nearer than its
     * negative eigenvalue, ≈ ‖X*‖_F/√2 (0.72 on the instance below; gd stops at 0.87).
     */
    static final double PSD_GAP = 0.3;

    static Problem indefinite(ProblemSpec.Measurement meas, int n, int rPlus, int rMinus, int m, long seed) {
        return ProblemGenerator.generate(new ProblemSpec(n, rPlus, m, ProblemSpec.Planted.INDEFINITE, meas, 0.0,
            MeasurementOperators.DEFAULT_POWER_LAW_EXPONENT, rMinus), seed);
    }

    @Test
    void zeroVIsGdBitForBitOnSensingAndCompletion() {
        for (ProblemSpec.Measurement meas : new ProblemSpec.Measurement[] {ProblemSpec.Measurement.GAUSSIAN, ProblemSpec.Measurement.UNIFORM,
            ProblemSpec.Measurement.POWER_LAW}) {
            Problem p = indefinite(meas, 7, 2, 1, 24, 3);
            for (Integer d : new Integer[] {null, 3}) {
                SolveSettings gd = SolveSettings.builder("gd").d(d).initScale(1e-2).step(5e-2).maxIterations(1500L).tol(1e-9).seed(4).build();
                SolveSettings pm = SolveSettings.builder("gd-pm").d(d).initScale(1e-2).step(5e-2).maxIterations(1500L).tol(1e-9).seed(4)
                    .build().withOption("v_scale", "0");
                SolveReport a = Methods.get("gd").solve(p, gd, IterationListener.NONE);
                SolveReport b = Methods.get("gd-pm").solve(p, pm, IterationListener.NONE);
                int nd = a.result().u().length;
                assertThat(Arrays.copyOfRange(b.result().u(), 0, nd)).as(meas.key() + " U").isEqualTo(a.result().u());
                assertThat(Arrays.stream(b.result().u(), nd, 2 * nd).allMatch(x -> x == 0)).as("V stays 0").isTrue();
                assertThat(b.result().x()).as(meas.key() + " X").isEqualTo(a.result().x());
                assertThat(b.result().iterations()).isEqualTo(a.result().iterations());
                assertThat(b.result().stopReason()).isEqualTo(a.result().stopReason());
                assertThat(b.result().loss()).isEqualTo(a.result().loss());
                assertThat(b.result().gradientNorm()).isEqualTo(a.result().gradientNorm());
            }
        }
    }

    @Test
    void smallInitRecoversAnIndefiniteTargetWhichGdCannot() {
        Problem p = indefinite(ProblemSpec.Measurement.GAUSSIAN, 8, 1, 1, 64, 1);
        double xs = Linalg.norm(p.xStar());
        SolveSettings s = SolveSettings.builder("gd-pm").initScale(1e-3).step(5e-2).maxIterations(50_000L).tol(TRAIN_TOL).seed(2).build();
        SolveReport pm = Methods.get("gd-pm").solve(p, s, IterationListener.NONE);
        assertThat(pm.result().trainError()).isLessThanOrEqualTo(TRAIN_TOL);
        assertThat(Linalg.distance(pm.result().x(), p.xStar()) / xs).isLessThan(RECOVERY_TOL);
        SolveReport identity = Methods.get("gd-pm").solve(p, s.withOption("start", "identity"), IterationListener.NONE);
        assertThat(Linalg.distance(identity.result().x(), p.xStar()) / xs).isLessThan(RECOVERY_TOL);
        SolveSettings g = SolveSettings.builder("gd").initScale(1e-3).step(5e-2).maxIterations(50_000L).tol(TRAIN_TOL).seed(2).build();
        SolveReport gd = Methods.get("gd").solve(p, g, IterationListener.NONE);
        assertThat(Linalg.distance(gd.result().x(), p.xStar()) / xs).isGreaterThan(PSD_GAP);
    }

    @Test
    void identityStartIsScaledIdentityPairsAndTheTraceSeesX() {
        Problem p = indefinite(ProblemSpec.Measurement.GAUSSIAN, 6, 1, 1, 30, 7);
        int n = 6;
        int d = 4;
        double scale = 0.2;
        SolveSettings s = SolveSettings.builder("gd-pm").d(d).initScale(scale).step(1e-2).maxIterations(0L).seed(1).build()
            .withOption("start", "identity");
        SolveReport r = Methods.get("gd-pm").solve(p, s, IterationListener.NONE);
        double c = scale / Math.sqrt(d);
        double[] w = r.result().u();
        assertThat(w).hasSize(2 * n * d);
        assertThat(r.result().d()).isEqualTo(2 * d);
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                double e = i == j ? c : 0.0;
                assertThat(w[i + j * n]).isEqualTo(e);
                assertThat(w[n * d + i + j * n]).isEqualTo(e);
            }
        }
        assertThat(Arrays.stream(r.result().x()).allMatch(x -> x == 0)).as("X₀ = UUᵀ − VVᵀ = 0").isTrue();
        TraceRecorder trace = new TraceRecorder(TraceSchedule.every(1), 3);
        SolveReport t = Methods.get("gd-pm").solve(p, s.withMaxIterations(20L), ViewListener.both(st -> { }, trace));
        TraceRecorder.Row last = trace.rows().get(trace.rows().size() - 1);
        assertThat(last.nuclearNorm()).isCloseTo(t.metrics().nuclearNorm(), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(trace.rows().get(0).nuclearNorm()).isEqualTo(0.0);
    }

    @Test
    void badOptionsAreRefusedWithOneLine() {
        Problem p = indefinite(ProblemSpec.Measurement.GAUSSIAN, 6, 1, 1, 30, 7);
        Method m = Methods.get("gd-pm");
        SolveSettings s = SolveSettings.builder("gd-pm").maxIterations(10L).seed(1).build();
        for (String[] bad : new String[][] {{"v_scale", "-1"}, {"v_scale", "NaN"}, {"start", "eye"}, {"nope", "1"}}) {
            assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, s.withOption(bad[0], bad[1]), 6)).as(bad[0] + "=" + bad[1])
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(bad[0]).hasMessageNotContaining("\n");
        }
        assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, SolveSettings.builder("gd-pm").step(0).build(), 6))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("step");
        assertThatThrownBy(() -> m.solve(p, SolveSettings.builder("gd-pm").lineSearch(true).build(), IterationListener.NONE))
            .isInstanceOf(InvalidInputException.class).hasMessageContaining("line");
        assertThat(m.capabilities(ProblemKind.SYMMETRIC).optionKeys()).containsExactly("start", "v_scale");
    }
}
