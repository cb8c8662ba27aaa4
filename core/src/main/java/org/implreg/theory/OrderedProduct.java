package org.implreg.theory;

import java.util.function.DoubleFunction;
import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.linalg.SymmetricEigen;
import org.implreg.problem.MeasurementOperator;

/**
 * The time-ordered exponential of Gunasekar et al. 2017, eq. (12), and the size of its non-commutative
 * part (§4). For a control r: [0, T] → ℝᵐ, the flow Ẋ = −𝒜*(r_t)X − X𝒜*(r_t) gives X_T = G X₀ Gᵀ with
 * <pre>
 *   G = exp(−ε𝒜*(r_K)) ⋯ exp(−ε𝒜*(r_1)),   K = T/ε   (later factors on the left)
 * </pre>
 * If the A_i commute, G = exp(𝒜*(σ)) with σ = −Σ ε r_k (the "direct term" 𝒜*(σ) = 𝒜*(s)). In general,
 * the symmetric generator H = ½ log(G Gᵀ) (so that X_T = α exp(2H) for X₀ = αI) differs from 𝒜*(σ) by
 * the non-commutative terms; {@link Path#nonCommutativeRatio} is ‖H − 𝒜*(σ)‖_F / ‖𝒜*(σ)‖_F (0 for
 * commuting A_i up to rounding). H comes from the SVD of G, G = W Σ Qᵀ, H = W diag(log σ_i) Wᵀ, whose
 * small singular values are accurate while σ_max/σ_min stays well below 1/ε_mach.
 *
 * <p>Two kinds of control: the actual residual control of the flow, r_k = 𝒜(G_k X₀ G_kᵀ) − y
 * ({@link #residualControl}), and a given control r(t) ({@link #givenControl}, evaluated at the
 * midpoints (k − ½)ε).
 */
public final class OrderedProduct {
    private OrderedProduct() {}

    /**
     * The end of a path.
     *
     * @param g        G (n×n)
     * @param sigma    σ = −Σ ε r_k (m)
     * @param time     T = Kε
     * @param steps    K
     * @param residual ‖r_K‖/‖y‖ for the residual control, NaN for a given control
     */
    public record Path(double[] g, double[] sigma, int n, double time, long steps, double residual) {
        /** ‖H − 𝒜*(σ)‖_F / ‖𝒜*(σ)‖_F with H = ½ log(G Gᵀ). */
        public double nonCommutativeRatio(MeasurementOperator op) {
            double[] d = new double[n * n];
            op.adjoint(sigma, d);
            double[] h = symmetricGenerator();
            return Linalg.distance(h, d) / Linalg.norm(d);
        }

        /** H = ½ log(G Gᵀ) = W diag(log σ_i(G)) Wᵀ. */
        public double[] symmetricGenerator() {
            Linalg.Svd svd = Linalg.thinSvd(g, n, n);
            double[] h = new double[n * n];
            for (int k = 0; k < n; k++) {
                double l = Math.log(svd.s()[k]);
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        h[i + j * n] += svd.u()[i + k * n] * l * svd.u()[j + k * n];
                    }
                }
            }
            return h;
        }

        /** ‖G − exp(𝒜*(σ))‖_F / ‖exp(𝒜*(σ))‖_F: the product of exponentials against the exponential of the sum. */
        public double productRatio(MeasurementOperator op) {
            double[] d = new double[n * n];
            op.adjoint(sigma, d);
            double[] e = expSymmetric(d, n, 1.0);
            return Linalg.distance(g, e) / Linalg.norm(e);
        }

        /** X = G X₀ Gᵀ. */
        public double[] x(double[] x0) {
            double[] t = new double[n * n];
            double[] x = new double[n * n];
            Linalg.gemm("N", "N", n, n, n, g, x0, t);
            Linalg.gemm("N", "T", n, n, n, t, g, x);
            return x;
        }
    }

    /** exp(c·B) for a symmetric B (n×n) by its eigendecomposition. */
    public static double[] expSymmetric(double[] b, int n, double c) {
        double[] out = new double[n * n];
        SymmetricEigen.decompose(b, n, true).reconstruct(l -> Math.exp(c * l), out);
        return out;
    }

    /**
     * The time-ordered product with the residual control of the flow from X₀: until ‖r‖/‖y‖ ≤ tol or
     * T = maxTime.
     */
    public static Path residualControl(MeasurementOperator op, double[] y, double[] x0, double eps, double tol, double maxTime) {
        int n = op.n();
        int m = op.m();
        InvalidInputException.require(eps > 0 && x0.length == n * n && y.length == m, "residual control: bad sizes or step");
        double[] g = identity(n);
        double[] sigma = new double[m];
        double[] r = new double[m];
        double[] b = new double[n * n];
        double[] t = new double[n * n];
        double yn = Linalg.norm(y);
        long k = 0;
        double rel;
        while (true) {
            double[] x = xOf(g, x0, n);
            op.apply(x, r);
            for (int i = 0; i < m; i++) {
                r[i] -= y[i];
            }
            rel = Linalg.norm(r) / yn;
            if (!(rel > tol) || k * eps >= maxTime) {
                break;
            }
            op.adjoint(r, b);
            double[] e = expSymmetric(b, n, -eps);
            Linalg.gemm("N", "N", n, n, n, e, g, t);
            System.arraycopy(t, 0, g, 0, g.length);
            for (int i = 0; i < m; i++) {
                sigma[i] -= eps * r[i];
            }
            k++;
        }
        return new Path(g, sigma, n, k * eps, k, rel);
    }

    /** The time-ordered product of a given control r(t) on [0, T] with K = ⌈T/ε⌉ steps. */
    public static Path givenControl(MeasurementOperator op, DoubleFunction<double[]> control, double eps, double horizon) {
        int n = op.n();
        int m = op.m();
        long steps = (long) Math.ceil(horizon / eps - 1e-9);
        double h = horizon / steps;
        double[] g = identity(n);
        double[] sigma = new double[m];
        double[] b = new double[n * n];
        double[] t = new double[n * n];
        for (long k = 1; k <= steps; k++) {
            double[] r = control.apply((k - 0.5) * h);
            op.adjoint(r, b);
            double[] e = expSymmetric(b, n, -h);
            Linalg.gemm("N", "N", n, n, n, e, g, t);
            System.arraycopy(t, 0, g, 0, g.length);
            for (int i = 0; i < m; i++) {
                sigma[i] -= h * r[i];
            }
        }
        return new Path(g, sigma, n, horizon, steps, Double.NaN);
    }

    static double[] identity(int n) {
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            g[i + i * n] = 1;
        }
        return g;
    }

    static double[] xOf(double[] g, double[] x0, int n) {
        double[] t = new double[n * n];
        double[] x = new double[n * n];
        Linalg.gemm("N", "N", n, n, n, g, x0, t);
        Linalg.gemm("N", "T", n, n, n, t, g, x);
        Linalg.symmetrizeFromUpper(x, n);
        return x;
    }
}
