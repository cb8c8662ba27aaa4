package org.implreg.bench;

import java.util.Arrays;
import java.util.Locale;
import org.implreg.convex.Csdp;
import org.implreg.convex.InteriorPointNucmin;
import org.implreg.convex.NucminResult;
import org.implreg.run.IterationListener;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;

/**
 * implreg's interior-point nucmin against CSDP on the same problem, side by side in one run:
 * {@code java -cp bench/target/benchmarks.jar org.implreg.bench.NucminVsCsdp [n] [r] [m] [reps]}
 * (defaults: the paper's n = 50, r = 2, m = 3nr = 300 Gaussian sensing; certificate tolerance 1e-6).
 * Reports medians of wall-clock seconds over the repetitions (implreg after 3 warm-up solves;
 * CSDP including writing the SDPA file and parsing its solution), iterations, the optimal values
 * and their relative difference.
 */
public final class NucminVsCsdp {
    private NucminVsCsdp() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int r = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int m = args.length > 2 ? Integer.parseInt(args[2]) : 3 * n * r;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Problem p = ProblemGenerator.generate(new ProblemSpec(n, r, m, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 0);
        InteriorPointNucmin ipm = new InteriorPointNucmin(InteriorPointNucmin.Options.defaults().withTol(1e-6));
        for (int i = 0; i < 3; i++) {
            ipm.optimize(p, IterationListener.NONE);
        }
        double[] ours = new double[reps];
        NucminResult last = null;
        for (int i = 0; i < reps; i++) {
            last = ipm.optimize(p, IterationListener.NONE);
            ours[i] = last.seconds();
        }
        System.out.printf(Locale.ROOT, "problem: n=%d r=%d m=%d gaussian, seed 0, OPENBLAS_NUM_THREADS=%s%n", n, r, m,
            System.getenv("OPENBLAS_NUM_THREADS"));
        System.out.printf(Locale.ROOT, "implreg nucmin: median %.4f s (min %.4f) over %d, %d iterations, %s, value %.12f, "
                + "rel error vs X* %.2e, gap %.1e, dual infeasibility %.1e, complementarity %.1e%n",
            median(ours), Arrays.stream(ours).min().orElse(0), reps, last.iterations(), last.stopReason(),
            last.certificate().primalObjective(), org.implreg.linalg.Linalg.distance(last.x(), p.xStar())
                / org.implreg.linalg.Linalg.norm(p.xStar()), last.certificate().dualityGap(),
            last.certificate().dualInfeasibility(), last.certificate().complementarity());
        if (Csdp.executable().isEmpty()) {
            System.out.println("csdp: not installed (apt-get install coinor-csdp); no comparison");
            return;
        }
        double[] theirs = new double[reps];
        NucminResult c = null;
        for (int i = 0; i < reps; i++) {
            c = Csdp.solve(p.operator(), p.y(), 3600);
            theirs[i] = c.seconds();
        }
        double diff = Math.abs(c.certificate().primalObjective() - last.certificate().primalObjective())
            / c.certificate().primalObjective();
        System.out.printf(Locale.ROOT, "csdp 6.2.0:     median %.4f s (min %.4f) over %d, %d iterations, %s, value %.12f, "
                + "gap %.1e, dual infeasibility %.1e%n", median(theirs), Arrays.stream(theirs).min().orElse(0), reps,
            c.iterations(), c.stopReason(), c.certificate().primalObjective(), c.certificate().dualityGap(),
            c.certificate().dualInfeasibility());
        System.out.printf(Locale.ROOT, "speed-up %.1fx, optimal values differ by %.1e relative%n",
            median(theirs) / median(ours), diff);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
