package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * Gradient descent on (U, V) for the asymmetric completion objective of
 * {@link AsymmetricFactorizedObjective}: U ← U − η·2RV, V ← V − η·2RᵀU (simultaneous), fixed step.
 * Runs in the {@link IterativeDriver} and stops like {@link GradientDescent}: relative training error
 * ‖P_Ω(UVᵀ) − M_Ω‖/‖M_Ω‖ ≤ tol, relative change of (U, V) ≤ stationaryTol, the iteration cap, a loss
 * above {@link IterativeDriver#divergenceLimit}(divergenceFactor, f₀, ‖M_Ω‖²) (DIVERGED) or a non-finite
 * loss (NON_FINITE).
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
    public interface FactorListener extends RunLifecycle {
        void iterate(IterationState state, double[] v);

        /** {@code each} on every iterate, with {@code lifecycle}'s init and finish. */
        static FactorListener of(RunLifecycle lifecycle, FactorListener each) {
            final class Of extends RunLifecycle.Forwarding implements FactorListener {
                Of() {
                    super(lifecycle);
                }

                @Override
                public void iterate(IterationState state, double[] v) {
                    each.iterate(state, v);
                }
            }
            return new Of();
        }
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
        return optimize(f, u0, v0, FactorListener.of(l, (s, v) -> l.onIteration(s)));
    }

    /**
     * As {@link #optimize(AsymmetricFactorizedObjective, double[], double[], IterationListener)}, showing V too.
     * The state's flow time is kη and its step η (NaN at k = 0); the gradient norm is ‖(∇_U f, ∇_V f)‖_F and
     * the relative change η‖∇f‖_F/‖(U, V)‖_F of the step that led to the iterate.
     *
     * @param f        the objective (its scratch space is used)
     * @param u0       U₀, n1×d row-major; not modified
     * @param v0       V₀, n2×d row-major; not modified
     * @param listener sees every iterate with both factors (may be null)
     * @return the final factors and the stop; the divergence limit is
     *         {@link IterativeDriver#divergenceLimit}(divergenceFactor, f(U₀, V₀), ‖M_Ω‖²) (1 for M_Ω = 0)
     */
    public Result optimize(AsymmetricFactorizedObjective f, double[] u0, double[] v0, FactorListener listener) {
        int n1 = f.n1();
        int n2 = f.n2();
        int d = f.d();
        InvalidInputException.require(u0.length == n1 * d && v0.length == n2 * d,
            "initial factors must be " + n1 + "×" + d + " and " + n2 + "×" + d);
        IterativeDriver driver = IterativeDriver.start();
        double[] u = u0.clone();
        double[] v = v0.clone();
        double[] r = new double[f.size()];
        double[] gu = new double[u.length];
        double[] gv = new double[v.length];
        double scale = f.yNorm() > 0 ? f.yNorm() : 1.0;
        double loss0 = f.residual(u, v, r);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, scale * scale), options.stationaryTol(),
            options.maxIterations());
        double eta = options.step();
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, u, 0.0), loss -> Math.sqrt(loss) / scale,
            checker, listener == null ? IterationListener.NONE : IterationListener.forwarding(listener, st -> listener.iterate(st, v)),
            (k, it) -> {
                f.gradient(u, v, r, gu, gv);
                double[] su = step(u, gu, eta);
                double[] sv = step(v, gv, eta);
                double gradNorm = Math.sqrt(su[0] + sv[0]);
                double xn2 = su[1] + sv[1];
                double relChange = xn2 > 0 ? eta * gradNorm / Math.sqrt(xn2) : Double.POSITIVE_INFINITY;
                return new IterativeDriver.Iterate(f.residual(u, v, r), gradNorm, eta, relChange, u, (k + 1) * eta);
            });
        IterationState last = out.last();
        return new Result(u, v, n1, n2, d, out.stopReason(), out.criterion(), out.iterations(), out.seconds(), last.loss(),
            last.trainError(), last.gradientNorm());
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
