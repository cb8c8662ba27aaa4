package org.implreg.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.TestProblems;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.junit.jupiter.api.Test;

/**
 * The gradient flow against closed forms: m = 1 (page 4 of Gunasekar et al.: X_t = e^{sA}X₀e^{sA};
 * for A = e₁e₁ᵀ the scalar s solves a logistic equation) and commuting (diagonal) A_i (eq. 7).
 * In implreg's scaling U̇ = −4𝒜*(r)U, so X_t = e^{−4𝒜*(s_t)} X₀ e^{−4𝒜*(s_t)}, s_t = ∫₀ᵗ r.
 */
class GradientFlowTest {
    /** Closed-form agreement at rtol 1e-11 (global error of the integrator). */
    static final double CLOSED_FORM_TOL = 1e-8;
    /** ROS2 is second order: closed-form agreement at rtol 1e-9. */
    static final double ROS2_CLOSED_FORM_TOL = 1e-6;

    private static GradientFlow.Options fixedTime(GradientFlow.Integrator integrator, double rtol, double time) {
        return GradientFlow.Options.defaults().withIntegrator(integrator).withRtol(rtol).withTol(0)
            .withStationaryTol(0).withMaxTime(time);
    }

    /** m = 1, A = e₁e₁ᵀ, y: x₁₁ follows ẋ = −8(x − y)x; row/column 1 scale by √(x₁₁(t)/x₁₁(0)). */
    private static double[] logisticClosedForm(double[] x0, int n, double y, double t) {
        double a = x0[0];
        double x11 = y / (1.0 + (y / a - 1.0) * Math.exp(-8.0 * y * t));
        double c = Math.sqrt(x11 / a);
        double[] x = x0.clone();
        for (int j = 0; j < n; j++) {
            x[0 + j * n] *= c;
            x[j] *= c;
        }
        return x;
    }

    private static Problem singleEntry(int n, double y) {
        return new Problem(new CompletionOperator(n, new int[] {0}, new int[] {0}), new double[] {y}, null, Map.of());
    }

    @Test
    void singleEntryMeasurementFollowsTheLogisticClosedForm() {
        int n = 4;
        double y = 1.5;
        double time = 3.0;
        Problem p = singleEntry(n, y);
        double[] u0 = Rng.gaussian(Rng.stream(3, "u0"), n * n);
        for (int i = 0; i < u0.length; i++) {
            u0[i] *= 0.1;
        }
        double[] x0 = TestProblems.gram(u0, n, n);
        double[] expected = logisticClosedForm(x0, n, y, time);
        for (GradientFlow.Integrator integ : GradientFlow.Integrator.values()) {
            boolean ros2 = integ == GradientFlow.Integrator.ROS2;
            FlowResult r = new GradientFlow(fixedTime(integ, ros2 ? 1e-9 : 1e-11, time)).optimize(new FactorizedObjective(p, n), u0);
            assertThat(r.flowTime()).isEqualTo(time);
            assertThat(r.result().stopReason()).isEqualTo(StopReason.MAX_ITER);
            assertThat(TestProblems.relDiff(r.result().x(), expected)).as(integ.key())
                .isLessThan(ros2 ? ROS2_CLOSED_FORM_TOL : CLOSED_FORM_TOL);
        }
    }

    @Test
    void integratorErrorFallsWithItsTolerance() {
        int n = 3;
        double y = 2.0;
        double time = 2.0;
        Problem p = singleEntry(n, y);
        double[] u0 = Rng.gaussian(Rng.stream(4, "u0"), n * n);
        for (int i = 0; i < u0.length; i++) {
            u0[i] *= 0.05;
        }
        double[] expected = logisticClosedForm(TestProblems.gram(u0, n, n), n, y, time);
        for (GradientFlow.Integrator integ : List.of(GradientFlow.Integrator.DP853, GradientFlow.Integrator.ROS2,
            GradientFlow.Integrator.BDF)) {
            List<Double> errors = new ArrayList<>();
            double[] rtols = integ == GradientFlow.Integrator.DP853 ? new double[] {1e-4, 1e-6, 1e-8, 1e-10}
                : new double[] {1e-3, 1e-5, 1e-7, 1e-9};
            for (double rtol : rtols) {
                FlowResult r = new GradientFlow(fixedTime(integ, rtol, time)).optimize(new FactorizedObjective(p, n), u0);
                errors.add(TestProblems.relDiff(r.result().x(), expected));
            }
            for (int k = 1; k < errors.size(); k++) {
                assertThat(errors.get(k)).as(integ.key() + " errors " + errors).isLessThan(errors.get(k - 1));
            }
            assertThat(errors.get(errors.size() - 1)).as(integ.key()).isLessThan(1e-6);
        }
    }

