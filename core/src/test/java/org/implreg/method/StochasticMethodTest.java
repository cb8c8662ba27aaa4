package org.implreg.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.TraceRecorder;
import org.implreg.metrics.TraceSchedule;
import org.implreg.metrics.ViewListener;
import org.implreg.problem.CompletionOperator;
import org.implreg.problem.MeasurementOperator;
import org.implreg.problem.MeasurementOperators;
import org.implreg.problem.Problem;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.StopReason;
import org.junit.jupiter.api.Test;

/**
 * The registry's "sgd", "adam" and "rmsprop" (issue 31): sgd with b = m is gd bit for bit; Adam's and RMSprop's first
 * steps against their definitions; minibatches seeded; the stopping rules on the full loss; options refused.
 */
class StochasticMethodTest {
    /** First steps: the bias-corrected quotients M̂/√V̂ are G/|G| up to a few roundings, so a few ulps of η. */
    private static final double FIRST_STEP_TOL = 1e-14;
    /**
     * Relative training error Adam and RMSprop reach with η = 1e-3 (a fixed step leaves RMSprop a floor of order
     * 1e-3 on this problem: its steps are ≈ η per entry whatever the gradient).
     */
    private static final double FIT_TOL = 1e-2;
    /** The full loss the run reports against f(U) recomputed: the same kernel, so equal up to rounding. */
    private static final double LOSS_TOL = 1e-12;

    static Problem sensing() {
        return MomentumMethodTest.problem(); // n = 6, m = 12, rank 2
    }

    /** Symmetric completion, n = 6, 20 observed entries of a rank-1 PSD matrix. */
    static Problem completion() {
        int n = 6;
        int m = 20;
        var rng = Rng.stream(11, "stochastic-method-test-completion");
        int[] rows = new int[m];
        int[] cols = new int[m];
        for (int i = 0; i < m; i++) {
            rows[i] = rng.nextInt(n);
            cols[i] = rng.nextInt(n);
        }
        CompletionOperator op = new CompletionOperator(n, rows, cols);
        double[] w = Rng.gaussian(rng, n);
        double[] x = new double[n * n];
        Linalg.gram(w, n, 1, x);
        double[] y = new double[m];
        op.apply(x, y);
        return new Problem(op, y, x, Map.of());
    }

    private static SolveSettings settings(String method, double step, long maxIter) {
        return SolveSettings.of(method, null, 1e-3, step, 5).withMaxIterations(maxIter);
    }

    @Test
    void sgdWithTheFullBatchIsGdBitForBit() {
        for (Problem p : List.of(sensing(), completion())) {
            int m = p.operator().m();
            List<Double> gdLosses = new ArrayList<>();
            List<Double> sgdLosses = new ArrayList<>();
            SolveReport gd = Methods.get("gd").solve(p, settings("gd", 1e-2, 2000), s -> gdLosses.add(s.loss()));
            SolveReport sgd = Methods.get("sgd").solve(p, settings("sgd", 1e-2, 2000).withOption("batch", Integer.toString(m)),
                s -> sgdLosses.add(s.loss()));
            assertThat(sgd.result().u()).isEqualTo(gd.result().u());
            assertThat(sgd.result().x()).isEqualTo(gd.result().x());
            assertThat(sgd.result().iterations()).isEqualTo(gd.result().iterations());
            assertThat(sgd.result().stopReason()).isEqualTo(gd.result().stopReason());
            assertThat(sgd.result().criterion()).isEqualTo(gd.result().criterion());
            assertThat(Double.doubleToLongBits(sgd.result().loss())).isEqualTo(Double.doubleToLongBits(gd.result().loss()));
            assertThat(sgdLosses).isEqualTo(gdLosses);
            assertThat(sgd.used()).containsEntry("batch", m).containsEntry("eval_every", 1L);
        }
    }

    @Test
    void adamsFirstStepIsEtaTimesTheSignOfTheGradient() {
        Problem p = sensing();
        double eta = 1e-3;
        double eps = 1e-8;
        SolveSettings s = settings("adam", eta, 1).withTol(0.0);
        double[] u0 = InitialFactors.of(s, p, p.n());
        double[] g = gradient(p, u0);
        SolveReport r = Methods.get("adam").solve(p, s, IterationListener.NONE);
        assertThat(r.result().iterations()).isEqualTo(1);
        double[] u1 = r.result().u();
        for (int i = 0; i < u0.length; i++) {
            double expected = u0[i] - eta * g[i] / (Math.abs(g[i]) + eps);
            assertThat(u1[i]).as("entry " + i).isCloseTo(expected, org.assertj.core.data.Offset.offset(FIRST_STEP_TOL));
        }
        // nearly every entry moved by η: the step is scale-free
        assertThat(Math.abs(u1[0] - u0[0])).isCloseTo(eta, org.assertj.core.data.Offset.offset(eta * 1e-3));
    }

