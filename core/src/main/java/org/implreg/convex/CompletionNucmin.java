package org.implreg.convex;

import java.util.Arrays;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;
import org.implreg.problem.AsymmetricCompletion;
import org.netlib.util.intW;

/**
 * Minimum nuclear norm completion of a rectangular matrix: min ‖X‖_* s.t. X_ij = M_ij on Ω, for
 * n1×n2 matrices at MovieLens scale (943×1682, |Ω| ≈ 9·10⁴).
 *
 * <p>Algorithm: ADMM on min ‖X‖_* + ι(Z_Ω = M_Ω) s.t. X = Z (the inexact augmented Lagrangian of
 * Lin, Chen and Ma for matrix completion). The multiplier Λ lives on Ω only, so an iteration is
 * <pre>
 *   Y = X off Ω, M − Λ/ρ on Ω;   X ← SVT_{1/ρ}(Y);   Λ_Ω ← Λ_Ω + ρ (X_Ω − M_Ω)
 * </pre>
 * where SVT_τ shrinks the singular values by τ. The SVT uses only the singular triplets above τ:
 * the eigenpairs of the smaller Gram matrix Y Yᵀ (or Yᵀ Y) above τ² by LAPACK {@code dsyevr}, then
 * two {@code dgemm}s; this is 3–5× faster than a full {@code dgesdd} and exact for the triplets kept.
 *
 * <p>Certificate (every {@link Options#checkEvery()} iterations): the primal point
 * Z = (X off Ω, M on Ω) is feasible, so ‖Z‖_* (all singular values by {@code dgesdd}) is an upper
 * bound; V = −Λ is supported on Ω and V/max(1, ‖V‖₂) is dual feasible for
 * max ⟨M, V⟩ s.t. ‖V‖₂ ≤ 1, supp V ⊆ Ω, so ⟨M_Ω, V⟩/max(1, ‖V‖₂) is a lower bound. The run stops
 * when the relative gap (upper − lower)/upper ≤ {@link Options#tol()}. ρ starts at 2/‖M_Ω‖₂ and is
 * rebalanced at each check: multiplied by 1.5 when the primal part of the gap (‖Z‖_* − ⟨M, V⟩)
 * exceeds three times the dual part (⟨M, V⟩(1 − 1/‖V‖₂)), divided by 1.5 in the opposite case.
 */
public final class CompletionNucmin {

    /**
     * @param tol           relative duality gap to reach
     * @param maxIterations iteration cap
     * @param checkEvery    iterations between certificates (and ρ updates)
     */
    public record Options(double tol, int maxIterations, int checkEvery) {
        public Options {
            InvalidInputException.require(tol > 0 && tol < 1, "completion nucmin: tol must be in (0, 1), got " + tol);
            InvalidInputException.require(maxIterations >= 1, "completion nucmin: max iterations must be ≥ 1, got " + maxIterations);
            InvalidInputException.require(checkEvery >= 1, "completion nucmin: check interval must be ≥ 1, got " + checkEvery);
        }

        /** Gap 1e-4, 5000 iterations, certificate every 10. */
        public static Options defaults() {
            return new Options(1e-4, 5000, 10);
        }

        public Options withTol(double t) {
            return new Options(t, maxIterations, checkEvery);
        }

        public Options withMaxIterations(int k) {
            return new Options(tol, k, checkEvery);
        }
    }

    /**
     * The result.
     *
     * @param x             the feasible primal point Z (n1×n2 column-major): X_Ω = M_Ω exactly
     * @param dual          V on Ω (|Ω|), scaled to ‖V‖₂ ≤ 1
     * @param n1            rows
     * @param n2            columns
     * @param nuclearNorm   ‖X‖_* (upper bound on the optimum)
     * @param lowerBound    ⟨M_Ω, V⟩ (lower bound on the optimum)
     * @param dualityGap    (nuclearNorm − lowerBound)/nuclearNorm
     * @param rank          rank of the last SVT iterate
     * @param stopReason    CONVERGED (gap ≤ tol) or MAX_ITER
     * @param iterations    ADMM iterations
     * @param seconds       wall-clock seconds
     * @param rho           final penalty ρ
     */
    public record Result(double[] x, double[] dual, int n1, int n2, double nuclearNorm, double lowerBound,
                         double dualityGap, int rank, StopReason stopReason, long iterations, double seconds, double rho) {
    }

    private final Options options;

    public CompletionNucmin(Options options) {
        this.options = options;
    }

