package org.implreg.problem;

import java.util.Arrays;
import org.implreg.InvalidInputException;

/**
 * Entry-wise measurements of a symmetric matrix (matrix completion): 𝒜(X)_i = X_{p_i q_i} with
 * A_i = (e_p e_qᵀ + e_q e_pᵀ)/2, so ⟨A_i, X⟩ = X_pq for symmetric X (A_i = e_p e_pᵀ on the diagonal).
 *
 * <p>Stored as index lists; every kernel costs O(m·d) with no n×n intermediate. Indices are
 * canonicalized to p ≤ q.
 */
public final class CompletionOperator implements MeasurementOperator {
    private final int n;
    private final int[] rows;
    private final int[] cols;

    /**
     * @param n     matrix dimension
     * @param rows  row index of each observed entry (0-based)
     * @param cols  column index of each observed entry (0-based)
     * @throws InvalidInputException on out-of-range indices or mismatched lengths
     */
    public CompletionOperator(int n, int[] rows, int[] cols) {
        InvalidInputException.require(n >= 1, "completion operator: n must be ≥ 1, got " + n);
        InvalidInputException.require(rows.length == cols.length,
            "completion operator: " + rows.length + " row indices but " + cols.length + " column indices");
        this.n = n;
        this.rows = new int[rows.length];
        this.cols = new int[cols.length];
        for (int i = 0; i < rows.length; i++) {
            int p = rows[i];
            int q = cols[i];
            if (p < 0 || p >= n || q < 0 || q >= n) {
                throw new InvalidInputException(String.format(
                    "completion operator: index %d is (%d, %d), outside 0..%d", i, p, q, n - 1));
            }
            this.rows[i] = Math.min(p, q);
            this.cols[i] = Math.max(p, q);
        }
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return rows.length;
    }

    @Override
    public String kind() {
        return "completion";
    }

    /** Row indices (p ≤ q), a copy. */
    public int[] rows() {
        return rows.clone();
    }

    /** Column indices (p ≤ q), a copy. */
    public int[] cols() {
        return cols.clone();
    }

    @Override
    public void apply(double[] x, double[] out) {
        for (int i = 0; i < rows.length; i++) {
            out[i] = x[rows[i] + cols[i] * n];
        }
    }

    @Override
    public void adjoint(double[] r, double[] out) {
        Arrays.fill(out, 0, n * n, 0.0);
        for (int i = 0; i < rows.length; i++) {
            int p = rows[i];
            int q = cols[i];
            if (p == q) {
                out[p + p * n] += r[i];
            } else {
                double h = 0.5 * r[i];
                out[p + q * n] += h;
                out[q + p * n] += h;
            }
        }
    }

    @Override
    public int workspaceSize(int d) {
        return 2 * n * d;
    }

