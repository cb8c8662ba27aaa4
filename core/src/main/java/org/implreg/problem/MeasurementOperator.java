package org.implreg.problem;

import org.implreg.linalg.Linalg;

/**
 * A linear measurement operator 𝒜: 𝕊ⁿ → ℝᵐ on symmetric n×n matrices,
 * 𝒜(X)_i = ⟨A_i, X⟩ = tr(A_iᵀ X) with symmetric A_i, and its adjoint 𝒜*(r) = Σ_i r_i A_i.
 *
 * <p>Matrices are column-major {@code double[]} (see {@link Linalg}). Implementations are immutable
 * and thread-safe; the scratch space of the fused methods is passed in by the caller
 * ({@link #workspaceSize(int)} doubles), so one operator can serve many concurrent runs.
 *
 * <p>The fused products are the kernels of factorized gradient descent on U ∈ ℝ^{n×d}:
 * <ul>
 *   <li>{@link #applyGram}: 𝒜(U Uᵀ) (m)</li>
 *   <li>{@link #applySymmetricProduct}: 𝒜(U Vᵀ + V Uᵀ) (m), used by exact line search</li>
 *   <li>{@link #adjointTimes}: 𝒜*(r) U (n×d)</li>
 * </ul>
 * The defaults form dense n×n intermediates; sparse operators override them.
 */
public interface MeasurementOperator {

    /** Matrix dimension n. */
    int n();

    /** Number of measurements m. */
    int m();

    /** Short name of the operator family, e.g. "dense" or "completion". */
    String kind();

    /**
     * out[i] = ⟨A_i, X⟩ for a symmetric n×n X (both triangles filled). {@code out} has length m.
     */
    void apply(double[] x, double[] out);

    /** out = 𝒜*(r) = Σ r_i A_i, a full symmetric n×n matrix; {@code out} is overwritten. */
    void adjoint(double[] r, double[] out);

    /** Scratch doubles the fused methods need for factor width d. */
    default int workspaceSize(int d) {
        return n() * n();
    }

    /** out = 𝒜(U Uᵀ) for U n×d. */
    default void applyGram(double[] u, int d, double[] out, double[] work) {
        Linalg.gram(u, n(), d, work);
        apply(work, out);
    }

    /** out = 𝒜(U Vᵀ + V Uᵀ) for U, V n×d. */
    default void applySymmetricProduct(double[] u, double[] v, int d, double[] out, double[] work) {
        int n = n();
        Linalg.BLAS.dsyr2k("U", "N", n, d, 1.0, u, n, v, n, 0.0, work, n);
        Linalg.symmetrizeFromUpper(work, n);
        apply(work, out);
    }

    /** out = 𝒜*(r) U for U n×d; {@code out} (n×d) is overwritten. */
    default void adjointTimes(double[] r, double[] u, int d, double[] out, double[] work) {
        int n = n();
        adjoint(r, work);
        Linalg.BLAS.dsymm("L", "U", n, d, 1.0, work, n, u, n, 0.0, out, n);
    }

    /**
     * The measurements of a minibatch (stochastic methods): out[k] = ⟨A_{rows[k]}, U Uᵀ⟩ for
     * k &lt; rows.length (indices in 0..m−1, repeats allowed), U n×d; {@code out} (at least rows.length)
     * is overwritten. The default computes all of 𝒜(U Uᵀ) and picks the entries; the dense and completion
     * operators override it with kernels that cost O(rows.length) measurements.
     */
    default void applyGramRows(int[] rows, double[] u, int d, double[] out, double[] work) {
        double[] all = new double[m()];
        applyGram(u, d, all, work);
        for (int k = 0; k < rows.length; k++) {
            out[k] = all[rows[k]];
        }
    }

    /**
     * The adjoint on a minibatch: out = Σ_k w[k] A_{rows[k]} U (n×d, overwritten) for k &lt; rows.length
     * (a repeated index counts once per occurrence). The default scatters w into an m-vector and calls
     * {@link #adjointTimes}; the dense and completion operators override it.
     */
    default void adjointTimesRows(int[] rows, double[] w, double[] u, int d, double[] out, double[] work) {
        double[] all = new double[m()];
        for (int k = 0; k < rows.length; k++) {
            all[rows[k]] += w[k];
        }
        adjointTimes(all, u, d, out, work);
    }

