package org.implreg.problem;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Packed;

/**
 * Random measurement operators of the paper's experiments.
 *
 * <ul>
 *   <li>{@link #gaussian}: symmetric Gaussian sensing, A_i = (G_i + G_iᵀ)/(2√m) with G_i i.i.d.
 *   N(0, 1) entries. Then ⟨A_i, X⟩ ~ N(0, ‖X‖²_F/m) for symmetric X, so 𝔼‖𝒜(X)‖² = ‖X‖²_F:
 *   the operator is an isometry in expectation and steps are comparable across m. Diagonal entries
 *   of A_i have variance 1/m, off-diagonal ones 1/(2m).</li>
 *   <li>{@link #uniformCompletion}: m distinct entries (p ≤ q) of the upper triangle, diagonal
 *   included, drawn uniformly without replacement (needs m ≤ n(n+1)/2).</li>
 *   <li>{@link #powerLawCompletion}: m distinct entries drawn without replacement with probability
 *   ∝ w_p·w_q, w_p = (π(p)+1)^{−a} for a uniformly random permutation π of the rows (row p is the
 *   π(p)-th most popular), exponent a ({@value #DEFAULT_POWER_LAW_EXPONENT} by default).
 *   Sampling is Efraimidis–Spirakis: keep the m largest keys u^{1/weight}.</li>
 * </ul>
 */
public final class MeasurementOperators {
    /** Default power-law exponent a of {@link #powerLawCompletion}. */
    public static final double DEFAULT_POWER_LAW_EXPONENT = 1.0;

    private MeasurementOperators() {}

    /** Symmetric Gaussian sensing with the scaling in the class comment. */
    public static DenseSymmetricOperator gaussian(int n, int m, RandomGenerator rng) {
        InvalidInputException.require(n >= 1 && m >= 1, "gaussian sensing needs n ≥ 1 and m ≥ 1");
        int len = Packed.length(n);
        org.implreg.MemoryBudget.requireDoubles((long) len * m, "the Gaussian operator (m = " + m + " packed " + n + "×" + n
            + " matrices)", "gaussian sensing");
        double[] p = new double[len * m];
        double s = 1.0 / (2.0 * Math.sqrt(m));
        double[] g = new double[n * n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < g.length; k++) {
                g[k] = rng.nextGaussian();
            }
            int off = i * len;
            for (int col = 0; col < n; col++) {
                for (int row = 0; row <= col; row++) {
                    p[off++] = (g[row + col * n] + g[col + row * n]) * s;
                }
            }
        }
        return DenseSymmetricOperator.fromPacked(n, m, p, "gaussian");
    }

    /** Uniform entry completion without replacement. */
    public static CompletionOperator uniformCompletion(int n, int m, RandomGenerator rng) {
        int len = Packed.length(n);
        InvalidInputException.require(m >= 1 && m <= len,
            "uniform completion: m must be in 1..n(n+1)/2 = " + len + ", got " + m);
        // partial Fisher–Yates over the packed indices
        int[] idx = new int[len];
        for (int i = 0; i < len; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(len - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return fromPackedIndices(n, Arrays.copyOf(idx, m));
    }

    /** Power-law entry completion without replacement (see class comment). */
    public static CompletionOperator powerLawCompletion(int n, int m, double exponent, RandomGenerator rng) {
        int len = Packed.length(n);
        InvalidInputException.require(m >= 1 && m <= len,
            "power-law completion: m must be in 1..n(n+1)/2 = " + len + ", got " + m);
        InvalidInputException.require(Double.isFinite(exponent) && exponent >= 0,
            "power-law completion: exponent must be finite and ≥ 0, got " + exponent);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] w = new double[n];
        for (int p = 0; p < n; p++) {
            w[p] = Math.pow(perm[p] + 1.0, -exponent);
        }
        // Efraimidis–Spirakis with log keys: log(u)/weight, keep the m largest
        double[] keys = new double[len];
        Integer[] order = new Integer[len];
        int k = 0;
        for (int q = 0; q < n; q++) {
            for (int p = 0; p <= q; p++) {
                double u = rng.nextDouble();
                while (u == 0.0) {
                    u = rng.nextDouble();
                }
                keys[k] = Math.log(u) / (w[p] * w[q]);
                order[k] = k;
                k++;
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(keys[b], keys[a]));
        int[] chosen = new int[m];
        for (int i = 0; i < m; i++) {
            chosen[i] = order[i];
        }
        Arrays.sort(chosen);
        return fromPackedIndices(n, chosen);
    }

    private static CompletionOperator fromPackedIndices(int n, int[] packedIdx) {
        int[] rows = new int[packedIdx.length];
        int[] cols = new int[packedIdx.length];
        for (int i = 0; i < packedIdx.length; i++) {
            int t = packedIdx[i];
            int q = (int) Math.floor((Math.sqrt(8.0 * t + 1) - 1) / 2);
            while (q * (q + 1) / 2 > t) {
                q--;
            }
            while ((q + 1) * (q + 2) / 2 <= t) {
                q++;
            }
            rows[i] = t - q * (q + 1) / 2;
            cols[i] = q;
        }
        return new CompletionOperator(n, rows, cols);
    }

    /**
     * c𝒜: every measurement A_i multiplied by c (finite, &gt; 0). A problem (c𝒜, y) has the solutions X/c of
     * (𝒜, y); see {@link Problem#scaled}.
     */
    public static MeasurementOperator scaled(MeasurementOperator op, double c) {
        InvalidInputException.require(Double.isFinite(c) && c > 0, "operator scale must be finite and > 0, got " + c);
        return c == 1.0 ? op : new ScaledOperator(op, c);
    }
}