    /** A general symmetric A (m = 1): X_t = e^{−4sA}X₀e^{−4sA} for one scalar s, i.e. eq. (7) with m = 1. */
    @Test
    void singleGeneralMeasurementStaysOnTheExponentialPath() {
        int n = 5;
        RandomGenerator rng = Rng.stream(5, "m1");
        double[] stack = TestProblems.randomSymmetricStack(1, n, rng);
        DenseSymmetricOperator op = DenseSymmetricOperator.fromDenseStack(1, n, stack, "m1");
        Problem p = new Problem(op, new double[] {1.0}, null, Map.of());
        double[] u0 = Rng.gaussian(rng, n * n);
        for (int i = 0; i < u0.length; i++) {
            u0[i] *= 0.1;
        }
        FlowResult r = new GradientFlow(fixedTime(GradientFlow.Integrator.AUTO, 1e-11, 0.5))
            .optimize(new FactorizedObjective(p, n), u0);
        double[] a = new double[n * n];
        op.adjoint(new double[] {1.0}, a);
        SymmetricEigen e = SymmetricEigen.decompose(a, n, true);
        double[] x0 = rotate(TestProblems.gram(u0, n, n), e.vectors(), n);
        double[] xt = rotate(r.result().x(), e.vectors(), n);
        double[] lambda = e.values();
        // s from the top eigen-direction, then every entry: X̃_kl(t) = e^{−4s(λ_k + λ_l)} X̃_kl(0)
        double s = -Math.log(xt[0] / x0[0]) / (8.0 * lambda[0]);
        double[] predicted = new double[n * n];
        for (int l = 0; l < n; l++) {
            for (int k = 0; k < n; k++) {
                predicted[k + l * n] = Math.exp(-4.0 * s * (lambda[k] + lambda[l])) * x0[k + l * n];
            }
        }
        assertThat(TestProblems.relDiff(xt, predicted)).isLessThan(CLOSED_FORM_TOL);
        // the flow moved: s is far from 0
        assertThat(Math.abs(s)).isGreaterThan(0.01);
    }

