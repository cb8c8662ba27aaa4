package org.implreg.network;

import org.implreg.InvalidInputException;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.problem.Rng;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * The baseline of the UDV experiments: one hidden ReLU layer, f(x) = W₂ relu(W₁x + b₁) + b₂ with
 * W₁ ∈ ℝ^{m×d}, W₂ ∈ ℝ^{c×m}, trained on the same L = (1/2n) Σ ‖f(x_i) − y_i‖² by full-batch Adam
 * (β₁ = 0.9, β₂ = 0.999, ε = 1e-8). He initialization W₁ ~ N(0, 2/d), W₂ ~ N(0, 1/m), zero biases.
 * Data column-major: X n×d, Y n×c.
 */
public final class ReluNetwork {
    private ReluNetwork() {}

    /** A trained network: W₁ (m×d), b₁ (m), W₂ (c×m), b₂ (c), column-major. */
    public record Model(int d, int c, int m, double[] w1, double[] b1, double[] w2, double[] b2) {
        /** Predictions n×c for X n×d. */
        public double[] predict(double[] x, int n) {
            double[] a = hidden(x, n);
            double[] p = new double[n * c];
            Linalg.gemm("N", "T", n, c, m, a, w2, p);
            for (int k = 0; k < c; k++) {
                for (int i = 0; i < n; i++) {
                    p[i + k * n] += b2[k];
                }
            }
            return p;
        }

        double[] preActivation(double[] x, int n) {
            double[] a = new double[n * m];
            Linalg.gemm("N", "T", n, m, d, x, w1, a);
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < n; i++) {
                    a[i + j * n] += b1[j];
                }
            }
            return a;
        }

        double[] hidden(double[] x, int n) {
            double[] a = preActivation(x, n);
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.max(0, a[i]);
            }
            return a;
        }

        /** Parameters: (d + 1)m + (m + 1)c. */
        public int parameters() {
            return (d + 1) * m + (m + 1) * c;
        }
    }

    /**
     * @param m      hidden units
     * @param step   Adam's learning rate
     * @param epochs full-batch steps
     * @param seed   initialization seed
     */
    public record Options(int m, double step, int epochs, long seed) {
        public Options {
            InvalidInputException.require(m >= 1, "ReLU: units must be ≥ 1, got " + m);
            InvalidInputException.require(Double.isFinite(step) && step > 0, "ReLU: step must be > 0, got " + step);
            InvalidInputException.require(epochs >= 0, "ReLU: epochs must be ≥ 0, got " + epochs);
        }
    }

    /** L and its gradients (same shapes as the parameters). */
    public static double lossAndGradient(Model mo, double[] x, double[] y, int n, double[] g1, double[] gb1, double[] g2, double[] gb2) {
        int c = mo.c();
        int m = mo.m();
        double[] a = mo.preActivation(x, n);
        double[] h = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            h[i] = Math.max(0, a[i]);
        }
        double[] r = new double[n * c];
        Linalg.gemm("N", "T", n, c, m, h, mo.w2(), r);
        double loss = 0;
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < n; i++) {
                double e = r[i + k * n] + mo.b2()[k] - y[i + k * n];
                loss += e * e;
                r[i + k * n] = e / n;
            }
        }
        if (g1 != null) {
            Linalg.gemm("T", "N", c, m, n, r, h, g2);
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += r[i + k * n];
                }
                gb2[k] = s;
            }
            double[] g = new double[n * m];
            Linalg.gemm("N", "N", n, m, c, r, mo.w2(), g);
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    if (a[i + j * n] <= 0) {
                        g[i + j * n] = 0;
                    }
                    s += g[i + j * n];
                }
                gb1[j] = s;
            }
            Linalg.gemm("T", "N", m, mo.d(), n, g, x, g1);
        }
        return loss / (2.0 * n);
    }

    /** Trains from He initialization with Adam. */
    public static Model train(double[] x, double[] y, int n, int d, int c, Options o, IterationListener listener) {
        InvalidInputException.require(x.length == n * d && y.length == n * c, "X must be " + n + "×" + d + " and Y " + n + "×" + c);
        int m = o.m();
        double[] w1 = Rng.gaussian(Rng.stream(o.seed(), "relu-w1"), m * d);
        double[] w2 = Rng.gaussian(Rng.stream(o.seed(), "relu-w2"), c * m);
        double s1 = Math.sqrt(2.0 / d);
        double s2 = Math.sqrt(1.0 / m);
        for (int i = 0; i < w1.length; i++) {
            w1[i] *= s1;
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] *= s2;
        }
        Model mo = new Model(d, c, m, w1, new double[m], w2, new double[c]);
        double[][] params = {mo.w1(), mo.b1(), mo.w2(), mo.b2()};
        double[][] grads = new double[4][];
        double[][] m1 = new double[4][];
        double[][] m2 = new double[4][];
        for (int p = 0; p < 4; p++) {
            grads[p] = new double[params[p].length];
            m1[p] = new double[params[p].length];
            m2[p] = new double[params[p].length];
        }
        IterationListener show = listener == null ? IterationListener.NONE : listener;
        StopReason[] stop = {StopReason.MAX_ITER};
        return RunLifecycle.observe(show, new RunLifecycle.Start(o.epochs()), () -> {
            double b1 = 0.9;
            double b2 = 0.999;
            for (int e = 0; e <= o.epochs(); e++) {
                double loss = lossAndGradient(mo, x, y, n, grads[0], grads[1], grads[2], grads[3]);
                show.onIteration(new IterationState(e, loss, Double.NaN, Double.NaN, o.step(), Double.NaN, mo.w1()));
                if (e == o.epochs() || !Double.isFinite(loss)) {
                    stop[0] = Double.isFinite(loss) ? StopReason.MAX_ITER : StopReason.NON_FINITE;
                    break;
                }
                double c1 = 1 - Math.pow(b1, e + 1);
                double c2 = 1 - Math.pow(b2, e + 1);
                for (int p = 0; p < 4; p++) {
                    double[] w = params[p];
                    double[] g = grads[p];
                    for (int i = 0; i < w.length; i++) {
                        m1[p][i] = b1 * m1[p][i] + (1 - b1) * g[i];
                        m2[p][i] = b2 * m2[p][i] + (1 - b2) * g[i] * g[i];
                        w[i] -= o.step() * (m1[p][i] / c1) / (Math.sqrt(m2[p][i] / c2) + 1e-8);
                    }
                }
            }
            return mo;
        }, model -> new ConvergenceChecker.Stop(stop[0], stop[0] == StopReason.MAX_ITER ? "epochs >= " + o.epochs() : "loss is not finite"));
    }
}
