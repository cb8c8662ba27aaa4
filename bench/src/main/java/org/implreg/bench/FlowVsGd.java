package org.implreg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.run.OptimizationResult;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;

/**
 * How cheaply the gradient flow's limit is reached: the ODE integrator against gradient descent with
 * η = 10⁻³, on the paper's problem (n = 50, r = 2, m = 3nr = 300 Gaussian, d = 50, ‖U₀‖_F = 10⁻⁴):
 * {@code java -cp bench/target/benchmarks.jar org.implreg.bench.FlowVsGd [gdSteps]}.
 *
 * <ol>
 *   <li>Reference limit X_∞: the flow at rtol 10⁻¹⁰ run to t = 10⁹ (training error at round-off).</li>
 *   <li>For rtol 10⁻⁶, 10⁻⁷, 10⁻⁸: the first flow time T after which ‖X(t) − X_∞‖_F/‖X_∞‖_F ≤ 10⁻⁶ for
 *       good, then a timed run to T: gradient evaluations, Jacobian builds, solves, seconds.</li>
 *   <li>Gradient descent with η = 10⁻³ approximates X(t) at t = kη, so it needs at least T/η
 *       evaluations; it is run for {@code gdSteps} (default 10⁵) steps to measure its seconds per step
 *       and its distance at t = gdSteps·η from the accurate flow at the same time (its O(η) bias).</li>
 * </ol>
 */
public final class FlowVsGd {
    private FlowVsGd() {}

    static final double TARGET = 1e-6;

    public static void main(String[] args) {
        long gdSteps = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        int n = 50;
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(n, 2), 1);
        FactorizedObjective f = new FactorizedObjective(p, n);
        double[] u0 = Initializers.gaussian(n, n, 1e-4, Rng.stream(0, "init"));
        GradientFlow.Options base = GradientFlow.Options.defaults().withTol(0).withStationaryTol(0);

        FlowResult ref = new GradientFlow(base.withRtol(1e-10).withMaxTime(1e9)).optimize(f, u0);
        double[] limit = ref.result().x();
        double limitNorm = Linalg.norm(limit);
        System.out.printf(Locale.ROOT, "reference: rtol 1e-10, t = %.3g, %d evaluations, %d Jacobians, %.1f s, train error %.2e,"
                + " ‖X_∞ − X*‖/‖X*‖ = %.3e, nuclear norm %.8f%n", ref.flowTime(), ref.result().gradientEvaluations(),
            ref.jacobianBuilds(), ref.result().seconds(), ref.result().trainError(),
            Linalg.distance(limit, p.xStar()) / Linalg.norm(p.xStar()), nuclear(limit, n));

        System.out.println();
        System.out.println("| rtol | T (first within 1e-6 for good) | gradient evaluations | Jacobian builds | solves | seconds "
            + "| ‖X(T) − X_∞‖/‖X_∞‖ | GD η = 1e-3 needs ≥ T/η | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double reachRef = Double.NaN;
        for (double rtol : new double[] {1e-6, 1e-7, 1e-8}) {
            List<double[]> path = new ArrayList<>();
            double[] x = new double[n * n];
            new GradientFlow(base.withRtol(rtol).withMaxTime(1e9)).optimize(f, u0, s -> {
                Linalg.gram(s.point(), n, n, x);
                path.add(new double[] {s.time(), Linalg.distance(x, limit) / limitNorm});
            });
            double reach = Double.NaN;
            for (int i = path.size() - 1; i >= 0 && path.get(i)[1] <= TARGET; i--) {
                reach = path.get(i)[0];
            }
            if (Double.isNaN(reach)) {
                System.out.printf(Locale.ROOT, "| %.0e | not reached (final distance %.2e) | | | | | | | |%n", rtol,
                    path.get(path.size() - 1)[1]);
                continue;
            }
            GradientFlow timed = new GradientFlow(base.withRtol(rtol).withMaxTime(reach));
            timed.optimize(f, u0); // warm-up
            FlowResult r = timed.optimize(f, u0);
            double dist = Linalg.distance(r.result().x(), limit) / limitNorm;
            double gdEvals = reach / 1e-3;
            System.out.printf(Locale.ROOT, "| %.0e | %.4g | %d | %d | %d | %.2f | %.2e | %.2e | %.0f× |%n", rtol, reach,
                r.result().gradientEvaluations(), r.jacobianBuilds(), r.linearSolves(), r.result().seconds(), dist, gdEvals,
                gdEvals / r.result().gradientEvaluations());
            if (rtol == 1e-7) {
                reachRef = reach;
            }
        }

        double tGd = gdSteps * 1e-3;
        OptimizationResult gd = new GradientDescent(GradientDescent.Options.fixedStep(1e-3).withTol(0).withStationaryTol(0)
            .withMaxIterations(gdSteps)).optimize(f, u0);
        FlowResult atT = new GradientFlow(base.withRtol(1e-10).withMaxTime(tGd)).optimize(f, u0);
        double perStep = gd.seconds() / gdSteps;
        System.out.println();
        System.out.printf(Locale.ROOT, "GD η = 1e-3: %d steps (t = %.4g) in %.1f s = %.1f µs a step; ‖X_GD − X_flow(t)‖/‖X_flow(t)‖ = %.3e"
                + " (the O(η) bias), ‖X_GD − X_∞‖/‖X_∞‖ = %.3e, train error %.2e%n", gdSteps, tGd, gd.seconds(), perStep * 1e6,
            Linalg.distance(gd.x(), atT.result().x()) / Linalg.norm(atT.result().x()),
            Linalg.distance(gd.x(), limit) / limitNorm, gd.trainError());
        if (!Double.isNaN(reachRef)) {
            System.out.printf(Locale.ROOT, "GD to t = %.4g would take ≥ %.3g steps ≈ %.3g s (%.1f h) at that speed%n", reachRef,
                reachRef / 1e-3, reachRef / 1e-3 * perStep, reachRef / 1e-3 * perStep / 3600);
        }
    }

    private static double nuclear(double[] x, int n) {
        double s = 0;
        for (double v : org.implreg.linalg.SymmetricEigen.eigenvalues(x, n)) {
            s += Math.abs(v);
        }
        return s;
    }
}
