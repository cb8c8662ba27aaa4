package org.implreg.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import org.implreg.InvalidInputException;
import org.implreg.factorization.FactorizedObjective;
import org.implreg.metrics.SolutionMetrics;
import org.implreg.optimizer.GradientDescent;
import org.implreg.optimizer.IterationListener;
import org.implreg.optimizer.OptimizationResult;
import org.implreg.problem.Problem;

/** "gd": gradient descent on U (fixed step or clipped exact line search), see {@link GradientDescent}. */
final class GradientDescentMethod implements Method {
    /** Default step when none is given: the paper's η = 10⁻³. */
    static final double DEFAULT_STEP = 1e-3;

    @Override
    public String name() {
        return "gd";
    }

    @Override
    public String description() {
        return "gradient descent on U with X = UUᵀ (fixed step, or exact line search capped at the step)";
    }

    @Override
    public SolveReport solve(Problem problem, SolveSettings s, IterationListener listener) {
        s.requireKnownOptions(this);
        int n = problem.n();
        int d = s.d() == null ? n : s.d();
        InvalidInputException.require(d <= n, "d = " + d + " exceeds n = " + n);
        double step = Double.isNaN(s.step()) ? DEFAULT_STEP : s.step();
        GradientDescent.Options o = s.lineSearch() ? GradientDescent.Options.lineSearch(step)
            : GradientDescent.Options.fixedStep(step);
        if (s.maxIterations() != null) {
            o = o.withMaxIterations(s.maxIterations());
        }
        if (s.tol() != null) {
            o = o.withTol(s.tol());
        }
        double[] u0 = s.initialFactor(n, d);
        OptimizationResult r = new GradientDescent(o).optimize(new FactorizedObjective(problem, d), u0, listener);
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("d", d);
        used.put("step", step);
        used.put("line_search", s.lineSearch());
        used.put("max_iter", o.maxIterations());
        used.put("tol", o.tol());
        used.put("init_norm", org.implreg.linalg.Linalg.norm(u0));
        return new SolveReport(name(), s, used, r, SolutionMetrics.of(r.x(), n, problem.xStar()));
    }
}