    @Test
    void rmspropsFirstStepFollowsItsDefinition() {
        Problem p = sensing();
        double eta = 1e-3;
        double rho = 0.9;
        double eps = 1e-6;
        SolveSettings s = settings("rmsprop", eta, 1).withTol(0.0).withOption("rho", "0.9").withOption("eps", "1e-6");
        double[] u0 = InitialFactors.of(s, p, p.n());
        double[] g = gradient(p, u0);
        double[] u1 = Methods.get("rmsprop").solve(p, s, IterationListener.NONE).result().u();
        for (int i = 0; i < u0.length; i++) {
            double expected = u0[i] - eta * g[i] / (Math.sqrt(1 - rho) * Math.abs(g[i]) + eps);
            assertThat(u1[i]).as("entry " + i).isCloseTo(expected, org.assertj.core.data.Offset.offset(FIRST_STEP_TOL));
        }
    }

    /** ∇f(U) = 4𝒜*(r)U at U. */
    private static double[] gradient(Problem p, double[] u) {
        FactorizedObjective f = new FactorizedObjective(p, p.n());
        double[] r = new double[p.operator().m()];
        double[] g = new double[u.length];
        f.residual(u, r);
        f.gradient(u, r, g);
        return g;
    }

    @Test
    void adamAndRmspropFitTheData() {
        Problem p = sensing();
        for (String m : List.of("adam", "rmsprop")) {
            SolveReport r = Methods.get(m).solve(p, settings(m, 1e-3, 50_000).withTol(FIT_TOL), IterationListener.NONE);
            assertThat(r.result().stopReason()).as(m).isEqualTo(StopReason.CONVERGED);
            assertThat(r.result().trainError()).as(m).isLessThanOrEqualTo(FIT_TOL);
        }
    }

    @Test
    void minibatchesAreSeededAndTheStopsSeeTheFullLoss() {
        for (Problem p : List.of(sensing(), completion())) {
            int m = p.operator().m();
            SolveSettings s = settings("sgd", 2e-3, 3001).withTol(0.0).withOption("batch", "3");
            SolveReport a = Methods.get("sgd").solve(p, s, IterationListener.NONE);
            SolveReport b = Methods.get("sgd").solve(p, s, IterationListener.NONE);
            assertThat(b.result().u()).as("same seed, same bits").isEqualTo(a.result().u());
            SolveSettings other = SolveSettings.of("sgd", null, 1e-3, 2e-3, 6).withMaxIterations(3001L).withTol(0.0).withOption("batch", "3");
            SolveReport c = Methods.get("sgd").solve(p, other, IterationListener.NONE);
            assertThat(c.result().u()).as("another seed, other batches (and init)").isNotEqualTo(a.result().u());
            SolveReport gd = Methods.get("gd").solve(p, settings("gd", 2e-3, 3001).withTol(0.0), IterationListener.NONE);
            assertThat(a.result().u()).as("a minibatch run is not gd's").isNotEqualTo(gd.result().u());
            // the last iterate (the cap, 3001, not a multiple of E = ⌈m/3⌉) is evaluated on the full loss
            assertThat(a.result().iterations()).isEqualTo(3001);
            double full = new FactorizedObjective(p, p.n()).value(a.result().u());
            assertThat(a.result().loss()).isCloseTo(full, org.assertj.core.data.Offset.offset(LOSS_TOL * Math.max(full, 1e-300)));
            assertThat(a.result().loss()).as("it learned").isLessThan(0.5 * new FactorizedObjective(p, p.n()).value(
                InitialFactors.of(s, p, p.n())));
            // the listener and a trace see the evaluated iterates only: 0, E, 2E, …, and the last
            long every = (m + 2) / 3;
            List<Long> seen = new ArrayList<>();
            TraceRecorder trace = new TraceRecorder(TraceSchedule.every(1), 2);
            Methods.get("sgd").solve(p, s, ViewListener.both(st -> seen.add(st.iteration()), trace));
            assertThat(seen).allMatch(k -> k % every == 0 || k == 3001).contains(0L, every, 3001L);
            assertThat(trace.rows()).isNotEmpty().allMatch(row -> row.iteration() % every == 0 || row.iteration() == 3001);
        }
    }

