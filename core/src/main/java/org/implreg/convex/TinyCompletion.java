package org.implreg.convex;

import org.implreg.InvalidInputException;
import org.implreg.problem.CompletionOperator;

/**
 * Exact PSD completion of a symmetric 3×3 matrix from 4 observed entries (Figure 4 of Gunasekar et
 * al. 2017): whether a completion X ⪰ 0 exists, and the minimum of tr X = ‖X‖_* over them, in closed
 * form, with an optimal X, a dual vector v and the KKT certificate of {@link NucminCertificate} (or, for
 * an infeasible instance, a Farkas vector v with 𝒜*(v) ⪰ 0 and yᵀv &lt; 0).
 *
 * <p>With 4 of the 6 entries observed, two are free, and the 15 masks fall into four cases (indices
 * i, j, k distinct; a = X_ii, c = X_jj observed diagonals):
 * <ul>
 *   <li>all three diagonals and X_ij observed: feasible iff the diagonals are ≥ 0 and X_ij² ≤ X_iiX_jj
 *       (free entries 0 complete it); the trace is fixed.</li>
 *   <li>X_kk observed with the three off-diagonals p = X_ki, q = X_kj, s = X_ij: feasible iff a := X_kk &gt; 0
 *       (or a = 0 = p = q); with w = s − pq/a the Schur complement [[X_ii − p²/a, w], [w, X_jj − q²/a]] ⪰ 0
 *       has least trace 2|w|, so min tr = a + (p² + q²)/a + 2|w|.</li>
 *   <li>X_ii, X_jj, X_ki = p, X_kj = q observed (X_kk, X_ij free): feasible iff a, c ≥ 0 (with p = 0 when
 *       a = 0, q = 0 when c = 0); X_kk must dominate p²/a and q²/c and max(p²/a, q²/c) is attained by
 *       the right X_ij, so min tr = a + c + max(p²/a, q²/c).</li>
 *   <li>X_ii, X_jj, X_ij = b, X_kj = q observed (X_kk, X_ki free): feasible iff a, c ≥ 0 and b² ≤ ac
 *       (with q = 0 when c = 0); min tr = a + c + q²/c, attained at X_ki = bq/c.</li>
 * </ul>
 * In every case the optimal X has a null vector z whose square Z = zzᵀ is 1 on the free diagonals
 * and 0 on the free off-diagonals, so Z = I − 𝒜*(v) defines the dual vector v: Z ⪰ 0 (dual feasible) and
 * ZX = 0 (complementary), which {@link NucminCertificate} then checks from (X, v) alone.
 * Feasibility decisions compare exact rationals (numerators over one common denominator), so ties
 * such as b² = ac are decided exactly; the optimal values are then computed in double precision.
 */
public final class TinyCompletion {
    /** Largest |numerator|: the exact tests form products of three numerators, which must fit in a long. */
    public static final long MAX_NUMERATOR = 2_000_000;

    private TinyCompletion() {}

    /**
     * The outcome.
     *
     * @param feasible    whether a PSD completion exists (decided exactly)
     * @param minTrace    the minimum nuclear norm over PSD completions (NaN when infeasible)
     * @param x           an optimal completion, 3×3 column-major (null when infeasible)
     * @param v           dual vector (feasible) or Farkas vector (infeasible; null when the infeasibility is only
     *                    weak, see the zero-diagonal case), one entry per observation
     * @param certificate the KKT certificate of (x, v), null when infeasible
     * @param reason      for an infeasible instance: which condition fails
     * @param boundary    whether the instance lies on the boundary of feasibility (a tie decided exactly)
     */
    public record Result(boolean feasible, double minTrace, double[] x, double[] v, NucminCertificate certificate, String reason,
                         boolean boundary) {}

