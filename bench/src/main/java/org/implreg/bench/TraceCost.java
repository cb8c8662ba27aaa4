package org.implreg.bench;

import java.util.Locale;
import java.util.Random;
import org.implreg.metrics.IterateView;
import org.implreg.metrics.TraceSchedule;
import org.implreg.run.IterationState;

/**
 * What a default trace adds to GdRun's 20,000-step run (issue 21), timed alone: the 172 snapshots it
 * records (X = UUᵀ, n = d = 50, and its eigenvalues: {@link IterateView#factor}) and the schedule's
 * 20,000 checks. Robust on a loaded machine, where whole-run differences of a few percent drown in noise.
 *
 * <pre>
 * OPENBLAS_NUM_THREADS=1 java -cp bench/target/benchmarks.jar org.implreg.bench.TraceCost
 * </pre>
 */
public final class TraceCost {
    private TraceCost() {}

    public static void main(String[] args) {
        Random r = new Random(1);
        double[] u = new double[2500];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextGaussian();
        }
        IterateView v = IterateView.factor(50, new double[2500]);
        IterationState s = new IterationState(5, 1, 1, 1, 1, 1, u, 1);
        for (int rep = 0; rep < 6; rep++) {
            long t0 = System.nanoTime();
            double acc = 0;
            for (int i = 0; i < 172; i++) {
                acc += v.at(s).singularValues()[0];
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "rep %d: 172 snapshots %.1f ms (%.3f ms each)%s%n", rep, ms, ms / 172, acc > 0 ? "" : "!");
        }
        TraceSchedule sc = TraceSchedule.DEFAULT;
        long t0 = System.nanoTime();
        int c = 0;
        for (long k = 0; k <= 20_000; k++) {
            c += sc.records(k) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "schedule: 20,001 checks %.2f ms (%d recorded)%n", (System.nanoTime() - t0) / 1e6, c);
    }
}
