package org.implreg.problem;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.Packed;

/**
 * A measurement operator given by m dense symmetric matrices A_i, each stored once as its packed
 * upper triangle (see {@link Packed}): a column-major N×m matrix P (N = n(n+1)/2), column i being
 * packed(A_i). This halves memory traffic compared with the dense m×n×n stack.
 *
 * <p>𝒜(X) = Pᵀ (w ∘ packed(X)) and packed(𝒜*(r)) = P r: each is one BLAS {@code dgemv} (and one
 * {@code dgemm} for a batch of independent runs, see {@link #applyBatch} and {@link #adjointBatch}).
 */
public final class DenseSymmetricOperator implements MeasurementOperator {
    /** Relative tolerance for the symmetry check of loaded matrices: |A_jk − A_kj| ≤ tol·max|A|. */
    public static final double SYMMETRY_TOLERANCE = 1e-10;

    private final int n;
    private final int m;
    private final int len;
    private final double[] packed; // N×m column-major
    private final String kind;

    private DenseSymmetricOperator(int n, int m, double[] packed, String kind) {
        this.n = n;
        this.m = m;
        this.len = Packed.length(n);
        this.packed = packed;
        this.kind = kind;
    }

    /**
     * From packed columns (length N·m, column i = packed upper triangle of A_i). The array is
     * owned by the operator afterwards.
     */
    public static DenseSymmetricOperator fromPacked(int n, int m, double[] packed, String kind) {
        if (packed.length != (long) Packed.length(n) * m) {
            throw new IllegalArgumentException("packed operator needs " + Packed.length(n) * m + " entries, got " + packed.length);
        }
        return new DenseSymmetricOperator(n, m, packed, kind);
    }