    /**
     * Solves the instance with observed entries X[rows[t], cols[t]] = num[t]/den (t = 0..3).
     *
     * @param rows row indices in 0..2
     * @param cols column indices in 0..2 (entries (p, q) and (q, p) are the same observation)
     * @param num  numerators of the observed values
     * @param den  common denominator (&gt; 0)
     */
    public static Result solve(int[] rows, int[] cols, long[] num, long den) {
        InvalidInputException.require(rows.length == 4 && cols.length == 4 && num.length == 4, "need exactly 4 observations");
        InvalidInputException.require(den > 0, "denominator must be > 0, got " + den);
        long[][] e = new long[3][3];
        boolean[][] seen = new boolean[3][3];
        int[] p = new int[4];
        int[] q = new int[4];
        for (int t = 0; t < 4; t++) {
            int a = Math.min(rows[t], cols[t]);
            int b = Math.max(rows[t], cols[t]);
            InvalidInputException.require(a >= 0 && b <= 2, "entry (" + rows[t] + ", " + cols[t] + ") outside a 3×3 matrix");
            InvalidInputException.require(!seen[a][b], "entry (" + a + ", " + b + ") observed twice");
            InvalidInputException.require(Math.abs(num[t]) <= MAX_NUMERATOR, "numerator too large for exact products: " + num[t]);
            seen[a][b] = true;
            seen[b][a] = true;
            e[a][b] = num[t];
            e[b][a] = num[t];
            p[t] = a;
            q[t] = b;
        }
        CompletionOperator op = new CompletionOperator(3, p, q);
        double[] y = new double[4];
        for (int t = 0; t < 4; t++) {
            y[t] = (double) num[t] / den;
        }
        int diag = 0;
        for (int i = 0; i < 3; i++) {
            diag += seen[i][i] ? 1 : 0;
        }
        double d = den;
        double[] x = new double[9];
        double[] z = new double[3]; // X z = 0; the dual slack is Z = I − 𝒜*(v) = z zᵀ
        boolean boundary = false;
        // any observed negative diagonal is infeasible: v = e_t
        for (int t = 0; t < 4; t++) {
            if (p[t] == q[t] && num[t] < 0) {
                double[] v = new double[4];
                v[t] = 1;
                return infeasible(v, "X_" + (p[t] + 1) + (p[t] + 1) + " < 0");
            }
        }
        if (diag == 3) {
            int i = -1;
            int j = -1;
            for (int t = 0; t < 4; t++) {
                if (p[t] != q[t]) {
                    i = p[t];
                    j = q[t];
                }
            }
            long b = e[i][j];
            long ac = e[i][i] * e[j][j];
            if (b * b > ac) {
                return infeasible(farkas2x2(p, q, i, j, e, den), "X_" + (i + 1) + (j + 1) + "² > X_" + (i + 1) + (i + 1) + "·X_" + (j + 1) + (j + 1));
            }
            boundary = b * b == ac;
            for (int k = 0; k < 3; k++) {
                x[k + 3 * k] = e[k][k] / d;
            }
            put(x, i, j, b / d);
            // the trace is fixed: Z = 0, v = 1 on the diagonals
        } else if (diag == 1) {
            int k = seen[0][0] ? 0 : seen[1][1] ? 1 : 2;
            int i = (k + 1) % 3;
            int j = (k + 2) % 3;
            long a = e[k][k];
            if (a == 0) {
                if (e[k][i] != 0 || e[k][j] != 0) {
                    return infeasible(farkasZeroDiagonal(p, q, k, e[k][i] != 0 ? i : j, e, den), "X_" + (k + 1) + (k + 1)
                        + " = 0 with a non-zero off-diagonal in its row");
                }
                boundary = true;
                double s = e[i][j] / d;
                x[i + 3 * i] = Math.abs(s);
                x[j + 3 * j] = Math.abs(s);
                put(x, i, j, s);
                z[i] = 1;
                z[j] = -(s >= 0 ? 1 : -1);
            } else {
                double ad = a / d;
                double pv = e[k][i] / d;
                double qv = e[k][j] / d;
                double w = e[i][j] / d - pv * qv / ad;
                x[k + 3 * k] = ad;
                put(x, k, i, pv);
                put(x, k, j, qv);
                put(x, i, j, e[i][j] / d);
                x[i + 3 * i] = pv * pv / ad + Math.abs(w);
                x[j + 3 * j] = qv * qv / ad + Math.abs(w);
                // null vector (z_k, 1, −σ) of X, σ = sign w: Z = zzᵀ has Z_ii = Z_jj = 1
                double sigma = w >= 0 ? 1 : -1;
                z[i] = 1;
                z[j] = -sigma;
                z[k] = -(pv - sigma * qv) / ad;
            }
        } else {
            // two diagonals observed: k is the free one
            int k = !seen[0][0] ? 0 : !seen[1][1] ? 1 : 2;
            int i = (k + 1) % 3;
            int j = (k + 2) % 3;
            if (seen[i][j]) {
                // X_ij observed, and one of X_ki, X_kj; name j the one whose X_kj is observed
                if (!seen[k][j]) {
                    int tmp = i;
                    i = j;
                    j = tmp;
                }
                long a = e[i][i];
                long c = e[j][j];
                long b = e[i][j];
                long qn = e[k][j];
                if (b * b > a * c) {
                    return infeasible(farkas2x2(p, q, i, j, e, den), "X_" + (Math.min(i, j) + 1) + (Math.max(i, j) + 1) + "² > X_"
                        + (i + 1) + (i + 1) + "·X_" + (j + 1) + (j + 1));
                }
                if (c == 0 && qn != 0) {
                    return infeasible(farkasZeroDiagonal(p, q, j, k, e, den), "X_" + (j + 1) + (j + 1) + " = 0 with X_"
                        + (Math.min(j, k) + 1) + (Math.max(j, k) + 1) + " ≠ 0");
                }
                boundary = b * b == a * c || c == 0;
                double ad = a / d;
                double cd = c / d;
                double bv = b / d;
                double qv = qn / d;
                double xki = c == 0 ? 0 : bv * qv / cd;
                x[i + 3 * i] = ad;
                x[j + 3 * j] = cd;
                put(x, i, j, bv);
                put(x, k, j, qv);
                put(x, k, i, xki);
                x[k + 3 * k] = c == 0 ? 0 : qv * qv / cd;
                // column k = (q/c)·column j: null vector e_k − (q/c)e_j
                z[k] = 1;
                z[j] = c == 0 ? 0 : -qv / cd;
            } else {
                long a = e[i][i];
                long c = e[j][j];
                long pn = e[k][i];
                long qn = e[k][j];
                if (a == 0 && pn != 0) {
                    return infeasible(farkasZeroDiagonal(p, q, i, k, e, den), "X_" + (i + 1) + (i + 1) + " = 0 with X_"
                        + (Math.min(i, k) + 1) + (Math.max(i, k) + 1) + " ≠ 0");
                }
                if (c == 0 && qn != 0) {
                    return infeasible(farkasZeroDiagonal(p, q, j, k, e, den), "X_" + (j + 1) + (j + 1) + " = 0 with X_"
                        + (Math.min(j, k) + 1) + (Math.max(j, k) + 1) + " ≠ 0");
                }
                double ad = a / d;
                double cd = c / d;
                double pv = pn / d;
                double qv = qn / d;
                double fp = a == 0 ? 0 : pv * pv / ad;
                double fq = c == 0 ? 0 : qv * qv / cd;
                // exact comparison p²/a vs q²/c: p²c vs q²a
                long lhs = pn * pn * c;
                long rhs = qn * qn * a;
                boundary = lhs == rhs || a == 0 || c == 0;
                double xij;
                if (lhs >= rhs) {
                    xij = pn == 0 ? 0 : ad * qv / pv;
                } else {
                    xij = qn == 0 ? 0 : cd * pv / qv;
                }
                x[i + 3 * i] = ad;
                x[j + 3 * j] = cd;
                put(x, k, i, pv);
                put(x, k, j, qv);
                put(x, i, j, xij);
                x[k + 3 * k] = Math.max(fp, fq);
                // column k = (p/a)·column i (or (q/c)·column j): null vector e_k − (p/a)e_i
                z[k] = 1;
                if (lhs >= rhs) {
                    z[i] = a == 0 ? 0 : -pv / ad;
                } else {
                    z[j] = c == 0 ? 0 : -qv / cd;
                }
            }
        }
        double trace = x[0] + x[4] + x[8];
        double[] v = new double[4];
        for (int t = 0; t < 4; t++) {
            v[t] = p[t] == q[t] ? 1 - z[p[t]] * z[p[t]] : -2 * z[p[t]] * z[q[t]];
        }
        return new Result(true, trace, x, v, NucminCertificate.of(op, y, x, v), null, boundary);
    }

