package org.implreg.reproduce.wu2021;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.implreg.linalg.Linalg;
import org.implreg.method.SolveSettings;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;

/**
 * (d) Wu &amp; Rebeschini's commuting case: with diagonal A_i (the family {@link Wu2021Problems.Kind#DIAGONAL}), GD on
 * X = UUᵀ from U₀ = √α·I at step η/4 and MD from X₀ = α·I at step η stay diagonal, and per diagonal entry
 * GD is x ← x(1 − (η/2)g)² = x(1 − ηg + η²g²/4) while MD is x ← x·e^{−ηg} = x(1 − ηg + η²g²/2 − …): the same first-order
 * term, GD a first-order approximation of MD. Both discretize the same flow ẋ = −g·x, so their trajectories differ by
 * O(η) over a fixed flow time. Measured per α: D(η) = max_k ‖X_gd(k) − X_md(k)‖_F/‖X*‖_F over the iterates k = 0, K, 2K, …
 * of T steps at the paper's step, D(η/2) and D(η/4) over the same flow times (2T steps at η/2, every 2K; 4T at η/4); the
 * orders p = log₂(D(η)/D(η/2)) and p' = log₂(D(η/2)/D(η/4)) tend to 1 when the difference is first order in η (p', on the
 * finer pair, is the one judged: at small α a saddle escape shifted in time by O(η·log(1/α)) keeps the coarse pair off
 * the asymptotic regime).
 */
final class Wu2021Commuting {
    private Wu2021Commuting() {}

    /** Recorded iterates per run (every T/POINTS steps). */
    static final int POINTS = 100;

    /** A row of (d) at one α: D at η, η/2 and η/4, the orders of the coarse and the fine pair, the final distance at η. */
    record Row(double alpha, double distance, double distanceHalfStep, double distanceQuarterStep, double orderCoarse, double order,
               double finalDistance) {}

    /** (d) at α on {@code p} with the paper's step {@code eta} and {@code steps} steps. */
    static Row row(Problem p, double alpha, double eta, long steps) {
        int n = p.n();
        int m = p.m();
        double scale = Linalg.norm(p.xStar());
        double[][] full = distances(p, alpha, eta, steps, m, n);
        double[][] half = distances(p, alpha, eta / 2, 2 * steps, m, n);
        double[][] quarter = distances(p, alpha, eta / 4, 4 * steps, m, n);
        double d = max(full[0]) / scale;
        double dh = max(half[0]) / scale;
        double dq = max(quarter[0]) / scale;
        return new Row(alpha, d, dh, dq, Math.log(d / dh) / Math.log(2), Math.log(dh / dq) / Math.log(2), full[0][full[0].length - 1] / scale);
    }

    private static double max(double[] a) {
        double s = 0;
        for (double v : a) {
            s = Math.max(s, v);
        }
        return s;
    }

    /** {‖X_gd(k) − X_md(k)‖_F} over the recorded k = 0, K, …, steps (K = steps/POINTS). */
    private static double[][] distances(Problem p, double alpha, double eta, long steps, int m, int n) {
        long every = Math.max(1, steps / POINTS);
        SolveSettings gd = Wu2021Runs.gdSettings(n, alpha, eta, Wu2021Problems.Kind.DIAGONAL, m, steps);
        SolveSettings md = Wu2021Runs.mdSettings(alpha, eta, Wu2021Problems.Kind.DIAGONAL, m, steps);
        List<double[]> a = record(p, gd, every, Wu2021Runs.iterateToX("gd", n));
        List<double[]> b = record(p, md, every, Wu2021Runs.iterateToX("md", n));
        int k = Math.min(a.size(), b.size());
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = Linalg.distance(a.get(i), b.get(i));
        }
        return new double[][] {d};
    }

    /** X at iterations 0, every, 2·every, … of the run. */
    private static List<double[]> record(Problem p, SolveSettings s, long every, UnaryOperator<double[]> toX) {
        List<double[]> xs = new ArrayList<>();
        IterationListener l = st -> {
            if (st.iteration() % every == 0) {
                xs.add(toX.apply(st.point()));
            }
        };
        Wu2021Runs.solve(p, s, l);
        return xs;
    }
}
