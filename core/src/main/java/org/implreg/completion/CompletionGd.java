package org.implreg.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.implreg.InvalidInputException;
import org.implreg.factorization.AsymmetricFactorizedObjective;
import org.implreg.metrics.CompletionMetrics;
import org.implreg.optimizer.AsymmetricGradientDescent;
import org.implreg.optimizer.GradientDescent;
import org.implreg.run.IterationListener;
import org.implreg.run.IterationState;
import org.implreg.optimizer.Initializers;
import org.implreg.run.StopReason;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.problem.Rng;

/**
 * Gradient descent on X = UVᵀ for a rectangular completion problem (Figure 3(iv) of Gunasekar et al.
 * 2017), with the path recorded and checkpoints, so a long run that dies resumes where it was.
 *
 * <p>Objective f(U, V) = Σ_{(i,j)∈Ω} ((UVᵀ)_ij − M_ij)² on the raw observations (no ½, no 1/|Ω|);
 * update U ← U − η∇_U f, V ← V − η∇_V f with ∇_U f = 2RV, ∇_V f = 2RᵀU; U₀, V₀ i.i.d. Gaussian
 * rescaled to ‖U₀‖_F = ‖V₀‖_F = initScale, from {@code Rng.stream(seed, "u")} and {@code "v"}. Stops
 * at relative training error ≤ tol ({@link StopReason#CONVERGED}), at the iteration cap, or when the
 * loss diverges or turns non-finite.
 *
 * <p>The run is cut into segments of {@link Options#checkpointEvery()} steps; after each the state
 * (U, V, step count, path so far) goes to {@link Checkpoints#save}. GD with a fixed step has no other
 * state, so a resumed run is bitwise the uninterrupted one.
 */
public final class CompletionGd {
    private CompletionGd() {}

