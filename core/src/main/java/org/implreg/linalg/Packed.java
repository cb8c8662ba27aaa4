package org.implreg.linalg;

/**
 * Packed storage of symmetric n×n matrices: the upper triangle, column by column
 * (LAPACK 'U' packed order). Entry (i, j) with i ≤ j is at {@code j(j+1)/2 + i}; the packed
 * length is N = n(n+1)/2.
 *
 * <p>For symmetric A and X, ⟨A, X⟩ = Σ_{i≤j} w_ij A_ij X_ij with w_ii = 1 and w_ij = 2 (i &lt; j).
 * {@link #packWeighted} folds these weights into X so that the Frobenius inner product becomes a
 * plain dot product with the unweighted packed A.
 */
public final class Packed {
    private Packed() {}

    /** N = n(n+1)/2. */
    public static int length(int n) {
        return n * (n + 1) / 2;
    }

    /** Index of (i, j), i ≤ j, in packed storage. */
    public static int index(int i, int j) {
        return j * (j + 1) / 2 + i;
    }

    /** Packs the upper triangle of the n×n column-major {@code full} into {@code packed}. */
    public static void pack(double[] full, int n, double[] packed) {
        int k = 0;
        for (int j = 0; j < n; j++) {
            int col = j * n;
            for (int i = 0; i <= j; i++) {
                packed[k++] = full[col + i];
            }
        }
    }

    /**
     * Packs the upper triangle of symmetric {@code full} with weights 2 off the diagonal, so that
     * ⟨A, X⟩ = dot(pack(A), packWeighted(X)).
     */
    public static void packWeighted(double[] full, int n, double[] packed) {
        int k = 0;
        for (int j = 0; j < n; j++) {
            int col = j * n;
            for (int i = 0; i < j; i++) {
                packed[k++] = 2.0 * full[col + i];
            }
            packed[k++] = full[col + j];
        }
    }

    /** Expands packed storage into a full symmetric n×n column-major matrix. */
    public static void unpack(double[] packed, int n, double[] full) {
        int k = 0;
        for (int j = 0; j < n; j++) {
            int col = j * n;
            for (int i = 0; i <= j; i++) {
                double v = packed[k++];
                full[col + i] = v;
                full[i * n + j] = v;
            }
        }
    }
}
