package org.implreg.bench;

import java.util.Arrays;
import java.util.Locale;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.OptimizationResult;

/**
 * The whole GD run of issue 19, timed alone: n = 50, rank 2, m = 300 Gaussian, d = 50, ‖U₀‖_F-scale 1e-4,
 * η = 0.01, exactly 20,000 steps (no stopping rule). Prints the BLAS/LAPACK in use and, per repetition,
 * the seconds of the run (JVM start excluded; the first repetition is the warm-up).
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 IMPLREG_BLAS=bundled java -cp bench/target/benchmarks.jar org.implreg.bench.GdRun [reps] [steps]
 * </pre>
 */
public final class GdRun {
    private GdRun() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long steps = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        System.out.println("BLAS/LAPACK: " + Linalg.backend());
        System.out.println("OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
        Problem p = ProblemGenerator.generate(new ProblemSpec(50, 2, 300, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 1);
        FactorizedObjective f = new FactorizedObjective(p, 50);
        GradientDescent gd = new GradientDescent(new GradientDescent.Options(0.01, false, steps, 0, 0, 1e300));
        double[] secs = new double[reps];
        for (int k = 0; k < reps; k++) {
            double[] u0 = Initializers.gaussian(50, 50, 1e-4, Rng.stream(1, "gdrun"));
            long t0 = System.nanoTime();
            OptimizationResult r = gd.optimize(f, u0);
            secs[k] = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "rep %d: %.3f s, %d iterations, loss %.17g%n", k, secs[k], r.iterations(), r.loss());
        }
        if (reps > 1) {
            double[] timed = Arrays.copyOfRange(secs, 1, reps);
            Arrays.sort(timed);
            System.out.printf(Locale.ROOT, "median of reps 1..%d: %.3f s (min %.3f, max %.3f)%n", reps - 1,
                timed[timed.length / 2], timed[0], timed[timed.length - 1]);
        }
    }
}