    /**
     * @param d               factor width (1 ≤ d)
     * @param step            fixed step η on f as stated above
     * @param initScale       ‖U₀‖_F = ‖V₀‖_F
     * @param tol             relative training error to reach
     * @param maxIterations   step cap
     * @param seed            seed of U₀, V₀
     * @param recordEvery     record a path point every this many steps (≥ 1)
     * @param normEvery       compute ‖UVᵀ‖_* at path points whose step is a multiple of this (0: only at the end)
     * @param checkpointEvery steps between checkpoints (≥ 1)
     * @param extra           further settings of a method that runs on these options (e.g. {@link CompletionStochastic}'s
     *                        rule, batch, β's), listed by {@link #describe()} after the others, so they are in the
     *                        provenance and in the checkpoint key; empty for GD
     */
    public record Options(int d, double step, double initScale, double tol, long maxIterations, long seed, int recordEvery,
                          int normEvery, int checkpointEvery, Map<String, Object> extra) {
        /** GD's options (no extra settings). */
        public Options(int d, double step, double initScale, double tol, long maxIterations, long seed, int recordEvery, int normEvery,
                       int checkpointEvery) {
            this(d, step, initScale, tol, maxIterations, seed, recordEvery, normEvery, checkpointEvery, Map.of());
        }

        public Options {
            extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
            InvalidInputException.require(d >= 1, "completion GD: d must be ≥ 1, got " + d);
            InvalidInputException.require(Double.isFinite(step) && step > 0, "completion GD: step must be finite and > 0, got " + step);
            InvalidInputException.require(Double.isFinite(initScale) && initScale > 0,
                "completion GD: init scale must be finite and > 0, got " + initScale);
            InvalidInputException.require(tol >= 0 && tol < 1, "completion GD: tol must be in [0, 1), got " + tol);
            InvalidInputException.require(maxIterations >= 0, "completion GD: max iterations must be ≥ 0, got " + maxIterations);
            InvalidInputException.require(recordEvery >= 1, "completion GD: record interval must be ≥ 1, got " + recordEvery);
            InvalidInputException.require(normEvery >= 0, "completion GD: nuclear norm interval must be ≥ 0, got " + normEvery);
            InvalidInputException.require(checkpointEvery >= 1, "completion GD: checkpoint interval must be ≥ 1, got " + checkpointEvery);
        }

        /** The settings as a map (for provenance and checkpoint keys). */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("d", d);
            m.put("step", step);
            m.put("init_scale", initScale);
            m.put("tol", tol);
            m.put("max_iterations", maxIterations);
            m.put("seed", seed);
            m.put("record_every", recordEvery);
            m.put("norm_every", normEvery);
            m.putAll(extra);
            return m;
        }
    }

    /**
     * One point of the path.
     *
     * @param iteration   steps taken
     * @param loss        f(U, V)
     * @param trainError  relative training error
     * @param testError   relative test error (NaN without a test set)
     * @param nuclearNorm ‖UVᵀ‖_* (NaN where not computed)
     * @param seconds     wall-clock seconds since the start (summed over resumed sessions)
     */
    public record PathPoint(long iteration, double loss, double trainError, double testError, double nuclearNorm, double seconds) {}

    /**
     * The state saved between segments. Arrays are owned by the receiver. {@code extra}: further state arrays of a
     * method with more state than (U, V) (Adam's and RMSprop's running means, {@link CompletionStochastic}), by name;
     * empty for GD.
     */
    public record State(long iteration, double[] u, double[] v, List<PathPoint> path, double seconds, Map<String, double[]> extra) {
        /** A state without extra arrays (GD's). */
        public State(long iteration, double[] u, double[] v, List<PathPoint> path, double seconds) {
            this(iteration, u, v, path, seconds, Map.of());
        }
    }

    /** Where checkpoints go; {@link #NONE} keeps none. */
    public interface Checkpoints {
        Checkpoints NONE = new Checkpoints() {
            @Override
            public Optional<State> load() {
                return Optional.empty();
            }

            @Override
            public void save(State s) {
            }
        };

        /** The last saved state of this run, if any. */
        Optional<State> load();

        /** Saves a state (atomically: a crash leaves the previous one). */
        void save(State s);
    }

    /**
     * The outcome.
     *
     * @param u            final U (n1×d row-major)
     * @param v            final V (n2×d row-major)
     * @param stopReason   why it stopped
     * @param criterion    the stopping criterion that fired
     * @param iterations   steps taken in all
     * @param seconds      wall-clock seconds, summed over resumed sessions
     * @param trainError   final relative training error
     * @param testError    final relative test error (NaN without a test set)
     * @param nuclearNorm  final ‖UVᵀ‖_*
     * @param path         recorded points, ascending, the final iterate last
     * @param resumedFrom  the step count of the checkpoint this session started from (0: fresh)
     */
    public record Result(double[] u, double[] v, StopReason stopReason, String criterion, long iterations, double seconds,
                         double trainError, double testError, double nuclearNorm, List<PathPoint> path, long resumedFrom) {}

    /** U₀ and V₀ of the options (row-major n1×d, n2×d). */
    public static double[][] initialFactors(int n1, int n2, Options o) {
        return new double[][] {Initializers.gaussian(n1, o.d(), o.initScale(), Rng.stream(o.seed(), "u")),
            Initializers.gaussian(n2, o.d(), o.initScale(), Rng.stream(o.seed(), "v"))};
    }

    /**
     * Runs GD (resuming from {@code checkpoints} if they hold a state).
     *
     * @param train    observed entries Ω
     * @param test     held-out entries for the test error, or null
     * @param o        options
     * @param cp       checkpoint store ({@link Checkpoints#NONE} for none)
     * @param progress sees every iterate (iteration counted from the very start)
     */
    public static Result run(AsymmetricCompletion train, AsymmetricCompletion test, Options o, Checkpoints cp,
                             IterationListener progress) {
        return org.implreg.run.RunLifecycle.observe(progress, new org.implreg.run.RunLifecycle.Start(o.maxIterations()),
            () -> segments(train, test, o, cp, progress), r -> new org.implreg.run.ConvergenceChecker.Stop(r.stopReason(), r.criterion()));
    }

    /** {@link #run}'s loop: the segments between checkpoints, each a run of its own that the listener does not see start or end. */
    private static Result segments(AsymmetricCompletion train, AsymmetricCompletion test, Options o, Checkpoints cp,
                                   IterationListener progress) {
        int n1 = train.n1();
        int n2 = train.n2();
        InvalidInputException.require(test == null || (test.n1() == n1 && test.n2() == n2),
            "test set is " + (test == null ? "" : test.n1() + "×" + test.n2()) + ", training set " + n1 + "×" + n2);
        org.implreg.MemoryBudget.require(org.implreg.MemoryBudget.product((long) n1 + n2, o.d(), 8, 6),
            "the factors U, V, their gradients and copies (6 × " + ((long) n1 + n2) + "×" + o.d() + " doubles)", train.where());
        AsymmetricFactorizedObjective f = new AsymmetricFactorizedObjective(train, o.d());
        Optional<State> saved = cp.load();
        double[] u;
        double[] v;
        long k0;
        double before;
        List<PathPoint> path;
        if (saved.isPresent()) {
            State s = saved.get();
            InvalidInputException.require(s.u().length == n1 * o.d() && s.v().length == n2 * o.d(), "checkpoint does not fit the problem");
            u = s.u();
            v = s.v();
            k0 = s.iteration();
            before = s.seconds();
            path = new ArrayList<>(s.path());
        } else {
            double[][] uv = initialFactors(n1, n2, o);
            u = uv[0];
            v = uv[1];
            k0 = 0;
            before = 0;
            path = new ArrayList<>();
        }
        long resumedFrom = k0;
        double[][] liveV = {v};
        IterationListener show = org.implreg.metrics.IterateView.bind(progress == null ? IterationListener.NONE : progress,
            st -> new org.implreg.metrics.IterateView.Snapshot(CompletionMetrics.singularValues(st.point(), liveV[0], n1, n2, o.d()),
                Double.NaN, Math.sqrt(org.implreg.linalg.Linalg.normSq(st.point()) + org.implreg.linalg.Linalg.normSq(liveV[0]))));
        long sessionStart = System.nanoTime();
        while (true) {
            long offset = k0;
            double base = before;
            long seg = Math.max(0, Math.min(o.checkpointEvery(), o.maxIterations() - k0));
            GradientDescent.Options gdo = GradientDescent.Options.fixedStep(o.step()).withTol(o.tol()).withMaxIterations(seg);
            AsymmetricGradientDescent.Result r = new AsymmetricGradientDescent(gdo).optimize(f, u, v, (s, vv) -> {
                long k = offset + s.iteration();
                liveV[0] = vv;
                show.onIteration(new IterationState(k, s.loss(), s.trainError(), s.gradientNorm(), s.step(), s.relativeChange(),
                    s.point(), k * o.step()));
                if (k % o.recordEvery() == 0 && (path.isEmpty() || path.get(path.size() - 1).iteration() < k)) {
                    boolean norm = o.normEvery() > 0 && k % o.normEvery() == 0;
                    path.add(new PathPoint(k, s.loss(), s.trainError(),
                        test == null ? Double.NaN : CompletionMetrics.relativeError(test, s.point(), vv, o.d()),
                        norm ? CompletionMetrics.nuclearNorm(s.point(), vv, n1, n2, o.d()) : Double.NaN,
                        base + (System.nanoTime() - sessionStart) / 1e9));
                }
            });
            u = r.u();
            v = r.v();
            k0 += r.iterations();
            double now = before + (System.nanoTime() - sessionStart) / 1e9;
            if (r.stopReason() != StopReason.MAX_ITER || k0 >= o.maxIterations()) {
                double testError = test == null ? Double.NaN : CompletionMetrics.relativeError(test, u, v, o.d());
                double nuc = CompletionMetrics.nuclearNorm(u, v, n1, n2, o.d());
                if (!path.isEmpty() && path.get(path.size() - 1).iteration() == k0) {
                    path.remove(path.size() - 1);
                }
                double total = before + (System.nanoTime() - sessionStart) / 1e9;
                path.add(new PathPoint(k0, r.loss(), r.trainError(), testError, nuc, total));
                // a segment's own cap is the checkpoint interval: report the run's cap instead
                String criterion = r.stopReason() == StopReason.MAX_ITER ? "iterations >= " + o.maxIterations() : r.criterion();
                return new Result(u, v, r.stopReason(), criterion, k0, total, r.trainError(), testError, nuc, List.copyOf(path),
                    resumedFrom);
            }
            cp.save(new State(k0, u.clone(), v.clone(), List.copyOf(path), now));
        }
    }
}
