package org.implreg.method;

import java.util.LinkedHashMap;
import java.util.Map;
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
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        s.requireKnownOptions(this);
        ProjectedGradientDescent.Options o = ProjectedGradientDescent.Options.defaults().withStep(s.step());
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        ProjectedGradientDescent pgd = new ProjectedGradientDescent(o);
        double step = pgd.stepFor(problem.operator());
        OptimizationResult r = new ProjectedGradientDescent(o.withStep(step)).optimize(problem, listener);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", problem.n());
        used.put("step", step);
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), problem.n(), problem.xStar()));
    }
}