    /**
     * From a dense m×n×n stack in C order (A[i][j][k] at i·n² + j·n + k), as NumPy stores it.
     *
     * @throws InvalidInputException if some A_i is not symmetric or has non-finite entries
     */
    public static DenseSymmetricOperator fromDenseStack(int m, int n, double[] stack, String where) {
        if (stack.length != (long) m * n * n) {
            throw new InvalidInputException(where + ": expected " + m + "×" + n + "×" + n + " entries, got " + stack.length);
        }
        int len = Packed.length(n);
        double[] p = new double[len * m];
        double maxAbs = 0;
        for (double v : stack) {
            if (!Double.isFinite(v)) {
                throw new InvalidInputException(where + ": contains a non-finite value");
            }
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double tol = SYMMETRY_TOLERANCE * Math.max(maxAbs, Double.MIN_NORMAL);
        for (int i = 0; i < m; i++) {
            int base = i * n * n;
            int k = i * len;
            for (int col = 0; col < n; col++) {
                for (int row = 0; row <= col; row++) {
                    double upper = stack[base + row * n + col];
                    double lower = stack[base + col * n + row];
                    if (Math.abs(upper - lower) > tol) {
                        throw new InvalidInputException(String.format(
                            "%s: A[%d] is not symmetric: A[%d][%d][%d] = %s but A[%d][%d][%d] = %s",
                            where, i, i, row, col, upper, i, col, row, lower));
                    }
                    p[k++] = 0.5 * (upper + lower);
                }
            }
        }
        return new DenseSymmetricOperator(n, m, p, "dense");
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int m() {
        return m;
    }

    @Override
    public String kind() {
        return kind;
    }

    /** Packed length N = n(n+1)/2. */
    public int packedLength() {
        return len;
    }

    @Override
    public int workspaceSize(int d) {
        return n * n + len;
    }

    @Override
    public void apply(double[] x, double[] out) {
        double[] xw = new double[len];
        Packed.packWeighted(x, n, xw);
        applyPackedWeighted(xw, out);
    }

    /** out = Pᵀ xw for a weighted packed X (see {@link Packed#packWeighted}). */
    public void applyPackedWeighted(double[] xw, double[] out) {
        Linalg.BLAS.dgemv("T", len, m, 1.0, packed, len, xw, 1, 0.0, out, 1);
    }

    /** out = P r: the packed 𝒜*(r). */
    public void adjointPacked(double[] r, double[] outPacked) {
        Linalg.BLAS.dgemv("N", len, m, 1.0, packed, len, r, 1, 0.0, outPacked, 1);
    }

    @Override
    public void adjoint(double[] r, double[] out) {
        double[] s = new double[len];
        adjointPacked(r, s);
        Packed.unpack(s, n, out);
    }

    @Override
    public void applyGram(double[] u, int d, double[] out, double[] work) {
        // work[0 .. n²) holds U Uᵀ (upper), work[n² .. n²+N) the weighted packed copy.
        Linalg.BLAS.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, work, n);
        packUpperWeightedInto(work, n * n);
        Linalg.BLAS.dgemv("T", len, m, 1.0, packed, 0, len, work, n * n, 1, 0.0, out, 0, 1);
    }

    @Override
    public void applySymmetricProduct(double[] u, double[] v, int d, double[] out, double[] work) {
        Linalg.BLAS.dsyr2k("U", "N", n, d, 1.0, u, n, v, n, 0.0, work, n);
        packUpperWeightedInto(work, n * n);
        Linalg.BLAS.dgemv("T", len, m, 1.0, packed, 0, len, work, n * n, 1, 0.0, out, 0, 1);
    }

    @Override
    public void adjointTimes(double[] r, double[] u, int d, double[] out, double[] work) {
        Linalg.BLAS.dgemv("N", len, m, 1.0, packed, 0, len, r, 0, 1, 0.0, work, n * n, 1);
        // unpack the upper triangle only: dsymm reads 'U'
        int k = n * n;
        for (int j = 0; j < n; j++) {
            System.arraycopy(work, k, work, j * n, j + 1);
            k += j + 1;
        }
        Linalg.BLAS.dsymm("L", "U", n, d, 1.0, work, n, u, n, 0.0, out, n);
    }

    /** Selected columns of P against the weighted packed U Uᵀ: one dot product of length N per row. */
    @Override
    public void applyGramRows(int[] rows, double[] u, int d, double[] out, double[] work) {
        Linalg.BLAS.dsyrk("U", "N", n, d, 1.0, u, n, 0.0, work, n);
        packUpperWeightedInto(work, n * n);
        for (int k = 0; k < rows.length; k++) {
            out[k] = Linalg.BLAS.ddot(len, packed, rows[k] * len, 1, work, n * n, 1);
        }
    }

    /** Σ_k w_k P[:, rows[k]] (one axpy of length N per row), unpacked, times U (one dsymm). */
    @Override
    public void adjointTimesRows(int[] rows, double[] w, double[] u, int d, double[] out, double[] work) {
        java.util.Arrays.fill(work, n * n, n * n + len, 0.0);
        for (int k = 0; k < rows.length; k++) {
            Linalg.BLAS.daxpy(len, w[k], packed, rows[k] * len, 1, work, n * n, 1);
        }
        int k = n * n;
        for (int j = 0; j < n; j++) {
            System.arraycopy(work, k, work, j * n, j + 1);
            k += j + 1;
        }
        Linalg.BLAS.dsymm("L", "U", n, d, 1.0, work, n, u, n, 0.0, out, n);
    }

    /** Reads the upper triangle of work[0..n²) and writes its weighted packed form at work[offset..). */
    private void packUpperWeightedInto(double[] work, int offset) {
        int k = offset;
        for (int j = 0; j < n; j++) {
            int col = j * n;
            for (int i = 0; i < j; i++) {
                work[k++] = 2.0 * work[col + i];
            }
            work[k++] = work[col + j];
        }
    }

    /**
     * Batched 𝒜 for B independent runs: out (m×B) = Pᵀ XW where XW (N×B) holds weighted packed
     * matrices as columns. One {@code dgemm}: the operator is read once for all B runs.
     */
    public void applyBatch(double[] xwPacked, int batch, double[] out) {
        Linalg.BLAS.dgemm("T", "N", m, batch, len, 1.0, packed, len, xwPacked, len, 0.0, out, m);
    }

    /** Batched adjoint: S (N×B) = P R for residuals R (m×B); columns of S are packed 𝒜*(r_b). */
    public void adjointBatch(double[] r, int batch, double[] outPacked) {
        Linalg.BLAS.dgemm("N", "N", len, batch, m, 1.0, packed, len, r, m, 0.0, outPacked, len);
    }

    /** Writes A_start … A_{start+c−1} densely, side by side, into a (an n × n·c column-major matrix). */
    private void expandChunk(int start, int c, double[] a) {
        int nn = n * n;
        for (int jj = 0; jj < c; jj++) {
            int k = (start + jj) * len;
            int base = jj * nn;
            for (int col = 0; col < n; col++) {
                for (int row = 0; row <= col; row++) {
                    double v = packed[k++];
                    a[base + row + col * n] = v;
                    a[base + col + row * n] = v;
                }
            }
        }
    }

    /** Doubles of scratch per constraint block in {@link #schurComplement}: about 32 MB in all. */
    private static final int SCHUR_CHUNK_DOUBLES = 4_000_000;

    /**
     * M = Bᵀ B with B_j = Gᵀ A_j G, so that M_ij = ⟨B_i, B_j⟩ = ⟨A_i, W A_j W⟩. The A_j are expanded
     * in chunks side by side (an n × n·c matrix) so that each chunk costs two large {@code dgemm}s,
     * Gᵀ[A_1 … A_c] and, after transposing each block in place, Gᵀ[A_1 G … A_c G]; the B_j are
     * packed with √2 off the diagonal and M is one {@code dsyrk} of the N×m packed matrix.
     */
    @Override
    public void schurComplement(double[] g, double[] out) {
        int nn = n * n;
        int chunk = Math.max(1, Math.min(m, SCHUR_CHUNK_DOUBLES / nn));
        double[] a = new double[nn * chunk];
        double[] t = new double[nn * chunk];
        double[] b = new double[len * m];
        double root2 = Math.sqrt(2.0);
        for (int start = 0; start < m; start += chunk) {
            int c = Math.min(chunk, m - start);
            expandChunk(start, c, a);
            Linalg.BLAS.dgemm("T", "N", n, n * c, n, 1.0, g, n, a, n, 0.0, t, n);
            for (int jj = 0; jj < c; jj++) {
                int base = jj * nn;
                for (int col = 0; col < n; col++) {
                    for (int row = 0; row < n; row++) {
                        a[base + col + row * n] = t[base + row + col * n];
                    }
                }
            }
            Linalg.BLAS.dgemm("T", "N", n, n * c, n, 1.0, g, n, a, n, 0.0, t, n);
            for (int jj = 0; jj < c; jj++) {
                int base = jj * nn;
                int k = (start + jj) * len;
                for (int col = 0; col < n; col++) {
                    for (int row = 0; row < col; row++) {
                        b[k++] = root2 * 0.5 * (t[base + row + col * n] + t[base + col + row * n]);
                    }
                    b[k++] = t[base + col + col * n];
                }
            }
        }
        Linalg.BLAS.dsyrk("U", "T", m, len, 1.0, b, len, 0.0, out, m);
        Linalg.symmetrizeFromUpper(out, m);
    }

    /**
     * G = BᵀB with B_j = Uᵀ A_j (d×n, the transpose of A_j U; Frobenius products are unchanged).
     * The A_j are expanded in chunks side by side, so that Uᵀ[A_1 … A_c] is one {@code dgemm} whose
     * column-major result already holds vec(B_1), …, vec(B_c) as consecutive columns of the n·d × m
     * matrix B; G is one {@code dsyrk}. Costs 2mn²d + m²nd flops and n·d·m doubles.
     */
    @Override
    public void gaussNewtonGram(double[] u, int d, double[] out) {
        int nn = n * n;
        int nd = n * d;
        int chunk = Math.max(1, Math.min(m, SCHUR_CHUNK_DOUBLES / nn));
        double[] a = new double[nn * chunk];
        double[] b = new double[nd * m];
        for (int start = 0; start < m; start += chunk) {
            int c = Math.min(chunk, m - start);
            expandChunk(start, c, a);
            Linalg.BLAS.dgemm("T", "N", d, n * c, n, 1.0, u, 0, n, a, 0, n, 0.0, b, start * nd, d);
        }
        Linalg.BLAS.dsyrk("U", "T", m, nd, 1.0, b, nd, 0.0, out, m);
        Linalg.symmetrizeFromUpper(out, m);
    }

    @Override
    public double[] toDenseStack() {
        double[] s = new double[m * n * n];
        for (int i = 0; i < m; i++) {
            int k = i * len;
            int base = i * n * n;
            for (int col = 0; col < n; col++) {
                for (int row = 0; row <= col; row++) {
                    double v = packed[k++];
                    s[base + row * n + col] = v;
                    s[base + col * n + row] = v;
                }
            }
        }
        return s;
    }
}
