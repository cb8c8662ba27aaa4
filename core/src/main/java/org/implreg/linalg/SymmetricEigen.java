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