    /** Sets X_ab = X_ba = v (3×3, column-major). */
    private static void put(double[] x, int a, int b, double v) {
        x[a + 3 * b] = v;
        x[b + 3 * a] = v;
    }

    private static Result infeasible(double[] v, String reason) {
        return new Result(false, Double.NaN, null, v, null, reason, false);
    }

    /** Farkas vector for X_ij² &gt; X_iiX_jj: 𝒜*(v) = wwᵀ with w = (√c, −sign(b)√a) on (i, j). */
    private static double[] farkas2x2(int[] p, int[] q, int i, int j, long[][] e, long den) {
        double a = (double) e[i][i] / den;
        double c = (double) e[j][j] / den;
        double b = (double) e[i][j] / den;
        double[] v = new double[4];
        for (int t = 0; t < 4; t++) {
            if (p[t] == i && q[t] == i) {
                v[t] = c;
            } else if (p[t] == j && q[t] == j) {
                v[t] = a;
            } else if (p[t] == Math.min(i, j) && q[t] == Math.max(i, j)) {
                v[t] = -2 * Math.signum(b) * Math.sqrt(a * c);
            }
        }
        return v;
    }

    /**
     * X_kk = 0 with X_kl ≠ 0 is infeasible (a PSD matrix with a zero diagonal entry has a zero row),
     * but only weakly when X_ll is free: no finite Farkas vector exists, so none is returned (null).
     * When X_ll is observed, v = (v_kk, v_ll, v_kl) = (1/τ, τ, −2·sign X_kl) with τ = |X_kl|/(1 + X_ll)
     * has 𝒜*(v) ⪰ 0 and yᵀv = τX_ll − 2|X_kl| &lt; 0.
     */
    private static double[] farkasZeroDiagonal(int[] p, int[] q, int k, int l, long[][] e, long den) {
        boolean llObserved = false;
        for (int t = 0; t < 4; t++) {
            llObserved |= p[t] == l && q[t] == l;
        }
        if (!llObserved) {
            return null;
        }
        double xkl = (double) e[k][l] / den;
        double tau = Math.abs(xkl) / (1 + (double) e[l][l] / den);
        double[] v = new double[4];
        for (int t = 0; t < 4; t++) {
            if (p[t] == k && q[t] == k) {
                v[t] = 1 / tau;
            } else if (p[t] == l && q[t] == l) {
                v[t] = tau;
            } else if (p[t] == Math.min(k, l) && q[t] == Math.max(k, l)) {
                v[t] = -2 * Math.signum(xkl);
            }
        }
        return v;
    }
}
