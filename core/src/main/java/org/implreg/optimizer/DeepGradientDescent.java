package org.implreg.optimizer;

import org.implreg.InvalidInputException;
import org.implreg.factorization.DeepFactorization;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.RunLifecycle;
import org.implreg.run.StopReason;

/**
 * Gradient descent on the layers of a {@link DeepFactorization} (eq. 6 of Chou et al.):
 * W_j ← W_j − η ∇_{W_j} L(W_N ⋯ W_1), all layers updated simultaneously, fixed step.
 * Runs in the {@link IterativeDriver}; stops at relative training error √(2L)/‖target‖ ≤ tol
 * (CONVERGED), relative change of the layers ≤ stationaryTol, the iteration cap (MAX_ITER), a loss above
 * {@link IterativeDriver#divergenceLimit}(divergenceFactor, L₀, ½‖target‖²) (DIVERGED) or a non-finite
 * loss (NON_FINITE).
 */
public final class DeepGradientDescent {

    /**
     * @param step             η (&gt; 0)
     * @param maxIterations    step cap (≥ 0)
     * @param tol              training error to stop at (≥ 0; 0: never)
     * @param stationaryTol    relative change of the layers to stop at (≥ 0; 0: never)
     * @param divergenceFactor DIVERGED when L exceeds this times max(L₀, ½‖target‖²) (&gt; 1; default
     *                         {@link IterativeDriver#DEFAULT_DIVERGENCE_FACTOR})
     */
    public record Options(double step, long maxIterations, double tol, double stationaryTol, double divergenceFactor) {
        public Options {
            InvalidInputException.require(Double.isFinite(step) && step > 0, "deep GD: step must be finite and > 0, got " + step);
            InvalidInputException.require(maxIterations >= 0, "deep GD: max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0, "deep GD: tol must be ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0, "deep GD: stationary tol must be ≥ 0, got " + stationaryTol);
            InvalidInputException.require(divergenceFactor > 1, "deep GD: divergence factor must be > 1, got " + divergenceFactor);
        }

        /** Fixed step η, {@code maxIterations} steps, no tolerance (runs the full count unless it diverges). */
        public static Options fixed(double step, long maxIterations) {
            return new Options(step, maxIterations, 0, 0, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        public Options withTol(double t) {
            return new Options(step, maxIterations, t, stationaryTol, divergenceFactor);
        }
    }

    /** Sees every iterate: the state (its {@code point} is the end-to-end W) and the layers (live: read only). */
    @FunctionalInterface
    public interface Listener extends RunLifecycle {
        void iterate(IterationState state, double[][] layers);

        /** {@code each} on every iterate, with {@code lifecycle}'s init and finish. */
        static Listener of(RunLifecycle lifecycle, Listener each) {
            final class Of extends RunLifecycle.Forwarding implements Listener {
                Of() {
                    super(lifecycle);
                }

                @Override
                public void iterate(IterationState state, double[][] layers) {
                    each.iterate(state, layers);
                }
            }
            return new Of();
        }
    }

    /**
     * The outcome.
     *
     * @param layers     final layers (W_1 first)
     * @param w          final end-to-end W (n_N × n_0)
     * @param stopReason why it stopped
     * @param criterion  the criterion that fired
     * @param iterations steps taken
     * @param seconds    wall-clock seconds
     * @param loss       final L
     * @param trainError final √(2L)/‖target‖
     */
    public record Result(double[][] layers, double[] w, StopReason stopReason, String criterion, long iterations, double seconds,
                         double loss, double trainError) {}

    private final Options options;

    public DeepGradientDescent(Options options) {
        this.options = options;
    }

    /**
     * Runs from {@code init} (not modified). The state shows the end-to-end W = W_N ⋯ W_1 (n_N×n_0
     * column-major, live), the flow time kη, the step η (NaN at k = 0), ‖(∇_{W_1}, …, ∇_{W_N})‖_F and
     * the relative change η‖∇‖_F/‖(W_1, …, W_N)‖_F of the step that led to the iterate. The
     * divergence limit is {@link IterativeDriver#divergenceLimit}(divergenceFactor, L₀, ½‖target‖²) (½ for a zero target).
     *
     * @param f        the deep factorization (its loss and dimensions)
     * @param init     initial layers W_1, …, W_N (W_j of size n_j×n_{j−1}); not modified
     * @param listener sees every iterate with the live layers (may be null)
     * @return copies of the final layers and W
     */
    public Result optimize(DeepFactorization f, double[][] init, Listener listener) {
        int depth = f.depth();
        InvalidInputException.require(init.length == depth, "expected " + depth + " initial layers, got " + init.length);
        IterativeDriver driver = IterativeDriver.start();
        double[][] layers = new double[depth][];
        double[][] grads = new double[depth][];
        for (int j = 0; j < depth; j++) {
            InvalidInputException.require(init[j].length == f.layerSize(j + 1), "initial layer " + (j + 1) + " has " + init[j].length
                + " entries, expected " + f.layerSize(j + 1));
            layers[j] = init[j].clone();
            grads[j] = new double[layers[j].length];
        }
        int[] dims = f.dims();
        double[] w = new double[dims[depth] * dims[0]];
        double scale = f.loss().targetNorm() > 0 ? f.loss().targetNorm() : 1.0;
        double loss0 = f.evaluate(layers, w, grads);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, 0.5 * scale * scale), options.stationaryTol(),
            options.maxIterations());
        Listener show = listener == null ? (s, l) -> { } : listener;
        double eta = options.step();
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, w, 0.0), loss -> Math.sqrt(2 * loss) / scale,
            checker, IterationListener.forwarding(show, st -> show.iterate(st, layers)), (k, it) -> {
                double g2 = 0;
                double x2 = 0;
                for (int j = 0; j < depth; j++) {
                    double[] a = layers[j];
                    double[] g = grads[j];
                    for (int i = 0; i < a.length; i++) {
                        g2 += g[i] * g[i];
                        x2 += a[i] * a[i];
                        a[i] -= eta * g[i];
                    }
                }
                double gradNorm = Math.sqrt(g2);
                double relChange = x2 > 0 ? eta * gradNorm / Math.sqrt(x2) : Double.POSITIVE_INFINITY;
                return new IterativeDriver.Iterate(f.evaluate(layers, w, grads), gradNorm, eta, relChange, w, (k + 1) * eta);
            });
        double[][] finalLayers = new double[depth][];
        for (int j = 0; j < depth; j++) {
            finalLayers[j] = layers[j].clone();
        }
        IterationState last = out.last();
        return new Result(finalLayers, w.clone(), out.stopReason(), out.criterion(), out.iterations(), out.seconds(), last.loss(),
            last.trainError());
    }
}
