package org.implreg.run;

import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.implreg.linalg.Linalg;

/**
 * The iteration loop of implreg's iterative methods. A method supplies its iterate x₀ and its update
 * x_k → x_{k+1} (a {@link Step}); the driver owns everything else:
 * <pre>
 *   for k = 0, 1, 2, …
 *     s_k = (k, f(x_k), trainError(f(x_k)), ‖∇‖, η, relative change, x_k, t_k)
 *     NON_FINITE   if f(x_k) (and, where asked, x_k) is not finite      — before anyone sees x_k
 *     listener.onIteration(s_k)
 *     stop         if checker.check(s_k) fires (CONVERGED, DIVERGED, MAX_ITER, …)
 *     x_{k+1} = step.take(k, x_k)
 * </pre>
 * bracketed by the listener's lifecycle ({@link RunLifecycle}): {@code init(checker's iteration cap)}
 * before s_0, {@code finish(stop)} after the last iterate, also when a step throws.
 * in exactly this order ("non-finite → listener → checker"), counting the steps k and timing the run.
 * The driver performs no floating-point work of its own beyond the method's {@code trainError}
 * function, which it calls once per iterate, so a method run through it produces the same bits as
 * its hand-written loop.
 *
 * <p>Divergence: by implreg's convention a run DIVERGED when its loss exceeds
 * {@link #divergenceLimit}(factor, f(x₀), f_ref) = factor·max(f(x₀), f_ref), where f_ref is the loss
 * of the zero iterate (‖y‖² for f = ‖𝒜(X) − y‖², ½‖y‖² for the ½-scaled losses) and the factor is
 * {@link #DEFAULT_DIVERGENCE_FACTOR} unless a method's options say otherwise. This class is the only
 * place that rule is written down; {@link ConvergenceChecker#lossAbove} applies it.
 *
 * <p>Methods whose loop is not a plain k → k+1 recursion (the adaptive ODE integrators, batches of
 * runs) use the same protocol per observed iterate through {@link #observe} and the same
 * {@link #divergenceLimit}, and bracket their run with the listener's lifecycle through
 * {@link RunLifecycle#observe}, as {@link #run} does.
 */
public final class IterativeDriver {

    /** Default divergence factor: DIVERGED when the loss exceeds 10⁸·max(f(x₀), f_ref). */
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e8;
    /**
     * Default training-error tolerance of the gradient methods. With d &gt; rank the training error of GD
     * decays only sublinearly (the surplus directions shrink like 1/√k), so tighter tolerances cost many steps.
     */
    public static final double DEFAULT_TOL = 1e-5;
    /** Default tolerance on the relative change of the iterate (a stationary point). */
    public static final double DEFAULT_STATIONARY_TOL = 1e-13;

    /**
     * The divergence limit factor·max(f(x₀), f_ref) (in that order of operations).
     *
     * @param factor        divergence factor (&gt; 1), e.g. {@link #DEFAULT_DIVERGENCE_FACTOR}
     * @param initialLoss   f(x₀), the loss at the starting iterate
     * @param referenceLoss f_ref, the loss of the zero iterate (‖y‖², or ½‖y‖² for ½-scaled losses)
     * @return the loss above which a run is DIVERGED
     */
    public static double divergenceLimit(double factor, double initialLoss, double referenceLoss) {
        return factor * Math.max(initialLoss, referenceLoss);
    }

    /** What the non-finite check looks at (always the loss; for some methods also another quantity). */
    public enum FiniteCheck {
        /** NON_FINITE when f(x_k) is NaN or ±∞. */
        LOSS,
        /** Also when an entry of the iterate x_k is (an operator may not see every entry of x). */
        LOSS_AND_POINT,
        /** Also when the gradient norm of the state is (the ODE flows, whose state is built from ∇f). */
        LOSS_AND_GRADIENT;

        /** The NON_FINITE stop for {@code s}, with criterion "loss is &lt;loss&gt;", or empty when it is finite. */
        public Optional<ConvergenceChecker.Stop> test(IterationState s) {
            boolean bad = !Double.isFinite(s.loss())
                || (this == LOSS_AND_POINT && !Linalg.allFinite(s.point()))
                || (this == LOSS_AND_GRADIENT && !Double.isFinite(s.gradientNorm()));
            return bad ? Optional.of(new ConvergenceChecker.Stop(StopReason.NON_FINITE, "loss is " + s.loss())) : Optional.empty();
        }
    }