    /**
     * Solves min ‖X‖_* s.t. X[rows[k], cols[k]] = values[k]. Arguments are not modified.
     *
     * @throws InvalidInputException on out-of-range or duplicate entries, or non-finite values
     *                               (validated by {@link AsymmetricCompletion})
     */
    public Result optimize(int n1, int n2, int[] rows, int[] cols, double[] values, IterationListener listener) {
        return optimize(new AsymmetricCompletion(n1, n2, rows, cols, values, Map.of()), listener);
    }

    /**
     * Solves the problem's min ‖X‖_* completion (the problem is valid by construction); {@code listener}
     * sees the iterations between its init and finish.
     */
    public Result optimize(AsymmetricCompletion p, IterationListener listener) {
        return RunLifecycle.observe(listener, new RunLifecycle.Start(options.maxIterations()), () -> admm(p, listener),
            r -> new ConvergenceChecker.Stop(r.stopReason(), r.stopReason().name()));
    }

    private Result admm(AsymmetricCompletion p, IterationListener listener) {
        long t0 = System.nanoTime();
        int n1 = p.n1();
        int n2 = p.n2();
        int k = p.size();
        p.requireDense(6, "the ADMM iterates and their singular value decompositions");
        int[] idx = new int[k];
        for (int e = 0; e < k; e++) {
            idx[e] = p.rows()[e] + p.cols()[e] * n1;
        }
        double[] m = p.values();
        double normM = Linalg.norm(m);
        if (normM == 0) {
            return new Result(new double[n1 * n2], new double[k], n1, n2, 0, 0, 0, 0, StopReason.CONVERGED, 0,
                (System.nanoTime() - t0) / 1e9, Double.NaN);
        }
        double[] y = new double[n1 * n2];
        for (int e = 0; e < k; e++) {
            y[idx[e]] = m[e];
        }
        double rho = 2.0 / Linalg.singularValues(y.clone(), n1, n2)[0];
        double[] x = new double[n1 * n2];
        double[] lam = new double[k];
        Svt svt = new Svt(n1, n2);
        double lastGap = Double.NaN;
        double upper = Double.NaN;
        double lower = Double.NaN;
        double[] bestX = null;
        double[] bestV = null;
        double bestGap = Double.POSITIVE_INFINITY;
        double bestUpper = Double.NaN;
        double bestLower = Double.NaN;
        int rank = 0;
        long it = 0;
        StopReason reason = StopReason.MAX_ITER;
        while (it < options.maxIterations()) {
            System.arraycopy(x, 0, y, 0, y.length);
            for (int e = 0; e < k; e++) {
                y[idx[e]] = m[e] - lam[e] / rho;
            }
            rank = svt.apply(y, 1.0 / rho, x);
            double res = 0;
            for (int e = 0; e < k; e++) {
                double d = x[idx[e]] - m[e];
                lam[e] += rho * d;
                res += d * d;
            }
            it++;
            if (it % options.checkEvery() == 0 || it == options.maxIterations()) {
                double[] z = x.clone();
                for (int e = 0; e < k; e++) {
                    z[idx[e]] = m[e];
                }
                upper = sum(Linalg.singularValues(z.clone(), n1, n2));
                double[] v = new double[n1 * n2];
                double raw = 0;
                for (int e = 0; e < k; e++) {
                    v[idx[e]] = -lam[e];
                    raw -= lam[e] * m[e];
                }
                double nv = Linalg.singularValues(v, n1, n2)[0];
                double scale = Math.max(1.0, nv);
                lower = raw / scale;
                lastGap = (upper - lower) / upper;
                if (lastGap < bestGap) {
                    bestGap = lastGap;
                    bestX = z;
                    bestV = new double[k];
                    for (int e = 0; e < k; e++) {
                        bestV[e] = -lam[e] / scale;
                    }
                    bestUpper = upper;
                    bestLower = lower;
                }
                if (lastGap <= options.tol()) {
                    reason = StopReason.CONVERGED;
                }
                double primalPart = upper - raw;
                double dualPart = raw - lower;
                if (primalPart > 3 * dualPart) {
                    rho *= 1.5;
                } else if (dualPart > 3 * primalPart) {
                    rho /= 1.5;
                }
            }
            listener.onIteration(new IterationState(it, upper, Math.sqrt(res) / normM, Double.NaN, rho, lastGap, x));
            if (reason == StopReason.CONVERGED) {
                break;
            }
        }
        if (bestX == null) {
            bestX = x;
            bestV = new double[k];
        }
        return new Result(bestX, bestV, n1, n2, bestUpper, bestLower, bestGap, rank, reason, it,
            (System.nanoTime() - t0) / 1e9, rho);
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /**
     * Singular value thresholding through the smaller Gram matrix: with p = min(n1, n2), the
     * eigenpairs (σ², u) of Y Yᵀ (n1 ≤ n2) with σ > τ give SVT_τ(Y) = U diag(1 − τ/σ) Uᵀ Y
     * (and Y V diag(1 − τ/σ) Vᵀ from Yᵀ Y when n1 > n2).
     */
    private static final class Svt {
        final int n1;
        final int n2;
        final boolean left;
        final int p;
        final double[] gram;
        final double[] w;
        final double[] z;
        final int[] isuppz;
        double[] work = new double[1];
        int[] iwork = new int[1];
        double[] t;

        Svt(int n1, int n2) {
            this.n1 = n1;
            this.n2 = n2;
            this.left = n1 <= n2;
            this.p = Math.min(n1, n2);
            this.gram = new double[p * p];
            this.w = new double[p];
            this.z = new double[p * p];
            this.isuppz = new int[2 * p];
        }

        /** out = SVT_τ(y); returns the rank kept. */
        int apply(double[] y, double tau, double[] out) {
            if (left) {
                Linalg.BLAS.dsyrk("U", "N", n1, n2, 1.0, y, n1, 0.0, gram, p);
            } else {
                Linalg.BLAS.dsyrk("U", "T", n2, n1, 1.0, y, n1, 0.0, gram, p);
            }
            intW found = new intW(0);
            // il = 1, iu = p are ignored for RANGE = "V", but dev.ludovic.netlib checks 1 ≤ il ≤ iu ≤ n anyway
            intW info = new intW(0);
            double vl = tau * tau;
            double trace = 0;
            for (int i = 0; i < p; i++) {
                trace += gram[i + i * p];
            }
            double vu = 2 * trace + 1; // above every eigenvalue; MAX_VALUE would overflow LAPACK's scaling
            if (!(vu > vl)) {
                Arrays.fill(out, 0.0);
                return 0;
            }
            Linalg.LAPACK.dsyevr("V", "V", "U", p, gram, p, vl, vu, 1, p, 0.0, found, w, z, p, isuppz, work, -1, iwork, -1, info);
            int lwork = Math.max(1, (int) work[0]);
            int liwork = Math.max(1, iwork[0]);
            if (work.length < lwork) {
                work = new double[lwork];
            }
            if (iwork.length < liwork) {
                iwork = new int[liwork];
            }
            info.val = 0;
            Linalg.LAPACK.dsyevr("V", "V", "U", p, gram, p, vl, vu, 1, p, 0.0, found, w, z, p, isuppz, work, work.length,
                iwork, iwork.length, info);
            if (info.val != 0) {
                throw new ArithmeticException("dsyevr failed with info = " + info.val);
            }
            int r = found.val;
            if (r == 0) {
                Arrays.fill(out, 0.0);
                return 0;
            }
            int other = left ? n2 : n1;
            if (t == null || t.length < r * other) {
                t = new double[p * other];
            }
            if (left) {
                // t (r×n2) = Uᵀ Y, scaled rows, out = U t
                Linalg.BLAS.dgemm("T", "N", r, n2, n1, 1.0, z, p, y, n1, 0.0, t, r);
                for (int j = 0; j < n2; j++) {
                    for (int i = 0; i < r; i++) {
                        t[i + j * r] *= 1.0 - tau / Math.sqrt(w[i]);
                    }
                }
                Linalg.BLAS.dgemm("N", "N", n1, n2, r, 1.0, z, p, t, r, 0.0, out, n1);
            } else {
                // t (n1×r) = Y V, scaled columns, out = t Vᵀ
                Linalg.BLAS.dgemm("N", "N", n1, r, n2, 1.0, y, n1, z, p, 0.0, t, n1);
                for (int i = 0; i < r; i++) {
                    double f = 1.0 - tau / Math.sqrt(w[i]);
                    for (int row = 0; row < n1; row++) {
                        t[row + i * n1] *= f;
                    }
                }
                Linalg.BLAS.dgemm("N", "T", n1, n2, r, 1.0, t, n1, z, p, 0.0, out, n1);
            }
            return r;
        }
    }
}
