package org.implreg.optimizer;

import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.problem.MeasurementOperator;
import org.implreg.run.ConvergenceChecker;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.run.IterativeDriver;
import org.implreg.run.OptimizationResult;

/**
 * Stochastic and adaptive first-order methods on the factor U (n×d) of X = UUᵀ for
 * f(U) = ‖𝒜(UUᵀ) − y‖² = Σ_{i&lt;m} r_i², r = 𝒜(UUᵀ) − y (see {@link FactorizedObjective}).
 *
 * <p><b>Gradient.</b> With the full batch (b = m, or {@link Options#batch} = 0) G = ∇f(U) = 4𝒜*(r)U, computed by
 * {@link GradientDescent#fixedStep}'s kernel. With a minibatch S = (i_1, …, i_b) from a {@link MinibatchSampler}
 * (seeded; with or without replacement), G = (m/b)·4·Σ_k r_{i_k} A_{i_k} U, whose expectation over S is ∇f(U):
 * only the b measurements of S are evaluated ({@link MeasurementOperator#applyGramRows},
 * {@link MeasurementOperator#adjointTimesRows}). b = m without replacement draws every index once, so it is the
 * full gradient, and this class then runs gd's own kernel: with {@link Rule#SGD} the run is
 * {@link GradientDescent}'s fixed-step run bit for bit.
 *
 * <p><b>Update</b> (elementwise on the entries of U; step η, t = 1, 2, … the step count):
 * <pre>
 *   SGD:      U ← U − ηG
 *   Adam:     M ← β₁M + (1−β₁)G,  V ← β₂V + (1−β₂)G∘G,  M̂ = M/(1−β₁ᵗ),  V̂ = V/(1−β₂ᵗ),
 *             U ← U − η M̂/(√V̂ + ε)                              (Kingma &amp; Ba 2015, Algorithm 1)
 *   RMSprop:  V ← ρV + (1−ρ)G∘G,  U ← U − η G/(√V + ε)           (PyTorch's RMSprop: its alpha is ρ here)
 * </pre>
 * from M = V = 0. Adam's first step is therefore U₁ = U₀ − η G/(|G| + ε) and RMSprop's
 * U₁ = U₀ − η G/(√(1−ρ)|G| + ε).
 *
 * <p><b>Stopping.</b> The loop is the {@link IterativeDriver}; k counts steps (minibatches). The full loss f(U_k)
 * is evaluated every {@link Options#evalEvery} steps E (0: one epoch, E = ⌈m/b⌉; always 1 with the full gradient,
 * whose residual is the full loss) and at
 * the iteration cap; only those iterates are shown to the listener (progress, traces) and checked, by gd's
 * scale-free rules ({@link ConvergenceChecker#standard}): relative training error √f/‖y‖ ≤ tol, loss above
 * {@link IterativeDriver#divergenceLimit}(factor, f(U₀), ‖y‖²) (DIVERGED), relative change ≤ stationaryTol (with the
 * full gradient of the last step; with minibatches of the window since the last evaluation, ‖U_k − U_{k−E}‖_F/‖U_{k−E}‖_F,
 * since one minibatch step may barely move U far from a stationary point), k = maxIterations; a non-finite loss stops (NON_FINITE) at the next evaluation. Between
 * evaluations the driver carries the last evaluated loss, which nobody sees.
 *
 * <p>The state's flow time is Σ η for SGD (its expectation follows gd's path) and NaN for Adam and RMSprop
 * (their steps are not a time of the gradient flow). The gradient norm reported is ‖G‖_F of the step's
 * (minibatch) gradient.
 */
public final class StochasticDescent {

    /** The update rule. */
    public enum Rule {
        /** U ← U − ηG. */
        SGD,
        /** Adam with bias correction. */
        ADAM,
        /** RMSprop (no momentum, not centered). */
        RMSPROP
    }