    /**
     * With minibatches the stationarity rule reads the change over the window since the last evaluation,
     * ‖U_k − U_{k−E}‖_F/‖U_{k−E}‖_F, not one minibatch step's (which can be ≈ 0 far from a stationary point).
     */
    @Test
    void aMinibatchRunsRelativeChangeIsOverTheWindowSinceTheLastEvaluation() {
        Problem p = sensing();
        SolveSettings s = settings("sgd", 2e-3, 200).withTol(0.0).withOption("batch", "3");
        List<double[]> points = new ArrayList<>();
        List<Double> changes = new ArrayList<>();
        Methods.get("sgd").solve(p, s, st -> {
            points.add(st.point().clone());
            changes.add(st.relativeChange());
        });
        assertThat(points.size()).isGreaterThan(3);
        for (int i = 1; i < points.size(); i++) {
            double[] prev = points.get(i - 1);
            double expected = org.implreg.linalg.Linalg.distance(points.get(i), prev) / org.implreg.linalg.Linalg.norm(prev);
            assertThat(changes.get(i)).as("evaluation %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * expected));
        }
    }

    @Test
    void withReplacementDiffersAndIsSeeded() {
        Problem p = sensing();
        SolveSettings s = settings("sgd", 2e-3, 500).withTol(0.0).withOption("batch", "12").withOption("replacement", "true");
        SolveReport a = Methods.get("sgd").solve(p, s, IterationListener.NONE);
        SolveReport gd = Methods.get("gd").solve(p, settings("gd", 2e-3, 500).withTol(0.0), IterationListener.NONE);
        assertThat(a.result().u()).as("b = m with replacement is stochastic").isNotEqualTo(gd.result().u());
        assertThat(Methods.get("sgd").solve(p, s, IterationListener.NONE).result().u()).isEqualTo(a.result().u());
    }

    @Test
    void theRowKernelsAgreeWithTheFullOperator() {
        double tol = 1e-12;
        int d = 3;
        for (Problem p : List.of(sensing(), completion(), sensing().scaled(3.0, 2.0))) {
            MeasurementOperator op = p.operator();
            int n = op.n();
            int m = op.m();
            double[] u = Rng.gaussian(Rng.stream(1, "rows-u"), n * d);
            int[] rows = {m - 1, 0, 2, 2, m / 2};
            double[] w = {0.5, -1.0, 2.0, 0.25, 3.0};
            double[] work = new double[op.workspaceSize(d)];
            double[] all = new double[m];
            op.applyGram(u, d, all, work);
            double[] got = new double[rows.length];
            op.applyGramRows(rows, u, d, got, work);
            double[] scattered = new double[m];
            for (int k = 0; k < rows.length; k++) {
                assertThat(got[k]).isCloseTo(all[rows[k]], org.assertj.core.data.Offset.offset(tol * Linalg.norm(all)));
                scattered[rows[k]] += w[k];
            }
            double[] expected = new double[n * d];
            op.adjointTimes(scattered, u, d, expected, work);
            double[] g = new double[n * d];
            op.adjointTimesRows(rows, w, u, d, g, work);
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tol * Linalg.norm(expected)));
            }
        }
    }

    @Test
    void badOptionsAreRefusedWithOneLine() {
        Problem p = sensing();
        record Bad(String method, String key, String value, String fragment) {
        }
        for (Bad b : List.of(new Bad("sgd", "batch", "13", "batch must be ≤ m = 12"), new Bad("adam", "batch", "13", "m = 12"),
            new Bad("sgd", "batch", "0", "option batch"), new Bad("adam", "beta1", "1", "option beta1 must be real in [0, 1)"),
            new Bad("adam", "beta2", "-0.1", "option beta2"), new Bad("adam", "beta1", "NaN", "option beta1 must be a finite number"),
            new Bad("adam", "eps", "0", "option eps must be real > 0"), new Bad("rmsprop", "rho", "1", "option rho must be real in [0, 1)"),
            new Bad("sgd", "eval_every", "-1", "option eval_every"), new Bad("rmsprop", "beta1", "0.5", "has no option 'beta1'"))) {
            SolveSettings s = settings(b.method(), 1e-3, 10).withOption(b.key(), b.value());
            Method m = Methods.get(b.method());
            assertThatThrownBy(() -> m.solve(p, s, IterationListener.NONE)).as(b.toString()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(b.fragment()).hasMessageNotContaining("\n");
            if (!b.key().equals("batch") || !b.value().equals("13")) {
                assertThatThrownBy(() -> m.validate(ProblemKind.SYMMETRIC, s, 6)).as("validate " + b).isInstanceOf(InvalidInputException.class);
            }
        }
        for (String method : List.of("sgd", "adam", "rmsprop")) {
            for (double step : new double[] {0.0, -1e-3, Double.POSITIVE_INFINITY}) {
                assertThatThrownBy(() -> Methods.get(method).validate(ProblemKind.SYMMETRIC, settings(method, step, 10), 6))
                    .as(method + " step " + step).isInstanceOf(InvalidInputException.class).hasMessageContaining("step must be finite and > 0");
            }
        }
        assertThat(Methods.get("adam").capabilities(ProblemKind.SYMMETRIC).defaults()).containsEntry("beta1", 0.9)
            .containsEntry("beta2", 0.999).containsEntry("eps", 1e-8).containsEntry("step", 1e-3);
        assertThat(Methods.get("rmsprop").capabilities(ProblemKind.SYMMETRIC).defaults()).containsEntry("rho", 0.99)
            .containsEntry("eps", 1e-8).containsEntry("step", 1e-2);
    }
}
