package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.implreg.completion.CompletionGd;
import org.implreg.completion.CompletionStochastic;
import org.implreg.problem.AsymmetricCompletion;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.linalg.Linalg;
import org.implreg.metrics.IterateView;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.StochasticDescent;
import org.implreg.optimizer.StochasticDescent.Rule;
import org.implreg.problem.Problem;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;

/**
 * "sgd", "adam" and "rmsprop": stochastic and adaptive first-order methods on U with X = UUᵀ, f(U) = ‖𝒜(UUᵀ) − y‖²
 * (see {@link StochasticDescent} for the updates, the unbiased minibatch gradient (m/b)·4·Σ_{i∈S} r_i A_i U and the
 * stopping rules). They read d, the initialization, step, tol and max_iter like gd; the seed (settings' seed, stream
 * "minibatch") also draws the minibatches. Options, each declared once below:
 * <ul>
 *   <li>all: batch (sgd: b ≥ 1, default 1; adam, rmsprop: default 0, all m measurements, the full gradient),
 *       replacement (false: each minibatch is b distinct indices), eval_every (0: the full loss once an epoch,
 *       ⌈m/b⌉ steps); b &gt; m is refused with one line naming m before any work;</li>
 *   <li>adam: beta1 (0.9), beta2 (0.999), eps (1e-8), PyTorch's defaults, step default 1e-3 (PyTorch's lr);</li>
 *   <li>rmsprop: rho (0.99: PyTorch's {@code alpha}, renamed because α is the init scale here), eps (1e-8), step
 *       default 1e-2 (PyTorch's lr).</li>
 * </ul>
 * sgd with b = m (without replacement) runs gd's fixed step and equals "gd" bit for bit. On rectangular completion
 * ({@link #complete}) the same rules run on X = UVᵀ through {@link CompletionStochastic}, b counting observed entries.
 */
final class StochasticMethod implements Method {
    /** b ≥ 1 for sgd (default 1: one measurement a step). */
    static final MethodOption<Long> BATCH = MethodOption.integer("batch", 1,
        "b, measurements (observed entries) per step, b ≤ m; the minibatch gradient is scaled by m/b").atLeast(1);
    /** b for adam and rmsprop (default 0: the full gradient). */
    static final MethodOption<Long> BATCH_OR_FULL = MethodOption.integer("batch", 0,
        "b, measurements (observed entries) per step, b ≤ m (0: all m, the full gradient); scaled by m/b").atLeast(0);
    static final MethodOption<Boolean> REPLACEMENT = MethodOption.flag("replacement", false,
        "draw each minibatch with replacement (false: b distinct indices)");
    static final MethodOption<Long> EVAL_EVERY = MethodOption.integer("eval_every", 0,
        "steps between evaluations of the full loss (stopping rules, progress, --trace); 0: one epoch, ⌈m/b⌉").atLeast(0);
    static final MethodOption<Double> BETA1 = MethodOption.real("beta1", 0.9, "β₁, decay of the running mean of the gradient")
        .atLeast(0).below(1);
    static final MethodOption<Double> BETA2 = MethodOption.real("beta2", 0.999, "β₂, decay of the running mean of its square")
        .atLeast(0).below(1);
    static final MethodOption<Double> RHO = MethodOption.real("rho", 0.99, "ρ (PyTorch's alpha), decay of the running mean of G∘G")
        .atLeast(0).below(1);
    static final MethodOption<Double> EPS = MethodOption.real("eps", 1e-8, "ε, added to the root of the running mean of G∘G").above(0);

    /** Default steps: gd's for sgd, PyTorch's lr for Adam (1e-3) and RMSprop (1e-2). */
    static final double ADAM_STEP = 1e-3;
    static final double RMSPROP_STEP = 1e-2;

    private final Rule rule;

    StochasticMethod(Rule rule) {
        this.rule = rule;
    }

    @Override
    public String name() {
        return switch (rule) {
            case SGD -> "sgd";
            case ADAM -> "adam";
            case RMSPROP -> "rmsprop";
        };
    }

    @Override
    public String description() {
        return switch (rule) {
            case SGD -> "stochastic gradient on U with X = UUᵀ: a seeded minibatch of b measurements a step, gradient scaled by m/b";
            case ADAM -> "Adam on U with X = UUᵀ (Kingma & Ba, bias-corrected): U ← U − η M̂/(√V̂ + ε)";
            case RMSPROP -> "RMSprop on U with X = UUᵀ: V ← ρV + (1−ρ)G∘G, U ← U − η G/(√V + ε)";
        };
    }

    private double defaultStep() {
        return switch (rule) {
            case SGD -> GradientDescentMethod.DEFAULT_STEP;
            case ADAM -> ADAM_STEP;
            case RMSPROP -> RMSPROP_STEP;
        };
    }

    private List<MethodOption<?>> declared() {
        return switch (rule) {
            case SGD -> List.of(BATCH, REPLACEMENT, EVAL_EVERY);
            case ADAM -> List.of(BETA1, BETA2, EPS, BATCH_OR_FULL, REPLACEMENT, EVAL_EVERY);
            case RMSPROP -> List.of(RHO, EPS, BATCH_OR_FULL, REPLACEMENT, EVAL_EVERY);
        };
    }

