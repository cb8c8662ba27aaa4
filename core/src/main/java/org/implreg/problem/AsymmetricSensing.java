package org.implreg.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.Packed;

/**
 * Rectangular matrix sensing: y_i = ⟨A_i, X⟩ for X ∈ ℝ^{n1×n2} and general A_i ∈ ℝ^{n1×n2}.
 *
 * <p>It is solved through the symmetric embedding ({@link #embedded()}): with n = n1 + n2 and
 * Ã_i = ½[[0, A_i], [A_iᵀ, 0]], every symmetric Z = [[W₁, X], [Xᵀ, W₂]] has ⟨Ã_i, Z⟩ = ⟨A_i, X⟩. So
 * <ul>
 *   <li>GD on W = [U; V] for ‖𝒜̃(WWᵀ) − y‖² is GD on (U, V) for Σ(⟨A_i, UVᵀ⟩ − y_i)², step for step
 *   (∇_W = 4𝒜̃*(r)W = 2[GV; GᵀU], G = Σ r_i A_i), and X = UVᵀ is the block {@link #block};</li>
 *   <li>min tr(Z) s.t. 𝒜̃(Z) = y, Z ⪰ 0 equals 2 min ‖X‖_* s.t. 𝒜(X) = y (the SDP form of the
 *   nuclear norm), so the PSD interior point gives the rectangular minimum nuclear norm.</li>
 * </ul>
 * The embedded operator is stored densely ((n(n+1)/2)·m doubles), which limits this route to moderate
 * sizes (n1 + n2 ≲ 200 for m in the thousands).
 *
 * @param n1          rows of X
 * @param n2          columns of X
 * @param a           the A_i, each n1×n2 column-major, stacked: A_i at i·n1·n2
 * @param y           the m measurements
 * @param xStar       the planted X (n1×n2 column-major), or null
 * @param description provenance
 */
public record AsymmetricSensing(int n1, int n2, double[] a, double[] y, double[] xStar, Map<String, Object> description) {

    public AsymmetricSensing {
        InvalidInputException.require(n1 >= 1 && n2 >= 1, "sensing: shape must be positive, got " + n1 + "×" + n2);
        InvalidInputException.require(y.length >= 1, "sensing: no measurements");
        InvalidInputException.require(a.length == (long) y.length * n1 * n2,
            "sensing: A must hold m·n1·n2 = " + (long) y.length * n1 * n2 + " entries, got " + a.length);
        InvalidInputException.require(Linalg.allFinite(a), "sensing: A has non-finite entries");
        InvalidInputException.require(Linalg.allFinite(y), "sensing: y has non-finite entries");
        InvalidInputException.require(xStar == null || (xStar.length == n1 * n2 && Linalg.allFinite(xStar)),
            "sensing: X_star must be a finite " + n1 + "×" + n2 + " matrix");
        description = description == null ? Map.of() : Map.copyOf(description);
    }

    /** Number of measurements m. */
    public int m() {
        return y.length;
    }

    /**
     * A planted instance: X* = UVᵀ with U ∈ ℝ^{n1×r}, V ∈ ℝ^{n2×r} Gaussian, ‖X*‖_F = 1; A_i with
     * i.i.d. N(0, 1/m) entries (so 𝔼‖𝒜(X)‖² = ‖X‖²_F); y = 𝒜(X*) + ω with ω_i ~ N(0, σ²),
     * σ = noise·‖𝒜(X*)‖/√m. Streams "u", "v", "operator", "noise" of {@code seed}.
     */
    public static AsymmetricSensing gaussian(int n1, int n2, int rank, int m, double noise, long seed) {
        InvalidInputException.require(rank >= 1 && rank <= Math.min(n1, n2), "rank must be in 1..min(n1, n2), got " + rank);
        InvalidInputException.require(m >= 1, "m must be ≥ 1, got " + m);
        InvalidInputException.require(noise >= 0 && Double.isFinite(noise), "noise must be ≥ 0, got " + noise);
        InvalidInputException.require((long) m * n1 * n2 <= 50_000_000L, "m·n1·n2 = " + (long) m * n1 * n2 + " is too large (≤ 5·10⁷)");
        double[] u = Rng.gaussian(Rng.stream(seed, "u"), n1 * rank);
        double[] v = Rng.gaussian(Rng.stream(seed, "v"), n2 * rank);
        double[] x = new double[n1 * n2];
        Linalg.BLAS.dgemm("N", "T", n1, n2, rank, 1.0, u, n1, v, n2, 0.0, x, n1);
        double s = 1 / Linalg.norm(x);
        for (int i = 0; i < x.length; i++) {
            x[i] *= s;
        }
        RandomGenerator op = Rng.stream(seed, "operator");
        double[] a = new double[m * n1 * n2];
        double sc = 1 / Math.sqrt(m);
        for (int i = 0; i < a.length; i++) {
            a[i] = sc * op.nextGaussian();
        }
        double[] y = new double[m];
        Linalg.BLAS.dgemv("T", n1 * n2, m, 1.0, a, n1 * n2, x, 1, 0.0, y, 1);
        if (noise > 0) {
            RandomGenerator g = Rng.stream(seed, "noise");
            double sigma = noise * Linalg.norm(y) / Math.sqrt(m);
            for (int i = 0; i < m; i++) {
                y[i] += sigma * g.nextGaussian();
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", "asymmetric-sensing");
        d.put("n1", n1);
        d.put("n2", n2);
        d.put("rank", rank);
        d.put("m", m);
        d.put("measurement", "gaussian");
        d.put("noise", noise);
        d.put("seed", seed);
        return new AsymmetricSensing(n1, n2, a, y, x, d);
    }

    /** 𝒜(X) for X n1×n2 column-major. */
    public double[] apply(double[] x) {
        double[] out = new double[m()];
        Linalg.BLAS.dgemv("T", n1 * n2, m(), 1.0, a, n1 * n2, x, 1, 0.0, out, 1);
        return out;
    }

    /** The symmetric problem on n = n1 + n2 with Ã_i = ½[[0, A_i], [A_iᵀ, 0]] (no X_star: see {@link #block}). */
    public Problem embedded() {
        int n = n1 + n2;
        int len = Packed.length(n);
        InvalidInputException.require((long) len * m() <= 100_000_000L, "the embedding of " + n1 + "×" + n2 + " with m = " + m()
            + " needs " + (long) len * m() + " doubles (limit 10⁸)");
        double[] p = new double[len * m()];
        int size = n1 * n2;
        for (int i = 0; i < m(); i++) {
            int off = i * len;
            int base = i * size;
            for (int c = 0; c < n2; c++) {
                int col = n1 + c;
                for (int r = 0; r < n1; r++) {
                    p[off + Packed.index(r, col)] = 0.5 * a[base + r + c * n1];
                }
            }
        }
        Map<String, Object> d = new LinkedHashMap<>(description);
        d.put("embedding", "symmetric, n = n1 + n2 = " + n + ", Ã_i = ½[[0, A_i], [A_iᵀ, 0]]");
        return new Problem(DenseSymmetricOperator.fromPacked(n, m(), p, "gaussian-embedded"), y.clone(), null, d);
    }

    /** The block X = Z[0:n1, n1:n1+n2] (n1×n2 column-major) of an (n1+n2)×(n1+n2) column-major Z. */
    public double[] block(double[] z) {
        int n = n1 + n2;
        InvalidInputException.require(z.length == n * n, "Z must be " + n + "×" + n);
        double[] x = new double[n1 * n2];
        for (int c = 0; c < n2; c++) {
            System.arraycopy(z, (n1 + c) * n, x, c * n1, n1);
        }
        return x;
    }
}
