package org.implreg.bench;

import java.util.Arrays;
import java.util.Locale;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.method.Methods;
import org.implreg.method.SolveSettings;
import org.implreg.metrics.TraceRecorder;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.Initializers;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemGenerator;
import org.implreg.problem.ProblemSpec;
import org.implreg.problem.Rng;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;

/**
 * The whole GD run of issue 19, timed alone: n = 50, rank 2, m = 300 Gaussian, d = 50, ‖U₀‖_F-scale 1e-4,
 * η = 0.01, exactly 20,000 steps (no stopping rule). Prints the BLAS/LAPACK in use and, per repetition,
 * the seconds of the run (JVM start excluded; the first repetition is the warm-up). Modes (issue 21):
 * {@code optimizer} (default) runs {@link GradientDescent} directly; {@code method} runs the registered "gd"
 * method without a listener ({@code IterationListener.NONE}, what a run without a trace does); {@code trace}
 * runs it with the default trace ({@link TraceRecorder}: log-spaced, 50 per decade, top 10) and prints its
 * number of lines; {@code compare} alternates method and trace run by run in one JVM (robust to a machine
 * whose load drifts) and prints both medians and the trace's overhead.
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 IMPLREG_BLAS=bundled java -cp bench/target/benchmarks.jar org.implreg.bench.GdRun [reps] [steps] [mode]
 * </pre>
 */
public final class GdRun {
    private GdRun() {}

    /** Alternates the method without and with the default trace, {@code reps} pairs after one warm-up pair. */
    static void compare(Problem p, int reps, long steps) {
        double[][] secs = new double[2][reps];
        for (int k = -1; k < reps; k++) {
            for (int t = 0; t < 2; t++) {
                int mode = (k + t) % 2 == 0 ? 0 : 1; // alternate which goes first
                double[] u0 = Initializers.gaussian(50, 50, 1e-4, Rng.stream(1, "gdrun"));
                SolveSettings s = SolveSettings.builder("gd").d(50).step(0.01).maxIterations(steps).tol(0.0).seed(1)
                    .init(SolveSettings.Init.GIVEN, u0).build();
                TraceRecorder trace = mode == 1 ? new TraceRecorder() : null;
                long t0 = System.nanoTime();
                Methods.get("gd").solve(p, s, trace == null ? IterationListener.NONE : trace);
                int lines = trace == null ? 0 : trace.rows().size();
                double sec = (System.nanoTime() - t0) / 1e9;
                if (k >= 0) {
                    secs[mode][k] = sec;
                }
                System.out.printf(Locale.ROOT, "%s %s: %.3f s%s%n", k < 0 ? "warm-up" : "rep " + k, mode == 0 ? "no trace" : "trace   ", sec,
                    mode == 1 ? " (" + lines + " lines)" : "");
            }
        }
        double[] ratio = new double[reps];
        for (int k = 0; k < reps; k++) {
            ratio[k] = secs[1][k] / secs[0][k];
        }
        Arrays.sort(secs[0]);
        Arrays.sort(secs[1]);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "median no trace %.3f s, median trace %.3f s, median pairwise ratio %.4f (min %.4f, max %.4f)%n",
            secs[0][reps / 2], secs[1][reps / 2], ratio[reps / 2], ratio[0], ratio[reps - 1]);
    }

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long steps = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        String mode = args.length > 2 ? args[2] : "optimizer";
        if (!java.util.List.of("optimizer", "method", "trace", "compare").contains(mode)) {
            throw new IllegalArgumentException("mode must be optimizer, method, trace or compare, got " + mode);
        }
        System.out.println("mode: " + mode);
        System.out.println("BLAS/LAPACK: " + Linalg.backend());
        System.out.println("OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS"));
        Problem p = ProblemGenerator.generate(new ProblemSpec(50, 2, 300, ProblemSpec.Planted.LOW_RANK,
            ProblemSpec.Measurement.GAUSSIAN, 0, 1), 1);
        FactorizedObjective f = new FactorizedObjective(p, 50);
        GradientDescent gd = new GradientDescent(new GradientDescent.Options(0.01, false, steps, 0, 0, 1e300));
        if (mode.equals("compare")) {
            compare(p, reps, steps);
            return;
        }
        double[] secs = new double[reps];
        for (int k = 0; k < reps; k++) {
            double[] u0 = Initializers.gaussian(50, 50, 1e-4, Rng.stream(1, "gdrun"));
            SolveSettings s = SolveSettings.builder("gd").d(50).step(0.01).maxIterations(steps).tol(0.0).seed(1)
                .init(SolveSettings.Init.GIVEN, u0).build();
            TraceRecorder trace = mode.equals("trace") ? new TraceRecorder() : null;
            long t0 = System.nanoTime();
            OptimizationResult r = switch (mode) {
                case "method" -> Methods.get("gd").solve(p, s, IterationListener.NONE).result();
                case "trace" -> Methods.get("gd").solve(p, s, trace).result();
                default -> gd.optimize(f, u0);
            };
            int lines = trace == null ? 0 : trace.rows().size();
            secs[k] = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "rep %d: %.3f s, %d iterations, loss %.17g%s%n", k, secs[k], r.iterations(), r.loss(),
                trace == null ? "" : ", " + lines + " trace lines");
        }
        if (reps > 1) {
            double[] timed = Arrays.copyOfRange(secs, 1, reps);
            Arrays.sort(timed);
            System.out.printf(Locale.ROOT, "median of reps 1..%d: %.3f s (min %.3f, max %.3f)%n", reps - 1,
                timed[timed.length / 2], timed[0], timed[timed.length - 1]);
        }
    }
}