    /** Diagonal A_i commute: X_t = e^{−4D}X₀e^{−4D} with D = 𝒜*(s) diagonal and in the span of the A_i. */
    @Test
    void commutingMeasurementsFollowEquationSeven() {
        int n = 5;
        int m = 2;
        RandomGenerator rng = Rng.stream(6, "diag");
        double[] stack = new double[m * n * n];
        double[][] diag = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                diag[i][k] = rng.nextGaussian();
                stack[i * n * n + k * n + k] = diag[i][k];
            }
        }
        DenseSymmetricOperator op = DenseSymmetricOperator.fromDenseStack(m, n, stack, "diag");
        double[] xStar = new double[n * n];
        for (int k = 0; k < n; k++) {
            xStar[k + k * n] = 1.0 + k;
        }
        double[] y = new double[m];
        op.apply(xStar, y);
        Problem p = new Problem(op, y, null, Map.of());
        double[] u0 = Rng.gaussian(rng, n * n);
        for (int i = 0; i < u0.length; i++) {
            u0[i] *= 0.1;
        }
        FlowResult r = new GradientFlow(fixedTime(GradientFlow.Integrator.AUTO, 1e-11, 2.0))
            .optimize(new FactorizedObjective(p, n), u0);
        double[] x0 = TestProblems.gram(u0, n, n);
        double[] xt = r.result().x();
        double[] dk = new double[n];
        for (int k = 0; k < n; k++) {
            dk[k] = -Math.log(xt[k + k * n] / x0[k + k * n]) / 8.0;
        }
        double[] predicted = new double[n * n];
        for (int l = 0; l < n; l++) {
            for (int k = 0; k < n; k++) {
                predicted[k + l * n] = Math.exp(-4.0 * (dk[k] + dk[l])) * x0[k + l * n];
            }
        }
        assertThat(TestProblems.relDiff(xt, predicted)).isLessThan(CLOSED_FORM_TOL);
        // D = Σ s_i diag(A_i): least squares in s, residual at integration accuracy
        double[][] normal = new double[m][m];
        double[] rhs = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < n; k++) {
                    normal[i][j] += diag[i][k] * diag[j][k];
                }
            }
            for (int k = 0; k < n; k++) {
                rhs[i] += diag[i][k] * dk[k];
            }
        }
        double det = normal[0][0] * normal[1][1] - normal[0][1] * normal[1][0];
        double s0 = (rhs[0] * normal[1][1] - rhs[1] * normal[0][1]) / det;
        double s1 = (normal[0][0] * rhs[1] - normal[1][0] * rhs[0]) / det;
        double worst = 0;
        for (int k = 0; k < n; k++) {
            worst = Math.max(worst, Math.abs(s0 * diag[0][k] + s1 * diag[1][k] - dk[k]));
        }
        assertThat(worst).isLessThan(CLOSED_FORM_TOL);
    }

    @Test
    void lossDecreasesAlongTheFlowAndStopsAtTheTolerance() {
        int n = 6;
        Problem p = smallSensing(n, 9, 21);
        double[] u0 = scaled(Rng.gaussian(Rng.stream(8, "u0"), n * n), 1e-3);
        double[] last = {Double.POSITIVE_INFINITY};
        boolean[] monotone = {true};
        FlowResult r = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-8))
            .optimize(new FactorizedObjective(p, n), u0, s -> {
                if (s.loss() > last[0] * (1 + 1e-9)) {
                    monotone[0] = false;
                }
                last[0] = s.loss();
            });
        assertThat(monotone[0]).isTrue();
        assertThat(r.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.result().trainError()).isLessThanOrEqualTo(1e-8);
        assertThat(r.result().gradientEvaluations()).isPositive();
        assertThat(r.flowTime()).isPositive();
        assertThat(Linalg.asymmetry(r.result().x(), n)).isLessThan(1e-14);
    }

    /**
     * The tail where the surplus directions settle like 1/t: rank-1 X* recovered from m = 15 &gt; 6 = n
     * measurements (n = 6, d = n), from ‖U₀‖ = 10⁻⁴, to a training error of 10⁻⁷. The default (Dormand–Prince,
     * then NDF of order up to 5) reaches the same limit as Dormand–Prince + ROS2 (order 2), with at most
     * half its evaluations: ROS2's steps grow by (rtol)^{-1/3} per e-fold of t, NDF's by (rtol)^{-1/6}.
     */
    @Test
    void ndfCrossesThePolynomialTailWithFewerEvaluationsThanRos2() {
        int n = 6;
        Problem p = smallSensing(n, 15, 31);
        double[] u0 = scaled(Rng.gaussian(Rng.stream(9, "u0"), n * n), 1e-4);
        GradientFlow.Options o = GradientFlow.Options.defaults().withTol(1e-7);
        FlowResult ndf = new GradientFlow(o).optimize(new FactorizedObjective(p, n), u0);
        FlowResult ros2 = new GradientFlow(o.withIntegrator(GradientFlow.Integrator.DP853_ROS2))
            .optimize(new FactorizedObjective(p, n), u0);
        assertThat(ndf.integrator()).isEqualTo("dp853+bdf");
        assertThat(ros2.integrator()).isEqualTo("dp853+ros2");
        assertThat(ndf.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(ros2.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        // a tail that is long in flow time: far past the escape (≈ log(1/α)/ρ)
        assertThat(ndf.flowTime() * ndf.rate()).isGreaterThan(1e3);
        assertThat(TestProblems.relDiff(ndf.result().x(), ros2.result().x())).isLessThan(TAIL_AGREEMENT);
        assertThat(TestProblems.relDiff(ndf.result().x(), p.xStar())).isLessThan(1e-3);
        assertThat(ndf.result().gradientEvaluations()).as("NDF %d vs ROS2 %d evaluations",
            ndf.result().gradientEvaluations(), ros2.result().gradientEvaluations())
            .isLessThan(ros2.result().gradientEvaluations() / 2);
    }

    /** Two integrators' limits at a training error of 10⁻⁷, both at rtol 10⁻⁸: the stop points differ along a slow tail. */
    static final double TAIL_AGREEMENT = 1e-5;

    /** A random underdetermined Gaussian sensing problem with a rank-1 PSD solution. */
    static Problem smallSensing(int n, int m, long seed) {
        RandomGenerator rng = Rng.stream(seed, "small-sensing");
        double[] stack = TestProblems.randomSymmetricStack(m, n, rng);
        for (int i = 0; i < stack.length; i++) {
            stack[i] /= Math.sqrt(2.0 * m);
        }
        DenseSymmetricOperator op = DenseSymmetricOperator.fromDenseStack(m, n, stack, "small");
        double[] w = Rng.gaussian(rng, n);
        double[] xStar = TestProblems.gram(w, n, 1);
        double scale = Linalg.norm(xStar);
        for (int i = 0; i < xStar.length; i++) {
            xStar[i] /= scale;
        }
        double[] y = new double[m];
        op.apply(xStar, y);
        return new Problem(op, y, xStar, Map.of());
    }

    static double[] scaled(double[] u, double norm) {
        double s = norm / Linalg.norm(u);
        for (int i = 0; i < u.length; i++) {
            u[i] *= s;
        }
        return u;
    }

    /** Qᵀ X Q. */
    private static double[] rotate(double[] x, double[] q, int n) {
        double[] t = new double[n * n];
        double[] out = new double[n * n];
        Linalg.BLAS.dgemm("T", "N", n, n, n, 1.0, q, n, x, n, 0.0, t, n);
        Linalg.BLAS.dgemm("N", "N", n, n, n, 1.0, t, n, q, n, 0.0, out, n);
        return out;
    }

    @Test
    void rejectsAZeroStartAndMismatchedShapes() {
        Problem p = singleEntry(3, 1.0);
        FactorizedObjective f = new FactorizedObjective(p, 3);
        GradientFlow flow = new GradientFlow(GradientFlow.Options.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.optimize(f, new double[9], IterationListener.NONE))
            .hasMessageContaining("must not be zero");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> flow.optimize(f, new double[4], IterationListener.NONE))
            .hasMessageContaining("3×3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GradientFlow.Options.defaults().withRtol(0))
            .hasMessageContaining("rtol");
    }

    /**
     * Figure 4 grid instance 26886 (mask 2, values 1/3, 7/9, 7/9, 1/3), α = 1e-3: at rtol 1e-5 a too-long
     * trial step overflowed the quartic loss and the run used to end NON_FINITE at t ≈ 16.8. A non-finite
     * trial stage must only reject the step: the flow converges.
     */
    @Test
    void anOverflowingTrialStageRejectsTheStepInsteadOfEndingTheRun() {
        int[][] m = org.implreg.grid.PsdCompletionGrid.mask(2);
        int rest = 6886;
        double[] y = new double[4];
        for (int t = 0; t < 4; t++) {
            y[t] = (2.0 * (rest % 10) - 9) / 9;
            rest /= 10;
        }
        Problem p = new Problem(new CompletionOperator(3, m[0], m[1]), y, null, Map.of());
        double[] u0 = org.implreg.optimizer.Initializers.gaussian(3, 3, 1e-3, Rng.stream(1, "grid-26886-0.001"));
        FlowResult r = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-6).withRtol(1e-5).withMaxEvaluations(100_000))
            .optimize(new FactorizedObjective(p, 3), u0);
        assertThat(r.result().stopReason()).isEqualTo(StopReason.CONVERGED);
        assertThat(r.result().trainError()).isLessThanOrEqualTo(1e-6);
    }
}
