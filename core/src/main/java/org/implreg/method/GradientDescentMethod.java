package org.implreg.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.completion.CompletionGd;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.BatchedGradientDescent;
import org.implreg.optimizer.GradientDescent;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.problem.DenseSymmetricOperator;
import org.implreg.problem.Problem;
import org.implreg.problem.ProblemSpec;

/** "gd": gradient descent on U (fixed step or clipped exact line search), see {@link GradientDescent}. */
final class GradientDescentMethod implements BatchableMethod {
    /** Default step when none is given: the paper's η = 10⁻³. */
    static final double DEFAULT_STEP = 1e-3;

    /**
     * The declared defaults of a fixed-step method on a factor U (n×d): d = n, the step, and gd's iteration cap and
     * training-error tolerance, in that order (help and provenance list them so).
     */
    static Map<String, Object> factorDefaults(double step) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("d", "n");
        d.put("step", step);
        d.put("max_iter", GradientDescent.Options.DEFAULT_MAX_ITERATIONS);
        d.put("tol", GradientDescent.Options.DEFAULT_TOL);
        return d;
    }

    @Override
    public String name() {
        return "gd";
    }

    @Override
    public String description() {
        return "gradient descent on U with X = UUᵀ (fixed step, or exact line search capped at the step)";
    }

    /** Rectangular completion GD: a path row every this many iterations. */
    static final MethodOption<Long> RECORD_EVERY = MethodOption.integer("record_every", 10,
        "a row of the completion path (--path) every this many iterations").atLeast(1);
    /** Rectangular completion GD: ‖X‖_* on the path every this many iterations. */
    static final MethodOption<Long> NORM_EVERY = MethodOption.integer("norm_every", 0,
        "‖X‖_* (an SVD) on the path every this many iterations (0: at the end only)").atLeast(0);
    /** Rectangular completion GD: a checkpoint every this many iterations. */
    static final MethodOption<Long> CHECKPOINT_EVERY = MethodOption.integer("checkpoint_every", 200,
        "a checkpoint (--checkpoint) every this many iterations").atLeast(1);

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<ProblemKind, Capabilities> c = Capabilities.symmetric(Capabilities.builder().inits(Capabilities.ALL_INITS).factor().width().step().lineSearch()
            .defaults(Map.of("d", "n", "step", DEFAULT_STEP, "max_iter", GradientDescent.Options.DEFAULT_MAX_ITERATIONS,
                "tol", GradientDescent.Options.DEFAULT_TOL)).iterative().traceable().build());
        Map<String, Object> cd = new LinkedHashMap<>();
        cd.put("d", "min(n1, n2)");
        cd.put("step", COMPLETION_STEP);
        cd.put("init_scale", COMPLETION_INIT_SCALE);
        cd.put("tol", COMPLETION_TOL);
        cd.put("max_iter", COMPLETION_MAX_ITER);
        c.put(ProblemKind.RECTANGULAR_COMPLETION, Capabilities.builder().factor().width().step().defaults(cd)
            .options(RECORD_EVERY, NORM_EVERY, CHECKPOINT_EVERY).iterative().traceable().resumable().build());
        return c;
    }

    /** Rectangular completion defaults: η, ‖U₀‖_F = ‖V₀‖_F, training error to reach, step cap. */
    static final double COMPLETION_STEP = 5e-4;
    static final double COMPLETION_INIT_SCALE = 1e-3;
    static final double COMPLETION_TOL = 1e-2;
    static final long COMPLETION_MAX_ITER = 100_000;

    /**
     * GD on X = UVᵀ ({@link CompletionGd}); options record_every, norm_every, checkpoint_every.
     */
    @Override
    public CompletionReport complete(org.implreg.problem.AsymmetricCompletion train, org.implreg.problem.AsymmetricCompletion test,
                                     SolveSettings s, java.util.function.Function<CompletionGd.Options, CompletionGd.Checkpoints> checkpoints,
                                     IterationListener listener) {
        requireSupported(ProblemKind.RECTANGULAR_COMPLETION, s, Capabilities.SPEC_NAMES);
        CompletionGd.Options o = completionOptions(train.n1(), train.n2(), s);
        CompletionGd.Result r = CompletionGd.run(train, test, o, checkpoints.apply(o), listener);
        return new CompletionReport(name(), s, o.describe(), train.n1(), train.n2(), null, r.u(), r.v(), o.d(), r.stopReason().name(),
            r.criterion(), r.iterations(), r.trainError(), r.testError(), r.nuclearNorm(), r.seconds(), Map.of(), r.path(),
            r.resumedFrom());
    }

    /** The completion GD options of {@code s} on an n1×n2 problem (declared defaults where {@code s} has none). */
    static CompletionGd.Options completionOptions(int n1, int n2, SolveSettings s) {
        int width = s.d() == null ? Math.min(n1, n2) : s.d();
        InvalidInputException.require(width >= 1 && width <= Math.max(n1, n2), "d must be in 1.." + Math.max(n1, n2) + ", got " + width);
        return new CompletionGd.Options(width, Double.isNaN(s.step()) ? COMPLETION_STEP : s.step(), s.initScale(),
            s.tol() == null ? COMPLETION_TOL : s.tol(), s.maxIterations() == null ? COMPLETION_MAX_ITER : s.maxIterations(), s.seed(),
            Math.toIntExact(RECORD_EVERY.get(s)), Math.toIntExact(NORM_EVERY.get(s)), Math.toIntExact(CHECKPOINT_EVERY.get(s)));
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        int d = width(problem, s);
        GradientDescent.Options o = options(s);
        double[] u0 = InitialFactors.of(s, problem, d);
        OptimizationResult r = new GradientDescent(o).optimize(new FactorizedObjective(problem, d), u0,
            org.implreg.metrics.IterateView.bind(listener, org.implreg.metrics.IterateView.factor(problem.n(), problem.xStar())));
        return report(problem, s, o, d, u0, r);
    }

    private int width(Problem problem, SolveSettings s) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        int n = problem.n();
        int d = InitialFactors.width(s, n);
        return d;
    }

    @Override
    public void validate(ProblemKind kind, SolveSettings s, int n) {
        BatchableMethod.super.validate(kind, s, n);
        options(s);
    }

    /** gd's options of these settings (declared defaults where {@code s} has none; fixed step unless line search). */
    static GradientDescent.Options options(SolveSettings s) {
        double step = Double.isNaN(s.step()) ? DEFAULT_STEP : s.step();
        GradientDescent.Options o = s.lineSearch() ? GradientDescent.Options.lineSearch(step)
            : GradientDescent.Options.fixedStep(step);
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        return o;
    }

    private SolveReport report(Problem problem, SolveSettings s, GradientDescent.Options o, int d, double[] u0,
                               OptimizationResult r) {
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", o.step());
        used.put("line_search", o.lineSearch());
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("init_norm", org.implreg.linalg.Linalg.norm(u0));
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), problem.n(), problem.xStar()));
    }

    /**
     * Fixed-step runs on dense (Gaussian) operators batch: same step, tolerance and iteration cap
     * (widths d may differ). Line search and completion operators (whose passes are already cheap)
     * run alone.
     */
    @Override
    public String batchKey(ProblemSpec problem, SolveSettings s) {
        if (s.lineSearch() || !problem.measurement().denseOperator() || !s.options().isEmpty()) {
            return null;
        }
        GradientDescent.Options o = options(s);
        return "gd|" + o.step() + "|" + o.tol() + "|" + o.maxIterations();
    }

    @Override
    public List<SolveReport> solveBatch(Problem problem, List<SolveSettings> settings) {
        if (!(problem.operator() instanceof DenseSymmetricOperator op) || settings.size() == 1) {
            return settings.stream().map(s -> solve(problem, s, IterationListener.NONE)).toList();
        }
        GradientDescent.Options o = options(settings.get(0));
        int[] dims = new int[settings.size()];
        List<double[]> u0s = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            SolveSettings s = settings.get(i);
            InvalidInputException.require(options(s).equals(o), "runs of one batch must share step, tolerance and iteration cap");
            dims[i] = width(problem, s);
            u0s.add(InitialFactors.of(s, problem, dims[i]));
        }
        List<OptimizationResult> rs = new BatchedGradientDescent(o).optimize(op, problem.y(), dims, u0s);
        List<SolveReport> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            out.add(report(problem, settings.get(i), o, dims[i], u0s.get(i), rs.get(i)));
        }
        return out;
    }
}
