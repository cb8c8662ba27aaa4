package org.implreg.linalg;

import org.netlib.util.intW;

/**
 * Eigendecomposition A = V diag(λ) Vᵀ of a real symmetric n×n matrix by LAPACK {@code dsyevd}.
 *
 * <p>Eigenvalues are returned in <em>descending</em> order, eigenvectors as the columns of an
 * n×n column-major matrix in the same order. The input is not modified.
 */
public final class SymmetricEigen {
    private final int n;
    private final double[] values;
    private final double[] vectors;

    private SymmetricEigen(int n, double[] values, double[] vectors) {
        this.n = n;
        this.values = values;
        this.vectors = vectors;
    }

    /** Eigenvalues only (descending). */
    public static double[] eigenvalues(double[] a, int n) {
        return decompose(a, n, false).values;
    }

    /**
     * Decomposes the symmetric n×n column-major matrix {@code a} (only its upper triangle is read).
     *
     * @param wantVectors whether to compute eigenvectors
     * @throws ArithmeticException if LAPACK fails to converge or the matrix has non-finite entries
     */
    public static SymmetricEigen decompose(double[] a, int n, boolean wantVectors) {
        if (n == 0) {
            return new SymmetricEigen(0, new double[0], new double[0]);
        }
        if (!Linalg.allFinite(a)) {
            throw new ArithmeticException("eigendecomposition of a matrix with non-finite entries");
        }
        double[] work = a.clone();
        double[] w = new double[n];
        String jobz = wantVectors ? "V" : "N";
        intW info = new intW(0);
        double[] wq = new double[1];
        int[] iwq = new int[1];
        Linalg.LAPACK.dsyevd(jobz, "U", n, work, n, w, wq, -1, iwq, -1, info);
        int lwork = Math.max(1, (int) wq[0]);
        int liwork = Math.max(1, iwq[0]);
        double[] wk = new double[lwork];
        int[] iwk = new int[liwork];
        info.val = 0;
        Linalg.LAPACK.dsyevd(jobz, "U", n, work, n, w, wk, lwork, iwk, liwork, info);
        if (info.val != 0) {
            throw new ArithmeticException("dsyevd failed with info = " + info.val);
        }
        // LAPACK returns ascending order: reverse values and vector columns.
        double[] vals = new double[n];
        for (int i = 0; i < n; i++) {
            vals[i] = w[n - 1 - i];
        }
        double[] vecs = null;
        if (wantVectors) {
            vecs = new double[n * n];
            for (int j = 0; j < n; j++) {
                System.arraycopy(work, (n - 1 - j) * n, vecs, j * n, n);
            }
        }
        return new SymmetricEigen(n, vals, vecs);
    }

    /**
     * {@link #decompose}(a, n, true) by LAPACK {@code dsyevr} (the MRRR algorithm) instead of {@code dsyevd}: the same
     * decomposition up to rounding (eigenvectors orthonormal to O(nε)); 10–15% faster than dsyevd at n = 50 with OpenBLAS (docs/PERFORMANCE.md); for loops that
     * decompose once per step (mirror descent). Eigenvalues descending, as {@link #decompose}.
     *
     * @throws ArithmeticException if LAPACK fails or the matrix has non-finite entries
     */
    public static SymmetricEigen decomposeMrrr(double[] a, int n) {
        if (n == 0) {
            return new SymmetricEigen(0, new double[0], new double[0]);
        }
        if (!Linalg.allFinite(a)) {
            throw new ArithmeticException("eigendecomposition of a matrix with non-finite entries");
        }
        double[] work = a.clone();
        double[] w = new double[n];
        double[] z = new double[n * n];
        int[] isuppz = new int[2 * n];
        intW found = new intW(0);
        intW info = new intW(0);
        double[] wq = new double[1];
        int[] iwq = new int[1];
        Linalg.LAPACK.dsyevr("V", "A", "U", n, work, n, 0, 0, 0, 0, 0, found, w, z, n, isuppz, wq, -1, iwq, -1, info);
        double[] wk = new double[Math.max(1, (int) wq[0])];
        int[] iwk = new int[Math.max(1, iwq[0])];
        info.val = 0;
        Linalg.LAPACK.dsyevr("V", "A", "U", n, work, n, 0, 0, 0, 0, 0, found, w, z, n, isuppz, wk, wk.length, iwk, iwk.length, info);
        if (info.val != 0 || found.val != n) {
            throw new ArithmeticException("dsyevr failed with info = " + info.val + " (" + found.val + " of " + n + " eigenvalues)");
        }
        double[] vals = new double[n];
        double[] vecs = new double[n * n];
        for (int j = 0; j < n; j++) {
            vals[j] = w[n - 1 - j];
            System.arraycopy(z, (n - 1 - j) * n, vecs, j * n, n);
        }
        return new SymmetricEigen(n, vals, vecs);
    }

