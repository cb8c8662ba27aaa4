package org.implreg.optimizer;

import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.StopReason;

/**
 * Gradient descent on (U, V) for the asymmetric completion objective of
 * {@link AsymmetricFactorizedObjective}: U ← U − η·2RV, V ← V − η·2RᵀU (simultaneous), fixed step.
 * Stops like {@link GradientDescent}: relative training error ‖P_Ω(UVᵀ) − M_Ω‖/‖M_Ω‖ ≤ tol, relative
 * change of (U, V) ≤ stationaryTol, the iteration cap, a loss above divergenceFactor·max(f₀, ‖M_Ω‖²)
 * (DIVERGED) or a non-finite loss (NON_FINITE).
 */
public final class AsymmetricGradientDescent {

    /** The outcome: final factors (row-major), why it stopped, counts, and the final loss. */
    public record Result(double[] u, double[] v, int n1, int n2, int d, StopReason stopReason, String criterion,
                         long iterations, double seconds, double loss, double trainError, double gradNorm) {}

    /**
     * Observes every iterate with both factors: {@code state.point()} is U, {@code v} is V (row-major,
     * live arrays: read them, never keep or modify them).
     */
    @FunctionalInterface
    public interface FactorListener {
        void iterate(IterationState state, double[] v);
    }

    private final GradientDescent.Options options;

    /** @param options fixed-step options (line search is not supported here) */
    public AsymmetricGradientDescent(GradientDescent.Options options) {
        InvalidInputException.require(!options.lineSearch(), "asymmetric gradient descent supports fixed steps only");
        this.options = options;
    }

    /**
     * Runs from (U₀, V₀) (row-major n1×d and n2×d, not modified); {@code listener} sees every iterate
     * (its {@code u} is U; V is not shown).
     */
    public Result optimize(AsymmetricFactorizedObjective f, double[] u0, double[] v0, IterationListener listener) {
        IterationListener l = listener == null ? IterationListener.NONE : listener;
        return optimize(f, u0, v0, (FactorListener) (s, v) -> l.onIteration(s));
    }

    /** As {@link #optimize(AsymmetricFactorizedObjective, double[], double[], IterationListener)}, showing V too. */
    public Result optimize(AsymmetricFactorizedObjective f, double[] u0, double[] v0, FactorListener listener) {
        int n1 = f.n1();
        int n2 = f.n2();
        int d = f.d();
        InvalidInputException.require(u0.length == n1 * d && v0.length == n2 * d,
            "initial factors must be " + n1 + "×" + d + " and " + n2 + "×" + d);
        long start = System.nanoTime();
        double[] u = u0.clone();
        double[] v = v0.clone();
        double[] r = new double[f.size()];
        double[] gu = new double[u.length];
        double[] gv = new double[v.length];
        double scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
        double loss = f.residual(u, v, r);
        double divergence = options.divergenceFactor() * Math.max(loss, scale * scale);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(), divergence, options.stationaryTol(),
            options.maxIterations());
        double eta = options.step();
        long k = 0;
        double gradNorm = Double.NaN;
        double relChange = Double.NaN;
        ConvergenceChecker.Stop stop;
        while (true) {
            Optional<ConvergenceChecker.Stop> s = checker.observe(new IterationState(k, loss, Math.sqrt(loss) / scale, gradNorm,
                k == 0 ? Double.NaN : eta, relChange, u, k * eta), listener == null ? IterationListener.NONE : st -> listener.iterate(st, v));
            if (s.isPresent()) {
                stop = s.get();
                break;
            }
            f.gradient(u, v, r, gu, gv);
            double[] su = step(u, gu, eta);
            double[] sv = step(v, gv, eta);
            gradNorm = Math.sqrt(su[0] + sv[0]);
            double xn2 = su[1] + sv[1];
            relChange = xn2 > 0 ? eta * gradNorm / Math.sqrt(xn2) : Double.POSITIVE_INFINITY;
            k++;
            loss = f.residual(u, v, r);
        }
        return new Result(u, v, n1, n2, d, stop.reason(), stop.criterion(), k, (System.nanoTime() - start) / 1e9, loss,
            Math.sqrt(loss) / scale, gradNorm);
    }

    private static final int BLOCK = 1 << 14;

    /**
     * x ← x − η g in parallel blocks; returns {Σ g², Σ x²} (x before the update), with the block sums
     * added in block order so the result does not depend on the thread count.
     */
    static double[] step(double[] x, double[] g, double eta) {
        int blocks = (x.length + BLOCK - 1) / BLOCK;
        double[] gg = new double[blocks];
        double[] xx = new double[blocks];
        java.util.stream.IntStream.range(0, blocks).parallel().forEach(b -> {
            int lo = b * BLOCK;
            int hi = Math.min(x.length, lo + BLOCK);
            double g0 = 0;
            double g1 = 0;
            double x0 = 0;
            double x1 = 0;
            int i = lo;
            for (; i + 1 < hi; i += 2) {
                double a0 = g[i];
                double a1 = g[i + 1];
                double b0 = x[i];
                double b1 = x[i + 1];
                g0 += a0 * a0;
                g1 += a1 * a1;
                x0 += b0 * b0;
                x1 += b1 * b1;
                x[i] = b0 - eta * a0;
                x[i + 1] = b1 - eta * a1;
            }
            for (; i < hi; i++) {
                g0 += g[i] * g[i];
                x0 += x[i] * x[i];
                x[i] -= eta * g[i];
            }
            gg[b] = g0 + g1;
            xx[b] = x0 + x1;
        });
        double sg = 0;
        double sx = 0;
        for (int b = 0; b < blocks; b++) {
            sg += gg[b];
            sx += xx[b];
        }
        return new double[] {sg, sx};
    }
}
