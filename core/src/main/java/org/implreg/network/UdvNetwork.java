package org.implreg.network;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.optimizer.UduGradientDescent;
import org.implreg.problem.Rng;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * The UDV layer of Hou, Sra and Yurtsever (seed 002): f(x) = Σ_j v_j w_j u_jᵀ x = V diag(w) Uᵀ x with
 * U ∈ ℝ^{d×m}, V ∈ ℝ^{c×m}, w ∈ ℝ^m, trained on L = (1/2n) Σ_i ‖f(x_i) − y_i‖² under
 * Σ_j ‖u_j‖² ≤ 1, Σ_j ‖v_j‖² ≤ 1, w ≥ 0 by projected gradient descent (full batch, fixed step):
 * <pre>
 *   H = X U diag(w),  R = (H Vᵀ − Y)/n,  ∇V = Rᵀ H,  G = R V,  ∇w_j = Σ_i G_ij (XU)_ij,  ∇U = Xᵀ (G diag(w)),
 * </pre>
 * then U, V scaled onto their Frobenius unit balls and w clipped at 0 ({@link UduGradientDescent}'s
 * projections). Data are column-major: X n×d, Y n×c. The end-to-end map M = V diag(w) Uᵀ (c×d) is
 * pruned by SVD ({@link Model#prune}).
 */
public final class UdvNetwork {
    private UdvNetwork() {}

    /**
     * A UDV model.
     *
     * @param d input dimension
     * @param c output dimension
     * @param m units
     * @param u U (d×m)
     * @param v V (c×m)
     * @param w w (m), ≥ 0
     */
    public record Model(int d, int c, int m, double[] u, double[] v, double[] w) {
        /** Predictions for X (n×d column-major): n×c column-major. */
        public double[] predict(double[] x, int n) {
            double[] h = new double[n * m];
            Linalg.gemm("N", "N", n, m, d, x, u, h);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) {
                    h[i + j * n] *= w[j];
                }
            }
            double[] p = new double[n * c];
            Linalg.gemm("N", "T", n, c, m, h, v, p);
            return p;
        }

        /** M = V diag(w) Uᵀ (c×d column-major). */
        public double[] map() {
            double[] vw = v.clone();
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < c; i++) {
                    vw[i + j * c] *= w[j];
                }
            }
            double[] out = new double[c * d];
            Linalg.gemm("N", "T", c, d, m, vw, u, out);
            return out;
        }

        /** Singular values of {@link #map()} (descending). */
        public double[] singularValues() {
            return Linalg.singularValues(map(), c, d);
        }

        /**
         * SVD pruning to k units: M = Σ σ_i p_i q_iᵀ truncated to its k largest terms, written as a UDV
         * model with u_i = q_i/√k, v_i = p_i/√k, w_i = kσ_i (so ‖U‖_F = ‖V‖_F = 1: feasible). For k ≥
         * rank M the predictions equal the full model's.
         */
        public Model prune(int k) {
            int r = Math.min(c, d);
            InvalidInputException.require(k >= 1 && k <= r, "kept rank must be in 1.." + r + ", got " + k);
            Linalg.Svd svd = Linalg.thinSvd(map(), c, d);
            double[] s = svd.s();
            double[] pu = svd.u();
            double[] vt = svd.vt();
            double sk = Math.sqrt(k);
            double[] nu = new double[d * k];
            double[] nv = new double[c * k];
            double[] nw = new double[k];
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < d; i++) {
                    nu[i + j * d] = vt[j + i * r] / sk;
                }
                for (int i = 0; i < c; i++) {
                    nv[i + j * c] = pu[i + j * c] / sk;
                }
                nw[j] = k * s[j];
            }
            return new Model(d, c, k, nu, nv, nw);
        }

        /** Parameters: (d + c + 1)·m. */
        public int parameters() {
            return (d + c + 1) * m;
        }
    }

    /**
     * @param m         units
     * @param step      η
     * @param epochs    full-batch steps
     * @param initScale ‖U₀‖_F = ‖V₀‖_F = ξ ≤ 1 (Gaussian directions); w₀ = 1
     * @param seed      seed of U₀, V₀
     */
    public record Options(int m, double step, int epochs, double initScale, long seed) {
        public Options {
            InvalidInputException.require(m >= 1, "UDV: units m must be ≥ 1, got " + m);
            InvalidInputException.require(Double.isFinite(step) && step > 0, "UDV: step must be > 0, got " + step);
            InvalidInputException.require(epochs >= 0, "UDV: epochs must be ≥ 0, got " + epochs);
            InvalidInputException.require(initScale > 0 && initScale <= 1, "UDV: init scale must be in (0, 1], got " + initScale);
        }
    }

    /** Returns L and writes the gradients (gu d×m, gv c×m, gw m). X n×d, Y n×c column-major. */
    public static double lossAndGradient(Model mo, double[] x, double[] y, int n, double[] gu, double[] gv, double[] gw) {
        int d = mo.d();
        int c = mo.c();
        int m = mo.m();
        double[] xu = new double[n * m];
        Linalg.gemm("N", "N", n, m, d, x, mo.u(), xu);
        double[] h = xu.clone();
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                h[i + j * n] *= mo.w()[j];
            }
        }
        double[] r = new double[n * c];
        Linalg.gemm("N", "T", n, c, m, h, mo.v(), r);
        double loss = 0;
        for (int k = 0; k < r.length; k++) {
            double e = r[k] - y[k];
            loss += e * e;
            r[k] = e / n;
        }
        if (gu != null) {
            Linalg.gemm("T", "N", c, m, n, r, h, gv);
            double[] g = new double[n * m];
            Linalg.gemm("N", "N", n, m, c, r, mo.v(), g);
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += g[i + j * n] * xu[i + j * n];
                    g[i + j * n] *= mo.w()[j];
                }
                gw[j] = s;
            }
            Linalg.gemm("T", "N", d, m, n, x, g, gu);
        }
        return loss / (2.0 * n);
    }

    /** Trains from a seeded start; the listener sees (epoch, loss) with the model's U as point. */
    public static Model train(double[] x, double[] y, int n, int d, int c, Options o, IterationListener listener) {
        InvalidInputException.require(x.length == n * d && y.length == n * c, "X must be " + n + "×" + d + " and Y " + n + "×" + c);
        double[] u = Rng.gaussian(Rng.stream(o.seed(), "udv-u"), d * o.m());
        double[] v = Rng.gaussian(Rng.stream(o.seed(), "udv-v"), c * o.m());
        scale(u, o.initScale());
        scale(v, o.initScale());
        double[] w = new double[o.m()];
        java.util.Arrays.fill(w, 1.0);
        Model mo = new Model(d, c, o.m(), u, v, w);
        double[] gu = new double[u.length];
        double[] gv = new double[v.length];
        double[] gw = new double[w.length];
        IterationListener show = listener == null ? IterationListener.NONE : listener;
        StopReason[] stop = {StopReason.MAX_ITER};
        return RunLifecycle.observe(show, new RunLifecycle.Start(o.epochs()), () -> {
            for (int e = 0; e <= o.epochs(); e++) {
                double loss = lossAndGradient(mo, x, y, n, gu, gv, gw);
                show.onIteration(new IterationState(e, loss, Double.NaN, Double.NaN, o.step(), Double.NaN, u));
                if (e == o.epochs() || !Double.isFinite(loss)) {
                    stop[0] = Double.isFinite(loss) ? StopReason.MAX_ITER : StopReason.NON_FINITE;
                    break;
                }
                for (int i = 0; i < u.length; i++) {
                    u[i] -= o.step() * gu[i];
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] -= o.step() * gv[i];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] -= o.step() * gw[i];
                }
                UduGradientDescent.projectU(u);
                UduGradientDescent.projectU(v);
                UduGradientDescent.projectD(w);
            }
            return mo;
        }, model -> new ConvergenceChecker.Stop(stop[0], stop[0] == StopReason.MAX_ITER ? "epochs >= " + o.epochs() : "loss is not finite"));
    }

    private static void scale(double[] a, double norm) {
        double s = norm / Linalg.norm(a);
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
    }
}
