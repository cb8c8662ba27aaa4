package org.implreg.examples;

import org.implreg.convex.InteriorPointNucmin;
import org.implreg.convex.NucminResult;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.run.StopReason;
import org.implreg.sweep.ExperimentSpec;
import org.implreg.sweep.SpecFiles;
import org.implreg.sweep.SweepRunner;

/**
 * What the README's "Java API" examples do, as a program of a project that depends on implreg-lab only:
 * Gunasekar et al.'s experiment in miniature. GD on f(U) = ‖𝒜(UUᵀ) − y‖² from a small initialization
 * and the gradient flow from the same U₀ end near the minimum nuclear norm solution (certified by the
 * interior point method); a one-line sweep spec runs the same through the sweep engine.
 *
 * <p>Prints one line per result and exits with 1 when a solution misses what it should reach: GD and the flow
 * must fit the data (the flow to its tolerance, GD to {@link #FITS}) and the certificate must hold, so a class path that lacks a
 * declared dependency (netlib BLAS, Hipparchus, Jackson) or a broken solver fails the build that runs it.
 */
public final class QuickStart {
    private QuickStart() {}

    /** Relative distance ‖X − X_min‖_F / ‖X_min‖_F accepted between GD from small init and the minimum. */
    static final double NEAR_MINIMUM = 0.05;

    /** Training error ‖𝒜(X) − y‖/‖y‖ that counts as fitting the data for GD's 50 000 steps. */
    static final double FITS = 1e-3;

    public static void main(String[] args) throws Exception {
        int n = 20;
        Problem p = ProblemGenerator.generate(ProblemSpec.paperDefault(n, 2), 1);          // m = 3nr Gaussian measurements, rank 2
        FactorizedObjective f = new FactorizedObjective(p, n);
        double[] u0 = Initializers.gaussian(n, n, 1e-4, Rng.stream(7, "init"));             // ‖U₀‖_F = 1e-4, d = n
        OptimizationResult gd = new GradientDescent(GradientDescent.Options.fixedStep(1e-2).withTol(1e-4).withMaxIterations(50_000))
            .optimize(f, u0, IterationListener.NONE);
        FlowResult flow = new GradientFlow(GradientFlow.Options.defaults().withTol(1e-6)).optimize(f, u0, IterationListener.NONE);
        NucminResult min = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(1e-8)).optimize(p, IterationListener.NONE);

        SolutionMetrics gdM = SolutionMetrics.of(gd.x(), n, p.xStar());
        double gdToMin = SolutionMetrics.relativeError(gd.x(), min.x());
        double flowToMin = SolutionMetrics.relativeError(flow.result().x(), min.x());
        System.out.printf("gd: %s after %d steps, train error %.2e, ‖X‖_* = %.6f, relative distance to the minimum %.2e%n",
            gd.stopReason(), gd.iterations(), gd.trainError(), gdM.nuclearNorm(), gdToMin);
        System.out.printf("flow: %s at t = %.1f, relative distance to the minimum %.2e%n", flow.result().stopReason(), flow.flowTime(), flowToMin);
        System.out.printf("min nuclear norm: %.6f, certified %b%n", SolutionMetrics.of(min.x(), n, p.xStar()).nuclearNorm(),
            min.certificate().holds(1e-8));

        ExperimentSpec spec = SpecFiles.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"name\": \"quickstart\", \"problem\": {\"n\": 10, \"rank\": 1}, \"methods\": [{\"method\": \"xgd\"}, {\"method\": \"nucmin\"}],"
                + " \"seeds\": [0, 1]}"), "quickstart");
        int[] runs = {0};
        new SweepRunner(2).run(spec.runs(), o -> {
            runs[0]++;
            System.out.println("sweep: " + o.config().label() + " ‖X‖_* = " + o.report().metrics().nuclearNorm());
        });

        boolean ok = gd.trainError() < FITS && flow.result().stopReason() == StopReason.CONVERGED
            && gdToMin < NEAR_MINIMUM && flowToMin < NEAR_MINIMUM && min.certificate().holds(1e-8) && runs[0] == 4;
        System.out.println(ok ? "quickstart: ok" : "quickstart: FAILED");
        if (!ok) {
            System.exit(1);
        }
    }
}