    /** Default step on rectangular completion: gd's there for sgd (its expectation is gd's step), Adam's and RMSprop's lr. */
    private double completionStep() {
        return rule == Rule.SGD ? GradientDescentMethod.COMPLETION_STEP : defaultStep();
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<String, Object> d = GradientDescentMethod.factorDefaults(defaultStep());
        Map<ProblemKind, Capabilities> c = Capabilities.symmetric(Capabilities.builder().inits(Capabilities.ALL_INITS).factor().width()
            .step().defaults(d).options(declared().toArray(MethodOption<?>[]::new)).iterative().traceable().build());
        Map<String, Object> cd = new LinkedHashMap<>();
        cd.put("d", "min(n1, n2)");
        cd.put("step", completionStep());
        cd.put("init_scale", GradientDescentMethod.COMPLETION_INIT_SCALE);
        cd.put("tol", GradientDescentMethod.COMPLETION_TOL);
        cd.put("max_iter", GradientDescentMethod.COMPLETION_MAX_ITER);
        List<MethodOption<?>> opts = new java.util.ArrayList<>(declared());
        opts.addAll(List.of(GradientDescentMethod.RECORD_EVERY, GradientDescentMethod.NORM_EVERY, GradientDescentMethod.CHECKPOINT_EVERY));
        c.put(ProblemKind.RECTANGULAR_COMPLETION, Capabilities.builder().factor().width().step().defaults(cd)
            .options(opts.toArray(MethodOption<?>[]::new)).iterative().traceable().resumable().build());
        return c;
    }

    /** The options these settings give (every value checked; b ≤ m is checked against the problem in {@link #solve}). */
    StochasticDescent.Options options(SolveSettings s) {
        return options(s, defaultStep());
    }

    /** {@link #options(SolveSettings)} with {@code defaultStep} where the settings give no step. */
    StochasticDescent.Options options(SolveSettings s, double defaultStep) {
        double step = Double.isNaN(s.step()) ? defaultStep : s.step();
        StochasticDescent.Options o = switch (rule) {
            case SGD -> StochasticDescent.Options.sgd(step, 1, s.seed());
            case ADAM -> StochasticDescent.Options.adam(step, BETA1.get(s), BETA2.get(s), EPS.get(s));
            case RMSPROP -> StochasticDescent.Options.rmsprop(step, RHO.get(s), EPS.get(s));
        };
        long batch = rule == Rule.SGD ? BATCH.get(s) : BATCH_OR_FULL.get(s);
        o = o.withBatch(Math.toIntExact(batch), REPLACEMENT.get(s), EVAL_EVERY.get(s), s.seed());
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        return o;
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        Method.super.validate(kind, s, n);
        options(s);
    }

    /** Also b ≤ m. */
    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n, int m) {
        validate(kind, s, n);
        options(s).batchOf(m);
    }

    /**
     * The rule on X = UVᵀ ({@link CompletionStochastic}): gd's completion defaults (d = min(n1, n2), init scale, tol,
     * max_iter; step gd's for sgd), its record_every, norm_every and checkpoint_every, and this method's options; b is
     * a number of observed entries, b ≤ |Ω| (refused with one line naming |Ω| before any work). sgd with b = |Ω|
     * without replacement is {@code complete --method gd}, bit for bit.
     */
    @Override
    public CompletionReport complete(AsymmetricCompletion train, AsymmetricCompletion test, SolveSettings s,
                                     Function<CompletionGd.Options, CompletionGd.Checkpoints> checkpoints, IterationListener listener) {
        requireSupported(ProblemKind.RECTANGULAR_COMPLETION, s, Capabilities.SPEC_NAMES);
        StochasticDescent.Options so = options(s, completionStep());
        int size = train.size();
        CompletionStochastic.requireBatch(so, size);
        CompletionGd.Options g = GradientDescentMethod.completionOptions(train.n1(), train.n2(), s);
        g = new CompletionGd.Options(g.d(), so.step(), g.initScale(), g.tol(), g.maxIterations(), g.seed(), g.recordEvery(),
            g.normEvery(), g.checkpointEvery(), used(so, size));
        CompletionGd.Result r = CompletionStochastic.run(train, test, g, so, checkpoints.apply(g), listener);
        return new CompletionReport(name(), s, g.describe(), train.n1(), train.n2(), null, r.u(), r.v(), g.d(), r.stopReason().name(),
            r.criterion(), r.iterations(), r.trainError(), r.testError(), r.nuclearNorm(), r.seconds(), Map.of(), r.path(),
            r.resumedFrom());
    }

    /** The rule's own settings on m measurements (observed entries), for provenance (and the checkpoint key). */
    private Map<String, Object> used(StochasticDescent.Options o, int m) {
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("method", name());
        if (rule == Rule.ADAM) {
            used.put("beta1", o.beta1());
            used.put("beta2", o.beta2());
        }
        if (rule == Rule.RMSPROP) {
            used.put("rho", o.beta2());
        }
        if (rule != Rule.SGD) {
            used.put("eps", o.eps());
        }
        used.put("batch", o.batchOf(m));
        used.put("replacement", o.replacement());
        used.put("eval_every", o.evalEveryOf(m));
        return used;
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int d = InitialFactors.width(s, n);
        StochasticDescent.Options o = options(s);
        int m = problem.operator().m();
        int b = o.batchOf(m); // b > m refused here, before any work
        double[] u0 = InitialFactors.of(s, problem, d);
        OptimizationResult r = new StochasticDescent(o).optimize(new FactorizedObjective(problem, d), u0,
            IterateView.bind(listener, IterateView.factor(n, problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", o.step());
        if (rule == Rule.ADAM) {
            used.put("beta1", o.beta1());
            used.put("beta2", o.beta2());
        }
        if (rule == Rule.RMSPROP) {
            used.put("rho", o.beta2());
        }
        if (rule != Rule.SGD) {
            used.put("eps", o.eps());
        }
        used.put("batch", b);
        used.put("replacement", o.replacement());
        used.put("eval_every", o.evalEveryOf(m));
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("init_norm", Linalg.norm(u0));
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), n, problem.xStar()));
    }
}
