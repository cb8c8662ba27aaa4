package org.implreg.optimizer;

import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.Rng;

/** Initial factors U₀ ∈ ℝ^{n×d} (column-major). */
public final class Initializers {
    private Initializers() {}

    /** U₀ with i.i.d. N(0, 1) entries rescaled so that ‖U₀‖_F = scale (the paper's ‖U₀‖_F). */
    public static double[] gaussian(int n, int d, double scale, RandomGenerator rng) {
        InvalidInputException.require(Double.isFinite(scale) && scale > 0, "init scale must be finite and > 0, got " + scale);
        double[] u = Rng.gaussian(rng, n * d);
        double s = scale / Linalg.norm(u);
        for (int i = 0; i < u.length; i++) {
            u[i] *= s;
        }
        return u;
    }

    /** U₀ = c·I (n×n), i.e. X₀ = c² I. */
    public static double[] scaledIdentity(int n, double c) {
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            u[i + i * n] = c;
        }
        return u;
    }

    /**
     * SVD initialization (Fig. 1 of the paper): the top-d factor of a symmetric X, U₀ = V_d Λ_d^{1/2}
     * with the d largest eigenvalues (negative ones clipped to 0), so U₀U₀ᵀ is the best rank-d PSD
     * approximation of X.
     */
    public static double[] topFactor(double[] x, int n, int d) {
        InvalidInputException.require(x.length == n * n, "SVD initialization needs an " + n + "×" + n + " matrix");
        InvalidInputException.require(d >= 1 && d <= n, "factor width d must be in 1..n = " + n + ", got " + d);
        SymmetricEigen eig = SymmetricEigen.decompose(x, n, true);
        double[] vals = eig.values();
        double[] vecs = eig.vectors();
        double[] u = new double[n * d];
        for (int j = 0; j < d; j++) {
            double s = Math.sqrt(Math.max(vals[j], 0.0));
            for (int i = 0; i < n; i++) {
                u[i + j * n] = vecs[i + j * n] * s;
            }
        }
        return u;
    }
}
