package org.implreg.linalg;

import java.util.Locale;
import org.implreg.convex.InteriorPointNucmin;
import org.implreg.convex.NucminResult;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.flow.FlowResult;
import org.implreg.flow.GradientFlow;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;

/**
 * Child-JVM probe for {@link BlasBackendTest}: prints the back-end choice, then the results of a GD run,
 * a gradient flow and a nuclear-norm minimization, one line each ({@code name v1 v2 ...}, %.17g so that
 * the parent reads the doubles back exactly). The back-end comes from IMPLREG_BLAS.
 */
public final class BackendProbe {
    private BackendProbe() {}

    public static void main(String[] args) {
        BlasBackend.Choice c = BlasBackend.choice();
        System.out.println("source " + Linalg.source() + " " + Linalg.BLAS.getClass().getSimpleName() + " "
            + Linalg.LAPACK.getClass().getSimpleName());
        System.out.println("reason " + c.reason());
        if (args.length > 0 && args[0].equals("choice")) {
            return;
        }
        Problem p = ProblemGenerator.generate(new ProblemSpec(30, 2, 150, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 7);
        FactorizedObjective f = new FactorizedObjective(p, 30);

        OptimizationResult gd = new GradientDescent(new GradientDescent.Options(0.01, false, 3000, 0, 0, 1e300))
            .optimize(f, Initializers.gaussian(30, 30, 1e-2, Rng.stream(1, "probe")));
        print("gd", gd.x());

        GradientFlow.Options fo = GradientFlow.Options.defaults().withIntegrator(GradientFlow.Integrator.DP853)
            .withRtol(1e-10).withTol(0).withStationaryTol(0).withMaxTime(20);
        FlowResult fl = new GradientFlow(fo).optimize(f, Initializers.gaussian(30, 30, 1e-2, Rng.stream(2, "probe")));
        print("flow", fl.result().x());

        // to 1e-4 (7 interior-point iterations) and to the default 1e-8, where the last Newton systems are
        // ill-conditioned and the result's last digits come from the purification's Gauss–Newton polish
        NucminResult nm = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(1e-4)).optimize(p, IterationListener.NONE);
        print("nucmin", nm.x());
        NucminResult nd = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults()).optimize(p, IterationListener.NONE);
        print("nucmin_default", nd.x());
        // its objective, tr X = ‖X‖_* (X is PSD), and the measurement fit 𝒜(X)
        double trace = 0;
        for (int i = 0; i < 30; i++) {
            trace += nd.x()[i * 30 + i];
        }
        print("nucmin_default_objective", new double[] {trace});
        double[] fit = new double[p.operator().m()];
        p.operator().apply(nd.x(), fit);
        print("nucmin_default_fit", fit);
    }

    private static void print(String name, double[] v) {
        StringBuilder b = new StringBuilder(name);
        for (double x : v) {
            b.append(' ').append(String.format(Locale.ROOT, "%.17g", x));
        }
        System.out.println(b);
    }
}
