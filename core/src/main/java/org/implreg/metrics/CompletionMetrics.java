package org.implreg.metrics;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.problem.AsymmetricCompletion;

/**
 * Metrics of a rectangular completion X (n1×n2) on a set of entries S (training or test ratings):
 * the relative error ‖P_S(X) − M_S‖₂/‖M_S‖₂ (X = 0 gives 1) and the nuclear norm ‖X‖_*. X is given
 * either densely (column-major) or as factors X = UVᵀ (U n1×d, V n2×d, row-major, never multiplied out
 * for the errors).
 */
public final class CompletionMetrics {
    private CompletionMetrics() {}

    /** ‖P_S(UVᵀ) − M_S‖/‖M_S‖ for U n1×d and V n2×d row-major; S must fit the shape. */
    public static double relativeError(AsymmetricCompletion s, double[] u, double[] v, int d) {
        InvalidInputException.require(u.length == s.n1() * d && v.length == s.n2() * d,
            "factors must be " + s.n1() + "×" + d + " and " + s.n2() + "×" + d);
        double num = 0;
        double den = 0;
        for (int e = 0; e < s.size(); e++) {
            int ui = s.rows()[e] * d;
            int vj = s.cols()[e] * d;
            double p = 0;
            for (int t = 0; t < d; t++) {
                p += u[ui + t] * v[vj + t];
            }
            double m = s.values()[e];
            num += (p - m) * (p - m);
            den += m * m;
        }
        return Math.sqrt(num) / Math.sqrt(den);
    }

    /** ‖P_S(X) − M_S‖/‖M_S‖ for X n1×n2 column-major. */
    public static double relativeError(AsymmetricCompletion s, double[] x) {
        InvalidInputException.require(x.length == s.n1() * s.n2(), "X must be " + s.n1() + "×" + s.n2());
        double num = 0;
        double den = 0;
        for (int e = 0; e < s.size(); e++) {
            double p = x[s.rows()[e] + s.cols()[e] * s.n1()];
            double m = s.values()[e];
            num += (p - m) * (p - m);
            den += m * m;
        }
        return Math.sqrt(num) / Math.sqrt(den);
    }

    /** X = UVᵀ as an n1×n2 column-major matrix (one {@code dgemm}) for U n1×d, V n2×d row-major. */
    public static double[] product(double[] u, double[] v, int n1, int n2, int d) {
        InvalidInputException.require(u.length == n1 * d && v.length == n2 * d, "factors must be " + n1 + "×" + d + " and " + n2 + "×" + d);
        org.implreg.MemoryBudget.require(org.implreg.MemoryBudget.product(n1, n2, 8), "X = UVᵀ (" + n1 + "×" + n2 + " doubles)", "completion");
        double[] x = new double[n1 * n2];
        // row-major U (n1×d) is column-major Uᵀ (d×n1): X = (Uᵀ)ᵀ Vᵀ
        Linalg.BLAS.dgemm("T", "N", n1, n2, d, 1.0, u, d, v, d, 0.0, x, n1);
        return x;
    }

    /** ‖X‖_* of an n1×n2 column-major matrix (all singular values by {@code dgesdd}); X is not modified. */
    public static double nuclearNorm(double[] x, int n1, int n2) {
        if (!Linalg.allFinite(x)) {
            return Double.NaN; // LAPACK refuses non-finite input (dgesdd info = -4)
        }
        double s = 0;
        for (double v : Linalg.singularValues(x.clone(), n1, n2)) {
            s += v;
        }
        return s;
    }

    /**
     * ‖UVᵀ‖_* for U n1×d, V n2×d row-major (forms UVᵀ once: for reports, not for inner loops). When
     * the dense n1×n2 product does not fit the {@link org.implreg.MemoryBudget} (large sparse
     * problems), it is computed from the factors instead: the singular values of UVᵀ are the square
     * roots of the eigenvalues of G^{1/2} H G^{1/2}, G = UᵀU, H = VᵀV (d×d). NaN when a factor is not
     * finite.
     */
    public static double nuclearNorm(double[] u, double[] v, int n1, int n2, int d) {
        if (!Linalg.allFinite(u) || !Linalg.allFinite(v)) {
            return Double.NaN; // LAPACK refuses non-finite input (dgesdd info = -4)
        }
        long dense = org.implreg.MemoryBudget.product(n1, n2, 8, 3);
        if (dense < 0 || dense > org.implreg.MemoryBudget.bytes()) {
            return factoredNuclearNorm(u, v, n1, n2, d);
        }
        double[] x = product(u, v, n1, n2, d);
        if (!Linalg.allFinite(x)) {
            return Double.NaN; // finite factors whose product overflows
        }
        double s = 0;
        for (double t : Linalg.singularValues(x, n1, n2)) {
            s += t;
        }
        return s;
    }

