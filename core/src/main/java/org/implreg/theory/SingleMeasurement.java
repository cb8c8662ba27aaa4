package org.implreg.theory;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;

/**
 * The factorized flow with one measurement (Gunasekar et al. 2017, §3, "Getting started: m = 1"): for
 * 𝒜(X) = ⟨A, X⟩ the flow Ẋ = −r_t(AX + XA) stays on the curve X(s) = exp(sA) X₀ exp(sA), s = −∫r
 * (any positive constant in front of the flow only rescales s). In the eigenbasis A = V diag(λ) Vᵀ,
 * X̃(s)_jk = e^{s(λ_j + λ_k)} X̃₀_jk with X̃ = VᵀXV, and the measurement g(s) = ⟨A, X(s)⟩ =
 * Σ_j λ_j e^{2sλ_j} X̃₀_jj is non-decreasing (g′(s) = 2⟨A², X(s)⟩ ≥ 0 for X₀ ⪰ 0). The flow's limit is
 * therefore the point of the curve with g(s*) = y, found here by bisection to machine precision.
 *
 * <p>The minimum nuclear norm PSD solution of ⟨A, X⟩ = y is (y/λ_max)·vvᵀ with v a top eigenvector when
 * y &gt; 0 (needs λ_max &gt; 0), and (y/λ_min)·vvᵀ with v a bottom eigenvector when y &lt; 0: the "top"
 * eigenvectors of the text are those of the eigenvalue of y's sign that is largest in magnitude.
 * All matrices are n×n column-major.
 */
public final class SingleMeasurement {
    /** Eigenvalues within this (relative to max|λ|) of the extreme one belong to the same eigenspace. */
    public static final double EIGENSPACE_TOL = 1e-9;

    private final int n;
    private final double[] lambda;
    private final double[] vectors;
    private final double[] x0Tilde;

    /**
     * @param a  the symmetric measurement matrix A (n×n)
     * @param x0 the PSD initial point X₀ (n×n)
     */
    public SingleMeasurement(double[] a, double[] x0, int n) {
        InvalidInputException.require(a.length == n * n && x0.length == n * n, "A and X₀ must be n×n");
        this.n = n;
        SymmetricEigen e = SymmetricEigen.decompose(a, n, true);
        this.lambda = e.values();
        this.vectors = e.vectors();
        this.x0Tilde = conj(x0, true);
    }

    public int n() {
        return n;
    }

    /** VᵀMV (toEigen) or VMVᵀ. */
    private double[] conj(double[] mtx, boolean toEigen) {
        double[] t = new double[n * n];
        double[] out = new double[n * n];
        if (toEigen) {
            Linalg.gemm("T", "N", n, n, n, vectors, mtx, t);
            Linalg.gemm("N", "N", n, n, n, t, vectors, out);
        } else {
            Linalg.gemm("N", "N", n, n, n, vectors, mtx, t);
            Linalg.gemm("N", "T", n, n, n, t, vectors, out);
        }
        return out;
    }

    /** X(s) = exp(sA) X₀ exp(sA). */
    public double[] point(double s) {
        double[] t = new double[n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                t[j + k * n] = Math.exp(s * (lambda[j] + lambda[k])) * x0Tilde[j + k * n];
            }
        }
        double[] x = conj(t, false);
        Linalg.symmetrizeFromUpper(x, n);
        return x;
    }

    /** g(s) = ⟨A, X(s)⟩. */
    public double measurement(double s) {
        double g = 0;
        for (int j = 0; j < n; j++) {
            g += lambda[j] * Math.exp(2 * s * lambda[j]) * x0Tilde[j + j * n];
        }
        return g;
    }

    /**
     * The s with g(s) = y (bisection after bracketing; to the last bit of s).
     *
     * @throws InvalidInputException when y is outside the range of g (e.g. y &gt; 0 with λ_max ≤ 0)
     */
    public double solve(double y) {
        double lo = -1;
        double hi = 1;
        int guard = 0;
        while (measurement(lo) > y) {
            lo *= 2;
            InvalidInputException.require(++guard < 60, "m = 1: y = " + y + " is below the curve's range");
        }
        guard = 0;
        while (measurement(hi) < y) {
            hi *= 2;
            InvalidInputException.require(++guard < 60, "m = 1: y = " + y + " is above the curve's range");
        }
        for (int it = 0; it < 2000; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (measurement(mid) < y) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.abs(measurement(lo) - y) <= Math.abs(measurement(hi) - y) ? lo : hi;
    }

    /** The flow's limit from X₀: X(s*) with g(s*) = y. */
    public double[] limit(double y) {
        return point(solve(y));
    }

    /** The minimum nuclear norm of a PSD solution of ⟨A, X⟩ = y: y/λ_max (y &gt; 0) or y/λ_min (y &lt; 0). */
    public double minimumNuclearNorm(double y) {
        double ext = y > 0 ? lambda[0] : lambda[n - 1];
        InvalidInputException.require(y == 0 || ext * y > 0, "no PSD solution of <A, X> = " + y);
        return y == 0 ? 0 : y / ext;
    }

    /** The eigenspace of A that the limit must lie in for y's sign: columns of V for λ within {@link #EIGENSPACE_TOL} of λ_max (y &gt; 0) or λ_min. */
    public int[] topEigenspace(double y) {
        double scale = Math.max(Math.abs(lambda[0]), Math.abs(lambda[n - 1]));
        double ext = y > 0 ? lambda[0] : lambda[n - 1];
        return java.util.stream.IntStream.range(0, n).filter(j -> Math.abs(lambda[j] - ext) <= EIGENSPACE_TOL * scale).toArray();
    }

    /**
     * The part of X outside the top eigenspace P (see {@link #topEigenspace}): ‖X − PXP‖_F/‖X‖_F.
     */
    public double outsideFraction(double[] x, double y) {
        double[] t = conj(x, true);
        boolean[] in = new boolean[n];
        for (int j : topEigenspace(y)) {
            in[j] = true;
        }
        double out = 0;
        double all = 0;
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double v = t[j + k * n] * t[j + k * n];
                all += v;
                if (!(in[j] && in[k])) {
                    out += v;
                }
            }
        }
        return all > 0 ? Math.sqrt(out / all) : 0;
    }

    /** The angle (radians) between X's top eigenvector and the top eigenspace of A for y's sign. */
    public double angle(double[] x, double y) {
        SymmetricEigen e = SymmetricEigen.decompose(x, n, true);
        double[] v = e.vectors();
        double in = 0;
        for (int j : topEigenspace(y)) {
            double c = 0;
            for (int i = 0; i < n; i++) {
                c += vectors[i + j * n] * v[i];
            }
            in += c * c;
        }
        return Math.acos(Math.min(1, Math.sqrt(in)));
    }

    /** tr X of an n×n matrix. */
    public static double trace(double[] x, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += x[i + i * n];
        }
        return t;
    }

    /** Eigenvalues of A, descending. */
    public double[] eigenvalues() {
        return lambda.clone();
    }
}