    /**
     * Options.
     *
     * @param rule             the update rule
     * @param step             η (finite, &gt; 0)
     * @param beta1            Adam's β₁ ∈ [0, 1) (unused otherwise)
     * @param beta2            Adam's β₂, RMSprop's ρ, ∈ [0, 1) (unused by SGD)
     * @param eps              ε &gt; 0 (unused by SGD)
     * @param batch            b, measurements per step, 0 for all m (the full gradient); b ≤ m is checked
     *                         against the objective
     * @param replacement      draw minibatches with replacement
     * @param evalEvery        E, steps between evaluations of the full loss (≥ 0; 0: ⌈m/b⌉, one epoch)
     * @param seed             the seed of the minibatch stream ({@code Rng.stream(seed, "minibatch")})
     * @param maxIterations    iteration cap (≥ 0)
     * @param tol              stop when ‖𝒜(UUᵀ) − y‖/‖y‖ ≤ tol
     * @param stationaryTol    stop when the relative change of U is ≤ this (0 disables)
     * @param divergenceFactor DIVERGED above this times max(f(U₀), ‖y‖²)
     */
    public record Options(Rule rule, double step, double beta1, double beta2, double eps, int batch, boolean replacement, long evalEvery,
                          long seed, long maxIterations, double tol, double stationaryTol, double divergenceFactor) {
        public Options {
            InvalidInputException.require(rule != null, "an update rule is required");
            InvalidInputException.require(Double.isFinite(step) && step > 0, "step must be finite and > 0, got " + step);
            InvalidInputException.require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
            InvalidInputException.require(beta2 >= 0 && beta2 < 1, (rule == Rule.RMSPROP ? "rho" : "beta2") + " must be in [0, 1), got "
                + beta2);
            InvalidInputException.require(Double.isFinite(eps) && eps > 0, "eps must be finite and > 0, got " + eps);
            InvalidInputException.require(batch >= 0, "batch must be ≥ 1 (or 0 for all measurements), got " + batch);
            InvalidInputException.require(evalEvery >= 0, "eval_every must be ≥ 0, got " + evalEvery);
            InvalidInputException.require(maxIterations >= 0, "max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(tol >= 0 && !Double.isNaN(tol), "tol must be ≥ 0, got " + tol);
            InvalidInputException.require(stationaryTol >= 0, "stationary tol must be ≥ 0, got " + stationaryTol);
            InvalidInputException.require(divergenceFactor > 1, "divergence factor must be > 1, got " + divergenceFactor);
        }

        /** Plain SGD with step η and batch b (0: full), without replacement, evaluation once an epoch, gd's stopping rules. */
        public static Options sgd(double step, int batch, long seed) {
            return new Options(Rule.SGD, step, 0, 0, 1, batch, false, 0, seed, GradientDescent.Options.DEFAULT_MAX_ITERATIONS,
                GradientDescent.Options.DEFAULT_TOL, GradientDescent.Options.DEFAULT_STATIONARY_TOL, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        /** Full-batch Adam (β₁, β₂, ε), gd's stopping rules. */
        public static Options adam(double step, double beta1, double beta2, double eps) {
            return new Options(Rule.ADAM, step, beta1, beta2, eps, 0, false, 0, 0, GradientDescent.Options.DEFAULT_MAX_ITERATIONS,
                GradientDescent.Options.DEFAULT_TOL, GradientDescent.Options.DEFAULT_STATIONARY_TOL, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        /** Full-batch RMSprop (ρ, ε), gd's stopping rules. */
        public static Options rmsprop(double step, double rho, double eps) {
            return new Options(Rule.RMSPROP, step, 0, rho, eps, 0, false, 0, 0, GradientDescent.Options.DEFAULT_MAX_ITERATIONS,
                GradientDescent.Options.DEFAULT_TOL, GradientDescent.Options.DEFAULT_STATIONARY_TOL, IterativeDriver.DEFAULT_DIVERGENCE_FACTOR);
        }

        /** These options with minibatches of b (0: full), drawn with or without replacement, full loss every E steps, seed. */
        public Options withBatch(int b, boolean withReplacement, long every, long batchSeed) {
            return new Options(rule, step, beta1, beta2, eps, b, withReplacement, every, batchSeed, maxIterations, tol, stationaryTol,
                divergenceFactor);
        }

        public Options withMaxIterations(long k) {
            return new Options(rule, step, beta1, beta2, eps, batch, replacement, evalEvery, seed, k, tol, stationaryTol, divergenceFactor);
        }

        public Options withTol(double t) {
            return new Options(rule, step, beta1, beta2, eps, batch, replacement, evalEvery, seed, maxIterations, t, stationaryTol,
                divergenceFactor);
        }

        public Options withStationaryTol(double t) {
            return new Options(rule, step, beta1, beta2, eps, batch, replacement, evalEvery, seed, maxIterations, tol, t, divergenceFactor);
        }

        /** b on a problem with m measurements: m where batch is 0; refuses (one line naming m) b &gt; m. */
        public int batchOf(int m) {
            InvalidInputException.require(batch <= m, "batch must be ≤ m = " + m + " (the number of measurements), got " + batch);
            return batch == 0 ? m : batch;
        }

        /**
         * E on a problem with m measurements for a minibatch run: evalEvery, or ⌈m/b⌉ where it is 0. (With the full
         * gradient E = 1: the residual the next gradient needs is the full loss.)
         */
        public long evalEveryOf(int m) {
            int b = batchOf(m);
            return fullGradient(m) ? 1 : evalEvery > 0 ? evalEvery : (m + b - 1) / b;
        }

        /** Whether a step uses the full gradient on m measurements: batch 0, or b = m without replacement (every index once). */
        public boolean fullGradient(int m) {
            return batchOf(m) == m && (batch == 0 || !replacement);
        }
    }

    private final Options options;

    public StochasticDescent(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * Runs from U₀ (n×d, not modified).
     *
     * @param listener sees the iterates at which the full loss is evaluated (see the class comment)
     * @return the final U and X = UUᵀ (NaN where U is not finite); its state's loss is the full loss
     */
    public OptimizationResult optimize(FactorizedObjective f, double[] u0, IterationListener listener) {
        int n = f.n();
        int d = f.d();
        int m = f.m();
        InvalidInputException.require(u0.length == n * d, "initial U must be " + n + "×" + d + " (" + n * d + " entries), got " + u0.length);
        int b = options.batchOf(m);
        MinibatchSampler sampler = sampler(m);
        boolean full = sampler == null;
        long every = options.evalEveryOf(m);
        long cap = options.maxIterations();
        IterativeDriver driver = IterativeDriver.start();
        double[] u = u0.clone();
        double[] r = new double[m];
        double[] g = new double[n * d];
        double[] mom = options.rule() == Rule.ADAM ? new double[n * d] : null;
        double[] sq = options.rule() == Rule.SGD ? null : new double[n * d];
        double[] rb = new double[b];
        double[] work = new double[f.operator().workspaceSize(d)];
        MeasurementOperator op = f.operator();
        double[] y = f.y();
        double yNorm = f.yNorm();
        double scale = yNorm > 0 ? yNorm : 1.0;
        double loss0 = f.residual(u, r);
        ConvergenceChecker standard = ConvergenceChecker.standard(options.tol(),
            IterativeDriver.divergenceLimit(options.divergenceFactor(), loss0, yNorm * yNorm), options.stationaryTol(), cap);
        ConvergenceChecker checker = every == 1 ? standard : new ConvergenceChecker() {
            @Override
            public Optional<Stop> check(IterationState s) {
                return evaluated(s.iteration(), every, cap) ? standard.check(s) : Optional.empty();
            }

            @Override
            public long maxIterations() {
                return standard.maxIterations();
            }
        };
        IterationListener shown = every == 1 || listener == null ? listener
            : IterationListener.forwarding(listener, s -> {
                if (evaluated(s.iteration(), every, cap)) {
                    listener.onIteration(s);
                }
            });
        double eta = options.step();
        double[] lastLoss = {loss0};
        double[] powers = {1.0, 1.0}; // β₁ᵗ, β₂ᵗ
        double[] windowStart = u.clone(); // U at the last evaluated step (minibatch runs: the stationarity window)
        IterativeDriver.Outcome out = driver.run(IterativeDriver.Iterate.initial(loss0, u, options.rule() == Rule.SGD ? 0.0 : Double.NaN),
            loss -> Math.sqrt(loss) / scale, checker, shown, (k, it) -> {
                boolean evaluate = evaluated(k + 1, every, cap);
                if (full && options.rule() == Rule.SGD) {
                    // gd's own step: ∇f from the residual of U_k (r holds it: with the full gradient E = 1)
                    return GradientDescent.fixedStep(f, u, r, g, eta, it.time());
                }
                if (full) {
                    f.gradient(u, r, g); // r: the residual of U_k, evaluated after the previous step (E = 1)
                } else {
                    minibatchGradient(op, y, sampler.next(), u, d, m, rb, g, work);
                }
                double gradNorm = Linalg.norm(g);
                double uNorm = Linalg.norm(u);
                double change = update(u, g, mom, sq, powers);
                double relChange = uNorm > 0 ? change / uNorm : Double.POSITIVE_INFINITY;
                if (!full) {
                    // a minibatch step's own change says nothing of stationarity (a batch with residuals ≈ 0 barely moves U):
                    // at an evaluated step, the change over the window since the last one, ‖U_k − U_{k−E}‖/‖U_{k−E}‖; NaN between
                    relChange = Double.NaN;
                    if (evaluate) {
                        double w = Linalg.norm(windowStart);
                        relChange = w > 0 ? Linalg.distance(u, windowStart) / w : Double.POSITIVE_INFINITY;
                        System.arraycopy(u, 0, windowStart, 0, u.length);
                    }
                }
                double loss = evaluate ? f.residual(u, r) : lastLoss[0];
                lastLoss[0] = loss;
                double time = options.rule() == Rule.SGD ? it.time() + eta : Double.NaN;
                return new IterativeDriver.Iterate(loss, gradNorm, eta, relChange, u, time);
            });
        return OptimizationResult.ofFactor(u, n, d, out);
    }

    /**
     * The sampler these options call for on an objective with m measurements, seeded by the options' seed
     * ({@code Rng.stream(seed, "minibatch")}); null for the full gradient (batch 0, or b = m without replacement:
     * every index once).
     */
    public MinibatchSampler sampler(int m) {
        int b = options.batchOf(m);
        if (options.fullGradient(m)) {
            return null;
        }
        return new MinibatchSampler(m, b, options.replacement(), org.implreg.problem.Rng.stream(options.seed(), "minibatch"));
    }

    /** Whether the full loss is evaluated at iterate k: k a multiple of E, or the cap. */
    static boolean evaluated(long k, long every, long cap) {
        return k % every == 0 || k == cap;
    }

    /** G = (m/b)·4·Σ_k r_{i_k} A_{i_k} U for the batch {@code rows}, with r_{i_k} = ⟨A_{i_k}, UUᵀ⟩ − y_{i_k}. */
    private static void minibatchGradient(MeasurementOperator op, double[] y, int[] rows, double[] u, int d, int m, double[] rb, double[] g,
                                          double[] work) {
        op.applyGramRows(rows, u, d, rb, work);
        double c = 4.0 * m / rows.length;
        for (int k = 0; k < rows.length; k++) {
            rb[k] = c * (rb[k] - y[rows[k]]);
        }
        op.adjointTimesRows(rows, rb, u, d, g, work);
    }

    /** The rule's update of U in place; returns ‖ΔU‖_F. {@code powers} holds β₁ᵗ⁻¹, β₂ᵗ⁻¹ on entry and β₁ᵗ, β₂ᵗ on return. */
    private double update(double[] u, double[] g, double[] mom, double[] sq, double[] powers) {
        double eta = options.step();
        double eps = options.eps();
        double ss = 0;
        switch (options.rule()) {
            case SGD -> {
                for (int i = 0; i < u.length; i++) {
                    double delta = eta * g[i];
                    u[i] -= delta;
                    ss += delta * delta;
                }
            }
            case ADAM -> {
                double b1 = options.beta1();
                double b2 = options.beta2();
                powers[0] *= b1;
                powers[1] *= b2;
                double c1 = 1 - powers[0];
                double c2 = 1 - powers[1];
                for (int i = 0; i < u.length; i++) {
                    mom[i] = b1 * mom[i] + (1 - b1) * g[i];
                    sq[i] = b2 * sq[i] + (1 - b2) * g[i] * g[i];
                    double delta = eta * (mom[i] / c1) / (Math.sqrt(sq[i] / c2) + eps);
                    u[i] -= delta;
                    ss += delta * delta;
                }
            }
            case RMSPROP -> {
                double rho = options.beta2();
                for (int i = 0; i < u.length; i++) {
                    sq[i] = rho * sq[i] + (1 - rho) * g[i] * g[i];
                    double delta = eta * g[i] / (Math.sqrt(sq[i]) + eps);
                    u[i] -= delta;
                    ss += delta * delta;
                }
            }
            default -> throw new IllegalStateException("unknown rule " + options.rule());
        }
        return Math.sqrt(ss);
    }
}