    /**
     * Eigenvalues (descending) of the symmetric n×n column-major matrix {@code a} (only its upper triangle is
     * read), computed in plain Java arithmetic and {@link Math#sqrt} (correctly rounded by its specification):
     * the same bits on every JVM and machine, whichever BLAS/LAPACK {@link #eigenvalues} would use. For results
     * that must be reproducible bitwise (seeded Monte Carlo); {@link #eigenvalues} is faster for large n.
     *
     * <p>Householder reduction to a tridiagonal T = QᵀAQ (reflections I − βvvᵀ, each of norm 1, so T's
     * eigenvalues are A's up to rounding of order ε‖A‖), then the implicit QL iteration with Wilkinson's
     * shift on T (EISPACK {@code tql1}); an off-diagonal entry counts as zero when it is at most ε(|d_i| +
     * |d_{i+1}|), ε = 2⁻⁵². O(n³) work, O(n²) memory. No scaling against overflow: the entries' squares must be
     * finite.
     *
     * @throws ArithmeticException on non-finite entries, or when QL has not converged after 30 sweeps per
     *                             eigenvalue
     */
    public static double[] eigenvaluesPortable(double[] a, int n) {
        if (n == 0) {
            return new double[0];
        }
        if (!Linalg.allFinite(a)) {
            throw new ArithmeticException("eigenvalues of a matrix with non-finite entries");
        }
        double[] w = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                w[i + j * n] = a[i + j * n];
                w[j + i * n] = a[i + j * n];
            }
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalize(w, n, d, e);
        implicitQl(d, e);
        java.util.Arrays.sort(d);
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            double t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    /** Householder: the full symmetric w (overwritten) to diagonal d and off-diagonal e (e[i] couples i, i+1). */
    private static void tridiagonalize(double[] w, int n, double[] d, double[] e) {
        double[] v = new double[n];
        double[] p = new double[n];
        for (int k = 0; k + 2 < n; k++) {
            d[k] = w[k + k * n];
            double scale = 0;
            for (int i = k + 1; i < n; i++) {
                scale = Math.max(scale, Math.abs(w[i + k * n]));
            }
            if (scale == 0) {
                e[k] = 0;
                continue;
            }
            double ss = 0;
            for (int i = k + 1; i < n; i++) {
                double x = w[i + k * n] / scale;
                v[i] = w[i + k * n];
                ss += x * x;
            }
            double norm = scale * Math.sqrt(ss);
            double x0 = v[k + 1];
            double alpha = x0 > 0 ? -norm : norm; // the sign that avoids cancellation in v₀ = x₀ − α
            v[k + 1] = x0 - alpha;
            double beta = 1 / (norm * (norm + Math.abs(x0))); // 2/vᵀv
            // p = β A₂₂ v, then q = p − (β pᵀv / 2) v, and A₂₂ ← A₂₂ − v qᵀ − q vᵀ
            double pv = 0;
            for (int i = k + 1; i < n; i++) {
                double s = 0;
                for (int j = k + 1; j < n; j++) {
                    s += w[i + j * n] * v[j];
                }
                p[i] = beta * s;
                pv += p[i] * v[i];
            }
            double half = 0.5 * beta * pv;
            for (int i = k + 1; i < n; i++) {
                p[i] -= half * v[i];
            }
            for (int j = k + 1; j < n; j++) {
                for (int i = k + 1; i < n; i++) {
                    w[i + j * n] -= v[i] * p[j] + p[i] * v[j];
                }
            }
            e[k] = alpha;
        }
        if (n >= 2) {
            d[n - 2] = w[(n - 2) + (n - 2) * n];
            e[n - 2] = w[(n - 1) + (n - 2) * n];
        }
        d[n - 1] = w[(n - 1) + (n - 1) * n];
        e[n - 1] = 0;
    }

    /** Implicit QL with Wilkinson's shift on the symmetric tridiagonal (d, e): d becomes the eigenvalues. */
    private static void implicitQl(double[] d, double[] e) {
        int n = d.length;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            int iterations = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    if (Math.abs(e[m]) <= eps * (Math.abs(d[m]) + Math.abs(d[m + 1]))) {
                        break;
                    }
                }
                if (m != l) {
                    if (iterations++ == 30) {
                        throw new ArithmeticException("tridiagonal QL did not converge");
                    }
                    double g = (d[l + 1] - d[l]) / (2 * e[l]);
                    double r = hypot(g, 1);
                    g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
                    double s = 1;
                    double c = 1;
                    double p = 0;
                    int i;
                    boolean underflow = false;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0) { // recover from underflow
                            d[i + 1] -= p;
                            e[m] = 0;
                            underflow = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                    }
                    if (underflow) {
                        continue;
                    }
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
    }

    /** √(x² + y²) without destructive overflow or underflow, in plain arithmetic. */
    private static double hypot(double x, double y) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        if (ax > ay) {
            double t = ay / ax;
            return ax * Math.sqrt(1 + t * t);
        }
        if (ay == 0) {
            return 0;
        }
        double t = ax / ay;
        return ay * Math.sqrt(1 + t * t);
    }

    /** Dimension n. */
    public int n() {
        return n;
    }

    /** Eigenvalues, descending (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Eigenvectors as columns of an n×n column-major matrix, or null when not computed (a copy). */
    public double[] vectors() {
        return vectors == null ? null : vectors.clone();
    }

    /**
     * Rebuilds V diag(f(λ)) Vᵀ for a function applied to the eigenvalues (e.g. clipping at zero for
     * the projection onto the PSD cone) into {@code out} (n×n, overwritten). Requires eigenvectors.
     */
    public double[] reconstruct(java.util.function.DoubleUnaryOperator f, double[] out) {
        if (vectors == null) {
            throw new IllegalStateException("eigenvectors were not computed");
        }
        double[] scaled = new double[n * n];
        double[] kept = new double[n * n];
        int k = 0;
        for (int j = 0; j < n; j++) {
            double fj = f.applyAsDouble(values[j]);
            if (fj != 0) {
                for (int i = 0; i < n; i++) {
                    double v = vectors[i + j * n];
                    kept[i + k * n] = v;
                    scaled[i + k * n] = v * fj;
                }
                k++;
            }
        }
        java.util.Arrays.fill(out, 0.0);
        if (k > 0) {
            Linalg.BLAS.dgemm("N", "T", n, n, k, 1.0, scaled, n, kept, n, 0.0, out, n);
            // exact symmetry despite rounding
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < j; i++) {
                    double avg = 0.5 * (out[i + j * n] + out[j + i * n]);
                    out[i + j * n] = avg;
                    out[j + i * n] = avg;
                }
            }
        }
        return out;
    }
}
