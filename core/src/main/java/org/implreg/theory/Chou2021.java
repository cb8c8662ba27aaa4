package org.implreg.theory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;

/**
 * The closed-form side of Chou, Gieshoff, Maly and Rauhut (2021), "Gradient descent for deep matrix
 * factorization": step-size bounds and the scalar eigenvalue recursions, for depth N, initialization
 * scale α, perturbation β and step η.
 *
 * <ul>
 *   <li>Theorem 2.1 (one eigenvalue λ, identical init): with M = max(α, |λ|^{1/N}),
 *   η &lt; 1/(2N M^{2N−2}) if λ ≥ 0 and η &lt; 1/((3N − 2) M^{2N−2}) if λ &lt; 0.</li>
 *   <li>Theorem 2.2, bound (8): with M = max(α, ‖Ŵ‖₂^{1/N}), η &lt; 1/((3N − 2) M^{2N−2}); then
 *   W(k) → VΛ₊Vᵀ.</li>
 *   <li>Theorem 3.1, bound (10): c the largest real root of 1 = (c − 1)c^{N−1} (c ∈ (1, 2)),
 *   0 &lt; β/(c − 1) &lt; α and η &lt; 1/(9N (cM)^{2N−2}); then W(k) → Ŵ.</li>
 *   <li>Recursion (7), identical init: d_{k+1} = d_k − η d_k^{N−1}(d_k^N − λ), d_0 = α; every layer
 *   is V diag(d) Vᵀ.</li>
 *   <li>Perturbed init: layer 1 is V diag(a) Vᵀ and layers 2…N are V diag(b) Vᵀ, with
 *   a_{k+1} = a_k − η b_k^{N−1}(a_k b_k^{N−1} − λ), b_{k+1} = b_k − η a_k b_k^{N−2}(a_k b_k^{N−1} − λ),
 *   a_0 = α − β, b_0 = α (eq. 4 applied to these layers; layers 2…N stay equal).</li>
 * </ul>
 */
public final class Chou2021 {
    private Chou2021() {}

    /**
     * The eigenvalues of Ŵ (descending) read from a symmetric n×n .npy file ({@code implreg theory chou2021 --matrix}); refuses,
     * with one line naming the file, an array that is not a square matrix, has a non-finite entry, or is not symmetric
     * (‖Ŵ − Ŵᵀ‖ above 1e-12·max(1, ‖Ŵ‖_F): the theorems are for symmetric Ŵ).
     */
    public static double[] eigenvalues(java.nio.file.Path matrix) {
        org.implreg.io.NdArray a = org.implreg.io.Npy.read(matrix);
        InvalidInputException.require(a.values() != null && a.ndim() == 2 && a.shape()[0] == a.shape()[1],
            matrix + ": must be a square matrix, got shape " + a.shapeString());
        int n = a.shape()[0];
        double[] w = a.toColumnMajor();
        InvalidInputException.require(org.implreg.linalg.Linalg.allFinite(w), matrix + ": has non-finite entries");
        InvalidInputException.require(org.implreg.linalg.Linalg.asymmetry(w, n) <= 1e-12 * Math.max(1, org.implreg.linalg.Linalg.norm(w)),
            matrix + ": is not symmetric (Chou et al.'s theorems are for symmetric Ŵ)");
        return org.implreg.linalg.SymmetricEigen.eigenvalues(w, n);
    }

    private static void requireDepth(int depth) {
        InvalidInputException.require(depth >= 1, "depth N must be ≥ 1, got " + depth);
    }