    @Override
    public void applyGram(double[] u, int d, double[] out, double[] work) {
        // rows of U contiguous: ut is d×n column-major (= Uᵀ), row p of U at ut[p*d ..)
        transposeInto(u, d, work, 0);
        for (int i = 0; i < rows.length; i++) {
            int a = rows[i] * d;
            int b = cols[i] * d;
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += work[a + k] * work[b + k];
            }
            out[i] = s;
        }
    }

    @Override
    public void applySymmetricProduct(double[] u, double[] v, int d, double[] out, double[] work) {
        int off = n * d;
        transposeInto(u, d, work, 0);
        transposeInto(v, d, work, off);
        for (int i = 0; i < rows.length; i++) {
            int a = rows[i] * d;
            int b = cols[i] * d;
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += work[a + k] * work[off + b + k] + work[off + a + k] * work[b + k];
            }
            out[i] = s;
        }
    }

    @Override
    public void adjointTimes(double[] r, double[] u, int d, double[] out, double[] work) {
        int off = n * d;
        transposeInto(u, d, work, 0);
        Arrays.fill(work, off, off + n * d, 0.0);
        for (int i = 0; i < rows.length; i++) {
            int p = rows[i];
            int q = cols[i];
            int a = p * d;
            int b = q * d;
            if (p == q) {
                double s = r[i];
                for (int k = 0; k < d; k++) {
                    work[off + a + k] += s * work[a + k];
                }
            } else {
                double h = 0.5 * r[i];
                for (int k = 0; k < d; k++) {
                    work[off + a + k] += h * work[b + k];
                    work[off + b + k] += h * work[a + k];
                }
            }
        }
        // back to n×d column-major
        for (int p = 0; p < n; p++) {
            for (int k = 0; k < d; k++) {
                out[p + k * n] = work[off + p * d + k];
            }
        }
    }

    /** O(rows.length·d): the inner products of the rows p, q of U for the selected entries. */
    @Override
    public void applyGramRows(int[] sel, double[] u, int d, double[] out, double[] work) {
        for (int k = 0; k < sel.length; k++) {
            int p = rows[sel[k]];
            int q = cols[sel[k]];
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += u[p + j * n] * u[q + j * n];
            }
            out[k] = s;
        }
    }

    /** O(n·d + rows.length·d): out = Σ_k w_k sym(e_p e_qᵀ) U for the selected entries. */
    @Override
    public void adjointTimesRows(int[] sel, double[] w, double[] u, int d, double[] out, double[] work) {
        Arrays.fill(out, 0, n * d, 0.0);
        for (int k = 0; k < sel.length; k++) {
            int p = rows[sel[k]];
            int q = cols[sel[k]];
            if (p == q) {
                double s = w[k];
                for (int j = 0; j < d; j++) {
                    out[p + j * n] += s * u[p + j * n];
                }
            } else {
                double h = 0.5 * w[k];
                for (int j = 0; j < d; j++) {
                    out[p + j * n] += h * u[q + j * n];
                    out[q + j * n] += h * u[p + j * n];
                }
            }
        }
    }

    private void transposeInto(double[] u, int d, double[] work, int offset) {
        for (int k = 0; k < d; k++) {
            int col = k * n;
            for (int p = 0; p < n; p++) {
                work[offset + p * d + k] = u[col + p];
            }
        }
    }

    /**
     * Closed form, O(m²): for A_i = sym(e_p e_qᵀ) and A_j = sym(e_r e_sᵀ),
     * ⟨A_i, W A_j W⟩ = (W_pr W_qs + W_ps W_qr) / 2.
     */
    @Override
    public void schurComplement(double[] g, double[] out) {
        int m = rows.length;
        double[] w = new double[n * n];
        org.implreg.linalg.Linalg.BLAS.dgemm("N", "T", n, n, n, 1.0, g, n, g, n, 0.0, w, n);
        for (int j = 0; j < m; j++) {
            int r = rows[j] * n;
            int s = cols[j] * n;
            for (int i = j; i < m; i++) {
                int p = rows[i];
                int q = cols[i];
                double v = 0.5 * (w[p + r] * w[q + s] + w[p + s] * w[q + r]);
                out[i + j * m] = v;
                out[j + i * m] = v;
            }
        }
    }

    /**
     * Closed form: with A_i = (e_p e_qᵀ + e_q e_pᵀ)/2 (also for p = q) and X = U Uᵀ,
     * ⟨A_i U, A_j U⟩ = ¼(δ_ps X_qt + δ_pt X_qs + δ_qs X_pt + δ_qt X_ps) for entries (p, q), (s, t):
     * nonzero only for entries that share an index. O(n²d + m²).
     */
    @Override
    public void gaussNewtonGram(double[] u, int d, double[] out) {
        int m = rows.length;
        double[] x = new double[n * n];
        org.implreg.linalg.Linalg.gram(u, n, d, x);
        for (int j = 0; j < m; j++) {
            int s = rows[j];
            int t = cols[j];
            for (int i = j; i < m; i++) {
                int p = rows[i];
                int q = cols[i];
                double v = 0;
                if (p == s) {
                    v += x[q + t * n];
                }
                if (p == t) {
                    v += x[q + s * n];
                }
                if (q == s) {
                    v += x[p + t * n];
                }
                if (q == t) {
                    v += x[p + s * n];
                }
                v *= 0.25;
                out[i + j * m] = v;
                out[j + i * m] = v;
            }
        }
    }

    @Override
    public double[] toDenseStack() {
        double[] s = new double[rows.length * n * n];
        for (int i = 0; i < rows.length; i++) {
            int base = i * n * n;
            int p = rows[i];
            int q = cols[i];
            if (p == q) {
                s[base + p * n + p] = 1.0;
            } else {
                s[base + p * n + q] = 0.5;
                s[base + q * n + p] = 0.5;
            }
        }
        return s;
    }

    @Override
    public double normSquaredEstimate() {
        // 𝒜*𝒜 is diagonal in the entry basis: an entry observed c times contributes c (diagonal)
        // or c/2 (off-diagonal pair, Frobenius-normalized).
        java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            counts.merge((long) rows[i] * n + cols[i], 1, Integer::sum);
        }
        double best = 0;
        for (var e : counts.entrySet()) {
            long key = e.getKey();
            boolean diag = key / n == key % n;
            best = Math.max(best, diag ? e.getValue() : e.getValue() / 2.0);
        }
        return best;
    }
}