    /**
     * The per-iterate protocol: the non-finite check (NON_FINITE before anyone sees the iterate), then
     * the listener, then the checker.
     *
     * @return the stop, or empty to go on
     */
    public static Optional<ConvergenceChecker.Stop> observe(IterationState state, FiniteCheck finite, IterationListener listener,
                                                            ConvergenceChecker checker) {
        Optional<ConvergenceChecker.Stop> bad = finite.test(state);
        if (bad.isPresent()) {
            return bad;
        }
        listener.onIteration(state);
        return checker.check(state);
    }

    /**
     * What a method knows about iterate x_k besides k: the driver adds k and the training error.
     *
     * @param loss           f(x_k)
     * @param gradientNorm   the gradient norm reported with x_k (by convention that of the step that led
     *                       to x_k, i.e. ‖∇f(x_{k−1})‖; NaN at k = 0)
     * @param step           the step length of the step that led to x_k (NaN at k = 0)
     * @param relativeChange ‖x_k − x_{k−1}‖/‖x_{k−1}‖ or the method's analogue (NaN at k = 0)
     * @param point          the live iterate x_k (the method's own array: listeners only read it)
     * @param time           the flow time t_k of x_k, NaN for methods without one
     */
    public record Iterate(double loss, double gradientNorm, double step, double relativeChange, double[] point, double time) {
        /** The starting iterate x₀: no gradient, step or change yet. */
        public static Iterate initial(double loss, double[] point, double time) {
            return new Iterate(loss, Double.NaN, Double.NaN, Double.NaN, point, time);
        }
    }

    /** One step of a method. */
    @FunctionalInterface
    public interface Step {
        /**
         * Takes step k: from x_k (described by {@code current}, whose point the method may update in
         * place) to x_{k+1}, including the evaluation of f(x_{k+1}).
         *
         * @param k       steps taken so far (the index of {@code current})
         * @param current the iterate x_k
         * @return x_{k+1}
         */
        Iterate take(long k, Iterate current);
    }

    /**
     * How a run ended.
     *
     * @param last    the state of the final iterate (its point is the method's live array)
     * @param stop    why it stopped, with the criterion text
     * @param seconds wall-clock seconds since {@link #start()}
     */
    public record Outcome(IterationState last, ConvergenceChecker.Stop stop, double seconds) {
        /** Steps taken. */
        public long iterations() {
            return last.iteration();
        }

        public StopReason stopReason() {
            return stop.reason();
        }

        public String criterion() {
            return stop.criterion();
        }
    }

    private final long startNanos;

    private IterativeDriver(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A driver whose clock starts now (call it before the method's set-up, which counts as run time). */
    public static IterativeDriver start() {
        return new IterativeDriver(System.nanoTime());
    }

    /** Seconds since {@link #start()}. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** {@link #run(Iterate, DoubleUnaryOperator, ConvergenceChecker, IterationListener, FiniteCheck, Step)} checking the loss only. */
    public Outcome run(Iterate initial, DoubleUnaryOperator trainError, ConvergenceChecker checker, IterationListener listener,
                       Step step) {
        return run(initial, trainError, checker, listener, FiniteCheck.LOSS, step);
    }

    /**
     * Runs the loop from x₀ until a stop.
     *
     * @param initial    x₀ and f(x₀)
     * @param trainError the relative training error as a function of the loss (e.g. √f/‖y‖)
     * @param checker    the stopping rules (the non-finite check comes first, separately)
     * @param listener   sees every finite iterate, x₀ included, between its init and its finish
     * @param finite     what the non-finite check looks at
     * @param step       the method's update
     * @return the final state and the stop
     */
    public Outcome run(Iterate initial, DoubleUnaryOperator trainError, ConvergenceChecker checker, IterationListener listener,
                       FiniteCheck finite, Step step) {
        IterationListener show = listener == null ? IterationListener.NONE : listener;
        return RunLifecycle.observe(show, new RunLifecycle.Start(checker.maxIterations()), () -> loop(initial, trainError, checker, show,
            finite, step), Outcome::stop);
    }

    private Outcome loop(Iterate initial, DoubleUnaryOperator trainError, ConvergenceChecker checker, IterationListener show,
                         FiniteCheck finite, Step step) {
        long k = 0;
        Iterate it = initial;
        while (true) {
            IterationState state = new IterationState(k, it.loss(), trainError.applyAsDouble(it.loss()), it.gradientNorm(), it.step(),
                it.relativeChange(), it.point(), it.time());
            Optional<ConvergenceChecker.Stop> stop = observe(state, finite, show, checker);
            if (stop.isPresent()) {
                return new Outcome(state, stop.get(), elapsedSeconds());
            }
            it = step.take(k, it);
            k++;
        }
    }
}
