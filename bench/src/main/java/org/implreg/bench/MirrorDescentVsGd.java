package org.implreg.bench;

import java.util.Arrays;
import java.util.Locale;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.optimizer.MirrorDescent;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;

/**
 * One {@code md} step against one {@code gd} step (issue 31: at most 2×), n = 50, m = 750, Gaussian sensing, through the
 * library's loops: rounds of {@code steps} md steps then {@code steps} gd steps (d = n), alternated in one JVM so that a
 * shared machine's load falls on both alike; prints each round and the medians of the per-step times and of the
 * per-round ratio. Usage: {@code java -cp bench/target/benchmarks.jar org.implreg.bench.MirrorDescentVsGd [rounds steps]}.
 */
public final class MirrorDescentVsGd {
    private MirrorDescentVsGd() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int n = 50;
        int m = 750;
        Problem p = ProblemGenerator.generate(new ProblemSpec(n, 5, m, ProblemSpec.Planted.LOW_RANK, ProblemSpec.Measurement.GAUSSIAN, 0, 1), 1);
        double[] u0 = Initializers.gaussian(n, n, 1e-3, Rng.stream(1, "bench"));
        MirrorDescent md = new MirrorDescent(MirrorDescent.Options.of(MirrorDescent.Mirror.ENTROPY, 0.05, 1e-3).withTol(0).withStationaryTol(0)
            .withMaxIterations(steps));
        GradientDescent gd = new GradientDescent(GradientDescent.Options.fixedStep(1e-3).withTol(0).withMaxIterations(steps));
        System.out.println("backend: " + Linalg.backend());
        for (int w = 0; w < 3; w++) { // warm-up
            md.optimize(p, IterationListener.NONE);
            gd.optimize(new FactorizedObjective(p, n), u0, IterationListener.NONE);
        }
        double[] tm = new double[rounds];
        double[] tg = new double[rounds];
        double[] ratio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            md.optimize(p, IterationListener.NONE);
            long t1 = System.nanoTime();
            gd.optimize(new FactorizedObjective(p, n), u0, IterationListener.NONE);
            long t2 = System.nanoTime();
            tm[i] = (t1 - t0) / 1e3 / steps;
            tg[i] = (t2 - t1) / 1e3 / steps;
            ratio[i] = tm[i] / tg[i];
            System.out.printf(Locale.ROOT, "round %2d: md %7.1f µs/step, gd %7.1f µs/step, md/gd %.2f%n", i, tm[i], tg[i], ratio[i]);
        }
        System.out.printf(Locale.ROOT, "median: md %.1f µs/step, gd %.1f µs/step, md/gd %.2f (n = %d, m = %d, %d rounds of %d steps)%n",
            median(tm), median(tg), median(ratio), n, m, rounds, steps);
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int k = s.length;
        return k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
    }
}
