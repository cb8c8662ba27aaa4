package org.implreg.problem;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.netlib.util.intW;

/**
 * Planted ground truths X* ∈ 𝕊ⁿ, all normalized to ‖X*‖_F = 1: PSD ones, and {@link #indefinite} (r₊ positive and r₋ negative eigenvalues).
 *
 * <ul>
 *   <li>{@link #lowRank}: X* = W Wᵀ / ‖W Wᵀ‖_F with W ∈ ℝ^{n×r} i.i.d. N(0, 1) (Fig. 1(a), 1(c)).</li>
 *   <li>{@link #decayingSpectrum}: X* = V diag(λ) Vᵀ with V Haar-orthogonal (QR of a Gaussian
 *   matrix, signs fixed so diag(R) > 0) and λ_1 = 1, λ_k = c·k^{−3/2} for k = 2..n, where c > 0 is the
 *   unique root of (1 + c·S₁)² = r·(1 + c²·S₂), S₁ = Σ_{k≥2} k^{−3/2}, S₂ = Σ_{k≥2} k^{−3}, so that
 *   ‖X*‖_* = √r·‖X*‖_F exactly (Fig. 1(b)); then scaled to unit Frobenius norm. The spectrum decays
 *   as O(1/k^{1.5}) with one leading spike; for n = 50, r = 2: c ≈ 0.3226.</li>
 * </ul>
 */
public final class PlantedMatrices {
    private PlantedMatrices() {}

    /** Rank-r X* = W Wᵀ/‖W Wᵀ‖_F, n×n column-major. */
    public static double[] lowRank(int n, int r, RandomGenerator rng) {
        InvalidInputException.require(r >= 1 && r <= n, "planted rank r must be in 1..n = " + n + ", got " + r);
        double[] w = Rng.gaussian(rng, n * r);
        double[] x = new double[n * n];
        Linalg.gram(w, n, r, x);
        scale(x, 1.0 / Linalg.norm(x));
        return x;
    }

    /**
     * Indefinite X* = (W₁W₁ᵀ − W₂W₂ᵀ)/‖W₁W₁ᵀ − W₂W₂ᵀ‖_F, n×n column-major, W₁ ∈ ℝ^{n×rPlus}, W₂ ∈ ℝ^{n×rMinus} i.i.d.
     * N(0, 1) drawn from {@code rng} in that order (W₁ as {@link #lowRank} draws its W, so rMinus = 0 gives its X* bit for bit).
     *
     * @throws InvalidInputException (one line) unless rPlus ≥ 1, rMinus ≥ 0 and rPlus + rMinus ≤ n
     */
    public static double[] indefinite(int n, int rPlus, int rMinus, RandomGenerator rng) {
        InvalidInputException.require(rPlus >= 1 && rMinus >= 0 && (long) rPlus + rMinus <= n,
            "indefinite ranks need r₊ ≥ 1, r₋ ≥ 0 and r₊ + r₋ ≤ n = " + n + ", got (" + rPlus + ", " + rMinus + ")");
        double[] w1 = Rng.gaussian(rng, n * rPlus);
        double[] x = new double[n * n];
        Linalg.gram(w1, n, rPlus, x);
        if (rMinus > 0) {
            double[] w2 = Rng.gaussian(rng, n * rMinus);
            double[] x2 = new double[n * n];
            Linalg.gram(w2, n, rMinus, x2);
            for (int i = 0; i < x.length; i++) {
                x[i] -= x2[i];
            }
        }
        scale(x, 1.0 / Linalg.norm(x));
        return x;
    }

    /** The tail coefficient c of {@link #decayingSpectrum} for (n, r). */
    public static double decayCoefficient(int n, double r) {
        double s1 = 0;
        double s2 = 0;
        for (int k = 2; k <= n; k++) {
            s1 += Math.pow(k, -1.5);
            s2 += Math.pow(k, -3.0);
        }
        // (S1² − r S2) c² + 2 S1 c + (1 − r) = 0, positive root
        double a = s1 * s1 - r * s2;
        double b = 2 * s1;
        double cc = 1 - r;
        double c;
        if (Math.abs(a) < 1e-15) {
            c = -cc / b;
        } else {
            double disc = b * b - 4 * a * cc;
            if (disc < 0) {
                return Double.NaN;
            }
            // stable root formula
            double q = -0.5 * (b + Math.copySign(Math.sqrt(disc), b));
            double c1 = q / a;
            double c2 = cc / q;
            c = c1 > 0 && (c2 <= 0 || c1 < c2) ? c1 : c2;
        }
        return c > 0 ? c : Double.NaN;
    }

    /** Eigenvalues of the decaying-spectrum X* (descending, before Frobenius normalization). */
    public static double[] decayingEigenvalues(int n, int r) {
        double c = decayCoefficient(n, r);
        if (!(c > 0) || n < 2) {
            throw new InvalidInputException(String.format(
                "decaying spectrum: no spectrum λ_k ∝ k^-1.5 (k ≥ 2) with ‖X*‖_* = √r‖X*‖_F exists for n = %d, r = %d", n, r));
        }
        double[] lam = new double[n];
        lam[0] = 1.0;
        for (int k = 2; k <= n; k++) {
            lam[k - 1] = c * Math.pow(k, -1.5);
        }
        return Linalg.sortDescending(lam);
    }

    /** Decaying-spectrum X*, n×n column-major, ‖X*‖_F = 1. */
    public static double[] decayingSpectrum(int n, int r, RandomGenerator rng) {
        double[] lam = decayingEigenvalues(n, r);
        double[] v = haarOrthogonal(n, rng);
        double[] scaled = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                scaled[i + j * n] = v[i + j * n] * lam[j];
            }
        }
        double[] x = new double[n * n];
        Linalg.BLAS.dgemm("N", "T", n, n, n, 1.0, scaled, n, v, n, 0.0, x, n);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                double avg = 0.5 * (x[i + j * n] + x[j + i * n]);
                x[i + j * n] = avg;
                x[j + i * n] = avg;
            }
        }
        scale(x, 1.0 / Linalg.norm(x));
        return x;
    }

    /** A Haar-distributed orthogonal n×n matrix: Q of the QR factorization of a Gaussian matrix, with diag(R) > 0. */
    public static double[] haarOrthogonal(int n, RandomGenerator rng) {
        double[] a = Rng.gaussian(rng, n * n);
        double[] tau = new double[n];
        intW info = new intW(0);
        double[] wq = new double[1];
        Linalg.LAPACK.dgeqrf(n, n, a, n, tau, wq, -1, info);
        double[] work = new double[Math.max(1, (int) wq[0])];
        Linalg.LAPACK.dgeqrf(n, n, a, n, tau, work, work.length, info);
        double[] sign = new double[n];
        for (int j = 0; j < n; j++) {
            sign[j] = a[j + j * n] < 0 ? -1.0 : 1.0;
        }
        Linalg.LAPACK.dorgqr(n, n, n, a, n, tau, wq, -1, info);
        work = new double[Math.max(1, (int) wq[0])];
        Linalg.LAPACK.dorgqr(n, n, n, a, n, tau, work, work.length, info);
        if (info.val != 0) {
            throw new ArithmeticException("dorgqr failed: " + info.val);
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                a[i + j * n] *= sign[j];
            }
        }
        return a;
    }

    static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
    }
}