    /**
     * The Schur complement of interior-point methods: out (m×m, column-major, both triangles) gets
     * M_ij = ⟨A_i, W A_j W⟩ = tr(A_i W A_j W) with W = G Gᵀ for a given n×n factor G. M is symmetric
     * positive semidefinite, and definite when the A_i are linearly independent and W ≻ 0. With
     * G = I it is the Gram matrix ⟨A_i, A_j⟩ of the operator. The default forms each A_j densely
     * (m·O(n³)); the implementations override it with batched or closed-form kernels.
     */
    default void schurComplement(double[] g, double[] out) {
        int n = n();
        int m = m();
        double[] w = new double[n * n];
        Linalg.BLAS.dgemm("N", "T", n, n, n, 1.0, g, n, g, n, 0.0, w, n);
        double[] e = new double[m];
        double[] a = new double[n * n];
        double[] t = new double[n * n];
        double[] col = new double[m];
        for (int j = 0; j < m; j++) {
            e[j] = 1.0;
            adjoint(e, a);
            e[j] = 0.0;
            Linalg.BLAS.dgemm("N", "N", n, n, n, 1.0, w, n, a, n, 0.0, t, n);
            Linalg.BLAS.dgemm("N", "N", n, n, n, 1.0, t, n, w, n, 0.0, a, n);
            apply(a, col);
            System.arraycopy(col, 0, out, j * m, m);
        }
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < j; i++) {
                double avg = 0.5 * (out[i + j * m] + out[j + i * m]);
                out[i + j * m] = avg;
                out[j + i * m] = avg;
            }
        }
    }

    /**
     * The Gauss–Newton Gram matrix of the factorized map U ↦ 𝒜(U Uᵀ): out (m×m, column-major, both
     * triangles) gets G_ij = ⟨A_i U, A_j U⟩ = tr(A_i A_j U Uᵀ) for U n×d. With the linear map
     * B: V ↦ (⟨A_i U, V⟩)_i = ½𝒜(U Vᵀ + V Uᵀ), G = B Bᵀ and the Gauss–Newton part of ∇²f is 8 BᵀB.
     * G is symmetric positive semidefinite. The default forms each A_j U through
     * {@link #adjointTimes} (m products); the implementations override it.
     */
    default void gaussNewtonGram(double[] u, int d, double[] out) {
        int n = n();
        int m = m();
        int nd = n * d;
        double[] b = new double[nd * m];
        double[] e = new double[m];
        double[] col = new double[nd];
        double[] work = new double[workspaceSize(d)];
        for (int j = 0; j < m; j++) {
            e[j] = 1.0;
            adjointTimes(e, u, d, col, work);
            e[j] = 0.0;
            System.arraycopy(col, 0, b, j * nd, nd);
        }
        Linalg.BLAS.dsyrk("U", "T", m, nd, 1.0, b, nd, 0.0, out, m);
        Linalg.symmetrizeFromUpper(out, m);
    }

    /**
     * The dense stack of the A_i as an m×n×n array in C order (A[i][j][k] at i·n² + j·n + k), as
     * stored in problem files. Use only for small problems or export.
     */
    double[] toDenseStack();

    /**
     * ‖𝒜‖² = λ_max(𝒜*𝒜) on symmetric matrices with the Frobenius inner product, by power
     * iteration from a deterministic start. Used to choose stable steps for gradient descent on X.
     */
    default double normSquaredEstimate() {
        int n = n();
        double[] x = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                x[i + j * n] = 1.0 + 0.1 * Math.sin(1.0 + i + 3.0 * j + 7.0 * Math.min(i, j));
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < j; i++) {
                x[j + i * n] = x[i + j * n];
            }
        }
        double[] ax = new double[m()];
        double[] y = new double[n * n];
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double nx = Linalg.norm(x);
            if (nx == 0) {
                return 0;
            }
            for (int i = 0; i < x.length; i++) {
                x[i] /= nx;
            }
            apply(x, ax);
            adjoint(ax, y);
            double next = Linalg.dot(x, y);
            double[] t = x;
            x = y;
            y = t;
            if (it > 10 && Math.abs(next - lambda) <= 1e-10 * next) {
                lambda = next;
                break;
            }
            lambda = next;
        }
        return lambda;
    }
}
