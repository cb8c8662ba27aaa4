package org.implreg.metrics;

import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;

/**
 * Metrics of a symmetric solution X (one eigendecomposition computes them all).
 *
 * <ul>
 *   <li>spectrum: eigenvalues of X, descending; singular values σ = |λ| sorted descending</li>
 *   <li>nuclear norm ‖X‖_* = Σσ_i (= tr X for PSD X)</li>
 *   <li>effective rank ‖X‖_* / ‖X‖₂ (Chou et al.; between 1 and rank X)</li>
 *   <li>entropy effective rank exp(H(p)), p = σ/‖σ‖₁, H(p) = −Σ p_i log p_i (Roy &amp; Vetterli 2007)</li>
 *   <li>relative error ‖X − X*‖_F/‖X*‖_F when X* is known</li>
 * </ul>
 *
 * @param eigenvalues        eigenvalues of X, descending
 * @param singularValues     |eigenvalues|, descending
 * @param nuclearNorm        Σσ
 * @param spectralNorm       max σ
 * @param frobeniusNorm      ‖X‖_F
 * @param effectiveRank      ‖X‖_* / ‖X‖₂ (NaN for X = 0)
 * @param entropyEffectiveRank exp(H(σ/‖σ‖₁)) (NaN for X = 0)
 * @param relativeError      ‖X − X*‖_F/‖X*‖_F, or NaN without X*
 */
public record SolutionMetrics(double[] eigenvalues, double[] singularValues, double nuclearNorm, double spectralNorm,
                              double frobeniusNorm, double effectiveRank, double entropyEffectiveRank,
                              double relativeError) {

    /** Metrics of the symmetric n×n X; {@code xStar} may be null. */
    public static SolutionMetrics of(double[] x, int n, double[] xStar) {
        double[] eig = Linalg.allFinite(x) ? SymmetricEigen.eigenvalues(x, n) : nanArray(n);
        double[] sv = singularValuesFromEigenvalues(eig);
        double rel = xStar == null ? Double.NaN : relativeError(x, xStar);
        return new SolutionMetrics(eig, sv, sum(sv), sv.length == 0 ? 0 : sv[0], Linalg.norm(x),
            effectiveRank(sv), entropyEffectiveRank(sv), rel);
    }

    /** ‖X − X*‖_F/‖X*‖_F. */
    public static double relativeError(double[] x, double[] xStar) {
        return Linalg.distance(x, xStar) / Linalg.norm(xStar);
    }

    /** ‖σ‖₁/‖σ‖_∞ for singular values σ (any order); NaN when all are 0. */
    public static double effectiveRank(double[] sigma) {
        double s = 0, mx = 0;
        for (double v : sigma) {
            s += Math.abs(v);
            mx = Math.max(mx, Math.abs(v));
        }
        return mx > 0 ? s / mx : Double.NaN;
    }

    /**
     * Roy &amp; Vetterli's effective rank (the one of Razin &amp; Cohen 2020): erank(σ) = exp H(p), p = σ/‖σ‖₁,
     * H(p) = −Σ p_i log p_i the Shannon entropy (terms with p_i = 0 contribute 0); between 1 and the number of
     * nonzero σ_i, equal to r for r equal nonzero values. NaN when all are 0.
     */
    public static double entropyEffectiveRank(double[] sigma) {
        double s = 0;
        for (double v : sigma) {
            s += Math.abs(v);
        }
        if (!(s > 0)) {
            return Double.NaN;
        }
        double h = 0;
        for (double v : sigma) {
            double p = Math.abs(v) / s;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return Math.exp(h);
    }

    /** Number of singular values above tol·σ_max. */
    public int numericalRank(double relTol) {
        int k = 0;
        for (double s : singularValues) {
            if (s > relTol * spectralNorm) {
                k++;
            }
        }
        return k;
    }

    private static double[] singularValuesFromEigenvalues(double[] eig) {
        double[] sv = new double[eig.length];
        for (int i = 0; i < eig.length; i++) {
            sv[i] = Math.abs(eig[i]);
        }
        java.util.Arrays.sort(sv);
        for (int i = 0; i < sv.length / 2; i++) {
            double t = sv[i];
            sv[i] = sv[sv.length - 1 - i];
            sv[sv.length - 1 - i] = t;
        }
        return sv;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double[] nanArray(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }
}