    /**
     * The singular values of UVᵀ, descending, for U n1×d, V n2×d row-major: all min(n1, n2) of them from
     * the dense product when it fits the {@link org.implreg.MemoryBudget}, else the min(d, n1, n2) nonzero
     * ones from the d×d Gram matrices (as {@link #nuclearNorm(double[], double[], int, int, int)}); NaN
     * entries when a factor is not finite.
     */
    public static double[] singularValues(double[] u, double[] v, int n1, int n2, int d) {
        if (!Linalg.allFinite(u) || !Linalg.allFinite(v)) {
            double[] nan = new double[Math.min(n1, n2)];
            java.util.Arrays.fill(nan, Double.NaN);
            return nan;
        }
        long dense = org.implreg.MemoryBudget.product(n1, n2, 8, 3);
        if (dense >= 0 && dense <= org.implreg.MemoryBudget.bytes()) {
            double[] x = product(u, v, n1, n2, d);
            if (Linalg.allFinite(x)) {
                return Linalg.singularValues(x, n1, n2);
            }
        }
        double[] ev = gramProductEigenvalues(u, v, n1, n2, d);
        int keep = Math.min(d, Math.min(n1, n2));
        double[] s = new double[keep];
        for (int i = 0; i < keep; i++) {
            s[i] = ev == null ? Double.NaN : Math.sqrt(Math.max(0.0, ev[i]));
        }
        return Linalg.sortDescending(s);
    }

    /** ‖UVᵀ‖_* from the d×d Gram matrices alone (see {@link #nuclearNorm(double[], double[], int, int, int)}). */
    static double factoredNuclearNorm(double[] u, double[] v, int n1, int n2, int d) {
        double[] ev = gramProductEigenvalues(u, v, n1, n2, d);
        if (ev == null) {
            return Double.NaN;
        }
        double s = 0;
        for (double l : ev) {
            s += Math.sqrt(Math.max(0.0, l));
        }
        return s;
    }

    /**
     * The eigenvalues of K = G^½ H G^½ with G = UᵀU, H = VᵀV (d×d; U n1×d and V n2×d row-major): the squared
     * singular values of UVᵀ, from d×d work only; null when G or H is not finite.
     */
    private static double[] gramProductEigenvalues(double[] u, double[] v, int n1, int n2, int d) {
        double[] g = new double[d * d];
        double[] h = new double[d * d];
        // row-major U (n1×d) is column-major Uᵀ (d×n1): G = Uᵀ U = (Uᵀ)(Uᵀ)ᵀ
        Linalg.BLAS.dgemm("N", "T", d, d, n1, 1.0, u, d, u, d, 0.0, g, d);
        Linalg.BLAS.dgemm("N", "T", d, d, n2, 1.0, v, d, v, d, 0.0, h, d);
        if (!Linalg.allFinite(g) || !Linalg.allFinite(h)) {
            return null;
        }
        org.implreg.linalg.SymmetricEigen eg = org.implreg.linalg.SymmetricEigen.decompose(g, d, true);
        double[] root = eg.reconstruct(l -> Math.sqrt(Math.max(0.0, l)), new double[d * d]);
        double[] t = new double[d * d];
        double[] k = new double[d * d];
        Linalg.BLAS.dgemm("N", "N", d, d, d, 1.0, root, d, h, d, 0.0, t, d);
        Linalg.BLAS.dgemm("N", "N", d, d, d, 1.0, t, d, root, d, 0.0, k, d);
        Linalg.symmetrizeFromUpper(k, d);
        return org.implreg.linalg.SymmetricEigen.eigenvalues(k, d);
    }
}
