package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.factorization.PlusMinusObjective;
import org.implreg.linalg.Linalg;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * Fixed-step gradient descent on an indefinite factorization X = UUᵀ − VVᵀ for f(U, V) = ‖𝒜(UUᵀ − VVᵀ) − y‖²
 * ({@link PlusMinusObjective}; Wu &amp; Rebeschini 2021):
 * <pre>
 *   U_{k+1} = U_k − η·4𝒜*(r_k)U_k,    V_{k+1} = V_k + η·4𝒜*(r_k)V_k,    r_k = 𝒜(U_kU_kᵀ − V_kV_kᵀ) − y.
 * </pre>
 * Stops as {@link GradientDescent} does ({@link ConvergenceChecker#standard} from its {@link GradientDescent.Options}:
 * training error ‖r‖/‖y‖ ≤ tol, relative change η‖(G_U, G_V)‖_F/‖(U, V)‖_F ≤ stationaryTol, divergence, cap), with the
 * flow time Σ η. With V₀ = 0, V stays 0 and every step is {@link GradientDescent}'s fixed step on U, operation for
 * operation (norms of the pair are taken as hypot only when the V part is non-zero), so the iterates, the stop and the
 * result equal gd's bit for bit. Two operator passes per step more than gd (𝒜(VVᵀ) and 𝒜*(r)V).
 *
 * <p>The listener's point is the pair as one n×2d array [U V] (U's columns first), the result's factor too.
 */
public final class PlusMinusGradientDescent {
    private final GradientDescent.Options options;

    /** @param options gd's options; line search is refused (one line) */
    public PlusMinusGradientDescent(GradientDescent.Options options) {
        InvalidInputException.require(!options.lineSearch(), "gd-pm takes a fixed step only (no line search)");
        this.options = options;
    }

    /**
     * Runs from (U₀, V₀), each n×d column-major, not modified.
     *
     * @param listener sees every iterate; its point is [U V] (n×2d), its state carries the flow time Σ η
     * @return X = UUᵀ − VVᵀ (NaN where a factor is not finite) and the factor [U V] (n×2d, d reported as 2d)
     */
    public OptimizationResult optimize(PlusMinusObjective f, double[] u0, double[] v0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        InvalidInputException.require(u0.length == n * d && v0.length == n * d,
            "initial U and V must be " + n + "×" + d + " (" + n * d + " entries each), got " + u0.length + " and " + v0.length);
        IterativeDriver driver = IterativeDriver.start();
        double[] u = u0.clone();
        double[] v = v0.clone();
        double[] w = new double[2 * n * d];
        pack(u, v, w);
        double[] r = new double[f.m()];
        double[] gu = new double[n * d];
        double[] gv = new double[n * d];
        double yNorm = f.yNorm();
        double scale = yNorm > 0 ? yNorm : 1.0;
        double eta = options.step();
        double loss0 = f.residual(u, v, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, yNorm * yNorm), options.stationaryTol(),
            options.maxIterations());
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, w, 0.0), loss -> Math.sqrt(loss) / scale,
            checker, listener, (k, it) -> {
                f.gradient(u, v, r, gu, gv);
                double gradNorm = pairNorm(gu, gv);
                double wNorm = pairNorm(u, v);
                for (int i = 0; i < u.length; i++) {
                    u[i] -= eta * gu[i];
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] -= eta * gv[i];
                }
                pack(u, v, w);
                double relChange = wNorm > 0 ? eta * gradNorm / wNorm : Double.POSITIVE_INFINITY;
                return new IterativeDriver.Iterate(f.residual(u, v, r), gradNorm, eta, relChange, w, it.time() + eta);
            });
        double[] x = new double[n * n];
        if (Linalg.allFinite(w)) {
            plusMinusGram(w, n, d, x);
        } else {
            java.util.Arrays.fill(x, Double.NaN);
        }
        var last = out.last();
        return new OptimizationResult(x, w, n, 2 * d, out.stopReason(), out.criterion(), out.iterations(), out.iterations(),
            out.seconds(), last.loss(), last.trainError(), last.gradientNorm());
    }

    /** ‖(a, b)‖_F = hypot(‖a‖, ‖b‖), exactly ‖a‖ when b = 0 (so V = 0 reproduces gd's norms bit for bit). */
    private static double pairNorm(double[] a, double[] b) {
        double nb = Linalg.norm(b);
        double na = Linalg.norm(a);
        return nb == 0 ? na : Math.hypot(na, nb);
    }

    private static void pack(double[] u, double[] v, double[] w) {
        System.arraycopy(u, 0, w, 0, u.length);
        System.arraycopy(v, 0, w, u.length, v.length);
    }

    /**
     * X = UUᵀ − VVᵀ (n×n, overwritten) of the pair packed as W = [U V] (n×2d column-major); with V = 0 it is
     * {@link Linalg#gram}(U) bit for bit.
     */
    public static void plusMinusGram(double[] w, int n, int d, double[] x) {
        double[] u = java.util.Arrays.copyOfRange(w, 0, n * d);
        double[] v = java.util.Arrays.copyOfRange(w, n * d, 2 * n * d);
        Linalg.gram(u, n, d, x);
        boolean zero = true;
        for (double e : v) {
            zero &= e == 0;
        }
        if (!zero) {
            double[] xm = new double[n * n];
            Linalg.gram(v, n, d, xm);
            for (int i = 0; i < x.length; i++) {
                x[i] -= xm[i];
            }
        }
    }
}
