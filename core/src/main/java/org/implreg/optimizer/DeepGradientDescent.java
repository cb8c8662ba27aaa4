package org.implreg.optimizer;

import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.factorization.DeepFactorization;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationState;
import org.implreg.run.StopReason;

/**
 * Gradient descent on the layers of a {@link DeepFactorization} (eq. 6 of Chou et al.):
 * W_j ← W_j − η ∇_{W_j} L(W_N ⋯ W_1), all layers updated simultaneously, fixed step.
 * Stops at relative training error √(2L)/‖target‖ ≤ tol (CONVERGED), relative change of the layers
 * ≤ stationaryTol, the iteration cap (MAX_ITER), a loss above divergenceFactor·max(L₀, ½‖target‖²)
 * (DIVERGED) or a non-finite loss (NON_FINITE).
 */
public final class DeepGradientDescent {

    /**
     * @param step             η (&gt; 0)
     * @param maxIterations    step cap (≥ 0)
     * @param tol              training error to stop at (≥ 0; 0: never)
     * @param stationaryTol    relative change of the layers to stop at (≥ 0; 0: never)
     * @param divergenceFactor DIVERGED above this factor (&gt; 1)
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
            return new Options(step, maxIterations, 0, 0, 1e8);
        }

        public Options withTol(double t) {
            return new Options(step, maxIterations, t, stationaryTol, divergenceFactor);
        }
    }

    /** Sees every iterate: the state (its {@code point} is the end-to-end W) and the layers (live: read only). */
    @FunctionalInterface
    public interface Listener {
        void iterate(IterationState state, double[][] layers);
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

    /** Runs from {@code init} (not modified). */
    public Result optimize(DeepFactorization f, double[][] init, Listener listener) {
        int depth = f.depth();
        InvalidInputException.require(init.length == depth, "expected " + depth + " initial layers, got " + init.length);
        long start = System.nanoTime();
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
        double loss = f.evaluate(layers, w, grads);
        double limit = options.divergenceFactor() * Math.max(loss, 0.5 * scale * scale);
        ConvergenceChecker checker = ConvergenceChecker.standard(options.tol(), limit, options.stationaryTol(), options.maxIterations());
        Listener show = listener == null ? (s, l) -> { } : listener;
        double eta = options.step();
        long k = 0;
        double gradNorm = Double.NaN;
        double relChange = Double.NaN;
        ConvergenceChecker.Stop stop;
        while (true) {
            double[] wNow = w;
            Optional<ConvergenceChecker.Stop> s = checker.observe(new IterationState(k, loss, Math.sqrt(2 * loss) / scale, gradNorm,
                k == 0 ? Double.NaN : eta, relChange, wNow, k * eta), st -> show.iterate(st, layers));
            if (s.isPresent()) {
                stop = s.get();
                break;
            }
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
            gradNorm = Math.sqrt(g2);
            relChange = x2 > 0 ? eta * gradNorm / Math.sqrt(x2) : Double.POSITIVE_INFINITY;
            k++;
            loss = f.evaluate(layers, w, grads);
        }
        double[][] out = new double[depth][];
        for (int j = 0; j < depth; j++) {
            out[j] = layers[j].clone();
        }
        return new Result(out, w.clone(), stop.reason(), stop.criterion(), k, (System.nanoTime() - start) / 1e9, loss,
            Math.sqrt(2 * loss) / scale);
    }
}
