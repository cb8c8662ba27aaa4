package org.implreg.linalg;

import java.util.function.DoubleUnaryOperator;

/**
 * Matrix functions of a real symmetric matrix through its eigendecomposition: for A = V diag(λ) Vᵀ
 * (n×n, column-major, see {@link SymmetricEigen}),
 * <pre>
 *   φ(A) = V diag(φ(λ₁), …, φ(λ_n)) Vᵀ,
 * </pre>
 * exact up to the eigendecomposition's backward error (of order ε‖A‖₂ in A), whatever ‖A‖ is: no
 * truncated power series, no scaling and squaring. The result is symmetric bitwise (each entry (i, j)
 * and (j, i) is the same sum). Inputs are not modified.
 *
 * <p>The spectral entropy's mirror map for mirror descent on PSD matrices is ∇Φ(X) = log X and its
 * inverse exp; the spectral hypentropy's is arsinh(X/β) with inverse β·sinh(·) (see {@link #log},
 * {@link #exp}, {@link #apply}).
 */
public final class SpectralFunctions {
    private SpectralFunctions() {}

    /**
     * φ(A) for the symmetric n×n column-major {@code a} (only its upper triangle is read).
     *
     * @throws ArithmeticException if φ gives a non-finite value at an eigenvalue, naming it
     */
    public static double[] apply(double[] a, int n, DoubleUnaryOperator phi) {
        return apply(SymmetricEigen.decompose(a, n, true), n, phi);
    }

    /** φ(A) from A's decomposition {@code e} (n×n). */
    public static double[] apply(SymmetricEigen e, int n, DoubleUnaryOperator phi) {
        double[] lambda = e.values();
        double[] v = e.vectors();
        double[] w = new double[n];
        for (int k = 0; k < n; k++) {
            w[k] = phi.applyAsDouble(lambda[k]);
            if (!Double.isFinite(w[k])) {
                throw new ArithmeticException("matrix function is not finite at eigenvalue " + lambda[k]);
            }
        }
        // out = (V diag(w)) Vᵀ by one dgemm (BLAS, 2n³ flops), then the upper
        // triangle mirrored, so out is symmetric bitwise
        double[] vw = new double[n * n];
        for (int k = 0; k < n; k++) {
            double wk = w[k];
            int col = k * n;
            for (int i = 0; i < n; i++) {
                vw[col + i] = v[col + i] * wk;
            }
        }
        double[] out = new double[n * n];
        if (n > 0) {
            Linalg.BLAS.dgemm("N", "T", n, n, n, 1.0, vw, n, v, n, 0.0, out, n);
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                out[j + i * n] = out[i + j * n];
            }
        }
        return out;
    }

    /** The matrix exponential exp(A) of a symmetric A (n×n); positive definite for finite A. */
    public static double[] exp(double[] a, int n) {
        return apply(a, n, Math::exp);
    }

    /**
     * The principal logarithm log(A) of a symmetric positive definite A (n×n).
     *
     * @throws ArithmeticException if an eigenvalue is not positive (A is not positive definite), naming it
     */
    public static double[] log(double[] a, int n) {
        return apply(a, n, x -> {
            if (!(x > 0)) {
                throw new ArithmeticException("log of a matrix that is not positive definite (eigenvalue " + x + ")");
            }
            return Math.log(x);
        });
    }
}