    /** The largest real root of 1 = (c − 1)c^{N−1}, by bisection on [1, 2] to machine precision (N = 1: c = 2). */
    public static double c(int depth) {
        requireDepth(depth);
        double lo = 1;
        double hi = 2;
        for (int it = 0; it < 200 && hi - lo > 0; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid == lo || mid == hi) {
                break;
            }
            if ((mid - 1) * Math.pow(mid, depth - 1) >= 1) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** M = max(α, s^{1/N}) for s = |λ| or ‖Ŵ‖₂. */
    public static double m(int depth, double alpha, double s) {
        requireDepth(depth);
        return Math.max(alpha, Math.pow(Math.abs(s), 1.0 / depth));
    }

    /** Theorem 2.1's bound on η for one eigenvalue λ. */
    public static double theorem21Bound(int depth, double alpha, double lambda) {
        double mm = Math.pow(m(depth, alpha, lambda), 2.0 * depth - 2);
        return lambda >= 0 ? 1 / (2.0 * depth * mm) : 1 / ((3.0 * depth - 2) * mm);
    }

    /** Bound (8) of Theorem 2.2 for ‖Ŵ‖₂ = {@code spectralNorm}. */
    public static double bound8(int depth, double alpha, double spectralNorm) {
        return 1 / ((3.0 * depth - 2) * Math.pow(m(depth, alpha, spectralNorm), 2.0 * depth - 2));
    }

    /** Bound (10) of Theorem 3.1 for ‖Ŵ‖₂ = {@code spectralNorm}. */
    public static double bound10(int depth, double alpha, double spectralNorm) {
        return 1 / (9.0 * depth * Math.pow(c(depth) * m(depth, alpha, spectralNorm), 2.0 * depth - 2));
    }

    /** Theorem 3.1's condition on the perturbation: 0 &lt; β/(c − 1) &lt; α. */
    public static boolean betaCondition(int depth, double alpha, double beta) {
        double q = beta / (c(depth) - 1);
        return q > 0 && q < alpha;
    }

    /**
     * A scalar recursion run.
     *
     * @param steps      steps until the error first was ≤ ε (or the cap)
     * @param reached    whether it was reached within the cap
     * @param value      the end-to-end eigenvalue d^N (or a·b^{N−1}) at that step
     * @param target     what it converges to: λ₊ (identical) or λ (perturbed)
     * @param layer      the layer value(s) at that step: [d] or [a, b]
     */
    public record Recursion(long steps, boolean reached, double value, double target, double[] layer) {}

    /**
     * Recursion (7) from d_0 = α until |d_k − λ₊^{1/N}| ≤ ε (Theorem 2.1's T) or {@code maxSteps}.
     */
    public static Recursion identical(int depth, double lambda, double alpha, double eta, double eps, long maxSteps) {
        requireDepth(depth);
        InvalidInputException.require(alpha > 0 && eta > 0 && eps > 0, "alpha, eta and eps must be > 0");
        double target = Math.pow(Math.max(lambda, 0), 1.0 / depth);
        double d = alpha;
        long k = 0;
        while (Math.abs(d - target) > eps && k < maxSteps && Double.isFinite(d)) {
            d = d - eta * Math.pow(d, depth - 1) * (Math.pow(d, depth) - lambda);
            k++;
        }
        return new Recursion(k, Math.abs(d - target) <= eps, Math.pow(d, depth), Math.max(lambda, 0), new double[] {d});
    }

    /** One step of recursion (7). */
    public static double identicalStep(int depth, double d, double lambda, double eta) {
        return d - eta * Math.pow(d, depth - 1) * (Math.pow(d, depth) - lambda);
    }

    /**
     * The perturbed recursion from a_0 = α − β, b_0 = α until |a_k b_k^{N−1} − λ| ≤ ε or {@code maxSteps}.
     */
    public static Recursion perturbed(int depth, double lambda, double alpha, double beta, double eta, double eps, long maxSteps) {
        InvalidInputException.require(depth >= 2, "the perturbed recursion needs depth N ≥ 2, got " + depth);
        InvalidInputException.require(beta > 0 && beta < alpha, "need 0 < beta < alpha");
        double a = alpha - beta;
        double b = alpha;
        long k = 0;
        while (Math.abs(a * Math.pow(b, depth - 1) - lambda) > eps && k < maxSteps && Double.isFinite(a) && Double.isFinite(b)) {
            double[] n = perturbedStep(depth, a, b, lambda, eta);
            a = n[0];
            b = n[1];
            k++;
        }
        double p = a * Math.pow(b, depth - 1);
        return new Recursion(k, Math.abs(p - lambda) <= eps, p, lambda, new double[] {a, b});
    }

    /** One step of the perturbed recursion: {a', b'}. */
    public static double[] perturbedStep(int depth, double a, double b, double lambda, double eta) {
        double r = a * Math.pow(b, depth - 1) - lambda;
        return new double[] {a - eta * Math.pow(b, depth - 1) * r, b - eta * a * Math.pow(b, depth - 2) * r};
    }

    /**
     * Everything the theorems say about a setting, as an ordered map (for the CLI and JSON): the bounds,
     * which ones η satisfies, c, the β condition, and per eigenvalue Theorem 2.1's bound and the
     * recursions' step counts to ε.
     *
     * @param beta NaN for no perturbation
     */
    public static Map<String, Object> report(int depth, double alpha, double beta, double eta, double[] eigenvalues, double eps,
                                             long maxSteps) {
        requireDepth(depth);
        InvalidInputException.require(Double.isFinite(alpha) && alpha > 0, "alpha must be finite and > 0, got " + alpha);
        InvalidInputException.require(Double.isFinite(eta) && eta > 0, "step eta must be finite and > 0, got " + eta);
        InvalidInputException.require(Double.isFinite(eps) && eps > 0, "eps must be finite and > 0, got " + eps);
        InvalidInputException.require(eigenvalues.length >= 1, "need at least one eigenvalue");
        boolean hasBeta = !Double.isNaN(beta);
        InvalidInputException.require(!hasBeta || (beta > 0 && beta < alpha), "beta must satisfy 0 < beta < alpha, got " + beta);
        double norm = 0;
        for (double l : eigenvalues) {
            InvalidInputException.require(Double.isFinite(l), "eigenvalues must be finite");
            norm = Math.max(norm, Math.abs(l));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("depth", depth);
        m.put("alpha", alpha);
        m.put("beta", hasBeta ? beta : null);
        m.put("eta", eta);
        m.put("eigenvalues", eigenvalues.clone());
        m.put("spectral_norm", norm);
        m.put("M", m(depth, alpha, norm));
        double b8 = bound8(depth, alpha, norm);
        m.put("bound_8", b8);
        m.put("satisfies_8", eta < b8);
        if (depth >= 2) {
            double c = c(depth);
            m.put("c", c);
            double b10 = bound10(depth, alpha, norm);
            m.put("bound_10", b10);
            m.put("satisfies_10", eta < b10);
            if (hasBeta) {
                m.put("beta_over_c_minus_1", beta / (c - 1));
                m.put("satisfies_beta_condition", betaCondition(depth, alpha, beta));
            }
        }
        List<Map<String, Object>> per = new ArrayList<>();
        for (double l : eigenvalues) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("lambda", l);
            double b21 = theorem21Bound(depth, alpha, l);
            e.put("theorem_2_1_bound", b21);
            e.put("satisfies_2_1", eta < b21);
            Recursion id = identical(depth, l, alpha, eta, eps, maxSteps);
            e.put("identical_limit", id.target());
            e.put("identical_steps", id.reached() ? id.steps() : null);
            e.put("identical_value", id.value());
            if (hasBeta && depth >= 2) {
                Recursion p = perturbed(depth, l, alpha, beta, eta, eps, maxSteps);
                e.put("perturbed_steps", p.reached() ? p.steps() : null);
                e.put("perturbed_value", p.value());
            }
            per.add(e);
        }
        m.put("eps", eps);
        m.put("max_steps", maxSteps);
        m.put("per_eigenvalue", per);
        return m;
    }

    /** Eigenvalues of the seed's 4×4 example Ŵ: 10, 7, 5, −5. */
    public static final double[] EXAMPLE_EIGENVALUES = {10, 7, 5, -5};

    /**
     * The orthonormal basis of the example: V = H/2 with H the 4×4 Sylvester–Hadamard matrix
     * (column-major; V = Vᵀ = V⁻¹). The slides print a 4×4 matrix for Ŵ whose trace (14/3) does not
     * equal the sum of the stated eigenvalues (17), an OCR or typesetting loss, so implreg builds
     * Ŵ = V diag(10, 7, 5, −5) Vᵀ instead. Under identical or perturbed initialization (multiples of
     * I) the dynamics in V's basis do not depend on V, so any orthonormal V gives the same eigenvalue
     * trajectories.
     */
    public static double[] exampleBasis() {
        double[] h = {1, 1, 1, 1, 1, -1, 1, -1, 1, 1, -1, -1, 1, -1, -1, 1};
        for (int i = 0; i < h.length; i++) {
            h[i] *= 0.5;
        }
        return h;
    }

    /** Ŵ = V diag(λ) Vᵀ (n×n column-major) for an orthonormal V (n×n column-major). */
    public static double[] fromEigen(double[] v, double[] lambda) {
        int n = lambda.length;
        InvalidInputException.require(v.length == n * n, "V must be " + n + "×" + n);
        double[] w = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += v[i + k * n] * lambda[k] * v[j + k * n];
                }
                w[i + j * n] = s;
            }
        }
        return w;
    }

    /** The seed's example Ŵ = V diag(10, 7, 5, −5) Vᵀ with V from {@link #exampleBasis()}. */
    public static double[] exampleTarget() {
        return fromEigen(exampleBasis(), EXAMPLE_EIGENVALUES);
    }
}
