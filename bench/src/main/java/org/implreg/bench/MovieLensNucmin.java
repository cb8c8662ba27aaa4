package org.implreg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.implreg.convex.CompletionNucmin;

/**
 * Time to a certified relative duality gap for min ‖X‖_* s.t. X_Ω = M_Ω on a MovieLens ratings
 * file: {@code java -cp bench/target/benchmarks.jar org.implreg.bench.MovieLensNucmin
 * [ratings file, default ../shared/data/ml-100k/ua.base] [gap, default 1e-4]}. Prints the
 * certificate at every check (stderr) and a summary line.
 */
public final class MovieLensNucmin {
    private MovieLensNucmin() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/data/ml-100k/ua.base");
        double gap = args.length > 1 ? Double.parseDouble(args[1]) : 1e-4;
        List<String> lines = Files.readAllLines(file);
        int k = lines.size();
        int[] rows = new int[k];
        int[] cols = new int[k];
        double[] vals = new double[k];
        int n1 = 0;
        int n2 = 0;
        for (int e = 0; e < k; e++) {
            String[] f = lines.get(e).split("\t");
            rows[e] = Integer.parseInt(f[0]) - 1;
            cols[e] = Integer.parseInt(f[1]) - 1;
            vals[e] = Double.parseDouble(f[2]);
            n1 = Math.max(n1, rows[e] + 1);
            n2 = Math.max(n2, cols[e] + 1);
        }
        int n1f = Math.max(n1, 943);
        int n2f = Math.max(n2, 1682);
        CompletionNucmin.Result r = new CompletionNucmin(CompletionNucmin.Options.defaults().withTol(gap)).optimize(
            n1f, n2f, rows, cols, vals, s -> {
                if (s.iteration() % 10 == 0) {
                    System.err.printf(Locale.ROOT, "iter %d  upper %.4f  gap %.3e  rho %.3e  train_err %.2e%n", s.iteration(),
                        s.loss(), s.relativeChange(), s.step(), s.trainError());
                }
            });
        System.out.printf(Locale.ROOT, "%s: %d×%d, |Ω| = %d, OPENBLAS_NUM_THREADS=%s: %s after %d iterations, %.1f s; "
                + "‖X‖_* = %.4f, lower bound %.4f, gap %.2e, rank %d%n", file.getFileName(), n1f, n2f, k,
            System.getenv("OPENBLAS_NUM_THREADS"), r.stopReason(), r.iterations(), r.seconds(), r.nuclearNorm(),
            r.lowerBound(), r.dualityGap(), r.rank());
    }
}
