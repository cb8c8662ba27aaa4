package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.completion.CompletionGd;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.run.IterationListener;
import org.implreg.run.OptimizationResult;
import org.implreg.optimizer.ProjectedGradientDescent;
import org.implreg.problem.Problem;

/** "xgd": projected gradient descent on X over the PSD cone from X₀ = 0 (the paper's X_gd). */
final class ProjectedGradientMethod implements Method {

    @Override
    public String name() {
        return "xgd";
    }

    @Override
    public String description() {
        return "X_gd: projected gradient descent on X over the PSD cone from X0 = 0 (step default 1/(2‖A‖²))";
    }

    @Override
    public Map<ProblemKind, Capabilities> capabilities() {
        Map<ProblemKind, Capabilities> c = Capabilities.symmetric(Capabilities.builder().step()
            .defaults(Map.of("step", "1/(2‖A‖²)", "max_iter", ProjectedGradientDescent.Options.DEFAULT_MAX_ITERATIONS,
                "tol", org.implreg.optimizer.GradientDescent.Options.DEFAULT_TOL))
            .reads(java.util.Set.of(Capabilities.MAX_ITER, Capabilities.TOL)) // starts from X0 = 0: no init scale, no seed
            .iterative().traceable().build());
        c.put(ProblemKind.RECTANGULAR_COMPLETION, Capabilities.builder()
            .reads(java.util.Set.of()).build()); // closed form: no iterations either
        return c;
    }

    /** Rectangular completion: the zero-filled observations (the limit of GD on X from 0 restricted to Ω), in closed form. */
    @Override
    public CompletionReport complete(org.implreg.problem.AsymmetricCompletion train, org.implreg.problem.AsymmetricCompletion test,
                                     SolveSettings s, java.util.function.Function<CompletionGd.Options, CompletionGd.Checkpoints> checkpoints,
                                     IterationListener listener) {
        requireSupported(ProblemKind.RECTANGULAR_COMPLETION, s, Capabilities.SPEC_NAMES);
        train.requireDense(3, "X_gd and its singular value decomposition");
        long t0 = System.nanoTime();
        double[] x = train.zeroFilled();
        double nuc = org.implreg.metrics.CompletionMetrics.nuclearNorm(x, train.n1(), train.n2());
        double trainError = org.implreg.metrics.CompletionMetrics.relativeError(train, x);
        double testError = test == null ? Double.NaN : org.implreg.metrics.CompletionMetrics.relativeError(test, x);
        return new CompletionReport(name(), s, Map.of(), train.n1(), train.n2(), x, null, null, 0, "CLOSED_FORM", null, 0, trainError,
            testError, nuc, (System.nanoTime() - t0) / 1e9, Map.of(), java.util.List.of(), 0);
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        requireSupported(ProblemKind.SYMMETRIC, s, Capabilities.SPEC_NAMES);
        ProjectedGradientDescent.Options o = ProjectedGradientDescent.Options.defaults().withStep(s.step());
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        ProjectedGradientDescent pgd = new ProjectedGradientDescent(o);
        double step = pgd.stepFor(problem.operator());
        OptimizationResult r = new ProjectedGradientDescent(o.withStep(step)).optimize(problem,
            org.implreg.metrics.IterateView.bind(listener, org.implreg.metrics.IterateView.matrix(problem.n(), problem.xStar())));
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", problem.n());
        used.put("step", step);
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), problem.n(), problem.xStar()));
    }
}
